"""rusdata: a citable dataset of Russia–Pakistan relations, every record backed by a quote.

    >>> import rusdata
    >>> visits = rusdata.visits()          # frozen dataclasses, with their citations
    >>> rusdata.tables()                   # every table's name, timeline first
    >>> v = rusdata.get("visits", "lavrov-islamabad-2021-04")    # one record by id
    >>> rusdata.follow(v.citations[0], "source")                 # the record a reference names
    >>> rusdata.descriptor_path()          # datapackage.json, for frictionless or any DP tool

Importing rusdata, and reading records with the accessors, `get` and `follow`, loads only the
standard library. pydantic loads for `record.model()`, `stated()`, the DataFrames, and to
validate a packaged CSV edited after the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas
    import polars


from rusdata.package import accessors as _accessors

# One accessor per registered table (`rusdata.visits()`), generated from the registry.
from rusdata.package.accessors import *  # noqa: F403

__all__ = [
    "__version__",  # noqa: F405 (module __getattr__)
    "descriptor_path",
    "follow",
    "frame",
    "get",
    "load",
    "polars_frame",
    "stated",
    "tables",
    *_accessors.__all__,
]


def descriptor_path() -> Path:
    """Path of the installed `datapackage.json` (`frictionless.Package(descriptor_path())`)."""
    from rusdata.package.reader import DESCRIPTOR, data_root

    return data_root() / DESCRIPTOR


def tables() -> list[str]:
    """The name of every table in the package, in the descriptor's order (timeline first)."""
    from rusdata.package.reader import installed

    return installed().names


def load(table: str) -> list[Any]:
    """Every record of `table` (a name from `tables()`), in the CSV's order (by id; the
    timeline by date)."""
    from rusdata.package.records import records

    return records(table)


def get(table: str, id: str) -> Any:
    """The record of `table` whose id is `id` (an error, with the closest ids, if none is)."""
    from rusdata.package.records import get as _get

    return _get(table, id)


def follow(record: Any, field: str) -> Any:
    """The record that `record.field` refers to (a list of them for a list field; None if the
    field is empty): e.g. `follow(transfer, "agreement_id")`, `follow(citation, "source")`,
    `follow(version, "target_id")`."""
    from rusdata.package.records import follow as _follow

    return _follow(record, field)


def stated(table: str) -> list[Any]:
    """The records of `table` with only the values the texts state: each inferred field
    blanked (`None`, or `[]` for a list; the record's `inferred` still says why), each
    inferred item taken out of its list, and rows of `record_people`, `discrepancy_records`
    and `timeline` whose field (or person) is inferred dropped."""
    from rusdata.package.stated import stated_records

    return stated_records(table)


# DataFrames need the optional extras: rusdata.exports.frames imports pandas/polars only when called.
def frame(table: str, stated_only: bool = False) -> pandas.DataFrame:
    """Table `table` as a pandas DataFrame with dtypes from the models (`rusdata[pandas]`);
    `stated_only=True` keeps only stated values, as `stated` does."""
    from rusdata.exports.frames import pandas_frame

    return pandas_frame(table, stated_only)


def polars_frame(table: str, stated_only: bool = False) -> polars.DataFrame:
    """Table `table` as a polars DataFrame with dtypes from the models (`rusdata[polars]`);
    `stated_only=True` keeps only stated values, as `stated` does."""
    from rusdata.exports.frames import polars_frame as _polars_frame

    return _polars_frame(table, stated_only)


def __getattr__(name: str) -> Any:
    # Lazy, so that importing rusdata reads no file.
    if name == "__version__":
        from rusdata.package.reader import installed

        return installed().version
    raise AttributeError(f"module 'rusdata' has no attribute {name!r}")
