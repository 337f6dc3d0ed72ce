"""How a model field maps to the package's columns (standard library only).

Shared by `rusdata.schema.columns`, which describes the columns, and the accessors in
`rusdata.package.records`, which read them back, so that neither states the conventions again.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any, TypeVar

# A list-valued field (aliases, roles, countries) is one cell, its items joined by this.
LIST_DELIMITER = ";"

T = TypeVar("T")


def unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Strip `Annotated` and `Optional`: (base type, metadata collected, optional?)."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta.extend(extra)
        elif origin is typing.Union or isinstance(annotation, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = args[0]
        else:
            return annotation, meta, optional


def marker(info: Any, kind: type[T]) -> T | None:
    """The `kind` metadata of a model field (e.g. its `Ref` or `Link`), wherever it was put:
    in the type's `Annotated[...]`, or in `Field(...)` (pydantic's `info.metadata`)."""
    _, meta, _ = unwrap(info.annotation)
    return next((m for m in [*meta, *info.metadata] if isinstance(m, kind)), None)


def column_name(field: str, is_ref: bool) -> str:
    """The CSV column of a model field: a reference (foreign key) ends in `_id`."""
    return f"{field}_id" if is_ref and not field.endswith("_id") else field


def _markers(info: Any) -> list[Any]:
    """Every metadata object of a field, however deep (inside Optional, a list's item type,
    or `Field(...)`)."""
    out: list[Any] = []
    todo = [info.annotation, *info.metadata]
    while todo:
        a = todo.pop()
        out.append(a)
        todo += [*typing.get_args(a), *getattr(a, "__metadata__", ())]
    return out


@cache
def fields_with(model: Any, kind: type) -> tuple[str, ...]:
    """The fields of `model` that carry a `kind` marker (e.g. `Place`, `Verbatim`), in order:
    a field's role is declared once, on the model, never in a list of names."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(m, kind) for m in _markers(info))
    )


# `inferred` marks a whole field (`parties`) or one item of a list field (`parties[PAK]`): the
# field, then the item in brackets, by its value (for `people`, the person's id), so the mark
# follows the item when a list is reordered. An `inferences` row's `field` holds the same key.
ITEM_MARK = re.compile(r"^(?P<field>[a-z][a-z0-9_]*)\[(?P<item>\S(?:.*\S)?)\]$")
# The attribute that names an item of a list of child records (a participant by its person).
ITEM_ATTRIBUTE = "person"


def item_mark(field: str, item: str) -> str:
    """The `inferred` key that marks one item of a list field."""
    return f"{field}[{item}]"


def split_mark(key: str) -> tuple[str, str | None]:
    """An `inferred` key as (field, item), the item None for a whole field."""
    m = ITEM_MARK.match(key)
    return (m["field"], m["item"]) if m else (key, None)


def item_of(item: Any) -> str:
    """How a list item is named in a mark: a value as itself, a child record by its person."""
    return item if isinstance(item, str) else str(getattr(item, ITEM_ATTRIBUTE))


def is_inferred(marks: Any, field: str, item: Any = None) -> bool:
    """Whether `marks` (an `inferred` mapping, or a set of its keys) marks the field, or the
    item of it (a value or a child record), inferred."""
    return field in marks or (item is not None and item_mark(field, item_of(item)) in marks)
