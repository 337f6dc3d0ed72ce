"""rusdata archive [DIR]: write the release archive rusdata-VERSION.zip (descriptor, CSVs, docs,
citation, licences, history), byte-identical across builds, for a DOI deposit."""

from __future__ import annotations

import argparse
from pathlib import Path

from rusdata.schema.textrules import printable

HELP = "write the release archive rusdata-VERSION.zip (for a DOI deposit)"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", type=Path, default=Path("dist"), help="where (default: dist)")


def run(args: argparse.Namespace) -> int:
    from rusdata.build.atomic import write
    from rusdata.release.archive import name, render

    data = render(args.root)
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"{name(args.root)}.zip"
    write(path, data)
    print(printable(f"wrote: {path} ({len(data):,} bytes)"))
    return 0
