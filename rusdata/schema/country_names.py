"""The words that state a country, per code: the one table the country rule of validate reads.

A record's country code is stated when one of its quotes names the country, its people
(demonym) or its capital. Each entry lists the forms the texts can use, matched as whole words,
ignoring case: a code the data uses must have an entry here (a test checks every code in the
data), and a form belongs here only if it names that country and no other.
"""

from __future__ import annotations

NAMES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan", "Afghan", "Afghans", "Kabul"),
    "CHN": ("China", "Chinese", "People's Republic of China", "Beijing"),
    "FRA": ("France", "French", "Paris"),
    "IND": ("India", "Indian", "Indians", "New Delhi"),
    "IRN": ("Iran", "Iranian", "Iranians", "Tehran"),
    "PAK": ("Pakistan", "Pakistani", "Pakistanis", "Pak", "Islamabad"),
    "RUS": ("Russia", "Russian", "Russians", "Russian Federation", "Rus", "Moscow"),
    # The Soviet Union (former ISO 3166-1 code SUN): the texts name it, never its capital alone,
    # which Moscow would state only as Russia's.
    "SUN": ("Soviet Union", "Soviet", "Soviets", "USSR"),
    "TKM": ("Turkmenistan", "Turkmen", "Ashgabat"),
    "USA": ("United States", "US", "U.S.", "USA", "America", "American", "Americans", "Washington"),
    "UZB": ("Uzbekistan", "Uzbek", "Uzbeks", "Tashkent"),
}
