"""The package as Parquet, one file per table, Arrow types from the models (needs pyarrow).

`rusdata export parquet DIR` writes `DIR/<table>.parquet`. Arrow types, per `Column`:

| Column                        | Arrow type                                           |
| ----------------------------- | ---------------------------------------------------- |
| enum / fixed set (`allowed`)  | `dictionary<int32, string>`, dictionary = every allowed value in vocabulary order |
| integer                       | `int64`                                              |
| number                        | `decimal128(38, 9)`: exact; a value with more decimals raises |
| date (`<f>_start`, `<f>_end`) | `date32`                                             |
| `;`-list                      | `list<string>` (an empty cell is `[]`)               |
| other strings, partial dates  | `string`                                             |

Required columns are non-nullable fields. Each field's metadata carries its `description`
(and `allowed` values); the schema's metadata carries the table's `title`, `description`,
`primary_key` and the dataset `version`. pandas reads dictionaries back as categoricals and
decimals as `Decimal` objects; polars as `Categorical` and `Decimal`.

Files are byte-identical for one pyarrow version (no timestamps; `created_by` names the
version); compare across versions with `pyarrow.Table.equals`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rusdata.build.atomic import replacing
from rusdata.errors import RusdataError
from rusdata.package.cells import (
    NUMBER_PRECISION,
    NUMBER_SCALE,
    by_type,
    columns,
    descriptor,
    require,
    table,
)
from rusdata.schema.columns import Column, tables

if TYPE_CHECKING:
    import pyarrow


def _pa() -> Any:
    return require("pyarrow", "parquet")


def arrow_type(col: Column) -> pyarrow.DataType:
    """The Arrow type of a column (see the module docstring)."""
    pa = _pa()
    if col.allowed:
        return pa.dictionary(pa.int32(), pa.string())
    if col.is_list:
        return pa.list_(pa.string())
    return by_type(
        col,
        {
            "string": pa.string(),
            "integer": pa.int64(),
            "number": pa.decimal128(NUMBER_PRECISION, NUMBER_SCALE),
            "date": pa.date32(),
        },
    )


def arrow_field(col: Column) -> pyarrow.Field:
    meta = {"description": col.description}
    if col.allowed:
        meta["allowed"] = json.dumps(list(col.allowed), ensure_ascii=False)
    return _pa().field(col.name, arrow_type(col), nullable=not col.required, metadata=meta)


def _array(col: Column, values: list[Any]) -> pyarrow.Array:
    pa = _pa()
    if col.allowed:  # indices into the full vocabulary, so unused categories are kept
        index = {v: i for i, v in enumerate(col.allowed)}
        unknown = sorted({v for v in values if v is not None and v not in index})
        if unknown:
            raise RusdataError(f"{col.name}: values outside its vocabulary: {unknown}")
        indices = pa.array([None if v is None else index[v] for v in values], pa.int32())
        return pa.DictionaryArray.from_arrays(indices, pa.array(list(col.allowed), pa.string()))
    return pa.array(values, arrow_type(col))


def arrow_table(name: str) -> pyarrow.Table:
    """Table `name` as an Arrow table with the types above, rows in primary-key order."""
    pa = _pa()
    t = table(name)
    meta = {
        "title": t.title,
        "description": t.description,
        "primary_key": json.dumps(list(t.primary_key)),
        "version": descriptor()["version"],
    }
    schema = pa.schema([arrow_field(c) for c in t.columns], metadata=meta)
    arrays = [_array(c, v) for c, v in zip(t.columns, columns(t).values(), strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(directory: Path) -> list[Path]:
    """Write `<table>.parquet` for every table into `directory`, each replaced atomically."""
    pq = require("pyarrow.parquet", "parquet")
    built = {name: arrow_table(name) for name in tables()}  # all or nothing: build, then write
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in built.items():
        path = directory / f"{name}.parquet"
        with replacing(path) as tmp:
            pq.write_table(data, tmp, compression="zstd")
        written.append(path)
    return written


# ---------------------------------------------------------------- `rusdata export parquet`

FORMAT = "parquet"
HELP = "one Parquet file per table"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="DIR", type=Path, help="folder to write <table>.parquet into")


def export(args: argparse.Namespace) -> list[str]:
    paths = write_parquet(args.path)
    return [f"wrote: {len(paths)} Parquet files in {args.path}"]
