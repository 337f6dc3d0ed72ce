"""What no contributor should commit is refused by CI (`.ci/check-tree`, docs/hardening.md),
one line naming each file; `.gitattributes` names files that exist; no bytecode in the code
tree could run instead of its source."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, git

CHECK = REPO / ".ci" / "check-tree"


def _in_git_checkout() -> bool:
    return (REPO / ".git").exists() and shutil.which("git") is not None


needs_git = pytest.mark.skipif(not _in_git_checkout(), reason="not a git checkout (an sdist)")


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK)], cwd=root, capture_output=True, text=True, check=False
    )


@needs_git
def test_the_project_tree_passes() -> None:
    result = _check(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A scratch git repository holding the project's .gitignore and a little code."""
    root = tmp_path / "repo"
    (root / "rusdata" / "package").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    shutil.copy(REPO / "rusdata" / "__init__.py", root / "rusdata" / "__init__.py")
    (root / "rusdata" / "schema").mkdir()
    shutil.copy(REPO / "rusdata" / "schema" / "iso3166.csv", root / "rusdata" / "schema")
    (root / "data" / "visits.csv").write_text("id\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    assert _check(root).returncode == 0  # the base passes
    return root


PLANTED = {
    "rusdata/__pycache__/__init__.cpython-311.pyc": "bytecode or compiled code",
    "rusdata/package/classes.pyc": "bytecode or compiled code",
    "rusdata/package/classes.cpython-311-x86_64-linux-gnu.so": "bytecode or compiled code",
    ".rusdata-build.journal": "a build journal or temp file",
    "data/.visits.csv.k2j3.rusdata-tmp": "a build journal or temp file",
    ".pytest_cache/v/cache/lastfailed": "a cache",
    ".hypothesis/examples/x": "a cache",
    "rusdata/_data/datapackage.json": "data inside the code tree",
    "rusdata/_data/data/visits.csv": "data inside the code tree",
    "rusdata/package/forged.csv": "data inside the code tree",
    "dist/rusdata-1.0.0.tar.gz": "ignored by .gitignore, yet committed (force-added)",
    "rusdata.egg-info/PKG-INFO": "ignored by .gitignore, yet committed (force-added)",
}


@needs_git
@pytest.mark.parametrize("path", list(PLANTED))
def test_a_force_added_file_fails_ci_with_its_name(scratch: Path, path: str) -> None:
    planted = scratch / path
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"\x00planted")
    git(scratch, "add", "-f", path)
    git(scratch, "commit", "-qm", "planted")
    result = _check(scratch)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"check-tree: {path}: {PLANTED[path]}"] or (
        result.stdout.startswith(f"check-tree: {path}: {PLANTED[path]}")
    ), result.stdout


@needs_git
def test_un_ignoring_bytecode_in_the_same_pull_request_does_not_help(scratch: Path) -> None:
    (scratch / ".gitignore").write_text("")
    (scratch / "rusdata" / "evil.pyc").write_bytes(b"planted")
    git(scratch, "add", "-A")
    git(scratch, "commit", "-qm", "planted")
    result = _check(scratch)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "check-tree: rusdata/evil.pyc: bytecode or compiled code: Python could run it instead "
        "of the source"
    ]


@needs_git
def test_a_symlink_and_every_planted_file_are_each_one_line(scratch: Path) -> None:
    os.symlink("/etc/passwd", scratch / "rusdata" / "evil.py")
    for path in ("rusdata/x.pyc", ".rusdata-build.journal"):
        (scratch / path).write_bytes(b"x")
    git(scratch, "add", "-Af")
    git(scratch, "commit", "-qm", "planted")
    result = _check(scratch)
    assert result.returncode == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == [
        ".rusdata-build.journal",
        "rusdata/evil.py",
        "rusdata/x.pyc",
    ]
    assert "rusdata/evil.py: a symbolic link" in result.stdout


@needs_git
def test_every_gitattributes_pattern_names_a_tracked_file() -> None:
    """A pattern naming a moved file protects nothing: `rusdata/iso3166.csv` had moved, so a
    clone with core.autocrlf=true rewrote the real file's line endings."""
    patterns = [
        line.split()[0]
        for line in (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns
    for pattern in patterns:
        # As .gitattributes reads it: with a slash, from the root; without, at any depth.
        spec = f":(glob){pattern}" if "/" in pattern else f":(glob)**/{pattern}"
        matched = git(REPO, "ls-files", "--", spec).splitlines()
        assert matched, f".gitattributes: {pattern} matches no tracked file"
        attrs = git(REPO, "check-attr", "text", "--", matched[0])
        assert attrs.strip().endswith("text: unset"), attrs


def _unchecked_hash_pyc(path: Path) -> bool:
    """A hash-based .pyc that Python never checks against its source (PEP 552 flags 0b01)."""
    head = path.read_bytes()[:8]
    return len(head) == 8 and int.from_bytes(head[4:8], "little") == 0b01


def test_no_bytecode_in_the_code_tree_could_run_instead_of_its_source() -> None:
    """What Python would run in place of reviewed code: an unchecked-hash .pyc (used without
    looking at the .py), a .pyc outside __pycache__ (importable without any source), or an
    extension module (found before the .py of the same name)."""
    code = REPO / "rusdata"
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = [
        str(p.relative_to(REPO))
        for p in code.rglob("*")
        if p.is_file()
        and (
            p.name.endswith(suffixes)
            or (p.suffix == ".pyc" and (p.parent.name != "__pycache__" or _unchecked_hash_pyc(p)))
        )
    ]
    assert found == []
    assert importlib.util.find_spec("rusdata.package.classes").origin.endswith(".py")  # type: ignore[union-attr]
