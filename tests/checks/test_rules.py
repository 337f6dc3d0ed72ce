"""The data policy as rules: each rule in `RULES`, broken once, at the exact file and line.

Every case breaks one thing in the seeded project (valid, see test_validate.py) and expects
`rusdata validate` to exit 1 reporting the problem, that rule alone to report exactly that
problem, and no other rule to report it, so no case passes without its rule. (A broken value
may break another rule too, e.g. a name no longer in the quotes, so the whole run may report
more.) Every rule has at least one case.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Project, need_sources
from precision_cases import PRECISION_CASES, WITH_TEXTS

import rusdata.checks.rules
from rusdata.checks.loading import Loaded, Problem
from rusdata.checks.rules import RULES, Rule, validate

VISITS = "data/yaml/visits.yaml"
QUOTE = "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021) has happened after almost a decade."

TEST_TRANSFER = f"""
- id: test-transfer
  summary: A transfer made up for the tests
  status: delivered
  supplier: RUS
  recipient: PAK
  designation: Mi-35M
  description: attack helicopter
  order_date: 2021-04-06
  delivery_date: 2021-04-07
  citations:
    - source: src-002
      quote: "{QUOTE}"
"""
TEST_DISCREPANCY = """
- id: test-discrepancy
  aspect: date
  summary: A disagreement made up for the tests
  versions:
    - {target_table: visits, target_id: test-visit, source: src-002, value: 6-7 April 2021}
    - {target_table: visits, target_id: lavrov-islamabad-2021-04, source: src-001, value: "April 7th, 2021"}
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021)"
    - source: src-001
      quote: "During the recent visit of Russian Foreign Minister Mr. Sergey Lavrov to Pakistan on April 7th, 2021"
"""
TEST_SOURCE = f"""
- id: src-099
  file: 099_test.txt
  sha256: {"0" * 64}
  bytes: 1
  genre: news_report
"""


def append(project: Project, table: str, text: str) -> None:
    path = project.yaml(table)
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text.lstrip("\n"), encoding="utf-8"
    )


def duplicate_id(p: Project) -> tuple[str, int, str]:
    first = p.line_of("visits", "- id: test-visit")
    text = p.yaml("visits").read_text(encoding="utf-8")
    record = text[text.index("- id: test-visit") :]
    p.yaml("visits").write_text(text + record, encoding="utf-8")
    second = first + record.count("\n")
    return VISITS, second, f"id: duplicate id 'test-visit' (first on line {first})"


def unknown_source(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "source: src-002\n      quote: ", "source: src-02\n      quote: ")
    return (
        VISITS,
        line,
        "citations[1].source: no record 'src-02' in sources; did you mean 'src-002', 'src-004', 'src-003'?",
    )


def uncited_source(p: Project) -> tuple[str, int, str]:
    append(p, "sources", TEST_SOURCE)
    line = p.line_of("sources", "- id: src-099")
    return "data/yaml/sources.yaml", line, "id: 'src-099' is cited by no record"


def unnamed_person(p: Project) -> tuple[str, int, str]:
    p.edit("visits", "person: test-person", "person: test-person-2")
    append(p, "people", "- id: test-person-2\n  name: Other\n")
    line = p.line_of("people", "- id: test-person\n")
    return (
        "data/yaml/people.yaml",
        line,
        "id: 'test-person' is named in no record (people, speaker, credited or discrepancy)",
    )


def qualifier_without_date(p: Project) -> tuple[str, int, str]:
    p.edit("visits", "  date: 2021-04-06/2021-04-07\n", "")
    line = p.line_of("visits", "date_qualifier: exact")
    return VISITS, line, "date_qualifier: given, but there is no date to qualify"


def approximate_without_a_word(p: Project) -> tuple[str, int, str]:
    line = p.edit(
        "visits", "date_qualifier: exact", "date_qualifier: approximate\n  date_text: April 2021"
    )
    return (
        VISITS,
        line,
        "date_qualifier: approximate, but the wording 'April 2021' has no word of approximation (about, around, circa, ...); 'early', 'mid-', 'late' and seasons narrow a stated year or decade, which stays unqualified",
    )


def located_url_without_evidence(p: Project) -> tuple[str, int, str]:
    text = p.yaml("sources").read_text(encoding="utf-8")
    last = text.rindex("  location_evidence:")
    p.yaml("sources").write_text(text[:last] + text[text.index("\n", last) + 1 :], "utf-8")
    line = p.line_of("sources", "  located_url: https://orientalreview.su/")
    return (
        "data/yaml/sources.yaml",
        line,
        "located_url: say how the location was established, in location_evidence",
    )


def alias_of_another_person(p: Project) -> tuple[str, int, str]:
    line = (
        p.edit(
            "people",
            "  name: Russian Foreign Minister Sergey Lavrov\n",
            "  name: Russian Foreign Minister Sergey Lavrov\n  aliases: [Vladimir Putin]\n",
        )
        + 1
    )
    other = p.line_of("people", "- id: vladimir-putin")
    return (
        "data/yaml/people.yaml",
        line,
        f"aliases[1]: 'Vladimir Putin' is also the name of person 'vladimir-putin' (line {other}); one spelling, one person",
    )


def soviet_union_not_named(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "counterpart: PAK", "counterpart: SUN")
    return (
        VISITS,
        line,
        "counterpart: SUN (the Soviet Union's former code) is used, but none of this record's quotes names the Soviet Union; cite the sentence that does, or use the code of the country the text names",
    )


def delivered_before_ordered(p: Project) -> tuple[str, int, str]:
    append(p, "arms_transfers", TEST_TRANSFER)
    p.edit("arms_transfers", "order_date: 2021-04-06", "order_date: 2021-04-08")
    line = p.line_of("arms_transfers", "delivery_date: 2021-04-07")
    return (
        "data/yaml/arms_transfers.yaml",
        line,
        "delivery_date: 2021-04-07 is before order_date 2021-04-08",
    )


def delimiter_in_a_list(p: Project) -> tuple[str, int, str]:
    line = (
        p.edit(
            "people",
            "  name: Russian Foreign Minister Sergey Lavrov\n",
            "  name: Russian Foreign Minister Sergey Lavrov\n  aliases: [T; P]\n",
        )
        + 1
    )
    return "data/yaml/people.yaml", line, "aliases[1]: must not contain ';'"


def value_listed_twice(p: Project) -> tuple[str, int, str]:
    line = (
        p.edit(
            "people",
            "  name: Russian Foreign Minister Sergey Lavrov\n",
            "  name: Russian Foreign Minister Sergey Lavrov\n  aliases: [T, T]\n",
        )
        + 1
    )
    return "data/yaml/people.yaml", line, "aliases: lists a value twice"


def year_not_in_quotes(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 2020-04-06/2021-04-07")
    return (
        VISITS,
        line,
        "date: 2020 appears in none of this record's quotes (a decade does not state a year); cite the sentence that states it, or leave the date empty and say in note what the text says",
    )


def year_in_our_words(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "summary: A visit made up", "summary: A 2019 and 1990 visit made up")
    return (
        VISITS,
        line,
        "summary: names 2019 and 1990, which none of this record's quotes states; a reader checks each year against the quotes",
    )


def wording_not_quoted(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "  date_qualifier:", "  date_text: April 7, 2021\n  date_qualifier:")
    return (
        VISITS,
        line,
        "date_text: 'April 7, 2021' is not written in any of this record's quotes; copy the text's own words (a name is never corrected); cite the sentence that states it, or mark it inferred with the reason",
    )


def hedged_event(p: Project) -> tuple[str, int, str]:
    p.edit("visits", QUOTE, "Lavrov might visit Pakistan in April 2021, reportedly.")
    line = p.line_of("visits", "status: occurred")
    return (
        VISITS,
        line,
        "status: 'occurred' reports an event, but every quote is hedged ('might'): give it a claim's status such as speculated or planned, or cite a quote that reports it",
    )


def version_source_not_quoted(p: Project) -> tuple[str, int, str]:
    append(p, "discrepancies", TEST_DISCREPANCY)
    text = p.yaml("discrepancies").read_text(encoding="utf-8")
    cut = text.rindex("    - source: src-001")
    p.yaml("discrepancies").write_text(text[:cut], encoding="utf-8")
    line = p.line_of("discrepancies", "source: src-001, value")
    return (
        "data/yaml/discrepancies.yaml",
        line,
        "versions[2].source: src-001 gives a version but is quoted in none of this discrepancy's citations",
    )


def quote_not_in_text(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "after almost a decade.", "after almost two decades.")
    return (
        VISITS,
        line,
        'citations[1].quote: quote not found in the text: it matches up to "…21) has happened after almost ", then the quote has "two decades." where the text has "a decade." (src-002)',
    )


Case = Callable[[Project], tuple[str, int, str]]
CASES: dict[str, list[Case]] = {
    "unique-ids": [duplicate_id],
    "references": [unknown_source],
    "sources-cited": [uncited_source],
    "people-named": [unnamed_person],
    "date-qualifiers": [qualifier_without_date, approximate_without_a_word],
    "soviet-union-named": [soviet_union_not_named],
    "links-and-identity": [alias_of_another_person],
    "source-locations": [located_url_without_evidence],
    "delivery-after-order": [delivered_before_ordered],
    "list-values": [delimiter_in_a_list, value_listed_twice],
    "years-in-dates": [year_not_in_quotes],
    "years-in-our-words": [year_in_our_words],
    "stated-or-inferred": [wording_not_quoted],
    "hedged-not-event": [hedged_event],
    "discrepancy-sources": [version_source_not_quoted],
    "quotes-in-texts": [quote_not_in_text],
    **PRECISION_CASES,
}


def test_every_rule_has_a_case_a_name_and_a_description() -> None:
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    assert set(CASES) == set(names)
    assert all(r.checks for r in RULES)


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in CASES.items() for case in cases],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_rule_reports_the_exact_line(seeded: Project, name: str, case: Case) -> None:
    sources = need_sources() if name in {"quotes-in-texts", *WITH_TEXTS} else None
    expected = case(seeded)
    result = seeded.run("validate", *(["--sources", str(sources)] if sources else []))
    assert result.code == 1, result.out
    assert expected in result.problems, result.out
    # This rule alone reports exactly the expected problem; without it, nothing reports it (a
    # broken value may also break another rule's check, e.g. a name no longer in the quotes).
    (rule,) = [r for r in RULES if r.name == name]
    found = [(p.path, p.line, p.message) for p in validate(seeded.root, sources, [rule]).problems]
    assert found == [expected]
    rest = [r for r in RULES if r.name != name]
    assert expected not in [
        (p.path, p.line, p.message) for p in validate(seeded.root, sources, rest).problems
    ]


def test_hedged_claim_with_a_claim_status_is_valid(seeded: Project) -> None:
    seeded.edit(
        "visits",
        QUOTE,
        "Russian Foreign Minister Sergey Lavrov might visit Pakistan on 6-7 April 2021.",
    )
    seeded.edit("visits", "status: occurred", "status: speculated")
    assert seeded.run("validate").problems == []


def test_a_hedge_is_a_word_not_part_of_one(seeded: Project) -> None:
    seeded.edit(
        "visits",
        QUOTE,
        "An unexpected visit of Russian Foreign Minister Sergey Lavrov to Pakistan on 6-7 April 2021.",
    )
    assert seeded.run("validate").problems == []


def test_a_users_rule_runs_in_validate(seeded: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """pycldf-style: append a rule to the list and `rusdata validate` reports what it finds."""

    def no_test_summaries(loaded: Loaded, _sources: Path | None) -> list[Problem]:
        return [
            Problem(e.path, e.line("summary"), "summary: says 'made up'")
            for e in loaded.entries.get("visits", [])
            if "made up" in e.record.summary
        ]

    rule = Rule("no-made-up", "no visit summary says 'made up'", no_test_summaries)
    monkeypatch.setattr(rusdata.checks.rules, "RULES", [*RULES, rule])
    result = seeded.run("validate")
    assert result.code == 1
    line = seeded.line_of("visits", "summary: A visit made up")
    assert result.problems == [(VISITS, line, "summary: says 'made up'")]


def test_validate_runs_only_the_rules_it_is_given(seeded: Project) -> None:
    duplicate_id(seeded)
    assert validate(seeded.root, rules=[]).problems == []
    only = [r for r in RULES if r.name == "unique-ids"]
    assert len(validate(seeded.root, rules=only).problems) == 1


def test_the_readme_lists_every_rule() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- BEGIN generated by `rusdata build`: rules -->", 1)[1]
    table = table.split("<!-- END generated by `rusdata build`: rules -->", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    assert [(name.strip("| `"), checks.rstrip(" |")) for name, checks in rows] == [
        (r.name, r.checks) for r in RULES
    ]


def test_media_reports_are_a_hedge(seeded: Project) -> None:
    """'According to media reports' reports others' claim: never an event, 'reported' fits."""
    seeded.edit(
        "visits",
        QUOTE,
        "According to media reports, Russian Foreign Minister Sergey Lavrov visited Pakistan in April 2021.",
    )
    (rule,) = [r for r in RULES if r.name == "hedged-not-event"]
    found = [p.message for p in validate(seeded.root, None, [rule]).problems]
    assert len(found) == 1 and "'according to media reports'" in found[0]
    seeded.edit("visits", "status: occurred", "status: reported")
    assert validate(seeded.root, None, [rule]).problems == []
