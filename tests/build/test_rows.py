"""Records → CSV rows (rusdata.build.rows), and back through the accessors' reader."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rusdata.build.rows import cell, link_rows, table_rows, to_csv
from rusdata.build.tableschema import resource
from rusdata.package.reader import Package
from rusdata.package.records import records
from rusdata.schema.columns import LIST_DELIMITER, tables
from rusdata.schema.models import Person, Record, TradeFigure, Visit
from rusdata.schema.vocab import Status

QUOTE = {"source": "src-001", "quote": 'He said, "yes"; then: no'}  # a comma, quotes, a ';'

PERSON = Person.model_validate(
    {
        "id": "a-person",
        "name": "A Person",
        "aliases": ["A. Person", "Person, A."],
        "citations": [QUOTE, {**QUOTE, "locator": "para 2", "speaker": "a-person"}],
    }
)
BARE = Person.model_validate({"id": "b-person", "name": "B"})  # every optional left out
FIGURE = TradeFigure.model_validate(
    {
        "id": "a-figure",
        "summary": "Trade",
        "status": "occurred",
        "kind": "trade",
        "item": "x",
        "value": "1.50",
        "change_percent": "-3",
        "period": "2014/2015",
        "people": [{"person": "a-person", "role": "principal"}],
        "citations": [QUOTE],
    }
)


def row(record: Record) -> dict[str, str]:
    t = tables()[record.table.name]
    (values,) = table_rows(t, [record])
    return dict(zip([c.name for c in t.columns], values, strict=True))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("text", "text"),
        (7, "7"),
        (True, "true"),
        (False, "false"),
        (Decimal("1.50"), "1.5"),
        (Decimal("46.000"), "46"),
        (Decimal("7.9E+8"), "790000000"),  # plain notation, never exponent
        (Decimal("-0.10"), "-0.1"),
        (["a", "b c"], "a;b c"),
        ([], ""),
        (Status.UNDER_NEGOTIATION, "under_negotiation"),
    ],
)
def test_cell(value: Any, text: str) -> None:
    assert cell(value) == text


def test_a_record_row_has_one_cell_per_column() -> None:
    r = row(FIGURE)
    assert list(r) == [c.name for c in tables()["trade"].columns]
    assert (r["id"], r["status"], r["kind"]) == ("a-figure", "occurred", "trade")
    assert (r["value"], r["change_percent"]) == ("1.5", "-3")
    assert r["unit"] == r["from_country"] == r["value_text"] == ""  # None: an empty cell


def test_derived_date_cells() -> None:
    r = row(FIGURE)
    assert (r["period"], r["period_precision"]) == ("2014/2015", "year")
    assert (r["period_start"], r["period_end"]) == ("2014-01-01", "2015-12-31")
    visit = Visit.model_validate(
        {
            "id": "v",
            "summary": "s",
            "status": "occurred",
            "kind": "visit",
            "cameo": "042",
            "actor": "RUS",
            "counterpart": "PAK",
            "citations": [QUOTE],
        }
    )
    r = row(visit)
    assert r["date"] == r["date_precision"] == r["date_start"] == r["date_end"] == ""


def test_list_cells_are_joined_and_empty_lists_empty() -> None:
    assert row(PERSON)["aliases"] == LIST_DELIMITER.join(PERSON.aliases)
    assert row(BARE)["aliases"] == row(BARE)["roles"] == ""


def test_link_rows_are_keyed_and_ordered_by_ordinal_as_a_number() -> None:
    quotes = [{**QUOTE, "quote": f"q{i}"} for i in range(12)]
    many = Person.model_validate({**PERSON.model_dump(), "citations": quotes})
    rows = link_rows(tables()["citations"], {"people": [many, BARE], "trade": [FIGURE]})
    keys = [(r[0], r[1], r[2]) for r in rows]
    assert keys[0] == ("people", "a-person", "1")
    assert [k[2] for k in keys if k[1] == "a-person"] == [
        str(i) for i in range(1, 13)
    ]  # 10 after 9
    assert keys[-1] == ("trade", "a-figure", "1")  # owners sorted by table, then record
    assert [r[4] for r in rows[:12]] == [f"q{i}" for i in range(12)]


def test_link_rows_of_an_owner_that_is_not_given_are_empty() -> None:
    assert link_rows(tables()["record_people"], {"people": [PERSON]}) == []
    (only,) = link_rows(tables()["record_people"], {"trade": [FIGURE]})
    assert only == ["trade", "a-figure", "1", "a-person", "principal"]


def test_to_csv_writes_a_header_and_quotes_what_needs_it() -> None:
    t = tables()["citations"]
    rows = link_rows(t, {"people": [PERSON]})
    data = to_csv(t, rows)
    assert data.startswith(b"table,record_id,ordinal,source_id,quote,")
    assert b"\r" not in data and data.endswith(b"\n")
    assert b'"He said, ""yes""; then: no"' in data
    back = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert back == [[c.name for c in t.columns], *rows]


# ---------------------------------------------------------------- the round trip


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """An empty folder to write a package into, read back with `Package.at`."""
    return tmp_path


def write(root: Path, records: dict[str, list[Record]], *, hashes: bool) -> None:
    """The CSVs and a descriptor for `records` (and their link tables), as `rusdata build`
    would write them; without hashes the reader validates every row instead of trusting it."""
    (root / "data").mkdir(exist_ok=True)
    resources = []
    for name, t in tables().items():
        if t.generated or not (name in records or set(t.owners) & set(records)):
            continue
        rows = link_rows(t, records) if t.owners else list(table_rows(t, records[name]))
        data = to_csv(t, rows)
        (root / "data" / f"{name}.csv").write_bytes(data)
        res = resource(t, f"data/{name}.csv", data)
        resources.append(res if hashes else {k: v for k, v in res.items() if k != "hash"})
    (root / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")


@pytest.mark.parametrize("trusted", [True, False], ids=["hash-matches", "validated"])
def test_records_round_trip_through_csv(package: Path, trusted: bool) -> None:
    write(package, {"people": [PERSON, BARE], "trade": [FIGURE]}, hashes=trusted)
    built = Package.at(package)
    assert [r.model() for r in records("people", built)] == [PERSON, BARE]
    assert built.rows("people").trusted is trusted
    (figure,) = records("trade", built)
    assert figure.model() == FIGURE
    assert isinstance(figure.value, Decimal) and figure.value == Decimal("1.50")
    assert figure.unit is None and BARE.aliases == [] == records("people", built)[1].aliases
    assert figure.period is not None and figure.period.precision == "year"
