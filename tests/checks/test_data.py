"""The dataset itself passes every rule; the policy rules are tested one by one in test_rules.py."""

from __future__ import annotations

import pytest
from conftest import REPO, need_sources

import rusdata
from rusdata.checks.rules import HEDGES, RULES, validate
from rusdata.schema.models import FACT_TABLES


def test_the_data_passes_every_rule_against_the_texts() -> None:
    loaded = validate(REPO, need_sources())
    assert len(RULES) >= 13  # the built-in rules all ran
    assert [str(p) for p in loaded.problems] == []


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_table_has_three_records(table: str) -> None:
    assert len(rusdata.load(table)) >= 3, f"{table}: the engine issue asks for at least three"


def test_the_hedge_words_find_the_texts_speculation() -> None:
    """The texts hold several claims whose every quote is hedged: the hedge-not-event rule
    looks at real records, not only at the made-up one of its test."""
    hedged = [
        r.id
        for table in FACT_TABLES
        for r in rusdata.load(table)
        if all(HEDGES.search(c.quote) for c in r.citations)
    ]
    assert len(hedged) >= 5, hedged
