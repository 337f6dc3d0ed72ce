"""Checks across records: unique ids, references, date order, coverage, and quotes.

`validate(root, sources)` runs every layer and returns the loaded data with all problems,
sorted by file and line. Only `--sources` checks read the article texts.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from rusdata.columns import LIST_DELIMITER, tables
from rusdata.countries import NAMES_SOVIET_UNION, SOVIET_UNION
from rusdata.dates import APPROXIMATE_WORDS
from rusdata.loading import Entry, Loaded, Problem, display, load, where
from rusdata.models import FACT_TABLES, Source
from rusdata.quotes import SourceText
from rusdata.vocab import DateQualifier


def validate(root: Path, sources: Path | None = None) -> Loaded:
    loaded = load(root)
    problems = loaded.problems
    ids = _unique_ids(loaded, problems)
    problems.extend(_references(loaded, ids))
    problems.extend(_record_rules(loaded))
    problems.extend(_years_are_quoted(loaded))
    problems.extend(_soviet_union_is_named(loaded))
    problems.extend(_locations(loaded))
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


def _unknown(target: str, value: str, known: set[str]) -> str:
    near = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    return f"no record '{value}' in {target}{hint}"


def _references(loaded: Loaded, ids: dict[str, set[str]]) -> Iterator[Problem]:
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


def _record_rules(loaded: Loaded) -> Iterator[Problem]:
    for table, entries in loaded.entries.items():
        t = tables()[table]
        for e in entries:
            rec = e.record
            for date in [c.source for c in t.columns if c.derived == "start"]:
                if getattr(rec, f"{date}_qualifier") and getattr(rec, date) is None:
                    yield Problem(
                        e.path,
                        e.line(f"{date}_qualifier"),
                        f"{date}_qualifier: given, but there is no {date} to qualify",
                    )
                wording = getattr(rec, f"{date}_text")
                if (
                    getattr(rec, f"{date}_qualifier") == DateQualifier.APPROXIMATE
                    and wording
                    and not APPROXIMATE_WORDS.search(wording)
                ):
                    yield Problem(
                        e.path,
                        e.line(f"{date}_qualifier"),
                        f"{date}_qualifier: approximate, but the wording {wording!r} has no word of approximation (about, around, circa, ...); 'early', 'mid-', 'late' and seasons narrow a stated year or decade, which stays unqualified",
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


def _soviet_union_is_named(loaded: Loaded) -> Iterator[Problem]:
    """SUN is not an ISO 3166-1 code: a record may use it only where one of its own quotes
    names the Soviet Union (knowing that the 1950s partner was the USSR is not enough)."""
    for table, entries in loaded.entries.items():
        columns = [c for c in tables()[table].columns if c.country]
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


def _locations(loaded: Loaded) -> Iterator[Problem]:
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
