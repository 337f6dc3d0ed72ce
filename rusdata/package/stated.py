"""Only what the texts state: every table with the values we inferred left out.

A value listed in `inferences` (table, record_id, field) is our reading, not the text's. Keeping
only stated values means, per kind of table:

- a record table: the inferred fields of each record are blanked (`None`, or `[]` for a list;
  a partial date's derived `_precision`/`_start`/`_end` columns with it), the rest kept;
- a link table (`record_people`, `discrepancy_records`): the rows of a record whose field
  (`people`, `versions`) is inferred are dropped; `citations` is never inferred;
- `timeline`: the rows of an inferred date are dropped;
- `inferences` itself holds only inferred values, so it has no stated form.

`rusdata.stated(table)` does this to the typed records, `rusdata.frame(table,
stated_only=True)` to the DataFrames, and the SQLite export's `<table>_stated` views in SQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from rusdata.errors import RusdataError
from rusdata.package.reader import Package, installed
from rusdata.package.records import mapping
from rusdata.package.records import records as read_records
from rusdata.schema.columns import Table

INFERENCES = "inferences"


def _no_stated_form(t: Table) -> None:
    if t.keyed_by:
        raise RusdataError(f"{t.name} holds only inferred values; it has no stated-only form")


def inferred(package: Package | None = None) -> dict[tuple[str, str], set[str]]:
    """(table, record_id) -> the names of its inferred fields: the accessors' reading of the
    packaged `inferences` (validated there if it changed since the build)."""
    return {k: set(v) for k, v in mapping(package or installed(), INFERENCES).items()}


def _keeps(
    t: Table, marks: dict[tuple[str, str], set[str]], get: Callable[[Any, str], Any]
) -> Callable[[Any], bool]:
    """For the timeline or a link table: whether a row (CSV cells or a record, read by
    `get(row, column)`) stays, i.e. the field it stands for (the timeline's `date_field`, or the
    owner's field the link table holds) is not inferred in its record."""
    fields = {o: t.owner_field(o) for o in t.owners}

    def keep(row: Any) -> bool:
        owner, record_id = get(row, "table"), get(row, "record_id")
        field = get(row, "date_field") if t.generated else fields[owner]
        return field not in marks.get((owner, record_id), ())

    return keep


def stated_cells(
    t: Table, rows: list[list[str]], marks: dict[tuple[str, str], set[str]] | None = None
) -> list[list[str]]:
    """`t`'s CSV rows (as strings, in order) with inferred values blanked or their rows dropped;
    `marks` (default: the installed package's) says which values are inferred."""
    _no_stated_form(t)
    marks = inferred() if marks is None else marks
    at = {c.name: i for i, c in enumerate(t.columns)}
    if t.generated or t.owners:
        keep = _keeps(t, marks, lambda row, column: row[at[column]])
        return [r for r in rows if keep(r)]
    out = []
    for r in rows:
        inferred_here = marks.get((t.name, r[at["id"]]), set())
        out.append(
            [("" if c.source in inferred_here else v) for c, v in zip(t.columns, r, strict=True)]
        )
    return out


def stated_records(name: str) -> list[Any]:
    """The accessor's records of table `name`, with inferred values blanked or dropped."""
    from rusdata.package.cells import table

    t = table(name)  # an unknown name: the "no table" error with a suggestion
    _no_stated_form(t)
    records = read_records(name)
    marks = inferred()
    if t.generated or t.owners:
        keep = _keeps(t, marks, getattr)
        return [r for r in records if keep(r)]
    out = []
    for rec in records:
        fields = getattr(rec, "inferred", {})  # sources have no inferred values
        if not fields:
            out.append(rec)
            continue
        blank: dict[str, Any] = {
            f: [] if isinstance(getattr(rec, f), list) else None for f in fields
        }
        out.append(dataclasses.replace(rec, **blank))
    return out
