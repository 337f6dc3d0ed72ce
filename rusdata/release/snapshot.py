"""The built package in the working tree or at a git ref (`git show REF:path`, run in the project
root: no checkout, no network), read by the one package reader."""

from __future__ import annotations

import subprocess
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.package.reader import Package


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise RusdataError("git not found: `rusdata diff` needs git on PATH") from None


def from_tree(root: Path) -> Package:
    """The package as built in the working tree."""

    package = Package.at(root)
    package.where = "the working tree"
    return package


def from_ref(root: Path, ref: str) -> Package:
    """The package as committed at git `ref` (a tag, branch or commit)."""
    if ref.startswith("-"):
        raise RusdataError(f"unknown git ref {ref!r}")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode != 0:
        why = found.stderr.decode("utf-8", "replace").strip()
        raise RusdataError(f"unknown git ref {ref!r}" + (f" ({why})" if why else ""))
    commit = found.stdout.decode().strip()

    def read(path: str) -> bytes | None:
        # `./` makes the path relative to the project root, even inside a larger repository.
        shown = _git(root, "show", f"{commit}:./{path}")
        return shown.stdout if shown.returncode == 0 else None

    return Package.open(read, f"git ref {ref!r}")
