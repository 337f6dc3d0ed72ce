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

    from rusdata.package.classes import (
        Agreement,
        ArmsTransfer,
        CitationRow,
        Discrepancy,
        Exercise,
        InferenceRow,
        Milestone,
        ParticipantRow,
        Person,
        PipelineProject,
        Source,
        TimelineEntry,
        TradeFigure,
        VersionRow,
        Visit,
    )

__all__ = [
    "__version__",
    "agreements",
    "arms_transfers",
    "citations",
    "descriptor_path",
    "discrepancies",
    "discrepancy_records",
    "exercises",
    "follow",
    "frame",
    "get",
    "inferences",
    "load",
    "milestones",
    "people",
    "pipelines",
    "polars_frame",
    "record_people",
    "sources",
    "stated",
    "tables",
    "timeline",
    "trade",
    "visits",
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


def timeline() -> list[TimelineEntry]:
    """Every dated event across the fact tables, sorted by date (generated)."""
    return load("timeline")


def visits() -> list[Visit]:
    """High-level contacts: visits, meetings, telephone calls, conferences."""
    return load("visits")


def exercises() -> list[Exercise]:
    """Joint military exercises and drills."""
    return load("exercises")


def arms_transfers() -> list[ArmsTransfer]:
    """Arms transfers, orders, offers and talks (SIPRI-register-like columns)."""
    return load("arms_transfers")


def agreements() -> list[Agreement]:
    """Agreements, memoranda, deals, commissions, working groups, training arrangements."""
    return load("agreements")


def trade() -> list[TradeFigure]:
    """Trade, investment and aid figures."""
    return load("trade")


def pipelines() -> list[PipelineProject]:
    """Pipelines, energy and connectivity projects."""
    return load("pipelines")


def milestones() -> list[Milestone]:
    """Dated turns in the relationship that fit no other table."""
    return load("milestones")


def people() -> list[Person]:
    """Every person the texts name, with roles and spellings."""
    return load("people")


def sources() -> list[Source]:
    """The articles the data is encoded from, with their SHA-256."""
    return load("sources")


def discrepancies() -> list[Discrepancy]:
    """Where the texts disagree, with each version."""
    return load("discrepancies")


def citations() -> list[CitationRow]:
    """Every quote, one row each, with the record it backs."""
    return load("citations")


def record_people() -> list[ParticipantRow]:
    """Which people each record names, and in what role."""
    return load("record_people")


def discrepancy_records() -> list[VersionRow]:
    """The versions of each disagreement."""
    return load("discrepancy_records")


def inferences() -> list[InferenceRow]:
    """Every value that is our inference rather than stated by its record's quotes, with the
    reason: (table, record_id, field, reason). Each record also carries them as `inferred`."""
    return load("inferences")


def stated(table: str) -> list[Any]:
    """The records of `table` with only the values the texts state: each inferred field
    blanked (`None`, or `[]` for a list; the record's `inferred` still says why), and rows of
    `record_people`, `discrepancy_records` and `timeline` whose field is inferred dropped."""
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
