"""Quote anchors and the Web Annotations built from them (docs/annotations.jsonld)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import REPO, Project, need_sources

from rusdata.checks.anchors import ANCHORS, CONTEXT, REPRODUCED, context, parse


def collection() -> dict:
    return json.loads((REPO / "docs" / "annotations.jsonld").read_text(encoding="utf-8"))


def citations() -> dict[str, dict[str, str]]:
    with open(REPO / "data" / "citations.csv", encoding="utf-8", newline="") as f:
        return {f"{r['table']}/{r['record_id']}/{r['ordinal']}": r for r in csv.DictReader(f)}


def texts() -> dict[str, str]:
    folder = need_sources()
    with open(REPO / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        return {
            r["sha256"]: (folder / r["file"]).read_text(encoding="utf-8") for r in csv.DictReader(f)
        }


def test_the_collection_has_the_web_annotation_shape() -> None:
    c = collection()
    assert c["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert c["type"] == "AnnotationCollection"
    items = c["first"]["items"]
    assert c["total"] == len(items) == len(citations())
    for a in items:
        assert a["type"] == "Annotation" and a["motivation"] == "linking" and a["id"]
        target = a["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"]["id"].startswith("urn:sha256:")
        kinds = [s["type"] for s in target["selector"]]
        assert kinds == ["TextQuoteSelector", "TextPositionSelector"], a["id"]
        quote, position = target["selector"]
        assert set(quote) <= {"type", "exact", "prefix", "suffix"}
        assert len(quote.get("prefix", "")) <= CONTEXT and len(quote.get("suffix", "")) <= CONTEXT
        assert 0 <= position["start"] < position["end"]
        assert a["body"]["value"] == a["id"].split("#", 1)[1].rsplit("/", 1)[0]


def test_every_exact_is_its_quote_and_located_sources_are_the_scope() -> None:
    rows = citations()
    with open(REPO / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        sources = {r["id"]: r for r in csv.DictReader(f)}
    for a in collection()["first"]["items"]:
        row = rows[a["id"].split("#", 1)[1]]
        assert a["target"]["selector"][0]["exact"] == row["quote"]
        src = sources[row["source_id"]]
        assert a["target"]["source"]["id"] == f"urn:sha256:{src['sha256']}"
        assert a["target"].get("scope") == (src["located_url"] or None)


def test_positions_and_context_hold_in_the_pinned_texts() -> None:
    by_hash = texts()
    for a in collection()["first"]["items"]:
        raw = by_hash[a["target"]["source"]["id"].removeprefix("urn:sha256:")]
        quote, position = a["target"]["selector"]
        start, end = position["start"], position["end"]
        assert " ".join(raw[start:end].split()) == " ".join(quote["exact"].split()), a["id"]
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        assert raw[start - len(prefix) : start] == prefix
        assert raw[end : end + len(suffix)] == suffix
        whole = prefix + raw[start:end] + suffix
        assert raw.count(whole) == 1 or len(prefix) == len(suffix) == CONTEXT, a["id"]
        # Shortest: no shorter context of the same kind makes the passage unique.
        if prefix:
            assert raw.count(prefix[1:] + raw[start:end] + suffix) > 1
        if suffix:
            assert raw.count(prefix + raw[start:end] + suffix[:-1]) > 1


def test_context_is_the_shortest_that_makes_a_span_unique() -> None:
    raw = "the cat sat. the cat ran. a dog sat."
    start = raw.index("cat", 10)  # the second "cat"
    assert context(raw, start, start + 3) == ("", " r")
    assert context(raw, raw.index("dog"), raw.index("dog") + 3) == ("", "")
    twice = "same. same."
    assert context(twice, 0, 4) == ("", ". ")  # "same." occurs twice, "same. " once
    assert context(twice, 6, 10) == (" ", "")  # fewest characters: one of prefix
    assert context("abab", 0, 2) == ("", "a")


def test_published_shares_are_what_the_anchors_give() -> None:
    anchors = parse((REPO / ANCHORS).read_bytes())
    by_source: dict[str, list[tuple[int, int, int, int]]] = {}
    for a in anchors:
        by_source.setdefault(a.source_id, []).append((a.start, a.end, len(a.prefix), len(a.suffix)))
    with open(REPO / REPRODUCED, encoding="utf-8", newline="") as f:
        shares = list(csv.DictReader(f))
    assert len(shares) == 5
    for row in shares:
        covered = set()
        for start, end, _, _ in by_source[row["source_id"]]:
            covered.update(range(start, end))
        assert int(row["quoted_characters"]) == len(covered)
        assert int(row["quotes"]) == len(by_source[row["source_id"]])
        share = float(row["quoted_share"])
        assert 0.5 < share <= float(row["with_context_share"]) < 1


def test_anchor_writes_what_validate_expects(project: Project) -> None:
    sources = str(need_sources())
    (project.root / ANCHORS).unlink()
    assert project.run("anchor", "--sources", sources).code == 0
    assert (project.root / ANCHORS).read_bytes() == (REPO / ANCHORS).read_bytes()
    assert project.run("validate", "--sources", sources).code == 0


def test_anchor_refuses_to_write_from_a_broken_project(project: Project, tmp_path: Path) -> None:
    before = (project.root / ANCHORS).read_bytes()
    project.edit("visits", "after almost a decade.", "after almost two decades.")
    result = project.run("anchor", "--sources", str(need_sources()))
    assert result.code == 1 and "nothing written" in result.err
    assert (project.root / ANCHORS).read_bytes() == before
