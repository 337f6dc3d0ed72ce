"""What every export must hold, computed from the typed accessors (not from the export code).

`values(table)`: one list per row, one Python value per CSV column, read off the pydantic
records: `None` for a missing value, `int`, `Decimal`, `datetime.date` for derived starts and
ends, `list[str]` for list columns (`[]` when empty), `str` for the rest. `cells(table)`: the
same as CSV cells. Rows in the accessors' order, which is the CSV's.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import rusdata
from rusdata.package.reader import installed
from rusdata.schema.columns import LIST_DELIMITER, Column, tables


def _value(col: Column, record: Any) -> Any:
    # Link-table keys have no model field of their own (source None): read them by name.
    v = getattr(record, col.source or col.name)
    if col.derived and v is not None:
        v = getattr(v, col.derived)
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, str):
        return str(v)  # PartialDate is a str subclass
    return list(v) if isinstance(v, list) else v


def values(name: str) -> list[list[Any]]:
    t = tables()[name]
    return [[_value(c, r) for c in t.columns] for r in rusdata.load(name)]


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return LIST_DELIMITER.join(v)
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def cells(name: str) -> list[list[str]]:
    return [[cell(v) for v in row] for row in values(name)]


def scalar(col: Column, v: Any) -> Any:
    """A value as a CSV reader that knows only Table Schema types sees it: lists stay text."""
    if col.is_list:
        return LIST_DELIMITER.join(v) or None
    return v


def csv_path(name: str) -> str:
    package = installed()
    assert package.root is not None
    return str(package.root / package.resource(name)["path"])


def csv_rows(name: str) -> list[list[str]]:
    """The packaged CSV, read with the stdlib (header dropped)."""
    with open(csv_path(name), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def _exact(n: float | Decimal) -> Decimal:
    return Decimal(repr(n)) if isinstance(n, float) else n


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type, except that numbers compare by value as printed
    (46.0 == Decimal('46') == Decimal('46.000000000'))."""
    if isinstance(a, float | Decimal) and isinstance(b, float | Decimal):
        return _exact(a) == _exact(b)
    return type(a) is type(b) and a == b


def assert_rows_equal(name: str, got: list[list[Any]], want: list[list[Any]]) -> None:
    cols = tables()[name].columns
    assert len(got) == len(want) > 0, name
    for g, w in zip(got, want, strict=True):
        for col, x, y in zip(cols, g, w, strict=True):
            assert same(x, y), f"{name}.{col.name} of {w[0]}: {x!r} != {y!r}"
