"""Cases for the precision rules (rusdata.checks.precision), one breach each, at the exact line.

`test_rules.py` runs them as it runs every rule's cases; `test_precision.py` then marks each
broken value inferred and expects the rule to accept it. Each case returns (file, line,
message) and leaves the seeded project broken in that one way.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import Project

VISITS = "data/yaml/visits.yaml"
TRADE = "data/yaml/trade.yaml"
QUOTE = "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021) has happened after almost a decade."
# A sentence of src-002 far from the Lavrov visit's: it states a place, nothing else of the visit.
KARACHI = "Both countries are discussing protocols on the Stream Gas Pipeline Project, now named Pakistan Stream Project, which will transport 1.6 billion cubic feet per day of liquefied natural gas (LNG) from Karachi to Lahore."
TEST_TRADE = """
- id: test-trade
  summary: A figure made up for the tests
  status: occurred
  kind: trade
  item: bilateral trade
  value: 790000000
  unit: USD
  value_text: US$790 million
  citations:
    - source: src-002
      quote: "Bilateral trade stood at US$790 million in 2021."
"""
AGAINST_WORDING = " is not in its wording "
NO_QUOTE = (
    "; give a month or day only where a quote states it, or mark date inferred with the reason"
)


def add_trade(p: Project, text: str = TEST_TRADE) -> None:
    p.append("trade", text)


def month_no_quote_states(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 2021-05")
    return (
        VISITS,
        line,
        f"date: the month of 2021-05 (May) is named in none of this record's quotes{NO_QUOTE}",
    )


def day_no_quote_states(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "date: 2021-04-06/2021-04-07", "date: 2021-04-15")
    return (
        VISITS,
        line,
        f"date: the day of 2021-04-15 (15 April) is given by none of this record's quotes{NO_QUOTE}",
    )


def day_against_the_wording(p: Project) -> tuple[str, int, str]:
    line = p.edit(
        "visits", "date: 2021-04-06/2021-04-07\n", "date: 2021-04-15\n  date_text: April 2021\n"
    )
    return (
        VISITS,
        line,
        "date: the day of 2021-04-15 (15 April) is not in its wording 'April 2021'; write the "
        "date no more precisely than its wording, or mark date inferred with the reason",
    )


def month_against_the_wording(p: Project) -> tuple[str, int, str]:
    p.edit(
        "visits",
        QUOTE,
        "In April 2021 Russian Foreign Minister Sergey Lavrov visited Pakistan in May 2021.",
    )
    line = p.edit(
        "visits", "date: 2021-04-06/2021-04-07\n", "date: 2021-05\n  date_text: In April 2021\n"
    )
    return (
        VISITS,
        line,
        "date: the month of 2021-05 (May) is not in its wording 'In April 2021'; write the "
        "date no more precisely than its wording, or mark date inferred with the reason",
    )


def relative_wording(p: Project) -> tuple[str, int, str]:
    p.edit("visits", "(6-7 April 2021)", "(6-7 April 2021, last month)")
    line = p.edit(
        "visits", "date: 2021-04-06/2021-04-07\n", "date: 2021-04\n  date_text: last month\n"
    )
    return (
        VISITS,
        line,
        "date: the wording 'last month' places the date only relative to when the text was "
        "written; leave the date empty, or resolve it against the source's date as an "
        "inference (inferred: {date: reason naming that date}, date_qualifier: inferred)",
    )


INFERRED = '\n  inferred:\n    date: "read as the visit\'s dates"\n'


def inferred_date_stated_qualifier(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "  date_qualifier: exact\n", f"  date_qualifier: exact{INFERRED}")
    return (
        VISITS,
        line,
        "date_qualifier: is 'exact', which says the text states the date, but date is marked "
        "inferred; write date_qualifier: inferred",
    )


def inferred_qualifier_not_marked(p: Project) -> tuple[str, int, str]:
    line = p.edit("visits", "  date_qualifier: exact\n", "  date_qualifier: inferred\n")
    return (
        VISITS,
        line,
        "date_qualifier: inferred, but date is not marked inferred; say why in inferred: "
        "{date: reason}, or give the text's own qualifier",
    )


def value_without_its_scale(p: Project) -> tuple[str, int, str]:
    add_trade(p, TEST_TRADE.replace("  value_text: US$790 million\n", ""))
    line = p.edit("trade", "value: 790000000", "value: 790")
    return (
        TRADE,
        line,
        "value: 790 is written '790 million'; store the number in full, 790000000 (the unit "
        "holds no scale word)",
    )


def value_against_its_wording(p: Project) -> tuple[str, int, str]:
    add_trade(p)
    line = p.edit("trade", "value: 790000000", "value: 790")
    return (
        TRADE,
        line,
        "value: 790 is not the number its wording 'US$790 million' states (790000000); store "
        "the number with its scale word multiplied in",
    )


def unit_with_a_scale(p: Project) -> tuple[str, int, str]:
    add_trade(p)
    line = p.edit("trade", "unit: USD", "unit: million USD")
    return (
        TRADE,
        line,
        "unit: 'million USD' holds a scale word; store value in full (the number times its "
        "scale word) and the unit without it",
    )


def currency_not_named(p: Project) -> tuple[str, int, str]:
    add_trade(p, TEST_TRADE.replace("US$790", "$790"))
    line = p.line_of("trade", "unit: USD")
    return (
        TRADE,
        line,
        "unit: 'USD' is named in none of this record's quotes (a bare '$' or 'dollars' names no "
        "currency); cite the sentence that names it, or mark it inferred with the reason",
    )


def fragments_apart(p: Project) -> tuple[str, int, str]:
    p.edit("visits", "  date_qualifier: exact\n", "  date_qualifier: exact\n  place: Karachi\n")
    p.edit(
        "visits",
        f'      quote: "{QUOTE}"\n',
        f'      quote: "{QUOTE}"\n    - source: src-002\n      quote: "{KARACHI}"\n',
    )
    line = p.line_of("visits", "  citations:")
    return (
        VISITS,
        line,
        "citations: place 'Karachi' is stated only in a sentence that states none of the "
        "record's other key values (actor RUS, counterpart PAK, people test-person, date 2021); "
        "a record's key values (who, what, where, when) are stated together, by quotes of one "
        "paragraph or of adjacent sentences, or tied by a value both state: cite the sentence "
        "that joins them, or mark the value inferred with the reason",
    )


# A sentence of src-002 thirty lines below the Lavrov visit's, about another event: a place only.
NIZHNY = "In addition, both militaries conducted joint exercises, starting with the Friendship-2017 military exercises—involving about 70 military mountaineers from Pakistan and the Russian mountain infantry division of Southern Military District—held in the mountain range near Nizhny Arkhyz settlement in Karachay-Cherkessia, Russia."


def place_from_another_event(p: Project) -> tuple[str, int, str]:
    p.edit(
        "visits", "  date_qualifier: exact\n", "  date_qualifier: exact\n  place: Nizhny Arkhyz\n"
    )
    p.edit(
        "visits",
        f'      quote: "{QUOTE}"\n',
        f'      quote: "{QUOTE}"\n    - source: src-002\n      quote: "{NIZHNY}"\n',
    )
    line = p.line_of("visits", "  citations:")
    return (
        VISITS,
        line,
        "citations: place 'Nizhny Arkhyz' is stated only in a sentence that states none of the "
        "record's other key values",
    )


def dollars_name_no_currency(p: Project) -> tuple[str, int, str]:
    add_trade(p, TEST_TRADE.replace("US$790 million", "790 million dollars"))
    line = p.line_of("trade", "unit: USD")
    return TRADE, line, "unit: 'USD' is named in none of this record's quotes"


def unit_in_thousands(p: Project) -> tuple[str, int, str]:
    add_trade(p)
    line = p.edit("trade", "unit: USD", "unit: thousand USD")
    return TRADE, line, "unit: 'thousand USD' holds a scale word"


# A unit's scale word is refused whoever read the value: these are not silenced by `inferred`.
UNIT_CASES: list[Callable[[Project], tuple[str, int, str]]] = [
    unit_with_a_scale,
    unit_in_thousands,
]
Case = Callable[[Project], tuple[str, int, str]]
PRECISION_CASES: dict[str, list[Case]] = {
    "date-precision": [
        month_no_quote_states,
        day_no_quote_states,
        day_against_the_wording,
        month_against_the_wording,
        relative_wording,
    ],
    "inferred-date-qualifier": [inferred_date_stated_qualifier, inferred_qualifier_not_marked],
    "amount-scale": [value_without_its_scale, value_against_its_wording],
    "currency-named": [currency_not_named, dollars_name_no_currency],
    "stated-together": [fragments_apart, place_from_another_event],
}


# Passing cases: variants near the breaches that each rule accepts.
def inferred_date_qualified_inferred(p: Project) -> None:
    p.edit("visits", "  date_qualifier: exact\n", f"  date_qualifier: inferred{INFERRED}")


def value_in_full(p: Project) -> None:
    add_trade(p)  # US$790 million, stored 790000000 USD


def decimal_value_in_full(p: Project) -> None:
    add_trade(p, TEST_TRADE.replace("790000000", "1600000000").replace("US$790 m", "US$1.6 b"))


def place_in_the_same_sentence(p: Project) -> None:
    p.edit("visits", "  date_qualifier: exact\n", "  date_qualifier: exact\n  place: Pakistan\n")


Passing = Callable[[Project], None]
PRECISION_PASSING: dict[str, list[Passing]] = {
    "inferred-date-qualifier": [inferred_date_qualified_inferred],
    "amount-scale": [value_in_full, decimal_value_in_full],
    "unit-no-scale": [value_in_full],
    "currency-named": [value_in_full],
    "stated-together": [place_in_the_same_sentence],
}
# Rules that read the texts: their cases run with --sources.
WITH_TEXTS = frozenset({"stated-together"})
