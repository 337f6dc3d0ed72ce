"""The typed accessors: every table, exactly the records the YAML holds, light to import."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from pydantic import BaseModel

import rusdata
from rusdata.checks.loading import Loaded
from rusdata.package.reader import installed
from rusdata.schema.columns import tables
from rusdata.schema.models import Visit

ACCESSORS = {
    "timeline": rusdata.timeline,
    "visits": rusdata.visits,
    "exercises": rusdata.exercises,
    "arms_transfers": rusdata.arms_transfers,
    "agreements": rusdata.agreements,
    "trade": rusdata.trade,
    "pipelines": rusdata.pipelines,
    "milestones": rusdata.milestones,
    "people": rusdata.people,
    "sources": rusdata.sources,
    "discrepancies": rusdata.discrepancies,
    "citations": rusdata.citations,
    "record_people": rusdata.record_people,
    "discrepancy_records": rusdata.discrepancy_records,
    "inferences": rusdata.inferences,
}


def test_one_accessor_per_resource() -> None:
    assert set(ACCESSORS) == set(tables())


@pytest.mark.parametrize(
    "table", [t for t, info in tables().items() if not info.owners and not info.generated]
)
def test_records_survive_yaml_to_csv_to_model(table: str, repo_loaded: Loaded) -> None:
    """Every record read back from the CSVs, validated into its model, equals the record
    validated from the YAML; and its fields hold the same values, children included."""
    read = ACCESSORS[table]()
    expected = repo_loaded.records(table)
    assert [r.model() for r in read] == expected
    for record, model in zip(read, expected, strict=True):
        for name in type(model).model_fields:
            value, want = getattr(record, name), getattr(model, name)
            if isinstance(want, list) and want and isinstance(want[0], BaseModel):
                assert [v.model() for v in value] == want, (record.id, name)
            else:
                assert value == want and type(value) is type(want), (record.id, name)


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


def test_records_convert_to_pydantic_models_and_dicts() -> None:
    visit = rusdata.visits()[0]
    assert type(visit.model()) is Visit
    assert visit.model_dump() == visit.model().model_dump()
    assert json.loads(visit.model_dump_json())["id"] == visit.id
    assert dataclasses.asdict(visit)["citations"][0]["quote"] == visit.citations[0].quote


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
