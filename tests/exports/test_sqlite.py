"""rusdata export sqlite: DDL from the models, constraints enforced, exact round trip, datasette."""

from __future__ import annotations

import html
import json
import sqlite3
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

import expected
import pytest

import rusdata
import rusdata.exports.sqlite
import rusdata.package.cells
from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.exports.sqlite import NAVIGATION, metadata_path, q
from rusdata.schema.columns import Table, tables

TABLES = list(tables())


@pytest.fixture(scope="module")
def db_path(sqlite_export: Path) -> Path:
    return sqlite_export


@pytest.fixture
def db(db_path: Path) -> sqlite3.Connection:
    """A scratch in-memory copy of the export, to break at will."""
    mem = sqlite3.connect(":memory:")
    with sqlite3.connect(db_path) as src:
        src.backup(mem)
    return mem


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return expected.cell(Decimal(repr(v)))
    return "" if v is None else str(v)


def _cols(t: Table) -> str:
    """The table's own columns (not the generated navigation columns of link tables)."""
    return ", ".join(q(c.name) for c in t.columns)


def _pk_order(t: Table) -> str:
    return ", ".join(q(k) for k in t.primary_key)


@pytest.mark.parametrize("name", TABLES)
def test_round_trip_equals_the_csv_and_the_accessors(db: sqlite3.Connection, name: str) -> None:
    t = tables()[name]
    got = [
        [_cell(v) for v in row]
        for row in db.execute(f"SELECT {_cols(t)} FROM {q(name)} ORDER BY rowid")
    ]
    # Inserted in the CSV's order (primary key; the timeline by date), so rowid keeps it.
    assert got == expected.csv_rows(name) == expected.cells(name)
    keyed = [
        list(r) for r in db.execute(f"SELECT {_cols(t)} FROM {q(name)} ORDER BY {_pk_order(t)}")
    ]
    assert sorted(got, key=lambda row: _key(t, row)) == [[_cell(v) for v in r] for r in keyed]


def test_tables_are_strict_with_declared_keys(db: sqlite3.Connection) -> None:
    for name, t in tables().items():
        (strict,) = db.execute(
            "SELECT strict FROM pragma_table_list WHERE name = ?", (name,)
        ).fetchone()
        assert strict == 1, name
        info = db.execute(f"PRAGMA table_info({q(name)})").fetchall()
        assert [r[1] for r in info] == [c.name for c in t.columns]
        assert [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] == list(t.primary_key)
        assert {r[1]: bool(r[3]) for r in info} == {c.name: c.required for c in t.columns}
        fks = {(r[3], r[2], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({q(name)})")}
        navigation = {(NAVIGATION.format(o), o, "id") for o in t.owners}
        assert fks == {(c.name, c.ref, "id") for c in t.columns if c.ref} | navigation
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def _insert_variant(db: sqlite3.Connection, t: Table, **changes: Any) -> None:
    """Insert a copy of the table's first row under a new key, with `changes` applied."""
    cur = db.execute(f"SELECT {_cols(t)} FROM {q(t.name)} LIMIT 1")
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    # A new key: the last free key column changed (`ordinal` in link tables, else `id`; in the
    # timeline `record_id`, since `date_field` allows only a few values).
    last = [t.column(k) for k in t.primary_key if not t.column(k).allowed][-1]
    row[last.name] = 99999 if last.type == "integer" else "zz-new-row"
    row.update(changes)
    marks = ", ".join("?" * len(row))
    db.execute(f"INSERT INTO {q(t.name)} VALUES ({marks})", list(row.values()))


def test_a_copy_of_a_row_under_a_new_key_is_accepted(db: sqlite3.Connection) -> None:
    """The baseline of the constraint tests below: an unbroken row goes in."""
    db.execute("PRAGMA foreign_keys = ON")
    for t in tables().values():
        (before,) = db.execute(f"SELECT count(*) FROM {q(t.name)}").fetchone()
        _insert_variant(db, t)
        assert db.execute(f"SELECT count(*) FROM {q(t.name)}").fetchone() == (before + 1,), t.name
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("name", TABLES)
def test_constraints_are_enforced(db: sqlite3.Connection, name: str) -> None:
    t = tables()[name]
    db.execute("PRAGMA foreign_keys = ON")
    cases: list[tuple[str, Any, str]] = []
    for col in t.columns:
        if col.allowed:
            cases.append((col.name, "not-a-value", "CHECK"))
        if col.required:
            cases.append((col.name, None, "NOT NULL"))
        if col.minimum is not None:
            cases.append((col.name, col.minimum - 1, "CHECK"))
        if col.type == "date":
            cases.append((col.name, "2015-02-30", "CHECK"))
        if col.type == "integer":
            cases.append((col.name, "twelve", "cannot store TEXT value in INTEGER"))
        if col.ref:
            cases.append((col.name, "no-such-record", "FOREIGN KEY"))
    assert cases, name
    for column, bad, message in cases:
        with pytest.raises(sqlite3.IntegrityError, match=message):
            _insert_variant(db, t, **{column: bad})


def test_partial_date_ranges_are_checked(db: sqlite3.Connection) -> None:
    t = tables()["visits"]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # ends before it starts
        _insert_variant(
            db,
            t,
            date="2015",
            date_precision="year",
            date_start="2015-12-31",
            date_end="2015-01-01",
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # a start without its date
        _insert_variant(
            db, t, date=None, date_precision=None, date_start="2015-01-01", date_end=None
        )
    with pytest.raises(
        sqlite3.IntegrityError, match="CHECK constraint failed: date_end"
    ):  # no such day
        _insert_variant(
            db,
            t,
            date="2015-02",
            date_precision="month",
            date_start="2015-02-01",
            date_end="2015-02-30",
        )
    _insert_variant(
        db, t, date="2015", date_precision="year", date_start="2015-01-01", date_end="2015-12-31"
    )


def test_broken_references_fail_the_export_and_keep_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rusdata.db"
    path.write_bytes(b"old")
    real = rusdata.package.cells.cells
    monkeypatch.setattr(
        rusdata.package.cells, "cells", lambda t: [] if t.name == "people" else real(t)
    )
    assert main(["export", "sqlite", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rusdata: error: foreign keys broken: ")
    assert "people" in err and "Traceback" not in err
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rusdata.db"]  # no temp files left


def test_dangling_link_rows_fail_the_export(monkeypatch: pytest.MonkeyPatch) -> None:
    """citations.record_id names a record of the table in `table`: no FK can say so; load checks."""
    real = rusdata.package.cells.cells
    monkeypatch.setattr(
        rusdata.package.cells, "cells", lambda t: real(t)[1:] if t.name == "visits" else real(t)
    )
    with pytest.raises(RusdataError, match=r"citations: .* missing visits records"):
        rusdata.exports.sqlite.insert_rows(sqlite3.connect(":memory:"))


def test_export_is_deterministic(db_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    assert main(["export", "sqlite", str(again), "--metadata", str(tmp_path / "m.json")]) == 0
    assert not metadata_path(again).exists()  # --metadata chose another file
    assert (tmp_path / "m.json").read_bytes() == metadata_path(db_path).read_bytes().replace(
        f'"{db_path.stem}"'.encode(), f'"{again.stem}"'.encode()
    )
    dumps = []
    for p in (db_path, again):
        with sqlite3.connect(p) as c:
            dumps.append(list(c.iterdump()))
    assert dumps[0] == dumps[1]
    assert again.read_bytes() == db_path.read_bytes()  # same SQLite version: same bytes


def test_datasette_metadata_documents_every_table_and_column(db_path: Path) -> None:
    meta = json.loads(metadata_path(db_path).read_text(encoding="utf-8"))
    dp = json.loads(rusdata.descriptor_path().read_text(encoding="utf-8"))
    assert meta["license"] == dp["licenses"][0]["name"] == "CC-BY-4.0"
    assert meta["license_url"] == dp["licenses"][0]["path"]
    assert meta["title"] == dp["title"] and meta["description"] == dp["description"]
    assert dp["version"] in meta["source"]
    documented = meta["databases"][db_path.stem]["tables"]
    views = {f"{n}_stated" for n, t in tables().items() if not t.keyed_by}
    assert set(documented) == set(tables()) | views | {"quote_links"}
    for view in views:  # each view of stated values is documented too
        assert documented[view]["title"].endswith(": stated values only")
    for name, t in tables().items():
        assert documented[name]["title"] == t.title
        assert documented[name]["description"] == t.description
        assert set(documented[name]["columns"]) == {c.name for c in t.columns}
        for c in t.columns:
            assert documented[name]["columns"][c.name].startswith(c.description)
            for v in c.allowed:
                assert v in documented[name]["columns"][c.name]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        return bytes(r.read())


@pytest.fixture(scope="module")
def datasette(datasette_site: str) -> str:
    """datasette serving the export on loopback: its base URL."""
    return datasette_site


@pytest.mark.parametrize("name", TABLES)
def test_datasette_serves_every_table_as_the_accessors_have_it(
    datasette: str, db_path: Path, name: str
) -> None:
    rows = json.loads(_get(f"{datasette}/{db_path.stem}/{name}.json?_shape=array&_size=max"))
    cols = [c.name for c in tables()[name].columns]
    navigation = [NAVIGATION.format(o) for o in tables()[name].owners]
    assert all(list(r) == cols + navigation for r in rows)
    for r in rows:  # each generated column holds the record_id of its own table's rows only
        assert all(
            r[NAVIGATION.format(o)] == (r["record_id"] if r["table"] == o else None)
            for o in tables()[name].owners
        )
    t = tables()[name]
    got = sorted(([_cell(r[c]) for c in cols] for r in rows), key=lambda row: _key(t, row))
    assert got == sorted(expected.cells(name), key=lambda row: _key(t, row))


def _key(t: Table, row: list[str]) -> tuple[Any, ...]:
    return tuple(
        int(row[i]) if c.type == "integer" else row[i]
        for i, c in enumerate(t.columns)
        if c.name in t.primary_key
    )


def test_datasette_shows_the_metadata(datasette: str, db_path: Path) -> None:
    meta = json.loads(_get(f"{datasette}/-/metadata.json"))
    assert meta["license"] == "CC-BY-4.0"
    visits = tables()["visits"]
    page = html.unescape(_get(f"{datasette}/{db_path.stem}/visits").decode())
    assert visits.title in page and visits.description in page
    assert "CC-BY-4.0" in page
    status = visits.column("status")
    assert status.description in page  # column descriptions on the table page


def test_a_row_breaking_a_constraint_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = rusdata.exports.sqlite.sql_rows

    def bad_status(t: Table) -> list[tuple[Any, ...]]:
        rows = real(t)
        if t.name != "visits":
            return rows
        at = [c.name for c in t.columns].index("status")
        return [(*rows[0][:at], "rumoured", *rows[0][at + 1 :]), *rows[1:]]

    monkeypatch.setattr(rusdata.exports.sqlite, "sql_rows", bad_status)
    assert main(["export", "sqlite", str(tmp_path / "x.db")]) == 1
    assert capsys.readouterr().err == "rusdata: error: visits: CHECK constraint failed: status\n"
    assert list(tmp_path.iterdir()) == []


def test_datasette_links_every_located_source(datasette: str, db_path: Path) -> None:
    page = _get(f"{datasette}/{db_path.stem}/sources").decode()
    located = [s for s in rusdata.sources() if s.located_url]
    assert len(located) == 4
    for s in located:
        assert f'<a href="{html.escape(s.located_url)}">' in page  # in the table's description
    assert "not found published" in html.unescape(page)
