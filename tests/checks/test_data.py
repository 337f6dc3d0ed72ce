"""The dataset itself passes every rule; the policy rules are tested one by one in test_rules.py."""

from __future__ import annotations

import pytest

import rusdata
from rusdata.checks.loading import Loaded
from rusdata.checks.rules import HEDGES
from rusdata.schema.models import FACT_TABLES


def test_the_data_passes_every_rule_against_the_texts(repo_checked: Loaded) -> None:
    assert [str(p) for p in repo_checked.problems] == []


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_table_has_three_records(table: str) -> None:
    assert len(rusdata.load(table)) >= 3, f"{table}: the engine issue asks for at least three"


def test_the_hedge_words_find_the_texts_speculation() -> None:
    """The texts hold several claims whose every quote is hedged: the hedge-not-event rule
    looks at real records, not only at the made-up one of its test."""
    hedged = [
        r.id
        for table in [*FACT_TABLES, "claims"]
        for r in rusdata.load(table)
        if all(HEDGES.search(c.quote) for c in r.citations)
    ]
    assert len(hedged) >= 5, hedged
