"""The release record: CHANGELOG.md's top release heading gives the version and its date.

The release date comes from here, never from the clock, so rebuilding a release is
byte-identical and CITATION.cff cannot claim a date the CHANGELOG does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rusdata.errors import RusdataError

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
    if not path.is_file():
        raise RusdataError(f"{CHANGELOG} not found: the release date and version come from it")
    release = top_release(path.read_text(encoding="utf-8"))
    if release is None:
        raise RusdataError(f"{CHANGELOG}: no release heading like `## [0.1.0] - 2026-11-23`")
    return release
