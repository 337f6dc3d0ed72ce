"""The table registry: every table is declared once, in `REGISTERED`, and everything follows.

In a scratch copy of the project (code, data and committed outputs), a model class appended to
`rusdata/schema/models.py` but not registered fails validate with its name and line. That
listing it in `REGISTERED` (and writing its YAML file) is enough for the table to reach the
descriptor, its CSV, the timeline, the accessors, the docs and the figure, with a colour no
other table has, is tested by following CONTRIBUTING's "Add a table" recipe
(`tests/test_contributing.py`), which does exactly that.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from rusdata.schema.columns import tables
from rusdata.schema.models import FACT_TABLES, REGISTERED, TABLES, Kind, unregistered


def _recipe_model() -> tuple[str, str]:
    """The model class that CONTRIBUTING's "Add a table" recipe writes (its test registers
    it), and its name."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(
        r"^```python\n# add above the table registry in \S+\n(.*?)^```", guide, re.M | re.S
    )
    name = re.search(r"^class (\w+)\(", block[1] if block else "", re.M)
    assert block and name, 'CONTRIBUTING\'s "Add a table" shows no model class'
    return "\n\n" + block[1], name[1]


CLAIM, NAME = _recipe_model()
MODELS = "rusdata/schema/models.py"


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


def test_a_table_not_registered_is_named_by_validate(scratch: Path) -> None:
    models = scratch / MODELS
    text = models.read_text(encoding="utf-8")

    # Appended at the end, not registered: validate names the class and its line.
    models.write_text(text + CLAIM, encoding="utf-8")
    line = (text + CLAIM).splitlines().index(f"class {NAME}(Fact):") + 1
    result = _rusdata(scratch, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"{MODELS}:{line}: class {NAME} looks like a table but is not registered" in result.stdout
    )
    assert "[registry]" in result.stdout
    assert "Traceback" not in result.stderr
