"""Docs and metadata a catalogue or a reader relies on: vocabularies described, CAMEO meanings
that do not repeat the code, the country-code standard in every country column's description,
JSON-LD coverage and access, a version in the BibTeX, both licences in the wheel."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, Project

import rusdata
from rusdata.build.citation import content_url, render_jsonld
from rusdata.release.changelog import Release
from rusdata.schema import vocab
from rusdata.schema.columns import tables
from rusdata.schema.countries import COUNTRY_DOC

VOCABS = [
    v
    for v in vars(vocab).values()
    if isinstance(v, type) and issubclass(v, vocab.Vocab) and v is not vocab.Vocab
]


@pytest.mark.parametrize("v", VOCABS, ids=[v.__name__ for v in VOCABS])
def test_every_vocabulary_has_its_own_description(v: type[vocab.Vocab]) -> None:
    doc = " ".join((v.__dict__.get("__doc__") or "").split())
    assert doc and doc != vocab.Vocab.__doc__
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    if f"### {v.__name__}\n" in dictionary:
        assert f"### {v.__name__}\n\n{doc}\n" in dictionary


@pytest.mark.parametrize("v", VOCABS, ids=[v.__name__ for v in VOCABS])
def test_meanings_do_not_repeat_the_value(v: type[vocab.Vocab]) -> None:
    for m in v:
        assert not m.label.startswith(m.value), m


def test_every_country_column_names_the_standard() -> None:
    assert "ISO 3166-1 alpha-3" in COUNTRY_DOC
    country_columns = [(t.name, c) for t in tables().values() for c in t.columns if c.country]
    assert len(country_columns) >= 10
    d = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in d["resources"] for f in r["schema"]["fields"]}
    for table, c in country_columns:
        assert COUNTRY_DOC in c.description, (table, c.name)
        assert COUNTRY_DOC in fields[table, c.name]["description"]


def test_jsonld_coverage_and_access() -> None:
    data = json.loads((REPO / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
    rows = rusdata.timeline()
    first = min(e.date.start.year for e in rows)
    last = max(e.date.end.year for e in rows)
    assert data["temporalCoverage"] == f"{first}/{last}" == "1948/2021"
    assert data["isAccessibleForFree"] is True
    sides = {v.actor for v in rusdata.visits()} | {
        v.counterpart for v in rusdata.visits() if v.counterpart
    }
    assert {p["identifier"] for p in data["spatialCoverage"]} == sides
    assert all(p["@type"] == "Country" and p["name"] for p in data["spatialCoverage"])


def test_content_urls_are_absolute_under_a_download_base() -> None:
    d = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    base = "https://data.example.org/rusdata/0.2.0/"
    data = render_jsonld(d, Release("0.2.0", "2026-11-23"), [], (1948, 2021), base)
    urls = [x["contentUrl"] for x in data["distribution"]]
    assert urls == [f"https://data.example.org/rusdata/0.2.0/{r['path']}" for r in d["resources"]]
    assert content_url(d, "data/visits.csv", None) == "../data/visits.csv"


def test_build_takes_the_base_from_project_urls(project: Project) -> None:
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace(
            "[project.scripts]",
            '[project.urls]\nDownload = "https://data.example.org/r/"\n\n[project.scripts]',
        ),
        encoding="utf-8",
    )
    assert project.run("build").code == 0
    data = json.loads((project.root / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
    assert data["distribution"][0]["contentUrl"] == "https://data.example.org/r/data/timeline.csv"


def test_wheel_names_both_licences(tmp_path: Path) -> None:
    import os

    from hatchling.build import build_wheel

    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        name = build_wheel(str(tmp_path))
    finally:
        os.chdir(cwd)
    with zipfile.ZipFile(tmp_path / name) as whl:
        meta = whl.read(next(n for n in whl.namelist() if n.endswith("METADATA"))).decode()
        names = whl.namelist()
    assert "License-Expression: MIT AND CC-BY-4.0" in meta.splitlines()
    assert {"License-File: LICENSE", "License-File: LICENSES/CC-BY-4.0.txt"} <= set(
        meta.splitlines()
    )
    text = next(n for n in names if n.endswith("licenses/LICENSES/CC-BY-4.0.txt"))
    with zipfile.ZipFile(tmp_path / name) as whl:
        legal = whl.read(text).decode()
    assert legal.startswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in legal
