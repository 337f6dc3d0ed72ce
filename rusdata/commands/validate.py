"""rusdata validate: check the YAML; with --sources, every quote and source hash too."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rusdata.commands._common import report

HELP = "check the YAML; with --sources, the quotes too"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", type=Path, help="folder with the article texts")


def run(args: argparse.Namespace) -> int:
    from rusdata.checks.rules import validate

    t0 = time.perf_counter()
    loaded = validate(args.root, args.sources)
    status = report(loaded)
    if status == 0:
        n = sum(len(v) for v in loaded.entries.values())
        print(
            f"valid: {n} records in {len(loaded.entries)} tables ({time.perf_counter() - t0:.2f}s)"
        )
    if args.sources is None:
        print("note: quotes and source hashes were NOT checked; pass --sources DIR to check them")
    return status
