"""The release record: CHANGELOG.md's top release heading gives the version and its date.

The release date comes from here, never from the clock, so rebuilding a release is
byte-identical and CITATION.cff cannot claim a date the CHANGELOG does not.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.safefiles import read_regular

CHANGELOG = "CHANGELOG.md"
# Keep a Changelog: `## [0.1.0] - 2026-11-23`; `## [Unreleased]` has no date and is skipped.
HEADING = re.compile(
    r"^## \[(?P<version>[^\]]+)\] - (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})\s*$", re.M
)


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # YYYY-MM-DD


def top_release(text: str) -> Release | None:
    """The first dated release heading of a Keep a Changelog text, if any."""
    m = HEADING.search(text)
    return Release(m["version"], m["date"]) if m else None


def read_release(root: Path) -> Release:
    """The latest release in `root`/CHANGELOG.md, which every build needs."""
    path = root / CHANGELOG
    if not os.path.lexists(path):
        raise RusdataError(f"{CHANGELOG} not found: the release date and version come from it")
    release = top_release(read_text(path, CHANGELOG))
    if release is None:
        raise RusdataError(f"{CHANGELOG}: no release heading like `## [0.1.0] - 2026-11-23`")
    try:
        dt.date.fromisoformat(release.date)
    except ValueError:
        raise RusdataError(
            f"{CHANGELOG}: the release date {release.date} of [{release.version}] is not a "
            "real date (YYYY-MM-DD)"
        ) from None
    return release


def read_text(path: Path, name: str) -> str:
    """A build input as text: a regular file (no link, no FIFO), UTF-8; RusdataError naming
    the file otherwise."""
    try:
        raw = read_regular(path)
    except OSError as e:
        raise RusdataError(f"{name}: {str(e).removeprefix(f'{path}: ')}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RusdataError(
            f"{name}: not UTF-8 (byte 0x{raw[e.start]:02x} on line {line}); save it as UTF-8"
        ) from None
