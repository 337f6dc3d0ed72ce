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
from rusdata.package.classes import TABLES as CLASSES
from rusdata.package.reader import Package
from rusdata.schema.textrules import printable

# The columns `show` prints unless told otherwise: a date, the key, the status, then the words
# that tell the row apart (the field the model marks `Label`).


def date_columns(fields: Sequence[str]) -> list[str]:
    """Partial-date columns: those with derived `_start` and `_end` siblings."""
    return [f for f in fields if f"{f}_start" in fields and f"{f}_end" in fields]


def _candidates(resource: dict[str, Any], fields: Sequence[str]) -> dict[str, list[str]]:
    """The columns `show` can print by default, by role, all read from the Table Schema: the
    (first) partial date, the primary key, references to the sources (a quote's source),
    the status (an identity's verdict), and the column the model marks `Label`."""
    schema = resource["schema"]
    label = getattr(CLASSES.get(resource["name"]), "LABEL", None)
    refs = [
        c
        for fk in schema.get("foreignKeys", [])
        if fk["reference"]["resource"] == "sources"
        for c in fk["fields"]
    ]
    return {
        "date": date_columns(fields)[:1],
        "key": [key] if isinstance(key := schema.get("primaryKey", []), str) else list(key),
        "refs": refs,
        "status": [s for s in ("status", "verdict") if s in fields],
        "words": [label] if label in fields else [],
    }


def _enums(resource: dict[str, Any]) -> set[str]:
    return {f["name"] for f in resource["schema"]["fields"] if "enum" in f.get("constraints", {})}


def default_columns(
    resource: dict[str, Any],
    fields: Sequence[str],
    rows: Sequence[dict[str, str]] = (),
    width: int | None = None,
) -> list[str]:
    """The date, the key, the sources it cites, the status, then the words. A dated table
    whose columns cannot stand side by side in `width` drops its key but for a column naming
    what kind of record a row is (timeline's `table`): there the date and the words say
    which record a row is, and `--columns` brings the ids back."""
    role = _candidates(resource, fields)
    out = list(
        dict.fromkeys(role["date"] + role["key"] + role["refs"] + role["status"] + role["words"])
    )
    if width is None or not role["date"] or not role["words"]:
        return out
    if layout(out, rows, width, break_ids=False).widths is not None:
        return out
    kinds = [c for c in role["key"] if c in _enums(resource)][:1]
    out = list(dict.fromkeys(role["date"] + kinds + role["status"] + role["words"]))
    # Rows taller than about four lines read worse than a missing status: the words keep
    # more than half the line (the summary carries the text's hedges; --columns adds status).
    widths = layout(out, rows, width, break_ids=False).widths
    if role["status"] and kinds and (widths is None or widths[-1] <= width // 2):
        out = [c for c in out if c not in role["status"]]
    return out


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
            hint = _country_hint(value) or did_you_mean(value, held, n=3)
            raise RusdataError(f"no row of {resource['name']} has {column}={value!r}{hint}")


def _country_hint(value: str) -> str:
    """`actor=Russia`: countries are ISO 3166-1 alpha-3 codes; say which one is meant."""
    from rusdata.schema.country_names import NAMES

    codes = [c for c, names in NAMES.items() if value.casefold() in (n.casefold() for n in names)]
    if len(codes) != 1:
        return ""
    return f" (countries are ISO 3166-1 alpha-3 codes: did you mean {codes[0]!r}?)"


def sort_rows(
    resource: dict[str, Any], rows: list[dict[str, str]], keys: Sequence[str]
) -> list[dict[str, str]]:
    """Rows sorted by `keys` (a leading `-` sorts that column in descending order): a partial
    date by when it starts, then ends; numbers as numbers; empty cells last either way."""
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    names = [k.removeprefix("-") for k in keys]
    if missing := [n for n in names if n not in fields]:
        raise RusdataError(f"--sort: {unknown('column', missing[0], list(fields))}")
    out = list(rows)
    for key in reversed(keys):  # stable sorts, last key first
        name = key.removeprefix("-")
        parts = [f"{name}_start", f"{name}_end"] if f"{name}_start" in fields else [name]
        numeric = fields[name]["type"] in ("integer", "number")

        def value(r: dict[str, str], parts: list[str] = parts, numeric: bool = numeric) -> Any:
            return tuple(float(r[p]) if numeric else r[p] for p in parts)

        full = [r for r in out if r[name] != ""]
        full.sort(key=value, reverse=key.startswith("-"))
        out = full + [r for r in out if r[name] == ""]
    return out


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
COMFORT = 36  # text narrower than this wraps into tall rows: ids break after hyphens first


def layout(
    columns: Sequence[str], rows: Sequence[dict[str, str]], total: int, break_ids: bool = True
) -> Layout:
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
    # An interval (`2021-04-06/2021-04-07`) may break after its slash as early as a header.
    halves = [
        max((cell_width(p) for v in col for p in _id_pieces(v, "/")), default=0) for col in cells
    ]
    least = [
        max(v, *(cell_width(p) for p in _header_pieces(c))) if not t else min(n, MIN_TEXT)
        for v, c, t, n in zip(halves, columns, texts, natural, strict=True)
    ]
    budget = total - GAP * (len(columns) - 1)
    widths = list(natural)
    for i in range(len(widths)):  # short columns first: wrap their headers
        if sum(widths) <= budget:
            break
        if not texts[i]:
            widths[i] = max(least[i], widths[i] - (sum(widths) - budget))
    # Then the widest text column, one column at a time: first down to a comfortable width,
    # then (if ids may break after their hyphens) the ids, then the text down to MIN_TEXT.
    _shrink(
        widths,
        budget,
        [max(least[i], COMFORT) if t else widths[i] for i, t in enumerate(texts)],
        texts,
    )
    if break_ids:
        pieces = [
            max((cell_width(p) for v in col for p in _id_pieces(v)), default=0) if not t else 0
            for col, t in zip(cells, texts, strict=True)
        ]
        least_id = [
            max(p, *(cell_width(h) for h in _header_pieces(c)))
            for p, c in zip(pieces, columns, strict=True)
        ]
        _shrink(widths, budget, least_id, [not t for t in texts])
    _shrink(widths, budget, least, texts)
    if sum(widths) > budget:
        return Layout(None)
    return Layout(widths)


def _shrink(widths: list[int], budget: int, floor: Sequence[int], which: Sequence[bool]) -> None:
    """Narrow the widest of the `which` columns by one, again and again, each down to its
    `floor`, until the widths fit `budget` or none can give more."""
    while sum(widths) > budget:
        wide = [i for i in range(len(widths)) if which[i] and widths[i] > floor[i]]
        if not wide:
            return
        widths[max(wide, key=lambda i: widths[i])] -= 1


def _id_pieces(value: str, at: str = "-/") -> list[str]:
    """An id or an interval's pieces: it may break after a hyphen or a slash."""
    return [p for p in re.split(f"(?<=[{at}])", value) if p]


def wrap_id(value: str, width: int) -> list[str]:
    """A cell without spaces as lines of whole pieces: broken after a `/` if that is enough,
    else after `-` too."""
    at = "/" if all(cell_width(p) <= width for p in _id_pieces(value, "/")) else "-/"
    lines: list[str] = []
    for piece in _id_pieces(value, at):
        if lines and cell_width(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines or [""]


def _cell(value: str, width: int) -> list[str]:
    if " " not in value.strip() and cell_width(value) > width:
        return wrap_id(value, width)
    return wrap(value, width)


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
        _row_lines([_cell(r[c], w) for c, w in zip(columns, widths, strict=True)], widths)
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
