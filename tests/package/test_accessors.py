"""The typed accessors: every table, exactly the records the YAML holds, light to import."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from pydantic import BaseModel

import rusdata
from rusdata.build import timeline
from rusdata.checks.loading import Loaded
from rusdata.package.classes import TABLES as CLASSES
from rusdata.package.reader import installed
from rusdata.schema.columns import tables
from rusdata.schema.dates import PartialDate
from rusdata.schema.fields import split_mark
from rusdata.schema.models import ROW_MODELS, TABLES, Visit

# The accessors are generated from the registry: one per table, named as the table.
ACCESSORS = {name: getattr(rusdata, name) for name in tables() if hasattr(rusdata, name)}


def test_one_accessor_per_resource() -> None:
    assert set(ACCESSORS) == set(tables()) == set(rusdata.tables())
    assert set(tables()) <= set(rusdata.__all__)
    for name, accessor in ACCESSORS.items():
        assert accessor.__doc__ and tables()[name].title in accessor.__doc__
        # the return type names the class the table's rows are read into
        assert accessor.__annotations__["return"] == f"list[{CLASSES[name].__name__}]"


def _expected(table: str, loaded: Loaded) -> list[BaseModel]:
    """Table `table` as pydantic models made from the YAML, in the CSV's order."""
    records = {name: loaded.records(name) for name in TABLES}
    t = tables()[table]
    if t.generated:
        return list(timeline.entries(records))
    if not t.owners:
        return list(records[table])
    row_model = ROW_MODELS[t.model]  # type: ignore[index]
    rows = []
    for owner in t.owners:
        field = next(f for f, link in tables()[owner].links.items() if link == table)
        for rec in records[owner]:
            held = getattr(rec, field)
            if isinstance(held, dict):  # a mapping: one row per key (inferred)
                key, value = t.model.model_fields
                items = [{key: k, value: v} for k, v in held.items()]
            else:
                items = [{"ordinal": i, **c.model_dump()} for i, c in enumerate(held, 1)]
            rows += [
                row_model.model_validate({"table": owner, "record_id": rec.id, **item})
                for item in items
            ]
    return rows  # in owner order; the test pairs link rows by their primary key


def _same(record: object, model: BaseModel, where: object) -> None:
    """`record` holds exactly `model`'s values, of exactly the same types, children included."""
    assert type(model).__name__ == type(record).MODEL, where  # type: ignore[attr-defined]
    for name in type(model).model_fields:
        value, want = getattr(record, name), getattr(model, name)
        if isinstance(want, list) and want and isinstance(want[0], BaseModel):
            assert len(value) == len(want), (where, name)
            for v, w in zip(value, want, strict=True):
                _same(v, w, (where, name))
            continue
        assert value == want and type(value) is type(want), (where, name, value, want)
        if isinstance(want, list | dict):
            assert [type(v) for v in value] == [type(v) for v in want], (where, name)
        if isinstance(want, PartialDate):
            got = (value.start, value.end, value.precision)
            assert got == (want.start, want.end, want.precision), (where, name)


@pytest.mark.parametrize("table", list(tables()))
def test_records_hold_exactly_what_the_yaml_holds(table: str, repo_loaded: Loaded) -> None:
    """Every record read back from the CSVs holds the values, of the same types, that the
    pydantic models validated from the YAML hold: record, link and generated tables alike."""
    read = ACCESSORS[table]()
    expected = _expected(table, repo_loaded)
    assert len(read) == len(expected) > 0
    if tables()[table].owners:  # link rows: paired by primary key, every key once
        key = tables()[table].primary_key
        by_key = {tuple(getattr(m, k) for k in key): m for m in expected}
        expected = [by_key.pop(tuple(getattr(r, k) for k in key)) for r in read]
        assert not by_key
    for i, (record, model) in enumerate(zip(read, expected, strict=True)):
        _same(record, model, (table, i))
    assert [r.model() for r in read] == expected


def test_link_rows_match_the_records() -> None:
    """Each link table holds exactly the child rows of the records that own it."""
    for name, link in tables().items():
        if not link.owners:
            continue
        expected = sum(
            len(getattr(r, field))
            for owner in link.owners
            for field, target in tables()[owner].links.items()
            if target == name
            for r in ACCESSORS[owner]()
        )
        assert len(ACCESSORS[name]()) == expected > 0, name


def test_records_are_frozen() -> None:
    visit = rusdata.visits()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.id = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.citations[0].quote = "x"  # type: ignore[misc]


def test_records_dump_as_the_models_from_the_yaml_do(repo_loaded: Loaded) -> None:
    for visit, model in zip(rusdata.visits(), repo_loaded.records("visits"), strict=True):
        assert type(visit.model()) is Visit
        assert visit.model_dump() == model.model_dump()
        assert visit.model_dump(mode="json") == model.model_dump(mode="json")
        assert json.loads(visit.model_dump_json()) == json.loads(model.model_dump_json())
        assert dataclasses.asdict(visit)["citations"][0]["quote"] == model.citations[0].quote
        # Set fields: what a CSV cell states, and the child lists
        unset = visit.model_dump(exclude_unset=True)
        assert set(unset) == {k for k, v in model.model_dump().items() if v not in (None, [])} | {
            "citations",
            "people",
            "inferred",
        }


def test_stated_records_dump_with_their_inferred_values_blank() -> None:
    blanked = 0
    for rec in rusdata.stated("visits"):
        dumped = rec.model_dump()
        for key in rec.inferred:
            field, item = split_mark(key)
            if item is None:
                assert dumped[field] in (None, []), (rec.id, field)
            else:  # one item of a list: gone from it, the others kept
                items = [v["person"] if isinstance(v, dict) else v for v in dumped[field]]
                assert item not in items, (rec.id, key)
            blanked += 1
    assert blanked > 0


def test_each_record_has_its_own_lists() -> None:
    """Changing one record's list (frozen is shallow) changes no other record or later read."""
    first = rusdata.visits()
    first[0].citations.append(first[0].citations[0])
    first[0].inferred["x"] = "y"
    again = rusdata.visits()
    assert len(again[0].citations) == len(first[0].citations) - 1
    assert "x" not in again[0].inferred
    bare = [r for r in again if not r.people]
    assert len(bare) > 1 and bare[0].people is not bare[1].people


def test_partial_dates_keep_their_precision() -> None:
    dated = [v for v in rusdata.visits() if v.date is not None]
    assert dated
    for v in dated:
        assert v.date.start <= v.date.end
        assert v.date.precision in ("decade", "year", "month", "day")


def test_descriptor_path_opens_with_frictionless() -> None:
    import frictionless

    package = frictionless.Package(str(rusdata.descriptor_path()))
    assert {r.name for r in package.resources} == set(tables())


def test_import_is_light() -> None:
    # The export modules and the CLI import their optional extras only when called.
    code = (
        "import sys, rusdata; rusdata.visits(); rusdata.frame, rusdata.polars_frame; "
        "import rusdata.exports.frames, rusdata.exports.parquet, rusdata.exports.sqlite; "
        "heavy = {'yaml', 'jsonschema', 'frictionless', 'pandas', 'polars', 'pyarrow', "
        "'numpy', 'duckdb', 'datasette'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_bare_import_loads_no_pydantic() -> None:
    code = "import sys, rusdata; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_every_table_loads_no_pydantic() -> None:
    """The typed read path is standard library only: no pydantic, pydantic_core or
    annotated_types, whichever table is read (the packaged CSVs are hash-trusted)."""
    code = (
        "import sys, rusdata; n = sum(len(rusdata.load(t)) for t in rusdata.tables()); "
        "rusdata.get('visits', rusdata.visits()[0].id); "
        "rusdata.follow(rusdata.citations()[0], 'source'); "
        "print(n, sorted({'pydantic', 'pydantic_core', 'annotated_types'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) == sum(len(installed().rows(t).rows) for t in rusdata.tables()) > 0
    assert loaded.strip() == "[]"
