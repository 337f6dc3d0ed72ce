"""Columns → Table Schema, Data Resource and JSON Schema (rusdata.build.tableschema)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import jsonschema
import pytest
from conftest import REPO

from rusdata.build.tableschema import (
    DP_PROFILE,
    TS_PROFILE,
    field_descriptor,
    json_schema,
    resource,
    table_schema,
)
from rusdata.schema.columns import Column, tables
from rusdata.schema.models import TABLES
from rusdata.schema.vocab import Status

VENDOR = REPO / "schemas" / "vendor" / "datapackage-2.0"


def profile(name: str) -> dict[str, Any]:
    return json.loads((VENDOR / name).read_text(encoding="utf-8"))


def package(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$schema": DP_PROFILE, "name": "test", "resources": resources}


def errors(descriptor: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(profile("datapackage.json"))
    return [e.message for e in validator.iter_errors(descriptor)]


def test_a_plain_column_has_no_constraints() -> None:
    col = Column("locator", "string", "Where in the text")
    assert field_descriptor(col) == {
        "name": "locator",
        "type": "string",
        "description": "Where in the text",
    }


def test_patterns_lose_their_anchors() -> None:
    """Table Schema patterns are XML Schema regexes, which are anchored implicitly."""
    col = tables()["visits"].column("id")
    assert col.pattern and col.pattern.startswith("^") and col.pattern.endswith("$")
    pattern = field_descriptor(col)["constraints"]["pattern"]
    assert pattern == col.pattern[1:-1]
    assert field_descriptor(Column("x", "string", "", pattern="a|b"))["constraints"] == {
        "pattern": "a|b"
    }
    # the same language either way, for every pattern the package declares
    for t in tables().values():
        for c in t.columns:
            if c.pattern:
                got = field_descriptor(c)["constraints"]["pattern"]
                assert not got.startswith("^") and not got.endswith("$"), c.name
                re.compile(got)  # still a valid regex


def test_enums_are_both_categories_and_constraints() -> None:
    """categories carry the labels; constraints.enum is what frictionless 5 enforces."""
    d = field_descriptor(tables()["visits"].column("status"))
    assert d["constraints"]["enum"] == [s.value for s in Status]
    assert d["categories"] == [{"value": s.value, "label": s.label} for s in Status]
    assert d["constraints"]["required"] is True


def test_literals_are_categories_without_labels() -> None:
    col = tables()["citations"].column("table")
    d = field_descriptor(col)
    assert d["categories"] == list(col.literal) == d["constraints"]["enum"]


def test_required_minimum_and_max_length() -> None:
    assert field_descriptor(tables()["citations"].column("ordinal"))["constraints"] == {
        "required": True,
        "minimum": 1,
    }
    quote = field_descriptor(tables()["citations"].column("quote"))["constraints"]
    assert quote["maxLength"] == 600 and quote["required"] is True
    optional = field_descriptor(tables()["arms_transfers"].column("number_ordered"))
    # no `required` when optional; the maximum every output holds (an int64 JSON number)
    assert optional["constraints"] == {"minimum": 1, "maximum": 2**53 - 1}


def test_keys_come_from_the_table() -> None:
    visits = table_schema(tables()["visits"])
    assert visits["primaryKey"] == ["id"]
    assert "foreignKeys" not in visits  # a visit refers to no other table by a column
    assert visits["$schema"] == TS_PROFILE and visits["missingValues"] == [""]
    assert [f["name"] for f in visits["fields"]] == [c.name for c in tables()["visits"].columns]
    versions = table_schema(tables()["discrepancy_records"])
    assert versions["primaryKey"] == ["table", "record_id", "ordinal"]
    assert versions["foreignKeys"] == [
        {"fields": ["record_id"], "reference": {"resource": "discrepancies", "fields": ["id"]}},
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}},
    ]


@pytest.mark.parametrize("name", list(tables()))
def test_every_foreign_key_names_a_resource_and_its_key(name: str) -> None:
    schema = table_schema(tables()[name])
    refs = [c for c in tables()[name].columns if c.ref]
    assert len(schema.get("foreignKeys", [])) == len(refs)
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"]["resource"]
        assert tables()[target].primary_key == tuple(fk["reference"]["fields"]) == ("id",)


def test_a_resource_describes_its_bytes() -> None:
    data = b"id\nx\n"
    r = resource(tables()["sources"], "data/sources.csv", data)
    assert r["bytes"] == 5 and r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert (r["name"], r["path"], r["format"], r["encoding"]) == (
        "sources",
        "data/sources.csv",
        "csv",
        "utf-8",
    )
    assert r["schema"] == table_schema(tables()["sources"])


def test_every_resource_is_valid_against_the_vendored_v2_profile() -> None:
    resources = [resource(t, f"data/{n}.csv", b"") for n, t in tables().items()]
    assert errors(package(resources)) == []


def test_the_profile_check_bites() -> None:
    r = resource(tables()["visits"], "data/visits.csv", b"")
    r["schema"]["fields"][0]["constraints"]["required"] = "yes"
    assert errors(package([r]))
    r = resource(tables()["visits"], "data/visits.csv", b"")
    r["schema"]["fields"][0]["type"] = "list"  # no list type in DP v2
    assert errors(package([r]))


@pytest.mark.parametrize("name", list(TABLES))
def test_json_schema_of_a_yaml_file(name: str) -> None:
    model = TABLES[name]
    schema = json_schema(model)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == f"rusdata {name}.yaml"
    assert schema["type"] == "array"
    jsonschema.Draft202012Validator.check_schema(schema)
    item = schema["$defs"][model.__name__]
    assert set(item["required"]) == {f for f, i in model.model_fields.items() if i.is_required()}
    assert item["additionalProperties"] is False  # unknown keys are flagged as you type
