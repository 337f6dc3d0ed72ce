"""Faults and planted files: a killed build is repaired by the next one; the descriptor is
replaced last; two builds cannot interleave; build renames and deletes only the temp files it
created itself, so a planted journal, a folder named like a temp file or an editor's swap file
changes nothing."""

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

import rusdata.build.classes
import rusdata.build.render
from rusdata.build.render import DESCRIPTOR, _ordered

JOURNAL = ".rusdata-build.journal"  # what builds before 1.1 wrote, and read back

KILL_AFTER_RENAMES = """
import os, signal, sys
import rusdata.build.render
real, calls = os.replace, []
def replace(*a):
    calls.append(a)
    if len(calls) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
    real(*a)
rusdata.build.render.os.replace = replace
from rusdata.cli import main
sys.exit(main(["--root", sys.argv[1], "build"]))
"""


def _change_outputs(project: Project) -> None:
    project.edit("sources", "genre: analysis", "genre: news_report")  # CSV, descriptor, CFF, ...


@pytest.mark.parametrize("kill_at", [2, 3])
def test_a_build_killed_between_renames_is_repaired_by_the_next(
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
    assert JOURNAL not in killed  # nothing written down for a later build to replay
    assert killed[DESCRIPTOR] == committed[DESCRIPTOR]  # the descriptor goes last
    check = project.run("build", "--check")
    assert check.code == 1 and "stale: datapackage.json" in check.out  # --check reports it
    assert project.run("build").code == 0
    after = project.snapshot()
    want = Project(expected, project.capsys).snapshot()
    temps = set(after) - set(want)
    assert all(p.endswith(".rusdata-tmp") for p in temps)  # the killed build's, kept
    assert {p: after[p] for p in want} == want  # every output repaired
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


def _expected_outputs(project: Project, tmp_path: Path) -> dict[str, bytes]:
    expected = tmp_path / "expected"
    shutil.copytree(project.root, expected)
    from rusdata.cli import main

    assert main(["--root", str(expected), "build"]) == 0
    return Project(expected, project.capsys).snapshot()


def test_a_planted_journal_moves_no_forged_data(project: Project, tmp_path: Path) -> None:
    """The attack on 1.0.0: a journal naming a forged CSV staged beside data/visits.csv, and a
    folder named like a temp file, so that build renamed the forgery in and then crashed."""
    _change_outputs(project)
    want = _expected_outputs(project, tmp_path)
    forged = b"id,date\nvisit-forged,2020\n"
    (project.root / "data" / ".visits.csv.evil").write_bytes(forged)
    (project.root / "data" / ".sources.csv.dir").mkdir()
    (project.root / JOURNAL).write_text(json.dumps([[".visits.csv.evil", "data/visits.csv"]]))
    result = project.run("build")
    assert result.code == 0, result.err
    after = project.snapshot()
    assert after["data/visits.csv"] == want["data/visits.csv"] != forged
    # What build did not write is neither moved nor deleted.
    assert after["data/.visits.csv.evil"] == forged
    assert (project.root / "data" / ".sources.csv.dir").is_dir()
    assert (project.root / JOURNAL).is_file()
    assert {p: after[p] for p in want} == want


def test_a_planted_journal_moves_no_code(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same with the pull request's code staged for rusdata/package/classes.py, which
    runs on `import rusdata`: build writes only the classes it renders."""
    code = project.root / "rusdata" / "package"
    code.mkdir(parents=True)
    monkeypatch.setattr(rusdata.build.classes, "_OWN_CODE", (project.root / "rusdata").resolve())
    rendered = rusdata.build.classes.render_classes()
    evil = b"import os\nos.system('echo pwned')\n"
    (code / ".classes.py.evil").write_bytes(evil)
    (code / ".classes.py.dir").mkdir()
    (project.root / JOURNAL).write_text(
        json.dumps([[".classes.py.evil", "rusdata/package/classes.py"]])
    )
    result = project.run("build")
    assert result.code == 0, result.err
    assert (code / "classes.py").read_bytes() == rendered
    assert (code / ".classes.py.evil").read_bytes() == evil  # left where it was
    assert (code / ".classes.py.dir").is_dir()


def test_build_deletes_no_editor_file(project: Project) -> None:
    """A swap file beside README.md (`.README.md.swp`) looks like a temp file by its name:
    build must not delete it."""
    _change_outputs(project)
    swap = project.root / ".README.md.swp"
    swap.write_bytes(b"b0VIM 9.0 unsaved edits")
    other = project.root / "data" / ".visits.csv.swp"
    other.write_bytes(b"b0VIM 9.0")
    assert project.run("build").code == 0
    assert swap.read_bytes() == b"b0VIM 9.0 unsaved edits"
    assert other.read_bytes() == b"b0VIM 9.0"


def test_build_deletes_no_stray_table_file(project: Project) -> None:
    """A CSV in data/ that this build does not write (a dropped table, or one a pull request
    added) stops build with one line naming it; nothing is written or deleted."""
    _change_outputs(project)
    (project.root / "data" / "stray.csv").write_bytes(b"id\nx\n")
    before = project.snapshot()
    result = project.run("build")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith(
        "rusdata: error: data/stray.csv: not a file this build writes; remove it"
    )
    assert project.snapshot() == before


def test_build_removes_only_the_temp_files_it_made(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an error after staging, build removes exactly the temp files it created in this
    process, and no other file named like one."""
    _change_outputs(project)
    planted = project.root / "data" / ".sources.csv.abc.rusdata-tmp"
    planted.write_bytes(b"not build's")
    before = project.snapshot()
    real = os.replace

    def failing(src: object, dst: object) -> None:
        if str(dst).endswith(DESCRIPTOR):
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(rusdata.build.render.os, "replace", failing)
    result = project.run("build")
    assert result.code == 1
    after = project.snapshot()
    assert after[str(planted.relative_to(project.root))] == b"not build's"
    assert set(after) == set(before)  # no temp file of this build is left
    assert after[DESCRIPTOR] == before[DESCRIPTOR]
