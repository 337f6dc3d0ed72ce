"""Faults: a build killed between two renames is finished by the next one from its journal;
the descriptor is replaced last; two builds cannot interleave; a forged journal moves nothing."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project

import rusdata.build.render
from rusdata.build.render import DESCRIPTOR, JOURNAL, _ordered

KILL_AFTER_RENAMES = """
import os, signal, sys
import rusdata.build.render
real, calls = os.replace, []
def replace(*a):
    calls.append(a)
    if len(calls) == int(sys.argv[2]):  # the journal is call 1, then the outputs
        os.kill(os.getpid(), signal.SIGKILL)
    real(*a)
rusdata.build.render.os.replace = replace
from rusdata.cli import main
sys.exit(main(["--root", sys.argv[1], "build"]))
"""


def _change_outputs(project: Project) -> None:
    project.edit("sources", "genre: analysis", "genre: news_report")  # CSV, descriptor, CFF, ...


@pytest.mark.parametrize("kill_at", [2, 3])
def test_a_build_killed_between_renames_is_finished_by_the_next(
    project: Project, tmp_path: Path, kill_at: int
) -> None:
    _change_outputs(project)
    expected = tmp_path / "expected"
    shutil.copytree(project.root, expected)
    from rusdata.cli import main

    assert main(["--root", str(expected), "build"]) == 0
    committed = project.snapshot()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_RENAMES, str(project.root), str(kill_at)], check=False
    )
    assert proc.returncode == -signal.SIGKILL
    killed = project.snapshot()
    assert JOURNAL in killed  # the renames still to do are written down
    assert killed[DESCRIPTOR] == committed[DESCRIPTOR]  # the descriptor goes last
    assert project.run("build").code == 0
    after = project.snapshot()
    want = {p: b for p, b in Project(expected, project.capsys).snapshot().items()}
    assert after == want  # finished, leftovers and journal gone
    assert project.run("build", "--check").code == 0


def test_the_descriptor_is_replaced_last_and_data_first() -> None:
    paths = ["README.md", DESCRIPTOR, "schemas/a.schema.json", "data/b.csv", "data/a.csv"]
    order = _ordered(paths)
    assert order[-1] == DESCRIPTOR and order[:2] == ["data/a.csv", "data/b.csv"]


def test_two_builds_cannot_interleave(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _change_outputs(project)
    before = project.snapshot()
    monkeypatch.setattr(rusdata.build.render, "LOCK_SECONDS", 0.3)
    fd = os.open(project.root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another build holds the project
        result = project.run("build")
        assert result.code == 1
        assert result.err.splitlines()[0] == (
            "rusdata: error: another rusdata build is writing this project; try again when it ends"
        )
        assert project.snapshot() == before
    finally:
        os.close(fd)
    assert project.run("build").code == 0


def test_a_forged_journal_moves_nothing(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("outside")
    (project.root / "data" / ".visits.csv.evil").write_text("id\nforged\n")
    for plan in (
        [["../../outside.txt", "data/visits.csv"]],
        [[".visits.csv.evil", "../outside.txt"]],
        [[".visits.csv.evil", "data/not-an-output.csv"]],
        {"not": "a list"},
    ):
        (project.root / JOURNAL).write_text(json.dumps(plan))
        (project.root / "data" / ".visits.csv.evil").write_text("id\nforged\n")
        before = project.snapshot()
        assert project.run("build").code == 0
        after = project.snapshot()
        assert after["data/visits.csv"] == before["data/visits.csv"]
        assert JOURNAL not in after and "data/.visits.csv.evil" not in after
        assert secret.read_text() == "outside"
