"""What the dataset is about, for its title and descriptions: `[tool.rusdata]` of pyproject.toml
(the subject, what the tables cover, the two sides as ISO alpha-3 codes), with the number of
articles counted from the sources table. Nothing dataset-specific is written in the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rusdata.errors import RusdataError
from rusdata.schema.countries import iso_alpha3
from rusdata.schema.country_names import NAMES

PYPROJECT = "pyproject.toml"
SECTION = "[tool.rusdata]"


@dataclass(frozen=True)
class About:
    name: str  # the package name, e.g. rusdata
    subject: str  # e.g. "Russia–Pakistan relations"
    covers: str  # what the fact tables hold, as a phrase
    sides: tuple[str, ...]  # ISO alpha-3 codes of the two sides
    articles: int  # counted from the sources table

    @property
    def encoded_from(self) -> str:
        return f"{self.articles} article" + ("" if self.articles == 1 else "s")

    @property
    def title(self) -> str:
        return f"{self.name}: {self.subject}, encoded from {self.encoded_from}"

    @property
    def description(self) -> str:
        return (
            f"{self.subject} ({self.covers}), encoded by hand from {self.encoded_from}. Every "
            "fact record cites at least one verbatim quote; the articles are identified by "
            "SHA-256 and not redistributed."
        )

    def side_names(self) -> dict[str, str]:
        """Each side's code and its common English name (the first of its names)."""
        return {code: NAMES[code][0] if code in NAMES else code for code in self.sides}


def about(project: dict[str, Any], tool: Any, articles: int) -> About:
    """`project` is pyproject's `[project]`, `tool` its `[tool.rusdata]`; both checked."""
    if not isinstance(tool, dict):
        raise RusdataError(f"{PYPROJECT}: needs a {SECTION} table (subject, covers, sides)")
    for key in ("subject", "covers"):
        if not isinstance(tool.get(key), str) or not tool[key].strip():
            raise RusdataError(f"{PYPROJECT}: {SECTION} needs `{key}`, a string")
    sides = tool.get("sides")
    if not isinstance(sides, list) or not all(isinstance(s, str) for s in sides) or not sides:
        raise RusdataError(f"{PYPROJECT}: {SECTION} needs `sides`, a list of ISO alpha-3 codes")
    codes = iso_alpha3()
    if bad := [s for s in sides if s not in codes]:
        raise RusdataError(f"{PYPROJECT}: {SECTION} sides: {bad[0]!r} is not an ISO alpha-3 code")
    return About(project["name"], tool["subject"], tool["covers"], tuple(sides), articles)
