"""Checks across records: the data policy as a list of named rules that callers can extend.

`validate(root, sources)` loads the YAML (each field checked by the models), runs every rule
in `RULES`, and returns the loaded data with all problems, sorted by file and line. A rule is a
code, one sentence saying what it checks, whether it honours `inferred`, and a function
`(loaded, sources) -> problems`; `sources` is the folder of article texts, or None when
validate was not given one. Every problem carries its rule's code (`Problem.rule`), which
`rusdata validate` prints after the message and in `--format json`.

Adding a rule is one step: write the function (it yields `Problem(path, line, "field: ...")`)
and append `Rule(code, checks, function, inferred=...)` to `RULES`, as pycldf's validators are
extended; tests/checks/test_rules.py then asks for its failing and passing cases. Only the
rules that read `sources` touch the texts.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rusdata.checks import evidence, precision
from rusdata.checks.anchors import anchors_current
from rusdata.checks.evidence import year_is_stated
from rusdata.checks.loading import Entry, Loaded, Problem, display, load_yaml, short, where
from rusdata.checks.quotes import SourceText
from rusdata.schema.columns import LIST_DELIMITER, tables
from rusdata.schema.countries import NAMES_SOVIET_UNION, SOVIET_UNION
from rusdata.schema.dates import APPROXIMATE_WORDS
from rusdata.schema.fields import fields_with
from rusdata.schema.models import (
    COMPANIONS,
    FACT_TABLES,
    TABLES,
    TEXT,
    Claim,
    Discrepancy,
    Fact,
    Identity,
    Person,
    Source,
    Verbatim,
    Version,
    unregistered,
)
from rusdata.schema.vocab import DONE, Aspect, Claimant, DateQualifier, IdentityVerdict, Status

Check = Callable[[Loaded, Path | None], Iterable[Problem]]

# `Rule.inferred` of a rule whose problems a field marked inferred silences.
HONOURED = "honoured"
# The codes of problems no rule of RULES reports: the models' own checks as the YAML loads
# (files, YAML syntax, types, patterns, required fields), and a model left out of the registry.
SCHEMA = "schema"
REGISTRY = "registry"


@dataclass(frozen=True)
class Rule:
    name: str  # its code: short, stable, lowercase words joined by '-', e.g. "hedged-not-event"
    checks: str  # what it checks, in one sentence
    check: Check
    # HONOURED, or why a field marked inferred does not silence it; None: not said (a test
    # refuses a rule that does not say)
    inferred: str | None = None

    def __call__(self, loaded: Loaded, sources: Path | None) -> Iterator[Problem]:
        for p in self.check(loaded, sources):
            yield dataclasses.replace(p, rule=self.name)


def validate(
    root: Path, sources: Path | None = None, rules: Sequence[Rule] | None = None
) -> Loaded:
    """Load `root`'s YAML and run `rules` (default: `RULES` as it is at call time)."""
    loaded = load_yaml(root)
    loaded.problems[:] = [
        p if p.rule else dataclasses.replace(p, rule=SCHEMA) for p in loaded.problems
    ]
    for path, line, name in unregistered():
        msg = (
            f"class {name} looks like a table but is not registered: list it in REGISTERED "
            "(rusdata/schema/models.py), above which it is defined"
        )
        loaded.problems.append(Problem(display(Path(path), root.resolve()), line, msg, REGISTRY))
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


class Suggester:
    """Suggestions ("did you mean") for unknown ids, at a bounded cost however many refs dangle.

    Comparing every dangling id with every known one is quadratic (1,200 dangling people
    against 10k records hung validate). Instead the known ids are indexed by their character
    trigrams once; a value is compared (difflib) only with the few ids sharing the most rare
    trigrams; each value is looked up once; and after `BUDGET` distinct values the rest get no
    suggestion.
    """

    BUDGET = 2000
    CANDIDATES = 12
    COMMON = 500  # a trigram in more ids than this says little: skipped

    def __init__(self, known: set[str]) -> None:
        self.known = sorted(known)
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, ident in enumerate(self.known):
            for gram in self._grams(ident):
                self.index[gram].append(i)
        self.memo: dict[str, list[str]] = {}

    @staticmethod
    def _grams(text: str) -> set[str]:
        padded = f"  {text} "
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    def near(self, value: str) -> list[str]:
        if value in self.memo:
            return self.memo[value]
        if len(self.memo) >= self.BUDGET or len(value) > 200:
            return []
        votes: Counter[int] = Counter()
        for gram in self._grams(value):
            postings = self.index.get(gram, ())
            if len(postings) <= self.COMMON:
                votes.update(postings)
        pool = [self.known[i] for i, _ in votes.most_common(self.CANDIDATES)]
        found = difflib.get_close_matches(value, pool, n=3, cutoff=0.5)
        self.memo[value] = found
        return found


def _unknown(target: str, value: str, suggest: Suggester) -> str:
    near = suggest.near(value)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    return f"no record {short(value)} in {target}{hint}"


def references(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    ids = {t: {e.record.id for e in entries} for t, entries in loaded.entries.items()}
    suggesters: dict[str, Suggester] = {}
    for table, entries in loaded.entries.items():
        for e in entries:
            for target, value, loc in _refs(e, table):
                # A table that failed to load may hold the id: do not cry wolf.
                if value not in ids.get(target, set()) and target not in loaded.failed:
                    if target not in suggesters:
                        suggesters[target] = Suggester(ids.get(target, set()))
                    yield Problem(
                        e.path,
                        e.line(*loc),
                        f"{where(loc)}: {_unknown(target, value, suggesters[target])}",
                    )


def _same(text: str) -> str:
    """What counts as the same name or value: case and runs of whitespace ignored."""
    return " ".join(text.casefold().split())


def previous_chain(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """previous_id never names its own record, and its chains never come back round."""
    for table in [t for t, m in TABLES.items() if "previous_id" in m.model_fields]:
        entries = {e.record.id: e for e in loaded.entries.get(table, [])}
        reported: set[str] = set()
        for own, e in entries.items():
            if getattr(e.record, "previous_id", None) == own:
                reported.add(own)
                yield Problem(e.path, e.line("previous_id"), "previous_id: is this record itself")
        for start in entries:  # follow each chain; a chain that comes back is a cycle
            seen: dict[str, None] = {}  # ordered, with O(1) lookups: linear in the chain
            rid: str | None = start
            while rid in entries and rid not in seen and rid not in reported:
                seen[rid] = None
                rid = getattr(entries[rid].record, "previous_id", None)
            if rid in seen and rid is not None:
                chain = list(seen)
                cycle = chain[chain.index(rid) :]
                reported.update(cycle)
                first = min(cycle, key=lambda r: (entries[r].path, entries[r].item.line))
                e = entries[first]
                at = cycle.index(first)
                path = " → ".join([*cycle[at:], *cycle[:at], first])
                yield Problem(e.path, e.line("previous_id"), f"previous_id: a cycle: {path}")
            reported.update(seen)


def one_source_per_text(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    first_of: dict[tuple[str, str], Entry] = {}
    for e in loaded.entries.get("sources", []):
        src = e.record
        assert isinstance(src, Source)
        for field, value in (("sha256", src.sha256), ("file", src.file)):
            other = first_of.setdefault((field, value), e)
            if other is not e:
                yield Problem(
                    e.path,
                    e.line(field),
                    f"{field}: the same text as source '{other.record.id}' (line "
                    f"{other.item.line}); register each text once",
                )
                break


def one_person_per_spelling(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    named: dict[str, tuple[Entry, str]] = {}
    for e in loaded.entries.get("people", []):
        person = e.record
        if not isinstance(person, Person):
            continue
        spellings: list[tuple[str, str, tuple[str | int, ...]]] = [
            ("name", person.name, ("name",)),
            *((f"aliases[{i + 1}]", a, ("aliases", i)) for i, a in enumerate(person.aliases)),
        ]
        mine: set[str] = set()
        for label, spelling, loc in spellings:
            key = _same(spelling)
            owner = named.get(key)
            if key in mine:
                yield Problem(
                    e.path,
                    e.line(*loc),
                    f"{label}: {short(spelling)} is already this person's name or alias",
                )
            elif owner is not None:
                other, what = owner
                yield Problem(
                    e.path,
                    e.line(*loc),
                    f"{label}: {short(spelling)} is also the {what} of person "
                    f"'{other.record.id}' (line {other.item.line}); one spelling, one person",
                )
            else:
                named[key] = (e, "name" if label == "name" else "alias")
            mine.add(key)


def versions_differ(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e in loaded.entries.get("discrepancies", []):
        versions = e.record.versions  # type: ignore[attr-defined]
        if len({_same(v.value) for v in versions}) == 1:
            yield Problem(
                e.path,
                e.line("versions"),
                "versions: every version says the same; record only real disagreements",
            )
            continue
        firsts: dict[tuple[str, str, str, str], int] = {}
        for i, v in enumerate(versions):
            k = (v.target_table, v.target_id, v.source, _same(v.value))
            if k in firsts:
                yield Problem(
                    e.path,
                    e.line("versions", i),
                    f"versions[{i + 1}]: the same as versions[{firsts[k] + 1}]",
                )
            firsts.setdefault(k, i)


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


def _dates(loaded: Loaded) -> Iterator[tuple[Entry, str]]:
    """(entry, date field) for every partial-date field of every record."""
    for table, entries in loaded.entries.items():
        dates = [c.source for c in tables()[table].columns if c.derived == "start" and c.source]
        for e in entries:
            for date in dates:
                yield e, date


def qualifier_needs_date(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e, date in _dates(loaded):
        if getattr(e.record, f"{date}_qualifier") and getattr(e.record, date) is None:
            yield Problem(
                e.path,
                e.line(f"{date}_qualifier"),
                f"{date}_qualifier: given, but there is no {date} to qualify",
            )


def approximate_has_word(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e, date in _dates(loaded):
        rec = e.record
        qualifier, wording = (getattr(rec, f"{date}{end}") for end in COMPANIONS)
        if {date, f"{date}_qualifier"} & set(getattr(rec, "inferred", {})):
            continue  # our reading of the date, with its reason: not held to the wording
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


def _lists(loaded: Loaded) -> Iterator[tuple[Entry, str, list[str]]]:
    """(entry, field, items) for every list-valued field of every record."""
    for table, entries in loaded.entries.items():
        lists = [c.source for c in tables()[table].columns if c.is_list and c.source]
        for e in entries:
            for name in lists:
                yield e, name, getattr(e.record, name)


def list_no_delimiter(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e, name, items in _lists(loaded):
        for i, item in enumerate(items):
            if LIST_DELIMITER in item:
                yield Problem(
                    e.path,
                    e.line(name, i),
                    f"{name}[{i + 1}]: must not contain '{LIST_DELIMITER}'",
                )


def list_no_repeats(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    for e, name, items in _lists(loaded):
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


def soviet_union_is_named(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """SUN is not an ISO 3166-1 code: a record may use it only where one of its own quotes
    names the Soviet Union (knowing that the 1950s partner was the USSR is not enough)."""
    for table, entries in loaded.entries.items():
        columns = [(c.source, c.is_list) for c in tables()[table].columns if c.country and c.source]
        for e in entries:
            rec = e.record
            if any(NAMES_SOVIET_UNION.search(c.quote) for c in getattr(rec, "citations", [])):
                continue
            for field, is_list in columns:
                value = getattr(rec, field)
                items = value if is_list else [value]
                if SOVIET_UNION in items:
                    loc: tuple[int | str, ...] = (
                        (field, items.index(SOVIET_UNION)) if is_list else (field,)
                    )
                    yield Problem(
                        e.path,
                        e.line(*loc),
                        f"{where(loc)}: SUN (the Soviet Union's former code) is used, but none of this record's quotes names the Soviet Union; cite the sentence that does, or use the code of the country the text names",
                    )


def _sources_of(loaded: Loaded) -> Iterator[tuple[Entry, Source]]:
    for e in loaded.entries.get("sources", []):
        assert isinstance(e.record, Source)
        yield e, e.record


def location_needs_url(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """What a location shows comes with the location: no located date or evidence without a
    located URL."""
    for e, src in _sources_of(loaded):
        if src.located_url is None:
            for name in ("located_date", "located_date_text", "location_evidence"):
                if getattr(src, name) is not None:
                    yield Problem(
                        e.path, e.line(name), f"{name}: given, but there is no located_url"
                    )


def location_evidence(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Where a text was found is kept apart from what it says of itself, and shown: a located
    URL says how it was established."""
    for e, src in _sources_of(loaded):
        if src.located_url is not None and src.location_evidence is None:
            yield Problem(
                e.path,
                e.line("located_url"),
                "located_url: say how the location was established, in location_evidence",
            )


def located_date_from_url(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A located date is read off the URL itself: its wording is copied from the URL and
    holds the date's year."""
    for e, src in _sources_of(loaded):
        if src.located_url is not None and src.located_date is not None:
            shown = getattr(src, "located_date_text")  # noqa: B009 (a `dated` companion)
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


YEAR = re.compile(r"\b(1[89][0-9][0-9]|20[0-9][0-9])\b")


def years_in_our_words(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    # `note` is left out: it is where we say what the text leaves open ("gives no year; the
    # article is of 2018"), which may name years the quotes do not.
    for table in FACT_TABLES:
        verbatim = fields_with(TABLES[table], Verbatim)  # the text's words: held to quotes
        fields = [f for f in _text_fields(table) if f != "note" and f not in verbatim]
        for e in loaded.entries.get(table, []):
            quotes = _quotes(e)
            inferred = getattr(e.record, "inferred", {})
            for name in (f for f in fields if f not in inferred):
                years = YEAR.findall(getattr(e.record, name) or "")
                missing = [y for y in dict.fromkeys(years) if not year_is_stated(y, [quotes])]
                if missing:
                    yield Problem(
                        e.path,
                        e.line(name),
                        f"{name}: names {' and '.join(missing)}, which none of this record's quotes states; a reader checks each year against the quotes",
                    )


# Words that mark a statement as a possibility, a hope or hearsay rather than a report.
HEDGES = precision.HEDGES


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
    quote of the same source is the `links-quoted` rule's.)"""
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


# ---------------------------------------------------------------- one row per thing (issue 21)

# Statuses that say only what someone thinks or wants: such a statement is a row of `claims`.
OPINION_STATUSES = frozenset({Status.SPECULATED, Status.RECOMMENDED})
MERGED_VERDICTS = frozenset({IdentityVerdict.SAME, IdentityVerdict.PROBABLY_SAME})


def opinion_not_event(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A fact record is never an opinion: speculated or recommended is a claim's, not an event's."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            status = getattr(e.record, "status", None)
            if status in OPINION_STATUSES and "status" not in getattr(e.record, "inferred", {}):
                yield Problem(
                    e.path,
                    e.line("status"),
                    f"status: '{status}' is what someone thinks or wants, not an event: move the "
                    "record to claims.yaml (claimant, kind, stance), or give the event's status",
                )


def claimant_person(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A claim names its person exactly when a person makes it."""
    for e in loaded.entries.get("claims", []):
        rec = e.record
        if isinstance(rec, Claim) and (rec.claimant == Claimant.PERSON) != (
            rec.claimant_person is not None
        ):
            yield Problem(
                e.path,
                e.line("claimant_person" if rec.claimant_person else "claimant"),
                "claimant_person: give the person exactly when claimant is 'person'",
            )


def identity_not_disagreement(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A current disagreement is never an identity question (that is a row of identities)."""
    for e in loaded.entries.get("discrepancies", []):
        rec = e.record
        if isinstance(rec, Discrepancy) and rec.withdrawn is None and rec.aspect == Aspect.IDENTITY:
            yield Problem(
                e.path,
                e.line("aspect"),
                "aspect: whether two reports are one thing is an identity question, not a "
                "disagreement: record it in identities.yaml (and withdraw this one)",
            )


_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)


def first_claims(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A `first_claim` claims to be first: its words say 'first' ('after almost a decade',
    'historic', 'starting with' do not)."""
    for table in FACT_TABLES:
        for e in loaded.entries.get(table, []):
            claim = getattr(e.record, "first_claim", None)
            if claim is not None and not _FIRST.search(claim):
                yield Problem(
                    e.path,
                    e.line("first_claim"),
                    f"first_claim: {short(claim)} does not claim to be first (no 'first' in "
                    "it): leave it out, or copy the words that say 'first'",
                )


def _identities(loaded: Loaded) -> Iterator[tuple[Entry, Identity, bool]]:
    """Each identity question, and whether its two reports name one record."""
    for e in loaded.entries.get("identities", []):
        rec = e.record
        if isinstance(rec, Identity):
            first, second = rec.reports
            one = (first.target_table, first.target_id) == (second.target_table, second.target_id)
            yield e, rec, one


def verdict_fits_records(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """Two reports judged one thing are one record (merged); two records are an open question
    or two things."""
    for e, rec, one in _identities(loaded):
        if one and rec.verdict not in MERGED_VERDICTS:
            yield Problem(
                e.path,
                e.line("verdict"),
                f"verdict: '{rec.verdict}' but both reports name one record; a record holds one "
                "thing: split it, or say same or probably_same",
            )
        if not one and rec.verdict in MERGED_VERDICTS:
            yield Problem(
                e.path,
                e.line("verdict"),
                f"verdict: '{rec.verdict}' but the reports are two records: merge them into one "
                "(the CHANGELOG maps the old id to the new), or say unclear or different",
            )


def reports_quoted(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """The two reports are two (a record and a source each, not the same pair twice), and each
    report's source is quoted by the question."""
    for e, rec, one in _identities(loaded):
        first, second = rec.reports
        if one and first.source == second.source:
            yield Problem(
                e.path, e.line("reports"), "reports: one record and one source is one report"
            )
        quoted = {c.source for c in rec.citations}
        for i, r in enumerate(rec.reports):
            if r.source not in quoted:
                yield Problem(
                    e.path,
                    e.line("reports", i, "source"),
                    f"reports[{i + 1}].source: {r.source} is quoted in none of this question's "
                    "citations",
                )


def verdict_inferred(loaded: Loaded, _sources: Path | None = None) -> Iterator[Problem]:
    """A verdict other than same is our reading, so it is marked inferred with the reason."""
    for e, rec, _ in _identities(loaded):
        if rec.verdict != IdentityVerdict.SAME and "verdict" not in rec.inferred:
            yield Problem(
                e.path,
                e.line("verdict"),
                f"verdict: '{rec.verdict}' is our reading (only 'same' can be stated by a text): "
                "mark verdict inferred with the reason",
            )


# ---------------------------------------------------------------- the texts (with --sources)


def source_files(loaded: Loaded, folder: Path | None) -> Iterator[Problem]:
    """With --sources: each source's text is a readable UTF-8 file inside the folder with the
    recorded SHA-256 and size (a text that passes is kept in `loaded.texts`)."""
    if folder is None:
        return
    loaded.texts.clear()  # read afresh: a text is kept only once it passed here
    if not folder.is_dir():
        yield Problem(
            str(folder), 0, "sources folder not found; pass --sources DIR with the article texts"
        )
        return
    texts = loaded.texts  # kept for `coverage`, which reads no file again
    for e in loaded.entries.get("sources", []):
        src = e.record
        assert isinstance(src, Source)
        path = folder / src.file
        try:
            inside = path.resolve().parent == folder.resolve()
        except RuntimeError:  # a symlink loop
            yield Problem(e.path, e.line("file"), f"file: '{src.file}' is a symbolic link loop")
            continue
        except OSError as err:  # e.g. a name too long for the file system
            yield Problem(e.path, e.line("file"), f"file: cannot be read ({err.strerror})")
            continue
        if not inside:
            yield Problem(
                e.path, e.line("file"), f"file: '{src.file}' is not a file inside {folder}"
            )
            continue
        try:
            if not path.is_file():
                yield Problem(e.path, e.line("file"), f"file: '{src.file}' not found in {folder}")
                continue
            raw = path.read_bytes()
        except OSError as err:
            yield Problem(e.path, e.line("file"), f"file: cannot be read ({err.strerror})")
            continue
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


def quotes_in_texts(loaded: Loaded, folder: Path | None) -> Iterator[Problem]:
    """With --sources: every quote is in its source's text (one that passed `source-files`)."""
    if folder is None:
        return
    if not loaded.texts:  # run on its own: read the texts, their problems are source-files'
        for _ in source_files(loaded, folder):
            pass
    texts = loaded.texts
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


def _evidence(find: Callable[[Loaded], Iterable[Problem]]) -> Check:
    """A rule of rusdata.checks.evidence, which reads no texts."""
    return lambda loaded, _sources: find(loaded)


# Why a rule does not honour `inferred`, for those whose checks are not about what a value says.
NOT_A_VALUE = "not applicable: it checks the data's structure, not what the text states"
IS_INFERRED = "not applicable: it checks the `inferred` mapping itself"

# Each field is checked by the models as the YAML loads; these rules check across fields,
# records and tables, one job each. `validate` runs them in this order; append your own.
RULES: list[Rule] = [
    Rule("unique-ids", "every id appears once in its table", unique_ids, NOT_A_VALUE),
    Rule(
        "references",
        "every reference (source, person, linked record, discrepancy version) names a record",
        references,
        "not applicable: a reference to no record is broken whether stated or inferred",
    ),
    Rule("sources-cited", "every source is cited by some record", sources_cited, NOT_A_VALUE),
    Rule(
        "people-named",
        "every person is named in some record: people, speaker, credited or discrepancy",
        people_named,
        NOT_A_VALUE,
    ),
    Rule(
        "qualifier-needs-date",
        "a date's qualifier comes with the date it qualifies",
        qualifier_needs_date,
        NOT_A_VALUE,
    ),
    Rule(
        "approximate-has-word",
        "a date qualified approximate has a word of approximation in its wording",
        approximate_has_word,
        HONOURED,
    ),
    Rule(
        "delivery-after-order",
        "a delivery_date is not before its order_date",
        delivery_after_order,
        "not applicable: a delivery before its order is impossible, stated or inferred",
    ),
    Rule(
        "previous-chain",
        "previous_id never points at its own record or round in a cycle",
        previous_chain,
        "not applicable: a loop is impossible, stated or inferred",
    ),
    Rule(
        "one-source-per-text",
        "each text (file, SHA-256) is registered as one source",
        one_source_per_text,
        NOT_A_VALUE,
    ),
    Rule(
        "one-person-per-spelling",
        "each spelling (name or alias) names one person, once",
        one_person_per_spelling,
        NOT_A_VALUE,
    ),
    Rule(
        "versions-differ",
        "a disagreement's versions differ, and none is given twice",
        versions_differ,
        "not applicable: a disagreement whose versions agree is none, stated or inferred",
    ),
    Rule(
        "list-no-delimiter",
        f"list items hold no '{LIST_DELIMITER}', which joins them in a CSV cell",
        list_no_delimiter,
        NOT_A_VALUE,
    ),
    Rule("list-no-repeats", "a list holds no value twice", list_no_repeats, NOT_A_VALUE),
    Rule(
        "years-in-dates",
        "each year of a fact's dates is in one of its quotes",
        years_in_dates,
        HONOURED,
    ),
    Rule(
        "location-needs-url",
        "a located date or location evidence comes with a located URL",
        location_needs_url,
        "not applicable: where a text was found is not stated by the texts (sources have no "
        "`inferred`)",
    ),
    Rule(
        "location-evidence",
        "a located URL says how it was established",
        location_evidence,
        "not applicable: where a text was found is not stated by the texts (sources have no "
        "`inferred`)",
    ),
    Rule(
        "located-date-from-url",
        "a located date is copied from the located URL and holds its year",
        located_date_from_url,
        "not applicable: where a text was found is not stated by the texts (sources have no "
        "`inferred`)",
    ),
    Rule(
        "soviet-union-named",
        "SUN (the Soviet Union's former code) only where a quote names the Soviet Union",
        soviet_union_is_named,
        "not honoured: SUN is no ISO 3166-1 code, kept only for a text that names the Soviet "
        "Union; knowing that a partner was the USSR is general knowledge, so inferred is not enough",
    ),
    Rule(
        "years-in-our-words",
        "each year named in a fact's text fields in our words (summary, ...; not note) is in its "
        "quotes",
        years_in_our_words,
        HONOURED,
    ),
    Rule(
        "inferred-fields",
        "`inferred` names only fields the record has, that hold a value and can be inferred",
        _evidence(evidence.inferred_fields),
        IS_INFERRED,
    ),
    Rule(
        "words-quoted",
        "the text's own words (fields marked Verbatim: names, wordings, roles) are in a quote",
        _evidence(evidence.words),
        HONOURED,
    ),
    Rule(
        "places-quoted",
        "a place (fields marked Place), or each of its comma-separated parts, is in a quote",
        _evidence(evidence.places),
        HONOURED,
    ),
    Rule(
        "numbers-quoted",
        "each count or amount is in a quote, in digits or in words",
        _evidence(evidence.numbers),
        HONOURED,
    ),
    Rule(
        "people-quoted",
        "each person of a record is named in its quotes, or speaks one",
        _evidence(evidence.people),
        HONOURED,
    ),
    Rule(
        "countries-quoted",
        "each country is named in a quote (its name or demonym, not only its capital)",
        _evidence(evidence.countries),
        HONOURED,
    ),
    Rule(
        "links-quoted",
        "a link to another record (or a disagreement's version) is named in the record's quotes",
        _evidence(evidence.links),
        HONOURED,
    ),
    Rule(
        "hedged-not-event",
        "a fact whose every quote is hedged (might, could, reportedly, ...) has a status that is "
        "not an event",
        hedged_not_event,
        "not honoured: inferring an event from hedged words is what it refuses; cite a quote "
        "that reports the event",
    ),
    Rule(
        "discrepancy-sources",
        "each version's source is quoted by its discrepancy",
        discrepancy_sources,
        NOT_A_VALUE,
    ),
    Rule(
        "source-files",
        "with --sources: each text is a UTF-8 file in the folder with its recorded sha256 and size",
        source_files,
        NOT_A_VALUE,
    ),
    Rule(
        "date-precision",
        "a date's month and day are stated by its wording (or a quote), and a relative wording "
        "is resolved only as an inference",
        precision.date_precision,
        HONOURED,
    ),
    Rule(
        "inferred-date-qualifier",
        "an inferred date, and only an inferred date, has the qualifier 'inferred'",
        precision.inferred_date_qualifier,
        "not applicable: it checks the qualifier an inferred date must carry",
    ),
    Rule(
        "amount-scale",
        "a count or amount is stored in full, with its scale word multiplied in",
        precision.amount_scale,
        HONOURED,
    ),
    Rule(
        "unit-no-scale",
        "a unit holds no scale word ('million USD'): the scale is in the number",
        precision.unit_no_scale,
        "not applicable: how a unit is stored is our convention, whoever read the value",
    ),
    Rule(
        "currency-named",
        "a unit (a currency above all) is named by the record's quotes or its wording",
        precision.currency_named,
        HONOURED,
    ),
    Rule(
        "quotes-in-texts",
        "with --sources: every quote is in its source's text, character for character",
        quotes_in_texts,
        "not applicable: a quote is the text's own words, never ours",
    ),
    Rule(
        "anchors-current",
        "with --sources: the committed quote anchors (anchors/) are what the texts give",
        anchors_current,
        "not applicable: an anchor locates a quote, the text's own words, never ours",
    ),
    # issue 21: one row per thing
    Rule(
        "opinion-not-event",
        "no fact record has an opinion's status (speculated, recommended): that is a claim",
        opinion_not_event,
        HONOURED,
    ),
    Rule(
        "claimant-person",
        "a claim names its person (claimant_person) exactly when a person makes it",
        claimant_person,
        "not applicable: who makes a claim is read from its quotes, and claims cannot infer it",
    ),
    Rule(
        "identity-not-disagreement",
        "no current disagreement is an identity question (those are rows of identities)",
        identity_not_disagreement,
        "not applicable: a disagreement's aspect is our classification, never a stated value",
    ),
    Rule(
        "first-claims",
        "a first_claim says 'first' (a claim to be first, not any notable wording)",
        first_claims,
        "not applicable: a first_claim is the text's own words, never ours",
    ),
    Rule(
        "verdict-fits-records",
        "an identity question's reports are one record exactly when the verdict is same or "
        "probably same",
        verdict_fits_records,
        "not applicable: it compares the verdict with the records, whoever's reading it is",
    ),
    Rule(
        "reports-quoted",
        "an identity question's two reports differ, and each report's source is quoted",
        reports_quoted,
        "not applicable: the reports are the texts' own, never ours",
    ),
    Rule(
        "verdict-inferred",
        "a verdict other than same (which a text can state) is marked inferred with the reason",
        verdict_inferred,
        "not applicable: it requires the mark",
    ),
    Rule(
        "stated-together",
        "with --sources: a fact's key values (who, what, where, when) are stated by quotes of "
        "one source in one sentence or adjacent ones",
        precision.stated_together,
        HONOURED,
    ),
]
