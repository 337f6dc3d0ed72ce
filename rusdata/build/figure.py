"""The timeline → `docs/timeline.svg`: every dated event, one lane per kind of record.

Written as plain SVG text (no plotting library), so `rusdata build` needs nothing beyond the
runtime dependencies and the file is byte-identical on every machine. How a mark looks says
how precise its date is, in every panel, whatever the scale: a day or month is a tick at the
date (a month the scale can show, its own width); a date known only to the year or decade is
a pale band over all of it, with no dot that would read as a day in its middle (widened about
its middle where a year is narrower than a band can read); only an interval (`A/B`, a stated
period) is a solid bar. A plan, offer or claim is a dashed outline. Key events (a first the
texts claim, or a record two or more texts report) carry a number, listed under the axis with
their date and summary. Lanes are named by their tables' titles and follow the table list, as
do the colours. The legend lists only the kinds of mark drawn; the caption says what is and is
not shown. The left panel covers the early decades at a coarse scale; the right one zooms in
on the most recent years, where most events are.
"""

from __future__ import annotations

import colorsys
import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from rusdata.build.about import About
from rusdata.schema.models import FACT_TABLES, TABLES, TimelineEntry
from rusdata.schema.vocab import (
    DONE,
    Status,
)  # drawn filled; the rest as outlines: no claim looks done

FIGURE = "docs/timeline.svg"
ZOOM_YEARS = 8  # the right panel: the last ZOOM_YEARS years with events
WIDTH = 960
LEFT = 190  # lane labels: what each lane holds, and how many dated events
GAP = 28  # between panels
RIGHT_PAD = 20
TOP = 78
MARK_H = 10
ROW = 13  # vertical pitch of stacked marks in a lane
LANE_PAD = 8
MAX_MARKS = 600  # beyond this many entries, marks are binned by table and year
# Okabe–Ito colours (distinguishable with colour-vision deficiencies), one per fact table.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")


def colours(n: int) -> list[str]:
    """`n` distinct colours, one per fact table however many are registered: Okabe–Ito's
    first, then hues a golden angle apart at two lightnesses (never a colour twice)."""
    out = list(COLOURS[:n])
    i = 0
    while len(out) < n:
        r, g, b = colorsys.hls_to_rgb((0.1 + i * 0.618034) % 1, 0.32 if i % 2 else 0.45, 0.7)
        colour = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
        if colour not in out:
            out.append(colour)
        i += 1
    return out


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
        return self.x(max(start, self.start)), self.x(min(last, self.end))


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
BAND_OPACITY = "0.35"
TICK = 3.0  # px: a day, or a month narrower than this, is a tick this wide at its date
BAND_MIN = 7.0  # px: a year narrower than this (the overview) is widened about its middle
LEGEND = {
    POINT: "day or month: a tick at the date",
    SPAN: "year or decade only: a pale band over all of it (no day known)",
    INTERVAL: "a stated period (from/to): a solid bar",
}
OUTLINE = "dashed outline: not a done event (here: {})"
KEY = "key event (listed below): a first the texts claim, or reported by two or more texts"
MAX_KEYS = 12
KEY_R = 6.5  # radius of a key event's numbered circle


@dataclass(frozen=True)
class Mark:
    table: str
    start: dt.date
    end: dt.date
    done: bool
    title: str
    shape: str  # POINT, SPAN or INTERVAL
    key: int = 0  # its number in the list of key events, or 0


def _shape(e: TimelineEntry) -> str:
    if e.date.is_interval:
        return INTERVAL
    return SPAN if e.date.precision in ("year", "decade") else POINT


def key_events(records: Mapping[str, Sequence[Any]]) -> dict[tuple[str, str], int]:
    """(table, id) → how many texts report it, for the fact records that are key events: a
    "first" the texts claim (`first_claim`), or a record two or more texts report."""
    out = {}
    for table in FACT_TABLES:
        for r in records.get(table, []):
            sources = len({c.source for c in r.citations})
            if getattr(r, "first_claim", None) or sources >= 2:
                out[(table, r.id)] = sources
    return out


def _numbered(
    entries: Sequence[TimelineEntry], keys: Mapping[tuple[str, str], int]
) -> dict[int, TimelineEntry]:
    """The key events to label, numbered in date order: the most reported first when there
    are more than MAX_KEYS."""
    chosen = [e for e in entries if (e.table, e.record_id) in keys]
    chosen.sort(key=lambda e: -keys[(e.table, e.record_id)])
    chosen = sorted(chosen[:MAX_KEYS], key=lambda e: (e.date.start, e.date.end, e.table))
    return {n: e for n, e in enumerate(chosen, 1)}


def _marks(
    entries: Sequence[TimelineEntry], numbered: Mapping[int, TimelineEntry] | None = None
) -> tuple[list[Mark], bool]:
    """One mark per entry; past MAX_MARKS, one per table, year and fill (binned=True), so a
    large corpus gives a readable figure in linear time."""
    number = {id(e): n for n, e in (numbered or {}).items()}
    if len(entries) <= MAX_MARKS:
        return [
            Mark(
                e.table,
                e.date.start,
                e.date.end,
                e.status in DONE,
                f"{e.date} {e.table}/{e.record_id}: {e.summary}",
                _shape(e),
                number.get(id(e), 0),
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


def _extent(m: Mark, a: float, b: float) -> tuple[float, float]:
    """Where the mark is drawn: a narrow day or month as a tick at its middle, a narrow year
    widened about its middle to a band that still reads as one."""
    least = TICK if m.shape == POINT else BAND_MIN if m.shape == SPAN else TICK
    if m.shape == POINT and b - a > TICK * 2:  # a month the scale shows: its own width
        return a, b
    if b - a < least or m.shape == POINT:
        mid = (a + b) / 2
        return mid - least / 2, mid + least / 2
    return a, b


def _mark(m: Mark, a: float, b: float, top: float, colour: str) -> list[str]:
    """The SVG of one mark over x from `a` to `b` (already its drawn extent)."""
    dash = "" if m.done else ' stroke-dasharray="3 2"'
    if not m.done:
        fill = 'fill="#ffffff"'
    elif m.shape == SPAN:
        fill = f'fill="{colour}" fill-opacity="{BAND_OPACITY}"'
    else:
        fill = f'fill="{colour}"'
    height = MARK_H if m.shape != INTERVAL else MARK_H - 2
    y = top if m.shape != INTERVAL else top + 1
    title = f"<title>{escape(m.title)}</title>" if m.title else ""
    out = [
        f'<rect x="{a:.1f}" y="{y:.1f}" width="{b - a:.1f}" height="{height}" {fill} '
        f'stroke="{colour}" stroke-width="1"{dash}>{title}</rect>'
    ]
    if m.key:
        out += _key_glyph(m.key, b + 3 + KEY_R, top + MARK_H / 2)
    return out


def _key_glyph(n: int, cx: float, cy: float) -> list[str]:
    return [
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{KEY_R}" fill="#ffffff" stroke="#222" '
        'stroke-width="1"/>',
        _text(cx, cy + 3.2, str(n), text_anchor="middle", font_size="9", font_weight="bold"),
    ]


def _glyph(m: Mark, a: float, b: float, top: float, colour: str) -> list[str]:
    """A mark as the legend shows it: drawn the same, without a title (it is no data row)."""
    return _mark(dataclasses.replace(m, title="", key=0), a, b, top, colour)


LEGEND_ROW = 18  # px between legend rows
CHAR_W = 5.7  # px per character of the 11px legend text (DejaVu Sans, generous)
LABEL_CHARS = 26  # a lane label's line, in characters of 12px text


def _legend(
    shapes: set[str], outlines: Sequence[str], keyed: bool, x: float, y: float
) -> tuple[list[str], int]:
    """One entry per kind of mark that is drawn, and none for a kind that is not, wrapped onto
    a new row where an entry would run past the right edge. Returns the parts and the rows."""
    entries: list[tuple[Mark | None, float, str]] = [
        (
            Mark("", dt.date.min, dt.date.min, True, "", shape),
            {POINT: TICK, SPAN: 30.0, INTERVAL: 30.0}[shape],
            LEGEND[shape],
        )
        for shape in (POINT, SPAN, INTERVAL)
        if shape in shapes
    ]
    if outlines:
        outline = Mark("", dt.date.min, dt.date.min, False, "", SPAN)
        entries.append((outline, 30.0, OUTLINE.format(", ".join(outlines))))
    if keyed:
        entries.append((None, 2 * KEY_R, KEY))
    out: list[str] = []
    colour = "#555555"
    left, rows = x, 1
    for m, width, text in entries:
        extent = width + 6 + CHAR_W * len(text)
        if x > left and x + extent > WIDTH - RIGHT_PAD:
            x, y, rows = left, y + LEGEND_ROW, rows + 1
        if m is None:
            out += _key_glyph(1, x + KEY_R, y + MARK_H / 2)
        else:
            out += _glyph(m, x, x + width, y, colour)
        out.append(_text(x + width + 6, y + MARK_H - 1, text, fill="#555", font_size="11"))
        x += extent + 22
    return out, rows


def _lane_label(table: str, dated: int) -> list[str]:
    """A lane's label: its table's title (what a reader calls the kind of record), wrapped,
    then how many dated events it holds."""
    title = TABLES[table].table.title if table in TABLES else table
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return [*lines, f"{dated} dated"]


def _wrap(text: str, chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def render_svg(
    entries: Sequence[TimelineEntry],
    undated: int,
    about: About | None = None,
    keys: Mapping[tuple[str, str], int] | None = None,
) -> bytes:
    """The figure. `about` (from pyproject.toml and the sources) gives its title and count of
    articles; `keys` (from `key_events`) the events to number and list."""
    if not entries:
        raise ValueError("the timeline is empty: nothing to draw")
    panels = _panels(entries)
    numbered = _numbered(entries, keys or {})
    all_marks, binned = _marks(entries, numbered)
    numbered = {} if binned else numbered
    lanes = [t for t in FACT_TABLES if any(m.table == t for m in all_marks)]
    palette = colours(len(FACT_TABLES))  # by the table's place in the registry: stable
    body: list[str] = []
    y = TOP
    lane_rows: list[tuple[str, float, float]] = []
    marks: list[str] = []
    for lane, table in enumerate(lanes):
        colour = palette[FACT_TABLES.index(table)]
        items = [m for m in all_marks if m.table == table]
        placed = [
            (m, _extent(m, *span))
            for m in items
            for p in panels
            if (span := p.clip(m.start, m.end))
        ]
        placed.sort(key=lambda t: (t[1][0], t[1][1]))
        # a key event's number sits right of its mark: the packing keeps room for it
        rows = _pack([(a, b + (3 + 2 * KEY_R if m.key else 0)) for m, (a, b) in placed])
        n = sum(1 for e in entries if e.table == table)
        lane_label = _lane_label(table, n)
        height = max((max(rows) + 1) * ROW + 2 * LANE_PAD, len(lane_label) * 14 + 8)
        lane_rows.append((table, y, height))
        if lane % 2 == 0:
            body.append(
                f'<rect x="10" y="{y:.1f}" width="{WIDTH - 10 - RIGHT_PAD}" height="{height}" fill="#f3f3f3"/>'
            )
        for (m, (a, b)), row in zip(placed, rows, strict=True):
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
        lines = _lane_label(table, sum(1 for e in entries if e.table == table))
        first = lane_top + lane_height / 2 - (len(lines) - 1) * 7 + 4
        for k, line in enumerate(lines):
            grey = {"fill": "#666", "font_size": "11"} if k == len(lines) - 1 else {}
            labels.append(_text(LEFT - 12, first + 14 * k, line, text_anchor="end", **grey))
    total = len(entries)
    drawn = {m.shape for m in all_marks}
    # the statuses drawn as outlines, named as the data has them (a legend never lists more)
    outlines = [
        s.value.replace("_", " ")
        for s in Status
        if s not in DONE and any(e.status == s for e in entries)
    ]
    # the key events, listed under the axis: number, date, kind of record, summary
    listing: list[str] = []
    ly = bottom + 40
    if numbered:
        listing.append(_text(20, ly, "Key events", font_weight="bold", font_size="12"))
        ly += 8
        for n, e in numbered.items():
            kind = TABLES[e.table].table.title if e.table in TABLES else e.table
            text = _wrap(f"{e.date} ({kind.lower()}): {e.summary}", 142)
            listing += _key_glyph(n, 20 + KEY_R, ly + 8)
            for k, line in enumerate(text[:2]):
                cut = line + (" …" if k == 1 and len(text) > 2 else "")
                listing.append(_text(40, ly + 12 + 14 * k, cut, font_size="11"))
            ly += 14 * min(len(text), 2) + 6
        ly += 8
    legend, legend_rows = _legend(drawn, outlines, bool(numbered), 20, ly)
    below = ly + (legend_rows - 1) * LEGEND_ROW  # the captions go under the legend's last row
    texts = f"{about.encoded_from}" if about else "the articles"
    caption = (
        f"Shown: each of the {total} rows of data/timeline.csv, one per date a record states, "
        "in the lane of its kind of record, at the date's stated precision."
        if not binned
        else f"Shown: the {total} rows of data/timeline.csv, binned: one mark per kind of "
        "record and year in which events start."
    )
    caption2 = (
        f"Not shown: {undated} fact records state no date and are not drawn. The data is encoded "
        f"from {texts}: a mark is a mention, not a complete record."
    )
    height = below + 60
    first, last = min(e.date.start.year for e in entries), max(e.date.end.year for e in entries)
    title = f"{about.subject} in {about.name}: dated events" if about else "Dated events"
    subtitle = f"{first}–{last}, from the timeline of every dated record in the {texts}"
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
        *listing,
        *legend,
        _text(20, below + 30, caption, fill="#555", font_size="11"),
        _text(20, below + 46, caption2, fill="#555", font_size="11"),
    ]
    parts = [*head, *body, *axes, *labels, *marks, *foot, "</svg>"]
    return ("\n".join(parts) + "\n").encode("utf-8")
