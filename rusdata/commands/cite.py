"""rusdata cite TABLE ID: how to cite one record: a text citation and BibTeX, with the dataset
version, the DOI once minted, the record's page and the sources of its quotes."""

from __future__ import annotations

import argparse

from rusdata.schema.textrules import printable

HELP = "a citation for one record (text and BibTeX)"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE")
    p.add_argument("id", metavar="ID")
    p.add_argument("--bibtex", action="store_true", help="only the BibTeX entry")


def run(args: argparse.Namespace) -> int:
    from rusdata.package.cite import cite
    from rusdata.package.reader import Package

    c = cite(Package.find(args.root_option), args.table, args.id)
    if not args.bibtex:
        for line in c.text().splitlines():
            print(printable(line))
        print()
    for line in c.bibtex().splitlines():
        print(printable(line))
    return 0
