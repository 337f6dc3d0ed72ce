"""A failed or killed build leaves every committed file byte-identical."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from conftest import Project

import rusdata.build.render


def _change_outputs(project: Project) -> None:
    # A valid edit that changes several outputs (sources.csv, datapackage.json, CITATION.cff).
    project.edit("sources", "genre: analysis", "genre: news_report")


def test_error_while_staging_leaves_outputs_and_no_temp_files(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _change_outputs(project)
    before = project.snapshot()
    real = os.fdopen
    calls = []

    def failing_fdopen(fd: int, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(fd)
        if len(calls) == 2:  # the second staged file fails, e.g. disk full
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(rusdata.build.render.os, "fdopen", failing_fdopen)
    result = project.run("build")
    assert result.code == 1
    assert "No space left on device" in result.err
    assert project.snapshot() == before  # nothing replaced, temp files removed


KILL_DURING_REPLACE = """
import os, signal, sys
import rusdata.build.render
# Die the moment the first staged file would be moved into place: every changed file has been
# written to a temporary file, none has replaced its target.
rusdata.build.render.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
from rusdata.cli import main
sys.exit(main(["--root", sys.argv[1], "build"]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_build_leaves_committed_files_and_next_build_recovers(project: Project) -> None:
    _change_outputs(project)
    committed = project.snapshot()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_DURING_REPLACE, str(project.root)], check=False
    )
    assert proc.returncode == -signal.SIGKILL
    after = project.snapshot()
    leftovers = set(after) - set(committed)
    assert leftovers and all(p.split("/")[-1].startswith(".") for p in leftovers)
    assert {p: after[p] for p in committed} == committed  # committed files untouched
    result = project.run("build")
    assert result.code == 0
    # The outputs are repaired; the temp files stay (a name proves nothing about who wrote a
    # file), each listed once so a person can remove it.
    repaired = project.snapshot()
    assert set(repaired) - set(committed) == leftovers
    assert all(path.endswith(".rusdata-tmp") for path in leftovers)
    notes = [line for line in result.err.splitlines() if line.startswith("note: ")]
    assert sorted(n.split(":")[1].strip() for n in notes if "temp file" in n) == sorted(leftovers)
    assert project.run("build", "--check").code == 0
