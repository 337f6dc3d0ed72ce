"""The README's and the data users' docs' snippets run: every ```python block, and every `$ `
line of ```console blocks.

Each page's snippets run in document order in one empty directory of its own, as a reader
following along would (an export written by one snippet is read by the next), each in a fresh
process. None may lean on the checkout's working directory: they use the installed package.
The README's first lines are the two set-up commands; the first needs no article texts.
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
# The pages whose snippets a reader runs: the README, then the data users' docs.
PAGES = ("README.md", "docs/using-the-tables.md", "docs/questions.md")


def snippets(page: str = "README.md") -> list[tuple[int, str, str]]:
    """(line, language, code) of every block of `page` that runs, in document order."""
    text = (REPO / page).read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        line = text[: m.start()].count("\n") + 1
        if m[1] == "python":
            out.append((line, "python", m[2]))
        elif m[1] == "console":
            for offset, text in enumerate(m[2].splitlines(), 1):
                if text.startswith("$ "):
                    out.append((line + offset, "console", text[2:]))
    return out


_WORKDIRS: dict[str, Path] = {}


@pytest.fixture
def workdir(tmp_path_factory: pytest.TempPathFactory, page: str) -> Path:
    """One empty folder per page, shared by its snippets in order."""
    if page not in _WORKDIRS:
        _WORKDIRS[page] = tmp_path_factory.mktemp(page.replace("/", "-"))
    return _WORKDIRS[page]


def test_there_are_snippets_of_both_kinds() -> None:
    kinds = [kind for _, kind, _ in snippets()]
    assert kinds.count("python") >= 2 and kinds.count("console") >= 3
    every = [kind for page in PAGES for _, kind, _ in snippets(page)]
    assert every.count("python") >= 10 and every.count("console") >= 8


def test_the_first_lines_are_the_two_set_up_commands() -> None:
    block = FENCE.search(README)
    assert block is not None and README.startswith("# rusdata\n\n" + block[0])
    commands = [li for li in block[2].splitlines() if li and not li.startswith("#")]
    assert len(commands) == 2
    assert "pip install ." in commands[0] and "--sources" not in commands[0]  # no texts needed
    assert 'pip install -e ".[test]"' in commands[1] and commands[1].endswith("python -m pytest")


def test_how_to_cite_is_on_the_first_two_screens() -> None:
    assert README[: README.index("## Cite it")].count("\n") < 2 * 50
    for page in ("docs/using-the-tables.md", "docs/questions.md", "docs/internals.md"):
        assert f"]({page})" in README, page  # linked onward
    assert "](CONTRIBUTING.md)" in README


CASES = [(page, *s) for page in PAGES for s in snippets(page)]


@pytest.mark.parametrize(
    ("page", "line", "kind", "code"), CASES, ids=[f"{c[0]}:L{c[1]}" for c in CASES]
)
def test_snippet_runs(page: str, line: int, kind: str, code: str, workdir: Path) -> None:
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
    assert out.returncode == 0, f"{page}:{line}: {kind} snippet failed:\n{out.stderr}"
    assert out.stdout.strip(), f"{page}:{line}: {code!r} printed nothing"
