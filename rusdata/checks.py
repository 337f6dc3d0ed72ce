"""Checks across records: unique ids, references, date order, coverage, and quotes.

`validate(root, sources)` runs every layer and returns the loaded data with all problems,
sorted by file and line. Only `--sources` checks read the article texts.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from rusdata import evidence
from rusdata.columns import LIST_DELIMITER, tables
from rusdata.loading import Entry, Loaded, Problem, display, load, where
from rusdata.models import Source
from rusdata.quotes import SourceText


def validate(root: Path, sources: Path | None = None) -> Loaded:
    loaded = load(root)
    problems = loaded.problems
    ids = _unique_ids(loaded, problems)
    problems.extend(_references(loaded, ids))
    problems.extend(_record_rules(loaded))
    problems.extend(evidence.years(loaded))
    problems.extend(evidence.check(loaded))
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
        if tables()[link].keyed_by:  # a mapping (inferred) refers to no record
            continue
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
