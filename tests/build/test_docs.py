"""Generated docs: the data dictionary and the README's table of tables follow the models."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, Project

import rusdata
from rusdata.build import docs
from rusdata.schema.columns import tables

DICTIONARY = (REPO / docs.DICTIONARY).read_text(encoding="utf-8")
README = (REPO / docs.README).read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    m = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^#{{1,3}} |\Z)", text, re.M | re.S)
    assert m, heading
    return m[1]


def _block(text: str) -> str:
    return text[text.index(docs.BEGIN.format("tables")) : text.index(docs.END.format("tables"))]


@pytest.mark.parametrize("name", list(tables()))
def test_dictionary_lists_every_column_in_order(name: str) -> None:
    section = _section(DICTIONARY, f"## {name}")
    documented = re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M)
    assert documented == [c.name for c in tables()[name].columns]
    assert f"`data/{name}.csv`, {len(rusdata.load(name))} rows" in section
    for col in tables()[name].columns:
        line = next(li for li in section.splitlines() if li.startswith(f"| `{col.name}` |"))
        assert col.description.replace("|", "\\|") in line
        assert ("| yes |" in line) == col.required


def test_every_vocabulary_value_has_its_meaning() -> None:
    enums = {c.enum for t in tables().values() for c in t.columns if c.enum}
    assert enums
    for enum in enums:
        section = _section(DICTIONARY, f"### {enum.__name__}")
        for member in enum:
            assert f"| `{member.value}` | {member.label} |" in section


def test_readme_counts_every_table_from_the_csvs() -> None:
    rows = re.findall(
        r"^\| \[`(\w+)`\]\(docs/data-dictionary\.md#\1\) \| (\d+) \|", _block(README), re.M
    )
    assert [name for name, _ in rows] == list(tables())
    for name, count in rows:
        assert int(count) == len(rusdata.load(name)), name


def test_hand_edit_of_the_readme_block_is_stale_and_rebuilt(project: Project) -> None:
    path = project.root / docs.README
    # the visits row with a wrong count, whatever the real one is
    edited = re.sub(
        r"(\| \[`visits`\]\(docs/data-dictionary\.md#visits\) \| )\d+ \|", r"\g<1>99 |", README
    )
    assert edited != README
    path.write_text(edited + "\nA line of prose added by hand.\n", encoding="utf-8")
    result = project.run("build", "--check")
    assert result.code == 1 and "stale: README.md" in result.out
    assert project.run("build").code == 0
    rebuilt = path.read_text(encoding="utf-8")
    assert rebuilt == README + "\nA line of prose added by hand.\n"  # prose kept, block fixed


def test_readme_without_markers_fails_and_writes_nothing(project: Project) -> None:
    path = project.root / docs.README
    path.write_text(README.replace(docs.END.format("tables"), ""), encoding="utf-8")
    (project.root / "data" / "visits.csv").write_text("stale\n", encoding="utf-8")
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 1
    assert "README.md" in result.err and "markers" in result.err
    assert project.snapshot() == before


def test_a_code_span_holds_backticks() -> None:
    from rusdata.build.docs import _code

    assert _code("plain") == "`plain`"
    assert _code("a `b` c") == "``a `b` c``"
    assert _code("`x``") == "``` `x`` ```"
