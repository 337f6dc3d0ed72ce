"""One version everywhere, and the generated citation metadata: CITATION.cff (valid CFF 1.2.0)
and the schema.org Dataset, consistent with datapackage.json and the sources table."""

from __future__ import annotations

import csv
import json
import posixpath
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from conftest import REPO, Project

import rusdata
from rusdata.release.changelog import top_release

CFF_SCHEMA = REPO / "schemas" / "vendor" / "cff-1.2.0" / "schema.json"
RELEASE_FILES = ("CHANGELOG.md", "CITATION.cff", "docs/dataset.jsonld")


class CffLoader(yaml.SafeLoader):
    """CFF readers see YAML 1.2; keep timestamps as strings so the schema sees what they see."""


CffLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def cff(root: Path = REPO) -> dict[str, Any]:
    return yaml.load((root / "CITATION.cff").read_text(encoding="utf-8"), Loader=CffLoader)


def jsonld(root: Path = REPO) -> dict[str, Any]:
    return json.loads((root / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))


def descriptor(root: Path = REPO) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def sources() -> list[dict[str, str]]:
    with (REPO / "data" / "sources.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def versions(root: Path) -> dict[str, str]:
    """The version as each release file states it."""
    with (root / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]["version"]
    release = top_release((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert release is not None, "CHANGELOG.md has no release heading"
    return {
        "pyproject.toml": project,
        "datapackage.json": descriptor(root)["version"],
        "CITATION.cff": cff(root)["version"],
        "docs/dataset.jsonld": jsonld(root)["version"],
        "CHANGELOG.md": release.version,
    }


def test_one_version_everywhere() -> None:
    found = versions(REPO) | {"rusdata.__version__": rusdata.__version__}
    assert len(set(found.values())) == 1, found


def test_a_disagreeing_changelog_is_caught(project: Project) -> None:
    changelog = project.root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    release = top_release(text)
    assert release is not None
    changelog.write_text(
        text.replace(f"## [{release.version}]", "## [9.9.9] - 2030-01-01\n\n## [x]", 1),
        encoding="utf-8",
    )
    assert len(set(versions(project.root).values())) == 2


def test_changelog_top_release_skips_unreleased() -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n## [0.1.0] - 2026-11-23\n"
    release = top_release(text)
    assert release is not None
    assert (release.version, release.date) == ("0.2.0", "2026-12-01")
    assert top_release("# Changelog\n\n## [Unreleased]\n") is None


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    data = cff()
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert errors == []
    broken = {**data, "references": [{**data["references"][0], "authors": []}]}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))  # the check bites


def test_citation_dates_and_versions_are_quoted_strings() -> None:
    # Plain safe_load, as most tools read CFF: unquoted, 2026-11-23 would become a date.
    data = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data["date-released"], str)
    assert isinstance(data["version"], str)
    assert all(isinstance(r.get("date-published", ""), str) for r in data["references"])


def test_citation_metadata_follows_descriptor_and_changelog() -> None:
    data, d = cff(), descriptor()
    release = top_release((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert release is not None
    assert data["cff-version"] == "1.2.0"
    assert data["type"] == "dataset"
    assert data["date-released"] == release.date
    # the version in the title too: BibTeX converted from CFF has no other place for it
    assert data["title"] == f"{d['title']} (version {d['version']})"
    assert data["abstract"] == d["description"]
    assert data["keywords"] == d["keywords"]
    assert data["license"] == d["licenses"][0]["name"] == "CC-BY-4.0"
    assert data["authors"] == [{"name": "rusdata contributors"}]


def test_citation_references_are_the_sources_as_they_identify_themselves() -> None:
    refs = cff()["references"]
    rows = sources()
    assert len(refs) == len(rows)
    for ref, src in zip(refs, rows, strict=True):
        assert ref["type"] in ("article", "generic")
        assert ref["title"] == (src["title"] or f"Untitled article ({src['file']})")
        assert src["file"] in ref["notes"] and src["sha256"] in ref["notes"]
        full_day = src["date_published_precision"] == "day"
        assert ref.get("date-published") == (src["date_published"] if full_day else None)
        assert ref["authors"] == [{"name": src["author"] or "anonymous"}]  # none invented
        # The URL is where we found the text, not the text's claim: the notes say so.
        assert ref.get("url") == (src["located_url"] or None) and "doi" not in ref
        if src["located_url"]:
            assert "located by us, not stated by the text" in ref["notes"]


def test_descriptor_identifies_sources_and_licenses_the_quotes() -> None:
    d = descriptor()
    for entry, src in zip(d["sources"], sources(), strict=True):
        assert "path" not in entry
        assert src["file"] in entry["title"] and src["sha256"] in entry["title"]
    assert "excerpts" in d["licenses"][0]["title"]
    assert {"contributors", "keywords"} <= d.keys()


def test_jsonld_is_a_schema_org_dataset_consistent_with_the_descriptor() -> None:
    data, d = jsonld(), descriptor()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert (data["name"], data["description"]) == (d["title"], d["description"])
    assert data["version"] == d["version"]
    assert data["license"] == d["licenses"][0]["path"]
    assert data["keywords"] == d["keywords"]
    assert data["creator"] == [{"@type": "Organization", "name": "rusdata contributors"}]
    assert [w["name"] for w in data["isBasedOn"]] == [
        s["title"] or f"Untitled article ({s['file']})" for s in sources()
    ]
    downloads = data["distribution"]
    assert [x["name"] for x in downloads] == [r["name"] for r in d["resources"]]
    for x, r in zip(downloads, d["resources"], strict=True):
        assert x["@type"] == "DataDownload"
        assert x["encodingFormat"] == "text/csv"
        # relative to docs/dataset.jsonld, it names the resource's CSV
        assert posixpath.normpath(posixpath.join("docs", x["contentUrl"])) == r["path"]
        assert (REPO / r["path"]).is_file()


def test_build_renders_release_files_from_the_changelog(project: Project) -> None:
    (project.root / "CITATION.cff").unlink()
    (project.root / "docs" / "dataset.jsonld").unlink()
    result = project.run("build", "--check")
    assert result.code == 1
    assert {"stale: CITATION.cff", "stale: docs/dataset.jsonld"} <= set(result.out.splitlines())
    assert project.run("build").code == 0
    for rel in RELEASE_FILES:  # byte-identical to the committed ones: no clock, no randomness
        assert (project.root / rel).read_bytes() == (REPO / rel).read_bytes(), rel


def test_missing_changelog_is_a_clear_error(project: Project) -> None:
    (project.root / "CHANGELOG.md").unlink()
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 1
    assert "CHANGELOG.md not found" in result.err
    assert "Traceback" not in result.out + result.err
    assert project.snapshot() == before


def test_release_date_comes_from_the_changelog(project: Project) -> None:
    changelog = project.root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    dated = text.replace("\n## [", "\n## [0.1.0] - 2031-02-03\n\n## [", 1)  # a new top heading
    changelog.write_text(dated, encoding="utf-8")
    assert project.run("build").code == 0
    assert cff(project.root)["date-released"] == "2031-02-03"
    assert jsonld(project.root)["datePublished"] == "2031-02-03"


def test_changelog_without_release_heading_is_a_clear_error(project: Project) -> None:
    (project.root / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", encoding="utf-8")
    result = project.run("build")
    assert result.code == 1
    assert "CHANGELOG.md: no release heading" in result.err
    assert "Traceback" not in result.out + result.err


def test_changelog_counts_match_the_package() -> None:
    """The top release's "`table`: N ..." lines state totals of the data as built, so the
    counts cannot go stale (a later release states its totals in the same form)."""
    import csv
    import re

    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    top = top_release(text)
    assert top is not None
    release = text[text.index(f"\n## [{top.version}]") :].split("\n## [", 2)[1]
    # Changes not yet released state the totals they lead to under [Unreleased].
    if "\n## [Unreleased]" in text:
        unreleased = text[text.index("\n## [Unreleased]") :].split("\n## [", 2)[1]
        if re.search(r"`(\w+)`: (\d+) ", unreleased):
            release = unreleased
    stated = {m[1]: int(m[2]) for m in re.finditer(r"`(\w+)`: (\d+)\s", release)}
    stated |= {m[1]: int(m[2]) for m in re.finditer(r"`(\w+)` \((\d+)\s", release)}
    # Every table of the registry, and only those: a table added states its total too.
    from rusdata.schema.columns import tables

    missing, unknown = set(tables()) - set(stated), set(stated) - set(tables())
    assert not missing and not unknown, (
        f"totals missing for {missing}, stated for no table {unknown}"
    )
    for table, n in stated.items():
        with (REPO / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            assert sum(1 for _ in csv.DictReader(f)) == n, table


RELEASE_1_0_0 = "0b520c8"  # the commit "Release 1.0.0"


def test_2_0_0_is_a_major_change_and_the_changelog_maps_every_id_that_left() -> None:
    """Issue 21 against the 1.0.0 release: `rusdata diff` says major, and every released id
    that left its table is in the CHANGELOG's map, pointing at a record that exists."""
    import re
    import subprocess

    import pytest

    from rusdata.release.diff import compare, version_ok
    from rusdata.release.snapshot import from_ref, from_tree

    found = subprocess.run(
        ["git", "cat-file", "-e", f"{RELEASE_1_0_0}^{{commit}}"], cwd=REPO, capture_output=True
    )
    if found.returncode != 0:
        pytest.skip("a shallow clone without the 1.0.0 commit")
    old, new = from_ref(REPO, RELEASE_1_0_0), from_tree(REPO)
    diff = compare(old, new)
    assert diff.bump == "major" and version_ok(diff)
    added = {t.name for t in diff.tables if any("table added" in c.text for c in t.schema)}
    assert {"claims", "identities", "identity_records"} <= added
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    # Every release's map (a later one maps ids of 2.0.0 that have left since): an id is
    # followed through the maps to the record that holds its fact now.
    mapped: dict[str, str] = {}
    for part in text.split("### Where released ids went")[1:]:
        section = part.split("\n### ", 1)[0].split("\n## [", 1)[0]
        found_map = re.findall(
            r"^\| `([a-z_]+/[a-z0-9-]+)` \| `([a-z_]+/[a-z0-9-]+)`", section, re.M
        )
        for old_id, new_id in found_map:
            mapped.setdefault(old_id, new_id)
    removed = {
        f"{t.name}/{key}" for t in diff.tables if not t.parts_of_records for key in t.removed
    }
    assert removed, "nothing left its table"
    assert removed <= set(mapped), sorted(removed - set(mapped))
    for key in removed:
        target, seen = mapped[key], {key}
        while target in mapped and target not in seen:
            seen.add(target)
            target = mapped[target]
        table, rid = target.split("/")
        assert rusdata.get(table, rid).id == rid
