"""Each validation rule, with the exact file and line it must point at.

Every test breaks one thing in a valid project and expects exit 1 and that one problem; the
`seeded` fixture first proves the unbroken project is valid, so each test fails without its rule.
"""

from __future__ import annotations

import pytest
from conftest import Project, need_sources

VISITS = "data/yaml/visits.yaml"
SOURCES_YAML = "data/yaml/sources.yaml"


def only_problem(project: Project, *args: str) -> tuple[str, int, str]:
    result = project.run("validate", *args)
    assert result.code == 1, result.out
    assert len(result.problems) == 1, result.out
    return result.problems[0]


def test_seeded_project_is_valid(seeded: Project) -> None:
    result = seeded.run("validate", "--sources", str(need_sources()))
    assert result.code == 0, result.out
    assert result.problems == []


def test_without_sources_says_quotes_were_not_checked(seeded: Project) -> None:
    result = seeded.run("validate")
    assert result.code == 0
    assert "quotes and source hashes were NOT checked" in result.out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  date_qualifier: exact\n", "  date_qualifier: exact\n  zzz: 1\n", "zzz: unknown field"),
        ("  kind: visit\n", "  kind: visit\n  dat: 2015\n", "did you mean 'date'?"),
        (
            "status: occurred\n  kind",
            "status: happened\n  kind",
            "status: Input should be 'occurred'",
        ),
        ("id: test-visit", "id: Test_Visit", "id: must be a lowercase id"),
        ("actor: RUS", "actor: Russia", "actor: must be an ISO 3166-1 alpha-3 country code"),
        ('cameo: "042"', 'cameo: "999"', "cameo: Input should be '041'"),
        ("role: principal", "role: boss", "people[1].role: Input should be 'principal'"),
        ("date: 2021-04-06/2021-04-07", "date: 2016-02-30", "day 30 does not exist"),
        ("date: 2021-04-06/2021-04-07", "date: 2016-13", "month 13 does not exist"),
        ("date: 2021-04-06/2021-04-07", "date: Sept 2016", "date: must be a date YYYY"),
        ("date: 2021-04-06/2021-04-07", "date: 2016-10/2016-09", "ends before it starts"),
        ("date: 2021-04-06/2021-04-07", "date: 2016/2016-09", "must not start or end before"),
        ("date: 2021-04-06/2021-04-07", "date: 2015-22", "EDTF seasons (21-24) are not used"),
        ("date: 2021-04-06/2021-04-07", "date: ٢٠٢١-04-06", "date: must be a date YYYY"),
        ("date: 2021-04-06/2021-04-07", "date: ２０２１", "date: must be a date YYYY"),
        (
            'quote: "Russian',
            'quote: ""\n      note: "Russian',
            "quote: must be one line of text, not empty",
        ),
        (
            "summary: A visit made up for the tests",
            "summary: [a, b]",
            "summary: Input should be a valid string",
        ),
    ],
)
def test_field_rules_point_at_the_line(seeded: Project, old: str, new: str, expected: str) -> None:
    line = seeded.edit("visits", old, new)
    path, got_line, message = only_problem(seeded)
    assert path == VISITS
    # A new key added after `old` sits on the following line.
    assert got_line in (line, line + 1), message
    assert expected in message


def test_missing_required_field_points_at_the_record(seeded: Project) -> None:
    record_line = seeded.line_of("visits", "- id: test-visit")
    seeded.edit("visits", "  summary: A visit made up for the tests\n", "")
    assert only_problem(seeded) == (VISITS, record_line, "summary: missing required field")


def test_fact_record_needs_a_citation(seeded: Project) -> None:
    text = seeded.yaml("visits").read_text(encoding="utf-8")
    start = text.index("  citations:", text.index("- id: test-visit"))
    seeded.yaml("visits").write_text(text[:start] + "  citations: []\n", encoding="utf-8")
    _, _, message = only_problem(seeded)
    assert "citations: List should have at least 1 item" in message


def test_duplicate_yaml_key(seeded: Project) -> None:
    line = seeded.edit("visits", "  actor: RUS\n", "  actor: RUS\n  actor: PAK\n") + 1
    path, got, message = only_problem(seeded)
    assert (path, got) == (VISITS, line)
    assert "duplicate key 'actor'" in message


def test_unknown_source_suggests_the_closest(seeded: Project) -> None:
    line = seeded.edit(
        "visits", 'source: src-002\n      quote: "Russian', 'source: src-02\n      quote: "Russian'
    )
    path, got, message = only_problem(seeded)
    assert (path, got) == (VISITS, line)
    assert "no record 'src-02' in sources" in message and "'src-002'" in message


def test_unknown_person(seeded: Project) -> None:
    line = seeded.edit("visits", "person: test-person", "person: test-persn")
    result = seeded.run("validate")
    assert result.code == 1
    # The misspelling also leaves test-person unreferenced: both are true, both reported.
    assert (
        VISITS,
        line,
        "people[1].person: no record 'test-persn' in people; did you mean 'test-person'?",
    ) in result.problems
    assert len(result.problems) == 2


def test_all_problems_are_reported_at_once_sorted(seeded: Project) -> None:
    seeded.edit("visits", "actor: RUS", "actor: rus")
    seeded.edit("visits", "role: principal", "role: boss")
    seeded.edit("sources", "genre: analysis", "genre: blog")
    result = seeded.run("validate")
    assert result.code == 1
    assert len(result.problems) == 3
    assert result.problems == sorted(result.problems)
    assert {p[0] for p in result.problems} == {VISITS, SOURCES_YAML}


# ---------------------------------------------------------------- quotes and texts


def test_quote_differing_only_in_whitespace_passes(seeded: Project) -> None:
    seeded.edit("visits", "visit to Pakistan (6-7", "visit  to\u00a0Pakistan (6-7")
    result = seeded.run("validate", "--sources", str(need_sources()))
    # The quote passes; only its committed anchor (which holds the quote as written) is stale.
    assert [p[0] for p in result.problems] == ["anchors/quotes.csv"], result.out


def test_quote_with_straight_apostrophe_is_diagnosed(seeded: Project) -> None:
    seeded.edit("visits", "Lavrov’s visit", "Lavrov's visit")
    _, _, message = only_problem(seeded, "--sources", str(need_sources()))
    assert "only in quotation marks or dashes" in message
    assert "Lavrov’s visit" in message  # the text's own wording, to copy


def test_quote_across_a_paragraph_break_fails(seeded: Project) -> None:
    seeded.edit("visits", "after almost a decade.", "after almost a decade. He has termed")
    _, _, message = only_problem(seeded, "--sources", str(need_sources()))
    assert "quote not found" in message


def test_text_whose_sha256_differs(seeded: Project, sources_copy) -> None:  # type: ignore[no-untyped-def]
    text = sources_copy / "000_ba2169e79e3945a6.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    line = seeded.line_of("sources", "sha256: e4ab94db")
    path, got, message = only_problem(seeded, "--sources", str(sources_copy))
    assert (path, got) == (SOURCES_YAML, line)
    assert message.startswith("sha256: does not match")


def test_missing_text(seeded: Project, sources_copy) -> None:  # type: ignore[no-untyped-def]
    (sources_copy / "004_532d5545600e192d.txt").unlink()
    line = seeded.line_of("sources", "file: 004_")
    assert only_problem(seeded, "--sources", str(sources_copy))[:2] == (SOURCES_YAML, line)


def test_missing_sources_folder(seeded: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, _, message = only_problem(seeded, "--sources", str(tmp_path / "nowhere"))
    assert "sources folder not found" in message


@pytest.mark.parametrize(
    "name", ["../000_ba2169e79e3945a6.txt", "/etc/passwd", "sub/000.txt", ".hidden"]
)
def test_source_file_may_not_leave_the_folder(seeded: Project, name: str) -> None:
    line = seeded.edit("sources", "file: 000_ba2169e79e3945a6.txt", f"file: {name}")
    path, got, message = only_problem(seeded)
    assert (path, got) == (SOURCES_YAML, line)
    assert "a bare file name" in message


# ---------------------------------------------------------------- files as a whole


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b"", 1, "the file is empty"),
        (b"\xef\xbb\xbf[]\n", 1, "byte-order mark"),
        (b"# c\n- id: a\n  name: \xff\n", 3, "not UTF-8"),
        (b"# c\nid: a\n", 2, "the top level must be a list"),
        (b"# c\n- id: a\n\tname: b\n", 3, "YAML syntax"),
        (b"# c\n- &a\n  id: a\n- *a\n", 2, "anchors and aliases"),
        (b"# c\n- !!python/object:os.system\n  id: a\n", 2, "YAML tags are not allowed"),
        (b"# c\n- id: [a\n", 3, "YAML syntax"),
    ],
)
def test_malformed_files(project: Project, content: bytes, line: int, expected: str) -> None:
    project.yaml("milestones").write_bytes(content)
    result = project.run("validate")
    assert result.code == 1
    hits = [p for p in result.problems if p[0] == "data/yaml/milestones.yaml"]
    assert len(hits) >= 1, result.out
    assert (hits[-1][1], expected in hits[-1][2]) == (line, True), hits


def test_yaml_file_that_belongs_to_no_table(project: Project) -> None:
    (project.root / "data" / "yaml" / "visit.yaml").write_text("[]\n", encoding="utf-8")
    path, line, message = only_problem(project)
    assert (path, line) == ("data/yaml/visit.yaml", 1)
    assert "belongs to no table" in message


def test_schema_comment_is_required(project: Project) -> None:
    project.edit("sources", "# yaml-language-server:", "# yaml-languag-server:")
    assert only_problem(project)[:2] == (SOURCES_YAML, 1)


def test_a_decade_in_the_quote_is_enough(seeded: Project) -> None:
    # "1950s" would be needed for 195X; the seeded quote has neither.
    seeded.edit("visits", "date: 2021-04-06/2021-04-07", "date: 195X")
    _, _, message = only_problem(seeded)
    assert message.startswith("date: 1950s appears in none")
    seeded.edit("visits", "after almost a decade.", "after almost a decade, as in the 1950s.")
    assert seeded.run("validate").problems == []
