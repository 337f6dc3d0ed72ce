"""rusdata anchor --sources DIR: write the quote anchors (positions and shortest unique
context of every quote in its pinned text) that `rusdata build` publishes as Web Annotations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rusdata.commands._common import report
from rusdata.schema.textrules import printable

HELP = "write the quote anchors from the texts (anchors/), for the Web Annotations"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", type=Path, required=True, help="folder with the article texts")


def run(args: argparse.Namespace) -> int:
    from rusdata.build.atomic import write
    from rusdata.checks.anchors import anchors_current, outputs
    from rusdata.checks.rules import RULES, validate

    # Every rule but the one that compares with what this command is about to write.
    loaded = validate(args.root, args.sources, [r for r in RULES if r.check is not anchors_current])
    if report(loaded):
        print("anchor: nothing written (fix the problems above first)", file=sys.stderr)
        return 1
    for rel, data in outputs(loaded).items():
        path = args.root / rel
        if path.is_file() and path.read_bytes() == data:
            print(printable(f"up to date: {rel}"))
            continue
        path.parent.mkdir(exist_ok=True)
        write(path, data)
        print(printable(f"wrote: {rel}"))
    return 0
