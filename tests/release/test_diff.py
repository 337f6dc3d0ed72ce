"""`rusdata diff`: each kind of change gets the bump the semver-for-data rule gives it, on a real
(temporary) git repository holding a small synthetic package."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import git

from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.package.reader import Package
from rusdata.release.diff import (
    compare,
    compare_field,
    compare_schemas,
    required_version,
    version_ok,
)

FIELDS = [
    {"name": "id", "type": "string", "constraints": {"required": True}},
    {"name": "name", "type": "string", "description": "What it is called"},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
]
ROWS = "id,name,kind\nt-1,One,a\nt-2,Two,b\n"


def descriptor(version: str = "1.2.0") -> dict[str, Any]:
    return {
        "name": "tiny",
        "description": "A tiny package for the diff tests",
        "version": version,
        "resources": [
            {
                "name": "things",
                "path": "data/things.csv",
                "title": "Things",
                "schema": {"fields": copy.deepcopy(FIELDS), "primaryKey": ["id"]},
            }
        ],
    }


class Repo:
    """A git repository whose HEAD holds the synthetic package; the tests edit the working tree."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.capsys = root, capsys

    def git(self, *args: str) -> None:
        git(self.root, *args)

    def write(self, d: dict[str, Any], csv: str = ROWS) -> None:
        (self.root / "data").mkdir(exist_ok=True)
        (self.root / "datapackage.json").write_text(json.dumps(d, indent=2), encoding="utf-8")
        (self.root / "data" / "things.csv").write_text(csv, encoding="utf-8")

    def commit(self, message: str = "release") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def diff(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--root", str(self.root), "diff", *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Repo:
    r = Repo(tmp_path, capsys)
    r.git("init", "-q")
    (tmp_path / "README.md").write_text("no package yet\n", encoding="utf-8")
    r.commit("before the package")
    r.git("tag", "pre")
    r.write(descriptor())
    r.commit()
    r.git("tag", "v1.2.0")
    return r


def bump_line(out: str) -> str:
    (line,) = [x for x in out.splitlines() if x.startswith("required bump:")]
    return line.split()[2]


def test_nothing_changed_is_none(repo: Repo) -> None:
    code, out, _ = repo.diff("v1.2.0")
    assert code == 0
    assert "no changes" in out
    assert bump_line(out) == "none"


def test_field_added_is_minor(repo: Repo) -> None:
    d = descriptor()
    d["resources"][0]["schema"]["fields"].append({"name": "note", "type": "string"})
    repo.write(d, "id,name,kind,note\nt-1,One,a,\nt-2,Two,b,x\n")
    code, out, _ = repo.diff("v1.2.0")
    assert code == 0
    assert "[minor] field added: note (string)" in out
    assert bump_line(out) == "minor"
    assert "~ t-2" not in out  # a value in a new column is not a corrected value


def test_enum_value_removed_is_major(repo: Repo) -> None:
    d = descriptor()
    d["resources"][0]["schema"]["fields"][2]["constraints"]["enum"] = ["a"]
    repo.write(d, "id,name,kind\nt-1,One,a\nt-2,Two,a\n")
    _, out, _ = repo.diff("v1.2.0")
    assert "[major] field kind: enum values removed: b" in out
    assert "~ t-2: kind" in out
    assert bump_line(out) == "major"


def test_record_removed_is_major(repo: Repo) -> None:
    repo.write(descriptor(), "id,name,kind\nt-1,One,a\n")
    _, out, _ = repo.diff("v1.2.0")
    assert "records: 0 added, 1 removed, 0 changed" in out
    assert "  - t-2" in out
    assert bump_line(out) == "major"


def test_record_added_is_minor(repo: Repo) -> None:
    repo.write(descriptor(), ROWS + "t-3,Three,b\n")
    _, out, _ = repo.diff("v1.2.0")
    assert "  + t-3" in out
    assert bump_line(out) == "minor"


def test_value_corrected_is_patch_and_names_the_field(repo: Repo) -> None:
    repo.write(descriptor(), "id,name,kind\nt-1,One,a\nt-2,Deux,b\n")
    _, out, _ = repo.diff("v1.2.0")
    assert "  ~ t-2: name" in out
    assert bump_line(out) == "patch"


def test_description_changed_is_patch(repo: Repo) -> None:
    d = descriptor()
    d["description"] = "A tiny package, described better"
    d["resources"][0]["schema"]["fields"][1]["description"] = "Its name"
    repo.write(d)
    _, out, _ = repo.diff("v1.2.0")
    assert "[patch] package description changed" in out
    assert "[patch] field name: description changed" in out
    assert bump_line(out) == "patch"


def test_check_requires_the_bump_applied_to_the_ref_version(repo: Repo) -> None:
    repo.write(descriptor("1.2.0"), ROWS + "t-3,Three,b\n")  # minor change, version unchanged
    code, _, err = repo.diff("v1.2.0", "--check")
    assert code == 1
    assert "lower than 1.3.0" in err
    repo.write(descriptor("1.3.0"), ROWS + "t-3,Three,b\n")
    code, out, _ = repo.diff("v1.2.0", "--check")
    assert code == 0, out
    repo.write(descriptor("1.3.0"), "id,name,kind\nt-1,One,a\n")  # major needs 2.0.0
    assert repo.diff("v1.2.0", "--check")[0] == 1


def test_without_check_a_low_version_still_exits_0(repo: Repo) -> None:
    repo.write(descriptor(), "id,name,kind\nt-1,One,a\n")
    assert repo.diff("v1.2.0")[0] == 0


def test_unknown_ref_is_a_clear_error(repo: Repo) -> None:
    code, out, err = repo.diff("no-such-tag")
    assert code == 1
    assert "rusdata: error: unknown git ref 'no-such-tag'" in err
    assert "Traceback" not in out + err


def test_ref_without_a_package_is_a_clear_error(repo: Repo) -> None:
    code, out, err = repo.diff("pre")
    assert code == 1
    assert "has no datapackage.json" in err
    assert "Traceback" not in out + err


def test_package_in_a_subfolder_of_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = Repo(tmp_path, capsys)
    top.git("init", "-q")
    sub = Repo(tmp_path / "pkg", capsys)
    sub.root.mkdir()
    sub.write(descriptor())
    top.commit()
    sub.write(descriptor(), ROWS + "t-3,Three,b\n")
    code, out, _ = sub.diff("HEAD")
    assert code == 0
    assert bump_line(out) == "minor"


# Pure comparison: the classes of change the git tests do not walk through.


def package(d: dict[str, Any], rows: dict[str, list[dict[str, str]]]) -> Package:
    """A package in memory: `d` with each resource's rows written as its CSV."""
    import csv
    import io

    files = {"datapackage.json": json.dumps(d).encode()}
    for r in d["resources"]:
        buf = io.StringIO()
        table = rows.get(r["name"], [])
        names = [f["name"] for f in r["schema"]["fields"]]
        names = list(dict.fromkeys([k for row in table for k in row] + names))
        writer = csv.DictWriter(buf, names, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(table)
        files[r["path"]] = buf.getvalue().encode()
    return Package.open(files.get, "memory")


def field(**kw: Any) -> dict[str, Any]:
    return {"name": "f", "type": "string", **kw}


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        (field(), field(type="integer"), "major"),
        (field(), field(constraints={"required": True}), "major"),
        (field(constraints={"required": True}), field(), "minor"),
        (field(constraints={"enum": ["a"]}), field(constraints={"enum": ["a", "b"]}), "minor"),
        (field(), field(constraints={"enum": ["a"]}), "major"),
        (field(constraints={"enum": ["a"]}), field(), "minor"),
        (field(), field(constraints={"pattern": "[a-z]+"}), "major"),
        (field(constraints={"pattern": "[a-z]+"}), field(), "minor"),
        (field(constraints={"minimum": 1}), field(constraints={"minimum": 2}), "major"),
        (field(constraints={"minimum": 2}), field(constraints={"minimum": 1}), "minor"),
        (field(constraints={"maxLength": 9}), field(constraints={"maxLength": 5}), "major"),
        (field(constraints={"maxLength": 5}), field(constraints={"maxLength": 9}), "minor"),
        (field(categories=["a"]), field(categories=[{"value": "a", "label": "A"}]), "patch"),
    ],
)
def test_field_changes(old: dict[str, Any], new: dict[str, Any], bump: str) -> None:
    (change,) = compare_field(old, new)
    assert change.bump == bump


def test_schema_changes() -> None:
    base = {"fields": copy.deepcopy(FIELDS), "primaryKey": ["id"]}
    renamed = copy.deepcopy(base)
    renamed["fields"][1]["name"] = "title"
    bumps = {c.text: c.bump for c in compare_schemas(base, renamed)}
    assert bumps == {"field added: title (string)": "minor", "field removed: name": "major"}
    reordered = copy.deepcopy(base)
    reordered["fields"].reverse()
    assert [c.bump for c in compare_schemas(base, reordered)] == ["major"]
    rekeyed = {**base, "primaryKey": ["id", "name"]}
    assert [c.bump for c in compare_schemas(base, rekeyed)] == ["major"]
    assert compare_schemas(base, copy.deepcopy(base)) == []


def test_tables_added_and_removed() -> None:
    old = package(descriptor(), {"things": []})
    new_d = descriptor()
    new_d["resources"][0]["name"] = "items"
    diff = compare(old, package(new_d, {"items": [{"id": "t-1"}]}))
    assert {t.name: t.bump for t in diff.tables} == {"items": "minor", "things": "major"}
    assert diff.bump == "major"


def test_changed_key_is_not_compared_row_by_row() -> None:
    new_d = descriptor()
    new_d["resources"][0]["schema"]["primaryKey"] = ["name"]
    rows = [{"id": "t-1", "name": "One", "kind": "a"}]
    (table,) = compare(
        package(descriptor(), {"things": rows}), package(new_d, {"things": []})
    ).tables
    assert (table.added, table.removed, table.bump) == ([], [], "major")


@pytest.mark.parametrize(
    ("version", "bump", "needed"),
    [
        ("0.1.0", "major", "1.0.0"),
        ("0.1.3", "minor", "0.2.0"),
        ("0.1.3", "patch", "0.1.4"),
        ("0.1.3", "none", "0.1.3"),
    ],
)
def test_required_version(version: str, bump: str, needed: str) -> None:
    assert required_version(version, bump) == needed


def test_version_comparison_is_numeric() -> None:
    rows = {"things": [{"id": "t-1", "name": "One", "kind": "a"}]}
    old, new = package(descriptor("0.9.0"), {"things": []}), package(descriptor("0.10.0"), rows)
    assert version_ok(compare(old, new))  # 0.10.0 ≥ 0.10.0, though "0.10.0" < "0.9.0" as text
    with pytest.raises(RusdataError):
        required_version("1.0", "patch")


def test_link_rows_are_parts_of_records_so_patch() -> None:
    """A quote dropped from or added to a record corrects that record: a patch, not a major."""
    d = descriptor()
    schema = d["resources"][0]["schema"]
    schema["primaryKey"] = ["table", "record_id", "ordinal"]
    keys = [{"name": k, "type": "string"} for k in schema["primaryKey"]]
    schema["fields"] = keys + schema["fields"]  # a link table's columns: keys first
    row = {
        "table": "visits",
        "record_id": "v-1",
        "ordinal": "1",
        "id": "x",
        "name": "q",
        "kind": "a",
    }
    second = {**row, "ordinal": "2"}
    removed = compare(package(d, {"things": [row, second]}), package(d, {"things": [row]}))
    added = compare(package(d, {"things": [row]}), package(d, {"things": [row, second]}))
    assert [(t.removed, t.bump) for t in removed.tables] == [(["visits/v-1/2"], "patch")]
    assert [(t.added, t.bump) for t in added.tables] == [(["visits/v-1/2"], "patch")]
