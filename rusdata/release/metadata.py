"""Where the dataset lives and how it is identified: `[tool.rusdata.release]` in pyproject.toml.

The one place the release metadata beyond `[project]` is read, so every output that names the
project's home or its DOI (CITATION.cff, .zenodo.json, datapackage.json, the JSON-LD, the
annotations, the site, `rusdata cite`) takes it from here:

    [tool.rusdata.release]
    home = "https://example.org/rusdata"   # the public home: absolute URLs once set
    doi = "10.5281/zenodo.1234567"          # the concept DOI (all versions), once minted

Both are empty until known; nothing is invented meanwhile (outputs use relative links and say
no DOI).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.release.changelog import read_text

PYPROJECT = "pyproject.toml"
TABLE = "[tool.rusdata.release]"
DOI = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+")
HOME = re.compile(r"https://[^\s\"<>\\^`{|}]+")


@dataclass(frozen=True)
class Where:
    home: str  # "" until set; no trailing slash
    doi: str  # "" until minted

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def url(self, path: str) -> str:
        """`path` (relative to the project root) under the home, or "" with no home."""
        return f"{self.home}/{path}" if self.home else ""


def read_where(root: Path) -> Where:
    try:
        data = tomllib.loads(read_text(root / PYPROJECT, PYPROJECT))
    except tomllib.TOMLDecodeError as e:
        raise RusdataError(f"{PYPROJECT}: not valid TOML: {e}") from None
    table = data.get("tool", {}).get("rusdata", {}).get("release", {})
    if not isinstance(table, dict):
        raise RusdataError(f"{PYPROJECT}: {TABLE} must be a table")
    values = {}
    for key, pattern, example in (
        ("home", HOME, "https://example.org/rusdata"),
        ("doi", DOI, "10.5281/zenodo.1234567"),
    ):
        value = table.get(key, "")
        if not isinstance(value, str) or (value and not pattern.fullmatch(value)):
            raise RusdataError(
                f"{PYPROJECT}: {TABLE} {key} must be empty or like {example!r}, not {value!r}"
            )
        values[key] = value.rstrip("/")
    return Where(**values)
