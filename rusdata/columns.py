"""Models → tables: the columns of every CSV resource, derived from the pydantic models.

Each record table is one CSV; each `Link`-marked list of child models (citations, people,
discrepancy versions) becomes its own link table keyed by `(table, record_id, ordinal)`.
Everything that writes or reads a CSV, or describes one (Table Schema, docs), uses these
`Column`s, so the layout is stated once.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from rusdata.dates import PATTERN as DATE_PATTERN
from rusdata.dates import PartialDate
from rusdata.models import GENERATED, SLUG, TABLES, Country, Link, Record, Ref
from rusdata.vocab import Precision, Vocab

LIST_DELIMITER = ";"
# The Country type's pattern and description (rusdata.models.Country), read off the type.
_COUNTRY_META = typing.get_args(Country)[1:]
COUNTRY_PATTERN = next(m.pattern for m in _COUNTRY_META if getattr(m, "pattern", None))
COUNTRY_NOTE = next(m.description for m in _COUNTRY_META if getattr(m, "description", None))


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date
    description: str
    required: bool = False
    enum: type[Vocab] | None = None
    literal: tuple[str, ...] = ()  # allowed values without labels (e.g. table names)
    pattern: str | None = None
    minimum: int | None = None
    max_length: int | None = None
    ref: str | None = None  # foreign key: the table whose `id` this column holds
    source: str | None = None  # the model field it is read from (None: a key or derived)
    derived: str | None = None  # "precision" / "start" / "end" of the PartialDate in `source`
    is_list: bool = False  # a YAML list, stored as one string joined by LIST_DELIMITER

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(m.value for m in self.enum) if self.enum else self.literal


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    row: str  # what one row is
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    model: type[BaseModel]  # the record model, or the child model of a link table
    owners: tuple[str, ...] = ()  # link tables: the record tables whose rows they hold
    links: dict[str, str] = field(default_factory=dict)  # record tables: field -> link table
    generated: bool = False  # derived from the other tables (timeline), not written in YAML

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Strip Optional and Annotated: (base type, collected metadata, optional?)."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = args[0]
        else:
            return annotation, meta, optional


def _limits(meta: list[Any]) -> dict[str, Any]:
    """pattern / max_length / minimum from StringConstraints and annotated_types metadata."""
    out: dict[str, Any] = {}
    for m in meta:
        for attr, key in (("pattern", "pattern"), ("max_length", "max_length"), ("ge", "minimum")):
            value = getattr(m, attr, None)
            if value is not None:
                out[key] = value
    return out


def _coding(pattern: str | None) -> str:
    """The coding standard a value pattern stands for, to append to a column's description
    (the field's own description replaces the one on its type)."""
    return f"; {COUNTRY_NOTE}" if pattern == COUNTRY_PATTERN else ""


def _field_columns(name: str, info: FieldInfo) -> list[Column]:
    base, meta, optional = _unwrap(info.annotation)
    meta = meta + list(info.metadata)
    required = info.is_required() and not optional
    desc = info.description or ""
    ref = next((m.table for m in meta if isinstance(m, Ref)), None)
    limits = _limits(meta)
    column = name if ref is None or name.endswith("_id") else f"{name}_id"
    common = dict(description=desc, required=required, ref=ref, source=name)
    if base is PartialDate:
        return [
            Column(column, "string", desc, required, pattern=DATE_PATTERN, source=name),
            Column(f"{name}_precision", "string", f"Precision of `{name}` (derived)",
                   enum=Precision, source=name, derived="precision"),
            Column(f"{name}_start", "date", f"First day `{name}` can mean (derived)",
                   source=name, derived="start"),
            Column(f"{name}_end", "date", f"Last day `{name}` can mean (derived)",
                   source=name, derived="end"),
        ]  # fmt: skip
    if isinstance(base, type) and issubclass(base, Vocab):
        return [Column(column, "string", enum=base, **common)]
    if typing.get_origin(base) is typing.Literal:
        return [Column(column, "string", literal=typing.get_args(base), **common)]
    if base is str:
        common["description"] = desc + _coding(limits.get("pattern"))
        return [Column(column, "string", **limits, **common)]
    if base is int:
        return [Column(column, "integer", minimum=limits.get("minimum"), **common)]
    if base is Decimal:
        return [Column(column, "number", **common)]
    if typing.get_origin(base) is list:
        # The DP v2 profile has no list type: a string of items joined by ';', whose pattern
        # repeats the item's.
        _, item_meta, _ = _unwrap(typing.get_args(base)[0])
        item_pattern = _limits(item_meta)["pattern"]
        item = item_pattern.removeprefix("^").removesuffix("$")
        pattern = f"^({item})({LIST_DELIMITER}({item}))*$"
        desc = f"{desc}{_coding(item_pattern)} (several values separated by '{LIST_DELIMITER}')"
        return [Column(column, "string", desc, required, pattern=pattern, ref=ref, source=name,
                       is_list=True)]  # fmt: skip
    raise TypeError(f"no column type for field {name}: {base!r}")


def _model_columns(model: type[BaseModel], skip: set[str]) -> list[Column]:
    cols: list[Column] = []
    for name, info in model.model_fields.items():
        if name not in skip:
            cols.extend(_field_columns(name, info))
    # Free-text notes read best as the last column.
    return sorted(cols, key=lambda c: c.source == "note")


def _links(model: type[Record]) -> dict[str, str]:
    out = {}
    for name, info in model.model_fields.items():
        _, meta, _ = _unwrap(info.annotation)
        link = next((m for m in meta + list(info.metadata) if isinstance(m, Link)), None)
        if link:
            out[name] = link.table
    return out


def _child_model(model: type[Record], field_name: str) -> type[BaseModel]:
    base, _, _ = _unwrap(model.model_fields[field_name].annotation)
    return typing.get_args(base)[0]


@cache
def tables() -> dict[str, Table]:
    """Every resource of the package: the timeline, record tables, then link tables."""
    out: dict[str, Table] = {}
    for name, (info, model) in GENERATED.items():
        out[name] = Table(
            name, info.title, info.description, info.row, tuple(_model_columns(model, set())),
            ("table", "record_id", "date_field"), model, generated=True,
        )  # fmt: skip
    link_owners: dict[str, list[tuple[str, type[BaseModel]]]] = {}
    for name, model in TABLES.items():
        links = _links(model)
        for fname, link in links.items():
            link_owners.setdefault(link, []).append((name, _child_model(model, fname)))
        info = model.table
        out[name] = Table(
            name, info.title, info.description, info.row,
            tuple(_model_columns(model, set(links))),
            ("id",), model, links=links,
        )  # fmt: skip
    for link, owners in link_owners.items():
        child = owners[0][1]
        assert all(c is child for _, c in owners), f"{link}: one child model per link table"
        names = tuple(n for n, _ in owners)
        keys = [
            Column("table", "string", "The table of the record this row belongs to",
                   required=True, literal=names, source=None),
            Column("record_id", "string", "The id of that record", required=True,
                   pattern=SLUG, ref=names[0] if len(names) == 1 else None),
            Column("ordinal", "integer", "Position in the record's list, from 1",
                   required=True, minimum=1),
        ]  # fmt: skip
        title, row, description = _LINK_TEXT[link]
        out[link] = Table(
            link, title, description, row, tuple(keys + _model_columns(child, set())),
            ("table", "record_id", "ordinal"), child, owners=names,
        )  # fmt: skip
    return out


_LINK_TEXT = {
    "citations": (
        "Citations",
        "quote: `table`, `record_id`, `ordinal`, `source_id`, `quote`, `locator`, `speaker_id`",
        "One row per quote: the verbatim text, from which source, backing which record. "
        "`record_id` refers to a record of the table named in `table`.",
    ),
    "record_people": (
        "People in records",
        "person named in a record, with a role",
        "Which people each record names, and in what role.",
    ),
    "discrepancy_records": (
        "Versions in disagreements",
        "version in a disagreement: the record and source that hold it",
        "For each disagreement between the texts, the record and source of each version.",
    ),
}
