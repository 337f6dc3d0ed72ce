"""The package in a terminal: `rusdata show TABLE` (filtered, fitted to the width) and `info`.

Both read the built package (datapackage.json and its CSVs), never the YAML, so they work from
an installed wheel. They need only the standard library: no models are built to print a table.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rusdata.checks.quotes import fold
from rusdata.errors import RusdataError, did_you_mean, unknown
from rusdata.package.reader import Package
from rusdata.schema.textrules import printable

# The columns `show` prints unless told otherwise: a date, the key, the status, then the first
# of these that describe the row in words.
WORDS = ("summary", "name", "title", "quote", "reason", "value", "designation")


def date_columns(fields: Sequence[str]) -> list[str]:
    """Partial-date columns: those with derived `_start` and `_end` siblings."""
    return [f for f in fields if f"{f}_start" in fields and f"{f}_end" in fields]


def default_columns(resource: dict[str, Any], fields: Sequence[str]) -> list[str]:
    dates = date_columns(fields)
    key = resource["schema"].get("primaryKey", [])
    out = dates[:1] + ([key] if isinstance(key, str) else list(key))
    if "status" in fields:
        out.append("status")
    out += [w for w in WORDS if w in fields][:1]
    return list(dict.fromkeys(out))


def check_where(
    resource: dict[str, Any], rows: Sequence[dict[str, str]], where: Sequence[tuple[str, str]]
) -> None:
    """Refuse a `--where` that can never match, suggesting what can: a column not in the
    table, a value outside the column's allowed values (`constraints.enum`), or, for a column
    without a fixed set, a value no row holds."""
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for column, value in where:
        if column not in fields:
            raise RusdataError(f"--where: {unknown('column', column, list(fields))}")
        allowed = fields[column].get("constraints", {}).get("enum")
        if allowed is not None:
            if value not in allowed and value != "":
                raise unknown(f"{column} value", value, allowed)
            continue
        held = sorted({r[column] for r in rows})
        if value not in held:
            hint = did_you_mean(value, held, n=3)
            raise RusdataError(f"no row of {resource['name']} has {column}={value!r}{hint}")


def _folded(text: str) -> str:
    """Text as `--grep` compares it: curly quotes and dashes as ASCII, any case."""
    return fold(text).casefold()


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
    them); a row without that date is dropped. `grep` matches any cell, ignoring case, with
    curly and straight quotes (and dashes) alike; `where` needs a column to equal a value.
    """
    lo, hi = years
    if lo is not None or hi is not None:
        if date is None:
            raise RusdataError("this table has no date column, so --from/--to cannot apply")
        if lo is not None and hi is not None and lo > hi:
            raise RusdataError(f"--from {lo} is after --to {hi}")
        first = f"{lo:04d}-01-01" if lo is not None else "0000-01-01"
        last = f"{hi:04d}-12-31" if hi is not None else "9999-12-31"
        rows = [
            r
            for r in rows
            if r[f"{date}_start"] and r[f"{date}_start"] <= last and r[f"{date}_end"] >= first
        ]
    for column, value in where:
        if column not in fields:
            raise RusdataError(f"--where: {unknown('column', column, list(fields))}")
        rows = [r for r in rows if r[column] == value]
    if grep:
        needle = _folded(grep)
        rows = [r for r in rows if any(needle in _folded(v) for v in r.values())]
    return rows


def cell_width(text: str) -> int:
    """Columns a terminal draws `text` in: wide and full-width characters (CJK) take two,
    combining marks and zero-width characters none."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * (width - cell_width(text))


def _split_long(word: str, width: int) -> list[str]:
    """A word wider than `width`, cut into pieces that each fit (never mid-character)."""
    pieces, piece = [], ""
    for ch in word:
        if piece and cell_width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` terminal columns, broken between words; a word wider
    than a line is cut. Whitespace runs (newlines included) count as one space."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _split_long(word, width) if cell_width(word) > width else [word]:
            if line and cell_width(line) + 1 + cell_width(piece) <= width:
                line += " " + piece
            else:
                if line:
                    lines.append(line)
                line = piece
    return [*lines, line] if line else lines or [""]


def _header_pieces(name: str) -> list[str]:
    """A column name's pieces, so a header can wrap after `_` (`date_field` → `date_`, `field`)."""
    return [p for p in re.split(r"(?<=_)", name) if p]


def _wrap_header(name: str, width: int) -> list[str]:
    lines: list[str] = []
    for piece in _header_pieces(name):
        if lines and cell_width(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


@dataclass(frozen=True)
class Layout:
    """Column widths for a table, or None when it must print one block per record."""

    widths: list[int] | None


GAP = 2
MIN_TEXT = 16  # a text column narrower than this reads worse than a block per record


def layout(columns: Sequence[str], rows: Sequence[dict[str, str]], total: int) -> Layout:
    """Widths that fit `total` columns, or None.

    Cells without spaces (ids, codes, dates, statuses) are never cut or wrapped, so an id can be
    pasted into `--where`. Columns shrink in this order: first the headers of those columns
    (wrapped after `_`), then the text columns, widest first, down to MIN_TEXT (their cells
    wrap between words). If even that does not fit, there is no table layout.
    """
    cells = [[" ".join(r[c].split()) for r in rows] for c in columns]
    values = [max((cell_width(v) for v in col), default=0) for col in cells]
    texts = [any(" " in v for v in col) for col in cells]
    natural = [max(v, cell_width(c)) for v, c in zip(values, columns, strict=True)]
    least = [
        max(v, *(cell_width(p) for p in _header_pieces(c))) if not t else min(n, MIN_TEXT)
        for v, c, t, n in zip(values, columns, texts, natural, strict=True)
    ]
    budget = total - GAP * (len(columns) - 1)
    widths = list(natural)
    for i in range(len(widths)):  # short columns first: wrap their headers
        if sum(widths) <= budget:
            break
        if not texts[i]:
            widths[i] = max(least[i], widths[i] - (sum(widths) - budget))
    while sum(widths) > budget:  # then the widest text column, one column at a time
        wide = [i for i in range(len(widths)) if texts[i] and widths[i] > least[i]]
        if not wide:
            return Layout(None)
        widest = max(wide, key=lambda i: widths[i])
        widths[widest] -= 1
    return Layout(widths)


def _row_lines(cells: Sequence[list[str]], widths: Sequence[int]) -> list[str]:
    height = max(len(c) for c in cells)
    return [
        "  ".join(
            pad(c[k] if k < len(c) else "", w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()
        for k in range(height)
    ]


def _printable(
    columns: Sequence[str], rows: Sequence[dict[str, str]]
) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and cells with control, invisible and bidi characters as escapes: measured and
    shown as the terminal will draw them, never acted on."""
    shown = [printable(c) for c in columns]
    return shown, [{p: printable(r[c]) for p, c in zip(shown, columns, strict=True)} for r in rows]


def table_text(columns: Sequence[str], rows: Sequence[dict[str, str]], width: int) -> list[str]:
    """Rows as aligned text, no line wider than `width` terminal columns: a table whose long
    cells wrap, or, when the columns cannot fit side by side, one block per record."""
    columns, rows = _printable(columns, rows)
    widths = layout(columns, rows, width).widths
    if widths is None:
        return block_text(columns, rows, width)
    lines = _row_lines([_wrap_header(c, w) for c, w in zip(columns, widths, strict=True)], widths)
    lines.append("  ".join("-" * w for w in widths))
    body = [
        _row_lines([wrap(r[c], w) for c, w in zip(columns, widths, strict=True)], widths)
        for r in rows
    ]
    wrapped = any(len(b) > 1 for b in body)  # then a blank line tells where a record ends
    for k, b in enumerate(body):
        lines += [""] * (wrapped and k > 0) + b
    return lines


def block_text(columns: Sequence[str], rows: Sequence[dict[str, str]], width: int) -> list[str]:
    """One block per record: a rule naming the record, then `column  value` lines, values
    wrapped under themselves (ids are cut only if a line cannot hold them at all)."""
    columns, rows = _printable(columns, rows)
    label = max(cell_width(c) for c in columns)
    room = max(width - label - GAP, 8)
    lines: list[str] = []
    for n, r in enumerate(rows, 1):
        head = f"-[ {n} of {len(rows)} ]"
        lines.append(head + "-" * max(width - cell_width(head), 0))
        for c in columns:
            value = " ".join(r[c].split())
            if " " not in value and cell_width(value) > room:  # an id: whole, on its own line
                lines += [c, *wrap(value, width)]
                continue
            for k, piece in enumerate(wrap(value, room)):
                lines.append((pad(c if k == 0 else "", label) + "  " + piece).rstrip())
    return lines


def terminal_width() -> int:
    """$COLUMNS, else the width of the terminal on stdout, stderr or stdin (so that
    `rusdata show … | less` still fits the screen), else 80."""
    if os.environ.get("COLUMNS", "").isdigit() and int(os.environ["COLUMNS"]) > 0:
        return int(os.environ["COLUMNS"])
    for fd in (1, 2, 0):
        try:
            return os.get_terminal_size(fd).columns
        except OSError:
            continue
    return 80


def hanging(prefix: str, text: str, width: int) -> list[str]:
    """`prefix` then `text` wrapped to `width`, later lines indented under the text's start."""
    indent = cell_width(prefix)
    too_wide = any(cell_width(w) > width - indent for w in text.split())
    if too_wide and indent > 4:  # a name that fits a line of its own: there, whole
        return [prefix.rstrip(), *hanging("    ", text, width)]
    body = wrap(text, max(width - indent, 12))
    return [(prefix if k == 0 else " " * indent) + line for k, line in enumerate(body)]


def info_text(package: Package, width: int) -> list[str]:
    """Version, licence, tables with row counts and the sources, wrapped to `width` columns
    between words."""
    d = package.descriptor
    lines = [
        *wrap(d.get("title", ""), width),
        *hanging("version: ", d.get("version", ""), width),
        *hanging("licence: ", ", ".join(lic["name"] for lic in d.get("licenses", [])), width),
        # never wrapped: a path is copied whole (the terminal folds it if it must)
        f"package: {((package.root or Path()) / 'datapackage.json').resolve()}",
        "",
        "tables:",
    ]
    name_width = max(cell_width(n) for n in package.names)
    for r in d["resources"]:
        count = len(package.rows(r["name"]).rows)
        lines += hanging(f"  {pad(r['name'], name_width)}  {count:>5}  ", r.get("title", ""), width)
    _, sources = package.dicts("sources") if "sources" in package.names else ([], [])
    lines += [
        "",
        *wrap(
            "sources (texts identified by SHA-256, not redistributed; 'found published at' is "
            "where we located a text, not what it says of itself):",
            width,
        ),
    ]
    for s in sources:
        date = s.get("date_published") or "undated"
        prefix = f"  {s.get('id', '')}  {date:<10}  {s.get('sha256', '')[:12]}…  "
        lines += hanging(prefix, s.get("title") or s.get("file", ""), width)
        # Where we found the text is ours, not the text's: said on its own line, URL whole.
        if url := s.get("located_url"):
            shows = f" (URL dated {dated})" if (dated := s.get("located_date")) else ""
            lines += ["    found published at", f"      {url}{shows}"]
        else:
            lines.append("    not found published")
    return [printable(line) for line in lines]
