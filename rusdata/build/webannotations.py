"""Every citation as a W3C Web Annotation (JSON-LD, the `anno.jsonld` context).

Each annotation links a record (its body) to a passage of an article (its target). The target's
`source` is the pinned text, named by its SHA-256 (`urn:sha256:...`): the one text in which the
TextPositionSelector's offsets hold; its `scope` is the page where the text was found published
(the source's located URL), where the TextQuoteSelector finds the passage again. Positions and
context come from `anchors/quotes.csv` (written by `rusdata anchor --sources`, checked by
`rusdata validate --sources`), so the build reads no text.
"""

from __future__ import annotations

from typing import Any

from rusdata.checks.anchors import Anchor
from rusdata.release.metadata import Where
from rusdata.schema.models import Record, Source

ANNOTATIONS = "docs/annotations.jsonld"
CITING = "docs/citing.md"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def record_page(table: str, record_id: str) -> str:
    """A record's page, relative to the root of `rusdata export site`."""
    return f"{table}/{record_id}.html"


def annotation_id(table: str, record_id: str, ordinal: int, where: Where) -> str:
    local = f"#{table}/{record_id}/{ordinal}"
    return where.url(ANNOTATIONS) + local if where.home else f"annotations.jsonld{local}"


def annotation(
    table: str,
    record: Record,
    ordinal: int,
    quote: str,
    source: Source,
    anchor: Anchor | None,
    where: Where,
) -> dict[str, Any]:
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote}
    selectors: list[dict[str, Any]] = [quote_selector]
    if anchor is not None and anchor.exact == quote and anchor.source_id == source.id:
        if anchor.prefix:
            quote_selector["prefix"] = anchor.prefix
        if anchor.suffix:
            quote_selector["suffix"] = anchor.suffix
        selectors.append({"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end})
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": {
            "id": f"urn:sha256:{source.sha256}",
            "type": "Text",
            "format": "text/plain",
            "language": source.language,
        },
        "selector": selectors,
    }
    if source.located_url:
        target["scope"] = source.located_url
    body: dict[str, Any] = {
        "type": "TextualBody",
        "purpose": "identifying",
        "format": "text/plain",
        "value": f"{table}/{record.id}",
    }
    if where.home:
        body = {"id": where.url("site/" + record_page(table, record.id)), "type": "Text"}
    out: dict[str, Any] = {
        "id": annotation_id(table, record.id, ordinal, where),
        "type": "Annotation",
        "motivation": "linking",
        "body": body,
        "target": target,
    }
    return out


def render(
    records: dict[str, list[Record]],
    anchors: dict[tuple[str, str, int], Anchor],
    where: Where,
    version: str,
) -> dict[str, Any]:
    sources = {s.id: s for s in records["sources"] if isinstance(s, Source)}
    items = []
    for table in sorted(records):
        for record in records[table]:
            for i, c in enumerate(getattr(record, "citations", []), 1):
                anchor = anchors.get((table, record.id, i))
                items.append(
                    annotation(table, record, i, c.quote, sources[c.source], anchor, where)
                )
    return {
        "@context": CONTEXT,
        "id": where.url(ANNOTATIONS) or "annotations.jsonld",
        "type": "AnnotationCollection",
        "label": f"rusdata {version}: the quote behind every record",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def share_table(reproduced: bytes) -> list[str]:
    """The published shares (anchors/reproduced.csv) as a Markdown table."""
    import csv
    import io

    lines = [
        "| source | characters | quotes | quotes reproduce | with their context |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in csv.DictReader(io.StringIO(reproduced.decode("utf-8"))):
        lines.append(
            f"| {r['source_id']} | {int(r['characters']):,} | {r['quotes']} | "
            f"{float(r['quoted_share']):.1%} | {float(r['with_context_share']):.1%} |"
        )
    return lines
