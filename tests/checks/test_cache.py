"""The incremental cache: same results hit or miss, edits invalidate, corruption is a miss."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, Project

from rusdata.checks import cache
from rusdata.checks.rules import validate

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@pytest.fixture
def cached(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setattr(cache, "MIN_BYTES", 0)  # cache every file, however small
    monkeypatch.delenv("RUSDATA_CACHE", raising=False)
    return project


def outcome(root: Path) -> tuple[list[str], dict[str, list[object]]]:
    loaded = validate(root)
    return [str(p) for p in loaded.problems], {t: loaded.records(t) for t in loaded.entries}


def entries(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER).glob("*.pickle"))


def test_a_hit_gives_the_same_result_as_a_miss(cached: Project) -> None:
    cold = outcome(cached.root)
    assert len(entries(cached.root)) == 10
    assert outcome(cached.root) == cold


def test_an_edit_is_seen_and_replaces_its_entry(cached: Project) -> None:
    outcome(cached.root)
    before = entries(cached.root)
    cached.edit("sources", "genre: analysis", "genre: nonsense")
    problems, _ = outcome(cached.root)
    assert any("genre" in p for p in problems)
    after = entries(cached.root)
    assert len(after) == 10 and after != before  # the old entry for the file is gone
    cached.edit("sources", "genre: nonsense", "genre: analysis")
    assert outcome(cached.root)[0] == []


def test_problems_are_cached_with_their_lines(cached: Project) -> None:
    line = cached.edit("visits", "  status: occurred\n", "  status: happened\n")
    first = outcome(cached.root)[0]
    assert first == outcome(cached.root)[0]
    assert any(f"visits.yaml:{line}: status" in p for p in first)


def test_corrupt_entries_are_misses(cached: Project) -> None:
    cold = outcome(cached.root)
    corrupt = entries(cached.root)
    assert len(corrupt) == 10
    for path in corrupt:
        path.write_bytes(b"not a pickle")
    assert outcome(cached.root) == cold


def test_a_code_change_invalidates(cached: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome(cached.root)
    keys = entries(cached.root)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another-version")
    outcome(cached.root)
    assert set(entries(cached.root)).isdisjoint(keys)


def test_off_and_elsewhere(
    cached: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RUSDATA_CACHE", "off")
    outcome(cached.root)
    assert not (cached.root / cache.FOLDER).exists()
    monkeypatch.setenv("RUSDATA_CACHE", str(tmp_path / "c"))
    outcome(cached.root)
    assert len(list((tmp_path / "c").glob("*.pickle"))) == 10


def test_the_generator_makes_a_valid_corpus(tmp_path: Path) -> None:
    """The benchmark corpus validates, quotes and hashes included, and scales the ids."""
    counts = generate(tmp_path / "g", 300)
    loaded = validate(tmp_path / "g", tmp_path / "g" / "sources")
    assert [str(p) for p in loaded.problems] == []
    assert sum(len(v) for v in loaded.entries.values()) == counts["records"] >= 250
    assert counts["texts"] == len(list((tmp_path / "g" / "sources").glob("*.txt")))
    shutil.rmtree(tmp_path / "g")
