"""Partial dates: a year stays a year, a month a month (EDTF level 0, plus `197X` decades).

Stored as the string the editor wrote (`2015`, `2014-11`, `2016-09-24`, `197X`, or an interval
`2021-04-06/2021-04-07`); the derived start, end and precision give every table a sortable range.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pydantic_core import core_schema

if TYPE_CHECKING:  # pydantic.json_schema is heavy, and only needed to write schemas
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

_ONE = r"(\d{3}X|\d{4}(-\d{2}(-\d{2})?)?)"
# Plain groups only: the pattern is reused in Table Schema, whose XML Schema regexes lack (?:).
PATTERN = rf"^{_ONE}(/{_ONE})?$"
_PARTS = re.compile(r"(\d{3})(X|\d)(?:-(\d{2})(?:-(\d{2}))?)?")


def _bounds(text: str) -> tuple[dt.date, dt.date, str]:
    m = _PARTS.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or a decade like 197X")
    head, last, month, day = m.groups()
    if last == "X":
        if month:
            raise ValueError(f"{text!r}: a decade (197X) takes no month or day")
        return dt.date(int(head + "0"), 1, 1), dt.date(int(head + "9"), 12, 31), "decade"
    year = int(head + last)
    if year < 1:
        raise ValueError(f"{text!r}: year 0000 does not exist")
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    mo = int(month)
    if not 1 <= mo <= 12:
        raise ValueError(f"{text!r}: month {mo} does not exist")
    if day is None:
        # The day before the next month's first (no `calendar`: it imports locale, slow to load).
        last = 31 if mo == 12 else (dt.date(year, mo + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, mo, 1), dt.date(year, mo, last), "month"
    try:
        d = dt.date(year, mo, int(day))
    except ValueError:
        raise ValueError(f"{text!r}: day {int(day)} does not exist in {year}-{month}") from None
    return d, d, "day"


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
        first, _, second = text.partition("/")
        start, end, precision = _bounds(first)
        if second:
            start2, end, precision2 = _bounds(second)
            if start2 < start or end < start:
                raise ValueError(f"{text!r}: the interval ends before it starts")
            if precision2 != precision:
                raise ValueError(f"{text!r}: both ends of an interval need the same precision")
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
        return core_schema.no_info_after_validator_function(
            cls.parse,
            core_schema.str_schema(pattern=PATTERN),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PATTERN,
            "description": "YYYY, YYYY-MM, YYYY-MM-DD, a decade 197X, or an interval A/B of one precision",
            "examples": ["2015", "2014-11", "2016-09-24", "2021-04-06/2021-04-07"],
        }
