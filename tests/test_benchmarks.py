"""The benchmark corpus (benchmarks/generate.py) is a valid project: what the benchmarks time is
a real validate and build, not an early failure."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import REPO

from rusdata.checks.loading import load_yaml
from rusdata.checks.rules import validate

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def test_the_generator_makes_a_valid_corpus(tmp_path: Path) -> None:
    """The benchmark corpus validates, quotes and hashes included, and scales the ids: asked
    for twice the real data, it holds two copies of every record but the people and the
    disagreements and identity questions over a person, which are written once (see
    generate.py)."""
    real = load_yaml(REPO).entries  # the corpus is built from it
    once = len(real["people"]) + sum(
        any(v.target_table == "people" for v in e.record.versions) for e in real["discrepancies"]
    )
    once += sum(
        any(r.target_table == "people" for r in e.record.reports) for e in real["identities"]
    )
    size = sum(len(entries) for entries in real.values())
    counts = generate(tmp_path / "g", 2 * size)
    loaded = validate(tmp_path / "g", tmp_path / "g" / "sources")
    assert [str(p) for p in loaded.problems] == []
    assert counts["copies"] == 2
    assert sum(len(v) for v in loaded.entries.values()) == counts["records"] == 2 * size - once
    assert counts["texts"] == 2 * len(real["sources"])
    assert counts["texts"] == len(list((tmp_path / "g" / "sources").glob("*.txt")))
    shutil.rmtree(tmp_path / "g")
