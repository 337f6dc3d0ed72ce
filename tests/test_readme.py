"""The README's snippets run: every ```python block, and every `$ ` line of ```console blocks.

They run in document order in one empty directory, as a reader following along would (an
export written by one snippet is read by the next), each in a fresh process. None may lean on
the checkout's working directory: they use the installed package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
README = (REPO / "README.md").read_text(encoding="utf-8")


def snippets() -> list[tuple[int, str, str]]:
    """(README line, language, code) of every block that runs, in document order."""
    out = []
    for m in FENCE.finditer(README):
        line = README[: m.start()].count("\n") + 1
        if m[1] == "python":
            out.append((line, "python", m[2]))
        elif m[1] == "console":
            for offset, text in enumerate(m[2].splitlines(), 1):
                if text.startswith("$ "):
                    out.append((line + offset, "console", text[2:]))
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("readme")


def test_there_are_snippets_of_both_kinds() -> None:
    kinds = [kind for _, kind, _ in snippets()]
    assert kinds.count("python") >= 3 and kinds.count("console") >= 3


@pytest.mark.parametrize(("line", "kind", "code"), snippets(), ids=[f"L{s[0]}" for s in snippets()])
def test_snippet_runs(line: int, kind: str, code: str, workdir: Path) -> None:
    # The test interpreter's scripts (`rusdata`) come first on PATH, as in an activated venv.
    path = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    env = {**os.environ, "PATH": path}
    cmd: list[str] | str = [sys.executable, "-c", code] if kind == "python" else code
    out = subprocess.run(
        cmd,
        shell=kind == "console",
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, f"README.md:{line}: {kind} snippet failed:\n{out.stderr}"
    assert out.stdout.strip(), f"README.md:{line}: {code!r} printed nothing"
