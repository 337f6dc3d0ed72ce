"""rusdata reanchor SOURCE FILE: find the dataset's quotes of one article in your own copy of it
(scraped again, saved in another encoding, edited, paragraphs added or removed), and say for each
whether it is found, moved, changed (with the difference) or lost."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rusdata.schema.textrules import printable

HELP = "check the quotes of one source against your own copy of the article"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help="the source's id (e.g. src-002) or file name")
    p.add_argument("file", metavar="FILE", type=Path, help="your copy of the article (text)")
    p.add_argument("--json", action="store_true", help="one JSON object per quote")
    p.add_argument(
        "--annotations",
        type=Path,
        help="the Web Annotations to read (default: docs/annotations.jsonld of the package)",
    )


def run(args: argparse.Namespace) -> int:
    from rusdata.package.reanchor import decode, reanchor
    from rusdata.package.webanno import quotes_of

    quotes, source_id = quotes_of(args.root, args.source, args.annotations)
    text = decode(args.file.read_bytes())
    results = reanchor(text, quotes)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
        if args.json:
            print(json.dumps(r.__dict__, ensure_ascii=False))
            continue
        where = f" at line {r.line}" if r.line is not None else ""
        extra = f": {r.difference}" if r.difference else ""
        sim = f" ({r.similarity:.0%} alike)" if r.status == "changed" else ""
        print(printable(f"{r.id}: {r.status}{where}{sim}{extra}"))
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("found", "moved", "changed", "lost"))
    print(
        printable(f"{source_id} in {args.file}: {len(results)} quotes: {summary}"), file=sys.stderr
    )
    return 1 if counts.get("lost") else 0
