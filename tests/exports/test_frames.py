"""rusdata.frame() (pandas) and rusdata.polars_frame(): dtypes from the models, values as the accessors."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Any

import expected
import numpy as np
import pandas as pd
import polars as pl
import pytest

import rusdata
from rusdata.errors import RusdataError
from rusdata.package.cells import as_float
from rusdata.schema.columns import Column, tables
from rusdata.schema.vocab import Status

TABLES = list(tables())


def _pandas_value(v: Any) -> Any:
    if isinstance(v, list):
        return v
    if v is None or pd.isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v.item() if hasattr(v, "item") else v  # numpy scalars → Python


@pytest.mark.parametrize("name", TABLES)
def test_pandas_dtypes_follow_the_columns(name: str) -> None:
    df = rusdata.frame(name)
    cols = tables()[name].columns
    assert list(df.columns) == [c.name for c in cols]
    for col in cols:
        dtype = df[col.name].dtype
        if col.allowed:  # every allowed value, in vocabulary order, used or not
            assert isinstance(dtype, pd.CategoricalDtype), col.name
            assert list(dtype.categories) == list(col.allowed)
        elif col.is_list:
            assert dtype == np.dtype(object)
        elif col.type == "integer":
            assert dtype == pd.Int64Dtype()
        elif col.type == "number":
            assert dtype == pd.Float64Dtype()
        elif col.type == "date":
            assert dtype == "datetime64[s]"
        else:
            assert isinstance(dtype, pd.StringDtype), col.name


@pytest.mark.parametrize("name", TABLES)
def test_pandas_values_equal_the_accessors(name: str) -> None:
    df = rusdata.frame(name)
    got = [[_pandas_value(v) for v in row] for row in df.itertuples(index=False)]
    expected.assert_rows_equal(name, got, expected.values(name))


@pytest.mark.parametrize("name", TABLES)
def test_polars_dtypes_follow_the_columns(name: str) -> None:
    df = rusdata.polars_frame(name)
    cols = tables()[name].columns
    assert df.columns == [c.name for c in cols]
    want: dict[str, Any] = {"integer": pl.Int64, "number": pl.Decimal(38, 9), "date": pl.Date}
    for col in cols:
        dtype = df.schema[col.name]
        if col.allowed:
            assert dtype == pl.Enum(list(col.allowed)), col.name
        elif col.is_list:
            assert dtype == pl.List(pl.String)
        else:
            assert dtype == want.get(col.type, pl.String), col.name


@pytest.mark.parametrize("name", TABLES)
def test_polars_values_equal_the_accessors(name: str) -> None:
    got = [list(r) for r in rusdata.polars_frame(name).rows()]
    expected.assert_rows_equal(name, got, expected.values(name))


def test_partial_dates_keep_string_precision_and_range() -> None:
    df = rusdata.frame("visits")
    dated = df[df["date"].notna()]
    assert len(dated) > 0
    for v in rusdata.visits():
        if v.date is None:
            continue
        row = dated[dated["id"] == v.id].iloc[0]
        assert row["date"] == str(v.date)  # "2015", "2014-11": never padded
        assert row["date_precision"] == v.date.precision
        assert row["date_start"].date() == v.date.start
        assert row["date_end"].date() == v.date.end
    # Unused categories stay, so counts show every status, zeros included.
    counts = df["status"].value_counts(sort=False)
    assert list(counts.index) == [s.value for s in Status]


def test_lists_are_lists() -> None:
    people = {r["id"]: r for r in rusdata.polars_frame("people").iter_rows(named=True)}
    pdf = rusdata.frame("people").set_index("id")
    for p in rusdata.people():
        assert people[p.id]["aliases"] == p.aliases
        assert pdf.loc[p.id, "aliases"] == p.aliases
    assert any(p.aliases for p in rusdata.people()) and any(not p.aliases for p in rusdata.people())


def test_numbers_are_exact() -> None:
    trade = {r["id"]: r for r in rusdata.polars_frame("trade").iter_rows(named=True)}
    pdf = rusdata.frame("trade").set_index("id")
    numbered = [f for f in rusdata.trade() if f.value is not None]
    assert numbered
    for f in numbered:
        assert trade[f.id]["value"] == f.value
        assert Decimal(repr(float(pdf.loc[f.id, "value"]))) == f.value


@pytest.mark.parametrize(
    "number", ["0.1000000000000000055511151231257827", "12345678901234567891", "1e400"]
)
def test_a_number_a_float_would_round_is_refused(number: str) -> None:
    col = Column("value", "number", "a figure")
    with pytest.raises(RusdataError, match="without rounding"):
        as_float(col, [Decimal(number)])
    assert as_float(col, [Decimal("1.6"), None, Decimal("790000000")]) == [1.6, None, 790000000.0]


def test_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(
        RusdataError, match=r"no table 'visit' \(did you mean 'visits'\?\); tables: .*visits"
    ):
        rusdata.frame("visit")


def test_dates_are_dates_not_timestamps_in_polars() -> None:
    starts = rusdata.polars_frame("visits")["date_start"].drop_nulls().to_list()
    assert starts and all(type(d) is dt.date for d in starts)


@pytest.mark.parametrize(("call", "module"), [("frame", "pandas"), ("polars_frame", "polars")])
def test_frames_name_their_extra(monkeypatch: pytest.MonkeyPatch, call: str, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(Exception, match=rf'pip install "rusdata\[{module}\]"'):
        getattr(rusdata, call)("visits")


def test_a_type_without_a_mapping_is_an_error() -> None:
    """A new Table Schema type must get a mapping per target, never a silent string."""
    from rusdata.exports.frames import pandas_dtype, polars_dtype
    from rusdata.exports.parquet import arrow_type
    from rusdata.exports.sqlite import sql_type

    col = Column("flag", "boolean", "a new kind of column")
    for mapping in (pandas_dtype, polars_dtype, arrow_type, sql_type):
        with pytest.raises(RusdataError, match="no export type for Table Schema type 'boolean'"):
            mapping(col)
