"""Characters that hide or break things, and how text reaches a terminal.

Refused in YAML files and in every text value, because each one makes what a person sees differ
from what the data says:

- line breaks that only some tools see: CR, U+0085, U+2028, U+2029 (libyaml breaks lines on
  them, editors, `grep` and `git diff` do not, so a "comment" can carry a record);
- other control characters (NUL, ESC, BEL, DEL, C1), which reach terminals as commands;
- bidirectional overrides, embeddings, isolates and marks, which reorder what is displayed;
- zero-width and invisible characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+180E, U+00AD).

Tab and newline are allowed in a YAML file where YAML allows them; a text value is one line
without any control character. `printable` is stdlib-only: the terminal commands use it.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1 (incl. U+0085)
_SEPARATORS = "\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
# Forbidden anywhere in a YAML file.
IN_FILE = re.compile(f"[{_CONTROL}{_SEPARATORS}{_BIDI}{_INVISIBLE}]")
# Forbidden in a text value: the same, and tab and newline too.
IN_TEXT = re.compile(f"[\t\n{_CONTROL}{_SEPARATORS}{_BIDI}{_INVISIBLE}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@")


def describe(ch: str) -> str:
    """`U+202E (a bidirectional override)`: what a refused character is, in words."""
    code = ord(ch)
    if ch == "\r":
        kind = "a carriage return; save the file with \\n line endings"
    elif ch in "\x85\u2028\u2029":
        kind = "a line break to YAML but not to editors"
    elif ch in "\t\n":
        kind = "a tab or line break; a text value is one line"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    elif _BIDI_RE.match(ch):
        kind = "an invisible bidirectional control"
    else:
        kind = "an invisible character"
    return f"U+{code:04X} ({kind})"


def text_problem(value: str) -> str | None:
    """Why a text value is refused, or None."""
    m = IN_TEXT.search(value)
    if m:
        return f"contains {describe(m.group())} at character {m.start() + 1}"
    if value.startswith(FORMULA_START):
        return (
            f"starts with {value[0]!r}, which spreadsheets read as a formula; "
            "reword it (e.g. 'minus 5%' or 'about +5%' inside the sentence)"
        )
    return None


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


# Whatever a terminal could take as a command or hide: controls (tab and newline included),
# separators, bidi and invisible characters, private use, specials, tags, lone surrogates.
_UNPRINTABLE = re.compile(
    f"[\t\n{_CONTROL}{_SEPARATORS}{_BIDI}{_INVISIBLE}\ue000-\uf8ff\ufff0-\uffff"
    "\U000e0000-\U000e007f\ud800-\udfff]"
)


def printable(text: str) -> str:
    """`text` with every character a terminal would act on or hide written as an escape
    (`\\x1b`, `\\u202e`), for printing data and messages."""
    return _UNPRINTABLE.sub(_escape, text)
