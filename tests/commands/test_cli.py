"""The verbs and export formats are named, not discovered: each module is listed, and a file
dropped into those folders is never imported."""

from __future__ import annotations

import importlib
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

import rusdata.commands
import rusdata.exports
from rusdata.cli import parser

COMMANDS = Path(rusdata.commands.__file__).parent
EXPORTS = Path(rusdata.exports.__file__).parent


def test_every_verb_module_is_named_and_every_name_is_a_module() -> None:
    modules = {p.stem for p in COMMANDS.glob("*.py") if not p.stem.startswith("_")}
    assert set(rusdata.commands.VERBS) == modules
    for name in rusdata.commands.VERBS:
        verb = importlib.import_module(f"rusdata.commands.{name}")
        assert verb.HELP and callable(verb.register) and callable(verb.run), name
    # the parser offers exactly these verbs
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(rusdata.commands.VERBS)  # type: ignore[arg-type]


def test_every_format_module_is_named() -> None:
    with_format = set()
    for path in EXPORTS.glob("*.py"):
        if path.stem != "__init__":
            module = importlib.import_module(f"rusdata.exports.{path.stem}")
            if hasattr(module, "FORMAT"):
                with_format.add(path.stem)
    assert set(rusdata.exports.FORMATS) == with_format == {"sqlite", "parquet", "xlsx", "site"}


def test_a_module_dropped_into_the_verbs_folder_does_not_run(tmp_path: Path) -> None:
    """A stray compiled module (git ignores `*.pyc`, so `git status` shows nothing) that would
    empty the rules cannot turn a failing validate into a passing one."""
    code = tmp_path / "code"
    shutil.copytree(
        REPO / "rusdata", code / "rusdata", ignore=shutil.ignore_patterns("__pycache__")
    )
    evil = tmp_path / "zz.py"
    evil.write_text(
        "from rusdata.checks.rules import RULES\nRULES.clear()\nHELP = 'x'\n"
        "def register(p): pass\ndef run(a): return 0\n",
        encoding="utf-8",
    )
    py_compile.compile(str(evil), cfile=str(code / "rusdata" / "commands" / "zz.pyc"))
    shutil.copytree(REPO / "data" / "yaml", tmp_path / "project" / "data" / "yaml")
    visits = tmp_path / "project" / "data" / "yaml" / "visits.yaml"
    text = visits.read_text(encoding="utf-8")
    first = text.index("- id: ")
    # the first visit appended again: a duplicate id, which a rule reports
    record = text[first : text.index("\n- id: ", first) + 1]
    visits.write_text(text.rstrip("\n") + "\n" + record, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "rusdata", "--root", str(tmp_path / "project"), "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "duplicate id" in result.stdout + result.stderr
