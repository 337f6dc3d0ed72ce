"""Krippendorff's alpha per judgement field, between the dataset's coding and a second coder's.

Both codings are written to `codings.csv` (one row per unit and field: the dataset's value and
the second coder's), and `recompute` gives the alphas from that file alone, so anyone can check
the published numbers. Nominal fields map each distinct value to a number; ordinal fields use
the order of their allowed values (`rusdata.reliability.fields`).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rusdata.errors import RusdataError
from rusdata.reliability.fields import FIELD_BY_NAME, FIELDS, IDENTITY, Field, normalise

CODINGS = "codings.csv"
ALPHAS = "alpha.csv"
COLUMNS = ("unit", "table", "record_id", "field", "level", "dataset", "second_coder")
TARGET = 0.8  # Krippendorff: >= 0.8 reliable, >= 0.667 tentative


def alpha(rows: Sequence[Sequence[Any]], level: str, order: Sequence[str] = ()) -> float | None:
    """Krippendorff's alpha of `rows` (one per coder; one column per unit; None or NaN for
    missing) at `level`. Values are mapped to numbers: by `order` for an ordinal field (its
    allowed values in order; others after them), else by first appearance. None when alpha is
    undefined (fewer than two pairable values, or a single value throughout)."""
    import krippendorff
    import numpy as np

    codes: dict[Any, float] = {v: float(i) for i, v in enumerate(order)}

    def code(value: Any) -> float:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return math.nan
        if isinstance(value, int | float) and not order:
            return float(value)
        if value not in codes:
            codes[value] = float(len(codes))
        return codes[value]

    data = np.array([[code(v) for v in row] for row in rows], dtype=float)
    pairable = int((np.sum(~np.isnan(data), axis=0) >= 2).sum())
    present = data[~np.isnan(data)]
    if pairable < 1 or len(set(present.tolist())) < 2:
        return None
    measure: Any = level  # one of the package's level names, checked by it
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=measure))


def read_coder(path: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """(coder, {unit: {field: value}}) from a second coder's JSON file, checked."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise RusdataError(f"{path}: cannot read the coding ({err})") from None
    codings = doc.get("codings") if isinstance(doc, dict) else None
    if not isinstance(codings, dict):
        raise RusdataError(f"{path}: no 'codings' object (see the sheet's coder_file_format)")
    for unit, fields in codings.items():
        if not isinstance(fields, dict):
            raise RusdataError(f"{path}: unit {unit}: expected an object of fields")
        for name in fields:
            if name not in FIELD_BY_NAME:
                raise RusdataError(f"{path}: unit {unit}: unknown field {name!r}")
    return str(doc.get("coder", "second coder")), codings


def codings_rows(
    dataset: dict[str, tuple[str, str, dict[str, str]]], coder: dict[str, dict[str, Any]]
) -> list[dict[str, str]]:
    """One row per unit and field that either coding holds."""
    unknown = sorted(set(coder) - set(dataset))
    if unknown:
        raise RusdataError(f"the coding names units the sheet does not have: {unknown[:5]}")
    rows = []
    for unit, (table, rid, values) in sorted(dataset.items()):
        theirs = coder.get(unit, {})
        for f in FIELDS:
            ours = values.get(f.name)
            other = normalise(f, theirs.get(f.name))
            if ours is None and other is None:
                continue
            rows.append(
                {
                    "unit": unit,
                    "table": table,
                    "record_id": rid,
                    "field": f.name,
                    "level": f.level,
                    "dataset": ours or "",
                    "second_coder": other or "",
                }
            )
    return rows


def alphas(rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Alpha per field from codings rows (as written to, or read from, codings.csv)."""
    out = []
    for f in FIELDS:
        mine = [r for r in rows if r["field"] == f.name]
        if not mine:
            continue
        ours = [r["dataset"] or None for r in mine]
        theirs = [r["second_coder"] or None for r in mine]
        order = f.values if f.level == "ordinal" else ()
        value = alpha([ours, theirs], f.level, order)
        pairs = sum(1 for a, b in zip(ours, theirs, strict=True) if a and b)
        agree = sum(1 for a, b in zip(ours, theirs, strict=True) if a and b and a == b)
        out.append(
            {
                "field": f.name,
                "level": f.level,
                "units": str(len(mine)),
                "pairable": str(pairs),
                "agreement": f"{agree / pairs:.3f}" if pairs else "",
                "alpha": "" if value is None else f"{value:.3f}",
                "reliable": "" if value is None else ("yes" if value >= TARGET else "no"),
            }
        )
    return out


def write(out: Path, rows: list[dict[str, str]], coder: str, version: str) -> list[dict[str, str]]:
    out.mkdir(parents=True, exist_ok=True)
    with (out / CODINGS).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    table = alphas(rows)
    with (out / ALPHAS).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(table[0]) if table else ["field"], lineterminator="\n")
        w.writeheader()
        w.writerows(table)
    lines = [
        f"# Coding reliability, rusdata {version}",
        "",
        f"Two codings of every unit's judgement fields: the dataset's own (as released) and "
        f"{coder}'s, a blind second coder who saw only the units' quotes (the coding sheet). "
        f"Krippendorff's alpha per field (the `krippendorff` package; >= {TARGET} reliable, "
        ">= 0.667 tentative). Both codings are in `codings.csv`; recompute with "
        f"`python -m rusdata.reliability recompute {CODINGS}` (needs `rusdata[reliability]`).",
        "",
        "| field | level | units | pairable | agreement | alpha |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['field']} | {r['level']} | {r['units']} | {r['pairable']} | {r['agreement']} | "
        f"{r['alpha'] or 'undefined'} |"
        for r in table
    ]
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table


def read_codings(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as err:
        raise RusdataError(f"{path}: cannot read ({err.strerror})") from None
    if rows and set(COLUMNS) - set(rows[0]):
        raise RusdataError(f"{path}: expected the columns {', '.join(COLUMNS)}")
    return rows


__all__ = ["IDENTITY", "Field", "alpha", "alphas", "codings_rows", "read_coder", "read_codings"]
