"""rusdata build: regenerate every derived file (or, with --check, list the stale ones)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rusdata.commands._common import report
from rusdata.schema.textrules import printable

HELP = "regenerate every derived file"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="list stale files, write nothing")


def run(args: argparse.Namespace) -> int:
    from rusdata.build.render import input_problems, leftovers, render, stale, write
    from rusdata.checks.rules import validate

    loaded = validate(args.root, None)
    inputs = input_problems(args.root)  # pyproject.toml, CHANGELOG.md, README.md
    failed = report(loaded)
    for problem in inputs:
        print(printable(f"rusdata: error: {problem}"), file=sys.stderr)
    if failed or inputs:
        print("build: nothing written (fix the problems above first)", file=sys.stderr)
        return 1
    outputs = render(loaded)
    _note_skipped_code(args.root)
    for path in leftovers(args.root, outputs):  # listed, never deleted: see render.write
        print(
            printable(f"note: {path}: a temp file a killed build left? build keeps it; remove it"),
            file=sys.stderr,
        )
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
        print(printable(f"wrote: {path}"))
    print(f"build: {len(changed)} of {len(outputs)} derived files changed")
    return 0


def _note_skipped_code(root: Path) -> None:
    """Say so when the checkout's generated record classes were left alone: they derive from
    the running code, which is not this checkout's (e.g. after `pip install .`)."""
    from rusdata.build.classes import MODULE, target

    if (root / MODULE).is_file() and target(root) is None:
        print(
            f"note: {MODULE} left as it is: it is generated from the code that runs, and that "
            "is not this checkout's (`pip install -e .` makes it so)",
            file=sys.stderr,
        )
