"""The quote lookup's lazy offsets equal the per-character map they replace."""

from __future__ import annotations

import re

from conftest import need_sources
from hypothesis import given
from hypothesis import strategies as st

from rusdata.checks.quotes import SourceText


def per_char_offsets(raw: str) -> list[int]:
    """The original map: each horizontal-whitespace run or other character is one position."""
    return [m.start() for m in re.finditer(r"[^\S\n]+|[\s\S]", raw)] + [len(raw)]


def check(raw: str) -> None:
    text = SourceText(raw)
    assert [text._raw(i) for i in range(len(text.norm) + 1)] == per_char_offsets(raw)


def test_offsets_on_the_real_texts() -> None:
    texts = sorted(need_sources().glob("*.txt"))
    assert texts, "no .txt files among the article texts"
    for path in texts:
        check(path.read_text(encoding="utf-8"))


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\u00a0", "\u2009", "\r"])))
def test_offsets_on_random_whitespace(raw: str) -> None:
    check(raw)
