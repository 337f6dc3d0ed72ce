"""rusdata history TABLE ID: what changed in one record, release by release (its own fields,
its quotes, people and inferences), from releases/changes.csv.

`rusdata history --record [--latest REF]` writes releases/releases.csv (each release's
commit) and releases/changes.csv (every change between releases) from git and CHANGELOG.md:
the one command to run after a release (`--latest HEAD` where the newest release was made)."""

from __future__ import annotations

import argparse
import sys

from rusdata.schema.textrules import printable

HELP = "what changed in one record across releases (--record: write the history from git)"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", nargs="?", metavar="TABLE")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--record", action="store_true", help="write releases/ from git")
    p.add_argument("--latest", metavar="REF", help="with --record: the newest release's commit")
    p.add_argument("--csv", action="store_true", help="print the change rows as CSV")


def _show(value: str, width: int = 70) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    from rusdata.build.atomic import write
    from rusdata.package.reader import Package, data_root
    from rusdata.release.history import CHANGE_HEADER, of_record, read_changes, record

    if args.record:
        for rel, data in record(args.root, args.latest).items():
            path = args.root / rel
            path.parent.mkdir(exist_ok=True)
            if not path.is_file() or path.read_bytes() != data:
                write(path, data)
                print(printable(f"wrote: {rel}"))
            else:
                print(printable(f"up to date: {rel}"))
        return 0
    if not (args.table and args.id):
        print("rusdata history: give TABLE and ID (or --record)", file=sys.stderr)
        return 2
    package = Package.find(args.root_option)
    home = package.root or data_root()
    changes = of_record(read_changes(home), args.table, args.id)
    if not changes:
        from rusdata.errors import RusdataError, did_you_mean

        package.resource(args.table)  # an unknown table is an error naming the tables
        _, rows = package.dicts(args.table)
        ids = [r.get("id", "") for r in rows]
        if args.id not in ids:
            raise RusdataError(f"no record {args.id!r} in {args.table}{did_you_mean(args.id, ids)}")
        print(printable(f"{args.table}/{args.id}: no change recorded across releases"))
        return 0
    if args.csv:
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CHANGE_HEADER)
        w.writerows([c[h] for h in CHANGE_HEADER] for c in changes)
        return 0
    version = None
    for c in changes:
        if c["version"] != version:
            version = c["version"]
            print(printable(f"{version}:"))
        where = c["table"] if c["table"] == args.table else f"{c['table']} {c['record_id']}"
        if c["change"] == "changed":
            print(printable(f"  {where} {c['field']}: {_show(c['old'])!r} → {_show(c['new'])!r}"))
        elif c["change"] == "added":
            print(printable(f"  {where}: added"))
        elif c["change"] == "removed":
            print(printable(f"  {where}: removed (was {_show(c['old'])})"))
    return 0
