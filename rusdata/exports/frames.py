"""Tables as pandas and polars DataFrames, with dtypes from the models (optional extras).

`rusdata.frame("visits")` and `rusdata.polars_frame("visits")` call these. Rows are in
primary-key order; one column per CSV column, in the same order. Dtypes, decided per `Column`:

| Column                          | pandas                          | polars                    |
| ------------------------------- | ------------------------------- | ------------------------- |
| enum / fixed set (`allowed`)    | `category`, vocabulary order    | `Enum`, vocabulary order  |
| integer                         | `Int64` (nullable)              | `Int64`                   |
| number                          | `Float64` (nullable), exact*    | `Decimal(38, 9)`, exact   |
| date (`<f>_start`, `<f>_end`)   | `datetime64[s]`                 | `Date`                    |
| `;`-list                        | `object`: a Python `list[str]`  | `List(String)`            |
| other strings, partial dates    | `string` (nullable)             | `String`                  |

Empty cells are nulls (`<NA>`/`NaT`/`NaN` in a categorical; polars `null`), and an empty list
column is `[]`. The partial date itself (`date`: `2015`, `2014-11`, `197X`, `A/B`) stays a
string beside its derived `_precision` (categorical) and `_start`/`_end` (dates).

\\* pandas has no decimal dtype without pyarrow, so numbers are `Float64`; a value the float
would not print back exactly raises instead of being rounded (`rusdata.package.cells.as_float`).
pandas' date dtype is `datetime64[s]` (seconds) rather than nanoseconds, whose range ends in 2262.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rusdata.package.cells import (
    NUMBER_PRECISION,
    NUMBER_SCALE,
    as_float,
    by_type,
    columns,
    require,
    table,
)
from rusdata.schema.columns import Column

if TYPE_CHECKING:
    import pandas
    import polars


def pandas_dtype(col: Column) -> Any:
    """The pandas dtype of a column (see the module docstring)."""
    pd = require("pandas", "pandas")
    if col.allowed:
        return pd.CategoricalDtype(list(col.allowed), ordered=False)
    if col.is_list:
        return object
    return by_type(
        col,
        {
            "string": pd.StringDtype(),
            "integer": pd.Int64Dtype(),
            "number": pd.Float64Dtype(),
            "date": "datetime64[s]",
        },
    )


def pandas_frame(name: str, stated_only: bool = False) -> pandas.DataFrame:
    """Table `name` as a pandas DataFrame (needs `rusdata[pandas]`); with `stated_only`, only
    the values the texts state (`rusdata.stated`)."""
    pd = require("pandas", "pandas")
    t = table(name)
    data: dict[str, Any] = {}
    for col, values in zip(t.columns, columns(t, stated_only).values(), strict=True):
        if col.type == "number":
            values = as_float(col, values)
        data[col.name] = pd.Series(values, dtype=pandas_dtype(col), name=col.name)
    return pd.DataFrame(data, columns=[c.name for c in t.columns])


def polars_dtype(col: Column) -> Any:
    """The polars dtype of a column (see the module docstring)."""
    pl = require("polars", "polars")
    if col.allowed:
        return pl.Enum(list(col.allowed))
    if col.is_list:
        return pl.List(pl.String)
    return by_type(
        col,
        {
            "string": pl.String,
            "integer": pl.Int64,
            "number": pl.Decimal(NUMBER_PRECISION, NUMBER_SCALE),
            "date": pl.Date,
        },
    )


def polars_frame(name: str, stated_only: bool = False) -> polars.DataFrame:
    """Table `name` as a polars DataFrame (needs `rusdata[polars]`); with `stated_only`, only
    the values the texts state (`rusdata.stated`)."""
    pl = require("polars", "polars")
    t = table(name)
    return pl.DataFrame(
        [
            pl.Series(col.name, values, dtype=polars_dtype(col))
            for col, values in zip(t.columns, columns(t, stated_only).values(), strict=True)
        ]
    )
