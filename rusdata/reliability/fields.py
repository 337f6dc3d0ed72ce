"""The judgement fields a second coder codes, their allowed values, and the units coded.

A unit is a fact record, a claim, or an identity question, known to the coder only by an opaque
key derived from its table and id (so the key gives away neither). The dataset's own value of
each field for each unit is extracted here from the built package, the same way for every unit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from rusdata.schema.models import DATE_FIELDS, FACT_TABLES, TABLES
from rusdata.schema.vocab import (
    Claimant,
    IdentityVerdict,
    Precision,
    Stance,
    Status,
)

NONE = "none"  # the quotes state no value (a coder writes "none", or [] for a list)
RECORD, IDENTITY = "record", "identity"


@dataclass(frozen=True)
class Field:
    name: str
    level: str  # Krippendorff's level of measurement: nominal or ordinal
    applies: str  # which units: "record", "event", "claim" or "identity"
    values: tuple[str, ...]  # allowed values; for an ordinal field, in order
    doc: str
    is_list: bool = False


def _kinds() -> dict[str, str]:
    """`<table>.<kind>` for every fact table with a kind, and `claims.<kind>`, with labels."""
    out = {}
    for table in [*FACT_TABLES, "claims"]:
        info = TABLES[table].model_fields.get("kind")
        enum = getattr(info, "annotation", None) if info else None
        for value in getattr(enum, "__members__", {}).values():
            out[f"{table}.{value}"] = value.label
    return out


FIELDS: tuple[Field, ...] = (
    Field(
        "unit_type",
        "nominal",
        RECORD,
        ("event", "claim"),
        "Claim or event: 'claim' if the quotes only say what someone thinks, wants, expects or "
        "recommends (an assessment, motive, prediction, recommendation or reassurance); "
        "'event' if they report something that happened, is happening, was agreed, planned, "
        "offered or reported",
    ),
    Field(
        "table",
        "nominal",
        "event",
        tuple(FACT_TABLES),
        "For an event: the table it belongs in (visits: contacts; exercises; arms_transfers: "
        "orders, deliveries, offers, talks, purchase deals; agreements: other agreements and "
        "bodies; trade: figures; pipelines: projects; milestones: other events and turns)",
    ),
    Field(
        "status",
        "nominal",
        "event",
        tuple(s.value for s in Status if s not in (Status.SPECULATED, Status.RECOMMENDED)),
        "For an event: what the quotes say of it (see the labels below)",
    ),
    Field(
        "kind",
        "nominal",
        "record",
        tuple(_kinds()),
        "The kind, written `<table>.<kind>` for an event (arms_transfers have no kind: leave it "
        "out) and `claims.<kind>` for a claim",
    ),
    Field(
        "date",
        "nominal",
        "event",
        (),
        "For an event: its date as EDTF at the precision the quotes state it (1965, 2014-11, "
        "2016-09-24, 197X for a decade, 2021-04-06/2021-04-07 for an interval; an arms "
        "transfer's order date, else its delivery date), or 'none' when no quote gives a year",
    ),
    Field(
        "date_precision",
        "ordinal",
        "event",
        (NONE, *(p.value for p in Precision)),
        "For an event: the precision of that date (none < decade < year < month < day)",
    ),
    Field(
        "countries",
        "nominal",
        "record",
        (),
        "Every country the unit involves (a visit's two sides, an exercise's participants and "
        "host, an arms transfer's supplier and recipient, the parties, a figure's two sides, "
        "a claim's subjects), as ISO 3166-1 alpha-3 codes (SUN: the Soviet Union); a list",
        is_list=True,
    ),
    Field(
        "people",
        "nominal",
        "record",
        (),
        "Every person the unit names as taking part, or who makes the claim, by the ids of "
        "the people list below; a list, [] for none",
        is_list=True,
    ),
    Field(
        "claimant",
        "nominal",
        "claim",
        tuple(c.value for c in Claimant),
        "For a claim: who makes it",
    ),
    Field(
        "stance",
        "nominal",
        "claim",
        tuple(s.value for s in Stance),
        "For a claim: how it bears on the ties between its countries",
    ),
    Field(
        "verdict",
        "ordinal",
        IDENTITY,
        tuple(reversed([v.value for v in IdentityVerdict])),
        "For an identity question: are the two reports one thing? (different < unclear < "
        "probably_same < same; same only where a text says so)",
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
LABELS: dict[str, dict[str, str]] = {
    "status": {s.value: s.label for s in Status if s.value in FIELDS[2].values},
    "claimant": {c.value: c.label for c in Claimant},
    "stance": {s.value: s.label for s in Stance},
    "verdict": {v.value: v.label for v in IdentityVerdict},
    "kind": _kinds(),
}


def unit_key(table: str, record_id: str) -> str:
    """An opaque, stable key for a unit: it names neither table nor id."""
    return "U" + hashlib.sha256(f"{table}/{record_id}".encode()).hexdigest()[:7]


def _list(values: list[str]) -> str:
    return "|".join(sorted(set(values))) if values else NONE


def _countries(record: Any) -> list[str]:
    out: list[str] = []
    for name in ("actor", "counterpart", "countries", "host_country", "supplier", "recipient"):
        out += _as_list(getattr(record, name, None))
    for name in ("parties", "from_country", "to_country"):
        out += _as_list(getattr(record, name, None))
    return out


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def dataset_coding(load: Any) -> dict[str, tuple[str, str, dict[str, str]]]:
    """{unit key: (table, id, {field: value})}: the dataset's own coding, from the package that
    `load(table)` reads (e.g. `rusdata.load`). Lists are joined with '|', sorted; 'none' for
    a field that applies but holds nothing."""
    units: dict[str, tuple[str, str, dict[str, str]]] = {}
    for table in FACT_TABLES:
        for r in load(table):
            dates = [getattr(r, n) for n in DATE_FIELDS if getattr(r, n, None) is not None]
            kind = getattr(r, "kind", None)
            values = {
                "unit_type": "event",
                "table": table,
                "status": str(r.status),
                "date": str(dates[0]) if dates else NONE,
                "date_precision": str(dates[0].precision) if dates else NONE,
                "countries": _list(_countries(r)),
                "people": _list([p.person for p in r.people]),
            }
            if kind is not None:
                values["kind"] = f"{table}.{kind}"
            units[unit_key(table, r.id)] = (table, r.id, values)
    for c in load("claims"):
        values = {
            "unit_type": "claim",
            "kind": f"claims.{c.kind}",
            "countries": _list(list(c.countries)),
            "people": _list([c.claimant_person] if c.claimant_person else []),
            "claimant": str(c.claimant),
            "stance": str(c.stance),
        }
        units[unit_key("claims", c.id)] = ("claims", c.id, values)
    for i in load("identities"):
        units[unit_key("identities", i.id)] = ("identities", i.id, {"verdict": str(i.verdict)})
    return units


def normalise(field: Field, value: Any) -> str | None:
    """A coder's value as the dataset writes it: lists sorted and joined, 'none' for empty; None
    where the coder left the field out."""
    if value is None:
        return None
    if field.is_list:
        if isinstance(value, str):
            value = [v for v in value.replace(",", "|").split("|") if v.strip()]
        return _list([str(v).strip() for v in value if str(v).strip() and v != NONE])
    text = str(value).strip()
    return text or NONE
