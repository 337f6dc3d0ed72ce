"""Partial dates: a year stays a year, a month a month, in the EDTF subset of `SUBSET`.

Stored as the string the editor wrote; the derived start, end and precision give every table a
sortable range. `SUBSET` says exactly which part of the Extended Date/Time Format (ISO 8601-2)
rusdata uses; the data dictionary prints it, and the tests hold it to the `edtf` package.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from rusdata.schema.vocab import Precision

if TYPE_CHECKING:  # pydantic is for validating and writing schemas, not for reading records
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

# The same subset as a regex, for the JSON and Table Schemas (XML Schema regexes in a Table
# Schema: plain groups only, no (?:), and [0-9] since \d there, as in Python, means any Unicode
# digit). It checks real month lengths and leap years, so it accepts exactly the single dates
# that `PartialDate.parse` accepts; interval order is checked by `parse` only.
_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_DECADE = "(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})X"
_MONTH = "(0[1-9]|1[0-2])"
_MONTH_DAY = "((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
_LEAP = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_ONE = f"({_DECADE}|{_YEAR}|{_YEAR}-{_MONTH}|{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29)"
PATTERN = rf"^{_ONE}(/{_ONE})?$"
_PARTS = re.compile(r"([0-9]{3})(X|[0-9])(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_SHAPE = re.compile(rf"{_PARTS.pattern}(/{_PARTS.pattern})?")  # the form, before the meaning
SHAPE_HELP = "a date YYYY, YYYY-MM or YYYY-MM-DD, a decade such as 197X, or an interval A/B"
SUBSET = (
    "Level 0 dates `YYYY`, `YYYY-MM`, `YYYY-MM-DD`: years 0001–9999, ASCII digits 0–9 only, "
    "months and days that exist (`2015-13`, `2015-04-31`, `2015-02-29` are refused).",
    "Level 0 intervals `A/B` of two such dates, of any precisions (`2021-04-06/2021-04-07`); "
    "`B` neither starts nor ends before `A`. An interval's precision is that of its coarser end.",
    "Level 1 unspecified digits only as a decade, the year's last digit: `197X` "
    "(not `19XX` or `2004-XX`).",
    "From level 2 one thing: an interval end may be a decade, `1948/195X` for '1948 to the "
    "late 1950s'. A hedged end keeps the precision the text gives it, never a year it does not "
    "state.",
    "Not used: seasons (`2015-22`: EDTF's 21–24 name no months, so 'the summer of 2015' is "
    "`2015`, with the words in `_text`); qualifiers inside the string (the `_qualifier` column "
    "is EDTF's `~` approximate or `?` uncertain for the whole date); open or unknown ends "
    "(`2019/..`); longer or negative years; times; sets.",
    "A stated year or decade is not approximate because of a word that narrows it: 'early "
    "2018' is `2018`, 'in the mid-1970s' `197X`, 'in the summer of 2015' `2015`, each with no "
    "qualifier; `approximate` is for the text's own 'about', 'around', 'circa'.",
)
# Words by which a text makes a date itself approximate; "early", "mid-", "late", "the summer
# of" only narrow a stated year or decade (see SUBSET).
APPROXIMATE_WORDS = re.compile(
    r"\b(about|around|approximately|approx|circa|ca\.|c\.|roughly|some|nearly|almost|or so)(\W|$)",
    re.IGNORECASE,
)
SEASONS = range(21, 25)
# The subset in one line, for field descriptions and schemas.
DESCRIPTION = (
    "An EDTF date, no more precise than stated: YYYY, YYYY-MM, YYYY-MM-DD, a decade 197X, "
    "or an interval A/B of those (1948/195X); no seasons, no qualifiers in the string"
)  # EDTF level 1 seasons, refused with a pointer to `_text`


def _bounds(text: str) -> tuple[dt.date, dt.date, Precision]:
    head, last, month, day = _PARTS.fullmatch(text).groups()  # type: ignore[union-attr]
    if last == "X":
        if month:
            raise ValueError(f"{text!r}: a decade (197X) takes no month or day")
        if head == "000":
            raise ValueError(f"{text!r}: year 0000 does not exist")
        return dt.date(int(head + "0"), 1, 1), dt.date(int(head + "9"), 12, 31), Precision.DECADE
    year = int(head + last)
    if year < 1:
        raise ValueError(f"{text!r}: year 0000 does not exist")
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR
    mo = int(month)
    if mo in SEASONS and day is None:
        raise ValueError(
            f"{text!r}: EDTF seasons (21-24) are not used; write the year and keep the season "
            "in the wording (e.g. date: 2015, date_text: summer of 2015)"
        )
    if not 1 <= mo <= 12:
        raise ValueError(f"{text!r}: month {mo} does not exist")
    if day is None:
        # The day before the next month's first (no `calendar`: it imports locale, slow to load).
        last = 31 if mo == 12 else (dt.date(year, mo + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, mo, 1), dt.date(year, mo, last), Precision.MONTH
    try:
        d = dt.date(year, mo, int(day))
    except ValueError:
        raise ValueError(f"{text!r}: day {int(day)} does not exist in {year}-{month}") from None
    return d, d, Precision.DAY


MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_HUMAN = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>[A-Za-z]+)\.?"
    r"(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)?,?\s+(?P<year>\d{4})"
)


def suggest(text: str) -> str | None:
    """The EDTF form of a date written in words: "March 2015" → 2015-03, "7 April 2021" and
    "April 7, 2021" → 2021-04-07 (None where `text` is not such a date)."""
    m = _HUMAN.fullmatch(text.strip())
    if m is None:
        return None
    name = m["month"].lower()
    months = [i for i, full in enumerate(MONTHS, 1) if len(name) >= 3 and full.startswith(name)]
    if len(months) != 1 or (m["d1"] and m["d2"]):
        return None
    day = m["d1"] or m["d2"]
    out = f"{m['year']}-{months[0]:02d}" + (f"-{int(day):02d}" if day else "")
    return out if day is None or 1 <= int(day) <= 31 else None


class PartialDate(str):
    """A date of year, month or day precision, or an interval of two such dates.

    >>> d = PartialDate.parse("2015")
    >>> d.start, d.end, d.precision
    (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31), 'year')
    """

    start: dt.date
    end: dt.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        if not _SHAPE.fullmatch(text):
            hint = (
                f" (for {text!r} write {edtf}, and keep the wording in the date's _text)"
                if (edtf := suggest(text))
                else ""
            )
            raise ValueError(f"must be {SHAPE_HELP}{hint}")
        first, _, second = text.partition("/")
        start, end, precision = _bounds(first)
        if second:
            start2, end2, precision2 = _bounds(second)
            if end2 < start:
                raise ValueError(f"{text!r}: the interval ends before it starts")
            if start2 < start or end2 < end:
                raise ValueError(
                    f"{text!r}: the interval's end {second} must not start or end before its "
                    f"start {first} does"
                )
            end = end2
            precision = min(precision, precision2, key=list(Precision).index)  # the coarser
        obj = cls(text)
        obj.start, obj.end, obj.precision = start, end, precision
        return obj

    @property
    def is_interval(self) -> bool:
        return "/" in self

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            # No pattern here: `parse` checks the same subset, and says what is wrong.
            cls.parse,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PATTERN,
            "description": DESCRIPTION,
            "examples": ["2015", "2014-11", "2016-09-24", "197X", "2021-04-06/2021-04-07"],
        }
