"""Stated or inferred: the rules of validate that hold each value to its record's own quotes.

A record's value is *stated* when one of the record's quotes states it, or *inferred*, when the
record's `inferred` mapping names the field with a one-line reason (or, for one item of a list,
`field[item]`: `countries[PAK]`, `people[<person id>]`; the other items stay stated). A machine cannot read a
sentence, but it can tell when a value cannot be stated because its words are missing from
every quote. Each rule below (one function each, a rule of `rusdata.checks.rules.RULES`)
reports such a value at its field's line, unless the field is marked inferred; which fields
each reads comes from their markers on the models (`Verbatim`, `Place`, `Name`), never a list:

- `inferred` itself names only fields the record has, holds a value, and can be inferred; an
  item mark names an item the list holds, of a list that is not also marked whole;
- the text's own words (fields marked `Verbatim`: names, designations, date wordings, sizes,
  'first' claims, a person's name, aliases and roles) occur in a quote, so no name is corrected;
- dates: every year appears as that year (a decade such as "1970s" states 197X, never 1975);
- places and routes: the place as written, or each of its comma-separated parts, appears;
- counts and amounts: the number appears, in digits ("50,000", "1.6 billion") or in words
  ("four", "thirty-five");
- people: each person of the record appears by name or alias, or speaks one of the quotes;
- countries: the country's name or demonym appears, not only its capital (`rusdata.schema.country_names`);
- links to other records (`agreement_id`, `visit_id`, `previous_id`, discrepancy versions): the
  target is named in the record's quotes: a quote of the record and one of the target's overlap
  (one contains the other, from the same source), or the target's name appears in them. Only a
  reader can tell whether that sentence states the connection; a link without even this much
  is certainly not stated.

Matching ignores case (except for all-capital abbreviations such as US), runs of whitespace,
and the curly quotes and dashes that `rusdata.checks.quotes` folds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

from rusdata.checks.loading import Entry, Loaded, Problem
from rusdata.checks.quotes import fold
from rusdata.schema.columns import Column, tables
from rusdata.schema.countries import SOVIET_UNION
from rusdata.schema.country_names import NAMES
from rusdata.schema.fields import fields_with, is_inferred, item_of, split_mark
from rusdata.schema.models import (
    FACT_TABLES,
    NOT_INFERABLE,
    TABLES,
    Evidenced,
    Name,
    Place,
    Record,
    Verbatim,
)

INFER = "; cite the sentence that states it, or mark it inferred with the reason"


def _infer_item(field: str, item: str, is_list: bool = True) -> str:
    """The closing advice for one item of a list: mark that item, not the whole field."""
    if not is_list:
        return INFER
    return (
        f"; cite the sentence that states it, or mark it inferred with the reason ({field}[{item}])"
    )


def quotes_of(record: Record) -> list[str]:
    """The record's quotes, folded for matching (each rule asks again: folded once each)."""
    return [_folded(c.quote) for c in getattr(record, "citations", [])]


_folded = lru_cache(maxsize=1 << 16)(fold)  # bounded: a long fuzz run makes many quotes


def contains(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` as whole words (both folded)."""
    return bool(needle) and _whole_words(needle).search(haystack) is not None


@lru_cache(maxsize=1 << 12)  # compiled once per name, beyond what `re`'s own cache holds
def _whole_words(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", re.IGNORECASE)


def _inferred(entry: Entry) -> dict[str, str]:
    return getattr(entry.record, "inferred", {})


Ids = dict[str, dict[str, Entry]]
Found = tuple[str, tuple[int | str, ...], str]  # (field, location, message)
# What a rule of this module finds in one record; a field the record marks inferred is
# skipped by `_each`.
Finder = Callable[[Entry, str, type[Evidenced], Ids], Iterable[Found]]


def _each(loaded: Loaded, find: Finder) -> Iterator[Problem]:
    """Run `find` over every evidenced record, skipping what its `inferred` names."""
    ids = {t: {e.record.id: e for e in es} for t, es in loaded.entries.items()}
    for table, entries in loaded.entries.items():
        model = TABLES[table]
        if not issubclass(model, Evidenced):
            continue
        for e in entries:
            marks = _inferred(e)
            for field, loc, message in find(e, table, model, ids):
                if not _marked(e.record, marks, field, loc):
                    yield Problem(e.path, e.line(*loc), message)


def _marked(record: Record, marks: dict[str, str], field: str, loc: tuple[int | str, ...]) -> bool:
    """Whether the value a finding is about is marked inferred: its field, or its item."""
    if field in marks:
        return True
    itemized = field in getattr(type(record), "itemized", tuple)()
    if itemized and len(loc) > 1 and loc[0] == field and isinstance(loc[1], int):
        return is_inferred(marks, field, getattr(record, field)[loc[1]])
    return False


def inferred_fields(loaded: Loaded) -> Iterator[Problem]:
    for table, entries in loaded.entries.items():
        model = TABLES[table]
        if issubclass(model, Evidenced):
            for e in entries:
                yield from _inferred_fields(e, model)


def words(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _verbatim(e, model))


def places(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _places(e))


def numbers(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _numbers(e, model))


def people(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _people(e, ids.get("people", {})))


def countries(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _countries(e, model))


def links(loaded: Loaded) -> Iterator[Problem]:
    return _each(loaded, lambda e, table, model, ids: _links(e, table, ids))


# ---------------------------------------------------------------- the `inferred` mapping


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _inferred_fields(e: Entry, model: type[Evidenced]) -> Iterator[Problem]:
    marks = _inferred(e)
    for key in marks:
        field, item = split_mark(key)
        line = e.line("inferred", key)
        if field in NOT_INFERABLE:
            msg = f"inferred.{key}: {field} cannot be inferred"
        elif field not in model.model_fields:
            msg = f"inferred.{key}: {model.table.name} has no field {field!r}; fields: "
            msg += ", ".join(model.inferable())
        elif _empty(getattr(e.record, field)):
            msg = f"inferred.{key}: the record has no {field} to mark inferred"
        elif item is None:
            continue
        elif field not in model.itemized():
            msg = f"inferred.{key}: {field} is not a list of values; mark the whole field"
        elif field in marks:
            msg = f"inferred.{key}: {field} is marked inferred as a whole; mark the field or some of its items, not both"
        elif item not in [item_of(i) for i in getattr(e.record, field)]:
            shown = ", ".join(item_of(i) for i in getattr(e.record, field))
            msg = f"inferred.{key}: {item!r} is not an item of {field} ({shown})"
        else:
            continue
        yield Problem(e.path, line, msg)


# ---------------------------------------------------------------- dates


def year_is_stated(year: str, quotes: Sequence[str]) -> bool:
    """A four-digit year is stated by itself, not inside a longer number or as a decade."""
    pattern = re.compile(rf"(?<![0-9]){year}(?![0-9]|'?s(?!\w))")
    return any(pattern.search(q) for q in quotes)


def decade_is_stated(decade: str, quotes: Sequence[str]) -> bool:
    """A decade `197X` is stated by "1970s" (or "1970's")."""
    pattern = re.compile(rf"(?<![0-9]){decade[:3]}0'?s(?!\w)")
    return any(pattern.search(q) for q in quotes)


def date_years(e: Entry, table: str) -> Iterator[Found]:
    """No years from memory: each year of a fact's dates appears in one of its own quotes."""
    quotes = quotes_of(e.record)
    for col in tables()[table].columns:
        if col.derived != "start":
            continue
        name = col.source
        assert name is not None
        value = getattr(e.record, name)
        missing: list[str] = []
        for part in str(value).split("/") if value else ():
            year = part[:4]
            if year.endswith("X"):
                shown, ok = f"{year[:3]}0s", decade_is_stated(year, quotes)
            else:
                shown, ok = year, year_is_stated(year, quotes)
            if not ok and shown not in missing:
                missing.append(shown)
        if missing:
            verb = "appears" if len(missing) == 1 else "appear"
            yield (
                name,
                (name,),
                f"{name}: {' and '.join(missing)} {verb} in none of this record's quotes (a "
                "decade does not state a year); cite the sentence that states it, or leave the "
                "date empty and say in note what the text says",
            )


def years(loaded: Loaded) -> Iterator[Problem]:
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            skip = set(_inferred(e))
            for field, loc, message in date_years(e, table):
                if field not in skip:
                    yield Problem(e.path, e.line(*loc), message)


# ---------------------------------------------------------------- the text's own words


def _verbatim(e: Entry, model: type[Record]) -> Iterator[Found]:
    citations = getattr(e.record, "citations", [])
    if not citations:  # a person without quotes: nothing to hold the words to
        return
    text = "\n".join(quotes_of(e.record)).casefold()
    for field in fields_with(model, Verbatim):
        value = getattr(e.record, field)
        items = value if isinstance(value, list) else [value] if value else []
        for i, item in enumerate(items):
            if fold(item).casefold() in text:
                continue
            loc: tuple[int | str, ...] = (field, i) if isinstance(value, list) else (field,)
            at = f"{field}[{i + 1}]" if isinstance(value, list) else field
            yield (
                field,
                loc,
                f"{at}: {item!r} is not written in any of this record's quotes; copy the "
                f"text's own words (a name is never corrected)"
                f"{_infer_item(field, item, isinstance(value, list))}",
            )


# ---------------------------------------------------------------- places


def _places(e: Entry) -> Iterator[Found]:
    """Fields marked `Place`: the place as written, or each comma-separated part, is quoted."""
    text = "\n".join(quotes_of(e.record)).casefold()
    for field in fields_with(type(e.record), Place):
        value = getattr(e.record, field)
        if not value:
            continue
        place = fold(value).casefold()
        if place in text or all(p.strip() in text for p in place.split(",")):
            continue
        yield field, (field,), f"{field}: {value!r} appears in none of this record's quotes{INFER}"


# ---------------------------------------------------------------- counts and amounts

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
WORD_NUMBERS |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
WORD_NUMBERS |= {"a dozen": 12, "dozen": 12, "hundred": 100, "a hundred": 100}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_TEN = "|".join(_TENS)
_UNIT = "|".join(_UNITS[1:10])
NUMBER = re.compile(
    rf"(?<![\w.])(?:(?P<digits>{_DIGITS})|(?P<tens>{_TEN})[- ](?P<unit>{_UNIT})|(?P<word>{_WORD}))"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})\b)?(?![\w])",
    re.IGNORECASE,
)


def numbers_in(text: str) -> set[Decimal]:
    """Every number a text states: as written, and multiplied by a scale word that follows it
    ("1.6 billion" states 1.6 and 1600000000)."""
    found: set[Decimal] = set()
    for m in NUMBER.finditer(text):
        if m["digits"]:
            try:
                n = Decimal(m["digits"].replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                continue
        elif m["tens"]:
            n = Decimal(WORD_NUMBERS[m["tens"].lower()] + WORD_NUMBERS[m["unit"].lower()])
        else:
            n = Decimal(WORD_NUMBERS[m["word"].lower()])
        found.add(n)
        if m["scale"]:
            found.add(n * SCALES[m["scale"].lower()])
    return {x.normalize() for x in found}


@cache
def number_fields(model: type[Record]) -> tuple[str, ...]:
    """The model's count and amount fields: its integer and decimal columns."""
    return _fields_of(model, lambda c: c.type in ("integer", "number"))


def _fields_of(model: type[Record], kind: Callable[[Column], bool]) -> tuple[str, ...]:
    """The model's fields whose (stored, not derived) column is of `kind`, from the one
    description of the columns rather than a second walk of the annotations."""
    cols = tables()[model.table.name].columns
    return tuple(dict.fromkeys(c.source for c in cols if c.source and not c.derived and kind(c)))


def _numbers(e: Entry, model: type[Record]) -> Iterator[Found]:
    stated: set[Decimal] | None = None
    for field in number_fields(model):
        value = getattr(e.record, field)
        if value is None:
            continue
        if stated is None:
            stated = numbers_in("\n".join(quotes_of(e.record)))
        if Decimal(value).normalize() not in stated:
            yield (
                field,
                (field,),
                f"{field}: {value} appears in none of this record's quotes, in digits or "
                f"words{INFER}",
            )


# ---------------------------------------------------------------- people


def _people(e: Entry, people: dict[str, Entry]) -> Iterator[Found]:
    record = e.record
    if not hasattr(record, "people"):
        return
    quotes = quotes_of(record)
    speakers = {c.speaker for c in getattr(record, "citations", []) if c.speaker}
    for i, p in enumerate(record.people):
        person = people.get(p.person)
        if person is None or p.person in speakers:  # an unknown id is reported elsewhere
            continue
        names = [person.record.name, *person.record.aliases]  # type: ignore[attr-defined]
        if any(contains(q, fold(n)) for q in quotes for n in names):
            continue
        yield (
            "people",
            ("people", i, "person"),
            f"people[{i + 1}]: {person.record.name} ({', '.join(names)}) is named in none of "  # type: ignore[attr-defined]
            f"this record's quotes and speaks none of them{_infer_item('people', p.person)}",
        )


# ---------------------------------------------------------------- countries


@cache
def country_fields(model: type[Record]) -> tuple[str, ...]:
    """The model's fields that hold a country code, or a list of them."""
    return _fields_of(model, lambda c: c.country)


@cache
def _country_pattern(code: str) -> re.Pattern[str] | None:
    forms = NAMES.get(code)
    if not forms:
        return None
    # An all-capital abbreviation (US, USSR) keeps its case: "us" is a pronoun.
    parts = [
        f"(?-i:{re.escape(fold(f))})" if f.replace(".", "").isupper() else re.escape(fold(f))
        for f in sorted(forms, key=len, reverse=True)
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def country_is_stated(code: str, quotes: Sequence[str]) -> bool:
    pattern = _country_pattern(code)
    return pattern is not None and any(pattern.search(q) for q in quotes)


def _countries(e: Entry, model: type[Record]) -> Iterator[Found]:
    quotes = quotes_of(e.record)
    for field in country_fields(model):
        value = getattr(e.record, field)
        codes = value if isinstance(value, list) else [value] if value else []
        for i, code in enumerate(codes):
            loc: tuple[int | str, ...] = (field, i) if isinstance(value, list) else (field,)
            at = f"{field}[{i + 1}]" if isinstance(value, list) else field
            if code == SOVIET_UNION:  # the soviet-union-named rule holds it to its quotes
                continue
            if code not in NAMES:
                msg = (
                    f"{at}: no names known for {code}; add them to rusdata/schema/country_names.py"
                )
            elif not country_is_stated(code, quotes):
                msg = (
                    f"{at}: {code} ({', '.join(NAMES[code])}) is named in none of this "
                    f"record's quotes{_infer_item(field, code, isinstance(value, list))}"
                )
            else:
                continue
            yield field, loc, msg


# ---------------------------------------------------------------- links between records


def _overlap(a: Record, b: Record) -> bool:
    """A quote of `a` and one of `b` from the same source, one inside the other."""
    for x in getattr(a, "citations", []):
        for y in getattr(b, "citations", []):
            if x.source == y.source:
                fx, fy = _folded(x.quote), _folded(y.quote)
                if fx in fy or fy in fx:
                    return True
    return False


def _named(record: Record, target: Record) -> bool:
    quotes = quotes_of(record)
    names = [getattr(target, f) for f in fields_with(type(target), Name)]
    return any(contains(q, fold(n)) for n in names if n for q in quotes)


def _links(e: Entry, table: str, ids: dict[str, dict[str, Entry]]) -> Iterator[Found]:
    rec = e.record
    for col in tables()[table].columns:
        if not col.ref or col.ref in ("people", "sources") or col.source is None:
            continue
        target_id = getattr(rec, col.source)
        target = ids.get(col.ref, {}).get(target_id) if target_id else None
        if target is None or _overlap(rec, target.record) or _named(rec, target.record):
            continue
        yield (
            col.source,
            (col.source,),
            f"{col.source}: {col.ref} '{target_id}' is named in none of this record's quotes "
            "(no quote shared with it, and not its name); a link is stated only where a cited "
            "sentence states the connection: cite it, or mark the link inferred with the "
            "reason, or remove it",
        )
    # A disagreement's versions and an identity question's reports each name a record and the
    # source that reports it there: the same quote must tie them.
    for fname, i, v in [
        (f, i, v) for f in ("versions", "reports") for i, v in enumerate(getattr(rec, f, []))
    ]:
        target = ids.get(v.target_table, {}).get(v.target_id)
        if target is None:
            continue
        own = [c for c in getattr(rec, "citations", []) if c.source == v.source]
        if v.target_table == "sources" and own:
            continue  # the source's own words are its version
        theirs = [c for c in getattr(target.record, "citations", []) if c.source == v.source]
        if any(
            _folded(a.quote) in _folded(b.quote) or _folded(b.quote) in _folded(a.quote)
            for a in own
            for b in theirs
        ):
            continue
        what = "disagreement" if fname == "versions" else "identity question"
        yield (
            fname,
            (fname, i, "target_id"),
            f"{fname}[{i + 1}]: no quote of this {what} from {v.source} is one of "
            f"{v.target_table} '{v.target_id}''s quotes, so nothing ties it to that "
            f"record; cite the quote both hold, or mark {fname} inferred with the reason",
        )
