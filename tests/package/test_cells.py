"""Packaged CSV cells → typed values (rusdata.package.cells), as every export reads them."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from pathlib import Path
from typing import Any

import expected
import pytest

from rusdata.errors import RusdataError
from rusdata.package import cells
from rusdata.package.reader import Package
from rusdata.schema.columns import Column, tables

TEXT = tables()["visits"].column("summary")
ENUM = tables()["visits"].column("status")
INTEGER = tables()["arms_transfers"].column("number_ordered")
NUMBER = tables()["trade"].column("value")
DATE = tables()["visits"].column("date_start")
PARTIAL = tables()["visits"].column("date")
LIST = tables()["people"].column("aliases")


@pytest.mark.parametrize(
    ("col", "cell", "value"),
    [
        (TEXT, "Lavrov visits", "Lavrov visits"),
        (TEXT, "", None),
        (ENUM, "occurred", "occurred"),
        (PARTIAL, "2014-11", "2014-11"),  # a partial date stays text: never padded to a day
        (INTEGER, "4", 4),
        (INTEGER, "", None),
        (NUMBER, "1.50", Decimal("1.50")),  # exact, as written
        (NUMBER, "790000000", Decimal(790000000)),
        (NUMBER, "-3", Decimal(-3)),
        (NUMBER, "", None),
        (DATE, "2014-11-30", dt.date(2014, 11, 30)),
        (DATE, "", None),
        (LIST, "A;B c", ["A", "B c"]),
        (LIST, "A", ["A"]),
        (LIST, "", []),  # an empty list, as the accessors return it
    ],
    ids=lambda x: x.name if isinstance(x, Column) else None,
)
def test_value_by_column_type(col: Column, cell: str, value: Any) -> None:
    got = cells.value(col, cell)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("col", "cell", "error"),
    [
        (INTEGER, "four", ValueError),
        (INTEGER, "4.5", ValueError),
        (NUMBER, "1,5", decimal.InvalidOperation),
        (DATE, "2014-11", ValueError),
        (DATE, "2014-02-30", ValueError),
    ],
)
def test_a_bad_cell_raises(col: Column, cell: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        cells.value(col, cell)


def test_every_column_type_of_the_package_has_a_conversion() -> None:
    types = {c.type for t in tables().values() for c in t.columns}
    assert types == {"string", "integer", "number", "date"}


@pytest.mark.parametrize("name", list(tables()))
def test_columns_hold_the_accessors_values(name: str) -> None:
    t = tables()[name]
    got = cells.columns(t)
    assert list(got) == [c.name for c in t.columns]
    rows = [list(r) for r in zip(*got.values(), strict=True)]
    expected.assert_rows_equal(name, rows, expected.values(name))


def test_cells_are_the_csv_rows() -> None:
    t = tables()["visits"]
    assert cells.cells(t) == expected.csv_rows("visits")


def test_table_by_name_or_a_suggestion() -> None:
    assert cells.table("visits") is tables()["visits"]
    with pytest.raises(RusdataError, match=r"no table 'visit' \(did you mean 'visits'\?\)"):
        cells.table("visit")


def test_a_stale_csv_is_refused(copied: Path) -> None:
    path = copied / "data" / "visits.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header.replace(",summary,", ",title,") + "\n" + rest, encoding="utf-8")
    with pytest.raises(
        RusdataError, match=r"data/visits.csv: line 1: field 'summary' has no column"
    ):
        cells.cells(tables()["visits"], Package.at(copied))


def test_a_resource_missing_from_the_descriptor_is_refused(copied: Path) -> None:
    descriptor = copied / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace('"name": "visits"', '"name": "visits-old"'), "utf-8")
    with pytest.raises(RusdataError, match="no resource 'visits'; run `rusdata build`"):
        cells.cells(tables()["visits"], Package.at(copied))


def test_by_type_names_a_type_without_a_mapping() -> None:
    assert cells.by_type(NUMBER, {"number": "REAL"}) == "REAL"
    with pytest.raises(RusdataError, match="value: no export type for Table Schema type 'number'"):
        cells.by_type(NUMBER, {"string": "TEXT"})


def test_as_float_keeps_exact_values_and_refuses_rounding() -> None:
    assert cells.as_float(NUMBER, [Decimal("1.6"), None, Decimal(790000000)]) == [
        1.6,
        None,
        790000000.0,
    ]
    with pytest.raises(RusdataError, match="cannot be stored as a float without rounding"):
        cells.as_float(NUMBER, [Decimal("0.1000000000000000000001")])


def test_require_names_the_extra_to_install() -> None:
    assert cells.require("json", "none").dumps([]) == "[]"
    with pytest.raises(cells.MissingExtra, match=r'pip install "rusdata\[polars\]"'):
        cells.require("no_such_module_here", "polars")
