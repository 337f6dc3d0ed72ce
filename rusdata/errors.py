"""Errors the CLI reports as one line, `rusdata: error: …`, with exit status 1 and no traceback."""

from __future__ import annotations


class RusdataError(Exception):
    """A problem the user can fix (a bad ref, a malformed CHANGELOG), not a bug."""


def did_you_mean(name: str, choices: list[str] | tuple[str, ...], n: int = 1) -> str:
    """' (did you mean 'x'?)' for the closest of `choices` (up to `n` of them), or ''."""
    import difflib

    close = difflib.get_close_matches(name, choices, n=n)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""


def unknown(what: str, name: str, allowed: list[str] | tuple[str, ...]) -> RusdataError:
    """`no table 'vists' (did you mean 'visits'?); tables: ...`: one wording everywhere."""
    return RusdataError(
        f"no {what} {name!r}{did_you_mean(name, allowed)}; {what}s: {', '.join(allowed)}"
    )
