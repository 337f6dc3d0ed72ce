"""rusdata coverage: how many sentences of each source some quote cites, and which not."""

from __future__ import annotations

import argparse
from pathlib import Path

from rusdata.commands._common import report
from rusdata.schema.textrules import printable

HELP = "sentences of each source that no quote cites"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", type=Path, required=True, help="folder with the article texts")
    p.add_argument(
        "--uncited",
        "-v",
        "--verbose",
        dest="uncited",
        action="store_true",
        help="list the uncited sentences",
    )


def run(args: argparse.Namespace) -> int:
    from rusdata.checks.coverage import coverage
    from rusdata.checks.rules import validate

    loaded = validate(args.root, args.sources)
    if report(loaded):
        return 1
    total = cited = 0
    for cov in coverage(loaded):
        total += len(cov.sentences)
        cited += cov.cited
        print(
            printable(
                f"{cov.source_id} ({cov.file}): {cov.cited}/{len(cov.sentences)} sentences cited"
            )
        )
        if args.uncited:
            for line, text in cov.uncited:
                print(printable(f"  {cov.file}:{line}: {text}"))
    print(f"all sources: {cited}/{total} sentences cited")
    return 0
