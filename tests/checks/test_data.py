"""The dataset itself: every fact quoted, every source and person used, nothing orphaned."""

from __future__ import annotations

import pytest
from conftest import REPO, need_sources

import rusdata
from rusdata.checks.rules import validate
from rusdata.schema.models import FACT_TABLES, TABLES, Version


def test_the_data_is_valid_against_the_texts() -> None:
    loaded = validate(REPO, need_sources())
    assert [str(p) for p in loaded.problems] == []


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_record_has_a_quote(table: str) -> None:
    records = rusdata.load(table)
    assert len(records) >= 3, f"{table}: the engine issue asks for at least three records"
    for r in records:
        assert r.citations, r.id
        assert all(c.quote.strip() for c in r.citations), r.id


def test_every_source_is_cited() -> None:
    cited = {c.source for c in rusdata.citations()}
    assert cited == {s.id for s in rusdata.sources()}


def test_every_person_is_referenced() -> None:
    named = {p.person for p in rusdata.record_people()}
    named |= {c.speaker for c in rusdata.citations() if c.speaker and c.table != "people"}
    named |= {s.credited for s in rusdata.sources() if s.credited}
    named |= {v.target_id for v in rusdata.discrepancy_records() if v.target_table == "people"}
    assert {p.id for p in rusdata.people()} <= named


def test_discrepancies_point_at_real_records_and_quote_each_source() -> None:
    ids = {t: {r.id for r in rusdata.load(t)} for t in TABLES}
    for d in rusdata.discrepancies():
        assert len(d.versions) >= 2
        for v in d.versions:
            assert isinstance(v, Version)
            assert v.target_id in ids[v.target_table], (d.id, v)
        # each source that gives a version is quoted in the discrepancy
        assert {v.source for v in d.versions} <= {c.source for c in d.citations}, d.id


HEDGES = (
    "might ",
    "could ",
    "would ",
    "prospects",
    "possibility",
    "can also",
    "reportedly",
    "in the years to come",
    "expected",
)
EVENTS = ("occurred", "delivered", "signed", "ordered", "ongoing")


def test_speculation_is_never_an_event() -> None:
    """A record whose every quote is hedged ('might', 'could', 'reportedly', ...) is a claim,
    a plan or speculation, never an event that happened."""
    hedged = [
        (table, r)
        for table in FACT_TABLES
        for r in rusdata.load(table)
        if all(any(h in c.quote.lower() for h in HEDGES) for c in r.citations)
    ]
    assert len(hedged) >= 5  # the texts hold several; an empty list would make this vacuous
    for table, r in hedged:
        assert r.status.value not in EVENTS, (table, r.id, r.status)


def test_years_in_our_words_are_in_the_records_quotes() -> None:
    """The validator checks date fields; the same holds for years named in summaries, notes on
    dates and other text fields: a reader can check each against the record's own quotes."""
    import re

    fields = ("summary", "topics", "subject", "route", "name", "size", "value_text",
              "capacity_text", "first_claim", "date_text", "order_date_text",
              "delivery_date_text", "period_text")  # fmt: skip
    checked = 0
    for table in FACT_TABLES:
        for r in rusdata.load(table):
            quotes = " ".join(c.quote for c in r.citations)
            for name in fields:
                for year in re.findall(r"\b(1[89]\d\d|20\d\d)\b", getattr(r, name, None) or ""):
                    checked += 1
                    assert year in quotes or year[:3] + "0s" in quotes, (table, r.id, name, year)
    assert checked > 20
