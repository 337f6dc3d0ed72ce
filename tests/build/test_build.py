"""The build: deterministic, checkable, atomic; and the package it makes is a valid Data Package."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
from conftest import REPO, Project

from rusdata.schema.columns import tables
from rusdata.schema.models import TABLES

PROFILE = REPO / "schemas" / "vendor" / "datapackage-2.0" / "datapackage.json"


def descriptor() -> dict:  # type: ignore[type-arg]
    return json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))


def test_committed_outputs_are_up_to_date(project: Project) -> None:
    result = project.run("build", "--check")
    assert result.code == 0, result.out


def test_rebuild_changes_nothing(project: Project) -> None:
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 0
    assert "build: 0 of" in result.out
    assert project.snapshot() == before


def test_build_from_scratch_is_byte_identical(project: Project) -> None:
    before = project.snapshot()
    for path in [*project.root.glob("data/*.csv"), *project.root.glob("schemas/*.schema.json")]:
        path.unlink()
    (project.root / "datapackage.json").unlink()
    assert project.run("build").code == 0
    assert project.snapshot() == before


def test_check_lists_stale_and_extra_files_and_writes_nothing(project: Project) -> None:
    (project.root / "data" / "visits.csv").write_bytes(b"id\n")
    (project.root / "data" / "leftover.csv").write_bytes(b"x\n")
    project.edit("sources", "genre: analysis", "genre: news_report")  # changes sources.csv
    before = project.snapshot()
    result = project.run("build", "--check")
    assert result.code == 1
    stale = {
        line.removeprefix("stale: ")
        for line in result.out.splitlines()
        if line.startswith("stale:")
    }
    # The genre also flows into CITATION.cff's references and the JSON-LD.
    assert stale == {
        "data/visits.csv",
        "data/leftover.csv",
        "data/sources.csv",
        "datapackage.json",
        "CITATION.cff",
        "docs/dataset.jsonld",
    }
    assert project.snapshot() == before


def test_failed_build_leaves_outputs_untouched(project: Project) -> None:
    project.edit("sources", "genre: analysis", "genre: blog")
    project.edit("visits", "- id: ", "- id: Bad_Id")
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 1
    assert "nothing written" in result.err
    assert len(result.problems) == 2
    assert project.snapshot() == before


def test_resource_per_table_with_bytes_and_hash() -> None:
    d = descriptor()
    assert [r["name"] for r in d["resources"]] == list(tables())
    for r in d["resources"]:
        data = (REPO / r["path"]).read_bytes()
        assert r["path"] == f"data/{r['name']}.csv"
        assert r["bytes"] == len(data)
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_descriptor_against_vendored_v2_profile() -> None:
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    d = descriptor()
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    errors = list(jsonschema.Draft7Validator(profile).iter_errors(d))
    assert errors == []


def test_profile_check_is_not_vacuous() -> None:
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    d = descriptor()
    d["resources"][0]["schema"]["fields"][0]["type"] = "no-such-type"
    assert list(jsonschema.Draft7Validator(profile).iter_errors(d))


def test_descriptor_metadata() -> None:
    d = descriptor()
    for key in ("name", "title", "description", "version", "licenses"):
        assert d[key]
    # never the clock: the release date of CHANGELOG.md, so rebuilds stay byte-identical
    from rusdata.release.changelog import read_release

    assert d["created"] == f"{read_release(REPO).date}T00:00:00Z"


def test_table_schema_carries_the_model_constraints() -> None:
    schemas = {r["name"]: r["schema"] for r in descriptor()["resources"]}
    status = next(f for f in schemas["visits"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == [c["value"] for c in status["categories"]]
    assert "occurred" in status["constraints"]["enum"]
    ident = next(f for f in schemas["visits"]["fields"] if f["name"] == "id")
    assert ident["constraints"] == {"required": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"}
    assert schemas["visits"]["primaryKey"] == ["id"]
    assert schemas["citations"]["primaryKey"] == ["table", "record_id", "ordinal"]
    fks = {
        fk["fields"][0]: fk["reference"]["resource"] for fk in schemas["citations"]["foreignKeys"]
    }
    assert fks == {"source_id": "sources", "speaker_id": "people"}
    fks = {
        fk["fields"][0]: fk["reference"]["resource"]
        for fk in schemas["record_people"]["foreignKeys"]
    }
    assert fks == {"person_id": "people"}
    start = next(f for f in schemas["visits"]["fields"] if f["name"] == "date_start")
    assert start["type"] == "date"


def test_json_schema_per_yaml_file_and_each_file_points_to_it() -> None:
    for name in TABLES:
        schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["type"] == "array"
        first = (REPO / "data" / "yaml" / f"{name}.yaml").read_text(encoding="utf-8").split("\n")[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{name}.schema.json"


def test_yaml_validates_against_its_json_schema() -> None:
    """The editor's view (JSON Schema on YAML 1.2 data) agrees with the validator's."""
    import yaml

    for name in TABLES:
        schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        # Editors read YAML 1.2, where 2014-11-20 is a string; BaseLoader is the closest.
        data = yaml.load(
            (REPO / "data" / "yaml" / f"{name}.yaml").read_text(encoding="utf-8"),
            Loader=yaml.BaseLoader,
        )
        validator = jsonschema.Draft202012Validator(schema)
        errors = [e for e in validator.iter_errors(data) if not _is_scalar_type_only(e)]
        assert errors == [], (name, [e.message for e in errors[:3]])


def _is_scalar_type_only(error: jsonschema.ValidationError) -> bool:
    # BaseLoader reads numbers as strings; an editor's YAML 1.2 parser does not.
    return error.validator in ("type", "anyOf") and isinstance(error.instance, str)


def test_frictionless_validates_the_package(frictionless_report: Any) -> None:
    report = frictionless_report
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:5]


def test_frictionless_catches_an_enum_violation(tmp_path: Path) -> None:
    """frictionless enforces the constraints we emit (not only `categories`). The whole package
    is validated once (conftest's frictionless_report); this reads only the broken table."""
    import frictionless

    (tmp_path / "data").mkdir()
    text = (REPO / "data" / "visits.csv").read_text(encoding="utf-8")
    assert ",occurred," in text
    (tmp_path / "data" / "visits.csv").write_text(
        text.replace(",occurred,", ",happened,", 1), "utf-8"
    )
    (visits,) = [r for r in descriptor()["resources"] if r["name"] == "visits"]
    assert "foreignKeys" not in visits["schema"]  # it can be checked alone
    del visits["hash"], visits["bytes"]
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [visits]}), "utf-8")
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    errors = report.flatten(["type", "fieldName", "cell"])
    assert errors == [["constraint-error", "status", "happened"]]


def test_a_checkout_of_other_code_keeps_its_record_classes_and_says_so(project: Project) -> None:
    """The record classes derive from the running code: a checkout whose `rusdata/` is not
    that code (e.g. after `pip install .`) keeps its own, and build says it left them."""
    module = project.root / "rusdata" / "package" / "classes.py"
    module.parent.mkdir(parents=True)
    module.write_text("# another version's classes\n", encoding="utf-8")
    for args in (["build", "--check"], ["build"]):
        result = project.run(*args)
        assert result.code == 0, result.out
        assert "note: rusdata/package/classes.py left as it is" in result.err
    assert module.read_text(encoding="utf-8") == "# another version's classes\n"
    assert "left as it is" not in Project(REPO, project.capsys).run("build", "--check").err
