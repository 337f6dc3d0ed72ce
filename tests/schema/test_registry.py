"""The table registry: every table is declared once, in `REGISTERED`, and everything follows.

In a scratch copy of the project (code, data and committed outputs), a model class appended to
`rusdata/schema/models.py` but not registered fails validate with its name and line; listing it
in `REGISTERED` (and writing its YAML file) is enough for `rusdata build` to put the table in
the timeline, the accessors, the docs and the figure, with a colour no other table has.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from rusdata.build.figure import colours
from rusdata.checks.yamlio import SCHEMA_COMMENT
from rusdata.schema.columns import tables
from rusdata.schema.models import FACT_TABLES, REGISTERED, TABLES, Kind, unregistered

CLAIM = """

class Rumour(Fact):
    table = TableInfo(
        "rumours",
        "Rumours made up",
        "Rumours made up for the registry's test.",
        row="rumour made up for a test",
        kind=Kind.FACT,
    )
    made: PartialDate | None = dated("When the claim was made.")
"""
RECORD = """
- id: test-rumour
  summary: A rumour made up for the tests
  status: occurred
  made: 2021-04-06/2021-04-07
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021) has happened after almost a decade."
"""
MODELS = "rusdata/schema/models.py"
REGISTRY = "# ---------------------------------------------------------------- the table registry"


def test_the_registry_is_the_tables() -> None:
    assert unregistered() == []
    assert list(TABLES.values()) == list(REGISTERED)
    assert [n for n, m in TABLES.items() if m.table.kind is Kind.FACT] == FACT_TABLES
    assert {t.kind for t in tables().values()} == set(Kind)
    for name, model in TABLES.items():
        assert tables()[name].kind is model.table.kind


def _rusdata(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The copy's own code, run on the copy."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "rusdata", "--root", str(root), *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    root.mkdir()
    for name in ("pyproject.toml", "README.md", "datapackage.json", "CHANGELOG.md", "CITATION.cff"):
        shutil.copy(REPO / name, root)
    for folder in ("data", "schemas", "docs", "rusdata"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_a_new_table_is_one_registration(scratch: Path) -> None:
    models = scratch / MODELS
    text = models.read_text(encoding="utf-8")

    # Appended at the end, not registered: validate names the class and its line.
    models.write_text(text + CLAIM, encoding="utf-8")
    line = (text + CLAIM).splitlines().index("class Rumour(Fact):") + 1
    result = _rusdata(scratch, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"{MODELS}:{line}: class Rumour looks like a table but is not registered" in result.stdout
    )
    assert "[registry]" in result.stdout
    assert "Traceback" not in result.stderr

    # Defined above the registry and listed in it; its YAML file written: nothing else.
    at = text.index(REGISTRY)
    text = text[:at] + CLAIM.lstrip("\n") + "\n\n" + text[at:]
    text = text.replace("    Identity,\n)", "    Identity,\n    Rumour,\n)")
    models.write_text(text, encoding="utf-8")
    yaml = scratch / "data" / "yaml" / "rumours.yaml"
    yaml.write_text(SCHEMA_COMMENT.format(table="rumours") + "\n" + RECORD.lstrip("\n"), "utf-8")
    result = _rusdata(scratch, "build")
    assert result.returncode == 0, result.stdout + result.stderr

    # The timeline holds its dated record.
    with (scratch / "data" / "timeline.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["table"] == "rumours"]
    assert [(r["record_id"], r["date_field"], r["date"]) for r in rows] == [
        ("test-rumour", "made", "2021-04-06/2021-04-07")
    ]
    # An accessor, typed, reading the copy's package.
    accessors = (scratch / "rusdata" / "package" / "accessors.py").read_text(encoding="utf-8")
    assert "def rumours() -> list[Rumour]:" in accessors
    code = "import rusdata; print([r.id for r in rusdata.rumours()], rusdata.rumours()[0].made)"
    env = {**os.environ, "PYTHONPATH": str(scratch)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=scratch, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "['test-rumour'] 2021-04-06/2021-04-07", out.stderr
    # The docs: the data dictionary's section and the README's table of tables.
    dictionary = (scratch / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = dictionary.split("\n## rumours\n", 1)[1].split("\n## ", 1)[0]
    assert "Rumours made up" in section and "| `made_qualifier` |" in section
    readme = (scratch / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\| \[`rumours`\]\(docs/data-dictionary.md#rumours\) \| 1 \|", readme)
    # The figure: a lane of its own, in a colour no other table has.
    svg = (scratch / "docs" / "timeline.svg").read_text(encoding="utf-8")
    assert ">Rumours made up" in svg
    palette = colours(len(FACT_TABLES) + 1)
    assert len(set(palette)) == len(palette) and palette[-1] in svg
    # And the result validates, the new table's schema included.
    assert (scratch / "schemas" / "rumours.schema.json").is_file()
    result = _rusdata(scratch, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
