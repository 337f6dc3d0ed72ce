"""Records → CSV rows and bytes, following the columns of `rusdata.schema.columns`.

`None` is an empty cell, enums their value, booleans `true`/`false`, lists joined with `;`,
decimals in plain notation, a date's derived columns ISO. A record table's rows come in the
order given; a link table's rows are gathered from its owner tables and sorted by key. Reading
rows back into records is the built package's job (`rusdata.package.cells`, `.records`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from rusdata.schema.columns import LIST_DELIMITER, Column, Table
from rusdata.schema.models import LINK_KEYS, Record


class Dialect(csv.excel):
    """How every CSV is written: RFC 4180 with `\n` line ends. `datapackage.json` declares it
    (`dialect_descriptor`), so readers need not guess the delimiter."""

    lineterminator = "\n"


def dialect_descriptor() -> dict[str, Any]:
    """`Dialect` as a Table Dialect (Data Package v2), on every resource."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
        "header": True,
        "delimiter": Dialect.delimiter,
        "lineTerminator": Dialect.lineterminator,
        "quoteChar": Dialect.quotechar,
        "doubleQuote": Dialect.doublequote,
        "skipInitialSpace": Dialect.skipinitialspace,
    }


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


def table_rows(table: Table, records: Iterable[BaseModel]) -> Iterator[list[str]]:
    """The rows of a record table, in the given order."""
    for rec in records:
        yield [_value(c, rec) for c in table.columns]


def link_rows(link: Table, records: dict[str, list[Record]]) -> list[list[str]]:
    """The rows of a link table, gathered from its owner tables, sorted by primary key."""
    rows = []
    for owner in link.owners:
        fname = link.owner_field(owner)
        for rec in records.get(owner, []):
            for i, child in enumerate(children(link, getattr(rec, fname)), 1):
                keys = dict(zip(LINK_KEYS, (owner, rec.id, str(i)), strict=True))
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
    writer = csv.writer(buf, dialect=Dialect)
    writer.writerow([c.name for c in table.columns])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
