"""The data policy as rules: each rule in `RULES`, broken once, at the exact file and line.

Every case breaks one thing in the seeded project (valid, see test_validate.py) and expects
`rusdata validate` to exit 1 reporting the problem, that rule alone to report exactly that
problem, and no other rule to report it, so no case passes without its rule. (A broken value
may break another rule too, e.g. a name no longer in the quotes, so the whole run may report
more.) Every rule has at least one case.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import REPO, Project
from precision_cases import PRECISION_CASES, PRECISION_PASSING, UNIT_CASES, WITH_TEXTS

import rusdata.checks.rules
from rusdata.checks.loading import Loaded, Problem
from rusdata.checks.rules import HONOURED, RULES, Rule, validate

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
    p.append("sources", TEST_SOURCE)
    line = p.line_of("sources", "- id: src-099")
    return "data/yaml/sources.yaml", line, "id: 'src-099' is cited by no record"


def unnamed_person(p: Project) -> tuple[str, int, str]:
    p.edit("visits", "person: test-person", "person: test-person-2")
    p.append("people", "- id: test-person-2\n  name: Other\n")
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
    p.append("arms_transfers", TEST_TRANSFER)
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
    p.append("discrepancies", TEST_DISCREPANCY)
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


# ---------------------------------------------------------------- more failing cases

SOURCES_YAML = "data/yaml/sources.yaml"
PEOPLE = "data/yaml/people.yaml"
TRANSFERS = "data/yaml/arms_transfers.yaml"
DISCREPANCIES = "data/yaml/discrepancies.yaml"
Expected = tuple[str, int, str]  # (file, line, the message or its beginning)


def _transfer_with(p: Project, field: str, message: str) -> Expected:
    """TEST_TRANSFER appended with one more line, `field`; the problem expected at it."""
    p.append("arms_transfers", TEST_TRANSFER + f"  {field}\n")
    return TRANSFERS, p.line_of("arms_transfers", field), message


def _visit_with(p: Project, field: str, message: str) -> Expected:
    """The seeded visit with one more line, `field`; the problem expected at it."""
    return VISITS, p.edit("visits", "  date_qualifier:", f"  {field}\n  date_qualifier:"), message


def duplicate_person_id(p: Project) -> Expected:
    first = p.line_of("people", "- id: test-person\n")
    p.append("people", "- id: test-person\n  name: Someone Else Entirely\n")
    line = p.line_of("people", "- id: test-person\n")
    return PEOPLE, line, f"id: duplicate id 'test-person' (first on line {first})"


def unknown_person(p: Project) -> Expected:
    line = p.edit("visits", "person: test-person", "person: test-persn")
    return VISITS, line, "people[1].person: no record 'test-persn' in people"


def second_uncited_source(p: Project) -> Expected:
    p.append("sources", TEST_SOURCE.replace("099", "098"))
    return SOURCES_YAML, p.line_of("sources", "- id: src-098"), "id: 'src-098' is cited by no"


def person_named_nowhere(p: Project) -> Expected:
    p.append("people", "- id: test-person-3\n  name: Nobody In Particular\n")
    line = p.line_of("people", "- id: test-person-3")
    return PEOPLE, line, "id: 'test-person-3' is named in no record"


def delivery_qualifier_without_date(p: Project) -> Expected:
    p.append("arms_transfers", TEST_TRANSFER)
    line = p.edit("arms_transfers", "delivery_date: 2021-04-07", "delivery_date_qualifier: exact")
    return TRANSFERS, line, "delivery_date_qualifier: given, but there is no delivery_date"


def order_qualifier_without_date(p: Project) -> Expected:
    p.append("arms_transfers", TEST_TRANSFER)
    line = p.edit("arms_transfers", "order_date: 2021-04-06", "order_date_qualifier: uncertain")
    return TRANSFERS, line, "order_date_qualifier: given, but there is no order_date to qualify"


def approximate_narrowed_only(p: Project) -> Expected:
    line = p.edit(
        "visits",
        "date_qualifier: exact",
        "date_qualifier: approximate\n  date_text: early April 2021",
    )
    return VISITS, line, "date_qualifier: approximate, but the wording 'early April 2021' has no"


def ordered_a_year_after_delivery(p: Project) -> Expected:
    p.append("arms_transfers", TEST_TRANSFER)
    p.edit("arms_transfers", "order_date: 2021-04-06", "order_date: 2022")
    line = p.line_of("arms_transfers", "delivery_date: 2021-04-07")
    return TRANSFERS, line, "delivery_date: 2021-04-07 is before order_date 2022"


def previous_is_itself(p: Project) -> Expected:
    return _transfer_with(p, "previous_id: test-transfer", "previous_id: is this record itself")


def previous_in_a_cycle(p: Project) -> Expected:
    p.append("arms_transfers", TEST_TRANSFER + "  previous_id: test-transfer-2\n")
    second = TEST_TRANSFER.replace("id: test-transfer", "id: test-transfer-2")
    p.append("arms_transfers", second + "  previous_id: test-transfer\n")
    line = p.line_of("arms_transfers", "previous_id: test-transfer-2")
    return (
        TRANSFERS,
        line,
        "previous_id: a cycle: test-transfer → test-transfer-2 → test-transfer",
    )


def same_text_twice(p: Project) -> Expected:
    sha = "77451c4f4c74275bd4f88f87ecff14eb63e10f2562e07bced6d1b763a6344cc1"  # src-001's
    p.append("sources", TEST_SOURCE.replace("0" * 64, sha))
    line = p.line_of("sources", f"sha256: {sha}")
    return SOURCES_YAML, line, "sha256: the same text as source 'src-001'"


def same_file_twice(p: Project) -> Expected:
    p.append("sources", TEST_SOURCE.replace("099_test.txt", "001_31d19213f0e270f8.txt"))
    line = p.line_of("sources", "file: 001_31d19213f0e270f8.txt")
    return SOURCES_YAML, line, "file: the same text as source 'src-001'"


def alias_is_own_name(p: Project) -> Expected:
    name = "  name: Russian Foreign Minister Sergey Lavrov\n"
    line = p.edit("people", name, name + "  aliases: [russian foreign minister  Sergey Lavrov]\n")
    return PEOPLE, line + 1, "aliases[1]: 'russian foreign minister  Sergey Lavrov' is already"


def versions_all_the_same(p: Project) -> Expected:
    p.append("discrepancies", TEST_DISCREPANCY.replace('"April 7th, 2021"}', "6-7 April 2021}"))
    line = p.line_of("discrepancies", "  versions:")
    return DISCREPANCIES, line, "versions: every version says the same"


def version_given_twice(p: Project) -> Expected:
    first = "    - {target_table: visits, target_id: test-visit, source: src-002, value: 6-7 April 2021}\n"
    p.append("discrepancies", TEST_DISCREPANCY.replace(first, first + first))
    line = p.line_of("discrepancies", first.strip())
    return DISCREPANCIES, line, "versions[2]: the same as versions[1]"


def delimiter_in_a_role(p: Project) -> Expected:
    name = "  name: Russian Foreign Minister Sergey Lavrov\n"
    line = p.edit("people", name, name + "  roles: [Foreign Minister; diplomat]\n") + 1
    return PEOPLE, line, "roles[1]: must not contain ';'"


def role_listed_twice(p: Project) -> Expected:
    name = "  name: Russian Foreign Minister Sergey Lavrov\n"
    line = p.edit("people", name, name + "  roles: [Foreign Minister, Foreign Minister]\n") + 1
    return PEOPLE, line, "roles: lists a value twice"


def decade_not_in_quotes(p: Project) -> Expected:
    line = p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 202X")
    return VISITS, line, "date: 2020s appears in none of this record's quotes"


def evidence_without_url(p: Project) -> Expected:
    p.append("sources", TEST_SOURCE + "  location_evidence: the title matches\n")
    line = p.line_of("sources", "location_evidence: the title matches")
    return SOURCES_YAML, line, "location_evidence: given, but there is no located_url"


def located_date_without_url(p: Project) -> Expected:
    p.append("sources", TEST_SOURCE + "  located_date: 2018\n")
    line = p.line_of("sources", "located_date: 2018")
    return SOURCES_YAML, line, "located_date: given, but there is no located_url"


URL = "  located_url: https://example.org/2018/04/05/article\n"


def new_url_without_evidence(p: Project) -> Expected:
    p.append("sources", TEST_SOURCE + URL)
    line = p.line_of("sources", URL.strip())
    return SOURCES_YAML, line, "located_url: say how the location was established"


def located_date_not_copied(p: Project) -> Expected:
    extra = URL + "  location_evidence: the title matches\n  located_date: 2018-04-05\n"
    p.append("sources", TEST_SOURCE + extra)
    line = p.line_of("sources", "located_date: 2018-04-05")
    return SOURCES_YAML, line, "located_date: needs located_date_text"


def located_date_of_another_year(p: Project) -> Expected:
    extra = URL + "  location_evidence: the title matches\n  located_date: 2019-04-05\n"
    p.append("sources", TEST_SOURCE + extra + "  located_date_text: 2018/04/05\n")
    line = p.line_of("sources", "located_date: 2019-04-05")
    return SOURCES_YAML, line, "located_date: the year of 2019-04-05 is not in located_date_text"


def soviet_actor(p: Project) -> Expected:
    line = p.edit("visits", "actor: RUS", "actor: SUN")
    return VISITS, line, "actor: SUN (the Soviet Union's former code) is used"


def year_in_topics(p: Project) -> Expected:
    return _visit_with(
        p,
        "topics: the 1999 treaty",
        "topics: names 1999, which none of this record's quotes states",
    )


def inferred_unknown_field(p: Project) -> Expected:
    line = p.edit(
        "visits", "  status: occurred", "  inferred:\n    colour: a guess\n  status: occurred"
    )
    return VISITS, line + 1, "inferred.colour: visits has no field 'colour'"


def inferred_empty_field(p: Project) -> Expected:
    line = p.edit(
        "visits", "  status: occurred", "  inferred:\n    place: a guess\n  status: occurred"
    )
    return VISITS, line + 1, "inferred.place: the record has no place to mark inferred"


def first_claim_not_quoted(p: Project) -> Expected:
    return _visit_with(
        p,
        "first_claim: for the first time",
        "first_claim: 'for the first time' is not written in any",
    )


def place_not_quoted(p: Project) -> Expected:
    return _visit_with(
        p, "place: Moscow", "place: 'Moscow' appears in none of this record's quotes"
    )


def place_part_not_quoted(p: Project) -> Expected:
    return _visit_with(p, "place: Lahore, Pakistan", "place: 'Lahore, Pakistan' appears in none")


def number_ordered_not_quoted(p: Project) -> Expected:
    return _transfer_with(
        p, "number_ordered: 5", "number_ordered: 5 appears in none of this record's quotes"
    )


def number_delivered_not_quoted(p: Project) -> Expected:
    return _transfer_with(p, "number_delivered: 35", "number_delivered: 35 appears in none")


def extra_person_not_quoted(p: Project) -> Expected:
    p.edit(
        "visits",
        "      role: principal\n",
        "      role: principal\n    - person: vladimir-putin\n      role: principal\n",
    )
    line = p.line_of("visits", "person: vladimir-putin")
    return VISITS, line, "people[2]: Vladimir Putin"


def person_swapped_not_quoted(p: Project) -> Expected:
    line = p.edit("visits", "person: test-person", "person: imran-khan")
    return VISITS, line, "people[1]: Imran Khan"


def counterpart_not_quoted(p: Project) -> Expected:
    line = p.edit("visits", "counterpart: PAK", "counterpart: IND")
    return VISITS, line, "counterpart: IND (India, Indian, Indians) is named in none"


def actor_not_quoted(p: Project) -> Expected:
    line = p.edit("visits", "actor: RUS", "actor: CHN")
    return VISITS, line, "actor: CHN (China, Chinese"


def visit_link_not_quoted(p: Project) -> Expected:
    return _transfer_with(
        p,
        "visit_id: nawaz-sharif-moscow-1999",
        "visit_id: visits 'nawaz-sharif-moscow-1999' is named in none",
    )


def previous_link_not_quoted(p: Project) -> Expected:
    return _transfer_with(
        p,
        "previous_id: rd-93-engines-2015",
        "previous_id: arms_transfers 'rd-93-engines-2015' is named in none",
    )


def media_reports_event(p: Project) -> Expected:
    p.edit(
        "visits",
        QUOTE,
        "According to media reports, Russian Foreign Minister Sergey Lavrov visited Pakistan in April 2021.",
    )
    line = p.line_of("visits", "status: occurred")
    return (
        VISITS,
        line,
        "status: 'occurred' reports an event, but every quote is hedged ('according to media reports')",
    )


def first_version_source_not_quoted(p: Project) -> Expected:
    p.append("discrepancies", TEST_DISCREPANCY)
    text = p.yaml("discrepancies").read_text(encoding="utf-8")
    start = text.rindex("    - source: src-002")
    stop = text.index("    - source: src-001", start)
    p.yaml("discrepancies").write_text(text[:start] + text[stop:], encoding="utf-8")
    line = p.line_of("discrepancies", "source: src-002, value")
    return DISCREPANCIES, line, "versions[1].source: src-002 gives a version but is quoted in none"


def text_changed(p: Project) -> Expected:
    text = p.sources / "002_b123d18841fa7514.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    return (
        SOURCES_YAML,
        p.line_of("sources", "file: 002_b123d18841fa7514.txt") + 1,
        "sha256: does not match",
    )


def text_missing(p: Project) -> Expected:
    (p.sources / "002_b123d18841fa7514.txt").unlink()
    line = p.line_of("sources", "file: 002_b123d18841fa7514.txt")
    return SOURCES_YAML, line, "file: '002_b123d18841fa7514.txt' not found in"


def quote_with_other_punctuation(p: Project) -> Expected:
    line = p.edit("visits", "after almost a decade.", "after almost a decade!")
    return VISITS, line, "citations[1].quote: quote not found in the text"


# ---------------------------------------------------------------- passing cases


def ids_may_repeat_across_tables(p: Project) -> None:
    p.append("people", "- id: test-visit\n  name: Someone Else Entirely\n")


def reference_to_another_record(p: Project) -> None:
    p.edit("visits", "person: test-person", "person: vladimir-putin")


def new_source_cited(p: Project) -> None:
    p.append("sources", TEST_SOURCE)
    p.edit(
        "visits", "  citations:\n", "  citations:\n    - source: src-099\n      quote: anything\n"
    )


def person_who_speaks(p: Project) -> None:
    p.append("people", "- id: test-person-3\n  name: Nobody In Particular\n")
    p.edit(
        "visits", "    - source: src-002\n", "    - source: src-002\n      speaker: test-person-3\n"
    )


def qualifier_with_its_date(p: Project) -> None:
    p.append(
        "arms_transfers",
        TEST_TRANSFER.replace(
            "order_date: 2021-04-06", "order_date: 2021-04-06\n  order_date_qualifier: exact"
        ),
    )


def approximate_with_about(p: Project) -> None:
    p.edit(
        "visits",
        "date_qualifier: exact",
        "date_qualifier: approximate\n  date_text: about April 2021",
    )


def approximate_marked_inferred(p: Project) -> None:
    p.edit(
        "visits",
        "date_qualifier: exact",
        "date_qualifier: approximate\n  date_text: April 2021\n  inferred:\n    date_qualifier: the other article dates it loosely",
    )


def ordered_the_month_delivered(p: Project) -> None:
    p.append(
        "arms_transfers", TEST_TRANSFER.replace("order_date: 2021-04-06", "order_date: 2021-04")
    )


def previous_without_a_loop(p: Project) -> None:
    p.append("arms_transfers", TEST_TRANSFER)
    second = TEST_TRANSFER.replace("id: test-transfer", "id: test-transfer-2")
    p.append("arms_transfers", second + "  previous_id: test-transfer\n")


def new_text_registered(p: Project) -> None:
    p.append("sources", TEST_SOURCE)


def alias_of_no_one_else(p: Project) -> None:
    name = "  name: Russian Foreign Minister Sergey Lavrov\n"
    p.edit("people", name, name + "  aliases: [Lavrov the Tester]\n")


def versions_that_differ(p: Project) -> None:
    p.append("discrepancies", TEST_DISCREPANCY)


def list_without_delimiter_or_repeats(p: Project) -> None:
    name = "  name: Russian Foreign Minister Sergey Lavrov\n"
    p.edit("people", name, name + "  roles: [Foreign Minister, diplomat]\n")


def year_in_quotes(p: Project) -> None:
    p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 2021")


def year_marked_inferred(p: Project) -> None:
    p.edit(
        "visits",
        "date: 2021-04-06/2021-04-07",
        "date: 2020\n  inferred:\n    date: the other article",
    )


def location_complete(p: Project) -> None:
    extra = URL + "  location_evidence: the title matches\n  located_date: 2018-04-05\n"
    p.append("sources", TEST_SOURCE + extra + "  located_date_text: 2018/04/05\n")


def soviet_union_in_the_quote(p: Project) -> None:
    p.edit("visits", QUOTE, "The Soviet Union and Pakistan met in April 2021.")
    p.edit("visits", "counterpart: PAK", "counterpart: SUN")


def year_of_our_words_in_quotes(p: Project) -> None:
    p.edit("visits", "summary: A visit made up", "summary: A 2021 visit made up")


def year_of_our_words_inferred(p: Project) -> None:
    p.edit("visits", "summary: A visit made up", "summary: A 2019 visit made up")
    p.edit(
        "visits",
        "  status: occurred",
        "  inferred:\n    summary: the other article\n  status: occurred",
    )


def inferred_place(p: Project) -> None:
    p.edit(
        "visits",
        "  status: occurred",
        "  inferred:\n    place: the other article\n  place: Moscow\n  status: occurred",
    )


def wording_quoted(p: Project) -> None:
    p.edit("visits", "  date_qualifier:", "  date_text: 6-7 April 2021\n  date_qualifier:")


def place_quoted(p: Project) -> None:
    p.edit("visits", "  date_qualifier:", "  place: Pakistan\n  date_qualifier:")


def number_quoted(p: Project) -> None:
    p.append("arms_transfers", TEST_TRANSFER + "  number_ordered: 7\n")


def person_who_speaks_the_quote(p: Project) -> None:
    p.edit("visits", "person: test-person", "person: imran-khan")
    p.edit(
        "visits", "    - source: src-002\n", "    - source: src-002\n      speaker: imran-khan\n"
    )


def country_quoted(p: Project) -> None:
    p.edit("visits", "actor: RUS", "actor: PAK")


def link_through_a_shared_quote(p: Project) -> None:
    p.append("arms_transfers", TEST_TRANSFER + "  visit_id: test-visit\n")


def hedged_claim(p: Project) -> None:
    p.edit(
        "visits",
        QUOTE,
        "Russian Foreign Minister Sergey Lavrov might visit Pakistan in April 2021.",
    )
    p.edit("visits", "status: occurred", "status: speculated")


def every_version_source_quoted(p: Project) -> None:
    p.append("discrepancies", TEST_DISCREPANCY)


def new_text_with_its_hash_and_size(p: Project) -> None:
    # Multi-byte characters: its size in bytes is not its length in characters.
    raw = "Russia’s and Pakistan’s talks — a test text.\n".encode()
    assert p.sources
    (p.sources / "099_test.txt").write_bytes(raw)
    record = TEST_SOURCE.replace("0" * 64, hashlib.sha256(raw).hexdigest())
    p.append("sources", record.replace("bytes: 1\n", f"bytes: {len(raw)}\n"))


def quote_cut_shorter(p: Project) -> None:
    p.edit("visits", " has happened after almost a decade.", "")


def opinion_as_event(p: Project) -> Expected:
    line = p.edit("visits", "status: occurred", "status: speculated")
    return (
        VISITS,
        line,
        "status: 'speculated' is what someone thinks or wants, not an event: move the record to claims.yaml (claimant, kind, stance), or give the event's status",
    )


def identity_as_disagreement(p: Project) -> Expected:
    p.append("discrepancies", TEST_DISCREPANCY.replace("aspect: date", "aspect: identity"))
    return (
        "data/yaml/discrepancies.yaml",
        p.line_of("discrepancies", "aspect: identity"),
        "aspect: whether two reports are one thing is an identity question, not a disagreement: record it in identities.yaml (and withdraw this one)",
    )


def claimant_without_person(p: Project) -> Expected:
    text = p.yaml("claims").read_text(encoding="utf-8")
    at = text.rindex("  claimant_person: ")
    p.yaml("claims").write_text(text[:at] + text[text.index("\n", at) + 1 :], encoding="utf-8")
    line = text[:at].count("\n")  # the claimant line just above it
    return (
        "data/yaml/claims.yaml",
        line,
        "claimant_person: give the person exactly when claimant is 'person'",
    )


def merged_but_unclear(p: Project) -> Expected:
    line = p.edit("identities", "verdict: probably_same", "verdict: unclear")
    return (
        "data/yaml/identities.yaml",
        line,
        "verdict: 'unclear' but both reports name one record; a record holds one thing: split it, or say same or probably_same",
    )


def same_but_two_records(p: Project) -> Expected:
    line = p.edit("identities", "verdict: unclear", "verdict: probably_same")
    return (
        "data/yaml/identities.yaml",
        line,
        "verdict: 'probably_same' but the reports are two records: merge them into one (the CHANGELOG maps the old id to the new), or say unclear or different",
    )


def verdict_not_inferred(p: Project) -> Expected:
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.rindex("  inferred:\n    verdict:")
    end = text.index("\n  citations:", at)
    p.yaml("identities").write_text(text[:at] + text[end + 1 :], encoding="utf-8")
    return (
        "data/yaml/identities.yaml",
        p.line_of("identities", "verdict: unclear"),
        "verdict: 'unclear' is our reading (only 'same' can be stated by a text): mark verdict inferred with the reason",
    )


def first_claim_without_first(p: Project) -> Expected:
    line = p.edit(
        "visits",
        "  summary: A visit made up",
        "  first_claim: after almost a decade\n  summary: A visit made up",
    )
    return (
        VISITS,
        line,
        "first_claim: 'after almost a decade' does not claim to be first (no 'first' in it): leave it out, or copy the words that say 'first'",
    )


def recommended_as_event(p: Project) -> Expected:
    line = p.edit("visits", "status: occurred", "status: recommended")
    return VISITS, line, "status: 'recommended' is what someone thinks or wants, not an event"


def person_without_claimant(p: Project) -> Expected:
    text = p.yaml("claims").read_text(encoding="utf-8")
    at = text.index("  claimant: person\n")
    p.yaml("claims").write_text(
        text[:at] + "  claimant: author\n" + text[at + len("  claimant: person\n") :],
        encoding="utf-8",
    )
    line = text[:at].count("\n") + 2  # the claimant_person line just below it
    return "data/yaml/claims.yaml", line, "claimant_person: give the person exactly when"


def identity_reopened(p: Project) -> Expected:
    text = p.yaml("discrepancies").read_text(encoding="utf-8")
    aspect = text.index("  aspect: identity\n")
    start = text.index("  withdrawn:", aspect)
    end = text.index("\n  ", start + 1)  # the next key of the record
    p.yaml("discrepancies").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    line = text[:aspect].count("\n") + 1
    return "data/yaml/discrepancies.yaml", line, "aspect: whether two reports are one thing"


def first_claim_historic(p: Project) -> Expected:
    return _transfer_with(p, "first_claim: almost a decade", "first_claim: 'almost a decade'")


def report_source_not_quoted(p: Project) -> Expected:
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.index("      source: src-002\n")
    p.yaml("identities").write_text(
        text[:at] + "      source: src-004\n" + text[at + len("      source: src-002\n") :],
        encoding="utf-8",
    )
    line = text[:at].count("\n") + 1
    return "data/yaml/identities.yaml", line, "reports[2].source: src-004 is quoted in none"


def one_report_twice(p: Project) -> Expected:
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.index("      source: src-002\n")
    p.yaml("identities").write_text(
        text[:at] + "      source: src-001\n" + text[at + len("      source: src-002\n") :],
        encoding="utf-8",
    )
    line = text[: text.index("  reports:")].count("\n") + 1
    return "data/yaml/identities.yaml", line, "reports: one record and one source is one report"


def second_verdict_not_inferred(p: Project) -> Expected:
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.index("  inferred:\n    verdict:")
    end = text.index("\n  citations:", at)
    p.yaml("identities").write_text(text[:at] + text[end + 1 :], encoding="utf-8")
    first = text[: text.index("verdict: probably_same")].count("\n") + 1
    return "data/yaml/identities.yaml", first, "verdict: 'probably_same' is our reading"


def planned_is_an_event(p: Project) -> None:
    p.edit("visits", "status: occurred", "status: planned")


def claim_of_a_named_person(p: Project) -> None:
    p.edit("claims", "  claimant: author\n", "  claimant: person\n  claimant_person: test-person\n")


def identity_question_withdrawn(p: Project) -> None:
    withdrawn = '  withdrawn: "an identity question: held as identities/test-identity"\n'
    p.append(
        "discrepancies", TEST_DISCREPANCY.replace("aspect: date", "aspect: identity") + withdrawn
    )


def merged_pair_said_same(p: Project) -> None:
    p.edit("identities", "verdict: probably_same", "verdict: same")


def two_records_said_different(p: Project) -> None:
    p.edit("identities", "verdict: unclear", "verdict: different")


def report_of_another_source_quoted_too(p: Project) -> None:
    """The first question's second report moved to src-004, which the question then quotes."""
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.index("      source: src-002\n")
    cite = text.index("  citations:\n", at) + len("  citations:\n")
    quote = '    - source: src-004\n      quote: "Russian Minister of Defence Serhei Shoigu"\n'
    text = (
        text[:at]
        + "      source: src-004\n"
        + text[at + len("      source: src-002\n") : cite]
        + quote
        + text[cite:]
    )
    p.yaml("identities").write_text(text, encoding="utf-8")


def verdict_same_needs_no_reason(p: Project) -> None:
    """'same' is what a text can state: the first question's verdict, its reason dropped."""
    text = p.yaml("identities").read_text(encoding="utf-8")
    at = text.index("  inferred:\n    verdict:")
    end = text.index("\n  citations:", at)
    text = text[:at] + text[end + 1 :]
    at = text.index("verdict: probably_same")
    text = text[:at] + "verdict: same" + text[at + len("verdict: probably_same") :]
    p.yaml("identities").write_text(text, encoding="utf-8")


def date_as_precise_as_its_wording(p: Project) -> None:
    p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 2021-04")


def first_claim_that_says_first(p: Project) -> None:
    p.edit(
        "visits",
        "  summary: A visit made up",
        "  first_claim: first time\n  summary: A visit made up",
    )


def stale_anchor(p: Project) -> Expected:
    path = p.root / "anchors" / "quotes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    first = lines[1].split(",")
    first[4] = str(int(first[4]) + 1)  # the start of the first quote, one character off
    path.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]), encoding="utf-8")
    return (
        "anchors/quotes.csv",
        2,
        "not what the texts give (a quote was added, changed or moved): run `rusdata anchor --sources DIR` and commit the result",
    )


def anchor_of_a_shortened_quote(p: Project) -> Expected:
    # The quote is still in the text (quotes-in-texts passes) but no longer what was anchored.
    p.edit("visits", " has happened after almost a decade.", "")
    rows = (p.root / "anchors" / "quotes.csv").read_text(encoding="utf-8").split("\n")
    line = next(n for n, row in enumerate(rows, 1) if row.startswith("visits,test-visit,1,"))
    return ("anchors/quotes.csv", line, "not what the texts give")


def quote_shortened_and_reanchored(p: Project) -> None:
    p.edit("visits", " has happened after almost a decade.", "")
    assert p.run("anchor", "--sources", str(p.sources)).code == 0


Case = Callable[[Project], Expected]
Passing = Callable[[Project], None]
# For each rule: cases that break it (each reported by that rule alone, at its line), and
# cases near them that it accepts. A rule added to RULES needs both (see the first test).
FAILING: dict[str, list[Case]] = {
    "unique-ids": [duplicate_id, duplicate_person_id],
    "references": [unknown_source, unknown_person],
    "sources-cited": [uncited_source, second_uncited_source],
    "people-named": [unnamed_person, person_named_nowhere],
    "qualifier-needs-date": [
        qualifier_without_date,
        delivery_qualifier_without_date,
        order_qualifier_without_date,
    ],
    "approximate-has-word": [approximate_without_a_word, approximate_narrowed_only],
    "delivery-after-order": [delivered_before_ordered, ordered_a_year_after_delivery],
    "previous-chain": [previous_is_itself, previous_in_a_cycle],
    "one-source-per-text": [same_text_twice, same_file_twice],
    "one-person-per-spelling": [alias_of_another_person, alias_is_own_name],
    "versions-differ": [versions_all_the_same, version_given_twice],
    "list-no-delimiter": [delimiter_in_a_list, delimiter_in_a_role],
    "list-no-repeats": [value_listed_twice, role_listed_twice],
    "years-in-dates": [year_not_in_quotes, decade_not_in_quotes],
    "location-needs-url": [evidence_without_url, located_date_without_url],
    "location-evidence": [located_url_without_evidence, new_url_without_evidence],
    "located-date-from-url": [located_date_not_copied, located_date_of_another_year],
    "soviet-union-named": [soviet_union_not_named, soviet_actor],
    "years-in-our-words": [year_in_our_words, year_in_topics],
    "inferred-fields": [inferred_unknown_field, inferred_empty_field],
    "words-quoted": [wording_not_quoted, first_claim_not_quoted],
    "places-quoted": [place_not_quoted, place_part_not_quoted],
    "numbers-quoted": [number_ordered_not_quoted, number_delivered_not_quoted],
    "people-quoted": [extra_person_not_quoted, person_swapped_not_quoted],
    "countries-quoted": [counterpart_not_quoted, actor_not_quoted],
    "links-quoted": [visit_link_not_quoted, previous_link_not_quoted],
    "hedged-not-event": [hedged_event, media_reports_event],
    "discrepancy-sources": [version_source_not_quoted, first_version_source_not_quoted],
    "source-files": [text_changed, text_missing],
    "quotes-in-texts": [quote_not_in_text, quote_with_other_punctuation],
    "anchors-current": [stale_anchor, anchor_of_a_shortened_quote],
    "opinion-not-event": [opinion_as_event, recommended_as_event],
    "claimant-person": [claimant_without_person, person_without_claimant],
    "identity-not-disagreement": [identity_as_disagreement, identity_reopened],
    "first-claims": [first_claim_without_first, first_claim_historic],
    "verdict-fits-records": [merged_but_unclear, same_but_two_records],
    "reports-quoted": [report_source_not_quoted, one_report_twice],
    "verdict-inferred": [verdict_not_inferred, second_verdict_not_inferred],
    **PRECISION_CASES,
    "unit-no-scale": UNIT_CASES,
}
PASSING: dict[str, list[Passing]] = {
    "unique-ids": [ids_may_repeat_across_tables],
    "references": [reference_to_another_record],
    "sources-cited": [new_source_cited],
    "people-named": [person_who_speaks],
    "qualifier-needs-date": [qualifier_with_its_date],
    "approximate-has-word": [approximate_with_about, approximate_marked_inferred],
    "delivery-after-order": [ordered_the_month_delivered],
    "previous-chain": [previous_without_a_loop],
    "one-source-per-text": [new_text_registered],
    "one-person-per-spelling": [alias_of_no_one_else],
    "versions-differ": [versions_that_differ],
    "list-no-delimiter": [list_without_delimiter_or_repeats],
    "list-no-repeats": [list_without_delimiter_or_repeats],
    "years-in-dates": [year_in_quotes, year_marked_inferred],
    "location-needs-url": [location_complete],
    "location-evidence": [location_complete],
    "located-date-from-url": [location_complete],
    "soviet-union-named": [soviet_union_in_the_quote],
    "years-in-our-words": [year_of_our_words_in_quotes, year_of_our_words_inferred],
    "inferred-fields": [inferred_place],
    "words-quoted": [wording_quoted],
    "places-quoted": [place_quoted, inferred_place],
    "numbers-quoted": [number_quoted],
    "people-quoted": [person_who_speaks_the_quote],
    "countries-quoted": [country_quoted],
    "links-quoted": [link_through_a_shared_quote],
    "hedged-not-event": [hedged_claim],
    "discrepancy-sources": [every_version_source_quoted],
    "source-files": [new_text_with_its_hash_and_size],
    "quotes-in-texts": [quote_cut_shorter],
    "anchors-current": [quote_shortened_and_reanchored],
    "opinion-not-event": [planned_is_an_event],
    "claimant-person": [claim_of_a_named_person],
    "identity-not-disagreement": [identity_question_withdrawn],
    "first-claims": [first_claim_that_says_first],
    "verdict-fits-records": [merged_pair_said_same, two_records_said_different],
    "reports-quoted": [report_of_another_source_quoted_too],
    "verdict-inferred": [verdict_same_needs_no_reason],
    "date-precision": [date_as_precise_as_its_wording],
    **PRECISION_PASSING,
}
TEXTS = {
    "source-files",
    "quotes-in-texts",
    "anchors-current",
    *WITH_TEXTS,
}  # the rules that read the texts


def test_every_rule_has_a_code_cases_and_says_if_it_honours_inferred() -> None:
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)
    assert set(FAILING) == set(PASSING) == set(names)
    assert all(len(FAILING[n]) >= 2 and PASSING[n] for n in names)
    assert all(r.checks and r.inferred for r in RULES), [r.name for r in RULES if not r.inferred]


def _matches(found: Sequence[tuple[str, int, str]], expected: Expected) -> bool:
    path, line, message = expected
    return any(p == path and n == line and m.startswith(message) for p, n, m in found)


def _found(loaded: Loaded) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in loaded.problems]


@pytest.fixture
def texts(seeded: Project, sources_copy: Path) -> Project:
    seeded.sources = sources_copy
    return seeded


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in FAILING.items() for case in cases],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_rule_reports_the_exact_line(
    texts: Project, name: str, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = texts.sources if name in TEXTS else None
    expected = case(texts)
    args = ["--sources", str(sources)] if sources else []
    result = texts.run("validate", *args)
    assert result.code == 1, result.out
    assert _matches(result.problems, expected), result.out
    at = [
        r
        for (p, n, m), r in zip(result.problems, result.rules, strict=True)
        if _matches([(p, n, m)], expected)
    ]
    assert name in at, (at, result.out)  # the line names its rule
    # This rule alone reports it (a broken value may also break another rule's check, e.g. a
    # name no longer in the quotes) ...
    (rule,) = [r for r in RULES if r.name == name]
    alone = validate(texts.root, sources, [rule])
    assert _matches(_found(alone), expected), _found(alone)
    assert {p.rule for p in alone.problems} <= {name, "schema"}
    # ... and switched off, `rusdata validate` no longer reports it: the rule is needed.
    monkeypatch.setattr(rusdata.checks.rules, "RULES", [r for r in RULES if r.name != name])
    off = texts.run("validate", *args)
    assert not _matches(off.problems, expected), off.out


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in PASSING.items() for case in cases],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_rule_accepts_its_passing_case(texts: Project, name: str, case: Passing) -> None:
    sources = texts.sources if name in TEXTS else None
    before = texts.snapshot()
    case(texts)
    assert texts.snapshot() != before, "a passing case is a variant, not the seeded project"
    (rule,) = [r for r in RULES if r.name == name]
    loaded = validate(texts.root, sources, [rule])
    assert _found(loaded) == []


def test_hedged_claim_with_a_claim_status_is_valid(seeded: Project) -> None:
    seeded.edit(
        "visits",
        QUOTE,
        "Russian Foreign Minister Sergey Lavrov might visit Pakistan on 6-7 April 2021.",
    )
    seeded.edit("visits", "status: occurred", "status: planned")
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


def test_format_json_prints_one_object_per_problem(seeded: Project) -> None:
    """`--format json`: JSON Lines on stdout, one object per problem with file, line, field,
    rule and message, the same problems as the text lines; the summary on stderr."""
    place = place_not_quoted(seeded)
    count = second_uncited_source(seeded)
    text = seeded.run("validate")
    result = seeded.run("validate", "--format", "json")
    assert result.code == text.code == 1
    found = [json.loads(line) for line in result.out.splitlines()]
    assert [set(f) for f in found] == [{"file", "line", "field", "rule", "message"}] * len(found)
    assert [(f["file"], f["line"], f["message"]) for f in found] == text.problems
    assert [f["rule"] for f in found] == text.rules
    by_rule = {f["rule"]: f for f in found}
    assert (by_rule["places-quoted"]["file"], by_rule["places-quoted"]["line"]) == place[:2]
    assert by_rule["places-quoted"]["field"] == "place"
    assert by_rule["sources-cited"]["field"] == "id"
    assert by_rule["sources-cited"]["line"] == count[1]
    assert "problem(s)" in result.err and "valid:" not in result.out


def test_format_json_names_nested_fields_and_whole_files(seeded: Project) -> None:
    quote_line = seeded.edit(
        "visits", "source: src-002\n      quote: ", "source: src-02\n      quote: "
    )
    (seeded.root / "data" / "yaml" / "stray.yaml").write_text("[]\n", encoding="utf-8")
    result = seeded.run("validate", "--format", "json")
    found = [json.loads(line) for line in result.out.splitlines()]
    fields = {(f["file"], f["line"]): (f["field"], f["rule"]) for f in found}
    assert fields[(VISITS, quote_line)] == ("citations[1].source", "references")
    assert fields[("data/yaml/stray.yaml", 1)] == (None, "schema")


def test_a_valid_project_prints_no_json(seeded: Project) -> None:
    result = seeded.run("validate", "--format", "json")
    assert result.code == 0 and result.out == ""
    assert "valid:" in result.err


@pytest.mark.parametrize(
    ("name", "case"),
    [
        (r.name, case)
        for r in RULES
        if r.inferred == HONOURED
        for case in FAILING[r.name]
        if r.name not in TEXTS
    ],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_a_rule_that_honours_inferred_is_silenced_by_it(
    seeded: Project, name: str, case: Case
) -> None:
    """A rule saying it honours `inferred` keeps its word: with the field its failing case
    breaks marked inferred (a reason written into the record), the rule reports nothing."""
    path, line, message = case(seeded)
    field = re.split(r"[.\[:]", message, maxsplit=1)[0]
    lines = (seeded.root / path).read_text(encoding="utf-8").splitlines(keepends=True)
    start = max(i for i in range(line) if lines[i].startswith("- id:"))  # the record's first line
    lines.insert(start + 1, f"  inferred:\n    {field}: marked for the test\n")
    (seeded.root / path).write_text("".join(lines), encoding="utf-8")
    (rule,) = [r for r in RULES if r.name == name]
    assert _found(validate(seeded.root, None, [rule])) == []
