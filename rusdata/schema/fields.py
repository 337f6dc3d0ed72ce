"""How a model field maps to the package's columns (standard library only).

Shared by `rusdata.schema.columns`, which describes the columns, and the accessors in
`rusdata.package.records`, which read them back, so that neither states the conventions again.
"""

from __future__ import annotations

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
