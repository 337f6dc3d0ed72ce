"""Stated or inferred: validate's evidence rules, each at the offending field's line, each
silenced only by marking the field inferred; and the `inferred` mapping's own rules.

Every test starts from the `seeded` project (valid, proved by test_validate) and appends or
breaks one record, so each fails without its rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import Project

from rusdata.checks.evidence import decade_is_stated, numbers_in, year_is_stated

VISITS = "data/yaml/visits.yaml"
EXERCISES = "data/yaml/exercises.yaml"

# An exercise of our own: its values are each stated by its one quote.
FRIENDSHIP = "In addition, both militaries conducted joint exercises, starting with the Friendship-2017 military exercises—involving about 70 military mountaineers from Pakistan and the Russian mountain infantry division of Southern Military District—held in the mountain range near Nizhny Arkhyz settlement in Karachay-Cherkessia, Russia."
TEST_EXERCISE = f"""
- id: test-exercise
  summary: An exercise made up for the tests
  status: occurred
  name: Friendship-2017
  kind: mountain
  countries: [PAK, RUS]
  place: Nizhny Arkhyz settlement, Karachay-Cherkessia
  host_country: RUS
  personnel: 70
  citations:
    - source: src-002
      quote: "{FRIENDSHIP}"
"""


def problems(project: Project) -> list[tuple[str, int, str]]:
    result = project.run("validate")
    return result.problems


def only_problem(project: Project) -> tuple[str, int, str]:
    result = project.run("validate")
    assert result.code == 1, result.out
    assert len(result.problems) == 1, result.out
    return result.problems[0]


def retell(project: Project, quote: str, fields: str, name: str) -> None:
    """Make the test exercise another one: its one quote, `fields` in place of its place, host
    and personnel, and its name."""
    project.edit("exercises", f'quote: "{FRIENDSHIP}"', f'quote: "{quote}"')
    project.edit(
        "exercises",
        "  place: Nizhny Arkhyz settlement, Karachay-Cherkessia\n  host_country: RUS\n  personnel: 70\n",
        fields,
    )
    project.edit("exercises", "name: Friendship-2017", f"name: {name}")


def infer(project: Project, table: str, before: str, field: str, reason: str) -> None:
    """Mark `field` of the last record inferred, writing the mapping before `before`."""
    project.edit(table, before, f"inferred:\n    {field}: {reason}\n  {before}")


@pytest.fixture
def exercise(seeded: Project) -> Project:
    seeded.append("exercises", TEST_EXERCISE)
    assert seeded.run("validate").code == 0, seeded.run("validate").out
    return seeded


# ---------------------------------------------------------------- each rule, then inferred


@pytest.mark.parametrize(
    ("table", "old", "new", "message"),
    [
        # places: the place as written, or each comma-separated part
        (
            "exercises",
            "place: Nizhny Arkhyz",
            "place: Sochi, Nizhny Arkhyz",
            "place: 'Sochi, Nizhny Arkhyz settlement, Karachay-Cherkessia' appears in none",
        ),
        # counts: the number, in digits or words
        (
            "exercises",
            "personnel: 70",
            "personnel: 71",
            "personnel: 71 appears in none of this record's quotes, in digits or words",
        ),
        # countries: name or demonym
        (
            "exercises",
            "host_country: RUS",
            "host_country: IND",
            "host_country: IND (India, Indian, Indians) is named in none",
        ),
        (
            "exercises",
            "countries: [PAK, RUS]",
            "countries: [PAK, RUS, CHN]",
            "countries[3]: CHN (China, Chinese",
        ),
        # a code without names is an error of its own
        (
            "exercises",
            "host_country: RUS",
            "host_country: FJI",
            "host_country: no names known for FJI; add them to rusdata/schema/country_names.py",
        ),
        # the text's own words: a name is never corrected
        (
            "exercises",
            "name: Friendship-2017",
            "name: Druzhba-2017",
            "name: 'Druzhba-2017' is not written in any of this record's quotes",
        ),
        (
            "exercises",
            "personnel: 70",
            "personnel: 70\n  size: about seventy mountaineers",
            "size: 'about seventy mountaineers' is not written in any",
        ),
        # links: the target must be named in the record's quotes
        (
            "exercises",
            "personnel: 70",
            "personnel: 70\n  previous_id: arabian-monsoon-2014",
            "previous_id: exercises 'arabian-monsoon-2014' is named in none of this record's quotes",
        ),
    ],
)
def test_each_rule_points_at_the_field_unless_inferred(
    exercise: Project, table: str, old: str, new: str, message: str
) -> None:
    line = exercise.edit(table, old, new)
    path, got, text = only_problem(exercise)
    assert path == EXERCISES
    assert got in (line, line + 1), text  # an added key sits on the line after `old`
    assert text.startswith(message), text
    field = text.split(":")[0].split("[")[0]
    infer(exercise, table, "citations:", field, "our reading, for the test")
    assert exercise.run("validate").code == 0, exercise.run("validate").out


def test_a_capital_does_not_state_its_country(exercise: Project) -> None:
    # "Moscow and Islamabad" stand for the governments: reading them as countries is ours.
    exercise.edit("exercises", "from Pakistan and", "from Islamabad and")
    line = exercise.line_of("exercises", "countries: [PAK, RUS]")
    path, got, text = only_problem(exercise)
    assert (path, got) == (EXERCISES, line)
    assert text.startswith(
        "countries[1]: PAK (Pakistan, Pakistani, Pakistanis, Pak) is named in none"
    )
    infer(exercise, "exercises", "citations:", "countries", "PAK is read from 'Islamabad'")
    assert exercise.run("validate").code == 0, exercise.run("validate").out


@pytest.mark.parametrize("field", ["actor", "counterpart"])
def test_required_and_optional_country_fields_are_both_checked(seeded: Project, field: str) -> None:
    # `actor` is required: pydantic keeps its country check in the field's own metadata, which
    # a walk of the annotation alone missed.
    line = seeded.edit(
        "visits", f"{field}: {'RUS' if field == 'actor' else 'PAK'}", f"{field}: AFG"
    )
    path, got, text = only_problem(seeded)
    assert (path, got) == (VISITS, line)
    assert text.startswith(f"{field}: AFG (Afghanistan, Afghan, Afghans) is named in none"), text


def test_a_person_must_be_named_or_speak(seeded: Project) -> None:
    seeded.edit("people", "name: Russian Foreign Minister Sergey Lavrov", "name: Somebody Else")
    infer(seeded, "people", "citations:", "name", "for the test")  # their own quote's words
    line = seeded.line_of("visits", "person: test-person")
    path, got, text = only_problem(seeded)
    assert (path, got) == (VISITS, line)
    assert text.startswith("people[1]: Somebody Else (Somebody Else) is named in none")
    # an alias the quote uses is enough
    seeded.edit(
        "people",
        "name: Somebody Else",
        "name: Somebody Else\n  aliases: [Russian Foreign Minister Sergey Lavrov]",
    )
    assert seeded.run("validate").code == 0
    # so is speaking one of the quotes
    seeded.edit("people", "  aliases: [Russian Foreign Minister Sergey Lavrov]\n", "")
    seeded.edit(
        "visits",
        'has happened after almost a decade."',
        'has happened after almost a decade."\n      speaker: test-person',
    )
    assert seeded.run("validate").code == 0, seeded.run("validate").out


def test_a_persons_aliases_and_roles_are_the_texts_words(seeded: Project) -> None:
    seeded.edit(
        "people",
        "country: RUS",
        "aliases: [Lavrov]\n  roles: [Russian Foreign Minister]\n  country: RUS",
    )
    assert seeded.run("validate").code == 0  # both are in the person's quote
    line = seeded.edit("people", "aliases: [Lavrov]", "aliases: [Lavrov, Sergei Lavrov]")
    path, got, text = only_problem(seeded)
    assert (path, got) == ("data/yaml/people.yaml", line)
    assert text.startswith("aliases[2]: 'Sergei Lavrov' is not written in any")
    seeded.edit("people", "roles: [Russian Foreign Minister]", "roles: [Foreign Secretary]")
    assert [p[2].split(":")[0] for p in problems(seeded)] == ["aliases[2]", "roles[1]"]
    infer(seeded, "people", "citations:", "aliases", "for the test\n    roles: for the test")
    assert seeded.run("validate").code == 0


def test_a_persons_country_is_checked_in_their_own_quotes(seeded: Project) -> None:
    line = seeded.edit("people", "country: RUS", "country: PAK")
    # "Pakistan" is in the quote: stated. IND is not.
    assert seeded.run("validate").code == 0
    seeded.edit("people", "country: PAK", "country: IND")
    assert only_problem(seeded)[:2] == ("data/yaml/people.yaml", line)
    infer(seeded, "people", "citations:", "country", "for the test")
    assert seeded.run("validate").code == 0


def test_a_link_through_a_shared_quote_is_accepted(exercise: Project) -> None:
    # The round's own sentence also states the first round: it is that record's quote too.
    retell(
        exercise,
        "Prior to that, Russia and Pakistan conducted their first joint counter narcotics exercise, which was followed by a second round in December 2015.",
        "  previous_id: counter-narcotics-exercise-1\n",
        "second round",
    )
    assert exercise.run("validate").code == 0, exercise.run("validate").out


def test_a_link_whose_target_is_named_is_accepted(exercise: Project) -> None:
    # The quote names "Friendship-2017", the name of the real record friendship-2017.
    exercise.edit("exercises", "personnel: 70", "personnel: 70\n  previous_id: friendship-2017")
    assert exercise.run("validate").code == 0, exercise.run("validate").out


def test_a_discrepancy_version_must_share_a_quote_with_its_record(seeded: Project) -> None:
    seeded.append(
        "discrepancies",
        """
- id: test-discrepancy
  aspect: date
  summary: A disagreement made up for the tests
  versions:
    - {target_table: visits, target_id: test-visit, source: src-002, value: 6-7 April 2021}
    - {target_table: visits, target_id: nadeem-raza-moscow-2020-conference, source: src-002, value: x}
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021)"
""",
    )
    line = seeded.line_of("discrepancies", "target_id: nadeem-raza-moscow-2020-conference")
    path, got, text = only_problem(seeded)
    assert (path, got) == ("data/yaml/discrepancies.yaml", line)
    assert text.startswith("versions[2]: no quote of this disagreement from src-002")
    infer(seeded, "discrepancies", "citations:", "versions", "for the test")
    assert seeded.run("validate").code == 0


# ---------------------------------------------------------------- years


def test_a_decade_does_not_state_a_year(exercise: Project) -> None:
    retell(
        exercise,
        "Furthermore, in the mid-1970s Pakistan–Soviet ties improved",
        "  date: 197X\n",
        "ties",
    )
    exercise.edit("exercises", "countries: [PAK, RUS]", "countries: [PAK, SUN]")
    assert exercise.run("validate").code == 0, exercise.run("validate").out
    line = exercise.edit("exercises", "date: 197X", 'date: "1975"')
    path, got, text = only_problem(exercise)
    assert (path, got) == (EXERCISES, line)
    assert text.startswith("date: 1975 appears in none of this record's quotes")
    infer(exercise, "exercises", "citations:", "date", "the middle of 'the mid-1970s'")
    exercise.edit("exercises", 'date: "1975"\n', 'date: "1975"\n  date_qualifier: inferred\n')
    assert exercise.run("validate").code == 0


def test_year_matching() -> None:
    assert year_is_stated("1975", ["in 1975, the"])
    assert year_is_stated("2021", ["April 7th, 2021"])
    assert not year_is_stated("1975", ["in the mid-1970s"])
    assert not year_is_stated("1970", ["in the 1970s", "the 1970's"])
    assert not year_is_stated("2015", ["20150 people", "120151"])
    assert decade_is_stated("197X", ["in the mid-1970s"])
    assert not decade_is_stated("197X", ["in 1975"])


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Pakistan then bought four ‘MI-35’ attack helicopters", "4"),
        ("about 70 military mountaineers", "70"),
        ("provided 50,000 doses", "50000"),
        ("an all-time high of $790 million", "790000000"),
        ("a 46 per cent increase", "46"),
        ("1.6 billion cubic feet per day", "1.6"),
        ("1.6 billion cubic feet per day", "1600000000"),
        ("thirty-five countries", "35"),
        ("Thirty five countries", "35"),
        ("twelve ships", "12"),
    ],
)
def test_numbers_in_digits_or_words(text: str, number: str) -> None:
    assert Decimal(number) in numbers_in(text)


def test_numbers_not_stated() -> None:
    assert Decimal(5) not in numbers_in("fifty ships")
    assert Decimal(790) in numbers_in("$790 million")
    assert Decimal(1) not in numbers_in("someone, anyone")


# ---------------------------------------------------------------- the `inferred` mapping


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("    dat: x", "inferred.dat: visits has no field 'dat'; fields: "),
        ("    id: x", "inferred.id: id cannot be inferred"),
        ("    citations: x", "inferred.citations: citations cannot be inferred"),
        ("    inferred: x", "inferred.inferred: inferred cannot be inferred"),
        ("    place: x", "inferred.place: the record has no place to mark inferred"),
        ('    actor: ""', "inferred.actor: must be one line of text, not empty"),
        (
            '    actor: "two\\nlines"',
            "inferred.actor: contains U+000A (a tab or line break; a text value is one line)",
        ),
    ],
)
def test_inferred_names_real_filled_fields_with_a_reason(
    seeded: Project, mapping: str, message: str
) -> None:
    line = seeded.edit("visits", "  citations:", f"  inferred:\n{mapping}\n  citations:") + 1
    path, got, text = only_problem(seeded)
    assert (path, got) == (VISITS, line)
    assert text.startswith(message), text


def test_inferred_reason_is_carried_to_the_package(seeded: Project) -> None:
    seeded.edit("visits", "  citations:", "  inferred:\n    actor: our reading\n  citations:")
    assert seeded.run("build").code == 0
    rows = (seeded.root / "data" / "inferences.csv").read_text(encoding="utf-8").splitlines()
    assert "visits,test-visit,actor,our reading" in rows
