"""Errors the CLI reports as one line, `rusdata: error: …`, with exit status 1 and no traceback."""

from __future__ import annotations


class RusdataError(Exception):
    """A problem the user can fix (a bad ref, a malformed CHANGELOG), not a bug."""
