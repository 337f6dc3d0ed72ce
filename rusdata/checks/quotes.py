"""Find a quote in its source text.

The rule: a quote must occur in one line of the text, character for character, except that any
run of horizontal whitespace (spaces, tabs, non-breaking spaces) counts as one space. Curly
quotes, dashes, case and every word must match. When a quote is not found, `diagnose` says why
in terms an editor can act on: only punctuation differs, only case differs, or where the first
difference is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

_SPACE = re.compile(r"[^\S\n]+")
_RUN = re.compile(r"[^\S\n]{2,}")
# One-to-one character folds, so offsets in the folded text are offsets in the normalised one.
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "…": ".",
    }
)


def squash(s: str) -> str:
    """Collapse horizontal whitespace runs to one space and trim each end."""
    return _SPACE.sub(" ", s).strip()


def fold(s: str) -> str:
    """Text as the matching rules of validate compare it: whitespace runs squashed, curly quotes
    and dashes folded to ASCII (case is left to the caller)."""
    return squash(s).translate(_FOLD)


class SourceText:
    """A source text prepared for quote lookup; spans are offsets into the original text."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        # One pass in C: each run of horizontal whitespace becomes one space. The offsets back
        # into `raw` and the folded text are built only when a span or a diagnosis is asked for.
        self.norm = _SPACE.sub(" ", raw)

    @cached_property
    def _runs(self) -> tuple[list[int], list[int]]:
        """Where collapsing shifted offsets: (first normalised index after each run of 2+
        whitespace characters, characters dropped up to there). Single characters never shift."""
        after: list[int] = []
        dropped: list[int] = []
        total = 0
        for m in _RUN.finditer(self.raw):
            after.append(m.start() - total + 1)
            total += m.end() - m.start() - 1
            dropped.append(total)
        return after, dropped

    def _raw(self, i: int) -> int:
        """Offset in `raw` of normalised character i (len(norm) maps to len(raw))."""
        after, dropped = self._runs
        k = bisect_right(after, i)
        return i + (dropped[k - 1] if k else 0)

    @cached_property
    def _folded(self) -> str:
        return self.norm.translate(_FOLD)

    def find(self, quote: str) -> tuple[int, int] | None:
        """The (start, end) span of the quote's first occurrence in the raw text, or None."""
        q = squash(quote)
        if not q or "\n" in q:
            return None
        i = self.norm.find(q)
        if i < 0:
            return None
        return self._raw(i), self._raw(i + len(q) - 1) + 1

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) span of the quote in the raw text (captions can repeat)."""
        q = squash(quote)
        spans = []
        i = self.norm.find(q) if q and "\n" not in q else -1
        while i >= 0:
            spans.append((self._raw(i), self._raw(i + len(q) - 1) + 1))
            i = self.norm.find(q, i + 1)
        return spans

    def diagnose(self, quote: str) -> str:
        """Why the quote is not in the text, with the text's own wording where it helps."""
        q = squash(quote)
        folded = q.translate(_FOLD)
        i = self._folded.find(folded)
        if i >= 0:
            return (
                "quote differs from the text only in quotation marks or dashes; the text has: "
                f'"{self._span(i, len(q))}"'
            )
        lower = self._folded.lower()
        if len(lower) == len(self._folded):
            i = lower.find(folded.lower())
            if i >= 0:
                return f'quote differs from the text only in case; the text has: "{self._span(i, len(q))}"'
        # Longest prefix of the quote that occurs: monotone, so a binary search finds it.
        lo, hi = 0, len(folded)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._folded.find(folded[:mid]) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo < 12:
            return "quote not found in the text (not even its first words)"
        at = self._folded.find(folded[:lo])
        got = self.norm[at + lo : at + lo + 30].split("\n")[0]
        return (
            f'quote not found in the text: it matches up to "…{q[max(0, lo - 30) : lo]}", '
            f'then the quote has "{q[lo : lo + 30]}" where the text has "{got}"'
        )

    def _span(self, i: int, n: int) -> str:
        return self.norm[i : i + n]
