"""The blind coding sheet holds quotes only; alpha is Krippendorff's (GUIDE.md section 12's
textbook example); a coding compared with itself agrees fully, a changed one does not; the
published codings.csv recomputes to the same alphas."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

import rusdata
from rusdata.errors import RusdataError
from rusdata.reliability import alpha as alpha_mod
from rusdata.reliability.__main__ import main
from rusdata.reliability.fields import FIELDS, dataset_coding, unit_key
from rusdata.reliability.sheet import sheet_json, sheet_markdown
from rusdata.schema.models import FACT_TABLES

pytest.importorskip("krippendorff")
NAN = math.nan
# Krippendorff (2011), four coders, twelve units, missing values.
TEXTBOOK = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def test_the_textbook_example() -> None:
    assert alpha_mod.alpha(TEXTBOOK, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert alpha_mod.alpha(TEXTBOOK, "ordinal") == pytest.approx(0.815, abs=5e-4)
    assert alpha_mod.alpha(TEXTBOOK, "interval") == pytest.approx(0.849, abs=5e-4)
    # The same units coded with category names: nominal alpha does not depend on the labels.
    names = [[None if v != v else "abcde"[int(v) - 1] for v in row] for row in TEXTBOOK]
    assert alpha_mod.alpha(names, "nominal") == pytest.approx(0.743, abs=5e-4)
    # Ordinal by the allowed order, whatever the first value seen.
    assert alpha_mod.alpha(names, "ordinal", "abcde") == pytest.approx(0.815, abs=5e-4)


def test_undefined_alpha_is_none() -> None:
    assert alpha_mod.alpha([["a", "a"], ["a", "a"]], "nominal") is None


def test_the_sheet_holds_quotes_only() -> None:
    md = sheet_markdown(rusdata.load, "x")
    doc = json.loads(sheet_json(rusdata.load, "x"))
    units = {u["unit"] for u in doc["units"]}
    dataset = dataset_coding(rusdata.load)
    assert units == set(dataset)  # every fact record, claim and identity question
    for table in [*FACT_TABLES, "claims", "identities"]:
        for r in rusdata.load(table):
            assert f"### {unit_key(table, r.id)} " in md
            said = " ".join(c.quote for c in r.citations)
            for text in (getattr(r, "summary", None), getattr(r, "note", None)):
                if text and text not in said:  # a summary may be its quote, word for word
                    assert text not in md, (table, r.id)
            # no id, unless a quote itself holds those words
            quotes = " ".join(c.quote for c in r.citations).casefold()
            if r.id.replace("-", " ") not in quotes and r.id not in quotes:
                assert f" {r.id}" not in md and f"{table}/{r.id}" not in md, (table, r.id)
    assert [f["name"] for f in doc["fields"]] == [f.name for f in FIELDS]
    for u in doc["units"]:
        assert set(u) <= {"unit", "type", "quotes", "reports"}


def _as_coder(dataset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for unit, (_table, _id, values) in dataset.items():
        out[unit] = {
            k: ([] if v == "none" else v.split("|")) if k in ("countries", "people") else v
            for k, v in values.items()
        }
    return out


def test_self_agreement_is_one_and_a_change_lowers_it(tmp_path: Path) -> None:
    dataset = dataset_coding(rusdata.load)
    coder = _as_coder(dataset)
    (tmp_path / "self.json").write_text(json.dumps({"coder": "t", "codings": coder}))
    assert (
        main(
            [
                "--root",
                str(REPO),
                "alpha",
                str(tmp_path / "self.json"),
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    table = {
        r["field"]: r
        for r in alpha_mod.alphas(alpha_mod.read_codings(tmp_path / "a" / "codings.csv"))
    }
    assert {r["alpha"] for r in table.values()} == {"1.000"}
    # The second coder says 'occurred' of every event: status agrees less.
    for values in coder.values():
        if values.get("unit_type") == "event":
            values["status"] = "occurred"
    rows = alpha_mod.codings_rows(dataset, coder)
    changed = {r["field"]: r for r in alpha_mod.alphas(rows)}
    assert float(changed["status"]["alpha"]) < 0.5
    assert changed["table"]["alpha"] == "1.000"


def test_recompute_from_the_published_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = dataset_coding(rusdata.load)
    coder = _as_coder(dataset)
    for unit in list(coder)[::3]:
        coder[unit].pop("countries", None)  # not coded: missing, not a disagreement
    rows = alpha_mod.codings_rows(dataset, coder)
    written = alpha_mod.write(tmp_path, rows, "t", "x")
    assert main(["recompute", str(tmp_path / "codings.csv")]) == 0
    assert alpha_mod.alphas(alpha_mod.read_codings(tmp_path / "codings.csv")) == written
    assert "| countries |" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_a_bad_coding_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"codings": {"U0000000": {"colour": "red"}}}))
    assert main(["alpha", str(bad), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown field 'colour'" in err and "Traceback" not in err
    with pytest.raises(RusdataError, match="units the sheet does not have"):
        alpha_mod.codings_rows(dataset_coding(rusdata.load), {"U0000000": {}})


def _published() -> Path:
    folder = REPO / "docs" / "reliability"
    assert (folder / "alpha.csv").is_file(), "no reliability study is published in docs/"
    return folder


def test_the_published_study_recomputes_from_its_codings() -> None:
    """alpha.csv is what codings.csv gives; the second coder's own file is published beside it
    and holds a value for every unit the codings pair."""
    import csv

    folder = _published()
    rows = alpha_mod.read_codings(folder / "codings.csv")
    with (folder / "alpha.csv").open(encoding="utf-8", newline="") as f:
        published = list(csv.DictReader(f))
    assert alpha_mod.alphas(rows) == published
    coder, codings = alpha_mod.read_coder(folder / "second-coding.json")
    paired = {r["unit"] for r in rows if r["second_coder"]}
    assert paired <= set(codings), coder


def test_every_field_below_the_target_says_why_in_the_data_dictionary() -> None:
    import csv

    folder = _published()
    with (folder / "alpha.csv").open(encoding="utf-8", newline="") as f:
        low = {r["field"] for r in csv.DictReader(f) if r["alpha"] and float(r["alpha"]) < 0.8}
    with (folder / "reasons.csv").open(encoding="utf-8", newline="") as f:
        reasons = {r["field"]: r["reason"] for r in csv.DictReader(f) if r["reason"].strip()}
    assert low <= set(reasons), low - set(reasons)
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for field in low:
        assert f"| `{field}` |" in dictionary and reasons[field] in dictionary, field
