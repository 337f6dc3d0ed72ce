"""Models → columns: every CSV column comes from a model field, in field order, typed from it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from pydantic import BaseModel

from rusdata.schema import columns
from rusdata.schema.columns import LIST_DELIMITER, tables
from rusdata.schema.dates import PATTERN as DATE_PATTERN
from rusdata.schema.dates import PartialDate
from rusdata.schema.models import GENERATED, SLUG, TABLES, Citation, Participant, Version
from rusdata.schema.vocab import Precision, Role, Status

RECORD_TABLES = list(TABLES)
LINKS = {"citations": Citation, "record_people": Participant, "discrepancy_records": Version}


def test_resources_in_order_timeline_then_records_then_links() -> None:
    # list link tables first, then the mapping (inferences): quotes and people read first
    assert list(tables()) == [
        *GENERATED,
        *TABLES,
        "record_people",
        "citations",
        "discrepancy_records",
        "identity_records",
        "inferences",
    ]


@pytest.mark.parametrize("name", RECORD_TABLES)
def test_record_columns_follow_the_model_fields_in_order(name: str) -> None:
    t = tables()[name]
    model = TABLES[name]
    fields = [f for f in model.model_fields if f not in t.links]
    # each field once, in field order, with the free-text note moved to the end
    want = sorted(fields, key=lambda f: f == "note")
    assert list(dict.fromkeys(c.source for c in t.columns)) == want
    assert t.primary_key == ("id",)
    assert t.model is model and t.owners == () and not t.generated


@pytest.mark.parametrize("name", RECORD_TABLES)
def test_link_fields_become_link_tables(name: str) -> None:
    model = TABLES[name]
    t = tables()[name]
    links = {
        f
        for f, info in model.model_fields.items()
        if f in ("citations", "people", "versions", "reports", "inferred")
    }
    assert set(t.links) == links
    for field, link in t.links.items():
        assert name in tables()[link].owners, (name, field)
        assert all(c.source != field for c in t.columns)  # not a column of the record table


@pytest.mark.parametrize(("link", "child"), LINKS.items())
def test_link_tables_are_keyed_by_table_record_and_ordinal(link: str, child: type) -> None:
    t = tables()[link]
    assert t.primary_key == ("table", "record_id", "ordinal")
    table, record_id, ordinal, *rest = t.columns
    assert (table.name, record_id.name, ordinal.name) == t.primary_key
    assert table.literal == t.owners and table.required and table.source is None
    assert record_id.pattern == SLUG and record_id.required
    assert (ordinal.type, ordinal.minimum, ordinal.required) == ("integer", 1, True)
    # the child's own fields follow the keys, note last
    assert [c.source for c in rest] == sorted(child.model_fields, key=lambda f: f == "note")
    assert t.model is child


def test_record_id_references_the_owner_when_there_is_only_one() -> None:
    assert tables()["discrepancy_records"].column("record_id").ref == "discrepancies"
    assert tables()["citations"].column("record_id").ref is None  # nine owners
    assert tables()["citations"].owners == tuple(
        n for n, t in tables().items() if "citations" in t.links.values()
    )


def test_citations_carry_every_citation_field() -> None:
    names = [c.name for c in tables()["citations"].columns]
    assert names == [
        "table",
        "record_id",
        "ordinal",
        "source_id",
        "quote",
        "locator",
        "speaker_id",
        "note",
    ]


def test_references_are_id_columns_with_their_target() -> None:
    col = tables()["citations"].column("source_id")
    assert (col.source, col.ref, col.required) == ("source", "sources", True)
    speaker = tables()["citations"].column("speaker_id")
    assert (speaker.source, speaker.ref, speaker.required) == ("speaker", "people", False)
    # a field already named `..._id` keeps its name
    visit = tables()["arms_transfers"].column("visit_id")
    assert (visit.source, visit.ref) == ("visit_id", "visits")


def test_a_partial_date_gives_four_columns() -> None:
    t = tables()["arms_transfers"]
    names = [c.name for c in t.columns if c.source == "order_date"]
    assert names == ["order_date", "order_date_precision", "order_date_start", "order_date_end"]
    date, precision, start, end = (t.column(n) for n in names)
    assert (date.type, date.pattern, date.derived) == ("string", DATE_PATTERN, None)
    assert (precision.enum, precision.derived) == (Precision, "precision")
    assert (start.type, start.derived, end.type, end.derived) == ("date", "start", "date", "end")
    assert not any(c.required for c in (precision, start, end))
    # the derived columns read what PartialDate gives
    d = PartialDate.parse("2014-11")
    assert (d.precision, d.start, d.end) == ("month", dt.date(2014, 11, 1), dt.date(2014, 11, 30))


def test_types_and_constraints_come_from_the_annotations() -> None:
    t = tables()["arms_transfers"]
    status = t.column("status")
    assert (status.type, status.enum, status.required) == ("string", Status, True)
    assert status.allowed == tuple(s.value for s in Status)
    number = t.column("number_ordered")
    assert (number.type, number.minimum, number.required) == ("integer", 1, False)
    assert tables()["trade"].column("value").type == "number"
    assert tables()["citations"].column("quote").max_length == 600
    assert tables()["record_people"].column("role").enum is Role
    target = tables()["discrepancy_records"].column("target_table")
    assert target.literal == tuple(Version.model_fields["target_table"].annotation.__args__)
    assert target.enum is None and target.allowed == target.literal


def test_list_columns_repeat_the_item_pattern() -> None:
    aliases = tables()["people"].column("aliases")
    assert aliases.is_list and not aliases.required  # default []: never required
    assert f"'{LIST_DELIMITER}'" in aliases.description
    pattern = re.compile(aliases.pattern or "")
    assert pattern.fullmatch("Sergei Lavrov;Sergey Lavrov")
    assert not pattern.fullmatch(" Lavrov")  # the item's own rule: no leading space
    assert not pattern.fullmatch("")
    countries = tables()["exercises"].column("countries")
    assert countries.required
    for cell, ok in (
        ("RUS", True),
        ("RUS;PAK", True),
        ("RUS;", False),
        ("RUS;pak", False),
        ("RUS PAK", False),
    ):
        assert bool(re.fullmatch(countries.pattern or "", cell)) is ok, cell


def test_column_lookup_by_name() -> None:
    t = tables()["visits"]
    assert t.column("summary").source == "summary"
    with pytest.raises(StopIteration):
        t.column("no_such_column")


def test_timeline_is_generated_and_keyed_by_record_and_field() -> None:
    t = tables()["timeline"]
    assert t.generated and t.primary_key == ("table", "record_id", "date_field")
    assert {c.name for c in t.columns} >= {"date", "date_start", "date_end", "status"}


def test_an_unsupported_field_type_is_refused() -> None:
    class Odd(BaseModel):
        ratio: float

    with pytest.raises(TypeError, match="no column type for field ratio"):
        columns._model_columns(Odd, set())


def test_an_ambiguous_union_is_refused() -> None:
    class Odd(BaseModel):
        either: int | Decimal

    with pytest.raises(TypeError, match="unsupported union"):
        columns._model_columns(Odd, set())
