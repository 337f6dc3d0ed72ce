"""DOI-ready: .zenodo.json and CITATION.cff from one source, agreeing field by field; the DOI
and the project's home, once set in [tool.rusdata.release], flow into both, the descriptor, the
JSON-LD and the annotations; the release archive is byte-identical and validates unzipped."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, Project
from test_release import CFF_SCHEMA, cff, descriptor, jsonld

from rusdata.release.archive import members, render

DOI = "10.5281/zenodo.1234567"
HOME = "https://example.org/rusdata"


def zenodo(root: Path = REPO) -> dict[str, Any]:
    return json.loads((root / ".zenodo.json").read_text(encoding="utf-8"))


def agree(root: Path) -> None:
    z, c = zenodo(root), cff(root)
    assert z["upload_type"] == "dataset" and c["type"] == "dataset"
    assert z["title"] == c["title"]
    assert z["version"] == c["version"] == descriptor(root)["version"]
    assert z["publication_date"] == c["date-released"]
    assert [a["name"] for a in z["creators"]] == [a["name"] for a in c["authors"]]
    assert z["license"] == c["license"].lower()
    assert z["description"] == c["abstract"]
    assert z["keywords"] == c["keywords"]
    related = [r["identifier"] for r in z["related_identifiers"] if r["scheme"] == "url"]
    assert related == [i["value"] for i in c.get("identifiers", []) if i["type"] == "url"]
    doi = [r["identifier"] for r in z["related_identifiers"] if r["scheme"] == "doi"]
    assert doi == ([c["doi"]] if "doi" in c else [])
    jsonschema.validate(c, json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))


def test_zenodo_and_cff_agree_field_by_field() -> None:
    agree(REPO)
    assert "doi" not in cff() and "id" not in descriptor()  # no DOI is invented


def set_release(project: Project, home: str, doi: str) -> None:
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + f'\n[tool.rusdata.release]\nhome = "{home}"\ndoi = "{doi}"\n', encoding="utf-8"
    )


def test_a_doi_and_a_home_flow_into_every_output(project: Project) -> None:
    set_release(project, HOME, DOI)
    assert project.run("build").code == 0
    root = project.root
    agree(root)
    assert cff(root)["doi"] == DOI and cff(root)["url"] == HOME
    assert descriptor(root)["id"] == f"https://doi.org/{DOI}"
    assert descriptor(root)["homepage"] == HOME
    ld = jsonld(root)
    assert ld["@id"] == f"https://doi.org/{DOI}" and ld["identifier"]["value"] == DOI
    assert all(d["contentUrl"].startswith(HOME + "/data/") for d in ld["distribution"])
    annotations = json.loads((root / "docs" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert annotations["id"] == f"{HOME}/docs/annotations.jsonld"
    first = annotations["first"]["items"][0]
    assert first["id"].startswith(HOME + "/docs/annotations.jsonld#")
    assert first["body"]["id"].startswith(HOME + "/site/")


@pytest.mark.parametrize(
    ("key", "value"), [("doi", "doi:10.5281/x"), ("home", "http://insecure.example"), ("doi", "")]
)
def test_a_malformed_slot_is_one_error(project: Project, key: str, value: str) -> None:
    path = project.root / "pyproject.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + f'\n[tool.rusdata.release]\n{key} = "{value}"\n',
        encoding="utf-8",
    )
    before = project.snapshot()
    result = project.run("build", "--check")
    if value == "":  # empty means "not yet": valid
        assert result.code == 0, result.err
        return
    assert result.code == 1
    assert f"pyproject.toml: [tool.rusdata.release] {key} must be empty or like" in result.err
    assert project.snapshot() == before


def test_the_archive_is_byte_identical_and_validates_unzipped(tmp_path: Path) -> None:
    import frictionless

    first, second = render(REPO), render(REPO)
    assert first == second
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert all(n.startswith("rusdata-") for n in names)
        z.extractall(tmp_path)
    (top,) = list(tmp_path.iterdir())
    for needed in (
        "datapackage.json",
        "CITATION.cff",
        "LICENSE",
        "LICENSES/CC-BY-4.0.txt",
        "docs/data-dictionary.md",
        "docs/annotations.jsonld",
        "releases/changes.csv",
        "data/citations.csv",
    ):
        assert (top / needed).is_file(), needed
    report = frictionless.validate(top / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_archive_needs_every_resource(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "node_modules"))
    assert "data/visits.csv" in members(root)
    (root / "data" / "visits.csv").unlink()
    from rusdata.errors import RusdataError

    with pytest.raises(RusdataError, match=r"data/visits\.csv"):
        members(root)
