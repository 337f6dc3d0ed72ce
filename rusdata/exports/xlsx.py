"""The package as one Excel workbook (`rusdata export xlsx PATH`, needs `rusdata[xlsx]`).

For spreadsheet users, who lose types when they open the CSVs (a CAMEO code `042` becomes the
number 42, "April 2018" becomes a padded date, curly quotes become mojibake). Every cell is
written with the writer method its `Column` calls for, never guessed from the text:

| Column                                        | cell                                      |
| --------------------------------------------- | ----------------------------------------- |
| integer, number                               | a number (a number a float would round is refused) |
| date (`<f>_start`, `<f>_end`)                 | a date, shown `yyyy-mm-dd`                |
| `;`-list                                      | text, items joined by `; `                |
| everything else (codes, enums, partial dates) | text (`write_string`: never a formula, number or URL) |
| empty                                         | an empty cell (= not stated)               |

The first sheet, `About`, holds the title, version, licence, how to cite, and what each sheet
holds; then one sheet per table, named as the table, with a bold, frozen header row whose
cells carry the column's description (with allowed values and meanings) as a comment, and an
autofilter. The workbook's creation date is the descriptor's `created` (the release date), so
two exports of one package are byte-identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path
from typing import Any

from rusdata.build.atomic import replacing
from rusdata.build.citation import MESSAGE
from rusdata.errors import RusdataError
from rusdata.exports.sqlite import column_description
from rusdata.package.cells import as_float, descriptor, require, rows_as
from rusdata.schema.columns import Column, Table, tables
from rusdata.schema.textrules import MAX_TEXT

ABOUT = "About"
LIST_JOIN = "; "
MAX_WIDTH = 45  # characters; longer text wraps inside its cell


def _created() -> dt.datetime:
    created = descriptor()["created"]
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)


def citation_text() -> str:
    """How to cite the dataset, as one sentence (the same facts as CITATION.cff)."""
    d = descriptor()
    authors = ", ".join(c["title"] for c in d["contributors"])
    return (
        f"{authors} ({d['created'][:4]}). {d['title']}. Version {d['version']} [Data set]. "
        f"{d['licenses'][0]['name']}."
    )


def _typed(t: Table) -> list[list[Any]]:
    """Rows of `t` as cell values: str, int, float, date or None (see the module docstring)."""

    def cell(col: Column, values: list[Any]) -> list[Any]:
        if col.is_list:
            return [LIST_JOIN.join(v) or None for v in values]
        if col.type == "number":
            return as_float(col, values)
        return values

    return rows_as(t, cell)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell of `width` characters needs (spreadsheets fit row heights to wrapped
    text only when they recalculate, which LibreOffice's converter does not)."""
    return max(1, math.ceil(len(text) / max(width - 2, 1)))


ROW_HEIGHT = 15  # points, one line of the default 11-point font


def _write_cell(ws: Any, r: int, c: int, col: Column, v: Any, fmt: dict[str, Any]) -> None:
    if v is None:
        return
    if col.type in ("integer", "number"):
        ws.write_number(r, c, v, fmt["top"])
    elif col.type == "date":
        ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), fmt["date"])
    else:
        ws.write_string(r, c, v, fmt["wrap"] if len(v) > MAX_WIDTH else fmt["top"])


def _print_setup(ws: Any, repeat: int) -> None:
    """Printed (or converted to PDF): landscape, every column on one page's width, the header
    row on every page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat)


def _about(wb: Any, fmt: dict[str, Any], counts: dict[str, int]) -> None:
    d = descriptor()
    ws = wb.add_worksheet(ABOUT)
    widths = (20, 8, 45, 70)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    licence = d["licenses"][0]
    facts = [
        ("Version", d["version"]),
        ("Released", d["created"][:10]),
        ("Licence", f"{licence['name']}: {licence['title']} ({licence['path']})"),
        ("How to cite", f"{citation_text()} {MESSAGE}"),
        ("About", d["description"]),
        (
            "Reading the sheets",
            "One sheet per table of the Data Package (datapackage.json), one row per record; "
            "an empty cell means the texts do not state it. Hover over a column header for its "
            "description and allowed values. Codes (e.g. CAMEO 042) and partial dates "
            "(2015, 2014-11, 197X) are text; derived _start/_end columns are dates; lists are "
            "joined by '; '.",
        ),
    ]
    ws.write_string(0, 0, d["title"], fmt["title"])
    span = sum(widths[1:])
    for r, (label, text) in enumerate(facts, 2):
        ws.write_string(r, 0, label, fmt["bold"])
        ws.merge_range(r, 1, r, len(widths) - 1, "", fmt["wrap"])
        ws.write_string(r, 1, text, fmt["wrap"])
        ws.set_row(r, ROW_HEIGHT * _lines(text, span))
    top = len(facts) + 3
    for c, head in enumerate(("Sheet", "Rows", "One row per", "Description")):
        ws.write_string(top, c, head, fmt["header"])
    for r, t in enumerate(tables().values(), top + 1):
        ws.write_string(r, 0, t.name)
        ws.write_number(r, 1, counts[t.name])
        ws.write_string(r, 2, t.row, fmt["wrap"])
        ws.write_string(r, 3, t.description, fmt["wrap"])
        lines = max(_lines(t.row, widths[2]), _lines(t.description, widths[3]))
        ws.set_row(r, ROW_HEIGHT * lines)
    ws.freeze_panes(top + 1, 0)
    _print_setup(ws, repeat=top)


def _sheet(wb: Any, fmt: dict[str, Any], t: Table, rows: list[list[Any]]) -> None:
    ws = wb.add_worksheet(t.name)
    lines = [1] * len(rows)
    for c, col in enumerate(t.columns):
        ws.write_string(0, c, col.name, fmt["header"])
        ws.write_comment(0, c, column_description(col), {"x_scale": 3, "y_scale": 2})
        longest = max([len(col.name), *(len(str(r[c])) for r in rows if r[c] is not None)])
        width = min(longest, MAX_WIDTH) + 2
        ws.set_column(c, c, width)
        for r, row in enumerate(rows):
            if isinstance(row[c], str) and len(row[c]) > MAX_TEXT:  # XlsxWriter would cut it
                raise RusdataError(
                    f"{t.name}: row {r + 1}: {col.name}: {len(row[c]):,} characters; an xlsx "
                    f"cell holds at most {MAX_TEXT:,}, and the export never cuts a value"
                )
            _write_cell(ws, r + 1, c, col, row[c], fmt)
            if isinstance(row[c], str):
                lines[r] = max(lines[r], _lines(row[c], width))
    for r, n in enumerate(lines):
        if n > 1:
            ws.set_row(r + 1, ROW_HEIGHT * n)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(t.columns) - 1)
    _print_setup(ws, repeat=0)


def write_xlsx(path: Path) -> None:
    """Write the whole package to one workbook at `path` (replaced atomically)."""
    xlsxwriter = require("xlsxwriter", "xlsx")
    typed = {name: _typed(t) for name, t in tables().items()}  # all rows read before writing
    d = descriptor()
    with replacing(path) as tmp:
        # Strings are written only by write_string; these options guard any other path too.
        options = {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }
        wb = xlsxwriter.Workbook(str(tmp), options)
        wb.set_properties(
            {
                "title": d["title"],
                "subject": d["description"],
                "author": ", ".join(c["title"] for c in d["contributors"]),
                "keywords": ", ".join(d["keywords"]),
                "comments": f"rusdata {d['version']}; {d['licenses'][0]['name']}",
                "created": _created(),
            }
        )
        fmt = {
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "bold": wb.add_format({"bold": True, "valign": "top"}),
            "header": wb.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
            # every cell top-aligned, so a row's cells line up beside a wrapped one
            "top": wb.add_format({"valign": "top"}),
            "date": wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        }
        _about(wb, fmt, {n: len(rows) for n, rows in typed.items()})
        for name, t in tables().items():
            _sheet(wb, fmt, t, typed[name])
        wb.close()


# ---------------------------------------------------------------- `rusdata export xlsx`

FORMAT = "xlsx"
HELP = "one Excel workbook: an About sheet, a sheet per table"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", type=Path, help="workbook file to write (.xlsx)")


def export(args: argparse.Namespace) -> list[str]:
    write_xlsx(args.path)
    return [f"wrote: {args.path}"]
