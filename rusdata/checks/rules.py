"""Checks across records: the data policy as a list of named rules that callers can extend.

`validate(root, sources)` loads the YAML (each field checked by the models), runs every rule
in `RULES`, and returns the loaded data with all problems, sorted by file and line. A rule is a
function `(loaded, sources) -> problems`; `sources` is the folder of article texts, or None when
validate was not given one. Add your own with `RULES.append(Rule(name, checks, function))`, as
pycldf's validators are extended; only the rules that read `sources` touch the texts.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rusdata.checks import evidence
from rusdata.checks.evidence import year_is_stated
from rusdata.checks.loading import Entry, Loaded, Problem, display, load_yaml, where
from rusdata.checks.quotes import SourceText
from rusdata.schema.columns import LIST_DELIMITER, tables
from rusdata.schema.countries import NAMES_SOVIET_UNION, SOVIET_UNION
from rusdata.schema.dates import APPROXIMATE_WORDS
from rusdata.schema.models import (
    FACT_TABLES,
    TABLES,
    TEXT,
    Discrepancy,
    Fact,
    Source,
    Version,
)
from rusdata.schema.vocab import DONE, DateQualifier

Check = Callable[[Loaded, Path | None], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    name: str  # short and stable, e.g. "hedged-not-event"
    checks: str  # what it checks, in one sentence
    check: Check

    def __call__(self, loaded: Loaded, sources: Path | None) -> Iterable[Problem]:
        return self.check(loaded, sources)


def validate(
    root: Path, sources: Path | None = None, rules: Sequence[Rule] | None = None
) -> Loaded:
    """Load `root`'s YAML and run `rules` (default: `RULES` as it is at call time)."""
    loaded = load_yaml(root)
    for rule in RULES if rules is None else rules:
        loaded.problems.extend(rule(loaded, sources))
    loaded.problems.sort()
    return loaded


# ---------------------------------------------------------------- ids and references


def unique_ids(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for entries in loaded.entries.values():
        first: dict[str, Entry] = {}
        for e in entries:
            rid = e.record.id
            if rid in first:
                msg = f"id: duplicate id '{rid}' (first on line {first[rid].item.line})"
                yield Problem(e.path, e.line("id"), msg)
            else:
                first[rid] = e


@cache
def _ref_fields(
    table: str,
) -> tuple[list[tuple[str, str]], list[tuple[str, list[tuple[str, str]]]]]:
    """(field, target table) of a table's references, and of each of its child lists."""

    def refs(name: str) -> list[tuple[str, str]]:
        return [(c.source, c.ref) for c in tables()[name].columns if c.ref and c.source]

    t = tables()[table]
    # a mapping (`inferred`) names fields, not records: no references in it
    lists = [(fname, link) for fname, link in t.links.items() if not tables()[link].keyed_by]
    return refs(table), [(fname, refs(link)) for fname, link in lists]


def _refs(entry: Entry, table: str) -> Iterator[tuple[str, str, tuple[int | str, ...]]]:
    """(target table, id, location) of every foreign id in a record and its child lists."""
    rec = entry.record
    own, children = _ref_fields(table)
    for name, target in own:
        value = getattr(rec, name)
        if value is not None:
            yield target, value, (name,)
    for fname, fields in children:
        for i, child in enumerate(getattr(rec, fname)):
            for name, target in fields:
                value = getattr(child, name)
                if value is not None:
                    yield target, value, (fname, i, name)
            if isinstance(child, Version):  # a discrepancy version points at any table
                yield child.target_table, child.target_id, (fname, i, "target_id")


def _unknown(target: str, value: str, known: set[str]) -> str:
    near = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    return f"no record '{value}' in {target}{hint}"


def references(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    ids = {t: {e.record.id for e in entries} for t, entries in loaded.entries.items()}
    for table, entries in loaded.entries.items():
        for e in entries:
            for target, value, loc in _refs(e, table):
                # A table that failed to load may hold the id: do not cry wolf.
                if value not in ids.get(target, set()) and target not in loaded.failed:
                    yield Problem(
                        e.path,
                        e.line(*loc),
                        f"{where(loc)}: {_unknown(target, value, ids.get(target, set()))}",
                    )


def _unreferenced(loaded: Loaded, target: str, what: str) -> Iterator[Problem]:
    if loaded.failed:  # an unloaded table may hold the references
        return
    used = {
        value
        for table, entries in loaded.entries.items()
        for e in entries
        for t, value, loc in _refs(e, table)
        if t == target and not (table == "people" and loc[0] == "citations")
    }
    for e in loaded.entries.get(target, []):
        if e.record.id not in used:
            yield Problem(e.path, e.line("id"), f"id: '{e.record.id}' is {what}")


def sources_cited(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    return _unreferenced(loaded, "sources", "cited by no record")


def people_named(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    # A person's own citations (quotes about them) do not count as naming them in a record.
    what = "named in no record (people, speaker, credited or discrepancy)"
    return _unreferenced(loaded, "people", what)


# ---------------------------------------------------------------- values within a record


def _with(loaded: Loaded, *fields: str) -> Iterator[Entry]:
    """The entries of every table whose records have all of `fields`."""
    for table, entries in loaded.entries.items():
        if all(f in TABLES[table].model_fields for f in fields):
            yield from entries


def date_qualifiers(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for table, entries in loaded.entries.items():
        dates = [c.source for c in tables()[table].columns if c.derived == "start" and c.source]
        for e in entries:
            rec = e.record
            for date in dates:
                qualifier = getattr(rec, f"{date}_qualifier", None)
                if qualifier and getattr(rec, date) is None:
                    yield Problem(
                        e.path,
                        e.line(f"{date}_qualifier"),
                        f"{date}_qualifier: given, but there is no {date} to qualify",
                    )
                wording = getattr(rec, f"{date}_text", None)
                if (
                    qualifier == DateQualifier.APPROXIMATE
                    and wording
                    and not APPROXIMATE_WORDS.search(wording)
                ):
                    yield Problem(
                        e.path,
                        e.line(f"{date}_qualifier"),
                        f"{date}_qualifier: approximate, but the wording {wording!r} has no word of approximation (about, around, circa, ...); 'early', 'mid-', 'late' and seasons narrow a stated year or decade, which stays unqualified",
                    )


def delivery_after_order(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e in _with(loaded, "order_date", "delivery_date"):
        order, delivery = (getattr(e.record, f) for f in ("order_date", "delivery_date"))
        if order and delivery and order.start > delivery.end:
            yield Problem(
                e.path,
                e.line("delivery_date"),
                f"delivery_date: {delivery} is before order_date {order}",
            )


def list_values(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for table, entries in loaded.entries.items():
        lists = [c.source for c in tables()[table].columns if c.is_list and c.source]
        for e in entries:
            for name in lists:
                items = getattr(e.record, name)
                for i, item in enumerate(items):
                    if LIST_DELIMITER in item:
                        yield Problem(
                            e.path,
                            e.line(name, i),
                            f"{name}[{i + 1}]: must not contain '{LIST_DELIMITER}'",
                        )
                if len(set(items)) < len(items):
                    yield Problem(e.path, e.line(name), f"{name}: lists a value twice")


# ---------------------------------------------------------------- values against the quotes


def _facts(loaded: Loaded) -> Iterator[tuple[Entry, Fact]]:
    """Every fact record, with its entry."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            if isinstance(e.record, Fact):
                yield e, e.record


def _quotes(e: Entry) -> str:
    return " ".join(c.quote for c in getattr(e.record, "citations", []))


def years_in_dates(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Each year of a fact's dates appears as that year in one of its quotes; a decade
    ("the 1970s") states 197X, never 1975 (rusdata.checks.evidence)."""
    return evidence.years(loaded)


def stated_or_inferred(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Every value is stated by its record's quotes or marked inferred with a reason
    (rusdata.checks.evidence)."""
    return evidence.check(loaded)


def soviet_union_is_named(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """SUN is not an ISO 3166-1 code: a record may use it only where one of its own quotes
    names the Soviet Union (knowing that the 1950s partner was the USSR is not enough)."""
    for table, entries in loaded.entries.items():
        columns = [c for c in tables()[table].columns if c.country and c.source]
        for e in entries:
            rec = e.record
            if any(NAMES_SOVIET_UNION.search(c.quote) for c in getattr(rec, "citations", [])):
                continue
            for col in columns:
                value = getattr(rec, col.source)
                items = value if col.is_list else [value]
                if SOVIET_UNION in items:
                    loc = (col.source, items.index(SOVIET_UNION)) if col.is_list else (col.source,)
                    yield Problem(
                        e.path,
                        e.line(*loc),
                        f"{where(loc)}: SUN (the Soviet Union's former code) is used, but none of this record's quotes names the Soviet Union; cite the sentence that does, or use the code of the country the text names",
                    )


def source_locations(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Where a text was found is kept apart from what it says of itself, and shown: a located
    URL says how it was established, and a located date is read off the URL itself."""
    for e in loaded.entries.get("sources", []):
        src = e.record
        assert isinstance(src, Source)
        if src.located_url is None:
            for name in ("located_date", "located_date_text", "location_evidence"):
                if getattr(src, name) is not None:
                    yield Problem(
                        e.path, e.line(name), f"{name}: given, but there is no located_url"
                    )
            continue
        if src.location_evidence is None:
            yield Problem(
                e.path,
                e.line("located_url"),
                "located_url: say how the location was established, in location_evidence",
            )
        if src.located_date is not None:
            shown = src.located_date_text
            if shown is None or shown not in src.located_url:
                yield Problem(
                    e.path,
                    e.line("located_date"),
                    "located_date: needs located_date_text, the date as the URL writes it, copied from located_url",
                )
            elif any(part[:4] not in shown for part in str(src.located_date).split("/")):
                yield Problem(
                    e.path,
                    e.line("located_date"),
                    f"located_date: the year of {src.located_date} is not in located_date_text {shown!r}",
                )


def _verbatim(name: str) -> bool:
    """Fields that hold the text's own wording: `first_claim` and the `*_text` fields."""
    return name == "first_claim" or name.endswith("_text")


@cache
def _text_fields(table: str) -> tuple[str, ...]:
    """A fact table's one-line text fields, in our words or the text's (not ids, codes, notes)."""
    return tuple(
        c.source
        for c in tables()[table].columns
        if c.source is not None
        and c.pattern == TEXT
        and not (c.enum or c.literal or c.ref or c.is_list)
    )


YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def years_in_our_words(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    # `note` is left out: it is where we say what the text leaves open ("gives no year; the
    # article is of 2018"), which may name years the quotes do not.
    for table in FACT_TABLES:
        fields = [f for f in _text_fields(table) if f != "note" and not _verbatim(f)]
        for e in loaded.entries.get(table, []):
            quotes = _quotes(e)
            for name in fields:
                years = YEAR.findall(getattr(e.record, name) or "")
                missing = [y for y in dict.fromkeys(years) if not year_is_stated(y, [quotes])]
                if missing:
                    yield Problem(
                        e.path,
                        e.line(name),
                        f"{name}: names {' and '.join(missing)}, which none of this record's quotes states; a reader checks each year against the quotes",
                    )


# Words that mark a statement as a possibility, a hope or hearsay rather than a report.
HEDGES = re.compile(
    r"\b(might|could|would|prospects?|possibility|can also|reportedly|in the years to come"
    r"|expected)\b",
    re.IGNORECASE,
)


def hedged_not_event(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e, rec in _facts(loaded):
        hedges = [HEDGES.search(c.quote) for c in rec.citations]
        if rec.status in DONE and all(hedges):
            words = ", ".join(dict.fromkeys(f"'{m[0].lower()}'" for m in hedges if m))
            yield Problem(
                e.path,
                e.line("status"),
                f"status: '{rec.status.value}' reports an event, but every quote is hedged ({words}): give it a claim's status such as speculated or planned, or cite a quote that reports it",
            )


def discrepancy_sources(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Each version's source is quoted by its disagreement. (That the version's record holds a
    quote of the same source is the `stated-or-inferred` rule's.)"""
    for e in loaded.entries.get("discrepancies", []):
        if not isinstance(e.record, Discrepancy):
            continue
        quoted = {c.source for c in e.record.citations}
        for i, v in enumerate(e.record.versions):
            if v.source not in quoted:
                yield Problem(
                    e.path,
                    e.line("versions", i, "source"),
                    f"versions[{i + 1}].source: {v.source} gives a version but is quoted in none of this discrepancy's citations",
                )


# ---------------------------------------------------------------- the texts (with --sources)


def quotes_in_texts(loaded: Loaded, folder: Path | None) -> Iterator[Problem]:
    if folder is None:
        return
    if not folder.is_dir():
        yield Problem(
            str(folder), 0, "sources folder not found; pass --sources DIR with the article texts"
        )
        return
    texts: dict[str, SourceText] = {}
    for e in loaded.entries.get("sources", []):
        src = e.record
        assert isinstance(src, Source)
        path = folder / src.file
        if path.resolve().parent != folder.resolve():
            yield Problem(
                e.path, e.line("file"), f"file: '{src.file}' is not a file inside {folder}"
            )
            continue
        if not path.is_file():
            yield Problem(e.path, e.line("file"), f"file: '{src.file}' not found in {folder}")
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != src.sha256:
            yield Problem(
                e.path,
                e.line("sha256"),
                f"sha256: does not match {display(path, loaded.root)} (its sha256 is {digest}); the text changed, or the record is wrong",
            )
            continue
        if len(raw) != src.bytes:
            yield Problem(
                e.path,
                e.line("bytes"),
                f"bytes: {display(path, loaded.root)} has {len(raw)} bytes, not {src.bytes}",
            )
        try:
            texts[src.id] = SourceText(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield Problem(e.path, e.line("file"), f"file: {src.file} is not UTF-8 text")
    for entries in loaded.entries.values():
        for e in entries:
            for i, c in enumerate(getattr(e.record, "citations", [])):
                text = texts.get(c.source)
                if text is not None and text.find(c.quote) is None:
                    yield Problem(
                        e.path,
                        e.line("citations", i, "quote"),
                        f"citations[{i + 1}].quote: {text.diagnose(c.quote)} ({c.source})",
                    )


# Each field is checked by the models as the YAML loads; these rules check across fields,
# records and tables. `validate` runs them in this order; append your own.
RULES: list[Rule] = [
    Rule("unique-ids", "every id appears once in its table", unique_ids),
    Rule(
        "references",
        "every reference (source, person, linked record, discrepancy version) names a record",
        references,
    ),
    Rule("sources-cited", "every source is cited by some record", sources_cited),
    Rule(
        "people-named",
        "every person is named in some record: people, speaker, credited or discrepancy",
        people_named,
    ),
    Rule(
        "date-qualifiers",
        "a date's qualifier comes with the date, and 'approximate' with a word of approximation",
        date_qualifiers,
    ),
    Rule(
        "delivery-after-order", "a delivery_date is not before its order_date", delivery_after_order
    ),
    Rule("list-values", f"list items hold no '{LIST_DELIMITER}' and no value twice", list_values),
    Rule("years-in-dates", "each year of a fact's dates is in one of its quotes", years_in_dates),
    Rule(
        "source-locations",
        "a located URL says how it was established; a located date is copied from the URL",
        source_locations,
    ),
    Rule(
        "soviet-union-named",
        "SUN (the Soviet Union's former code) only where a quote names the Soviet Union",
        soviet_union_is_named,
    ),
    Rule(
        "years-in-our-words",
        "each year named in a fact's text fields (summary, name, ...; not note) is in its quotes",
        years_in_our_words,
    ),
    Rule(
        "stated-or-inferred",
        "every value is stated by its record's quotes or marked inferred with a reason: the "
        "text's own words, places, numbers, people, countries and links (see below)",
        stated_or_inferred,
    ),
    Rule(
        "hedged-not-event",
        "a fact whose every quote is hedged (might, could, reportedly, ...) has a status that is "
        "not an event",
        hedged_not_event,
    ),
    Rule(
        "discrepancy-sources",
        "each version's source is quoted by its discrepancy",
        discrepancy_sources,
    ),
    Rule(
        "quotes-in-texts",
        "with --sources: each text has its recorded sha256 and size, and every quote is in it",
        quotes_in_texts,
    ),
]
