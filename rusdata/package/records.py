"""The built package's CSVs back as typed records: the accessors behind `rusdata.visits()`.

Kept light for a cold `import rusdata; rusdata.visits()`: the packaged CSVs were validated when
they were built, so a file whose SHA-256 matches its `datapackage.json` entry is filled in with
`model_construct` (no validator is built), through a layout of only the model the call needs.
A file that does not match (edited after the build) is validated in full instead.
"""

from __future__ import annotations

import gc
import typing
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from rusdata.errors import RusdataError, did_you_mean
from rusdata.package.reader import Package, installed
from rusdata.schema.fields import LIST_DELIMITER, column_name, unwrap

if TYPE_CHECKING:
    from pydantic import BaseModel

Convert = Callable[[str], Any]


class Layout(typing.NamedTuple):
    """How one model is read from a CSV row: (column, field, convert) per stored field."""

    model: type[BaseModel]
    fields: tuple[tuple[str, str, Convert], ...]
    links: tuple[tuple[str, str, Any], ...]  # (field, link table, child model)
    mappings: frozenset[str] = frozenset()  # link tables that hold a mapping (inferred)


def _convert(annotation: Any, metadata: list[Any]) -> tuple[Convert, bool, Any]:
    """(cell -> value, is a foreign key, Link or None) for a field's annotation."""
    from decimal import Decimal

    from rusdata.schema.dates import PartialDate
    from rusdata.schema.models import Link, Ref
    from rusdata.schema.vocab import Vocab

    annotation, extra, _ = unwrap(annotation)
    meta = list(metadata) + extra
    is_ref = any(isinstance(m, Ref) for m in meta)
    link = next((m for m in meta if isinstance(m, Link)), None)
    if link is not None:
        return link.child or typing.get_args(annotation)[0], is_ref, link  # the child model
    convert: Convert = str  # str, Literal
    if annotation is PartialDate:
        convert = PartialDate.parse
    elif annotation in (int, Decimal) or (
        isinstance(annotation, type) and issubclass(annotation, Vocab)
    ):
        convert = annotation
    elif typing.get_origin(annotation) is list:
        convert = _split
    return convert, is_ref, link


def _split(cell: str) -> list[str]:
    return cell.split(LIST_DELIMITER)


@cache
def layout(model: type[BaseModel]) -> Layout:
    """The read layout of one model: only its own fields are introspected."""
    fields, links, mappings = [], [], set()
    for name, info in model.model_fields.items():
        convert, is_ref, link = _convert(info.annotation, info.metadata)
        if link is not None:
            links.append((name, link.table, convert))
            if link.child is not None:
                mappings.add(link.table)
            continue
        fields.append((column_name(name, is_ref), name, convert))
    return Layout(model, tuple(fields), tuple(links), frozenset(mappings))


@cache
def _child(link: str) -> type[BaseModel]:
    """The child model a link table holds."""
    from rusdata.schema.models import TABLES

    for model in TABLES.values():
        for _, table, child in layout(model).links:
            if table == link:
                return child
    raise KeyError(link)


def _make(lay: Layout, header: tuple[str, ...], trusted: bool) -> Callable[..., Any]:
    """A function (row, extra fields) -> model, for rows of a file with this header."""
    at = {c: i for i, c in enumerate(header)}
    plan = [(at[col], name, convert) for col, name, convert in lay.fields if col in at]
    if not trusted:  # the validator takes the cells as they are, lists split
        plan = [(i, name, _split if c is _split else str) for i, name, c in plan]
    model = lay.model

    def make(row: tuple[str, ...], extra: dict[str, Any]) -> Any:
        data = dict(extra)
        for i, name, convert in plan:
            cell = row[i]
            if cell != "":  # an empty cell: not stated, the field's default
                data[name] = convert(cell)
        return model.model_construct(**data) if trusted else model.model_validate(data)

    return make


_CHILDREN: dict[tuple[Package, str], dict[tuple[str, str], list[Any]]] = {}


def _children(package: Package, link: str) -> dict[tuple[str, str], list[Any]]:
    """Link-table rows grouped by (table, record_id), in ordinal order, as child models."""
    key = (package, link)
    if key not in _CHILDREN:
        from rusdata.schema.models import LINK_KEYS

        header, rows, trusted = package.rows(link)
        make = _make(layout(_child(link)), header, trusted)
        t, r, o = (header.index(k) for k in LINK_KEYS)
        grouped: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)
        for row in rows:
            grouped[row[t], row[r]].append((int(row[o]), make(row, {})))
        _CHILDREN[key] = {
            k: [child for _, child in sorted(v, key=lambda p: p[0])] for k, v in grouped.items()
        }
    return _CHILDREN[key]


_MAPPINGS: dict[tuple[Package, str], dict[tuple[str, str], dict[str, str]]] = {}


def _mapping(package: Package, link: str) -> dict[tuple[str, str], dict[str, str]]:
    """A mapping's link-table rows grouped by (table, record_id): {key: value} (`inferred`)."""
    if (package, link) not in _MAPPINGS:
        header, rows, _ = package.rows(link)
        key, value = _child(link).model_fields
        t, r, k, v = (header.index(c) for c in ("table", "record_id", key, value))
        grouped: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for row in rows:
            grouped[row[t], row[r]][row[k]] = row[v]
        _MAPPINGS[package, link] = dict(grouped)
    return _MAPPINGS[package, link]


def records(name: str, package: Package | None = None) -> list[Any]:
    """Every record of table `name` as frozen models, in the CSV's order (primary key; the
    timeline by date), from `package` (default: the installed one)."""
    enabled = gc.isenabled()
    gc.disable()  # many small acyclic objects: the cyclic GC would only rescan them
    try:
        return _records(package or installed(), name)
    finally:
        if enabled:
            gc.enable()


def _records(package: Package, name: str) -> list[Any]:
    from rusdata.schema import models

    header, rows, trusted = package.rows(name)  # an unknown name: a did-you-mean error
    model: type[BaseModel] | None = models.TABLES.get(name)
    if model is None and name in models.GENERATED:  # derived at build time (timeline)
        model = models.GENERATED[name][1]
    if model is None:  # a link table: its own row model, keys included
        make = _make(layout(models.ROW_MODELS[_child(name)]), header, trusted)  # type: ignore[index]
        return [make(row, {}) for row in rows]
    lay = layout(model)
    make = _make(lay, header, trusted)
    if not lay.links:
        return [make(row, {}) for row in rows]
    at_id = header.index("id")
    children: list[tuple[str, dict[tuple[str, str], Any], Any]] = [
        (f, _mapping(package, link), {})
        if link in lay.mappings
        else (f, _children(package, link), [])
        for f, link, _ in lay.links
    ]
    return [
        make(row, {f: kids.get((name, row[at_id]), empty) for f, kids, empty in children})
        for row in rows
    ]


# ---------------------------------------------------------------- one record, and references

_BY_ID: dict[tuple[Package, str], dict[str, Any]] = {}


def get(table: str, record_id: str, package: Package | None = None) -> Any:
    """The record of `table` whose id is `record_id`."""
    package = package or installed()
    if (package, table) not in _BY_ID:
        rows = records(table, package)
        if "id" not in package.rows(table).header:
            raise RusdataError(
                f"{table} has no id column (a link or generated table); use rusdata.load({table!r})"
            )
        _BY_ID[package, table] = {r.id: r for r in rows}
    by_id = _BY_ID[package, table]
    if record_id not in by_id:
        raise RusdataError(
            f"no record {record_id!r} in {table}{did_you_mean(record_id, list(by_id))}"
        )
    return by_id[record_id]


def references(model: type[BaseModel]) -> dict[str, Any]:
    """Each reference field of `model` → its `Ref` (the table it names, or the field that does)."""
    from rusdata.schema.models import Ref

    out = {}
    for name, info in model.model_fields.items():
        _, meta, _ = unwrap(info.annotation)
        ref = next((m for m in [*meta, *info.metadata] if isinstance(m, Ref)), None)
        if ref is not None:
            out[name] = ref
    return out


def follow(record: Any, field: str, package: Package | None = None) -> Any:
    """The record(s) that `record.<field>` names: one record, a list for a list field, or None
    when the field is empty."""
    refs = references(type(record))
    if field not in refs:
        known = ", ".join(refs) or "none"
        raise RusdataError(
            f"{type(record).__name__}.{field} is not a reference; its references: {known}"
        )
    ref = refs[field]
    table = ref.table or getattr(record, ref.by)
    value = getattr(record, field)
    if value is None:
        return None
    if isinstance(value, list):
        return [get(table, v, package) for v in value]
    return get(table, value, package)
