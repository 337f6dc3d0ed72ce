"""Country codes: the vendored ISO 3166-1 list, codes outside it refused, SUN only where named."""

from __future__ import annotations

import csv
import json

import pycountry
import pytest
from conftest import REPO, Project, need_sources

from rusdata.schema.columns import tables
from rusdata.schema.countries import ISO_FILE, SOVIET_UNION, SOVIET_UNION_DOC, iso_alpha3
from rusdata.schema.models import FACT_TABLES

VISITS = "data/yaml/visits.yaml"


def test_vendored_list_is_pycountrys_iso_3166_1() -> None:
    # pycountry is the oracle (a test dependency only): same codes, same names, same order.
    with ISO_FILE.open(encoding="utf-8", newline="") as f:
        rows = [tuple(r.values()) for r in csv.DictReader(f)]
    expected = sorted((c.alpha_3, c.alpha_2, c.numeric, c.name) for c in pycountry.countries)
    assert rows == expected
    assert iso_alpha3() == {c.alpha_3 for c in pycountry.countries}


def test_sun_is_iso_3166_3_not_3166_1() -> None:
    assert SOVIET_UNION not in iso_alpha3()
    former = pycountry.historic_countries.get(alpha_3=SOVIET_UNION)
    assert (former.alpha_4, former.alpha_2) == ("SUHH", "SU")
    assert "Soviet" in former.name or "USSR" in former.name


def test_every_country_column_says_what_its_codes_are() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        (r["name"], f["name"]): f["description"]
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
    }
    country = [(t.name, c.name) for t in tables().values() for c in t.columns if c.country]
    # Every field the models type as a country, and only those, say so (no hand list: the
    # registry's tables, whatever they are); the record tables hold some.
    described = {key for key, text in fields.items() if "ISO 3166-1 alpha-3" in text}
    assert {*country} == described
    assert {t for t, _ in country} >= set(FACT_TABLES)
    sentence = (
        "The Soviet Union is not in ISO 3166-1: SUN is its former alpha-3 code, listed in "
        "ISO 3166-3 (alpha-4 SUHH)"
    )
    assert SOVIET_UNION_DOC.startswith(sentence)
    for key in country:
        assert "ISO 3166-1 alpha-3" in fields[key] and sentence in fields[key], key
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert dictionary.count(sentence) >= len(country) + 1  # every column, and the conventions


def test_data_uses_only_listed_codes() -> None:
    used = set()
    for t in tables().values():
        if t.generated or t.owners:
            continue
        with (REPO / "data" / f"{t.name}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for c in t.columns:
                    if c.country and row[c.name]:
                        used.update(row[c.name].split(";"))
    assert used and used <= iso_alpha3() | {SOVIET_UNION}


@pytest.mark.parametrize(
    ("old", "new"),
    [("counterpart: PAK", "counterpart: XYZ"), ("actor: RUS", "actor: SUH")],
)
def test_a_code_not_in_iso_3166_1_is_refused(seeded: Project, old: str, new: str) -> None:
    line = seeded.edit("visits", old, new)
    result = seeded.run("validate")
    assert result.code == 1
    code = new.split(": ")[1]
    field = new.split(":")[0]
    assert result.problems == [
        (
            VISITS,
            line,
            f"{field}: not an ISO 3166-1 alpha-3 country code (nor SUN, the Soviet Union's "
            f"former code) (got '{code}')",
        )
    ]


def test_sun_needs_a_quote_naming_the_soviet_union(seeded: Project) -> None:
    line = seeded.edit("visits", "counterpart: PAK", "counterpart: SUN")
    result = seeded.run("validate")
    assert result.code == 1
    assert result.problems == [
        (
            VISITS,
            line,
            "counterpart: SUN (the Soviet Union's former code) is used, but none of this "
            "record's quotes names the Soviet Union; cite the sentence that does, or use the "
            "code of the country the text names",
        )
    ]


TEST_MILESTONE = """
- id: test-milestone
  summary: A milestone made up for the tests
  status: occurred
  kind: relations
  countries:
    - PAK
    - SUN
  inferred:
    countries: the test reads 'the two countries' as Pakistan and the Soviet Union
  citations:
    - source: src-003
      quote: "From the early years (1948 to the late 1950s), relations between the two countries were affable and of responsive nature."
"""


def test_sun_in_a_list_points_at_the_list(project: Project) -> None:
    path = project.yaml("milestones")
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + TEST_MILESTONE.lstrip("\n"), encoding="utf-8")
    line = project.line_of("milestones", "  countries:\n    - PAK\n    - SUN")
    result = project.run("validate")
    assert result.code == 1
    assert [(p, n) for p, n, _ in result.problems] == [("data/yaml/milestones.yaml", line)]
    assert result.problems[0][2].startswith("countries[2]: SUN (the Soviet Union's former code)")


@pytest.mark.parametrize(
    "quote",
    [
        "In past, both Soviet Union and the Russian Federation had a strict policy against "
        "selling weapons to Pakistan.",
        "Pakistan was the first country to recognize Russia as a successor of the Soviet Union "
        "in the wake of the disintegration of the USSR.",
    ],
)
def test_sun_with_a_quote_naming_it_is_valid(seeded: Project, quote: str) -> None:
    seeded.edit("visits", "counterpart: PAK", "counterpart: SUN")
    source = "src-001" if quote.startswith("In past") else "src-003"
    seeded.edit(
        "visits",
        "  citations:\n",
        f'  citations:\n    - source: {source}\n      quote: "{quote}"\n',
    )
    assert seeded.run("anchor", "--sources", str(need_sources())).code == 0  # the new quote's
    result = seeded.run("validate", "--sources", str(need_sources()))
    assert result.code == 0, result.out
