"""Held to the text, to the precision it states: dates, amounts, hedges, and key values together.

The `stated-or-inferred` rules (rusdata.checks.evidence) ask whether a value's words occur in a
record's quotes at all. These rules ask whether the value says no more than the words do:

- `date-precision`: a date's month and day are given by the date's wording (`*_text`) where it
  has one, else by a quote: "April 2018" states `2018-04`, never `2018-05` nor `2018-04-15`;
  "In 1999" states `1999` and no month. A relative wording ("last month", "earlier this year")
  states no date by itself: the date is left empty, or resolved against the source's date as an
  inference whose reason names the year it arrives at.
- `inferred-date-qualifier`: an inferred date has the qualifier `inferred`, and only an
  inferred date has it (an empty or `exact` qualifier says the text states the date).
- `amount-scale`: a count or amount is stored in full, its scale word multiplied in ("$790
  million" is 790000000, "1.6 billion cubic feet per day" is 1600000000 `cubic feet per day`);
  a unit holds no scale word, and the unit is named by the quotes (USD only by "USD", "US$" or
  "US dollar": a bare "$" or "dollars" does not say which dollar, so that unit is inferred).
- `stated-together`: with the texts, a fact's key values (its countries, people, place, name or
  designation, and the years of its dates) are stated together: all by the quotes of one source
  that lie in one sentence or in adjacent sentences. A record assembled from fragments of
  unrelated sentences, each stating one value, cannot show that its values belong together.
- hedges: `HEDGES` is the list of words by which a text reports a possibility, a hope, a
  plan or hearsay rather than an event; `hedged-not-event` (rusdata.checks.rules) uses it.

Each value that is our reading is marked in the record's `inferred` mapping, and these rules
then leave it alone (except `inferred-date-qualifier`, which asks the date to say so).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from rusdata.checks.evidence import (
    NUMBER,
    SCALES,
    WORD_NUMBERS,
    contains,
    country_fields,
    country_is_stated,
    decade_is_stated,
    number_fields,
    quotes_of,
    year_is_stated,
)
from rusdata.checks.loading import Entry, Loaded, Problem
from rusdata.checks.quotes import SourceText, fold
from rusdata.schema.columns import tables
from rusdata.schema.countries import SOVIET_UNION
from rusdata.schema.fields import is_inferred
from rusdata.schema.models import FACT_TABLES, TABLES, Fact, Source
from rusdata.schema.vocab import DateQualifier

# ---------------------------------------------------------------- dates

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A month name, capitalised as the texts write it ("may" and "march" are words), or its
# abbreviation ("Sept.", "Apr").
_MONTH_FORMS = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_FORMS |= {name[:3]: i + 1 for i, name in enumerate(MONTHS) if name != "May"}
_MONTH_FORMS["Sept"] = 9
_MONTH = re.compile(rf"(?<![\w])({'|'.join(sorted(_MONTH_FORMS, key=len, reverse=True))})\b\.?")
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
# Days after the month ("April 7th", "April 6-7") or before it ("6-7 April", "1st of May").
_AFTER = re.compile(rf"\s+({_DAY})(?:\s*(?:-|to|and)\s*({_DAY}))?(?![0-9])")
_BEFORE = re.compile(rf"(?<![0-9])({_DAY})(?:\s*(?:-|to|and)\s*({_DAY}))?\s+(?:of\s+)?$")


def _day(text: str) -> int:
    return int(re.match(r"[0-9]+", text)[0])  # type: ignore[index]


def months_and_days(text: str) -> tuple[set[int], set[tuple[int, int]]]:
    """The months a text names, and the (month, day) pairs it names ("6-7 April 2021" names
    April, and April 6 and 7)."""
    text = fold(text)
    months: set[int] = set()
    days: set[tuple[int, int]] = set()
    for m in _MONTH.finditer(text):
        month = _MONTH_FORMS[m[1]]
        months.add(month)
        for found in (_AFTER.match(text, m.end()), _BEFORE.search(text[: m.start()])):
            if found:
                days.update((month, _day(d)) for d in found.groups() if d)
    return months, days


_PART = re.compile(r"([0-9]{3}[0-9X])(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

# Wordings that place a date only relative to when the text was written.
# ("Later in the same year", "thereafter" lean on a date the text states: not these.)
RELATIVE = re.compile(
    r"\b(?:(?:last|this|next|previous|coming|past)\s+(?:few\s+)?"
    r"(?:years?|months?|weeks?|decades?|spring|summer|autumn|fall|winter)"
    r"|yesterday|today|tomorrow|recent(?:ly)?|ago|lately|current(?:ly)?|now|at present"
    r"|these days|nowadays)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def _date_fields(table: str) -> list[str]:
    return [c.source for c in tables()[table].columns if c.derived == "start" and c.source]


def date_precision(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A date's month and day are stated by its wording (or, without one, by a quote); a
    relative wording is resolved only as an inference."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            rec = e.record
            for name in _date_fields(table):
                value = getattr(rec, name)
                if value is None or name in rec.inferred:  # type: ignore[attr-defined]
                    continue
                wording = getattr(rec, f"{name}_text", None)
                if not (wording and RELATIVE.search(wording) and not YEAR.search(wording)):
                    yield from _precise(e, name, str(value), wording)
                else:
                    yield Problem(
                        e.path,
                        e.line(name),
                        f"{name}: the wording {wording!r} places the date only relative to when "
                        "the text was written; leave the date empty, or resolve it against the "
                        "source's date as an inference (inferred: {"
                        f"{name}: reason naming that date}}, {name}_qualifier: inferred)",
                    )


def _precise(e: Entry, name: str, value: str, wording: str | None) -> Iterator[Problem]:
    if wording:
        months, days = months_and_days(wording)
        where = f"its wording {wording!r}"
        fix = "write the date no more precisely than its wording"
    else:
        texts = quotes_of(e.record)
        months, days = set(), set()
        for q in texts:
            m, d = months_and_days(q)
            months |= m
            days |= d
        where = "none of this record's quotes"
        fix = "give a month or day only where a quote states it"
    for part in value.split("/"):
        match = _PART.fullmatch(part)
        if match is None or match[2] is None:
            continue
        month = int(match[2])
        shown = MONTHS[month - 1]
        if month not in months:
            said = f"is not in {where}" if wording else f"is named in {where}"
            yield Problem(
                e.path,
                e.line(name),
                f"{name}: the month of {part} ({shown}) {said}; {fix}, or mark {name} "
                "inferred with the reason",
            )
        elif match[3] is not None and (month, int(match[3])) not in days:
            said = f"is not in {where}" if wording else f"is given by {where}"
            yield Problem(
                e.path,
                e.line(name),
                f"{name}: the day of {part} ({int(match[3])} {shown}) {said}; {fix}, or mark "
                f"{name} inferred with the reason",
            )


def inferred_date_qualifier(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """An inferred date says so in its qualifier, and only an inferred date does; an inferred
    date from a relative wording names, in its reason, the year it arrives at."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            rec = e.record
            marks = getattr(rec, "inferred", {})
            for name in _date_fields(table):
                value = getattr(rec, name)
                qualifier = getattr(rec, f"{name}_qualifier", None)
                at = f"{name}_qualifier"
                line = e.line(at) if qualifier is not None else e.line(name)
                if value is not None and name in marks and qualifier != DateQualifier.INFERRED:
                    said = "is empty" if qualifier is None else f"is '{qualifier.value}'"
                    yield Problem(
                        e.path,
                        line,
                        f"{at}: {said}, which says the text states the date, but {name} is "
                        f"marked inferred; write {at}: inferred",
                    )
                elif value is not None and qualifier == DateQualifier.INFERRED:
                    if name not in marks:
                        yield Problem(
                            e.path,
                            line,
                            f"{at}: inferred, but {name} is not marked inferred; say why in "
                            f"inferred: {{{name}: reason}}, or give the text's own qualifier",
                        )
                        continue
                    wording = getattr(rec, f"{name}_text", None) or ""
                    years = {p[:4] for p in str(value).split("/")}
                    if RELATIVE.search(wording) and not any(y in marks[name] for y in years):
                        yield Problem(
                            e.path,
                            e.line("inferred", name),
                            f"inferred.{name}: {wording!r} is relative; the reason names the "
                            f"date it is resolved against (e.g. the source's {min(years)})",
                        )


# ---------------------------------------------------------------- amounts

# The unit beside each count or amount field that has one, and the field's wording.
UNIT_OF = {"value": "unit", "capacity": "capacity_unit"}
# Currency codes and the words that name each; a bare "$" or "dollars" names no currency.
CURRENCIES: dict[str, tuple[str, ...]] = {
    "USD": ("USD", "US$", "US dollar", "U.S. dollar", "American dollar"),
    "RUB": ("RUB", "rouble", "ruble"),
    "PKR": ("PKR", "rupee"),
    "EUR": ("EUR", "euro", "€"),
    "CNY": ("CNY", "yuan", "renminbi"),
}
_SCALE_WORD = re.compile(
    rf"\b(?:{'|'.join(SCALES)}|thousands|millions|billions|bn|mn|k)\b", re.IGNORECASE
)
_FILLER = {"per", "of", "a", "an", "the", "in"}


def _written(text: str) -> Iterator[tuple[Decimal, str | None]]:
    """Each number a text writes, with the scale word that follows it (or None)."""
    for m in NUMBER.finditer(text):
        if m["digits"]:
            n = Decimal(m["digits"].replace(",", ""))
        elif m["tens"]:
            n = Decimal(WORD_NUMBERS[m["tens"].lower()] + WORD_NUMBERS[m["unit"].lower()])
        else:
            n = Decimal(WORD_NUMBERS[m["word"].lower()])
        yield n, (m["scale"].lower() if m["scale"] else None)


def unit_is_stated(unit: str, texts: list[str]) -> bool:
    """A currency code by one of its names; any other unit by each of its words (singular or
    plural), ignoring 'per', 'of' and articles."""
    text = " ".join(texts)
    if unit in CURRENCIES:
        return any(
            re.search(rf"(?<!\w){re.escape(f)}", text, re.IGNORECASE) for f in CURRENCIES[unit]
        )
    words = [w for w in re.findall(r"[\w$€£¥%]+", fold(unit).casefold()) if w not in _FILLER]
    folded = text.casefold()
    return bool(words) and all(
        re.search(rf"(?<!\w){re.escape(w.rstrip('s'))}(?:s|es)?(?!\w)", folded) for w in words
    )


def _amounts(loaded: Loaded) -> Iterator[tuple[Entry, str, Decimal, str | None, str | None]]:
    """Each count or amount of a fact record that is not marked inferred: (entry, field, value,
    the field of its unit, the unit)."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            rec = e.record
            for name in number_fields(type(rec)):
                value = getattr(rec, name)
                if value is None or name in getattr(rec, "inferred", {}):
                    continue
                unit_field = UNIT_OF.get(name)
                unit = getattr(rec, unit_field, None) if unit_field else None
                yield e, name, Decimal(value), unit_field, unit


def amount_scale(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A count or amount is its number with the scale word multiplied in."""
    for e, name, value, _, _ in _amounts(loaded):
        wording = getattr(e.record, f"{name}_text", None)
        yield from _scaled(e, name, value, wording, [*quotes_of(e.record)])


def unit_no_scale(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A unit holds no scale word ('million USD'): the scale is in the number."""
    for e, name, _, unit_field, unit in _amounts(loaded):
        if unit_field and unit is not None and _SCALE_WORD.search(unit):
            yield Problem(
                e.path,
                e.line(unit_field),
                f"{unit_field}: {unit!r} holds a scale word; store {name} in full "
                "(the number times its scale word) and the unit without it",
            )


def currency_named(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A unit (a currency above all) is named by the record's quotes or its wording."""
    for e, name, _, unit_field, unit in _amounts(loaded):
        if not unit_field or unit is None or _SCALE_WORD.search(unit):
            continue  # no unit, or one unit-no-scale reports
        wording = getattr(e.record, f"{name}_text", None)
        marks = getattr(e.record, "inferred", {})
        if unit_field not in marks and not unit_is_stated(
            unit, [*quotes_of(e.record), wording or ""]
        ):
            yield Problem(
                e.path,
                e.line(unit_field),
                f"{unit_field}: {unit!r} is named in none of this record's quotes "
                "(a bare '$' or 'dollars' names no currency); cite the sentence "
                "that names it, or mark it inferred with the reason",
            )


def _scaled(
    e: Entry, name: str, value: Decimal, wording: str | None, quotes: list[str]
) -> Iterator[Problem]:
    value = value.normalize()
    if wording:
        written = list(_written(fold(wording)))
        full = {(n * SCALES[s] if s else n).normalize() for n, s in written}
        if written and value not in full:
            shown = ", ".join(f"{x:f}" for x in sorted(full))
            yield Problem(
                e.path,
                e.line(name),
                f"{name}: {value:f} is not the number its wording {wording!r} states ({shown}); "
                "store the number with its scale word multiplied in",
            )
        return
    written = [w for q in quotes for w in _written(q)]
    bare = {n.normalize() for n, s in written if s is None}
    for n, s in written:
        if s and n.normalize() == value and value not in bare:
            yield Problem(
                e.path,
                e.line(name),
                f"{name}: {value:f} is written '{n} {s}'; store the number in full, "
                f"{(n * SCALES[s]).normalize():f} (the unit holds no scale word)",
            )
            return


# ---------------------------------------------------------------- key values together

# Sentence ends: ., ! or ? (with any closing quote or bracket) before a space and a capital,
# digit or opening quote; and every line break (a heading or paragraph ends there).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘'(])|\n+")


_PARAGRAPH_END = re.compile(r"\n")


@cache
def _starts(text: SourceText) -> tuple[list[int], list[int]]:
    """Where each sentence and each paragraph (a line of the text) after the first starts."""
    sentences = [m.end() for m in _SENTENCE_END.finditer(text.raw)]
    return sentences, [m.end() for m in _PARAGRAPH_END.finditer(text.raw)]


def sentences_of(text: SourceText, quote: str) -> tuple[int, int, int] | None:
    """The indexes of the first and last sentence of the text that the quote spans, and of
    its paragraph."""
    span = text.find(quote)
    if span is None:
        return None
    sentences, paragraphs = _starts(text)
    last = max(span[0], span[1] - 1)
    return (
        bisect_right(sentences, span[0]),
        bisect_right(sentences, last),
        bisect_right(paragraphs, span[0]),
    )


# The fields that hold countries, in any table (their keys are "<field> <code>").
COUNTRY_FIELDS = frozenset(f for t in FACT_TABLES for f in country_fields(TABLES[t]))


def key_values(rec: Fact, table: str, people: dict[str, Entry]) -> dict[str, list[int]]:
    """Each stated key value of a fact (who, what, where, when), with the citations stating it:
    its countries and people, its name, designation and place, and the years of its dates."""
    quotes = quotes_of(rec)
    marks = rec.inferred
    keys: dict[str, list[int]] = {}

    def add(label: str, stated: list[bool]) -> None:
        if any(stated):
            keys[label] = [i for i, s in enumerate(stated) if s]

    for field in country_fields(type(rec)):
        value = getattr(rec, field)
        for code in value if isinstance(value, list) else [value] if value else []:
            if code != SOVIET_UNION and not is_inferred(marks, field, code):
                add(f"{field} {code}", [country_is_stated(code, [q]) for q in quotes])
    for p in rec.people:
        person = people.get(p.person)
        if person is None or is_inferred(marks, "people", p):
            continue
        names = [fold(n) for n in (person.record.name, *person.record.aliases)]  # type: ignore[attr-defined]
        add(
            f"people {p.person}",
            [
                c.speaker == p.person or any(contains(q, n) for n in names)
                for c, q in zip(rec.citations, quotes, strict=True)
            ],
        )
    for name in ("name", "designation", "place"):
        value = getattr(rec, name, None)
        if value and name not in marks:
            add(f"{name} {value!r}", [fold(value).casefold() in q.casefold() for q in quotes])
    for name in _date_fields(table):
        value = getattr(rec, name)
        if value is None or name in marks:
            continue
        for part in str(value).split("/"):
            year = part[:4]
            stated = decade_is_stated if year.endswith("X") else year_is_stated
            add(f"{name} {year}", [stated(year, [q]) for q in quotes])
    return keys


def _texts(loaded: Loaded, folder: Path | None) -> dict[str, SourceText]:
    """The texts `quotes-in-texts` read (their hashes checked); read here if it did not run."""
    if loaded.texts or folder is None:
        return loaded.texts
    out = {}
    for e in loaded.entries.get("sources", []):
        src = e.record
        assert isinstance(src, Source)
        path = folder / src.file
        try:
            raw = path.read_bytes() if path.resolve().parent == folder.resolve() else b""
        except (OSError, RuntimeError):
            continue
        if hashlib.sha256(raw).hexdigest() == src.sha256:
            try:
                out[src.id] = SourceText(raw.decode("utf-8"))
            except UnicodeDecodeError:
                continue
    return out


def stated_together(loaded: Loaded, sources: Path | None = None) -> Iterator[Problem]:
    """With the texts: a fact's quotes that state key values hang together. Quotes of one
    source in one paragraph, or in adjacent sentences, form a group; two groups are tied when
    both state one key value (a country, person, place, name or year); every group that states
    a key value is tied, directly or through others, to the rest."""
    texts = _texts(loaded, sources)
    if not texts:
        return
    people = {e.record.id: e for e in loaded.entries.get("people", [])}
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            rec = e.record
            assert isinstance(rec, Fact)
            keys = key_values(rec, table, people)
            placed = []
            for c in rec.citations:
                text = texts.get(c.source)
                place = sentences_of(text, c.quote) if text is not None else None
                if place is None:
                    break  # a quote not in its text: quotes-in-texts says so
                placed.append((c.source, place))
            else:
                yield from _apart(e, keys, _groups(placed))


def _apart(e: Entry, keys: dict[str, list[int]], groups: list[set[int]]) -> Iterator[Problem]:
    states = [{k for k, cites in keys.items() if set(cites) & g} for g in groups]
    states = [s for s in states if s]
    # A country ties nothing: every sentence of these texts may name Russia or Pakistan.
    ties = {k for k in keys if k.split(" ", 1)[0] not in COUNTRY_FIELDS}
    if len(states) < 2:
        return
    # Grow the component of the group that states the most key values.
    order = sorted(range(len(states)), key=lambda i: -len(states[i]))
    tied, values = {order[0]}, set(states[order[0]])
    grown = True
    while grown:
        grown = False
        for i in order:
            if i not in tied and states[i] & values & ties:
                tied.add(i)
                values |= states[i]
                grown = True
    apart = [k for k in keys if k not in values]
    if apart:
        yield Problem(
            e.path,
            e.line("citations"),
            f"citations: {', '.join(apart)} {'is' if len(apart) == 1 else 'are'} stated only "
            f"in a sentence that states none of the record's other key values "
            f"({', '.join(k for k in keys if k in values)}); a record's key values (who, what, "
            "where, when) are stated together, by quotes of one paragraph or of adjacent "
            "sentences, or tied by a value both state: cite the sentence that joins them, or "
            "mark the value inferred with the reason",
        )


def _groups(placed: list[tuple[str, tuple[int, int, int]]]) -> list[set[int]]:
    """Citations grouped by source, where they share a paragraph or their sentences touch or
    are adjacent."""
    groups: list[set[int]] = []
    by_source: dict[str, list[tuple[int, int, int, int]]] = {}
    for i, (source, (first, last, paragraph)) in enumerate(placed):
        by_source.setdefault(source, []).append((first, last, paragraph, i))
    for spans in by_source.values():
        spans.sort()
        end, para = -2, -1
        for first, last, paragraph, i in spans:
            if first > end + 1 and paragraph != para:
                groups.append(set())
            groups[-1].add(i)
            end, para = max(end, last), paragraph
    return groups


# ---------------------------------------------------------------- hedges

# Words by which a text reports a possibility, a hope, a plan, a belief or hearsay rather than
# an event: a fact whose every quote has one is not an event (`hedged-not-event`). Each entry
# is one hedge (its spelling variants in one pattern); tests/checks/test_precision.py holds a
# sentence per entry. "may" is matched in lower case only: "May" is a month.
HEDGE_WORDS: tuple[str, ...] = (
    r"might",
    r"could",
    r"would",
    r"(?-i:may)",
    r"maybe",
    r"perhaps",
    r"probably",
    r"possibly",
    r"possibility",
    r"(?:un)?likely",
    r"seemingly",
    r"seems?",
    r"apparently",
    r"appears? to",
    r"allegedly",
    r"reportedly",
    r"supposedly",
    r"purportedly",
    r"presumably",
    r"rumou?red",
    r"(?:is|are|was|were) (?:said|believed|thought|understood) to",
    r"believed to",
    r"unconfirmed",
    r"speculat(?:ed|ion|ive)",
    r"prospects?",
    r"potential(?:ly)?",
    r"expected",
    r"can also",
    r"in the years to come",
    r"believes?",
    # hearsay: what unnamed others say is theirs, not the text's report of an event
    r"(?:experts?|analysts?|observers?|sources?) (?:say|says|said|state|states|stated|claim|claims|claimed|suggest|suggests|suggested)",
    r"according to (?:(?:media |press |unconfirmed )?reports|experts?|analysts?|observers?|sources?)",
)
HEDGES = re.compile(rf"\b(?:{'|'.join(HEDGE_WORDS)})\b", re.IGNORECASE)
