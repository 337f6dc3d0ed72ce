"""docs/questions.md: each question's pandas, SQL and R recipes give the same rows, and those
rows are what the records hold, computed here from the typed accessors (never typed in)."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, need_module, need_tool

import rusdata

PAGE = (REPO / "docs" / "questions.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def sections() -> dict[str, dict[str, str]]:
    """Question heading -> the first block of each language under it."""
    out: dict[str, dict[str, str]] = {}
    for part in PAGE.split("\n## ")[1:]:
        title = part.splitlines()[0]
        blocks: dict[str, str] = {}
        for m in FENCE.finditer(part):
            blocks.setdefault(m[1], m[2])
        out[title] = blocks
    return out


def rows(text: str) -> list[tuple[str, ...]]:
    """CSV output as sorted rows without the header, numbers as plain integers."""
    body = list(csv.reader(io.StringIO(text)))[1:]
    return sorted(tuple(re.sub(r"^(\d+)\.0$", r"\1", c) for c in r) for r in body if r)


def expected() -> dict[str, list[tuple[str, ...]]]:
    timeline = rusdata.timeline()
    per_year = Counter(e.date.start.year for e in timeline if e.date.start.year == e.date.end.year)
    inferred: dict[str, list[str]] = {}
    for i in rusdata.inferences():
        if i.table == "arms_transfers":
            inferred.setdefault(i.record_id, []).append(i.field)
    arms = [
        (a.id, str(a.status), str(len(a.citations)), ";".join(sorted(inferred.get(a.id, []))))
        for a in rusdata.arms_transfers()
    ]
    pairs = {(c.source, c.table, c.record_id) for c in rusdata.citations()}
    per_source = Counter((s, t) for s, t, _ in pairs)
    fact_tables = sorted({e.table for e in timeline})
    dated = {(e.table, e.record_id) for e in timeline}
    return {
        "Dated events per year": sorted((str(y), str(n)) for y, n in per_year.items()),
        "Every arms transfer, its quotes, and which of its values are ours": sorted(arms),
        "What each source reports": sorted((s, t, str(n)) for (s, t), n in per_source.items()),
        "How many records state a date": sorted(
            (t, str(len(rusdata.load(t))), str(sum(1 for d in dated if d[0] == t)))
            for t in fact_tables
        ),
    }


QUESTIONS = list(sections())


def test_every_question_has_three_recipes_and_an_answer() -> None:
    assert set(QUESTIONS) == set(expected())
    for title, blocks in sections().items():
        assert {"python", "sql", "r"} <= set(blocks), title


@pytest.mark.parametrize("title", QUESTIONS)
def test_pandas_recipe(title: str, tmp_path: Path) -> None:
    need_module("pandas")
    out = subprocess.run(
        [sys.executable, "-c", sections()[title]["python"]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert rows(out) == expected()[title]


@pytest.mark.parametrize("title", QUESTIONS)
def test_sql_recipe(title: str, sqlite_export: Path) -> None:
    db = sqlite3.connect(f"file:{sqlite_export}?mode=ro", uri=True)
    cursor = db.execute(sections()[title]["sql"])
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor.fetchall())
    assert rows(text.getvalue()) == expected()[title]


@pytest.mark.parametrize("title", QUESTIONS)
def test_r_recipe(title: str) -> None:
    rscript = need_tool("Rscript")
    out = subprocess.run(
        [rscript, "-e", sections()[title]["r"]],
        cwd=rusdata.descriptor_path().parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert rows(out) == expected()[title]


def test_the_answers_are_not_empty() -> None:
    assert all(expected().values())
