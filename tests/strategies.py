"""Hypothesis strategies shared by the property tests and the fuzz harness (fuzz/)."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that mean something to YAML, CSV or our patterns, plus ordinary and odd text.
SYNTAX = list(":-[]{}#&*!|>'\"%@`,?\\;\t\n \u00a0\u2019\u201c\ufeff\x00")
CHUNK = st.text(alphabet=st.sampled_from(SYNTAX) | st.characters(codec="utf-8"), max_size=12)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """`text` after a few random deletions, insertions and replacements."""
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 20)))
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        new = "" if op == "delete" else draw(CHUNK)
        text = text[:i] + new + (text[i:] if op == "insert" else text[j:])
    return text


# A value our Text fields accept: one line, trimmed, non-empty; no list delimiter.
TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters=";"
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s != "")
)
