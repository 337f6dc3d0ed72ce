"""Events per year and table: one answer from every path a user may take (issue 21).

The documented pandas and SQL one-liners (docs/unit-of-a-row.md, run as written), the
timeline accessor, the fact tables' own dated fields, and the marks of the figure must agree.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO

import rusdata
from rusdata.schema.dates import PartialDate
from rusdata.schema.models import DATE_FIELDS, FACT_TABLES

DOC = REPO / "docs" / "unit-of-a-row.md"
Counts = Counter[tuple[int, str]]


def _block(language: str) -> str:
    """The first fenced code block of `language` in the counting page."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"```{language}\n(.*?)\n```", text, re.DOTALL)
    assert m, f"no {language} block in {DOC.name}"
    return m[1]


def by_records() -> Counts:
    """Every non-empty date field of every fact record, in the year its date starts."""
    out: Counts = Counter()
    for table in FACT_TABLES:
        for record in rusdata.load(table):
            for name in DATE_FIELDS:
                date = getattr(record, name, None)
                if date is not None:
                    out[(date.start.year, table)] += 1
    return out


def by_timeline() -> Counts:
    return Counter((e.date.start.year, e.table) for e in rusdata.timeline())


def by_figure() -> Counts:
    """The figure's marks: each has a title '<date> <table>/<id>: <summary>'."""
    svg = (REPO / "docs" / "timeline.svg").read_text(encoding="utf-8")
    titles = re.findall(r"<title>(\S+) (\w+)/[a-z0-9-]+: ", svg)
    assert titles, "no event marks in the figure"
    return Counter((PartialDate.parse(date).start.year, table) for date, table in titles)


def test_records_timeline_and_figure_count_alike() -> None:
    records = by_records()
    assert sum(records.values()) == len(rusdata.timeline()) > 0
    assert by_timeline() == records
    assert by_figure() == records


def test_the_documented_pandas_line(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    counts = eval(_block("python"), {"rusdata": rusdata})  # the line exactly as documented
    got = Counter({(int(y), str(t)): int(n) for (y, t), n in counts.items() if n})
    assert got == by_records()


def test_the_documented_sql_line(sqlite_export: Path) -> None:
    with sqlite3.connect(f"file:{sqlite_export}?mode=ro", uri=True) as db:
        rows = db.execute(_block("sql")).fetchall()
        assert Counter({(y, t): n for y, t, n in rows}) == by_records()
        # The same from the fact tables' own date columns, not the generated timeline.
        own: Counts = Counter()
        for table in FACT_TABLES:
            columns = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
            for name in DATE_FIELDS:
                if f"{name}_start" in columns:
                    query = f'SELECT substr({name}_start, 1, 4) FROM "{table}" WHERE {name}_start IS NOT NULL'
                    own.update((int(y), table) for (y,) in db.execute(query))
        assert own == by_records()


def test_each_event_once_no_record_restates_another() -> None:
    """A merged record's old ids are gone; a visit's topics never restate what a linked
    agreement or arms order holds (that one link, not two, says what was signed)."""
    # A merge may join two reports of one person as well as of one event.
    ids = {(t, r.id) for t in (*FACT_TABLES, "people") for r in rusdata.load(t)}
    for merged in rusdata.identities():
        first, second = (r for r in rusdata.identity_records() if r.record_id == merged.id)
        if merged.verdict in ("same", "probably_same"):
            assert (first.target_table, first.target_id) == (second.target_table, second.target_id)
            assert (first.target_table, first.target_id) in ids
    linked = {
        r.visit_id
        for t in ("agreements", "arms_transfers")
        for r in rusdata.load(t)
        if r.visit_id is not None
    }
    for visit in rusdata.visits():
        if visit.id in linked and visit.topics:
            assert not re.search(r"\bsign", visit.topics, re.IGNORECASE), visit.id
