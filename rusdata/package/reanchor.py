"""Find the dataset's quotes again in a reader's own copy of an article.

The texts are not redistributed, so a reader checks a quote against a copy of their own: a page
scraped again, saved in another encoding, lightly edited since, with paragraphs added or gone.
As Hypothesis re-anchors an annotation, each quote is looked for exactly first, then
approximately, with a score built from the quote, its prefix, its suffix and its position
(weights 50, 20, 20 and 2 of 92):

- found: the quote occurs, with its context, about where the pinned text has it;
- moved: the quote occurs, but elsewhere or with other context (paragraphs added, removed or
  moved around it);
- changed: a passage close to the quote occurs (at least `SIMILAR` of its characters agree), and
  the difference is reported word by word;
- lost: nothing close enough. A quote is never anchored where it is not: below the threshold
  the answer is "lost", never a guess.

Both texts are compared folded: Unicode compatibility forms, curly quotes and dashes as ASCII,
case, HTML entities, invisible characters and every run of whitespace (line breaks too) as one
space. Standard library only.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

SIMILAR = 0.8  # the least share of matching characters for a passage to count as the quote
MOVED = 0.1  # a quote more than this share of the text away from where it was has moved
WEIGHTS = {"quote": 50, "prefix": 20, "suffix": 20, "position": 2}

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
    }
)
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_WORD = re.compile(r"\w+")
_PIECE = re.compile(r"\s+|.", re.S)


def decode(raw: bytes) -> str:
    """A reader's file as text, whatever it was saved as: UTF-8 (with or without BOM), UTF-16
    with a BOM, else Windows-1252; UTF-8 read as Windows-1252 and saved again ("â€™") is
    repaired."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
    if "â€" in text or "Ã" in text:
        try:
            return text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return text


class Folded:
    """A text folded for comparison, with each folded character's offset in the original."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        chars: list[str] = []
        where: list[int] = []
        for m in _PIECE.finditer(raw):
            piece, i = m.group(), m.start()
            if piece[0].isspace():
                # A blank line (a paragraph break) stays a break, since no quote spans one;
                # any other run of whitespace is one space. None at the start.
                if chars:
                    chars.append("\n" if piece.count("\n") >= 2 else " ")
                    where.append(i)
                continue
            for c in unicodedata.normalize("NFKC", piece).translate(_FOLD).lower():
                chars.append(" " if c.isspace() else c)
                where.append(i)
        self.text = "".join(chars)
        self.where = where

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if not self.where:
            return 0, 0
        a = self.where[min(start, len(self.where) - 1)]
        b = self.where[min(end, len(self.where)) - 1] + 1 if end > start else a
        return a, b


def fold(s: str) -> str:
    return Folded("".join(c for c in s if c not in _INVISIBLE)).text.strip()


@dataclass(frozen=True)
class Result:
    id: str
    status: str  # found, moved, changed, lost
    start: int | None = None  # offsets in the reader's text
    end: int | None = None
    line: int | None = None  # 1-based line of the start in the reader's text
    score: float = 0.0  # 0..1
    similarity: float = 0.0  # the quote against the passage found, 0..1
    difference: str = ""  # for "changed": the words that differ


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _end_similarity(expected: str, got: str, from_end: bool) -> float:
    """How well the context next to a hit matches the expected prefix (compared from its end)
    or suffix."""
    if not expected:
        return 1.0
    if from_end:
        expected, got = expected[::-1], got[::-1]
    return _similarity(expected, got[: len(expected)])


def difference(expected: str, got: str) -> str:
    """The words of `got` that differ from `expected`: `-[old words] +[new words]`."""
    a, b = expected.split(), got.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            out.append(f"-[{' '.join(a[i1:i2])}]")
        if j2 > j1:
            out.append(f"+[{' '.join(b[j1:j2])}]")
    return " ".join(out)


@dataclass(frozen=True)
class Quote:
    """What the dataset knows of a quote: its id, the quote, its context, and its place in
    the pinned text (start as a share of that text's length)."""

    id: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    at: float | None = None  # start / length of the pinned text


class Copy:
    """A reader's copy of one article, prepared to find quotes in."""

    def __init__(self, text: str) -> None:
        self.folded = Folded(html.unescape("".join(c for c in text if c not in _INVISIBLE)))
        t = self.folded.text
        words = [(m.start(), m.group()) for m in _WORD.finditer(t)]
        self.grams: dict[tuple[str, ...], list[int]] = {}
        for size in (2, 3):
            for k in range(len(words) - size + 1):
                gram = tuple(w for _, w in words[k : k + size])
                self.grams.setdefault(gram, []).append(words[k][0])

    def _score(self, q: Quote, qf: str, start: int, end: int, sim: float) -> float:
        t = self.folded.text
        pre, suf = fold(q.prefix), fold(q.suffix)
        parts = {"quote": sim}
        if pre:
            parts["prefix"] = _end_similarity(pre, t[max(0, start - len(pre) - 1) : start], True)
        if suf:
            parts["suffix"] = _end_similarity(suf, t[end : end + len(suf) + 1].lstrip(), False)
        if q.at is not None and t:
            parts["position"] = 1 - min(1.0, abs(start / len(t) - q.at))
        return sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)

    def _result(
        self, q: Quote, status: str, start: int, end: int, score: float, sim: float, diff: str = ""
    ) -> Result:
        a, b = self.folded.raw_span(start, end)
        line = self.folded.raw.count("\n", 0, a) + 1
        return Result(q.id, status, a, b, line, round(score, 3), round(sim, 3), diff)

    def _candidates(self, qf: str) -> list[int]:
        """Likely starts of an approximate match: where the quote's word triples occur (pairs,
        if no triple does), voted for by each one's offset in the quote; the strongest few."""
        words = [(m.start(), m.group()) for m in _WORD.finditer(qf)]
        votes: Counter[int] = Counter()
        for size in (3, 2):
            for k in range(len(words) - size + 1):
                gram = tuple(w for _, w in words[k : k + size])
                for pos in self.grams.get(gram, []):
                    votes[(pos - words[k][0]) // 16] += 1  # bucketed: edits shift offsets
            if votes:
                break
        return [bucket * 16 for bucket, _ in votes.most_common(4)]

    def _align(self, qf: str, around: int) -> tuple[int, int, float]:
        """The passage near `around` that best matches the quote: (start, end, similarity)."""
        t = self.folded.text
        n = len(qf)
        lo, hi = max(0, around - n // 4 - 16), min(len(t), around + n + n // 4 + 16)
        window = t[lo:hi]
        blocks = [
            b
            for b in difflib.SequenceMatcher(None, qf, window, autojunk=False).get_matching_blocks()
            if b.size >= 3
        ]
        if not blocks:
            return around, around, 0.0
        start = max(0, lo + blocks[0].b - blocks[0].a)
        end = min(
            len(t), lo + blocks[-1].b + blocks[-1].size + (n - blocks[-1].a - blocks[-1].size)
        )
        # The matching blocks place the ends roughly; each end then moves to the word edge
        # nearby that makes the passage most like the quote (the start first, then the end).
        spaces = [m.start() for m in re.finditer(" ", t[max(0, lo - n) : hi + n])]
        spaces = [max(0, lo - n) + i for i in spaces]
        reach = max(24, n // 5)
        starts = [a for a in [0, *(i + 1 for i in spaces)] if abs(a - start) <= reach] or [start]
        start = max(starts, key=lambda a: (_similarity(qf, t[a:end]), -abs(a - start)))
        ends = [b for b in [*spaces, len(t)] if abs(b - end) <= reach and b > start] or [end]
        end = max(ends, key=lambda b: (_similarity(qf, t[start:b]), -abs(b - end)))
        if "\n" in t[start:end]:  # a passage never spans a paragraph break: keep the best part
            parts, at = [], start
            for piece in t[start:end].split("\n"):
                parts.append((_similarity(qf, piece), at, at + len(piece)))
                at += len(piece) + 1
            sim, start, end = max(parts)
            return start, end, sim
        return start, end, _similarity(qf, t[start:end])

    def locate(self, q: Quote, taken: list[tuple[int, int]] | None = None) -> Result:
        """Where `q` is in the copy. `taken`: the spans where other quotes occur exactly; a
        passage inside another quote is that quote, not an edited copy of this one
        (the texts print some sentences twice with one word changed, and the dataset records
        both)."""
        t = self.folded.text
        qf = fold(q.exact)
        if not qf:
            return Result(q.id, "lost")
        hits = []
        i = t.find(qf)
        while i >= 0:
            hits.append((self._score(q, qf, i, i + len(qf), 1.0), i))
            i = t.find(qf, i + 1)
        if hits:
            score, start = max(hits)
            end = start + len(qf)
            context = self._score(Quote(q.id, q.exact, q.prefix, q.suffix), qf, start, end, 1.0)
            far = q.at is not None and abs(start / len(t) - q.at) > MOVED
            status = "moved" if far or (context < 1.0 and len(hits) > 1) else "found"
            return self._result(q, status, start, end, score, 1.0)
        best: tuple[float, float, int, int] | None = None
        for around in self._candidates(qf):
            start, end, sim = self._align(qf, around)
            if sim < SIMILAR or _inside_another(start, end, taken or []):
                continue
            score = self._score(q, qf, start, end, sim)
            if best is None or score > best[0]:
                best = (score, sim, start, end)
        if best is None:
            return Result(q.id, "lost")
        score, sim, start, end = best
        diff = difference(fold(q.exact), t[start:end])
        return self._result(q, "changed", start, end, score, sim, diff)


def _inside_another(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies (nine tenths of it or more) inside one of the spans."""
    return any(10 * (min(b, end) - max(a, start)) >= 9 * (end - start) for a, b in spans)


def reanchor(text: str, quotes: list[Quote]) -> list[Result]:
    """Each quote looked for in `text` (a reader's copy, decoded), in the order given."""
    copy = Copy(text)
    t = copy.folded.text
    exact: dict[str, list[tuple[int, int]]] = {}
    for q in quotes:
        qf = fold(q.exact)
        i = t.find(qf) if qf else -1
        while i >= 0:
            exact.setdefault(qf, []).append((i, i + len(qf)))
            i = t.find(qf, i + 1)
    out = []
    for q in quotes:
        qf = fold(q.exact)
        taken = [span for other, spans in exact.items() if other != qf for span in spans]
        out.append(copy.locate(q, taken))
    return out
