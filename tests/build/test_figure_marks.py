"""The figure's marks say how precise a date is, in every panel: a year or decade is a pale
band over all of it (no dot that reads as a day), a day or month a tick, a stated period a
solid bar; key events are numbered and listed; the legend shows only what is drawn; both
panels label their spans the same way."""

from __future__ import annotations

import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import REPO, need_tool

import rusdata
from rusdata.build import figure
from rusdata.schema.models import TimelineEntry
from rusdata.schema.vocab import Status

NS = "{http://www.w3.org/2000/svg}"


def entry(date: str, record_id: str, status: Status = Status.OCCURRED) -> TimelineEntry:
    return TimelineEntry(
        date=date,
        table="visits",
        record_id=record_id,
        date_field="date",
        status=status,
        summary="A test",
    )


def rects(svg: bytes) -> tuple[dict[str, ET.Element], list[ET.Element]]:
    """(titled marks by record id, untitled rects: bands, legend glyphs, backgrounds)."""
    titled, plain = {}, []
    for r in ET.fromstring(svg).iter(f"{NS}rect"):
        title = r.find(f"{NS}title")
        if title is None:
            plain.append(r)
        else:
            titled[re.search(r"visits/([\w-]+)", title.text or "")[1]] = r  # type: ignore[index]
    return titled, plain


def test_year_is_a_band_day_a_tick_interval_a_bar() -> None:
    svg = figure.render_svg(
        [
            entry("2015", "year"),
            entry("2018-04-07", "day"),
            entry("2016/2017", "period"),
            entry("2019-05", "month"),
            entry("2021", "late"),
        ],
        0,
    )
    marks, plain = rects(svg)
    w = {k: float(r.get("width", "0")) for k, r in marks.items()}
    assert w["day"] == figure.TICK  # a tick
    assert w["month"] <= max(figure.TICK, w["period"] / 2 * 31 / 365 + 0.1)  # May's own width
    assert w["period"] > 5 * figure.MARK_H  # two years: a bar
    assert marks["period"].get("fill-opacity") is None  # solid
    # the year is a pale band over the whole year, as wide as half the two-year period, with
    # nothing in its middle that would read as a day (July)
    assert marks["year"].get("fill-opacity") == figure.BAND_OPACITY
    assert abs(w["year"] - w["period"] / 2) < 1
    x0 = float(marks["year"].get("x", "0"))
    y0 = float(marks["year"].get("y", "0"))
    inside = [
        r
        for r in plain + [m for k, m in marks.items() if k != "year"]
        if abs(float(r.get("y", "-99")) - y0) < figure.MARK_H
        and x0 < float(r.get("x", "-99")) < x0 + w["year"]
    ]
    assert inside == []


def test_the_legend_is_true_in_the_overview_panel_too() -> None:
    """At the decades' scale a year is narrower than a band can read: it stays a band
    (widened about its middle), never a tick, and a day stays a tick."""
    svg = figure.render_svg(
        [
            entry("1965", "oldyear"),
            entry("1948-05-01", "oldday"),
            entry("197X", "decade"),
            *(entry(f"{y}-01-0{1 + y % 5}", f"d{y}") for y in range(2014, 2022)),
        ],
        0,
    )
    marks, _ = rects(svg)
    assert marks["oldyear"].get("fill-opacity") == figure.BAND_OPACITY
    assert float(marks["oldyear"].get("width", "0")) >= figure.BAND_MIN
    assert float(marks["oldday"].get("width", "0")) == figure.TICK
    assert marks["oldday"].get("fill-opacity") is None
    assert marks["decade"].get("fill-opacity") == figure.BAND_OPACITY
    assert float(marks["decade"].get("width", "0")) > 5 * figure.BAND_MIN


def test_key_events_are_numbered_once_and_listed() -> None:
    root = ET.fromstring((REPO / figure.FIGURE).read_bytes())
    texts = [t.text or "" for t in root.iter(f"{NS}text")]
    records = {t: rusdata.load(t) for t in rusdata.tables() if t in figure.FACT_TABLES}
    keys = figure.key_events(records)
    dated = [e for e in rusdata.timeline() if (e.table, e.record_id) in keys]
    assert dated, "the data has key events"
    n = min(len(dated), figure.MAX_KEYS)
    # each number twice: on its mark, and in the list under the axis with its date
    for k in range(1, n + 1):
        assert texts.count(str(k)) >= 2, k
    assert "Key events" in texts
    for e in dated[:n]:
        assert any(t.startswith(f"{e.date} (") for t in texts), e
    # a first the texts claim is a key event
    firsts = [r for t, rs in records.items() for r in rs if getattr(r, "first_claim", None)]
    assert all((t, r.id) in keys for t, rs in records.items() for r in rs if r in firsts)


def test_lanes_are_named_for_readers() -> None:
    root = ET.fromstring((REPO / figure.FIGURE).read_bytes())
    texts = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    for table in {e.table for e in rusdata.timeline()}:
        title = figure.TABLES[table].table.title
        assert title.split()[0] in texts, table
        assert f"{table} (" not in texts  # not the raw table name
    svg = (REPO / figure.FIGURE).read_text(encoding="utf-8")
    assert "Shown:" in svg and "Not shown:" in svg  # the caption says both


def test_legend_shows_only_what_is_drawn() -> None:
    only_days = figure.render_svg([entry("2018-04-07", "a"), entry("2019-01-02", "b")], 0)
    text = only_days.decode()
    assert figure.LEGEND[figure.POINT] in text
    assert figure.LEGEND[figure.SPAN] not in text and figure.LEGEND[figure.INTERVAL] not in text
    assert "outline" not in text
    claimed = figure.render_svg([entry("2018", "a"), entry("2019", "b", Status.PLANNED)], 0)
    assert figure.LEGEND[figure.SPAN] in claimed.decode() and "outline:" in claimed.decode()


def test_committed_legend_matches_the_data() -> None:
    svg = (REPO / figure.FIGURE).read_text(encoding="utf-8")
    rows = rusdata.timeline()
    assert ("outline:" in svg) == any(e.status not in figure.DONE for e in rows)
    assert (figure.LEGEND[figure.SPAN] in svg) == any(
        not e.date.is_interval and e.date.precision in ("year", "decade") for e in rows
    )
    assert (figure.LEGEND[figure.INTERVAL] in svg) == any(e.date.is_interval for e in rows)


def test_both_panels_label_each_span_in_its_middle() -> None:
    root = ET.fromstring((REPO / figure.FIGURE).read_bytes())
    lines = list(root.iter(f"{NS}line"))
    axis = [ln for ln in lines if ln.get("stroke") == "#333"]
    assert len(axis) == 2  # two panels
    bottom = float(axis[0].get("y1", "0"))
    labels = [t for t in root.iter(f"{NS}text") if abs(float(t.get("y", "0")) - bottom - 18) < 0.1]
    assert labels
    for panel in axis:
        x0, x1 = float(panel.get("x1", "0")), float(panel.get("x2", "0"))
        grid = sorted(
            {
                float(ln.get("x1", "0"))
                for ln in lines
                if ln.get("stroke") == "#cccccc"
                and x0 - 0.1 <= float(ln.get("x1", "0")) <= x1 + 0.1
            }
            | {x1}
        )
        inside = [t for t in labels if x0 <= float(t.get("x", "0")) <= x1]
        assert inside
        for t in inside:
            x = float(t.get("x", "0"))
            left = max(g for g in grid if g < x)
            right = min(g for g in grid if g > x)
            assert abs(x - (left + right) / 2) < 0.1, t.text
    decades = [t.text for t in labels if t.text and t.text.endswith("s")]
    years = [t.text for t in labels if t.text and t.text.isdigit()]
    assert decades and years


def test_the_committed_figure_renders(tmp_path: Path) -> None:
    """librsvg draws it as a browser would: a picture of the declared size."""
    rsvg = need_tool("rsvg-convert")
    out = tmp_path / "timeline.png"
    subprocess.run([rsvg, "-o", str(out), str(REPO / figure.FIGURE)], check=True, timeout=60)
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    root = ET.fromstring((REPO / figure.FIGURE).read_bytes())
    assert (width, height) == (int(root.get("width", "0")), int(root.get("height", "0")))


def test_the_legend_stays_inside_the_figure() -> None:
    """Every legend entry ends before the right edge (it wraps onto a new row instead), and
    the captions sit below the legend."""
    svg = figure.render_svg(
        [entry("2018-04-07", "a"), entry("2019", "b"), entry("2020", "c", Status.PLANNED)], 3
    )
    root = ET.fromstring(svg)
    texts = [t for t in root.iter(f"{NS}text") if t.get("font-size") == "11"]
    legend = [t for t in texts if not (t.text or "").startswith(("Shown:", "Not shown:"))]
    assert any("outline:" in (t.text or "") for t in legend)
    for t in legend:
        right = float(t.get("x", "0")) + figure.CHAR_W * len(t.text or "")
        assert right <= figure.WIDTH - figure.RIGHT_PAD, t.text
    captions = [t for t in texts if (t.text or "").startswith(("Shown:", "Not shown:"))]
    assert min(float(t.get("y", "0")) for t in captions) > max(
        float(t.get("y", "0")) for t in legend
    )
    assert float(root.get("height", "0")) > max(float(t.get("y", "0")) for t in captions)
