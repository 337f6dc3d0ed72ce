"""Columns → Table Schema and the Data Package v2 descriptor; models → JSON Schema for the YAML."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from rusdata.build.rows import dialect_descriptor
from rusdata.package.reader import sha256
from rusdata.schema.columns import Column, Table
from rusdata.schema.models import Evidenced, Record

DP_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TS_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _xsd(pattern: str) -> str:
    # Table Schema patterns are XML Schema regexes: implicitly anchored.
    return pattern.removeprefix("^").removesuffix("$")


def field_descriptor(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.pattern:
        constraints["pattern"] = _xsd(col.pattern)
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if col.maximum is not None:
        constraints["maximum"] = col.maximum
    if col.max_length is not None:
        constraints["maxLength"] = col.max_length
    if col.allowed:
        # frictionless 5 enforces only constraints.enum; categories carry the labels.
        constraints["enum"] = list(col.allowed)
        out["categories"] = (
            [{"value": m.value, "label": m.label} for m in col.enum]
            if col.enum
            else list(col.allowed)
        )
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table) -> dict[str, Any]:
    keys = [
        {"fields": [c.name], "reference": {"resource": c.ref, "fields": ["id"]}}
        for c in table.columns
        if c.ref
    ]
    schema: dict[str, Any] = {
        "$schema": TS_PROFILE,
        "fields": [field_descriptor(c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if keys:
        schema["foreignKeys"] = keys
    return schema


def resource(table: Table, path: str, data: bytes) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
        "bytes": len(data),
        "hash": "sha256:" + sha256(data),  # as the reader checks it
        "dialect": dialect_descriptor(),
        "schema": table_schema(table),
    }


def json_schema(model: type[Record]) -> dict[str, Any]:
    """The JSON Schema of a YAML table file (a list of records), for editor completion."""
    schema = TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]
    if isinstance(model, type) and issubclass(model, Evidenced):
        inferred = schema["$defs"][model.__name__]["properties"]["inferred"]
        # `inferred` may name only the record's own fields, or items of its list fields.
        names: dict[str, Any] = {"enum": list(model.inferable())}
        if model.itemized():
            each = rf"^({'|'.join(model.itemized())})\[\S(.*\S)?\]$"
            names = {"anyOf": [names, {"pattern": each}]}
        inferred["propertyNames"] = names
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"rusdata {model.table.name}.yaml",
        "description": model.table.description,
        **schema,
    }
