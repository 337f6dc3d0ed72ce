"""Characters that hide or break things, and how text reaches a terminal.

One rule, by Unicode general category, for YAML files, text values (the quotes included),
every build input that reaches an output (`pyproject.toml`, `CHANGELOG.md`) and what the
terminal commands print. Refused, because each one makes what a person sees differ from what
the data says:

- every character of the categories Cc (controls: NUL, ESC, BEL, DEL, CR, C1 and U+0085),
  Cf (format: bidirectional overrides, isolates and marks, zero-width characters, the soft
  hyphen, U+FEFF, interlinear annotation marks U+FFF9-U+FFFB, tag characters U+E0001 and
  U+E0020-U+E007F), Co (private use), Cs (surrogates), Cn (unassigned in the running
  Python's Unicode database, noncharacters such as U+FFFE and U+FDD0 included), Zl and Zp
  (U+2028, U+2029: line breaks to YAML but not to editors, `grep` or `git diff`);
- known invisible fillers of other categories (`FILLERS`): the combining grapheme joiner
  U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer inherent vowels U+17B4
  and U+17B5, the Mongolian variation selectors U+180B-U+180F, the braille blank U+2800,
  the variation selectors U+FE00-U+FE0F and U+E0100-U+E01EF, and U+1D159.

The allow-list is two characters: tab and newline, in a file (YAML, TOML, Markdown) where its
syntax allows them; a text value is one line and holds neither. Spaces (category Zs, such as
the no-break space the articles use) are visible as spaces and allowed.

Standard library only: the terminal commands use `printable`. Printable ASCII, nearly all of
every text, is skipped by a regular expression; only the other characters are looked up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
FILLERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    "\U0001d159"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Everything but printable ASCII: the candidates looked up one by one. In an ASCII text (most
# values) only the controls are candidates, and all of them are refused (category Cc).
_OUTSIDE_ASCII = re.compile(r"[^\x20-\x7e]")
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def refused(ch: str) -> bool:
    """Whether `ch` hides or breaks things (tab and newline count: callers allow them)."""
    return ch in FILLERS or unicodedata.category(ch) in REFUSED_CATEGORIES


class CharRule:
    """Finds refused characters as a compiled pattern would (`search`, `finditer`, `sub`):
    the candidates by a regular expression, then each by its category."""

    def __init__(self, allowed: str) -> None:
        self.allowed = allowed

    def _bad(self, ch: str) -> bool:
        return ch not in self.allowed and refused(ch)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        candidates = _ASCII_CONTROL if text.isascii() else _OUTSIDE_ASCII
        return (m for m in candidates.finditer(text) if self._bad(m.group()))

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def sub(self, repl: str, text: str) -> str:
        return _OUTSIDE_ASCII.sub(lambda m: repl if self._bad(m.group()) else m.group(), text)


# Refused anywhere in a YAML file (and in pyproject.toml, CHANGELOG.md): all but tab, newline.
IN_FILE = CharRule("\t\n")
# Refused in a text value: the same, and tab and newline too.
IN_TEXT = CharRule("")
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@")

# The longest text value: what every reader of the outputs takes whole. An xlsx cell holds
# 32,767 characters (Excel's limit; XlsxWriter would cut a longer one), Python's csv module
# reads fields up to 131,072 by default; so every value fits every tool, unchanged.
MAX_TEXT = 32_767


def describe(ch: str) -> str:
    """`U+202E (a bidirectional override)`: what a refused character is, in words."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if ch == "\r":
        kind = "a carriage return; save the file with \\n line endings"
    elif ch in "\x85\u2028\u2029":
        kind = "a line break to YAML but not to editors"
    elif ch in "\t\n":
        kind = "a tab or line break; a text value is one line"
    elif category == "Cc":
        kind = "a control character"
    elif ch in _BIDI:
        kind = "an invisible bidirectional control"
    elif 0xE0000 <= code <= 0xE007F:
        kind = "an invisible tag character"
    elif category == "Cn":
        kind = "a noncharacter or unassigned code point"
    elif category == "Co":
        kind = "a private-use character"
    elif category == "Cs":
        kind = "a lone surrogate"
    else:
        kind = "an invisible character"
    return f"U+{code:04X} ({kind})"


def char_problem(value: str, rule: CharRule = IN_TEXT) -> str | None:
    """`contains U+202E (...) at character 5`, or None."""
    m = rule.search(value)
    return f"contains {describe(m.group())} at character {m.start() + 1}" if m else None


def text_problem(value: str) -> str | None:
    """Why a text value is refused, or None."""
    if problem := char_problem(value):
        return problem
    if len(value) > MAX_TEXT:
        return (
            f"is {len(value):,} characters long; at most {MAX_TEXT:,} (an xlsx cell's limit), "
            "so every tool reads it whole: quote less, or split the record"
        )
    if value.startswith(FORMULA_START):
        return (
            f"starts with {value[0]!r}, which spreadsheets read as a formula; "
            "reword it (e.g. 'minus 5%' or 'about +5%' inside the sentence)"
        )
    return None


def _escape(ch: str) -> str:
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def printable(text: str) -> str:
    """`text` with every character a terminal would act on or hide (the refused ones, tab and
    newline included) written as an escape (`\\x1b`, `\\u202e`), for printing data and
    messages."""
    return _OUTSIDE_ASCII.sub(
        lambda m: _escape(m.group()) if refused(m.group()) else m.group(), text
    )
