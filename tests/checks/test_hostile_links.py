"""Links and identity: previous_id loops, one text registered twice, one spelling for two
people, and disagreements that are none, each reported at its file:line."""

from __future__ import annotations

from conftest import Project

from rusdata.checks.rules import RULES, validate

EXERCISES = "data/yaml/exercises.yaml"


def problems(project: Project) -> list[tuple[str, int, str]]:
    """What the rules on links and identity report (an added alias also breaks `words-quoted`:
    it is in no quote)."""
    result = project.run("validate")
    assert result.code == 1, result.out
    names = ("previous-chain", "one-source-per-text", "one-person-per-spelling", "versions-differ")
    rules = [r for r in RULES if r.name in names]
    return [(p.path, p.line, p.message) for p in validate(project.root, None, rules).problems]


def test_previous_id_pointing_at_itself(project: Project) -> None:
    line = project.edit(
        "exercises", "previous_id: arabian-monsoon-2014", "previous_id: arabian-monsoon-2015"
    )
    assert problems(project) == [(EXERCISES, line, "previous_id: is this record itself")]


def test_a_previous_id_cycle_is_reported_once(project: Project) -> None:
    at = project.line_of("exercises", "- id: arabian-monsoon-2014")
    text = project.yaml("exercises").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(at, "  previous_id: arabian-monsoon-2015")
    project.yaml("exercises").write_text("\n".join(lines), encoding="utf-8")
    assert problems(project) == [
        (
            EXERCISES,
            at + 1,
            "previous_id: a cycle: arabian-monsoon-2014 → arabian-monsoon-2015 → arabian-monsoon-2014",
        )
    ]


def test_one_text_registered_as_two_sources(project: Project) -> None:
    text = project.yaml("sources").read_text(encoding="utf-8")
    first_sha = text.split("sha256: ")[1].split("\n")[0]
    line = project.edit("sources", text.split("sha256: ")[2].split("\n")[0], first_sha)
    got = problems(project)
    assert [(p, n) for p, n, _ in got] == [("data/yaml/sources.yaml", line)]
    assert got[0][2].startswith("sha256: the same text as source 'src-000'")


def test_one_file_registered_as_two_sources(project: Project) -> None:
    line = project.edit(
        "sources", "file: 001_31d19213f0e270f8.txt", "file: 000_ba2169e79e3945a6.txt"
    )
    got = problems(project)
    assert [(p, n) for p, n, _ in got] == [("data/yaml/sources.yaml", line)]
    assert got[0][2].startswith("file: the same text as source 'src-000'")


def test_an_alias_that_is_another_persons_name(seeded: Project) -> None:
    line = (
        seeded.edit(
            "people",
            "  name: Russian Foreign Minister Sergey Lavrov\n",
            "  name: Russian Foreign Minister Sergey Lavrov\n  aliases: [Someone, vladimir  PUTIN]\n",
        )
        + 1
    )  # the aliases line
    got = problems(seeded)
    assert [(p, n) for p, n, _ in got] == [("data/yaml/people.yaml", line)]
    assert got[0][2].startswith("aliases[2]: 'vladimir  PUTIN' is also the name of person")


def test_an_alias_that_is_another_persons_alias(seeded: Project) -> None:
    line = (
        seeded.edit(
            "people",
            "  name: Russian Foreign Minister Sergey Lavrov\n",
            "  name: Russian Foreign Minister Sergey Lavrov\n  aliases: [putin]\n",
        )
        + 1
    )
    got = problems(seeded)
    assert [(p, n) for p, n, _ in got] == [("data/yaml/people.yaml", line)]
    assert "is also the alias of person" in got[0][2]


def test_a_disagreement_whose_versions_are_identical(project: Project) -> None:
    line = project.edit(
        "discrepancies",
        'value: "NOVEMBER 7, 2016 (below the headline)"}',
        "value: 9 november 2016 (above the headline)}",
    )
    got = problems(project)
    assert got == [
        (
            "data/yaml/discrepancies.yaml",
            line - 2,  # the `versions:` key, two lines above the second version
            "versions: every version says the same; record only real disagreements",
        )
    ]
