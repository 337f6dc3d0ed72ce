"""The generated timeline: every stated date of every fact record, once, in date order."""

from __future__ import annotations

import rusdata
from rusdata.build import timeline as chronology
from rusdata.schema.models import DATE_FIELDS, FACT_TABLES, ArmsTransfer


def _stated_dates() -> set[tuple[str, str, str, str]]:
    return {
        (table, rec.id, name, str(getattr(rec, name)))
        for table in FACT_TABLES
        for rec in rusdata.load(table)
        for name in DATE_FIELDS
        if getattr(rec, name, None) is not None
    }


def test_one_row_per_stated_date() -> None:
    rows = rusdata.timeline()
    keys = [(e.table, e.record_id, e.date_field, str(e.date)) for e in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == _stated_dates()


def test_sorted_by_date() -> None:
    rows = rusdata.timeline()
    bounds = [(e.date.start, e.date.end) for e in rows]
    assert bounds == sorted(bounds)
    assert rows[0].date.start.year < rows[-1].date.start.year


def test_rows_carry_the_records_summary_status_and_wording() -> None:
    records = {(t, r.id): r for t in FACT_TABLES for r in rusdata.load(t)}
    rows = rusdata.timeline()
    assert rows
    for e in rows:
        rec = records[e.table, e.record_id]
        assert (e.summary, e.status) == (rec.summary, rec.status)
        assert e.date_text == getattr(rec, f"{e.date_field}_text", None)
        assert e.date_qualifier == getattr(rec, f"{e.date_field}_qualifier", None)


def test_every_record_has_its_quotes_in_citations() -> None:
    cited = {(c.table, c.record_id) for c in rusdata.citations()}
    assert all((e.table, e.record_id) in cited for e in rusdata.timeline())


def test_order_and_delivery_are_separate_rows() -> None:
    base = rusdata.arms_transfers()[0].model_dump()
    both = ArmsTransfer(**{**base, "order_date": "2015-08", "delivery_date": "2017/2018"})
    rows = chronology.entries({"arms_transfers": [both]})
    assert [(e.date_field, str(e.date), e.date.precision) for e in rows] == [
        ("order_date", "2015-08", "month"),
        ("delivery_date", "2017/2018", "year"),
    ]
