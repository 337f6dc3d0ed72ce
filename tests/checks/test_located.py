"""Where the texts were found published: recorded apart from what they say of themselves, and
shown where readers and citation managers look (info, CITATION.cff, JSON-LD, datasette)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import REPO, Project, need_sources

import rusdata
from rusdata.cli import main
from rusdata.exports.sqlite import datasette_metadata

SOURCES_YAML = "data/yaml/sources.yaml"


HEADING = "## Where each text was published"
# The evidence: the sources folder's README section, copied into the repository so the tests
# need only the texts (a fresh machine has no README beside them).
EVIDENCE = REPO / "tests" / "checks" / "sources_located.md"


def _section(text: str) -> str:
    return text[text.index(HEADING) :]


def readme_locations() -> dict[str, str | None]:
    """file -> URL, from the table of where each text was published (the evidence)."""
    section = _section(EVIDENCE.read_text(encoding="utf-8"))
    out: dict[str, str | None] = {}
    for m in re.finditer(r"^\| (\S+\.txt) \| ([^|]+?) \|", section, re.M):
        out[m[1]] = m[2] if m[2].startswith("http") else None
    return out


def test_the_copied_evidence_is_the_sources_readme() -> None:
    readme = need_sources() / "README.md"
    if not readme.is_file():
        pytest.skip(f"{readme} not found: the copy in {EVIDENCE.name} is the evidence")
    assert _section(EVIDENCE.read_text(encoding="utf-8")) == _section(
        readme.read_text(encoding="utf-8")
    )


def test_each_located_url_is_the_one_the_evidence_gives() -> None:
    expected = readme_locations()
    assert sum(1 for u in expected.values() if u) == 4  # src-003 was not found
    assert {s.file: s.located_url for s in rusdata.sources()} == expected


def test_the_location_is_kept_apart_from_what_the_text_says() -> None:
    by_id = {s.id: s for s in rusdata.sources()}
    # The URL dates of src-002 and src-004 are what the location shows, not publication dates
    # the texts state: date_published stays empty.
    assert (str(by_id["src-002"].located_date), by_id["src-002"].located_date_text) == (
        "2021-04-14",
        "april-142021",
    )
    assert (str(by_id["src-004"].located_date), by_id["src-004"].located_date_text) == (
        "2018-04-05",
        "2018/04/05",
    )
    assert by_id["src-002"].date_published is None and by_id["src-004"].date_published is None
    for s in by_id.values():
        assert (s.located_url is None) == (s.location_evidence is None), s.id
        assert s.author is None  # no author taken from a domain name
    assert by_id["src-003"].located_url is None and by_id["src-003"].located_date is None


def test_info_shows_where_each_text_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--root", str(REPO), "info"]) == 0
    out = capsys.readouterr().out
    for s in rusdata.sources():
        block = out[out.index(f"  {s.id}  ") :].split("\n  src-", 1)[0].splitlines()
        if s.located_url:
            at = [li.strip() for li in block].index("found published at")
            url_line = block[at + 1].strip()  # the URL whole, on a line of its own
            assert url_line.startswith(s.located_url), block
            assert (f"(URL dated {s.located_date})" in url_line) == (s.located_date is not None)
        else:
            assert "not found published" in [li.strip() for li in block], block


def test_citation_cff_and_jsonld_carry_the_urls() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    jsonld = json.loads((REPO / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
    sources = rusdata.sources()
    for ref, work, s in zip(cff["references"], jsonld["isBasedOn"], sources, strict=True):
        assert ref.get("url") == s.located_url
        assert work.get("url") == s.located_url
        if s.located_url:
            assert "not stated by the text" in ref["notes"]
            assert "not stated by the text" in work["description"]
        if s.located_date:  # the URL's date is a note, never date-published
            assert f"its URL shows {s.located_date}" in ref["notes"]
            assert "date-published" not in ref and "datePublished" not in work


def test_datasette_metadata_links_the_urls() -> None:
    meta = datasette_metadata("rusdata")["databases"]["rusdata"]["tables"]["sources"]
    for s in rusdata.sources():
        if s.located_url:
            assert f'<a href="{s.located_url}">{s.located_url}</a>' in meta["description_html"]
    assert "Where we found the text published" in meta["columns"]["located_url"]


@pytest.mark.parametrize(
    ("old", "new", "expected", "below"),
    [
        (
            "  located_url: https://orientalreview.su/2018/04/05/",
            "  located_url: https://orientalreview.su/2018/04/06/",
            "located_date: needs located_date_text, the date as the URL writes it",
            1,  # reported at located_date, the next line
        ),
        (
            "  located_date: 2018-04-05\n",
            "  located_date: 2019-04-05\n",
            "located_date: the year of 2019-04-05 is not in located_date_text '2018/04/05'",
            0,
        ),
        (
            "  located_url: https://orientalreview.su/",
            "  located_url: orientalreview.su/",
            "located_url: must be a web address starting http:// or https://",
            0,
        ),
        (
            '  located_note: "Not found published',
            '  located_date: 2016-11-07\n  located_note: "Not found published',
            "located_date: given, but there is no located_url",
            0,
        ),
    ],
)
def test_location_rules(project: Project, old: str, new: str, expected: str, below: int) -> None:
    """The real sources' location fields, each broken once (the rules' own cases, on a source
    of the tests, are in test_rules.py)."""
    line = project.edit("sources", old, new) + below
    result = project.run("validate")
    assert result.code == 1, result.out
    assert len(result.problems) == 1, result.out
    path, got, message = result.problems[0]
    assert (path, got) == (SOURCES_YAML, line) and message.startswith(expected), message
