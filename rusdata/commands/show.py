"""rusdata show TABLE: a table of the built package in the terminal, with filters."""

from __future__ import annotations

import argparse
import csv
import re
import sys

from rusdata.errors import RusdataError, unknown
from rusdata.package.reader import Package
from rusdata.package.records import checked_rows
from rusdata.schema.textrules import printable

HELP = "print a table of the package, with filters"


def _where(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return column, value


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text):
        year = re.search(r"\b[0-9]{4}\b", text)
        hint = f" (write {year[0]}: --from and --to take whole years)" if year else ""
        raise argparse.ArgumentTypeError(
            f"expected a 4-digit year such as 2014, got {text!r}{hint}"
        )
    return int(text)


def _limit(text: str) -> int:
    # 0 would mean "no rows" to some readers and "no limit" to others: refused, as are
    # negatives; leave --limit out to print every row.
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of rows, at least 1, got {text!r} (leave --limit out to "
            "print every row)"
        )
    return int(text)


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help="a table (resource) name, e.g. timeline")
    p.add_argument(
        "--from",
        dest="year_from",
        type=_year,
        metavar="YEAR",
        help="only rows whose date can fall in YEAR or later",
    )
    p.add_argument(
        "--to",
        dest="year_to",
        type=_year,
        metavar="YEAR",
        help="only rows whose date can fall in YEAR or earlier",
    )
    p.add_argument("--grep", "-g", metavar="TEXT", help="only rows with TEXT in a cell (any case)")
    p.add_argument(
        "--where",
        "-w",
        type=_where,
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="only rows where COLUMN is VALUE (repeatable)",
    )
    p.add_argument(
        "--sort",
        "-s",
        metavar="A,B,...",
        help="sort by these columns (--sort=-A for descending; a date by when it starts). "
        "Default: the date, undated rows last",
    )
    p.add_argument("--columns", "-c", metavar="A,B,...", help="columns to print, or 'all'")
    p.add_argument("--limit", "-n", type=_limit, metavar="N", help="print at most N rows (N >= 1)")
    p.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")
    p.add_argument(
        "--stated",
        action="store_true",
        help="only values the texts state: blank inferred values (see the inferences table)",
    )
    p.add_argument(
        "--csv",
        action="store_true",
        help="print CSV instead of aligned text (every column unless --columns)",
    )


def _stated_rows(
    package: Package, table: str, fields: list[str], rows: list[dict[str, str]]
) -> list[dict[str, str]]:
    """`show --stated`: the rows with the package's inferred values blanked or dropped."""
    from rusdata.package.cells import table as find_table
    from rusdata.package.stated import inferred, stated_cells

    kept = stated_cells(
        find_table(table), [[r[c] for c in fields] for r in rows], inferred(package)
    )
    return [dict(zip(fields, r, strict=True)) for r in kept]


def run(args: argparse.Namespace) -> int:
    from rusdata.commands._terminal import (
        check_where,
        date_columns,
        default_columns,
        select,
        sort_rows,
        table_text,
        terminal_width,
    )

    package = Package.find(args.root_option)
    resource = package.resource(args.table)
    checked_rows(args.table, package)  # a CSV changed since the build: what the accessors take
    fields, rows = package.dicts(args.table)
    check_where(resource, rows, args.where)
    if args.stated:
        rows = _stated_rows(package, args.table, fields, rows)
    dates = date_columns(fields)
    shown = select(
        fields,
        rows,
        years=(args.year_from, args.year_to),
        date=dates[0] if dates else None,
        grep=args.grep,
        where=args.where,
    )
    if args.sort:
        shown = sort_rows(resource, shown, [c.strip() for c in args.sort.split(",") if c.strip()])
    elif dates:  # the first column printed is the date: rows in its order, undated last
        shown = sort_rows(resource, shown, dates[:1])
    width = args.width or terminal_width()
    if args.columns == "all":
        columns = fields
    elif args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        if missing := [c for c in columns if c not in fields]:
            raise RusdataError(f"{args.table}: {unknown('column', missing[0], fields)}")
    elif args.csv:  # CSV is for other programs: every column, as in the package
        columns = fields
    else:
        columns = default_columns(resource, fields, shown, width)
    limited = shown[: args.limit] if args.limit is not None else shown
    if args.csv:
        # CSV into a pipe or file is the data as it is; to a terminal, escaped like the table.
        clean = printable if sys.stdout.isatty() else str
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([clean(c) for c in columns])
        writer.writerows([clean(r[c]) for c in columns] for r in limited)
        return 0
    for line in table_text(columns, limited, width):
        print(line)
    matched = f"{len(shown)} of {len(rows)} rows of {args.table} match"
    enums = {f["name"] for f in resource["schema"]["fields"] if "enum" in f.get("constraints", {})}
    key = resource["schema"].get("primaryKey", [])  # optional in a Table Schema; a name or a list
    ids = [
        k for k in ([key] if isinstance(key, str) else key) if k not in columns and k not in enums
    ]
    if len(limited) < len(shown):
        matched += f"; showing {len(limited)}"
    if ids and not args.columns and not args.csv:  # the key made way for the words: say so
        matched += f"; ids: -c {','.join([columns[0], *ids, columns[-1]])}"
    print(f"({matched})")
    return 0
