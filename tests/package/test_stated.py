"""Inferred values in the package: the `inferences` table, the records' `inferred`, and the
one-step ways to keep only stated values (accessor, frames, SQLite views, `show --stated`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow.parquet as pq
import pytest
from conftest import REPO

import rusdata
from rusdata.checks.evidence import country_fields
from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.exports.sqlite import q
from rusdata.schema.columns import LIST_DELIMITER, tables
from rusdata.schema.country_names import NAMES
from rusdata.schema.fields import is_inferred, split_mark
from rusdata.schema.models import TABLES, Evidenced

INFERENCES = rusdata.inferences()
# Tables whose records can carry inferred values, and that the data has some for.
MARKED = sorted({i.table for i in INFERENCES})


def marks() -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for i in INFERENCES:
        out.setdefault((i.table, i.record_id), set()).add(i.field)
    return out


def stated_value(marks: set[str], field: str | None, value: Any) -> Any:
    """What keeping only stated values leaves of a field's value: nothing if the field is
    inferred, a list without its inferred items (`countries[PAK]`), else the value."""
    if field is None:
        return value
    if field in marks:
        return [] if isinstance(value, list) else None
    if not any(split_mark(m)[0] == field for m in marks):
        return value
    if isinstance(value, list):
        return [v for v in value if not is_inferred(marks, field, v)]
    if isinstance(value, str):  # a cell
        kept = stated_value(marks, field, value.split(LIST_DELIMITER))
        return LIST_DELIMITER.join(kept) or None
    return value


def test_the_data_marks_inferences_and_every_record_carries_its_own() -> None:
    assert INFERENCES, "the data holds inferred values"
    assert tables()["inferences"].primary_key == ("table", "record_id", "field")
    for i in INFERENCES:
        record = next(r for r in rusdata.load(i.table) if r.id == i.record_id)
        assert record.inferred[i.field] == i.reason
        field, item = split_mark(i.field)
        assert getattr(record, field) not in (None, [])
        if item is not None:  # one item of a list: the list holds it
            assert item in [getattr(v, "person", v) for v in getattr(record, field)]
    assert sum(len(r.inferred) for t in MARKED for r in rusdata.load(t)) == len(INFERENCES)


@pytest.mark.parametrize("table", MARKED)
def test_stated_blanks_exactly_the_inferred_fields(table: str) -> None:
    full = {r.id: r for r in rusdata.load(table)}
    stated = rusdata.stated(table)
    assert [r.id for r in stated] == list(full)
    for rec in stated:
        marks = set(full[rec.id].inferred)
        for field in (f.name for f in dataclasses.fields(rec)):
            want = (
                stated_value(marks, field, getattr(full[rec.id], field))
                if field != "inferred"
                else None
            )
            if field != "inferred":
                assert getattr(rec, field) == want, (rec.id, field)


def test_stated_drops_the_link_rows_and_dates_of_inferred_fields() -> None:
    inferred = marks()
    for name in ("record_people", "discrepancy_records", "timeline", "citations"):
        rows = rusdata.load(name)
        kept = rusdata.stated(name)
        field = {"record_people": "people", "discrepancy_records": "versions"}.get(name)
        for r in rows:
            mine = inferred.get((r.table, r.record_id), set())
            drop = (r.date_field if name == "timeline" else field) in mine
            drop = drop or f"{field}[{getattr(r, 'person', None)}]" in mine
            assert (r in kept) is not drop, (name, r)
    with pytest.raises(RusdataError, match="inferences holds only inferred values"):
        rusdata.stated("inferences")


def _stated_cell(marks: set[str], field: str | None, cell: str) -> str | None:
    return stated_value(marks, field, cell) if cell else cell


def _null(v: Any) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, list) and pd.isna(v))


@pytest.mark.parametrize("table", [*MARKED, "timeline", "record_people"])
def test_frames_keep_only_stated_values_as_stated_does(table: str) -> None:
    t = tables()[table]
    frame = rusdata.frame(table, stated_only=True)
    polars = rusdata.polars_frame(table, stated_only=True)
    full = rusdata.frame(table)
    inferred = marks()
    if t.owners or t.generated:
        assert len(frame) == len(polars) == len(rusdata.stated(table)) <= len(full)
        return
    assert list(frame["id"]) == list(full["id"])
    for i, rid in enumerate(frame["id"]):
        fields = inferred.get((table, rid), set())
        for col in t.columns:
            got, was = frame[col.name][i], full[col.name][i]
            if col.source in fields:
                assert _null(got) or got == [], (rid, col.name)
                assert polars[col.name][i] is None or list(polars[col.name][i]) == []
            elif col.is_list and any(split_mark(f)[0] == col.source for f in fields):
                assert list(got) == stated_value(fields, col.source, list(was)), (rid, col.name)
                assert list(polars[col.name][i]) == list(got)
            else:
                assert _null(got) == _null(was) and (_null(got) or str(got) == str(was))


@pytest.fixture(scope="module")
def db(sqlite_export: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{sqlite_export}?mode=ro", uri=True)


@pytest.mark.parametrize("table", [n for n in tables() if n != "inferences"])
def test_sqlite_stated_views_blank_what_is_inferred(db: sqlite3.Connection, table: str) -> None:
    t = tables()[table]
    names = [c.name for c in t.columns]
    base = db.execute(f"SELECT * FROM {q(table)}").fetchall()
    view = db.execute(f"SELECT * FROM {q(table + '_stated')}").fetchall()
    inferred = marks()
    if t.owners or t.generated:
        key = (names.index("table"), names.index("record_id"))
        mine = [inferred.get((r[key[0]], r[key[1]]), set()) for r in base]
        if t.generated:
            at = names.index("date_field")
            want = [r for r, m in zip(base, mine, strict=True) if r[at] not in m]
        else:
            field = {
                o: f for o in t.owners for f, link in tables()[o].links.items() if link == table
            }
            person = names.index("person_id") if "person_id" in names else None
            want = [
                r
                for r, m in zip(base, mine, strict=True)
                if field[r[key[0]]] not in m
                and (person is None or f"{field[r[key[0]]]}[{r[person]}]" not in m)
            ]
    else:
        at = names.index("id")
        want = [
            tuple(
                stated_value(inferred.get((table, r[at]), set()), c.source, v)
                if v is not None
                else v
                for c, v in zip(t.columns, r, strict=True)
            )
            for r in base
        ]
    assert view == want
    assert len(view) == len(rusdata.stated(table))


def test_readme_sql_keeps_only_stated_values(db: sqlite3.Connection) -> None:
    """The docs' query for one column: NULL where the value is inferred."""
    text = (REPO / "docs" / "using-the-tables.md").read_text(encoding="utf-8")
    start = text.index("-- Only stated host countries")
    query = text[start : text.index("```", start)]
    rows = dict(db.execute(query).fetchall())
    inferred = {
        i.record_id for i in INFERENCES if (i.table, i.field) == ("exercises", "host_country")
    }
    for e in rusdata.exercises():
        assert rows[e.id] == (None if e.id in inferred else e.host_country)


def test_parquet_holds_the_inferences(tmp_path: Path) -> None:
    assert main(["export", "parquet", str(tmp_path)]) == 0
    table = pq.read_table(tmp_path / "inferences.parquet")
    assert table.column_names == ["table", "record_id", "field", "reason"]
    got = [(r["table"], r["record_id"], r["field"], r["reason"]) for r in table.to_pylist()]
    assert got == [(i.table, i.record_id, i.field, i.reason) for i in INFERENCES]


def test_show_stated_blanks_inferred_cells(capsys: pytest.CaptureFixture[str]) -> None:
    # the first inferred value that is a column of its table (not people or versions)
    i = next(i for i in INFERENCES if any(c.source == i.field for c in tables()[i.table].columns))
    rows = []
    for flag in ((), ("--stated",)):
        capsys.readouterr()
        args = ["--root", str(REPO), "show", i.table, "--where", f"id={i.record_id}", "--csv"]
        assert main([*args, "--columns", "all", *flag]) == 0
        rows.append(next(csv.DictReader(io.StringIO(capsys.readouterr().out))))
    full, stated = rows
    column = next(c.name for c in tables()[i.table].columns if c.source == i.field)
    assert full[column] and stated[column] == ""
    # the record may have other inferred values: those are blanked too, every other cell is kept
    marks = {j.field for j in INFERENCES if (j.table, j.record_id) == (i.table, i.record_id)}
    blanked = {c.name for c in tables()[i.table].columns if c.source in marks}
    assert all(stated[k] == "" for k in blanked)
    # a list with some items inferred keeps the others (`parties[PAK]`)
    for c in tables()[i.table].columns:
        if c.is_list and any(split_mark(m)[0] == c.source for m in marks):
            assert stated[c.name] == (_stated_cell(marks, c.source, full[c.name]) or "")
            blanked.add(c.name)
    fields = {split_mark(m)[0] for m in marks}

    def kept(row: dict[str, str]) -> dict[str, str]:
        return {
            k: v
            for k, v in row.items()
            if k not in blanked and not any(k.startswith(f + "_") for f in fields)
        }

    assert kept(full) == kept(stated)


def test_json_schema_limits_inferred_to_the_records_fields() -> None:
    for name, model in TABLES.items():
        schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        if not issubclass(model, Evidenced):
            assert "inferred" not in schema["$defs"][model.__name__]["properties"]
            continue
        names = schema["$defs"][model.__name__]["properties"]["inferred"]["propertyNames"]
        if model.itemized():  # or an item of a list field: `countries[PAK]`
            names, each = names["anyOf"]
            assert each["pattern"] == rf"^({'|'.join(model.itemized())})\[\S(.*\S)?\]$"
        assert names["enum"] == list(model.inferable())
    schema = json.loads((REPO / "schemas" / "visits.schema.json").read_text(encoding="utf-8"))
    record: dict[str, Any] = {
        "id": "x",
        "summary": "x",
        "status": "occurred",
        "kind": "visit",
        "cameo": "042",
        "actor": "RUS",
        "citations": [{"source": "src-000", "quote": "x"}],
    }
    jsonschema.validate([{**record, "inferred": {"actor": "why"}}], schema)
    jsonschema.validate([{**record, "inferred": {"people[x-y]": "why"}}], schema)
    for bad in ({"actr": "why"}, {"actor": ""}, {"id": "why"}, {"actor[RUS]": "why"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([{**record, "inferred": bad}], schema)


def test_docs_explain_stated_and_inferred() -> None:
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert "**Stated or inferred.**" in dictionary and "## inferences" in dictionary
    readme = (REPO / "docs" / "using-the-tables.md").read_text(encoding="utf-8")
    assert "**Stated or inferred.**" in readme and "rusdata.stated(" in readme
    assert "Stated or inferred." in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_country_code_in_the_data_has_names() -> None:
    used = set()
    for name, model in TABLES.items():
        for field in country_fields(model):
            for rec in rusdata.load(name):
                value = getattr(rec, field)
                used |= set(value) if isinstance(value, list) else {value} - {None}
    assert used and used <= set(NAMES), used - set(NAMES)
    assert all(len(code) == 3 and code.isupper() for code in NAMES)


def test_an_inference_of_a_missing_record_fails_the_sqlite_export(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """inferences.record_id names a record of the table in `table`, as citations' does."""
    import rusdata.exports.sqlite
    import rusdata.package.cells

    i = INFERENCES[0]
    real = rusdata.package.cells.cells
    at = [c.name for c in tables()[i.table].columns].index("id")

    def without_the_record(t: Any) -> list[list[str]]:
        rows = real(t)
        return [r for r in rows if r[at] != i.record_id] if t.name == i.table else rows

    monkeypatch.setattr(rusdata.package.cells, "cells", without_the_record)
    # reported by the foreign key of the export's generated link column (or, where SQLite
    # cannot declare one, by the check of every link row's record)
    with pytest.raises(RusdataError, match=rf"inferences: .* missing {i.table} (row|records)"):
        rusdata.exports.sqlite.insert_rows(sqlite3.connect(":memory:"))
