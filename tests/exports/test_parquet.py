"""rusdata export parquet: one file per table, Arrow types from the models, values as the accessors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import expected
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import rusdata
from rusdata.cli import main
from rusdata.schema.columns import Column, tables

TABLES = list(tables())


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parquet") / "out"
    assert main(["export", "parquet", str(folder)]) == 0
    return folder


def _want(col: Column) -> pa.DataType:
    if col.allowed:
        return pa.dictionary(pa.int32(), pa.string())
    if col.is_list:
        return pa.list_(pa.string())
    return {
        "integer": pa.int64(),
        "number": pa.decimal128(38, 9),
        "date": pa.date32(),
        "string": pa.string(),
    }[col.type]


def test_one_file_per_table(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_schema_types_per_column(out: Path, name: str) -> None:
    t = tables()[name]
    schema = pq.read_schema(out / f"{name}.parquet")
    assert schema.names == [c.name for c in t.columns]
    for col in t.columns:
        field = schema.field(col.name)
        assert field.type == _want(col), col.name
        assert field.nullable is not col.required, col.name
        assert field.metadata[b"description"].decode() == col.description
    meta = schema.metadata
    assert meta[b"title"].decode() == t.title
    assert json.loads(meta[b"primary_key"]) == list(t.primary_key)
    assert meta[b"version"].decode() == rusdata.__version__


@pytest.mark.parametrize("name", TABLES)
def test_values_equal_the_accessors(out: Path, name: str) -> None:
    table = pq.read_table(out / f"{name}.parquet")
    got = [list(row.values()) for row in table.to_pylist()]
    expected.assert_rows_equal(name, got, expected.values(name))


def test_dictionaries_hold_the_whole_vocabulary(out: Path) -> None:
    table = pq.read_table(out / "visits.parquet")
    for col in tables()["visits"].columns:
        if col.allowed:
            chunk = table.column(col.name).chunk(0)
            assert chunk.dictionary.to_pylist() == list(col.allowed), col.name


def test_export_is_deterministic(out: Path, tmp_path: Path) -> None:
    assert main(["export", "parquet", str(tmp_path)]) == 0
    for name in TABLES:
        a, b = out / f"{name}.parquet", tmp_path / f"{name}.parquet"
        assert pq.read_table(a).equals(pq.read_table(b), check_metadata=True)
        assert a.read_bytes() == b.read_bytes()  # same pyarrow version: same bytes


@pytest.mark.parametrize(
    ("argv", "module", "extra"),
    [
        (["export", "parquet", "{tmp}/pq"], "pyarrow", "parquet"),
        (["export", "parquet", "{tmp}/pq"], "pyarrow.parquet", "parquet"),
    ],
)
def test_missing_extra_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
    extra: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    assert main([a.format(tmp=tmp_path) for a in argv]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"rusdata: error: {module} is not installed; "
        f'install it with: pip install "rusdata[{extra}]"\n'
    )
    assert not (tmp_path / "pq").exists()
