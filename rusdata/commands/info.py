"""rusdata info: version, licence, tables with row counts, and sources of the built package."""

from __future__ import annotations

import argparse

HELP = "version, tables with row counts, and sources"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")


def run(args: argparse.Namespace) -> int:
    from rusdata.commands._terminal import info_text, terminal_width
    from rusdata.package.reader import Package

    for line in info_text(Package.find(args.root_option), args.width or terminal_width()):
        print(line)
    return 0
