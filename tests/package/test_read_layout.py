"""The fast accessor path: its per-model layout agrees with the columns, and trust is checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

from rusdata.checks.loading import Loaded
from rusdata.package.classes import TABLES as CLASSES
from rusdata.package.reader import Package
from rusdata.package.records import records
from rusdata.schema.columns import tables
from rusdata.schema.models import ROW_MODELS, TABLES


def test_layouts_agree_with_the_columns() -> None:
    """Every stored column is read into its field, for record and link tables alike."""
    for name, table in tables().items():
        # record tables; link tables read into their row class; generated tables, theirs
        cls = CLASSES[name]
        model = TABLES.get(name) or ROW_MODELS.get(table.model) or table.model  # type: ignore[call-overload]
        assert model.__name__ == cls.MODEL, name
        stored = {(c.name, c.source or c.name) for c in table.columns if not c.derived}
        assert {(col, field) for col, field, _ in cls.COLUMNS} == stored, name
        assert {(f, link) for f, link, _ in cls.LINKS} == set(table.links.items()), name


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    shutil.copy(REPO / "datapackage.json", tmp_path)
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("yaml"))
    return tmp_path


def test_an_edited_csv_is_validated_not_trusted(copied: Path, repo_loaded: Loaded) -> None:
    expected = repo_loaded.records("visits")
    package = Package.at(copied)
    trusted = records("visits", package)
    assert [r.model() for r in trusted] == expected
    assert package.rows("visits").trusted is True
    path = copied / "data" / "visits.csv"
    path.write_bytes(path.read_bytes() + b"\n")  # same rows, different hash
    edited = Package.at(copied)
    assert records("visits", edited) == trusted
    assert edited.rows("visits").trusted is False


def test_an_invalid_edit_is_caught(copied: Path) -> None:
    path = copied / "data" / "visits.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",occurred,", ",happened,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="status"):
        records("visits", Package.at(copied))
