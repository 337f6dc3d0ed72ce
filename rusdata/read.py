"""Read the packaged CSVs back into typed records (the accessors behind `rusdata.visits()`).

Kept light for a cold `import rusdata; rusdata.visits()`: the packaged CSVs were validated when
they were built, so a file whose SHA-256 matches its `datapackage.json` entry is filled in with
`model_construct` (no validator is built), through a layout of only the model the call needs.
A file that does not match (edited after the build) is validated in full instead.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

LIST_DELIMITER = ";"  # = rusdata.columns.LIST_DELIMITER (a test checks the layouts agree)
LINK_KEYS = ("table", "record_id", "ordinal")


def data_root() -> Path:
    """The folder holding datapackage.json: inside the wheel, or the checkout (editable)."""
    shipped = Path(__file__).parent / "_data"
    if (shipped / "datapackage.json").is_file():
        return shipped
    repo = Path(__file__).resolve().parents[1]
    if (repo / "datapackage.json").is_file():
        return repo
    raise FileNotFoundError("rusdata's data files are missing; reinstall rusdata")


@cache
def descriptor(root: Path) -> dict[str, Any]:
    """The `datapackage.json` at `root`, read once."""
    import json

    from rusdata.errors import RusdataError
    from rusdata.safefiles import check_resource_paths

    found = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    try:
        check_resource_paths(found, str(root / "datapackage.json"))  # nothing outside it
    except ValueError as e:
        raise RusdataError(str(e)) from None
    return found  # type: ignore[no-any-return]


@cache
def _hashes(root: Path) -> dict[str, str]:
    """Each resource's `hash` in the descriptor at `root`."""
    return {r["name"]: r.get("hash", "") for r in descriptor(root)["resources"]}


@cache
def _rows(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], bool]:
    """(header, rows, trusted): trusted when the bytes match the descriptor's sha256."""
    root = data_root()
    raw = (root / "data" / f"{name}.csv").read_bytes()
    trusted = _hashes(root).get(name) == "sha256:" + hashlib.sha256(raw).hexdigest()
    # The csv module splits records itself: str.splitlines() would also break on U+2028, U+0085
    # and the like inside a quoted cell, and lose them.
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    header = tuple(next(reader, ()))
    return header, tuple(tuple(r) for r in reader if r), trusted  # as DictReader: skip blank


# ---------------------------------------------------------------- layouts


Convert = Callable[[str], Any]


class Layout(typing.NamedTuple):
    """How one model is read from a CSV row: (column, field, convert) per stored field."""

    model: type[BaseModel]
    fields: tuple[tuple[str, str, Convert], ...]
    links: tuple[tuple[str, str, Any], ...]  # (field, link table, child model)


def _convert(annotation: Any, metadata: list[Any]) -> tuple[Convert, bool, Any]:
    """(cell -> value, is a foreign key, Link or None) for a field's annotation."""
    from decimal import Decimal

    from rusdata.dates import PartialDate
    from rusdata.models import Link, Ref
    from rusdata.vocab import Vocab

    meta = list(metadata)
    while True:  # strip Annotated and Optional, as rusdata.columns does
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta.extend(extra)
        elif origin is typing.Union or isinstance(annotation, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            break
    is_ref = any(isinstance(m, Ref) for m in meta)
    link = next((m for m in meta if isinstance(m, Link)), None)
    if link is not None:
        return _model_of(annotation), is_ref, link
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


def _model_of(annotation: Any) -> Any:
    """The child model of a `list[Child]` field."""
    return typing.get_args(annotation)[0]


def _split(cell: str) -> list[str]:
    return cell.split(LIST_DELIMITER)


@cache
def layout(model: type[BaseModel]) -> Layout:
    """The read layout of one model: only its own fields are introspected."""
    fields, links = [], []
    for name, info in model.model_fields.items():
        convert, is_ref, link = _convert(info.annotation, info.metadata)
        if link is not None:
            links.append((name, link.table, convert))
            continue
        column = f"{name}_id" if is_ref and not name.endswith("_id") else name
        fields.append((column, name, convert))
    return Layout(model, tuple(fields), tuple(links))


@cache
def _child(link: str) -> type[BaseModel]:
    """The child model a link table holds."""
    from rusdata.models import TABLES

    for model in TABLES.values():
        for _, table, child in layout(model).links:
            if table == link:
                return child  # type: ignore[no-any-return]
    raise KeyError(link)


def _make(lay: Layout, header: tuple[str, ...], trusted: bool) -> Callable[..., Any]:
    """A function (row, extra fields) -> model, for rows of a file with this header."""
    at = {c: i for i, c in enumerate(header)}
    plan = [(at[col], name, convert) for col, name, convert in lay.fields if col in at]
    if not trusted:  # the validator takes the cells as they are, lists split
        plan = [(i, name, _split if c is _split else str) for i, name, c in plan]
    build = lay.model.model_construct if trusted else lay.model.model_validate

    def make(row: tuple[str, ...], extra: dict[str, Any]) -> Any:
        data = dict(extra)
        for i, name, convert in plan:
            cell = row[i]
            if cell != "":  # an empty cell: not stated, the field's default
                data[name] = convert(cell)
        return build(**data) if trusted else build(data)

    return make


@cache
def _children(link: str) -> dict[tuple[str, str], list[Any]]:
    """Link-table rows grouped by (table, record_id), in ordinal order, as child models."""
    header, rows, trusted = _rows(link)
    make = _make(layout(_child(link)), header, trusted)
    t, r, o = (header.index(k) for k in LINK_KEYS)
    grouped: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[t], row[r]].append((int(row[o]), make(row, {})))
    return {k: [child for _, child in sorted(v, key=lambda p: p[0])] for k, v in grouped.items()}


def load(name: str) -> list[Any]:
    """Every record of a table, as frozen models, in the CSV's order (primary key; the
    timeline by date)."""
    enabled = gc.isenabled()
    gc.disable()  # many small acyclic objects: the cyclic GC would only rescan them
    try:
        return _load(name)
    finally:
        if enabled:
            gc.enable()


def _load(name: str) -> list[Any]:
    from rusdata import models

    header, rows, trusted = _rows(name)
    model = models.TABLES.get(name)
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
    children = [(f, _children(link)) for f, link, _ in lay.links]
    return [
        make(row, {f: kids.get((name, row[at_id]), []) for f, kids in children}) for row in rows
    ]
