"""The one reader of a built package: paths by the descriptor, csv module only, hash trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rusdata.errors import RusdataError
from rusdata.package.reader import Package, installed, sha256
from rusdata.safefiles import resource_path_problem


def descriptor(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_installed_package_is_trusted_everywhere() -> None:
    package = installed()
    for name in package.names:
        assert package.rows(name).trusted, name


def test_a_csv_is_found_by_the_resource_path_not_by_its_name(copied: Path) -> None:
    d = descriptor(copied)
    res = next(r for r in d["resources"] if r["name"] == "trade")
    (copied / "data" / "trade.csv").rename(copied / "data" / "figures.csv")
    res["path"] = "data/figures.csv"
    (copied / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    rows = Package.at(copied).rows("trade")
    assert rows.trusted and rows.header[0] == "id"


@pytest.mark.parametrize(
    "path", ["../secret.txt", "/etc/passwd", "data/../../x.csv", "data\\x.csv", "", "~/x"]
)
def test_a_path_leaving_the_package_is_refused(copied: Path, path: str) -> None:
    d = descriptor(copied)
    d["resources"][1]["path"] = path
    (copied / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(RusdataError, match="resource path"):
        Package.at(copied).rows(d["resources"][1]["name"])
    assert resource_path_problem(path) is not None


def test_a_line_separator_inside_a_cell_is_data(tmp_path: Path) -> None:
    """str.splitlines() would split a row at U+2028; the csv module keeps it in the cell."""
    data = 'id,quote\nq-1,"one\u2028two"\n'.encode()
    fields = [{"name": "id", "type": "string"}, {"name": "quote", "type": "string"}]
    d = {
        "resources": [
            {
                "name": "t",
                "path": "t.csv",
                "hash": "sha256:" + sha256(data),
                "schema": {"fields": fields},
            }
        ]
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    (tmp_path / "t.csv").write_bytes(data)
    rows = Package.at(tmp_path).rows("t")
    assert rows.rows == (("q-1", "one\u2028two"),) and rows.trusted


def test_an_edited_file_is_not_trusted(copied: Path) -> None:
    path = copied / "data" / "visits.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    assert Package.at(copied).rows("visits").trusted is False


def test_sha256_agrees_with_hashlib() -> None:
    import hashlib

    for data in (b"", b"abc", bytes(range(256)) * 100):
        assert sha256(data) == hashlib.sha256(data).hexdigest()


def test_missing_and_unknown_resources_are_clear_errors(copied: Path) -> None:
    (copied / "data" / "visits.csv").unlink()
    package = Package.at(copied)
    with pytest.raises(RusdataError, match=r"lists data/visits\.csv, which is missing"):
        package.rows("visits")
    with pytest.raises(RusdataError, match=r"no table 'visit' \(did you mean 'visits'\?\)"):
        package.rows("visit")
