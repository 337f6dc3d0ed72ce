"""The package in a terminal: `rusdata show TABLE` (filtered, fitted to the width) and `info`.

Both read the built package (datapackage.json and its CSVs), never the YAML, so they work from
an installed wheel. They need only the standard library: no models are built to print a table.
"""

from __future__ import annotations

import csv
import difflib
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rusdata.errors import RusdataError
from rusdata.safefiles import check_resource_paths
from rusdata.textrules import printable

# The columns `show` prints unless told otherwise: a date, the key, the status, then the first
# of these that describe the row in words.
WORDS = ("summary", "name", "title", "quote", "value", "designation")
MIN_WIDTH = 6


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]

    @classmethod
    def find(cls, root: Path | None) -> Package:
        """The package at `root` if it holds one, else the installed one."""
        if root is not None and (root / "datapackage.json").is_file():
            base = root
        else:
            from rusdata.read import data_root

            base = data_root()
        with (base / "datapackage.json").open(encoding="utf-8") as f:
            descriptor = json.load(f)
        try:
            check_resource_paths(descriptor, str(base / "datapackage.json"))
        except ValueError as e:
            raise RusdataError(str(e)) from None
        return cls(base, descriptor)

    @property
    def names(self) -> list[str]:
        return [r["name"] for r in self.descriptor["resources"]]

    def resource(self, name: str) -> dict[str, Any]:
        for r in self.descriptor["resources"]:
            if r["name"] == name:
                return r
        close = difflib.get_close_matches(name, self.names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise RusdataError(f"no table {name!r}{hint}; tables: {', '.join(self.names)}")

    def rows(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        path = self.root / self.resource(name)["path"]
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            return list(reader.fieldnames or []), rows


def date_columns(fields: Sequence[str]) -> list[str]:
    """Partial-date columns: those with derived `_start` and `_end` siblings."""
    return [f for f in fields if f"{f}_start" in fields and f"{f}_end" in fields]


def default_columns(resource: dict[str, Any], fields: Sequence[str]) -> list[str]:
    dates = date_columns(fields)
    out = dates[:1] + list(resource["schema"]["primaryKey"])
    if "status" in fields:
        out.append("status")
    out += [w for w in WORDS if w in fields][:1]
    return list(dict.fromkeys(out))


def select(
    fields: Sequence[str],
    rows: list[dict[str, str]],
    *,
    years: tuple[int | None, int | None] = (None, None),
    date: str | None = None,
    grep: str | None = None,
    where: Sequence[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """The rows that pass every filter.

    `years` keeps rows whose `date` can fall within the years (its `_start`/`_end` overlap
    them); a row without that date is dropped. `grep` matches any cell, ignoring case;
    `where` needs a column to equal a value.
    """
    lo, hi = years
    if lo is not None or hi is not None:
        if date is None:
            raise RusdataError("this table has no date column, so --from/--to cannot apply")
        first = f"{lo:04d}-01-01" if lo is not None else "0000-01-01"
        last = f"{hi:04d}-12-31" if hi is not None else "9999-12-31"
        rows = [
            r for r in rows
            if r[f"{date}_start"] and r[f"{date}_start"] <= last and r[f"{date}_end"] >= first
        ]  # fmt: skip
    for column, value in where:
        if column not in fields:
            raise RusdataError(f"--where: no column {column!r}; columns: {', '.join(fields)}")
        rows = [r for r in rows if r[column] == value]
    if grep:
        needle = grep.casefold()
        rows = [r for r in rows if any(needle in v.casefold() for v in r.values())]
    return rows


def _fit(widths: list[int], total: int) -> list[int]:
    """Shrink the widest columns until the table fits in `total` characters."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > total:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_WIDTH:
            break
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table_text(columns: Sequence[str], rows: Sequence[dict[str, str]], width: int) -> list[str]:
    """Rows as aligned text, at most `width` characters a line (long cells cut with …).
    Control, invisible and bidi characters are shown as escapes, never sent to the terminal."""
    heads = [printable(c) for c in columns]
    cells = [[" ".join(printable(r[c]).split()) for c in columns] for r in rows]
    natural = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(heads)]
    widths = _fit(natural, width)
    lines = ["  ".join(_clip(h, w).ljust(w) for h, w in zip(heads, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_clip(v, w).ljust(w) for v, w in zip(row, widths, strict=True)))
    return [line.rstrip() for line in lines]


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def info_text(package: Package) -> list[str]:
    d = package.descriptor
    lines = [
        d["title"],
        f"version: {d['version']}",
        f"licence: {', '.join(lic['name'] for lic in d['licenses'])}",
        f"package: {(package.root / 'datapackage.json').resolve()}",
        "",
        "tables:",
    ]
    width = max(len(n) for n in package.names)
    for r in d["resources"]:
        _, rows = package.rows(r["name"])
        lines.append(f"  {r['name'].ljust(width)}  {len(rows):>5}  {r['title']}")
    _, sources = package.rows("sources")
    lines += ["", "sources (texts identified by SHA-256, not redistributed):"]
    for s in sources:
        date = s.get("date_published") or "undated"
        lines.append(f"  {s['id']}  {date:<10}  {s['sha256'][:12]}…  {s.get('title') or s['file']}")
    return [printable(line) for line in lines]
