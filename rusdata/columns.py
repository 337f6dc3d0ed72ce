"""Models → tables: the columns of every CSV resource, derived from the pydantic models.

Each record table is one CSV; each `Link`-marked list of child models (citations, people,
discrepancy versions) becomes its own link table keyed by `(table, record_id, ordinal)`, and a
`Link`-marked mapping (`inferred`) one keyed by `(table, record_id, <key column>)`.
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
from rusdata.models import GENERATED, SLUG, TABLES, Link, Record, Ref
from rusdata.vocab import Precision, Vocab

LIST_DELIMITER = ";"


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
    keyed_by: str | None = None  # a mapping's link table: the column holding the mapping's key
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
        return [Column(column, "string", **limits, **common)]
    if base is int:
        return [Column(column, "integer", minimum=limits.get("minimum"), **common)]
    if base is Decimal:
        return [Column(column, "number", **common)]
    if typing.get_origin(base) is list:
        # The DP v2 profile has no list type: a string of items joined by ';', whose pattern
        # repeats the item's.
        _, item_meta, _ = _unwrap(typing.get_args(base)[0])
        item = _limits(item_meta)["pattern"].removeprefix("^").removesuffix("$")
        pattern = f"^({item})({LIST_DELIMITER}({item}))*$"
        desc = f"{desc} (several values separated by '{LIST_DELIMITER}')"
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
    info = model.model_fields[field_name]
    base, meta, _ = _unwrap(info.annotation)
    link = next(m for m in meta + list(info.metadata) if isinstance(m, Link))
    return link.child or typing.get_args(base)[0]


def mapping_key(child: type[BaseModel]) -> str | None:
    """The key field of a mapping's child model (its first field), or None for a list's child."""
    for model in TABLES.values():
        for info in model.model_fields.values():
            _, meta, _ = _unwrap(info.annotation)
            link = next((m for m in meta + list(info.metadata) if isinstance(m, Link)), None)
            if link is not None and link.child is child:
                return next(iter(child.model_fields))
    return None


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
    # Mappings (inferences) after the lists: the quotes and people read first.
    ordered = sorted(link_owners.items(), key=lambda kv: mapping_key(kv[1][0][1]) is not None)
    for link, owners in ordered:
        child = owners[0][1]
        assert all(c is child for _, c in owners), f"{link}: one child model per link table"
        names = tuple(n for n, _ in owners)
        keys = [
            Column("table", "string", "The table of the record this row belongs to",
                   required=True, literal=names, source=None),
            Column("record_id", "string", "The id of that record", required=True,
                   pattern=SLUG, ref=names[0] if len(names) == 1 else None),
        ]  # fmt: skip
        key = mapping_key(child)
        if key is None:
            keys.append(Column("ordinal", "integer", "Position in the record's list, from 1",
                               required=True, minimum=1))  # fmt: skip
            child_columns = _model_columns(child, set())
        else:  # a mapping: its key is a column, limited to the owners' inferable fields
            child_columns = [_mapping_key_column(key, child, owners)]
            child_columns += _model_columns(child, {key})
        title, row, description = _LINK_TEXT[link]
        out[link] = Table(
            link, title, description, row, tuple(keys + child_columns),
            ("table", "record_id", key or "ordinal"), child, owners=names, keyed_by=key,
        )  # fmt: skip
    return out


def _mapping_key_column(
    key: str, child: type[BaseModel], owners: list[tuple[str, type[BaseModel]]]
) -> Column:
    """The key column of a mapping's link table: its values are the fields it may name."""
    (col,) = _field_columns(key, child.model_fields[key])
    allowed = sorted({f for name, _ in owners for f in TABLES[name].inferable()})  # type: ignore[attr-defined]
    return Column(col.name, col.type, col.description, required=True, literal=tuple(allowed),
                  source=key)  # fmt: skip


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
    "inferences": (
        "Inferred values",
        "value of a record that is our inference, with the reason: `table`, `record_id`, `field`, "
        "`reason`",
        "One row per value that no quote of its record states: the field it fills and why we "
        "hold it. Every value of a record without a row here is stated by one of the record's "
        "quotes (in `citations`). `record_id` refers to a record of the table named in `table`; "
        "`field` is a column of that table (a date field covers its derived columns).",
    ),
    "discrepancy_records": (
        "Versions in disagreements",
        "version in a disagreement: the record and source that hold it",
        "For each disagreement between the texts, the record and source of each version.",
    ),
}
