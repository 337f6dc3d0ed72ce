"""Read the packaged CSVs back into typed records (the accessors behind `rusdata.visits()`)."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rusdata.columns import tables
from rusdata.models import ROW_MODELS
from rusdata.rows import model_input


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
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with (data_root() / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def _children(link: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Link-table rows grouped by (table, record_id), in ordinal order, as child inputs."""
    t = tables()[link]
    grouped: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for row in _rows(link):
        grouped[row["table"], row["record_id"]].append((int(row["ordinal"]), model_input(t, row)))
    return {k: [child for _, child in sorted(v, key=lambda p: p[0])] for k, v in grouped.items()}


def load(name: str) -> list[BaseModel]:
    """Every record of a table, as frozen models, in primary-key order."""
    t = tables()[name]
    if t.owners:  # a link table: its own row model, keys included
        row_model = ROW_MODELS[t.model]  # type: ignore[index]
        keys = {"table", "record_id", "ordinal"}
        return [
            row_model.model_validate({**model_input(t, r), **{k: r[k] for k in keys}})
            for r in _rows(name)
        ]
    out = []
    for row in _rows(name):
        data = model_input(t, row)
        for fname, link in t.links.items():
            data[fname] = _children(link).get((name, row["id"]), [])
        out.append(t.model.model_validate(data))
    return out
