"""Quote anchors: where each quote sits in its pinned text, and the shortest context around it.

An anchor is what a W3C Web Annotation needs to find a quote again: a TextPositionSelector
(start, end: code-point offsets in the pinned text, the one with the recorded SHA-256) and a
TextQuoteSelector (the quote, with the shortest prefix and suffix, at most `CONTEXT` characters
each, that make it occur once in the text). Only a command that has the texts can compute them
(`rusdata anchor --sources DIR`); it writes `anchors/quotes.csv` and `anchors/reproduced.csv`,
which are committed, so `rusdata build` renders the annotations without reading a text, and
`rusdata validate --sources` fails when the committed anchors are not what the texts give.

The context is kept short on purpose: the texts are not redistributed, and quotes plus their
context reproduce part of each text. `anchors/reproduced.csv` publishes how much.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rusdata.checks.loading import Loaded, Problem
from rusdata.checks.quotes import SourceText, squash
from rusdata.schema.models import Source

CONTEXT = 16  # at most this many characters of prefix and of suffix
ANCHORS = "anchors/quotes.csv"
REPRODUCED = "anchors/reproduced.csv"
HEADER = ("table", "record_id", "ordinal", "source_id", "start", "end", "prefix", "exact", "suffix")
SHARE_HEADER = (
    "source_id",
    "characters",
    "quotes",
    "quoted_characters",
    "quoted_share",
    "with_context_characters",
    "with_context_share",
)


@dataclass(frozen=True)
class Anchor:
    table: str
    record_id: str
    ordinal: int  # 1-based, as in citations.csv
    source_id: str
    start: int
    end: int
    prefix: str
    exact: str  # the quote as the record gives it
    suffix: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.table, self.record_id, self.ordinal)


def _count(text: str, piece: str, limit: int = 2) -> int:
    """Occurrences of `piece` in `text` (overlapping), counted up to `limit`."""
    n, i = 0, text.find(piece)
    while i >= 0 and n < limit:
        n += 1
        i = text.find(piece, i + 1)
    return n


def context(raw: str, start: int, end: int) -> tuple[str, str]:
    """The shortest (prefix, suffix), at most CONTEXT characters each, with which the span
    `raw[start:end]` occurs once in `raw`; fewest characters in all, then the shorter prefix.
    Where even the full context repeats (a caption printed twice), the full context."""
    for total in range(2 * CONTEXT + 1):
        for p in range(max(0, total - CONTEXT), min(total, CONTEXT) + 1):
            s = total - p
            if (start - p < 0 and p > 0) or (end + s > len(raw) and s > 0):
                continue
            a, b = max(0, start - p), min(len(raw), end + s)
            if _count(raw, raw[a:b]) == 1:
                return raw[a:start], raw[end:b]
    return raw[max(0, start - CONTEXT) : start], raw[end : end + CONTEXT]


def compute(loaded: Loaded) -> list[Anchor]:
    """Every quote's anchor, from the texts `validate --sources` read and verified; quotes not
    in their text (validate reports those) get none."""
    out = []
    for table, entries in sorted(loaded.entries.items()):
        for e in entries:
            for i, c in enumerate(getattr(e.record, "citations", []), 1):
                text: SourceText | None = loaded.texts.get(c.source)
                span = text.find(c.quote) if text else None
                if text is None or span is None:
                    continue
                prefix, suffix = context(text.raw, *span)
                out.append(Anchor(table, e.record.id, i, c.source, *span, prefix, c.quote, suffix))
    return sorted(out, key=lambda a: a.key)


def render(anchors: list[Anchor]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for a in anchors:
        w.writerow(
            [
                a.table,
                a.record_id,
                a.ordinal,
                a.source_id,
                a.start,
                a.end,
                a.prefix,
                a.exact,
                a.suffix,
            ]
        )
    return buf.getvalue().encode("utf-8")


def parse(data: bytes) -> list[Anchor]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != HEADER:
        raise ValueError(f"header is not {','.join(HEADER)}")
    out = []
    for n, r in enumerate(rows[1:], 2):
        if len(r) != len(HEADER):
            raise ValueError(f"row {n} has {len(r)} cells, not {len(HEADER)}")
        t, rid, o, src, s, e, pre, exact, suf = r
        out.append(Anchor(t, rid, int(o), src, int(s), int(e), pre, exact, suf))
    return out


def read(root: Path) -> dict[tuple[str, str, int], Anchor]:
    """The committed anchors by (table, record_id, ordinal); none if the file is absent."""
    path = root / ANCHORS
    if not path.is_file():
        return {}
    try:
        return {a.key: a for a in parse(path.read_bytes())}
    except (ValueError, UnicodeDecodeError) as e:
        from rusdata.errors import RusdataError

        raise RusdataError(f"{ANCHORS}: {e}; rerun `rusdata anchor --sources DIR`") from None


@dataclass(frozen=True)
class Share:
    source_id: str
    characters: int
    quotes: int
    quoted: int  # characters inside some quote
    with_context: int  # characters inside some quote or its prefix or suffix

    def row(self) -> list[str]:
        return [
            self.source_id,
            str(self.characters),
            str(self.quotes),
            str(self.quoted),
            f"{self.quoted / self.characters:.3f}",
            str(self.with_context),
            f"{self.with_context / self.characters:.3f}",
        ]


def _covered(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, 0
    for a, b in sorted(spans):
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


def shares(loaded: Loaded, anchors: list[Anchor]) -> list[Share]:
    """How much of each text (non-whitespace characters are counted as characters too) the
    quotes alone, and the quotes with their context, reproduce."""
    out = []
    for src in loaded.records("sources"):
        assert isinstance(src, Source)
        text = loaded.texts[src.id].raw
        mine = [a for a in anchors if a.source_id == src.id]
        quoted = _covered([(a.start, a.end) for a in mine])
        ctx = _covered([(a.start - len(a.prefix), a.end + len(a.suffix)) for a in mine])
        out.append(Share(src.id, len(text), len(mine), quoted, ctx))
    return out


def render_shares(found: list[Share]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SHARE_HEADER)
    for s in found:
        w.writerow(s.row())
    return buf.getvalue().encode("utf-8")


def outputs(loaded: Loaded) -> dict[str, bytes]:
    """What `rusdata anchor` writes, by path; needs every text verified."""
    anchors = compute(loaded)
    return {ANCHORS: render(anchors), REPRODUCED: render_shares(shares(loaded, anchors))}


def holds(anchor: Anchor, raw: str) -> bool:
    """The anchor's positions and context hold in the text `raw`."""
    return (
        squash(raw[anchor.start : anchor.end]) == squash(anchor.exact)
        and raw[anchor.start - len(anchor.prefix) : anchor.start] == anchor.prefix
        and raw[anchor.end : anchor.end + len(anchor.suffix)] == anchor.suffix
    )


def _verified_texts(loaded: Loaded, folder: Path) -> dict[str, SourceText]:
    """The texts `quotes-in-texts` verified, or, when that rule did not run, each text whose
    SHA-256 matches its record (a text that does not is that rule's to report)."""
    texts = dict(loaded.texts)
    for src in loaded.records("sources"):
        assert isinstance(src, Source)
        path = folder / src.file
        if src.id in texts or not path.is_file():
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() == src.sha256:
            texts[src.id] = SourceText(raw.decode("utf-8", "replace"))
    return texts


def _first_difference(old: bytes, new: bytes) -> int:
    """The 1-based line where `old` first differs from `new`."""
    a, b = old.split(b"\n"), new.split(b"\n")
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False), 1) if x != y),
        1 + min(len(a), len(b)),
    )


def anchors_current(loaded: Loaded, folder: Path | None) -> Iterator[Problem]:
    """With --sources: the committed anchors are what the texts give (rerun `rusdata anchor`
    otherwise). A project without anchors/ has none to check (its annotations carry quotes
    only); a record or text with problems of its own is reported by its own rule."""
    if folder is None or not folder.is_dir() or not (loaded.root / ANCHORS).is_file():
        return
    if any(p for p in loaded.problems):
        return
    texts = _verified_texts(loaded, folder)
    if any(s.id not in texts for s in loaded.records("sources")):
        return
    verified = Loaded(loaded.root, loaded.entries, [], set(), texts)
    for rel, data in outputs(verified).items():
        path = loaded.root / rel
        old = path.read_bytes() if path.is_file() else b""
        if old != data:
            yield Problem(
                rel,
                _first_difference(old, data),
                "not what the texts give (a quote was added, changed or moved): run "
                "`rusdata anchor --sources DIR` and commit the result",
            )
