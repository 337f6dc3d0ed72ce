"""Records → the `timeline` table (module not named timeline: that is the accessor)."""

from __future__ import annotations

from rusdata.schema.models import COMPANIONS, DATE_FIELDS, FACT_TABLES, Record, TimelineEntry


def entries(records: dict[str, list[Record]]) -> list[TimelineEntry]:
    """One entry per stated date of every fact record, sorted by date, then table and id.

    A date's qualifier and wording sit beside it as `<field>_qualifier` / `<field>_text`
    (`date` has `date_qualifier` and `date_text`): every `dated(...)` field has them.
    """
    out = []
    for table in FACT_TABLES:
        for rec in records.get(table, []):
            for name in DATE_FIELDS:
                date = getattr(rec, name, None)
                if date is None:
                    continue
                # The companions `dated(...)` made, which the type checker does not see.
                companions = {f"date{end}": getattr(rec, f"{name}{end}") for end in COMPANIONS}
                out.append(
                    TimelineEntry(
                        date=date,
                        **companions,
                        table=table,
                        record_id=rec.id,
                        date_field=name,
                        status=rec.status,  # type: ignore[attr-defined]
                        summary=rec.summary,  # type: ignore[attr-defined]
                    )
                )
    order = {t: i for i, t in enumerate(FACT_TABLES)}
    fields = {f: i for i, f in enumerate(DATE_FIELDS)}
    return sorted(
        out,
        key=lambda e: (e.date.start, e.date.end, order[e.table], e.record_id, fields[e.date_field]),
    )


def undated(records: dict[str, list[Record]]) -> int:
    """How many fact records state no date at all (they have no timeline row)."""
    return sum(
        1
        for table in FACT_TABLES
        for rec in records.get(table, [])
        if all(getattr(rec, name, None) is None for name in DATE_FIELDS)
    )
