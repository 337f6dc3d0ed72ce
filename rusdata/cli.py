"""The `rusdata` command: validate, build, coverage, diff (run from the project root); show,
info (read the built package: the one at --root if there is one, else the installed one); export
(reads the installed package)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.loading import Loaded
from rusdata.textrules import printable


def _report(loaded: Loaded) -> int:
    for p in loaded.problems:
        print(p)
    if loaded.problems:
        files = len({p.path for p in loaded.problems})
        print(f"{len(loaded.problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from rusdata.checks import validate

    t0 = time.perf_counter()
    loaded = validate(args.root, args.sources)
    status = _report(loaded)
    if status == 0:
        n = sum(len(v) for v in loaded.entries.values())
        print(
            f"valid: {n} records in {len(loaded.entries)} tables ({time.perf_counter() - t0:.2f}s)"
        )
    if args.sources is None:
        print("note: quotes and source hashes were NOT checked; pass --sources DIR to check them")
    return status


def cmd_build(args: argparse.Namespace) -> int:
    from rusdata.build import input_problems, render, stale, write
    from rusdata.checks import validate

    loaded = validate(args.root, None)
    inputs = input_problems(args.root)  # pyproject.toml, CHANGELOG.md, README.md
    failed = _report(loaded)
    for problem in inputs:
        print(printable(f"rusdata: error: {problem}"), file=sys.stderr)
    if failed or inputs:
        print("build: nothing written (fix the problems above first)", file=sys.stderr)
        return 1
    outputs = render(loaded)
    if args.check:
        old = stale(args.root, outputs)
        for path in old:
            print(printable(f"stale: {path}"))
        if old:
            print("run `rusdata build` and commit the result", file=sys.stderr)
            return 1
        print(f"up to date: {len(outputs)} derived files")
        return 0
    changed = write(args.root, outputs)
    for path in changed:
        print(printable(f"wrote: {path}" if path in outputs else f"removed: {path}"))
    print(f"build: {len(changed)} of {len(outputs)} derived files changed")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from rusdata.checks import validate
    from rusdata.coverage import coverage

    loaded = validate(args.root, args.sources)
    if _report(loaded):
        return 1
    total = cited = 0
    for cov in coverage(loaded, args.sources):
        total += len(cov.sentences)
        cited += cov.cited
        print(f"{cov.source_id} ({cov.file}): {cov.cited}/{len(cov.sentences)} sentences cited")
        if args.verbose or args.uncited:
            for line, text in cov.uncited:
                print(printable(f"  {cov.file}:{line}: {text}"))
    print(f"all sources: {cited}/{total} sentences cited")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from rusdata.diff import compare, report, required_version, version_ok
    from rusdata.snapshot import from_ref, from_tree

    diff = compare(from_ref(args.root, args.ref), from_tree(args.root))
    for line in report(diff, args.ref, "working tree"):
        print(printable(line))
    if args.check:
        if not version_ok(diff):
            needed = required_version(diff.old_version, diff.bump)
            print(f"check: version {diff.new_version} is lower than {needed}, which a {diff.bump} "
                  f"change since {args.ref} requires: bump [project] version in pyproject.toml",
                  file=sys.stderr)  # fmt: skip
            return 1
        print(f"check: version {diff.new_version} is enough for a {diff.bump} change")
    return 0


def _where(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return column, value


def cmd_show(args: argparse.Namespace) -> int:
    import csv

    from rusdata.terminal import (
        Package,
        date_columns,
        default_columns,
        select,
        table_text,
        terminal_width,
    )

    package = Package.find(args.root)
    resource = package.resource(args.table)
    fields, rows = package.rows(args.table)
    dates = date_columns(fields)
    shown = select(
        fields, rows, years=(args.year_from, args.year_to), date=dates[0] if dates else None,
        grep=args.grep, where=args.where,
    )  # fmt: skip
    if args.columns == "all":
        columns = fields
    elif args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise RusdataError(f"no column {unknown[0]!r} in {args.table}; columns: {', '.join(fields)}")  # fmt: skip
    else:
        columns = default_columns(resource, fields)
    limited = shown[: args.limit] if args.limit else shown
    if args.csv:
        # CSV into a pipe or file is the data as it is; to a terminal, escaped like the table.
        clean = printable if sys.stdout.isatty() else str
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([clean(c) for c in columns])
        writer.writerows([clean(r[c]) for c in columns] for r in limited)
        return 0
    for line in table_text(columns, limited, args.width or terminal_width()):
        print(line)
    matched = f"{len(shown)} of {len(rows)} rows of {args.table} match"
    print(f"({matched}; showing {len(limited)})" if len(limited) < len(shown) else f"({matched})")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from rusdata.terminal import Package, info_text

    for line in info_text(Package.find(args.root)):
        print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    # Exports read the installed package's CSVs (not the YAML or --root), like the accessors.
    if args.format == "sqlite":
        from rusdata.sqlite import metadata_path, write_database, write_metadata

        meta = args.metadata or metadata_path(args.path)
        write_database(args.path)
        write_metadata(args.path, meta)
        print(f"wrote: {args.path}\nwrote: {meta}  (datasette {args.path} --metadata {meta})")
    else:
        from rusdata.parquet import write_parquet

        paths = write_parquet(args.path)
        print(f"wrote: {len(paths)} Parquet files in {args.path}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rusdata", description=__doc__)
    top.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the YAML; with --sources, the quotes too")
    p.add_argument("--sources", type=Path, help="folder with the article texts")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="regenerate every derived file")
    p.add_argument("--check", action="store_true", help="list stale files, write nothing")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("coverage", help="sentences of each source that no quote cites")
    p.add_argument("--sources", type=Path, required=True, help="folder with the article texts")
    p.add_argument("--uncited", "-v", "--verbose", dest="uncited", action="store_true",
                   help="list the uncited sentences")  # fmt: skip
    p.set_defaults(func=cmd_coverage, verbose=False)

    p = sub.add_parser("diff", help="what changed in the built package since a git ref")
    p.add_argument("ref", metavar="REF", help="git tag, branch or commit to compare with")
    p.add_argument("--check", action="store_true",
                   help="exit 1 if the version is lower than the change requires")  # fmt: skip
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("show", help="print a table of the package, with filters")
    p.add_argument("table", metavar="TABLE", help="a table (resource) name, e.g. timeline")
    p.add_argument("--from", dest="year_from", type=int, metavar="YEAR",
                   help="only rows whose date can fall in YEAR or later")  # fmt: skip
    p.add_argument("--to", dest="year_to", type=int, metavar="YEAR",
                   help="only rows whose date can fall in YEAR or earlier")  # fmt: skip
    p.add_argument("--grep", "-g", metavar="TEXT", help="only rows with TEXT in a cell (any case)")
    p.add_argument("--where", "-w", type=_where, action="append", default=[],
                   metavar="COLUMN=VALUE", help="only rows where COLUMN is VALUE (repeatable)")  # fmt: skip
    p.add_argument("--columns", "-c", metavar="A,B,...", help="columns to print, or 'all'")
    p.add_argument("--limit", "-n", type=int, metavar="N", help="print at most N rows")
    p.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")
    p.add_argument("--csv", action="store_true", help="print CSV instead of aligned text")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("info", help="version, tables with row counts, and sources")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "export", help="write the package as SQLite (+ datasette metadata) or Parquet"
    )
    formats = p.add_subparsers(dest="format", required=True)
    e = formats.add_parser("sqlite", help="one SQLite database, DDL from the models")
    e.add_argument("path", metavar="PATH", type=Path, help="database file to write")
    e.add_argument("--metadata", type=Path, metavar="FILE",
                   help="datasette metadata file (default: beside PATH, x.db → x.metadata.json)")  # fmt: skip
    e = formats.add_parser("parquet", help="one Parquet file per table")
    e.add_argument("path", metavar="DIR", type=Path, help="folder to write <table>.parquet into")
    p.set_defaults(func=cmd_export)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A command allocates millions of small objects and frees few cycles: the cyclic GC's full
    # passes over them took half of `validate` at 10k records, and grow with the heap.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `rusdata show citations | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (OSError, UnicodeDecodeError, RusdataError) as e:
        for line in str(e).splitlines() or [""]:
            print(f"rusdata: error: {printable(line)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if enabled:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
