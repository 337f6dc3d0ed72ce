"""Records ↔ CSV rows, both ways, following the columns of `rusdata.columns`.

Writing: `None` is an empty cell, enums their value, lists joined with `;`, numbers in plain
notation, dates ISO. Reading turns a row (plus its link-table rows) back into the same record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from rusdata.columns import LIST_DELIMITER, Column, Table, tables
from rusdata.models import Record


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return LIST_DELIMITER.join(value)
    return str(value.value if hasattr(value, "value") else value)


def _value(col: Column, obj: BaseModel) -> str:
    value = getattr(obj, col.source) if col.source else None
    if col.derived and value is not None:
        value = getattr(value, col.derived)
        return value.isoformat() if hasattr(value, "isoformat") else cell(value)
    return cell(value)


def table_rows(table: Table, records: Iterable[Record]) -> Iterator[list[str]]:
    """The rows of a record table, in the given order."""
    for rec in records:
        yield [_value(c, rec) for c in table.columns]


def link_rows(link: Table, records: dict[str, list[Record]]) -> list[list[str]]:
    """The rows of a link table, gathered from its owner tables, sorted by primary key."""
    rows = []
    for owner in link.owners:
        fname = next(f for f, t in tables()[owner].links.items() if t == link.name)
        for rec in records.get(owner, []):
            for i, child in enumerate(children(link, getattr(rec, fname)), 1):
                keys = {"table": owner, "record_id": rec.id, "ordinal": str(i)}
                rows.append([keys.get(c.name) or _value(c, child) for c in link.columns])
    if link.keyed_by:  # a mapping: keyed by its key, in code-point order
        return sorted(rows, key=lambda r: (r[0], r[1], r[2]))
    return sorted(rows, key=lambda r: (r[0], r[1], int(r[2])))


def children(link: Table, value: Any) -> list[BaseModel]:
    """A record's link field as child models: a list as it is, a mapping as one child a key."""
    if link.keyed_by is None:
        return list(value)
    key, other = list(link.model.model_fields)
    return [link.model.model_construct(**{key: k, other: v}) for k, v in sorted(value.items())]


def to_csv(table: Table, rows: Iterable[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def model_input(table: Table, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as model input: empty cells left out, lists split, derived columns dropped."""
    out: dict[str, Any] = {}
    for col in table.columns:
        raw = row.get(col.name, "")
        if col.source is None or col.derived or raw == "":
            continue
        out[col.source] = raw.split(LIST_DELIMITER) if col.is_list else raw
    return out
