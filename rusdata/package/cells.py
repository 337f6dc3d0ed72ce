"""The packaged CSV cells as typed Python values: what every export (frames, SQLite, Parquet) reads.

Exports never read the YAML: they read the CSVs listed in the installed `datapackage.json`
(`rusdata.package.reader.installed()`, the reader the accessors use), so they work from a wheel
in any directory. One function turns a cell into a value by its `Column`, the same for every
target:

- empty cell → `None`, except in a list column, where it is `[]` (the models have no optional
  lists: a record that names no alias has an empty list, as the accessors return);
- `integer` → `int`; `number` → `Decimal` (exact, as written); `date` → `datetime.date`;
- a list column → `list[str]`, split on `;`; everything else (enums, partial dates) → `str`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Any

from rusdata.errors import RusdataError, unknown
from rusdata.package.reader import Package, installed
from rusdata.package.records import checked_rows
from rusdata.schema.columns import LIST_DELIMITER, Column, Table, tables

# Decimal columns in Parquet and polars: 38 digits (the most decimal128 holds), 9 after the
# point. Fixed rather than fitted to the data, so a new value never changes a file's schema; a
# value with more than 9 decimals makes pyarrow/polars raise instead of rounding it.
NUMBER_PRECISION = 38
NUMBER_SCALE = 9


class MissingExtra(RusdataError):
    """An optional dependency is not installed (reported as one line, exit status 1)."""


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f'{module} is not installed; install it with: pip install "rusdata[{extra}]"'
        ) from None


def descriptor() -> dict[str, Any]:
    """The installed `datapackage.json`."""
    return installed().descriptor


def table(name: str) -> Table:
    try:
        return tables()[name]
    except KeyError:
        raise unknown("table", name, list(tables())) from None


def cells(t: Table, package: Package | None = None) -> list[list[str]]:
    """The rows of `t`'s packaged CSV, as strings, in the CSV's order: the build's canonical
    order (primary key; the timeline by date), which every export keeps."""
    package = package or installed()
    if t.name not in package.names:
        raise RusdataError(f"datapackage.json has no resource {t.name!r}; run `rusdata build`")
    header, rows, _ = package.rows(t.name)  # the accessors' reader, cached
    expected = tuple(c.name for c in t.columns)
    if header != expected:  # a stale CSV against newer models: refuse to guess
        path = package.resource(t.name)["path"]
        raise RusdataError(
            f"{path}: columns {list(header)} differ from the models' {list(expected)}"
        )
    checked_rows(t.name, package)  # changed since the build: held to what the accessors take
    return [list(r) for r in rows]


def by_type(col: Column, mapping: dict[str, Any]) -> Any:
    """`mapping[col.type]`, or an error naming the type no export has a mapping for yet."""
    try:
        return mapping[col.type]
    except KeyError:
        raise RusdataError(
            f"{col.name}: no export type for Table Schema type {col.type!r}"
        ) from None


def value(col: Column, cell: str) -> Any:
    """One cell as a Python value (see the module docstring)."""
    if col.is_list:
        return cell.split(LIST_DELIMITER) if cell else []
    if cell == "":
        return None
    if col.type == "integer":
        return int(cell)
    if col.type == "number":
        return Decimal(cell)
    if col.type == "date":
        return dt.date.fromisoformat(cell)
    return cell


def columns(t: Table, stated_only: bool = False) -> dict[str, list[Any]]:
    """Every column of `t` as a list of typed values, rows in primary-key order; with
    `stated_only`, inferred values blanked or their rows dropped (`rusdata.stated`)."""
    rows = cells(t)
    if stated_only:
        from rusdata.package.stated import stated_cells

        rows = stated_cells(t, rows)
    try:
        return {c.name: [value(c, r[i]) for r in rows] for i, c in enumerate(t.columns)}
    except (ValueError, ArithmeticError):  # a hash-matching file not of rusdata's build
        for r in rows:
            for i, c in enumerate(t.columns):
                try:
                    value(c, r[i])
                except (ValueError, ArithmeticError):
                    raise RusdataError(
                        f"{t.name}: row {r[0]!r}: {c.name}: {r[i]!r} is not a {c.type}"
                    ) from None
        raise


def rows_as(t: Table, convert: Callable[[Column, list[Any]], list[Any]]) -> list[list[Any]]:
    """`t`'s rows, each column's typed values (as `columns` gives them) first passed through
    `convert(column, values)`: what a target without lists or decimals needs, in one place."""
    typed = columns(t)
    converted = [convert(c, typed[c.name]) for c in t.columns]
    return [list(row) for row in zip(*converted, strict=True)]


def as_float(col: Column, numbers: list[Decimal | None]) -> list[float | None]:
    """Decimals as floats, refusing any the float does not print back exactly.

    For targets without a decimal type (pandas, SQLite REAL): `Decimal(repr(f)) == d` means the
    float shows the value as written (790000000 → 790000000.0, 1.6 → 1.6), so nothing is
    silently rounded; a value beyond that raises instead.
    """
    out: list[float | None] = []
    for d in numbers:
        if d is None:
            out.append(None)
            continue
        f = float(d)
        if Decimal(repr(f)) != d:
            raise RusdataError(f"{col.name}: {d} cannot be stored as a float without rounding")
        out.append(f)
    return out
