"""YAML → models: what a pattern failure says."""

from __future__ import annotations

from rusdata.checks.loading import _PATTERN_HELP
from rusdata.schema.columns import tables


def test_every_pattern_a_field_uses_has_its_help() -> None:
    """A changed pattern must not silently fall back to 'text matching ^...$'."""
    used = {
        c.pattern
        for t in tables().values()
        for c in t.columns
        if c.pattern and c.source and not c.is_list and not t.owners and not t.generated
    }
    assert used, "no patterns found: the test would pass vacuously"
    assert sorted(used - set(_PATTERN_HELP)) == []


def test_a_pattern_failure_is_explained_in_words(seeded) -> None:  # type: ignore[no-untyped-def]
    line = seeded.edit("visits", "id: test-visit", "id: Test_Visit")
    result = seeded.run("validate")
    assert ("data/yaml/visits.yaml", line) in [(p, n) for p, n, _ in result.problems]
    message = next(m for p, n, m in result.problems if n == line)
    assert "must be a lowercase id such as 'lavrov-visit-2021'" in message
