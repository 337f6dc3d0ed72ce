""" "Reading the CSVs in your tool" (docs/using-the-tables.md): its R recipe, run by R, keeps every type; the CSVs
carry no byte-order mark. (The pandas, polars and DuckDB recipes run with every README snippet in
test_readme.py and assert their own types.)"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import REPO, need_tool

import rusdata
from rusdata.schema.columns import tables

README = (REPO / "docs" / "using-the-tables.md").read_text(encoding="utf-8")
R_CLASS = {"string": "character", "integer": "integer", "number": "numeric", "date": "Date"}

# Appended to the README's recipe: what it read, per table, as JSON.
REPORT = """
report <- lapply(tables, function(t) list(
  rows = nrow(t), problems = nrow(problems(t)), names = names(t),
  classes = vapply(t, function(col) class(col)[[1]], ""),
  cameo = if ("cameo" %in% names(t)) unique(na.omit(t$cameo)) else list()))
writeLines(toJSON(report, auto_unbox = TRUE), Sys.getenv("RUSDATA_REPORT"))
"""


def r_recipe() -> str:
    blocks = re.findall(r"^```r\n(.*?)^```", README, re.M | re.S)
    assert len(blocks) == 1, "the page has one R recipe"
    return str(blocks[0])


def test_r_recipe_reads_every_table_with_its_types(tmp_path: Path) -> None:
    rscript = need_tool("Rscript")
    script = tmp_path / "recipe.R"
    script.write_text(r_recipe() + REPORT, encoding="utf-8")
    report = tmp_path / "report.json"
    out = subprocess.run(
        [rscript, str(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "RUSDATA_REPORT": str(report), "LANG": "C.UTF-8"},
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(report.read_text(encoding="utf-8"))
    assert list(got) == list(tables())
    for name, t in tables().items():
        assert got[name]["rows"] == len(rusdata.load(name))
        assert got[name]["problems"] == 0
        assert got[name]["names"] == [c.name for c in t.columns]
        assert got[name]["classes"] == [R_CLASS[c.type] for c in t.columns]
    assert set(got["visits"]["cameo"]) == {v.cameo for v in rusdata.visits() if v.cameo}
    assert "042" in got["visits"]["cameo"]


def test_csvs_have_no_byte_order_mark() -> None:
    # a BOM would end up in the first column's name for plain UTF-8 readers (README)
    for r in json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        assert not (REPO / r["path"]).read_bytes().startswith(b"\xef\xbb\xbf"), r["path"]
        assert r["encoding"] == "utf-8"


def test_guessing_readers_do_get_types_wrong() -> None:
    """Why the recipes exist: left to guess, pandas reads cameo 042 as the number 42."""
    import pandas as pd

    guessed = pd.read_csv(REPO / "data" / "visits.csv")
    assert guessed["cameo"].dtype.kind in "if"
    assert "042" not in set(guessed["cameo"].astype(str))
