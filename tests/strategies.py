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


# ---------------------------------------------------------------- partial dates (EDTF subset)


@st.composite
def single_date(draw: st.DrawFn) -> str:
    """A date of rusdata's EDTF subset: a decade, a year, a month or a day."""
    d = draw(st.dates(min_value=__import__("datetime").date(10, 1, 1)))
    form = draw(st.sampled_from(["decade", "year", "month", "day"]))
    if form == "decade":
        return f"{d.year:04d}"[:3] + "X"
    return d.isoformat()[: {"year": 4, "month": 7, "day": 10}[form]]


@st.composite
def partial_date(draw: st.DrawFn) -> str:
    """A single date or an interval of two, ends in order (some draws are out of order:
    `PartialDate.parse` refuses those, and the tests filter them)."""
    first = draw(single_date())
    if draw(st.booleans()):
        return first
    return f"{first}/{draw(single_date())}"


# Strings close to dates: ASCII digits with Arabic-Indic and full-width ones, X, separators,
# EDTF qualifiers and season-like months.
DATE_LIKE = st.text(
    alphabet=st.sampled_from(list("0123456789012345678901X-/~?% ٠١٢٣٤٥٦٧٨٩０１２３４５６７８９")),
    min_size=4,
    max_size=21,
) | st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else ""),
    st.integers(0, 9999),
    st.integers(0, 40),
    st.none() | st.integers(0, 40),
)
