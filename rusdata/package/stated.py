"""Only what the texts state: every table with the values we inferred left out.

A value listed in `inferences` (table, record_id, field) is our reading, not the text's. Keeping
only stated values means, per kind of table:

- a record table: the inferred fields of each record are blanked (`None`, or `[]` for a list;
  a partial date's derived `_precision`/`_start`/`_end` columns with it), the rest kept; an
  inferred item of a list (`parties[PAK]`) is taken out of the list, its other items kept;
- a link table (`record_people`, `discrepancy_records`): the rows of a record whose field
  (`people`, `versions`) is inferred are dropped, and so is the row of an inferred item
  (`people[sergey-shoigu]`); `citations` is never inferred;
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
from rusdata.schema.fields import (
    ITEM_ATTRIBUTE,
    LIST_DELIMITER,
    is_inferred,
    item_mark,
    split_mark,
)

INFERENCES = "inferences"


def _no_stated_form(t: Table) -> None:
    if t.keyed_by:
        raise RusdataError(f"{t.name} holds only inferred values; it has no stated-only form")


def inferred(package: Package | None = None) -> dict[tuple[str, str], set[str]]:
    """(table, record_id) -> the names of its inferred fields: the accessors' reading of the
    packaged `inferences` (validated there if it changed since the build)."""
    return {k: set(v) for k, v in mapping(package or installed(), INFERENCES).items()}


def _keeps(
    t: Table,
    marks: dict[tuple[str, str], set[str]],
    get: Callable[[Any, str], Any],
    cells: bool = False,
) -> Callable[[Any], bool]:
    """For the timeline or a link table: whether a row (CSV cells or a record, read by
    `get(row, column)`) stays, i.e. the field it stands for (the timeline's `date_field`, or the
    owner's field the link table holds) is not inferred in its record."""
    fields = {o: t.owner_field(o) for o in t.owners}
    # The column (in cells) or attribute (in records) that names an item: `people[<person>]`.
    item = next(
        ((c.name if cells else c.source) for c in t.columns if c.source == ITEM_ATTRIBUTE), None
    )

    def keep(row: Any) -> bool:
        owner, record_id = get(row, "table"), get(row, "record_id")
        field = get(row, "date_field") if t.generated else fields[owner]
        here = marks.get((owner, record_id), ())
        if field in here:
            return False
        return item is None or item_mark(field, get(row, item)) not in here

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
        keep = _keeps(t, marks, lambda row, column: row[at[column]], cells=True)
        return [r for r in rows if keep(r)]
    out = []
    for r in rows:
        here = marks.get((t.name, r[at["id"]]), set())
        out.append(
            [_stated_cell(c.source, c.is_list, v, here) for c, v in zip(t.columns, r, strict=True)]
        )
    return out


def _stated_cell(field: str | None, is_list: bool, cell: str, marks: set[str]) -> str:
    """A cell with its value blanked if inferred, or a list cell without its inferred items."""
    if field is None or not marks:
        return cell
    if field in marks:
        return ""
    if is_list and cell:
        items = cell.split(LIST_DELIMITER)
        return LIST_DELIMITER.join(i for i in items if item_mark(field, i) not in marks)
    return cell


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
        blank: dict[str, Any] = {}
        for f in dict.fromkeys(split_mark(k)[0] for k in fields):
            value = getattr(rec, f)
            if f in fields:
                blank[f] = [] if isinstance(value, list) else None
            else:  # some items of a list are inferred: the rest stay
                blank[f] = [i for i in value if not is_inferred(fields, f, i)]
        out.append(dataclasses.replace(rec, **blank))
    return out
