"""Country codes: ISO 3166-1 alpha-3, and SUN for the Soviet Union only where a text names it.

The ISO 3166-1 list is vendored in `iso3166.csv` beside this module (alpha-3, alpha-2, numeric,
English short name), generated from pycountry's copy of Debian's iso-codes; the README says how
and from which version, and a test holds it equal to pycountry's. It is read on first use, so
importing the models costs nothing.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

ISO_FILE = Path(__file__).with_name("iso3166.csv")

SOVIET_UNION = "SUN"
SOVIET_UNION_DOC = (
    "The Soviet Union is not in ISO 3166-1: SUN is its former alpha-3 code, listed in "
    "ISO 3166-3 (alpha-4 SUHH); it is used only where one of the record's quotes names the "
    "Soviet Union"
)
COUNTRY_DOC = f"An ISO 3166-1 alpha-3 code (RUS, PAK, IND, ...). {SOVIET_UNION_DOC}."

# What counts as a text naming the Soviet Union: "Soviet Union", "Soviet" (regime, ties), "USSR".
NAMES_SOVIET_UNION = re.compile(r"\b(Soviet|USSR|U\.S\.S\.R\b)", re.IGNORECASE)


@cache
def iso_alpha3() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code in the vendored list."""
    with ISO_FILE.open(encoding="utf-8", newline="") as f:
        return frozenset(row["alpha_3"] for row in csv.DictReader(f))


def check_code(code: str) -> str:
    """A pydantic after-validator: the code is ISO 3166-1 alpha-3, or SUN."""
    if code != SOVIET_UNION and code not in iso_alpha3():
        raise ValueError(
            "not an ISO 3166-1 alpha-3 country code (nor SUN, the Soviet Union's former code)"
        )
    return code
