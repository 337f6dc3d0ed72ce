"""The README's snippets run: every ```python block, and every `$ ` line of ```console blocks.

Each runs in a fresh process in an empty directory, so a snippet cannot lean on the checkout's
working directory: it must use the installed package, as a reader's would.
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


def blocks(language: str) -> list[tuple[int, str]]:
    return [
        (README[: m.start()].count("\n") + 1, m[2])
        for m in FENCE.finditer(README)
        if m[1] == language
    ]


def env() -> dict[str, str]:
    # The test's interpreter's scripts (rusdata) come first on PATH, as in an activated venv.
    bindir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}


def test_there_are_snippets_to_run() -> None:
    assert len(blocks("python")) >= 2
    assert any(line.startswith("$ ") for _, b in blocks("console") for line in b.splitlines())


@pytest.mark.parametrize(("line", "code"), blocks("python"), ids=lambda v: f"L{v}" if isinstance(v, int) else "")  # fmt: skip
def test_python_snippet_runs(line: int, code: str, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env(),
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, f"README.md:{line}: python block failed:\n{out.stderr}"


@pytest.mark.parametrize(("line", "block"), blocks("console"), ids=lambda v: f"L{v}" if isinstance(v, int) else "")  # fmt: skip
def test_console_snippet_runs(line: int, block: str, tmp_path: Path) -> None:
    for offset, text in enumerate(block.splitlines(), 1):
        if not text.startswith("$ "):
            continue
        out = subprocess.run(text[2:], shell=True, cwd=tmp_path, env=env(),
                             capture_output=True, text=True, timeout=300)  # fmt: skip
        where = f"README.md:{line + offset}"
        assert out.returncode == 0, f"{where}: {text!r} failed:\n{out.stderr}"
        assert out.stdout.strip(), f"{where}: {text!r} printed nothing"
