"""Dates against the `edtf` package as an oracle: every date the data holds, and generated ones.

rusdata's partial dates are a subset of EDTF (rusdata.schema.dates.SUBSET). Whatever rusdata accepts,
edtf must accept with the same first and last day; the Table Schema pattern must accept exactly
the single dates rusdata accepts, so that frictionless refuses `2015-13` as validate does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, Project
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import DATE_LIKE, partial_date, single_date

from rusdata.checks.loading import Loaded
from rusdata.checks.rules import RULES, validate
from rusdata.schema.columns import tables
from rusdata.schema.dates import PATTERN, PartialDate

BAD = [
    "2015-13",
    "2015-00",
    "2015-22",  # an EDTF season: not in the subset
    "2015-01-32",
    "2015-04-31",
    "2015-02-30",
    "2015-02-29",  # not a leap year
    "1900-02-29",  # not a leap year either
    "0000",
    "19XX",
    "2015~",
    "٢٠١٥",  # Arabic-Indic digits
    "２０１５",  # full-width digits
    "2015-0٣",
    "2015/..",
]
GOOD = ["2015", "2016-02-29", "2000-02-29", "2014-11", "197X", "1948/195X", "2021-04-06/2021-04-07"]


def oracle(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day edtf gives a date."""
    e = parse_edtf(text)
    return dt.date(*e.lower_strict()[:3]), dt.date(*e.upper_strict()[:3])


def agrees(text: str) -> None:
    ours = PartialDate.parse(text)
    assert oracle(text) == (ours.start, ours.end), text


def data_dates(loaded: Loaded) -> list[tuple[str, str, str, str | None]]:
    """(table, id, field, qualifier) of every partial date in the YAML."""
    out = []
    for table, entries in loaded.entries.items():
        for name in [c.source for c in tables()[table].columns if c.derived == "start"]:
            for e in entries:
                value = getattr(e.record, name)
                if value is not None:
                    out.append(
                        (str(value), table, e.record.id, getattr(e.record, f"{name}_qualifier"))
                    )
    return out


def test_every_date_in_the_data_is_edtf_with_the_same_bounds(repo_loaded: Loaded) -> None:
    dates = data_dates(repo_loaded)
    assert dates
    for text, *_ in dates:
        agrees(text)
    # Every form of the subset occurs, so the oracle is asked about each.
    forms = {PartialDate.parse(t).precision for t, *_ in dates} | {
        "interval" for t, *_ in dates if "/" in t
    }
    assert forms >= {"decade", "year", "month", "day", "interval"}


def test_qualifiers_are_edtfs(repo_loaded: Loaded) -> None:
    """Each qualified single date of the data, and one of each qualifier and precision besides
    (the data may hold none: since 2.0.0 an inferred date says `inferred`, not `uncertain`)."""
    checked = 0
    samples = [
        (t, "", "", q)
        for t in ("2015", "2018-04", "2014-11-20")
        for q in ("approximate", "uncertain")
    ]
    for text, *_rest, qualifier in [*data_dates(repo_loaded), *samples]:
        if qualifier in ("approximate", "uncertain") and "/" not in text:
            e = parse_edtf(text + {"approximate": "~", "uncertain": "?"}[qualifier])
            assert e.is_approximate if qualifier == "approximate" else e.is_uncertain
            checked += 1
    assert checked >= len(samples)


@pytest.mark.parametrize("text", GOOD)
def test_good_dates(text: str) -> None:
    agrees(text)
    assert re.fullmatch(PATTERN, text)


@pytest.mark.parametrize("text", BAD)
def test_bad_dates_are_refused_by_parse_and_pattern(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)
    assert not re.fullmatch(PATTERN, text)


@settings(max_examples=400, deadline=None)
@given(partial_date())
def test_generated_dates_agree_with_edtf(text: str) -> None:
    try:
        PartialDate.parse(text)
    except ValueError:
        assert "/" in text  # only an interval out of order may be refused
        return
    agrees(text)
    assert re.fullmatch(PATTERN, text)


@settings(max_examples=200, deadline=None)
@given(single_date(), st.sampled_from(["~", "?"]))
def test_generated_qualified_dates_are_edtf(text: str, mark: str) -> None:
    e = parse_edtf(text + mark)
    assert e.is_approximate if mark == "~" else e.is_uncertain
    ours = PartialDate.parse(text)
    assert oracle(text + mark) == (ours.start, ours.end)


@settings(max_examples=800, deadline=None)
@given(DATE_LIKE)
def test_pattern_accepts_exactly_what_parse_accepts(text: str) -> None:
    try:
        PartialDate.parse(text)
        ok = True
    except ValueError:
        ok = False
    if ok:
        agrees(text)  # ours is a subset of EDTF
        assert text.isascii()
    if "/" not in text:
        assert bool(re.fullmatch(PATTERN, text)) == ok, text
    elif ok:  # interval order is parse's alone
        assert re.fullmatch(PATTERN, text)


def test_the_pattern_in_the_package_refuses_impossible_dates() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    fields = [
        f
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
        if f.get("constraints", {}).get("pattern") == PATTERN[1:-1]
    ]
    names = {f["name"] for f in fields}
    assert names >= {"date", "order_date", "delivery_date", "period", "date_published"}
    for f in fields:
        pattern = f["constraints"]["pattern"]  # XML Schema: implicitly anchored
        for text in BAD:
            assert not re.fullmatch(pattern, text), (f["name"], text)
        for text in GOOD:
            assert re.fullmatch(pattern, text), (f["name"], text)
    text = (REPO / "datapackage.json").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.json"))
    assert "\\\\d" not in text  # \d matches any Unicode digit, in Python and in XML Schema


def test_frictionless_refuses_impossible_dates(tmp_path: Path) -> None:
    import frictionless

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    visits = next(r for r in descriptor["resources"] if r["name"] == "visits")
    field = next(f for f in visits["schema"]["fields"] if f["name"] == "date")
    rows = ["date", *GOOD, *[b for b in BAD if "," not in b]]
    (tmp_path / "dates.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    resource = frictionless.Resource(
        path="dates.csv",
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor({"fields": [field]}),
    )
    report = frictionless.validate(resource)
    bad_rows = {e.row_number for e in report.tasks[0].errors}
    # Row numbers count the header as row 1.
    assert bad_rows == set(range(len(GOOD) + 2, len(rows) + 1))
    assert {e.type for e in report.tasks[0].errors} == {"constraint-error"}


def test_every_partial_date_has_a_qualifier_and_wording_column() -> None:
    for t in tables().values():
        for c in t.columns:
            if c.derived == "start":
                names = {x.name for x in t.columns}
                assert {f"{c.source}_qualifier", f"{c.source}_text"} <= names, (t.name, c.source)


def test_a_model_without_the_companions_is_refused() -> None:
    from rusdata.schema.columns import _date_companions
    from rusdata.schema.models import Fact

    class Bad(Fact):
        when: PartialDate | None = None

    with pytest.raises(TypeError, match="when_qualifier"):
        _date_companions(Bad)


def test_approximate_needs_a_word_of_approximation(seeded: Project) -> None:
    line = seeded.edit(
        "visits",
        "  date_qualifier: exact\n",
        "  date_qualifier: approximate\n  date_text: early April 2021\n",
    )
    # Only this rule: the wording is not quoted either, which another rule reports.
    only = [r for r in RULES if r.name == "approximate-has-word"]
    problems = [(p.path, p.line, p.message) for p in validate(seeded.root, rules=only).problems]
    assert [(path, n) for path, n, _ in problems] == [("data/yaml/visits.yaml", line)]
    assert "no word of approximation" in problems[0][2]
    seeded.edit("visits", "  date_text: early April 2021\n", "  date_text: about 6-7 April 2021\n")
    assert validate(seeded.root, rules=only).problems == []


def test_timeline_carries_each_dates_own_qualifier(project: Project) -> None:
    project.edit(
        "arms_transfers",
        "  order_date_text: Later in the year 2015\n",
        "  order_date_qualifier: uncertain\n  order_date_text: Later in the year 2015\n",
    )
    assert project.run("build").code == 0
    import csv

    with (project.root / "data" / "timeline.csv").open(encoding="utf-8", newline="") as f:
        rows = {(r["record_id"], r["date_field"]): r for r in csv.DictReader(f)}
    row = rows["rd-93-engines-2015", "order_date"]
    assert (row["date"], row["date_qualifier"], row["date_text"]) == (
        "2015",
        "uncertain",
        "Later in the year 2015",
    )
    with (project.root / "data" / "arms_transfers.csv").open(encoding="utf-8", newline="") as f:
        rec = next(r for r in csv.DictReader(f) if r["id"] == "rd-93-engines-2015")
    assert rec["order_date_qualifier"] == "uncertain"


@pytest.mark.parametrize(
    ("table", "old", "new", "expected"),
    [
        ("trade", "  value: 790000000\n", "  value: ٧٩٠٠٠٠٠٠٠\n", "must be a number written"),
        ("trade", "  value: 790000000\n", "  value: ７９０\n", "must be a number written"),
        (
            "exercises",  # personnel is set by no record: the edit adds it
            "  size: the participation of 35 countries\n",
            "  personnel: ٧٠\n  size: the participation of 35 countries\n",
            "valid integer",
        ),
        ("arms_transfers", "  number_ordered: 4\n", "  number_ordered: ４\n", "valid integer"),
    ],
)
def test_numbers_take_ascii_digits_only(
    project: Project, table: str, old: str, new: str, expected: str
) -> None:
    line = project.edit(table, old, new)
    result = project.run("validate")
    assert result.code == 1
    assert [(p, n) for p, n, _ in result.problems] == [(f"data/yaml/{table}.yaml", line)]
    assert expected in result.problems[0][2]
