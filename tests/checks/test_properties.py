"""Property tests: bad input never crashes; every record survives YAML → CSV → typed model."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import TEXT, edited
from yaml_reference import composed, same

from rusdata.build.render import render
from rusdata.checks.loading import Loaded
from rusdata.checks.rules import validate
from rusdata.checks.yamlio import YamlError, parse
from rusdata.package.reader import Package
from rusdata.package.records import records
from rusdata.schema.columns import tables
from rusdata.schema.models import TABLES

FILES = {t: (REPO / "data" / "yaml" / f"{t}.yaml").read_text(encoding="utf-8") for t in TABLES}


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A copy of the YAML to edit, one file per example."""
    root = Path(tempfile.mkdtemp(prefix="rusdata-prop-"))
    shutil.copy(REPO / "pyproject.toml", root)
    shutil.copytree(REPO / "data" / "yaml", root / "data" / "yaml")
    yield root
    shutil.rmtree(root)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_edits_give_problems_not_crashes(scratch: Path, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(sorted(FILES)))
    text = data.draw(edited(FILES[table]))
    path = scratch / "data" / "yaml" / f"{table}.yaml"
    try:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        loaded = validate(scratch)  # must return, never raise
        for p in loaded.problems:
            assert p.path and p.line >= 0 and p.message
        try:
            ours = parse(text)
        except YamlError:
            return
        assert same(ours, composed(text))  # what the reader accepts, PyYAML reads the same
    finally:
        path.write_text(FILES[table], encoding="utf-8")


def _text_fields(model: type) -> list[str]:
    t = tables()[model.table.name]
    return [
        c.source
        for c in t.columns
        if c.type == "string" and c.pattern == r"^\S(.*\S)?$" and not c.is_list and c.source
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_round_trip_with_awkward_values(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    repo_loaded: Loaded,
    data: st.DataObject,
) -> None:
    # The shared validation is borrowed: the changed record is put back in `finally`.
    LOADED = repo_loaded
    table = data.draw(st.sampled_from([t for t in TABLES if LOADED.entries.get(t)]))
    entries = LOADED.entries[table]
    i = data.draw(st.integers(0, len(entries) - 1))
    record = entries[i].record
    changes = {
        f: data.draw(TEXT)
        for f in data.draw(st.sets(st.sampled_from(_text_fields(type(record))), max_size=3))
    }
    if "value" in type(record).model_fields:
        changes["value"] = data.draw(
            st.decimals(
                allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9
            )
        )
    if getattr(record, "citations", None):
        cite = record.citations[0].model_copy(update={"quote": data.draw(TEXT)})
        changes["citations"] = [cite, *record.citations[1:]]
    changed = type(record).model_validate({**record.model_dump(), **changes})
    original = entries[i].record
    entries[i].record = changed
    try:
        root = tmp_path_factory.mktemp("rt")
        for rel, content in render(LOADED).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        back = {r.id: r for r in records(table, Package.at(root))}
        assert back[changed.id].model() == changed
        if "value" in changes:
            assert isinstance(back[changed.id].value, Decimal)
    finally:
        entries[i].record = original
