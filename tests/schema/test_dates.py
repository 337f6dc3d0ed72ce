from __future__ import annotations

import datetime as dt

import pytest

from rusdata.schema.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2015", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year"),
        ("2014-11", dt.date(2014, 11, 1), dt.date(2014, 11, 30), "month"),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month"),
        ("2016-09-24", dt.date(2016, 9, 24), dt.date(2016, 9, 24), "day"),
        ("197X", dt.date(1970, 1, 1), dt.date(1979, 12, 31), "decade"),
        ("2021-04-06/2021-04-07", dt.date(2021, 4, 6), dt.date(2021, 4, 7), "day"),
        ("2014/2015", dt.date(2014, 1, 1), dt.date(2015, 12, 31), "year"),
        # Mixed precisions: the interval's precision is its coarser end's.
        ("1948/195X", dt.date(1948, 1, 1), dt.date(1959, 12, 31), "decade"),
        ("2016-01/2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year"),
        ("2004-02-01/2005", dt.date(2004, 2, 1), dt.date(2005, 12, 31), "year"),
    ],
)
def test_bounds(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    d = PartialDate.parse(text)
    assert (d, d.start, d.end, d.precision) == (text, start, end, precision)


def test_a_year_stays_a_year() -> None:
    assert str(PartialDate.parse("2015")) == "2015"  # never padded to 2015-01-01


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015-02-29", "day 29 does not exist"),
        ("2015-13", "month 13 does not exist"),
        ("2015-00", "month 0 does not exist"),
        ("0000", "year 0000"),
        ("2016/2015", "ends before it starts"),
        ("2016/2016-09", "must not start or end before its start"),
        ("2015-22", r"EDTF seasons \(21-24\) are not used"),
        ("000X", "year 0000"),
        ("٢٠١٥", "must be a date YYYY"),
        ("２０１５", "must be a date YYYY"),
        ("2015-0٣", "must be a date YYYY"),
        ("197X-05", "takes no month"),
        ("15 May 2015", "must be a date YYYY"),
    ],
)
def test_impossible_or_malformed(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)
