"""Any tool reads the CSVs: DuckDB, polars, pandas and frictionless agree with the typed accessors.

Each tool reads every CSV twice: as plain text (must give exactly the accessors' cells) and with
the column types datapackage.json declares (must give the accessors' values).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import duckdb
import expected
import frictionless
import pandas as pd
import polars as pl
import pytest

import rusdata
from rusdata.schema.columns import tables

TABLES = list(tables())


def _declared(name: str) -> list[tuple[str, str]]:
    """(column, Table Schema type) as datapackage.json declares them: what a tool is told."""
    dp = json.loads(rusdata.descriptor_path().read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in dp["resources"] if r["name"] == name)
    return [(f["name"], f["type"]) for f in schema["fields"]]


def _typed(name: str) -> list[list[Any]]:
    """The accessors' values as a CSV reader sees them: lists stay `;`-joined text."""
    cols = tables()[name].columns
    return [
        [expected.scalar(c, v) for c, v in zip(cols, row, strict=True)]
        for row in expected.values(name)
    ]


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_reads_every_csv(name: str) -> None:
    path = expected.csv_path(name)
    opts = "header = true, delim = ',', quote = '\"', escape = '\"'"
    con = duckdb.connect()
    text = con.execute(f"SELECT * FROM read_csv(?, {opts}, all_varchar = true)", [path])
    assert [["" if v is None else v for v in r] for r in text.fetchall()] == expected.cells(name)
    sql_types = {
        "string": "VARCHAR",
        "integer": "BIGINT",
        "number": "DECIMAL(38, 9)",
        "date": "DATE",
    }
    columns = {n: sql_types[t] for n, t in _declared(name)}
    typed = con.execute(f"SELECT * FROM read_csv(?, {opts}, columns = {columns!r})", [path])
    expected.assert_rows_equal(name, [list(r) for r in typed.fetchall()], _typed(name))


@pytest.mark.parametrize("name", TABLES)
def test_polars_reads_every_csv(name: str) -> None:
    path = expected.csv_path(name)
    text = pl.read_csv(path, infer_schema=False)
    assert [["" if v is None else v for v in r] for r in text.rows()] == expected.cells(name)
    pl_types = {
        "string": pl.String,
        "integer": pl.Int64,
        "number": pl.Decimal(38, 9),
        "date": pl.Date,
    }
    typed = pl.read_csv(path, schema={n: pl_types[t] for n, t in _declared(name)})
    expected.assert_rows_equal(name, [list(r) for r in typed.rows()], _typed(name))


def _py(v: Any) -> Any:
    if pd.isna(v):  # None, <NA>, NaT (no lists here: they stay text)
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v.item() if hasattr(v, "item") else v


@pytest.mark.parametrize("name", TABLES)
def test_pandas_reads_every_csv(name: str) -> None:
    path = expected.csv_path(name)
    text = pd.read_csv(path, dtype=str, keep_default_na=False)  # the README's recipe
    assert text.values.tolist() == expected.cells(name)
    declared = _declared(name)
    dtypes = {"string": "string", "integer": "Int64", "number": "Float64", "date": "string"}
    typed = pd.read_csv(
        path,
        dtype={n: dtypes[t] for n, t in declared},
        keep_default_na=False,
        na_values=[""],
        parse_dates=[n for n, t in declared if t == "date"],
        date_format="%Y-%m-%d",
    )
    got = [[_py(v) for v in row] for row in typed.itertuples(index=False)]
    expected.assert_rows_equal(name, got, _typed(name))


def test_frictionless_reads_every_row_of_every_table(frictionless_report: Any) -> None:
    """The one validation of the package (shared with test_build.py) read each resource whole."""
    assert [t.name for t in frictionless_report.tasks] == TABLES
    assert [t.stats["rows"] for t in frictionless_report.tasks] == [
        len(rusdata.load(name)) for name in TABLES
    ]


@pytest.fixture(scope="module")
def package() -> frictionless.Package:
    """The installed package as frictionless opens it, once for every table."""
    return frictionless.Package(str(rusdata.descriptor_path()))


@pytest.mark.parametrize("name", TABLES)
def test_frictionless_reads_typed_values(name: str, package: frictionless.Package) -> None:
    resource = package.get_resource(name)
    cols = [c.name for c in tables()[name].columns]
    got = [[row[c] for c in cols] for row in resource.read_rows()]
    expected.assert_rows_equal(name, got, _typed(name))


def test_typed_values_have_the_declared_python_types() -> None:
    """The any-tool comparisons above are strict about types: check they meet each kind."""
    kinds = {type(v) for name in TABLES for row in _typed(name) for v in row}
    assert {str, int, Decimal, dt.date, type(None)} <= kinds
