"""Reading the published Web Annotations (docs/annotations.jsonld) back: the quotes of one
source with their context and place, for `rusdata reanchor`."""

from __future__ import annotations

import json
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.package.reader import Package, data_root
from rusdata.package.reanchor import Quote

ANNOTATIONS = "docs/annotations.jsonld"


def quotes_of(root: Path, source: str, path: Path | None = None) -> tuple[list[Quote], str]:
    """The quotes of `source` (an id or a file name) and the source's id."""
    package = Package.find(root)
    home = package.root or data_root()
    _, rows = package.dicts("sources")
    found = [r for r in rows if source in (r["id"], r["file"])]
    if not found:
        raise RusdataError(
            f"no source {source!r}; the sources are " + ", ".join(r["id"] for r in rows)
        )
    src = found[0]
    # The pinned text's length in characters is not published; its size in bytes is close
    # (a few multi-byte quote marks), which is all a position hint needs.
    length = max(1, int(src["bytes"]))
    file = path or home / ANNOTATIONS
    try:
        collection = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RusdataError(f"{file}: cannot read the annotations ({e})") from None
    quotes = []
    for a in collection["first"]["items"]:
        target = a["target"]
        if target["source"]["id"] != f"urn:sha256:{src['sha256']}":
            continue
        selectors = {s["type"]: s for s in target["selector"]}
        q = selectors["TextQuoteSelector"]
        pos = selectors.get("TextPositionSelector")
        at = pos["start"] / length if pos else None
        quotes.append(
            Quote(
                a["id"].split("#", 1)[-1], q["exact"], q.get("prefix", ""), q.get("suffix", ""), at
            )
        )
    return quotes, src["id"]
