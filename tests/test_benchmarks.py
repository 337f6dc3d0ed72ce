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
    """The benchmark corpus validates, quotes and hashes included, and scales the ids."""
    counts = generate(tmp_path / "g", 300)
    loaded = validate(tmp_path / "g", tmp_path / "g" / "sources")
    assert [str(p) for p in loaded.problems] == []
    real = sum(len(v) for v in load_yaml(REPO).entries.values())  # the corpus is built from it
    assert sum(len(v) for v in loaded.entries.values()) == counts["records"] >= real
    assert counts["texts"] == len(list((tmp_path / "g" / "sources").glob("*.txt")))
    shutil.rmtree(tmp_path / "g")
