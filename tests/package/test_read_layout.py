"""The fast accessor path: its per-model layout agrees with the columns, and trust is checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rusdata.checks.loading import Loaded
from rusdata.errors import RusdataError
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


def _edit(root: Path, table: str, column: str, value: str) -> None:
    """Set `column` of the first row of `table`'s CSV to `value` (its hash no longer matches)."""
    path = root / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header, first, *rest = list(csv.reader(f))
    first[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, first, *rest])


@pytest.mark.parametrize("table", list(tables()))
def test_every_table_reads_the_same_when_untrusted(copied: Path, table: str) -> None:
    trusted = records(table, Package.at(copied))
    for name in tables():  # every file, so link tables and mappings are validated too
        path = copied / "data" / f"{name}.csv"
        path.write_bytes(path.read_bytes() + b"\n")
    edited = Package.at(copied)
    assert records(table, edited) == trusted
    assert edited.rows(table).trusted is False


# (file, column, a value only the models refuse, the accessors whose read must refuse it)
REFUSED = [
    ("sources", "title", " leading space", ["sources"]),
    ("visits", "status", "happened", ["visits"]),
    ("citations", "ordinal", "0", ["visits", "citations"]),
    ("record_people", "ordinal", "x", ["visits", "record_people"]),
    ("citations", "record_id", "BAD ID", ["people", "citations"]),
    ("inferences", "record_id", "BAD ID", ["visits", "inferences"]),
    ("discrepancy_records", "target_table", "timeline", ["discrepancies", "discrepancy_records"]),
    ("timeline", "table", "people", ["timeline"]),
    ("citations", "table", "nonsense", ["visits", "citations"]),
    ("inferences", "table", "sources", ["visits", "inferences"]),
    ("inferences", "field", "bogus", ["visits", "inferences"]),
]


@pytest.mark.parametrize(("table", "column", "value", "readers"), REFUSED)
def test_an_invalid_edit_is_caught(
    copied: Path, table: str, column: str, value: str, readers: list[str]
) -> None:
    _edit(copied, table, column, value)
    for reader in readers:
        with pytest.raises(
            RusdataError, match=rf"data/{table}.csv \(changed since the build\): row .*: {column}"
        ):
            records(reader, Package.at(copied))


def test_an_edit_the_models_accept_is_read_as_they_read_it(copied: Path) -> None:
    """A spreadsheet writes a whole number as "5.0": the validator takes it, so the reader
    takes the validated value, not the cell."""
    size = records("sources", Package.at(copied))[0].bytes
    _edit(copied, "sources", "bytes", f"{size}.0")
    (first, *_) = records("sources", Package.at(copied))
    assert first.bytes == size and type(first.bytes) is int


def test_what_reads_cells_refuses_what_the_accessors_refuse(
    copied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exports (through `cells`), `stated` and `rusdata show` read the same checked rows."""
    from rusdata.cli import main
    from rusdata.package.cells import cells
    from rusdata.package.stated import inferred

    _edit(copied, "visits", "status", "bogus")
    with pytest.raises(RusdataError, match=r"data/visits.csv .*: status"):
        cells(tables()["visits"], Package.at(copied))
    capsys.readouterr()
    assert main(["--root", str(copied), "show", "visits"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("rusdata: error: data/visits.csv (changed since the build)")
    _edit(copied, "inferences", "field", "bogus")
    with pytest.raises(RusdataError, match=r"data/inferences.csv .*: field: 'bogus' is not one of"):
        inferred(Package.at(copied))
