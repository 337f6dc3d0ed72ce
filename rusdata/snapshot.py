"""Read a built package (datapackage.json and the CSVs it lists) from the working tree or from
a git ref, with `git show REF:path` run in the project root: no checkout, no network."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from rusdata.diff import Package
from rusdata.errors import RusdataError
from rusdata.safefiles import check_resource_paths, read_regular

DESCRIPTOR = "datapackage.json"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise RusdataError("git not found: `rusdata diff` needs git on PATH") from None


def _load(read: Callable[[str], bytes | None], where: str) -> Package:
    raw = read(DESCRIPTOR)
    if raw is None:
        raise RusdataError(f"{where} has no {DESCRIPTOR} (no built package to compare)")
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        raise RusdataError(f"{where}: {DESCRIPTOR} is not valid JSON: {e}") from None
    try:
        check_resource_paths(descriptor, f"{where}: {DESCRIPTOR}")
    except ValueError as e:
        raise RusdataError(str(e)) from None
    rows = {}
    for res in descriptor.get("resources", []):
        data = read(res["path"])
        if data is None:
            raise RusdataError(f"{where}: {DESCRIPTOR} lists {res['path']}, which is missing")
        rows[res["name"]] = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    return Package(descriptor, rows)


def from_tree(root: Path) -> Package:
    """The package as built in the working tree."""

    def read(path: str) -> bytes | None:
        p = root / path
        return read_regular(p) if p.is_file() or p.is_symlink() else None

    return _load(read, "the working tree")


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

    return _load(read, f"git ref {ref!r}")
