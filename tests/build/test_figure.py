"""The generated figure: well-formed SVG, one mark per timeline row, nothing overlapping."""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import REPO

import rusdata
from rusdata.build import figure
from rusdata.build.figure import COLOURS, colours
from rusdata.schema.models import FACT_TABLES, TimelineEntry
from rusdata.schema.vocab import Status

NS = "{http://www.w3.org/2000/svg}"


def _marks(svg: bytes) -> list[tuple[float, float, float, float, str, str]]:
    root = ET.fromstring(svg)
    out = []
    for rect in root.iter(f"{NS}rect"):
        title = rect.find(f"{NS}title")
        if title is not None:
            x, y, w, h = (float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
            out.append((x, y, w, h, title.text or "", rect.get("fill", "")))
    return out


def test_committed_figure_has_a_mark_per_timeline_row() -> None:
    marks = _marks((REPO / figure.FIGURE).read_bytes())
    rows = rusdata.timeline()
    # A row whose date spans both panels is drawn in each; every row appears at least once.
    titles = [m[4] for m in marks]
    for e in rows:
        assert any(t.startswith(f"{e.date} {e.table}/{e.record_id}:") for t in titles), e
    assert len(marks) >= len(rows)


def test_marks_never_overlap() -> None:
    marks = _marks((REPO / figure.FIGURE).read_bytes())
    for a, b in itertools.combinations(marks, 2):
        apart_x = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
        apart_y = a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
        assert apart_x or apart_y, (a[4], b[4])


def test_caption_counts_the_undated_records() -> None:
    svg = (REPO / figure.FIGURE).read_text(encoding="utf-8")
    dated = {(e.table, e.record_id) for e in rusdata.timeline()}
    undated = sum(1 for t in FACT_TABLES for r in rusdata.load(t) if (t, r.id) not in dated)
    assert f"{undated} fact records state no date" in svg
    assert f"each of the {len(rusdata.timeline())} rows of data/timeline.csv" in svg


def test_claims_are_outlines_and_events_filled() -> None:
    def entry(status: Status, record_id: str) -> TimelineEntry:
        return TimelineEntry(
            date="2020-05",
            table="visits",
            record_id=record_id,
            date_field="date",
            status=status,
            summary="A test",
        )

    svg = figure.render_svg([entry(Status.OCCURRED, "done"), entry(Status.PLANNED, "hope")], 0)
    fills = {re.search(r"visits/(\w+)", m[4])[1]: m[5] for m in _marks(svg)}  # type: ignore[index]
    assert fills["hope"] == "#ffffff"
    assert fills["done"] != "#ffffff"


def test_a_large_timeline_is_binned_by_table_and_year() -> None:
    rows = rusdata.timeline()
    many = [dataclasses.replace(e, record_id=f"{e.record_id}-{i}") for i in range(50) for e in rows]
    assert len(many) > figure.MAX_MARKS
    marks = _marks(figure.render_svg(many, 0))
    bins = {(e.table, e.date.start.year, e.status in figure.DONE) for e in rows}
    assert len(marks) >= len(bins)  # a bin spanning both panels is drawn in each
    # A bin drawn in both panels repeats its title and fill; each distinct bin counts once.
    distinct = {(m[4], m[5]) for m in marks}
    assert len(distinct) == len(bins)
    assert sum(int(title.split(": ")[1].split()[0]) for title, _ in distinct) == len(many)


@pytest.mark.parametrize("n", [1, len(FACT_TABLES), len(FACT_TABLES) + 1, 30])
def test_every_fact_table_gets_its_own_colour(n: int) -> None:
    """However many fact tables are registered, no two lanes share a colour; the first seven
    are Okabe–Ito's (distinguishable with colour-vision deficiencies), the order stable."""
    palette = colours(n)
    assert len(palette) == len(set(palette)) == n
    assert palette[:7] == list(COLOURS[:n])
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in palette)
    assert colours(n + 3)[:n] == palette
