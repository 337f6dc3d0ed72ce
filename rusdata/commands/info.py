"""rusdata info: version, licence, tables with row counts, and sources of the built package."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rusdata.package.reader import Package

HELP = "version, tables with row counts, and sources"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")
    p.add_argument(
        "--totals",
        action="store_true",
        help="print the CHANGELOG line of row counts, to paste under ## [Unreleased]",
    )


def totals_line(package: Package) -> str:
    """`- Totals: `visits`: 19 rows; ...`: the form the CHANGELOG test reads back."""
    counts = [f"`{n}`: {len(package.rows(n).rows)} rows" for n in package.names]
    return "- Totals: " + "; ".join(counts) + "."


def run(args: argparse.Namespace) -> int:
    from rusdata.commands._terminal import info_text, terminal_width
    from rusdata.package.reader import Package

    package = Package.find(args.root_option)
    if args.totals:
        print(totals_line(package))
        return 0
    for line in info_text(package, args.width or terminal_width()):
        print(line)
    return 0
