"""`rusdata cite TABLE ID`: a citation of one record names the version, the record, its page and
the sources of its quotes; with a DOI and a home set, the DOI and the page's address."""

from __future__ import annotations

import csv
import tomllib

from conftest import REPO, Project

from rusdata.release.history import read_releases, record

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_cite_names_version_record_and_sources(project: Project) -> None:
    result = project.run("cite", "visits", "lavrov-islamabad-2021-04")
    assert result.code == 0
    out = result.out
    assert f"version {VERSION}" in out and "record visits/lavrov-islamabad-2021-04" in out
    assert "visits/lavrov-islamabad-2021-04.html" in out
    with open(REPO / "data" / "citations.csv", encoding="utf-8", newline="") as f:
        cited = {
            r["source_id"]
            for r in csv.DictReader(f)
            if r["record_id"] == "lavrov-islamabad-2021-04"
        }
    assert cited and all(f"({s}" in out for s in cited)
    assert f"@misc{{rusdata-{VERSION.replace('.', '-')}-visits-lavrov-islamabad-2021-04," in out
    assert "doi" not in out.lower()  # none is minted yet, none is invented
    bib = project.run("cite", "visits", "lavrov-islamabad-2021-04", "--bibtex").out
    assert bib.startswith("@misc{") and bib.count("{") == bib.count("}")


def test_cite_with_a_doi_and_a_home(project: Project) -> None:
    path = project.root / "pyproject.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[tool.rusdata.release]\nhome = "https://example.org/rusdata"\n'
        'doi = "10.5281/zenodo.1234567"\n',
        encoding="utf-8",
    )
    assert project.run("build").code == 0
    out = project.run("cite", "exercises", "friendship-2017").out
    assert "https://doi.org/10.5281/zenodo.1234567" in out
    assert "https://example.org/rusdata/site/exercises/friendship-2017.html" in out
    assert "doi = {10.5281/zenodo.1234567}" in out


def test_cite_an_unknown_record(project: Project) -> None:
    result = project.run("cite", "visits", "lavrov-islamabad")
    assert result.code == 1 and "no record 'lavrov-islamabad' in visits" in result.err
    assert project.run("cite", "vists", "x").code == 1


def test_latest_names_the_newest_release_commit() -> None:
    releases = read_releases(REPO)
    newest = releases[-1]
    assert record(REPO, latest=newest.commit) == record(REPO)
    moved = record(REPO, latest=releases[-2].commit)[  # the newest release "made" elsewhere
        "releases/releases.csv"
    ].decode()
    assert f"{newest.version},{newest.date},{releases[-2].commit}" in moved
