"""The timeline → `docs/timeline.svg`: every dated event, one lane per fact table.

Written as plain SVG text (no plotting library), so `rusdata build` needs nothing beyond the
runtime dependencies and the file is byte-identical on every machine. How a mark looks says
how precise its date is, so that no date reads as a duration it is not: a day or month is a
narrow tick; a date known only to the year or decade is a dot in the middle of a faint band
covering the days it can mean; only an interval (`A/B`, a stated period) is a solid bar. The
legend lists only the kinds of mark drawn. The left panel covers the early decades at a coarse
scale; the right one zooms in on the most recent years, where most events are; both label each
span between two grid lines in its middle (`1970s`, `2015`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from rusdata.build.about import About
from rusdata.schema.models import FACT_TABLES, TimelineEntry
from rusdata.schema.vocab import DONE  # drawn filled; the rest as outlines: no claim looks done

FIGURE = "docs/timeline.svg"
ZOOM_YEARS = 8  # the right panel: the last ZOOM_YEARS years with events
WIDTH = 960
LEFT = 175  # lane labels: table names and counts
GAP = 28  # between panels
RIGHT_PAD = 20
TOP = 78
MARK_H = 10
ROW = 13  # vertical pitch of stacked marks in a lane
LANE_PAD = 8
MAX_MARKS = 600  # beyond this many entries, marks are binned by table and year
MIN_MARK = 5.0  # px: day and month dates are narrower than this at any scale
# Okabe–Ito colours (distinguishable with colour-vision deficiencies), one per fact table.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")


@dataclass(frozen=True)
class Panel:
    start: dt.date
    end: dt.date  # exclusive
    x0: float
    x1: float
    tick_every: int  # years

    def x(self, day: dt.date) -> float:
        span = (self.end - self.start).days
        return self.x0 + (self.x1 - self.x0) * (day - self.start).days / span

    def clip(self, start: dt.date, end: dt.date) -> tuple[float, float] | None:
        """The mark's x range in this panel (end inclusive), or None if outside it."""
        last = end + dt.timedelta(days=1)
        if last <= self.start or start >= self.end:
            return None
        a, b = self.x(max(start, self.start)), self.x(min(last, self.end))
        if b - a < MIN_MARK:
            mid = (a + b) / 2
            a, b = max(self.x0, mid - MIN_MARK / 2), min(self.x1, mid + MIN_MARK / 2)
        return a, b


def _panels(entries: Sequence[TimelineEntry]) -> list[Panel]:
    first = min(e.date.start.year for e in entries)
    last = max(e.date.end.year for e in entries)
    usable = WIDTH - LEFT - GAP - RIGHT_PAD
    if last - first < ZOOM_YEARS:  # a short span needs no overview panel
        return [Panel(dt.date(first, 1, 1), dt.date(last + 1, 1, 1), LEFT, WIDTH - RIGHT_PAD, 1)]
    split = last - ZOOM_YEARS + 1
    early = dt.date(first // 10 * 10, 1, 1), dt.date(split, 1, 1)
    late = dt.date(split, 1, 1), dt.date(last + 1, 1, 1)
    # The zoomed panel gets the larger share: it holds most of the marks.
    cut = LEFT + usable * 0.42
    return [
        Panel(*early, LEFT, cut, 10),
        Panel(*late, cut + GAP, WIDTH - RIGHT_PAD, 1),
    ]


def _pack(spans: list[tuple[float, float]]) -> list[int]:
    """A row per mark so that marks in one lane never overlap (greedy interval packing)."""
    ends: list[float] = []
    rows = []
    for a, b in spans:
        row = next((i for i, end in enumerate(ends) if a >= end + 1.5), len(ends))
        if row == len(ends):
            ends.append(b)
        else:
            ends[row] = b
        rows.append(row)
    return rows


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


POINT, SPAN, INTERVAL = "point", "span", "interval"  # how a mark is drawn (module docstring)
BAND_OPACITY = "0.22"
LEGEND = {
    POINT: "day or month",
    SPAN: "year or decade: a dot in the middle of the band of days it can mean",
    INTERVAL: "a stated period (from/to)",
}


@dataclass(frozen=True)
class Mark:
    table: str
    start: dt.date
    end: dt.date
    done: bool
    title: str
    shape: str  # POINT, SPAN or INTERVAL


def _shape(e: TimelineEntry) -> str:
    if e.date.is_interval:
        return INTERVAL
    return SPAN if e.date.precision in ("year", "decade") else POINT


def _marks(entries: Sequence[TimelineEntry]) -> tuple[list[Mark], bool]:
    """One mark per entry; past MAX_MARKS, one per table, year and fill (binned=True), so a
    large corpus gives a readable figure in linear time."""
    if len(entries) <= MAX_MARKS:
        return [
            Mark(
                e.table,
                e.date.start,
                e.date.end,
                e.status in DONE,
                f"{e.date} {e.table}/{e.record_id}: {e.summary}",
                _shape(e),
            )
            for e in entries
        ], False
    bins: dict[tuple[str, int, bool], int] = {}
    for e in entries:
        key = (e.table, e.date.start.year, e.status in DONE)
        bins[key] = bins.get(key, 0) + 1
    return [
        Mark(t, dt.date(y, 1, 1), dt.date(y, 12, 31), done, f"{y} {t}: {n} events", SPAN)
        for (t, y, done), n in sorted(bins.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ], True


def _mark(m: Mark, a: float, b: float, top: float, colour: str) -> list[str]:
    """The SVG of one mark over x from `a` to `b`: its band, if any, then the titled shape."""
    fill = colour if m.done else "#ffffff"
    out = []
    if m.shape == SPAN and b - a > MARK_H:
        out.append(
            f'<rect x="{a:.1f}" y="{top:.1f}" width="{b - a:.1f}" height="{MARK_H}" '
            f'fill="{colour}" fill-opacity="{BAND_OPACITY}"/>'
        )
        mid = (a + b) / 2
        a, b = mid - MARK_H / 2, mid + MARK_H / 2
    radius = MARK_H / 2 if m.shape == SPAN else 2
    out.append(
        f'<rect x="{a:.1f}" y="{top:.1f}" width="{b - a:.1f}" height="{MARK_H}" rx="{radius:g}" '
        f'fill="{fill}" stroke="{colour}" stroke-width="1">'
        f"<title>{escape(m.title)}</title></rect>"
    )
    return out


def _glyph(m: Mark, a: float, b: float, top: float, colour: str) -> list[str]:
    """A mark as the legend shows it: drawn the same, without a title (it is no data row)."""
    return [
        part.replace(f"<title>{escape(m.title)}</title>", "")
        for part in _mark(m, a, b, top, colour)
    ]


LEGEND_ROW = 18  # px between legend rows
CHAR_W = 5.7  # px per character of the 11px legend text (DejaVu Sans, generous)


def _legend(shapes: set[str], outlines: bool, x: float, y: float) -> tuple[list[str], int]:
    """One entry per kind of mark that is drawn, and none for a kind that is not, wrapped onto
    a new row where an entry would run past the right edge. Returns the parts and the rows."""
    entries: list[tuple[Mark, float, str]] = [
        (
            Mark("", dt.date.min, dt.date.min, True, LEGEND[shape], shape),
            {POINT: MIN_MARK, SPAN: 34.0, INTERVAL: 34.0}[shape],
            LEGEND[shape],
        )
        for shape in (POINT, SPAN, INTERVAL)
        if shape in shapes
    ]
    if outlines:
        outline = Mark("", dt.date.min, dt.date.min, False, "outline", POINT)
        entries.append((outline, 10.0, "outline: planned, offered or claimed"))
    out: list[str] = []
    colour = "#555555"
    left, rows = x, 1
    for m, width, text in entries:
        extent = width + 6 + CHAR_W * len(text)
        if x > left and x + extent > WIDTH - RIGHT_PAD:
            x, y, rows = left, y + LEGEND_ROW, rows + 1
        out += _glyph(m, x, x + width, y, colour)
        out.append(_text(x + width + 6, y + MARK_H - 1, text, fill="#555", font_size="11"))
        x += extent + 22
    return out, rows


def render_svg(entries: Sequence[TimelineEntry], undated: int, about: About | None = None) -> bytes:
    """The figure; `about` (from pyproject.toml and the sources) gives its title and count of
    articles."""
    if not entries:
        raise ValueError("the timeline is empty: nothing to draw")
    panels = _panels(entries)
    all_marks, binned = _marks(entries)
    lanes = [t for t in FACT_TABLES if any(m.table == t for m in all_marks)]
    body: list[str] = []
    y = TOP
    lane_rows: list[tuple[str, float, float]] = []
    marks: list[str] = []
    for lane, table in enumerate(lanes):
        colour = COLOURS[FACT_TABLES.index(table) % len(COLOURS)]
        items = [m for m in all_marks if m.table == table]
        placed = [(m, p, span) for m in items for p in panels if (span := p.clip(m.start, m.end))]
        placed.sort(key=lambda t: (t[2][0], t[2][1]))
        rows = _pack([span for _, _, span in placed])
        height = (max(rows) + 1) * ROW + 2 * LANE_PAD
        lane_rows.append((table, y, height))
        if lane % 2 == 0:
            body.append(
                f'<rect x="10" y="{y:.1f}" width="{WIDTH - 10 - RIGHT_PAD}" height="{height}" fill="#f3f3f3"/>'
            )
        for (m, _, (a, b)), row in zip(placed, rows, strict=True):
            top = y + LANE_PAD + row * ROW
            marks += _mark(m, a, b, top, colour)
        y += height
    bottom = y
    axes: list[str] = []
    for i, p in enumerate(panels):
        axes.append(
            f'<line x1="{p.x0:.1f}" y1="{bottom:.1f}" x2="{p.x1:.1f}" y2="{bottom:.1f}" stroke="#333"/>'
        )
        for year in range(p.start.year, p.end.year + 1):
            if year % p.tick_every:
                continue
            x = p.x(dt.date(year, 1, 1))
            if x > p.x1 + 0.01:
                continue
            axes.append(
                f'<line x1="{x:.1f}" y1="{TOP:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" stroke="#cccccc" stroke-width="0.6"/>'
            )
            if year < p.end.year:  # every panel: each span labelled in its middle
                x_next = p.x(min(dt.date(year + p.tick_every, 1, 1), p.end))
                label = f"{year}s" if p.tick_every == 10 else str(year)
                if x_next - x >= 6.5 * len(label):
                    axes.append(_text((x + x_next) / 2, bottom + 18, label, text_anchor="middle"))
        years = f"{p.start.year}–{p.end.year - 1}"
        label = f"{years}, {'by decade' if p.tick_every > 1 else 'by year'}"
        if len(panels) > 1 and i == 1:
            label += " (zoomed)"
        axes.append(
            _text((p.x0 + p.x1) / 2, TOP - 8, label, text_anchor="middle", font_weight="bold")
        )
    labels = []
    for table, lane_top, lane_height in lane_rows:
        n = sum(1 for e in entries if e.table == table)
        labels.append(
            _text(LEFT - 12, lane_top + lane_height / 2 + 4, f"{table} ({n})", text_anchor="end")
        )
    total = len(entries)
    drawn = {m.shape for m in all_marks}
    outlines = any(not m.done for m in all_marks)
    legend, legend_rows = _legend(drawn, outlines, 20, bottom + 34)
    below = (legend_rows - 1) * LEGEND_ROW  # the captions go under the legend's last row
    height = bottom + 96 + below
    caption = (
        f"Each mark is one of the {total} rows of data/timeline.csv (lane: its table; in "
        "brackets: dated events)."
        if not binned
        else f"The {total} rows of data/timeline.csv, binned: one mark per table and year in "
        "which events start (lane: its table; in brackets: dated events)."
    )
    caption2 = f"{undated} fact records state no date and are not drawn."
    first, last = min(e.date.start.year for e in entries), max(e.date.end.year for e in entries)
    title = f"{about.subject} in {about.name}: dated events" if about else "Dated events"
    texts = f" in the {about.encoded_from}" if about else ""
    subtitle = f"{first}–{last}, from the timeline of every dated record{texts}"
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="DejaVu Sans, Verdana, Arial, '
        'sans-serif" font-size="12" fill="#222">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>',
        _text(20, 28, title, font_size="17", font_weight="bold"),
        _text(20, 48, subtitle, fill="#555"),
    ]
    foot = [
        *legend,
        _text(20, bottom + 64 + below, caption, fill="#555", font_size="11"),
        _text(20, bottom + 80 + below, caption2, fill="#555", font_size="11"),
    ]
    parts = [*head, *body, *axes, *labels, *marks, *foot, "</svg>"]
    return ("\n".join(parts) + "\n").encode("utf-8")
