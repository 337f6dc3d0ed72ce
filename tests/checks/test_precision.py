"""Held to the text, to the precision stated: dates, amounts, key values together, hedges, and
single items of a list marked inferred.

Each precision rule's breaches are in precision_cases.py (run at the exact line by
test_rules.py); here each breach is marked inferred and the rule accepts it, the issue's own
examples are refused, and every hedge word is heard.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import Project, need_sources
from precision_cases import PRECISION_CASES, QUOTE, WITH_TEXTS, Case, add_trade

import rusdata
from rusdata.checks.precision import HEDGE_WORDS, HEDGES, months_and_days
from rusdata.checks.rules import RULES, validate
from rusdata.exports.sqlite import q
from rusdata.package.stated import stated_cells
from rusdata.schema.columns import tables
from rusdata.schema.fields import split_mark

VISITS = "data/yaml/visits.yaml"


# The rules that hold each value to the record's quotes (one job each; see docs/validation.md).
STATED = {r.name for r in RULES if r.name.endswith("-quoted") or r.name == "inferred-fields"}


def run(p: Project, name: str) -> list[tuple[str, int, str]]:
    """The problems the rule `name` finds ("stated-or-inferred": every rule in STATED)."""
    rules = [r for r in RULES if r.name in (STATED if name == "stated-or-inferred" else {name})]
    assert rules, name
    sources = need_sources() if name in WITH_TEXTS else None
    return [(x.path, x.line, x.message) for x in validate(p.root, sources, rules).problems]


def mark(p: Project, table: str, field: str, reason: str, qualifier: str | None = None) -> None:
    """Mark a field of the seeded record of `table` inferred (its date qualifier too)."""
    rid = {"visits": "test-visit", "trade": "test-trade"}[table]
    path = p.yaml(table)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {rid}\n")
    head, tail = text[:start], text[start:]
    if qualifier:
        tail = re.sub(rf"\n  {qualifier}: \w+", "", tail)
        tail = tail.replace("\n  citations:", f"\n  {qualifier}: inferred\n  citations:", 1)
    tail = tail.replace(
        "\n  citations:", f'\n  inferred:\n    {field}: "{reason}"\n  citations:', 1
    )
    path.write_text(head + tail, encoding="utf-8")


# Which field each breach is about, and the qualifier that goes with an inferred date.
MARKED: dict[str, tuple[str, str | None]] = {
    "month_no_quote_states": ("date", "date_qualifier"),
    "day_no_quote_states": ("date", "date_qualifier"),
    "day_against_the_wording": ("date", "date_qualifier"),
    "month_against_the_wording": ("date", "date_qualifier"),
    "relative_wording": ("date", "date_qualifier"),
    "inferred_date_stated_qualifier": ("", "date_qualifier"),
    "inferred_qualifier_not_marked": ("date", None),
    "value_without_its_scale": ("value", None),
    "value_against_its_wording": ("value", None),
    "currency_not_named": ("unit", None),
    "dollars_name_no_currency": ("unit", None),
    "fragments_apart": ("place", None),
    "place_from_another_event": ("place", None),
}


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in PRECISION_CASES.items() for case in cases],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_a_breach_marked_inferred_is_accepted(seeded: Project, name: str, case: Case) -> None:
    path, _, _ = case(seeded)
    assert run(seeded, name), "the case breaks the rule"
    field, qualifier = MARKED[case.__name__]
    table = Path(path).stem
    if case.__name__ == "inferred_date_stated_qualifier":  # marked already: say so
        text = seeded.yaml(table).read_text(encoding="utf-8")
        seeded.yaml(table).write_text(
            text.replace(
                "date_qualifier: exact\n  inferred:", "date_qualifier: inferred\n  inferred:"
            ),
            encoding="utf-8",
        )
    elif case.__name__ == "unit_with_a_scale":  # the unit is wrong, not unstated: fix it
        seeded.edit(table, "unit: million USD", "unit: USD")
    else:
        reason = "resolved against src-002's date, 2021" if field == "date" else "our reading"
        mark(seeded, table, field, reason, qualifier)
    assert run(seeded, name) == []
    assert run(seeded, "stated-or-inferred") == []


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("wording", "value", "refused"),
    [
        ("April 2018", "2018-05", True),
        ("April 2018", "2018-04-15", True),
        ("April 2018", "2018-04", False),
        ("April 2018", "2018", False),
        ("November 2014", "2014-03", True),
        ("November 2014", "2014-11", False),
        ("In 1999", "1999-06-15", True),
        ("In 1999", "1999-06", True),
        ("In 1999", "1999", False),
        ("6-7 April 2021", "2021-04-06/2021-04-07", False),
        ("6-7 April 2021", "2021-04-06/2021-04-08", True),
        ("April 7th, 2021", "2021-04-07", False),
        ("May 1, 1948", "1948-05-01", False),
        ("24 September 2016", "2016-09-24", False),
        ("the 1st of May 1948", "1948-05-01", False),
        ("Sept. 2016", "2016-09", False),
    ],
)
def test_a_date_is_as_precise_as_its_wording(
    seeded: Project, wording: str, value: str, refused: bool
) -> None:
    year = value[:4]
    seeded.edit(
        "visits", QUOTE, f"Russian Foreign Minister Sergey Lavrov visited Pakistan: {wording}."
    )
    seeded.edit(
        "visits", "date: 2021-04-06/2021-04-07\n", f"date: {value}\n  date_text: {wording}\n"
    )
    assert year in wording
    found = run(seeded, "date-precision")
    assert bool(found) is refused, found


def test_the_month_may_is_not_the_verb() -> None:
    assert months_and_days("Lavrov may visit in 2021") == (set(), set())
    assert months_and_days("on May 1, 1948") == ({5}, {(5, 1)})
    assert months_and_days("in march 2018") == (set(), set())  # a month is capitalised


def test_a_relative_date_resolved_as_an_inference_names_the_date(seeded: Project) -> None:
    seeded.edit("visits", "(6-7 April 2021)", "(6-7 April 2021, last month)")
    seeded.edit(
        "visits", "date: 2021-04-06/2021-04-07\n", "date: 2021-04\n  date_text: last month\n"
    )
    mark(seeded, "visits", "date", "'last month' read against the article's date", "date_qualifier")
    line = seeded.line_of("visits", "    date: ")
    assert run(seeded, "inferred-date-qualifier") == [
        (
            VISITS,
            line,
            "inferred.date: 'last month' is relative; the reason names the date it is "
            "resolved against (e.g. the source's 2021)",
        )
    ]
    seeded.edit("visits", "against the article's date", "against src-002's date, 2021-05")
    assert run(seeded, "inferred-date-qualifier") == []
    assert run(seeded, "date-precision") == []


def test_amounts_in_full_pass(seeded: Project) -> None:
    add_trade(seeded)
    assert run(seeded, "amount-scale") == []
    assert seeded.run("validate").problems == []


def test_the_data_keeps_amounts_in_full() -> None:
    (project,) = [r for r in rusdata.load("pipelines") if r.id == "pakistan-stream-project"]
    assert (project.capacity, project.capacity_unit) == (1600000000, "cubic feet per day")
    (figure,) = [r for r in rusdata.load("trade") if r.value_text == "$790 million"]
    assert figure.value == 790000000 and "unit" in figure.inferred


def test_every_inferred_date_in_the_data_says_so() -> None:
    for table in ("visits", "exercises", "arms_transfers", "agreements", "trade", "pipelines"):
        for rec in rusdata.load(table):
            for name, _ in rec.inferred.items():
                if name.endswith("date") or name == "period":
                    assert getattr(rec, f"{name}_qualifier") == "inferred", (rec.id, name)


# ---------------------------------------------------------------- hedges

# One sentence per hedge word; each is hedged by that word alone.
HEDGED = {
    r"might": "Lavrov might visit Pakistan",
    r"could": "Lavrov could visit Pakistan",
    r"would": "Lavrov would visit Pakistan",
    r"(?-i:may)": "Lavrov may visit Pakistan",
    r"maybe": "Maybe Lavrov visited Pakistan",
    r"perhaps": "Lavrov perhaps visited Pakistan",
    r"probably": "Lavrov probably visited Pakistan",
    r"possibly": "Lavrov possibly visited Pakistan",
    r"possibility": "There is a possibility of Lavrov visiting Pakistan",
    r"(?:un)?likely": "Lavrov likely visited Pakistan",
    r"seemingly": "Lavrov seemingly visited Pakistan",
    r"seems?": "Lavrov seems to have visited Pakistan",
    r"apparently": "Lavrov apparently visited Pakistan",
    r"appears? to": "Lavrov appears to have visited Pakistan",
    r"allegedly": "Lavrov allegedly visited Pakistan",
    r"reportedly": "Lavrov reportedly visited Pakistan",
    r"supposedly": "Lavrov supposedly visited Pakistan",
    r"purportedly": "Lavrov purportedly visited Pakistan",
    r"presumably": "Lavrov presumably visited Pakistan",
    r"rumou?red": "Lavrov rumoured to visit Pakistan",
    r"(?:is|are|was|were) (?:said|believed|thought|understood) to": "Lavrov is said to have visited Pakistan",
    r"believed to": "Lavrov, believed to have visited Pakistan",
    r"unconfirmed": "An unconfirmed visit of Lavrov to Pakistan",
    r"speculat(?:ed|ion|ive)": "Speculation of Lavrov visiting Pakistan",
    r"prospects?": "The prospect of Lavrov visiting Pakistan",
    r"potential(?:ly)?": "A potential visit of Lavrov to Pakistan",
    r"expected": "Lavrov is expected to visit Pakistan",
    r"can also": "Lavrov can also visit Pakistan",
    r"in the years to come": "Lavrov to visit Pakistan in the years to come",
    r"believes?": "Experts believe Lavrov visited Pakistan",
    r"(?:experts?|analysts?|observers?|sources?) (?:say|says|said|state|states|stated|claim|claims|claimed|suggest|suggests|suggested)": "Sources state Lavrov visited Pakistan",
    r"according to (?:(?:media |press |unconfirmed )?reports|experts?|analysts?|observers?|sources?)": "According to analysts Lavrov visited Pakistan",
}


def test_every_hedge_word_has_its_sentence() -> None:
    assert set(HEDGED) == set(HEDGE_WORDS)
    for word, sentence in HEDGED.items():
        heard = [w for w in HEDGE_WORDS if re.search(rf"\b(?:{w})\b", sentence, re.IGNORECASE)]
        assert heard == [word], (sentence, heard)


@pytest.mark.parametrize("word", list(HEDGED), ids=lambda w: re.sub(r"\W+", "_", w).strip("_"))
def test_a_hedged_fact_with_a_done_status_is_refused(seeded: Project, word: str) -> None:
    sentence = f"{HEDGED[word]}, Russian Foreign Minister Sergey Lavrov (6-7 April 2021)."
    seeded.edit("visits", QUOTE, sentence)
    found = run(seeded, "hedged-not-event")
    assert len(found) == 1 and "every quote is hedged" in found[0][2], found
    seeded.edit("visits", "status: occurred", "status: speculated")
    assert run(seeded, "hedged-not-event") == []


def test_may_the_month_is_no_hedge() -> None:
    assert HEDGES.search("on May 1, 1948") is None
    assert HEDGES.search("relations may improve") is not None


# ---------------------------------------------------------------- one item of a list inferred

TEST_MILESTONE = """
- id: test-milestone
  summary: A turn made up for the tests
  status: occurred
  kind: relations
  countries: [RUS, PAK, CHN]
  inferred:
    countries[CHN]: "Beijing is read as China"
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021)"
"""


def add_milestone(p: Project, text: str = TEST_MILESTONE) -> None:
    path = p.yaml("milestones")
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text.lstrip("\n"), encoding="utf-8"
    )


def test_an_item_marked_inferred_leaves_the_others_stated(seeded: Project) -> None:
    add_milestone(seeded)
    assert run(seeded, "stated-or-inferred") == []
    # RUS marked instead of CHN: CHN is now unstated, and said so by item.
    seeded.edit("milestones", "countries[CHN]: ", "countries[RUS]: ")
    line = seeded.line_of("milestones", "countries: [RUS, PAK, CHN]")
    assert run(seeded, "stated-or-inferred") == [
        (
            "data/yaml/milestones.yaml",
            line,
            "countries[3]: CHN (China, Chinese, People's Republic of China) is named in none of this record's "
            "quotes; cite the sentence that states it, or mark it inferred with the reason "
            "(countries[CHN])",
        )
    ]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("countries[IND]", "'IND' is not an item of countries (RUS, PAK, CHN)"),
        ("summary[x]", "summary is not a list of values; mark the whole field"),
        ("colours[CHN]", "milestones has no field 'colours'"),
    ],
)
def test_a_wrong_item_mark_is_refused(seeded: Project, key: str, message: str) -> None:
    add_milestone(seeded, TEST_MILESTONE.replace("countries[CHN]", key))
    found = run(seeded, "stated-or-inferred")
    line = seeded.line_of("milestones", f"{key}: ")
    assert any(p[1] == line and p[2].startswith(f"inferred.{key}: {message}") for p in found), found


def test_a_field_and_its_item_are_not_both_marked(seeded: Project) -> None:
    add_milestone(
        seeded,
        TEST_MILESTONE.replace(
            '    countries[CHN]: "Beijing is read as China"\n',
            '    countries: "all read"\n    countries[CHN]: "Beijing is read as China"\n',
        ),
    )
    line = seeded.line_of("milestones", "countries[CHN]: ")
    assert (
        "data/yaml/milestones.yaml",
        line,
        "inferred.countries[CHN]: countries is marked inferred as a whole; mark the field or "
        "some of its items, not both",
    ) in run(seeded, "stated-or-inferred")


def test_the_data_marks_partly_inferred_lists_by_item() -> None:
    (shoigu,) = [r for r in rusdata.stated("people") if r.id == "sergey-shoigu"]
    assert shoigu.aliases == ["Serhei Shoigu"]
    assert shoigu.roles == ["Russian Minister of Defence"]
    (drills,) = [
        r for r in rusdata.stated("exercises") if r.id == "sco-multilateral-drills-this-year"
    ]
    assert drills.countries == ["RUS"]
    (whole,) = [r for r in rusdata.stated("agreements") if r.id == "joint-military-commission"]
    assert whole.parties == []


def test_stated_cells_drop_inferred_items_and_rows() -> None:
    t = tables()["milestones"]
    at = {c.name: i for i, c in enumerate(t.columns)}
    row = [""] * len(t.columns)
    row[at["id"]], row[at["countries"]] = "m", "RUS;PAK;CHN"
    marks = {("milestones", "m"): {"countries[PAK]"}}
    assert stated_cells(t, [row], marks)[0][at["countries"]] == "RUS;CHN"
    people = tables()["record_people"]
    cols = [c.name for c in people.columns]
    cells = {"table": "visits", "record_id": "v", "ordinal": "1", "role": "principal"}
    rows = [[{**cells, "person_id": p}[c] for c in cols] for p in ("a", "b")]
    kept = stated_cells(people, rows, {("visits", "v"): {"people[b]"}})
    assert [r[cols.index("person_id")] for r in kept] == ["a"]


def test_sqlite_stated_views_drop_inferred_items(sqlite_export: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(f"file:{sqlite_export}?mode=ro", uri=True)
    got = dict(db.execute(f"SELECT id, countries FROM {q('exercises_stated')}").fetchall())
    assert got["sco-multilateral-drills-this-year"] == "RUS"
    parties = dict(db.execute(f"SELECT id, parties FROM {q('agreements_stated')}").fetchall())
    assert parties["joint-military-commission"] is None
    people = dict(db.execute(f"SELECT id, aliases FROM {q('people_stated')}").fetchall())
    assert people["sergey-shoigu"] == "Serhei Shoigu"
    marks = {split_mark(f)[0] for (f,) in db.execute(f"SELECT field FROM {q('inferences')}")}
    assert {"countries", "aliases", "roles", "parties"} <= marks
    # A person marked by item leaves the stated view of record_people (none is, in the data).
    copy = tmp_path / "copy.db"
    copy.write_bytes(sqlite_export.read_bytes())
    db = sqlite3.connect(copy)
    table, rid, person = db.execute(
        f"SELECT {q('table')}, record_id, person_id FROM record_people LIMIT 1"
    ).fetchone()
    db.execute(
        "INSERT INTO inferences VALUES (?, ?, ?, ?)", (table, rid, f"people[{person}]", "a test")
    )
    stated = db.execute(
        "SELECT person_id FROM record_people_stated WHERE record_id = ? AND person_id = ?",
        (rid, person),
    ).fetchall()
    assert stated == []
