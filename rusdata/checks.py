"""Checks across records: unique ids, references, date order, coverage, and quotes.

`validate(root, sources)` runs every layer and returns the loaded data with all problems,
sorted by file and line. Only `--sources` checks read the article texts.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from rusdata.columns import LIST_DELIMITER, tables
from rusdata.loading import Entry, Loaded, Problem, display, load, short, where
from rusdata.models import FACT_TABLES, TABLES, Source
from rusdata.quotes import SourceText


def validate(root: Path, sources: Path | None = None) -> Loaded:
    loaded = load(root)
    problems = loaded.problems
    ids = _unique_ids(loaded, problems)
    problems.extend(_references(loaded, ids))
    problems.extend(_record_rules(loaded))
    problems.extend(_years_are_quoted(loaded))
    problems.extend(_links_and_identity(loaded))
    problems.extend(_unreferenced(loaded))
    if sources is not None:
        problems.extend(_quotes(loaded, sources))
    problems.sort()
    return loaded


def _unique_ids(loaded: Loaded, problems: list[Problem]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for table, entries in loaded.entries.items():
        first: dict[str, Entry] = {}
        for e in entries:
            rid = e.record.id
            if rid in first:
                msg = f"id: duplicate id '{rid}' (first on line {first[rid].item.line})"
                problems.append(Problem(e.path, e.line("id"), msg))
            else:
                first[rid] = e
        ids[table] = set(first)
    return ids


def _refs(entry: Entry, table: str) -> Iterator[tuple[str, str, tuple[int | str, ...]]]:
    """(target table, id, location) of every foreign id in a record and its child lists."""
    t = tables()[table]
    rec = entry.record
    for col in t.columns:
        value = getattr(rec, col.source, None) if col.ref and col.source else None
        if value is not None:
            yield col.ref, value, (col.source,)
    for fname, link in t.links.items():
        for i, child in enumerate(getattr(rec, fname)):
            for col in tables()[link].columns:
                value = getattr(child, col.source, None) if col.ref and col.source else None
                if value is not None:
                    yield col.ref, value, (fname, i, col.source)
            if hasattr(child, "target_table"):  # a discrepancy version points at any table
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


def _references(loaded: Loaded, ids: dict[str, set[str]]) -> Iterator[Problem]:
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


def _record_rules(loaded: Loaded) -> Iterator[Problem]:
    for table, entries in loaded.entries.items():
        t = tables()[table]
        for e in entries:
            rec = e.record
            if getattr(rec, "date_qualifier", None) and getattr(rec, "date", None) is None:
                yield Problem(
                    e.path,
                    e.line("date_qualifier"),
                    "date_qualifier: given, but there is no date to qualify",
                )
            order, delivery = getattr(rec, "order_date", None), getattr(rec, "delivery_date", None)
            if order and delivery and order.start > delivery.end:
                yield Problem(
                    e.path,
                    e.line("delivery_date"),
                    f"delivery_date: {delivery} is before order_date {order}",
                )
            for col in t.columns:
                if col.is_list:
                    for i, item in enumerate(getattr(rec, col.source)):
                        if LIST_DELIMITER in item:
                            yield Problem(
                                e.path,
                                e.line(col.source, i),
                                f"{col.source}[{i + 1}]: must not contain '{LIST_DELIMITER}'",
                            )
                    if len(set(getattr(rec, col.source))) < len(getattr(rec, col.source)):
                        yield Problem(
                            e.path, e.line(col.source), f"{col.source}: lists a value twice"
                        )


def _same(text: str) -> str:
    """What counts as the same name or value: case and runs of whitespace ignored."""
    return " ".join(text.casefold().split())


def _links_and_identity(loaded: Loaded) -> Iterator[Problem]:
    """previous_id chains without loops; one source per text; one person per name; and
    disagreements whose versions differ."""
    for table in [t for t, m in TABLES.items() if "previous_id" in m.model_fields]:
        entries = {e.record.id: e for e in loaded.entries.get(table, [])}
        reported: set[str] = set()
        for rid, e in entries.items():
            if getattr(e.record, "previous_id", None) == rid:
                reported.add(rid)
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
    named: dict[str, tuple[Entry, str]] = {}
    for e in loaded.entries.get("people", []):
        person = e.record
        spellings = [("name", person.name, ("name",))] + [  # type: ignore[attr-defined]
            (f"aliases[{i + 1}]", a, ("aliases", i))
            for i, a in enumerate(person.aliases)  # type: ignore[attr-defined]
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


def _years_are_quoted(loaded: Loaded) -> Iterator[Problem]:
    """No years from memory: each year in a fact's dates appears in one of its own quotes,
    as the year or as its decade ('1950s'). A year only implied stays out of the date."""
    for table in FACT_TABLES:
        t = tables()[table]
        dates = [c.source for c in t.columns if c.derived == "start"]
        for e in loaded.entries.get(table, []):
            quotes = " ".join(c.quote for c in e.record.citations)
            for name in dates:
                value = getattr(e.record, name)
                missing: list[str] = []
                for part in str(value).split("/") if value else ():
                    year, decade = part[:4], part[:3] + "0s"
                    shown = decade if year.endswith("X") else year
                    if year not in quotes and decade not in quotes and shown not in missing:
                        missing.append(shown)
                if missing:
                    yield Problem(
                        e.path,
                        e.line(name),
                        f"{name}: {' and '.join(missing)} {'appears' if len(missing) == 1 else 'appear'} in none of this record's quotes; cite the sentence that states it, or leave the date empty and say in note what the text says",
                    )


def _unreferenced(loaded: Loaded) -> Iterator[Problem]:
    """Every source is cited and every person appears in some record."""
    if loaded.failed:  # an unloaded table may hold the references
        return
    used: dict[str, set[str]] = {"sources": set(), "people": set()}
    for table, entries in loaded.entries.items():
        for e in entries:
            for target, value, loc in _refs(e, table):
                if target in used and not (table == "people" and loc[0] == "citations"):
                    used[target].add(value)
    for target, what in (
        ("sources", "cited by no record"),
        ("people", "named in no record (people, speaker, credited or discrepancy)"),
    ):
        for e in loaded.entries.get(target, []):
            if e.record.id not in used[target]:
                yield Problem(e.path, e.line("id"), f"id: '{e.record.id}' is {what}")


def _quotes(loaded: Loaded, folder: Path) -> Iterator[Problem]:
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
