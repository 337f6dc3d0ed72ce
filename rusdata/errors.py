"""Errors the CLI reports as one line, `rusdata: error: …`, with exit status 1 and no traceback."""

from __future__ import annotations


class RusdataError(Exception):
    """A problem the user can fix (a bad ref, a malformed CHANGELOG), not a bug."""


def unknown(what: str, name: str, allowed: list[str] | tuple[str, ...]) -> RusdataError:
    """`no table 'vists' (did you mean 'visits'?); tables: ...`: one wording everywhere."""
    import difflib

    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return RusdataError(f"no {what} {name!r}{hint}; {what}s: {', '.join(allowed)}")
