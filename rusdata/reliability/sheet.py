"""The blind coding sheet: for every unit its opaque key and its quotes ONLY (no value, no note,
no summary, no id), plus the judgement fields with their allowed values, in Markdown for the
coder and JSON for machines. Units are sorted by key, so tables are shuffled."""

from __future__ import annotations

import json
from typing import Any

from rusdata.reliability.fields import FIELDS, IDENTITY, LABELS, NONE, RECORD, unit_key
from rusdata.schema.models import FACT_TABLES

FORMAT = {
    "coder": "your name or initials",
    "codings": {
        "U0123abc": {
            "unit_type": "event",
            "table": "visits",
            "status": "occurred",
            "kind": "visits.visit",
            "date": "2014-11",
            "date_precision": "month",
            "countries": ["PAK", "RUS"],
            "people": ["sergey-shoigu"],
        },
        "U4567def": {
            "unit_type": "claim",
            "kind": "claims.prediction",
            "countries": ["PAK", "RUS"],
            "people": [],
            "claimant": "author",
            "stance": "positive",
        },
        "U89abcde": {"verdict": "unclear"},
    },
}


def units(load: Any) -> list[dict[str, Any]]:
    """Every unit with its quotes (source and quote only), sorted by key."""
    out: list[dict[str, Any]] = []
    for table in [*FACT_TABLES, "claims"]:
        for r in load(table):
            quotes = [{"source": c.source, "quote": c.quote} for c in r.citations]
            out.append({"unit": unit_key(table, r.id), "type": RECORD, "quotes": quotes})
    for i in load("identities"):
        reports = []
        for label, report in zip("AB", i.reports, strict=True):
            quotes = [
                {"source": c.source, "quote": c.quote}
                for c in i.citations
                if c.source == report.source
            ]
            reports.append({"report": label, "source": report.source, "quotes": quotes})
        out.append({"unit": unit_key("identities", i.id), "type": IDENTITY, "reports": reports})
    return sorted(out, key=lambda u: u["unit"])


def fields_json() -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "level": f.level,
            "applies_to": f.applies,
            "values": list(f.values),
            "labels": LABELS.get(f.name, {}),
            "list": f.is_list,
            "doc": f.doc,
        }
        for f in FIELDS
    ]


def sheet_json(load: Any, version: str) -> str:
    people = [{"id": p.id, "names": [p.name, *p.aliases]} for p in load("people")]
    sources = [{"id": s.id, "file": s.file} for s in load("sources")]
    doc = {
        "dataset_version": version,
        "instructions": INSTRUCTIONS,
        "fields": fields_json(),
        "people": people,
        "sources": sources,
        "coder_file_format": FORMAT,
        "units": units(load),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


INSTRUCTIONS = (
    "Code each unit from its quotes alone (you may read the article a quote comes from, named "
    "by its source id, for context; nothing else). Do not look at the rusdata package, its "
    "YAML, CSVs, notes or documentation. A 'record' unit is one thing the texts report: code "
    "unit_type, then for an event table, status, kind, date, date_precision, countries and "
    "people, for a claim kind, countries, people, claimant and stance. An 'identity' unit "
    "shows two reports (A and B): code only verdict. Write 'none' for a date no quote gives, "
    "[] for an empty list, and leave a field out if it does not apply. Save your coding as "
    "JSON in the format of `coder_file_format` and give it to the lead."
)


def sheet_markdown(load: Any, version: str) -> str:
    lines = [
        f"# rusdata {version}: blind coding sheet",
        "",
        INSTRUCTIONS,
        "",
        "## Judgement fields and their allowed values",
        "",
    ]
    for f in FIELDS:
        allowed = ", ".join(f"`{v}`" for v in f.values) if f.values else "(see the description)"
        lines.append(
            f"- **{f.name}** ({f.level}; for {f.applies} units): {f.doc}. Allowed: {allowed}."
        )
        for value, label in LABELS.get(f.name, {}).items():
            lines.append(f"  - `{value}`: {label}")
    lines += ["", "## People (ids for the people field)", ""]
    lines += [f"- `{p.id}`: {'; '.join([p.name, *p.aliases])}" for p in load("people")]
    lines += ["", "## Sources", ""]
    lines += [f"- `{s.id}`: {s.file}" for s in load("sources")]
    lines += ["", "## Your file", "", "```json", json.dumps(FORMAT, indent=1), "```", ""]
    lines += ["## Units", ""]
    for u in units(load):
        lines.append(f"### {u['unit']} ({u['type']})")
        lines.append("")
        groups = (
            [("", u["quotes"])]
            if u["type"] == RECORD
            else [(f"Report {r['report']}: ", r["quotes"]) for r in u["reports"]]
        )
        for head, quotes in groups:
            for q in quotes:
                lines.append(f"- {head}{q['source']}: “{q['quote']}”")
        lines.append("")
    assert NONE  # the sheet tells coders to write it
    return "\n".join(lines)
