"""The record API: tables(), get(table, id), follow(record, field)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

import rusdata
from rusdata.errors import RusdataError


def test_tables_are_the_descriptor_resources_in_order() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert rusdata.tables() == [r["name"] for r in descriptor["resources"]]
    assert rusdata.tables()[0] == "timeline"


@pytest.mark.parametrize("table", ["visits", "people", "sources", "discrepancies", "trade"])
def test_get_returns_the_record_with_that_id(table: str) -> None:
    for record in rusdata.load(table):
        assert rusdata.get(table, record.id) == record


def test_get_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(
        RusdataError,
        match=r"no record 'lavrov-islamabad-2021' in visits \(did you mean 'lavrov-islamabad-2021-04'\?\)",
    ):
        rusdata.get("visits", "lavrov-islamabad-2021")


def test_get_unknown_table_suggests_the_closest() -> None:
    with pytest.raises(RusdataError, match=r"no table 'visit' \(did you mean 'visits'\?\)"):
        rusdata.get("visit", "x")


def test_get_on_a_table_without_ids_says_so() -> None:
    with pytest.raises(RusdataError, match="citations has no id column"):
        rusdata.get("citations", "x")


def test_follow_a_citation_to_its_source_and_speaker() -> None:
    for c in rusdata.citations():
        assert rusdata.follow(c, "source").id == c.source
        assert rusdata.follow(c, "record_id") == rusdata.get(c.table, c.record_id)
        if c.speaker:
            assert rusdata.follow(c, "speaker") == rusdata.get("people", c.speaker)
        else:
            assert rusdata.follow(c, "speaker") is None


def test_follow_a_version_to_the_record_its_table_names() -> None:
    versions = [v for d in rusdata.discrepancies() for v in d.versions]
    assert {v.target_table for v in versions} > {"visits"}  # several tables, not a vacuous loop
    for v in versions:
        assert rusdata.follow(v, "target_id") == rusdata.get(v.target_table, v.target_id)


def test_follow_every_reference_field_of_every_fact_table() -> None:
    followed = 0
    for table in rusdata.tables():
        for record in rusdata.load(table):
            for field, (ref_table, _) in type(record).REFERENCES.items():
                value = getattr(record, field)
                target = rusdata.follow(record, field)
                if value is None:
                    assert target is None
                    continue
                followed += 1
                assert target.id == value
                assert ref_table is None or target == rusdata.get(ref_table, value)
    assert followed > 300


def test_follow_a_field_that_is_no_reference_lists_the_references() -> None:
    citation = rusdata.citations()[0]
    with pytest.raises(
        RusdataError, match=r"CitationRow\.quote is not a reference; its references: .*source"
    ):
        rusdata.follow(citation, "quote")


def test_every_table_has_an_accessor_of_its_name() -> None:
    """The README promises one accessor per table: a new table without one fails here."""
    for name in rusdata.tables():
        assert name in rusdata.__all__, name
        assert getattr(rusdata, name)() == rusdata.load(name), name
