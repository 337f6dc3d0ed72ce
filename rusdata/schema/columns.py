"""Models → tables: the columns of every CSV resource, derived from the pydantic models.

Each record table is one CSV; each `Link`-marked list of child models (citations, people,
discrepancy versions) becomes its own link table keyed by `(table, record_id, ordinal)`, and a
`Link`-marked mapping (`inferred`) one keyed by `(table, record_id, <key column>)`.
Everything that writes or reads a CSV, or describes one (Table Schema, docs), uses these
`Column`s, so the layout is stated once.
"""

from __future__ import annotations

import builtins
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from rusdata.schema.countries import check_code
from rusdata.schema.dates import PATTERN as DATE_PATTERN
from rusdata.schema.dates import PartialDate
from rusdata.schema.fields import LIST_DELIMITER, column_name, fields_with, marker, unwrap
from rusdata.schema.models import (
    COMPANIONS,
    GENERATED,
    LINK_KEYS,
    LINK_TABLES,
    SLUG,
    TABLES,
    Kind,
    Label,
    Link,
    LinkRow,
    Record,
    Ref,
)
from rusdata.schema.vocab import DateQualifier, Precision, Vocab


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date
    description: str
    required: bool = False
    enum: builtins.type[Vocab] | None = None  # `type` is a field here
    literal: tuple[str, ...] = ()  # allowed values without labels (e.g. table names)
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    ref: str | None = None  # foreign key: the table whose `id` this column holds
    source: str | None = None  # the model field it is read from (None: a key or derived)
    derived: str | None = None  # "precision" / "start" / "end" of the PartialDate in `source`
    is_list: bool = False  # a YAML list, stored as one string joined by LIST_DELIMITER
    country: bool = False  # holds country codes (rusdata.schema.countries)

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

    @property
    def kind(self) -> Kind:
        """Fact, reference, link or derived, as the table is declared."""
        if self.generated:
            return Kind.DERIVED
        return Kind.LINK if self.owners else self.model.table.kind  # type: ignore[attr-defined]

    @property
    def labels(self) -> tuple[str, ...]:
        """The columns marked `Label`, preferred first: the words that tell a row apart."""
        return labels(self.model)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def owner_field(self, owner: str) -> str:
        """A link table's field in `owner`'s records (e.g. `people` for record_people)."""
        return next(f for f, name in tables()[owner].links.items() if name == self.name)


@cache
def labels(model: type[BaseModel]) -> tuple[str, ...]:
    """The model's fields marked `Label`, preferred first (a fallback label last)."""
    fallback = {
        n for n, info in model.model_fields.items() if (m := marker(info, Label)) and m.fallback
    }
    marked = fields_with(model, Label)
    return tuple(sorted(marked, key=lambda n: n in fallback))


def _limits(meta: list[Any]) -> dict[str, Any]:
    """pattern / max_length / minimum / maximum from StringConstraints and annotated_types."""
    out: dict[str, Any] = {}
    pairs = (
        ("pattern", "pattern"),
        ("max_length", "max_length"),
        ("ge", "minimum"),
        ("le", "maximum"),
    )
    for m in meta:
        for attr, key in pairs:
            value = getattr(m, attr, None)
            if value is not None:
                out[key] = value
    return out


def _is_country(meta: list[Any]) -> bool:
    return any(getattr(m, "func", None) is check_code for m in meta)


def _field_columns(name: str, info: FieldInfo) -> list[Column]:
    base, meta, optional = unwrap(info.annotation)
    meta = meta + list(info.metadata)
    required = info.is_required() and not optional
    desc = info.description or ""
    found = marker(info, Ref)
    ref = found.table if found else None
    limits = _limits(meta)
    column = column_name(name, ref is not None)
    common: dict[str, Any] = dict(description=desc, required=required, ref=ref, source=name)
    if base is PartialDate:
        return [
            Column(column, "string", desc, required, pattern=DATE_PATTERN, source=name),
            Column(
                f"{name}_precision",
                "string",
                f"Precision of `{name}` (derived)",
                enum=Precision,
                source=name,
                derived="precision",
            ),
            Column(
                f"{name}_start",
                "date",
                f"First day `{name}` can mean (derived)",
                source=name,
                derived="start",
            ),
            Column(
                f"{name}_end",
                "date",
                f"Last day `{name}` can mean (derived)",
                source=name,
                derived="end",
            ),
        ]
    if isinstance(base, type) and issubclass(base, Vocab):
        return [Column(column, "string", enum=base, **common)]
    if typing.get_origin(base) is typing.Literal:
        return [Column(column, "string", literal=typing.get_args(base), **common)]
    if base is str:
        return [Column(column, "string", **limits, country=_is_country(meta), **common)]
    if base is int:
        return [
            Column(
                column,
                "integer",
                minimum=limits.get("minimum"),
                maximum=limits.get("maximum"),
                **common,
            )
        ]
    if base is Decimal:
        return [Column(column, "number", **common)]
    if typing.get_origin(base) is list:
        # The DP v2 profile has no list type: a string of items joined by ';', whose pattern
        # repeats the item's.
        _, item_meta, _ = unwrap(typing.get_args(base)[0])
        item = _limits(item_meta)["pattern"].removeprefix("^").removesuffix("$")
        pattern = f"^({item})({LIST_DELIMITER}({item}))*$"
        desc = f"{desc} (several values separated by '{LIST_DELIMITER}')"
        return [
            Column(
                column,
                "string",
                desc,
                required,
                pattern=pattern,
                ref=ref,
                source=name,
                is_list=True,
                country=_is_country(item_meta),
            )
        ]
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
        if link := marker(info, Link):
            out[name] = link.table
    return out


def _child_model(model: type[Record], field_name: str) -> type[BaseModel]:
    info = model.model_fields[field_name]
    link = marker(info, Link)
    assert link is not None, field_name
    return link.child or typing.get_args(unwrap(info.annotation)[0])[0]


def mapping_key(child: type[BaseModel]) -> str | None:
    """The key field of a mapping's child model (its first field), or None for a list's child."""
    for model in TABLES.values():
        for info in model.model_fields.values():
            link = marker(info, Link)
            if link is not None and link.child is child:
                return next(iter(child.model_fields))
    return None


def _date_companions(model: type[BaseModel]) -> None:
    """Every partial date `X` of a model has `X_qualifier` and `X_text` beside it: declared
    with `dated(...)`, which adds them."""
    fields = model.model_fields
    for name, info in fields.items():
        if unwrap(info.annotation)[0] is not PartialDate:
            continue
        for suffix, kind in zip(COMPANIONS, (DateQualifier, str), strict=True):
            other = fields.get(name + suffix)
            if other is None or unwrap(other.annotation)[0] is not kind:
                raise TypeError(
                    f"{model.__name__}.{name}: needs a field {name}{suffix} ({kind}); declare "
                    f"the date with `{name}: PartialDate | None = dated(...)`"
                )


@cache
def tables() -> dict[str, Table]:
    """Every resource of the package: the timeline, record tables, then link tables."""
    out: dict[str, Table] = {}
    for name, (info, model) in GENERATED.items():
        out[name] = Table(
            name,
            info.title,
            info.description,
            info.row,
            tuple(_model_columns(model, set())),
            ("table", "record_id", "date_field"),
            model,
            generated=True,
        )
    link_owners: dict[str, list[tuple[str, type[BaseModel]]]] = {}
    for name, model in TABLES.items():
        links = _links(model)
        for fname, link in links.items():
            link_owners.setdefault(link, []).append((name, _child_model(model, fname)))
        _date_companions(model)
        info = model.table
        out[name] = Table(
            name,
            info.title,
            info.description,
            info.row,
            tuple(_model_columns(model, set(links))),
            ("id",),
            model,
            links=links,
        )
    # Mappings (inferences) after the lists: the quotes and people read first.
    ordered = sorted(link_owners.items(), key=lambda kv: mapping_key(kv[1][0][1]) is not None)
    for link, owners in ordered:
        child = owners[0][1]
        assert all(c is child for _, c in owners), f"{link}: one child model per link table"
        names = tuple(n for n, _ in owners)
        table_key, record_key, ordinal_key = LINK_KEYS
        described = {k: LinkRow.model_fields[k].description or "" for k in LINK_KEYS}
        keys = [
            Column(table_key, "string", described[table_key], required=True, literal=names),
            Column(
                record_key,
                "string",
                described[record_key],
                required=True,
                pattern=SLUG,
                ref=names[0] if len(names) == 1 else None,
            ),
        ]
        key = mapping_key(child)
        if key is None:
            keys.append(
                Column(ordinal_key, "integer", described[ordinal_key], required=True, minimum=1)
            )
            child_columns = _model_columns(child, set())
        else:  # a mapping: its key is a column, limited to the owners' inferable fields
            child_columns = [_mapping_key_column(key, child, owners)]
            child_columns += _model_columns(child, {key})
        info = LINK_TABLES[link]
        out[link] = Table(
            link,
            info.title,
            info.description,
            info.row,
            tuple(keys + child_columns),
            (table_key, record_key, key or ordinal_key),
            child,
            owners=names,
            keyed_by=key,
        )
    return out


def _mapping_key_column(
    key: str, child: type[BaseModel], owners: list[tuple[str, type[BaseModel]]]
) -> Column:
    """The key column of a mapping's link table: its values are the fields it may name, or
    an item of a list field that may be marked by item (`parties[PAK]`)."""
    (col,) = _field_columns(key, child.model_fields[key])
    allowed = sorted({f for name, _ in owners for f in TABLES[name].inferable()})  # type: ignore[attr-defined]
    itemized = sorted({f for name, _ in owners for f in TABLES[name].itemized()})  # type: ignore[attr-defined]
    if not itemized:
        return Column(
            col.name, col.type, col.description, required=True, literal=tuple(allowed), source=key
        )
    each = rf"({'|'.join(itemized)})\[\S(.*\S)?\]"
    pattern = f"^({'|'.join(allowed)}|{each})$"
    return Column(col.name, col.type, col.description, required=True, pattern=pattern, source=key)
