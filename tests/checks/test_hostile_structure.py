"""Structure and lines: deep nesting, null keys, extra documents, indented lists, anchors and
huge values each give one problem at the right line, never a traceback or a 50 MB line."""

from __future__ import annotations

import pytest
from conftest import Project

PEOPLE = "data/yaml/people.yaml"
HEAD = "# yaml-language-server: $schema=../../schemas/people.schema.json\n"


def only(project: Project) -> tuple[int, str]:
    result = project.run("validate")
    assert result.code == 1, result.out
    assert "Traceback" not in result.out + result.err
    assert len(result.problems) == 1, result.out
    path, line, message = result.problems[0]
    assert path == PEOPLE
    return line, message


@pytest.mark.parametrize("depth", [17, 300, 999, 5000])
@pytest.mark.parametrize("kind", ["[", "{", "-"])
def test_deep_nesting_is_a_problem_not_a_recursion_error(
    seeded: Project, depth: int, kind: str
) -> None:
    if kind == "-":
        value = "\n    " + "- " * depth + "x"  # block sequences, each inside the last
    else:
        value = "[" * depth + "]" * depth if kind == "[" else "{a: " * depth + "1" + "}" * depth
    line = seeded.edit("people", "  country: RUS\n", f"  country: RUS\n  roles: {value}\n") + 1
    got, message = only(seeded)
    assert "nested more than 16 levels deep" in message or "nesting depth" in message
    assert line <= got <= line + 17


def test_a_null_key_is_refused_at_its_line(seeded: Project) -> None:
    line = seeded.edit("people", "  country: RUS\n", "  country: RUS\n  ~: x\n") + 1
    assert only(seeded) == (line, "a key must be a name, not empty or null")


def test_a_record_that_is_not_a_mapping_after_a_document_start(project: Project) -> None:
    project.yaml("people").write_text(HEAD + "---\n- id: a\n  name: A\n- 5\n- [x]\n")
    result = project.run("validate")
    assert [(p, n, m) for p, n, m in result.problems if p == PEOPLE] == [
        (PEOPLE, 5, "record 2 is not a mapping of field: value"),
        (PEOPLE, 6, "record 3 is not a mapping of field: value"),
    ]


def test_a_second_document_is_refused_at_its_line(project: Project) -> None:
    project.yaml("people").write_text(HEAD + "- id: a\n  name: A\n---\n- 5\n")
    line, message = only_people(project)
    assert line == 4 and "second document" in message


def only_people(project: Project) -> tuple[int, str]:
    result = project.run("validate")
    got = [(n, m) for p, n, m in result.problems if p == PEOPLE]
    assert result.code == 1 and len(got) == 1, result.out
    return got[0]


def test_an_indented_top_level_list_gives_the_item_line(project: Project) -> None:
    project.yaml("people").write_text(HEAD + "  - id: a\n    name: A\n  - just text\n")
    assert only_people(project) == (4, "record 2 is not a mapping of field: value")


@pytest.mark.parametrize("anchor", ["&x ", "&anchor-1 "])
def test_an_anchor_without_an_alias_is_refused(seeded: Project, anchor: str) -> None:
    line = seeded.edit("people", "  country: RUS", f"  country: {anchor}RUS")
    assert only(seeded) == (line, "anchors and aliases (&, *) are not allowed")


def test_an_ampersand_in_text_is_not_an_anchor(seeded: Project) -> None:
    seeded.edit(
        "visits", "summary: A visit made up for the tests", 'summary: "A visit & made up &x"'
    )
    assert seeded.run("validate").code == 0


def test_a_huge_value_is_cut_in_the_message(seeded: Project) -> None:
    huge = "X" * 5_000_000
    line = seeded.edit("people", "  country: RUS", f"  country: {huge}")
    result = seeded.run("validate")
    assert result.code == 1
    assert [(p, n) for p, n, _ in result.problems] == [(PEOPLE, line)]
    assert len(result.out) < 2000
    assert "5,000,000 characters" in result.out


def test_a_huge_unknown_reference_is_cut_too(seeded: Project) -> None:
    huge = "a" * 3_000_000
    line = seeded.edit("visits", "person: test-person", f"person: {huge}")
    result = seeded.run("validate")
    assert result.code == 1
    visits = [(n, m) for p, n, m in result.problems if p == "data/yaml/visits.yaml"]
    assert [n for n, _ in visits] == [line]
    assert "3,000,000 characters" in visits[0][1]
    assert len(result.out) < 2000  # with the other problem: test-person is now named nowhere
