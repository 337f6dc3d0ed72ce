"""Hypothesis strategies shared by the property tests and the fuzz harness (fuzz/)."""

from __future__ import annotations

from hypothesis import strategies as st

from rusdata.schema.textrules import text_problem

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


# A value our Text fields accept: one line, trimmed, non-empty, no control, format (bidi,
# zero-width) or separator character, no leading formula sign; no list delimiter.
TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"),
            exclude_characters=";",
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: s != "" and text_problem(s) is None)  # no hidden character, no formula
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


# ---------------------------------------------------------------- hostile input (fuzz/)
# The classes of issue 13: each draws a table file with one kind of hostile content.

HIDDEN_CHARS = list(
    "\r\x85\u2028\u2029\x00\x07\x08\x0b\x0c\x1b\x7f\x9b\u202a\u202e\u2066\u2069\u200e\u200f"
    "\u061c\u200b\u200c\u200d\u2060\u2064\ufeff\u00ad\u180e"
    # by category and the known fillers: tags, Hangul fillers, interlinear annotation,
    # grapheme joiner, variation selectors, noncharacters, private use, unassigned
    "\U000e0001\U000e0041\U000e007f\u115f\u1160\u3164\uffa0\ufff9\ufffa\ufffb\u034f"
    "\u2800\ufe0f\U000e0100\ufdd0\ufffe\uffff\U0010ffff\ue000\U000f0000\u0378\U0001d173"
)
EXTREME_NUMBERS = [
    "1e999999999",
    "1e-999999999",
    "1e-1000020",
    "1" + "0" * 40,
    "-" + "9" * 30,
    "1e38",
    "0." + "0" * 30 + "1",
    "9" * 20 + "." + "9" * 20,
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "-0",
    "0x10",
    "0o17",
    "1_000",
    "+1",
    "1e9",
    "2147483648",
    "9223372036854775808",
    "1E+3",
    "1.",
    "'12'",
    '"1e5"',
    "0.000000001",
    "123456789012345678901234567890.5",
]
NUMBER_KEYS = (
    "value:",
    "change_percent:",
    "capacity:",
    "personnel:",
    "number_ordered:",
    "number_delivered:",
    "bytes:",
)


@st.composite
def hidden_characters(draw: st.DrawFn, text: str) -> str:
    """Refused characters inserted anywhere: in comments, values, keys, between lines."""
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(HIDDEN_CHARS)) + text[i:]
    return text


@st.composite
def escaped_characters(draw: st.DrawFn, text: str) -> str:
    """A double-quoted value holding a refused character as a YAML escape."""
    ch = draw(st.sampled_from([*HIDDEN_CHARS, "\t", "\n"]))
    code = f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"
    escape = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}.get(ch, code)
    keys = [k for k in ("summary: ", "name: ", "note: ", "quote: ") if k in text]
    if not keys:
        return text
    key = draw(st.sampled_from(keys))
    at = text.index(key, draw(st.integers(0, max(0, text.rindex(key)))))
    end = text.index("\n", at)
    where = draw(st.sampled_from(["start", "middle"]))
    value = f'"{escape}x"' if where == "start" else f'"x{escape}y"'
    return text[: at + len(key)] + value + text[end:]


@st.composite
def deep_nesting(draw: st.DrawFn, text: str) -> str:
    """A value replaced by flow collections nested 1 to 3000 deep."""
    n = draw(st.integers(1, 3000))
    kind = draw(st.sampled_from(["[", "{", "-"]))
    value = {"[": "[" * n + "]" * n, "{": "{a: " * n + "1" + "}" * n}.get(kind)
    lines = text.split("\n")
    i = draw(st.integers(1, len(lines) - 1))
    if value is None:  # block sequences: one line each, indented
        block = "\n".join("  " * k + "- x" for k in range(min(n, 400)))
        lines.insert(i, "  deep:\n" + block)
    else:
        key, sep, _ = lines[i].partition(": ")
        lines[i] = f"{key}{sep or ': '}{value}"
    return "\n".join(lines)


@st.composite
def extreme_numbers(draw: st.DrawFn, text: str) -> str:
    """A numeric field set to a value no output could hold, or a YAML 1.1 number oddity."""
    keys = [k for k in NUMBER_KEYS if f"  {k}" in text]
    number = draw(st.sampled_from(EXTREME_NUMBERS))
    if keys:
        key = draw(st.sampled_from(keys))
        at = text.index(f"  {key}")
        end = text.index("\n", at)
        return text[: at + 2 + len(key)] + " " + number + text[end:]
    # No numeric field in this table: add one to a record (an unknown or known key).
    at = text.index("\n- ") + 1 if "\n- " in text else len(text)
    key = draw(st.sampled_from(NUMBER_KEYS))
    return text[:at] + text[at:].replace("\n", f"\n  {key} {number}\n", 1)


@st.composite
def structure(draw: st.DrawFn, text: str) -> str:
    """Anchors, null keys, documents, odd indentation, huge values."""
    op = draw(st.sampled_from(["anchor", "alias", "nullkey", "document", "indent", "huge"]))
    lines = text.split("\n")
    i = draw(st.integers(1, len(lines) - 1))
    if op == "anchor":
        lines[i] = lines[i].replace(": ", ": &a ", 1)
    elif op == "alias":
        lines[i] = lines[i].replace(": ", ": &a ", 1) + "\n  again: *a"
    elif op == "nullkey":
        lines.insert(i, draw(st.sampled_from(["  ~: x", "  : x", "  null: x", "  ? [a]\n  : x"])))
    elif op == "document":
        lines.insert(i, draw(st.sampled_from(["---", "--- x", "...", "---\n- 5", "---\n-"])))
    elif op == "indent":
        lines = [("  " + line) if line else line for line in lines]
    else:
        key, sep, _ = lines[i].partition(": ")
        lines[i] = f"{key}{sep or ': '}" + "x" * draw(st.integers(1000, 3_000_000))
    return "\n".join(lines)


HOSTILE = {
    "edits": edited,
    "hidden": hidden_characters,
    "escaped": escaped_characters,
    "nesting": deep_nesting,
    "numbers": extreme_numbers,
    "structure": structure,
}
