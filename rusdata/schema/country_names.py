"""The words that state a country, per code: the one table the country rule of validate reads.

A record's country code is stated when one of its quotes names the country or its people
(demonym). A capital does not state its country: "Moscow and Islamabad" for the two governments,
or a visit to Moscow, is read as Russia by us, not by the text, so such a code is marked
inferred, as every place's country is. Each entry lists the forms the texts can use, matched as
whole words, ignoring case: a code the data uses must have an entry here (a test checks every
code in the data), and a form belongs here only if it names that country and no other.
"""

from __future__ import annotations

NAMES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan", "Afghan", "Afghans"),
    "CHN": ("China", "Chinese", "People's Republic of China"),
    "FRA": ("France", "French"),
    "IND": ("India", "Indian", "Indians"),
    "IRN": ("Iran", "Iranian", "Iranians"),
    "PAK": ("Pakistan", "Pakistani", "Pakistanis", "Pak"),
    "RUS": ("Russia", "Russian", "Russians", "Russian Federation", "Rus"),
    # The Soviet Union (former ISO 3166-1 code SUN).
    "SUN": ("Soviet Union", "Soviet", "Soviets", "USSR"),
    "TKM": ("Turkmenistan", "Turkmen"),
    "USA": ("United States", "US", "U.S.", "USA", "America", "American", "Americans"),
    "UZB": ("Uzbekistan", "Uzbek", "Uzbeks"),
}
