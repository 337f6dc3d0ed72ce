"""Render every derived file in memory, then write only what changed, atomically.

`render` never reads the article texts, so outputs depend on the repository alone. `write`
replaces files through temporary files and `os.replace`, after everything has rendered, so a
failed build leaves the committed outputs as they were.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rusdata.build import atomic, classes, docs, figure, timeline
from rusdata.build.about import about
from rusdata.build.citation import (
    CITATION,
    JSONLD,
    article_identity,
    article_title,
    render_cff,
    render_jsonld,
)
from rusdata.build.rows import link_rows, table_rows, to_csv
from rusdata.build.tableschema import DP_PROFILE, json_schema, resource
from rusdata.checks.loading import Loaded
from rusdata.errors import RusdataError
from rusdata.package.reader import DESCRIPTOR
from rusdata.release.changelog import read_release, read_text
from rusdata.safefiles import linked_parent, read_regular, regular_problem
from rusdata.schema.columns import tables
from rusdata.schema.models import TABLES, Source

DATA_DIR = "data"
SCHEMA_DIR = "schemas"

LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 (the dataset's own records; the quotes are "
        "short excerpts of the articles, which remain their authors')",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]


def dumps(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


PYPROJECT = "pyproject.toml"


def project_metadata(root: Path) -> dict[str, Any]:
    """`[project]` of pyproject.toml, with the keys the package metadata takes checked, and
    `[tool.rusdata]` (what the dataset is about) under the key `tool.rusdata`."""
    try:
        data = tomllib.loads(read_text(root / PYPROJECT, PYPROJECT))
    except tomllib.TOMLDecodeError as e:
        raise RusdataError(f"{PYPROJECT}: not valid TOML: {e}") from None
    project = data.get("project")
    if not isinstance(project, dict):
        raise RusdataError(f"{PYPROJECT}: no [project] table")
    for key in ("name", "version"):
        if not isinstance(project.get(key), str) or not project[key]:
            raise RusdataError(f"{PYPROJECT}: [project] needs `{key}`, a string")
    keywords = project.get("keywords")
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise RusdataError(f"{PYPROJECT}: [project] needs `keywords`, a list of strings")
    authors = project.get("authors")
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors
    ):
        raise RusdataError(f"{PYPROJECT}: [project] needs `authors`, a list of {{name = ...}}")
    tool = data.get("tool", {}).get("rusdata") if isinstance(data.get("tool"), dict) else None
    about(project, tool, 0)  # checked here, so its problems are reported with the YAML's
    return {**project, "tool.rusdata": tool}


def input_problems(root: Path) -> list[str]:
    """Every problem with the build's inputs other than the YAML, one line each."""
    found = []
    for read in (project_metadata, read_release, lambda r: read_text(r / docs.README, docs.README)):
        try:
            read(root)
        except RusdataError as e:
            found.append(str(e))
    return found


def _sources(records: list[Source]) -> list[dict[str, Any]]:
    # The articles as the texts identify themselves; no invented URL, author or date. DP v2
    # sources carry no hash field, so the title names the file and its SHA-256.
    return [{"title": f"{article_title(s)}. {article_identity(s)}"} for s in records]


def render(loaded: Loaded) -> dict[str, bytes]:
    """Every derived file, by path relative to the project root."""
    records = {name: loaded.records(name) for name in TABLES}
    generated = {"timeline": timeline.entries(records)}
    outputs: dict[str, bytes] = {}
    resources = []
    rows: dict[str, list[list[str]]] = {}
    for name, table in tables().items():
        if table.owners:
            rows[name] = link_rows(table, records)
        else:
            source = generated[name] if table.generated else records[name]
            rows[name] = list(table_rows(table, source))
        path = f"{DATA_DIR}/{name}.csv"
        outputs[path] = to_csv(table, rows[name])
        resources.append(resource(table, path, outputs[path]))
    project = project_metadata(loaded.root)
    # The release date comes from CHANGELOG.md, never the clock: rebuilds stay byte-identical.
    release = read_release(loaded.root)
    subject = about(project, project["tool.rusdata"], len(records["sources"]))
    descriptor = {
        "$schema": DP_PROFILE,
        "name": project["name"],
        "title": subject.title,
        "description": subject.description,
        "version": project["version"],
        "created": f"{release.date}T00:00:00Z",  # e.g. the xlsx export's creation date
        "licenses": LICENSES,
        "keywords": project["keywords"],
        "contributors": [{"title": a["name"], "roles": ["author"]} for a in project["authors"]],
        "sources": _sources(records["sources"]),  # type: ignore[arg-type]
        "resources": resources,
    }
    outputs[DESCRIPTOR] = dumps(descriptor)
    sources = records["sources"]
    outputs[CITATION] = render_cff(descriptor, release, sources)  # type: ignore[arg-type]
    entries = generated["timeline"]
    years = (min(e.date.start.year for e in entries), max(e.date.end.year for e in entries))
    base = project.get("urls", {}).get("Download")
    outputs[JSONLD] = dumps(render_jsonld(descriptor, release, sources, years, base, subject))  # type: ignore[arg-type]
    for name, model in TABLES.items():
        outputs[f"{SCHEMA_DIR}/{name}.schema.json"] = dumps(json_schema(model))
    undated = timeline.undated(records)
    outputs[figure.FIGURE] = figure.render_svg(
        generated["timeline"], undated, subject, figure.key_events(records)
    )
    outputs[docs.DICTIONARY] = docs.data_dictionary(tables(), rows, project["version"])
    readme = read_text(loaded.root / docs.README, docs.README)
    outputs[docs.README] = docs.readme(readme, tables(), rows)
    if module := classes.target(loaded.root):  # the record classes: code, not data
        outputs[module] = classes.render_classes()
    return outputs


def _derived_on_disk(root: Path) -> set[str]:
    found = {f"{DATA_DIR}/{p.name}" for p in (root / DATA_DIR).glob("*.csv")}
    found |= {f"{SCHEMA_DIR}/{p.name}" for p in (root / SCHEMA_DIR).glob("*.schema.json")}
    return found


def _targets_inside(root: Path, outputs: dict[str, bytes]) -> None:
    """Refuse to read, write or delete through a link: a symlinked `schemas/` or `docs/` (or a
    linked output file) would make a build change files outside the project."""
    problems = []
    for rel in sorted(outputs):
        linked = linked_parent(root, rel)
        if linked:
            problems.append(f"{linked}: is a symbolic link; build writes only inside the project")
        elif problem := regular_problem(root / rel):
            problems.append(f"{rel}: {problem}")
    if problems:
        raise RusdataError("\n".join(dict.fromkeys(problems)))


def stale(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Paths whose content differs from `outputs`, is missing, or should not exist."""
    _targets_inside(root, outputs)
    changed = [
        p
        for p, data in outputs.items()
        if not (root / p).is_file() or (root / p).read_bytes() != data
    ]
    extra = _derived_on_disk(root) - set(outputs)
    return sorted(changed) + sorted(extra)


JOURNAL = ".rusdata-build.journal"
LOCK_SECONDS = 120.0


@contextlib.contextmanager
def locked(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the project folder (flock on its descriptor, no lock file):
    two builds never interleave their staging, renames and clean-up."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + (LOCK_SECONDS if timeout is None else timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RusdataError(
                        "another rusdata build is writing this project; try again when it ends"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _temp_leftovers(root: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Temporary files (`.<name>.<random>`) that a killed build left beside its outputs, and
    its journal's."""
    found: list[Path] = list(root.glob(f"{JOURNAL}.*"))
    for rel in outputs:
        target = root / rel
        if target.parent.is_dir():
            found.extend(target.parent.glob(f".{target.name}.*"))
    return found


def _journal_entries(root: Path, outputs: dict[str, bytes]) -> list[tuple[Path, str]] | None:
    """The renames a killed build had still to do, if its journal is sound; None otherwise.

    The journal is data in the tree, so each entry is checked: the target is one of the build's
    outputs and the staged file is a regular file named as this build names them, beside it.
    """
    try:
        entries = json.loads(read_regular(root / JOURNAL).decode("utf-8"))
        plan: list[tuple[Path, str]] = []
        for tmp, rel in entries:
            if (
                rel not in outputs
                or not isinstance(tmp, str)
                or "/" in tmp
                or not tmp.startswith(f".{Path(rel).name}.")
            ):
                return None
            plan.append(((root / rel).with_name(tmp), rel))
        return plan
    except (OSError, ValueError, TypeError):
        return None


def recover(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Finish what a killed build started: its journal lists every staged file and its
    target, written once everything was staged; the renames still to do are done, in order
    (datapackage.json last). Returns the paths moved into place."""
    if not os.path.lexists(root / JOURNAL):
        return []
    plan = _journal_entries(root, outputs) or []
    done = []
    for staged, rel in plan:
        if os.path.lexists(staged) and regular_problem(staged) is None:
            os.replace(staged, root / rel)
            done.append(rel)
    (root / JOURNAL).unlink()
    return done


def _ordered(paths: list[str]) -> list[str]:
    """Data files first, the descriptor that hashes them last: a reader that finds the new
    descriptor finds the data it describes."""
    return sorted(paths, key=lambda p: (p == DESCRIPTOR, not p.startswith(f"{DATA_DIR}/"), p))


def write(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Write the changed files and remove stale ones, under the project lock.

    Every changed file is staged first (temp file, flushed to disk); then a journal lists the
    renames, and they are done with datapackage.json last; then the journal goes. An error or a
    kill while staging leaves every committed file as it was; a kill during the renames is
    finished by the next build (`recover`) from the journal. Leftover temporary files are
    removed.
    """
    with locked(root):
        _targets_inside(root, outputs)  # before anything moves: no link is followed
        recover(root, outputs)
        for leftover in _temp_leftovers(root, outputs):
            leftover.unlink()
        changed = stale(root, outputs)
        staged: list[tuple[str, Path]] = []
        try:
            for rel in _ordered([p for p in changed if p in outputs]):
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.append((rel, atomic.stage(target, outputs[rel])))
            journal = [[path.name, rel] for rel, path in staged]
            atomic.write(root / JOURNAL, json.dumps(journal).encode("utf-8"), prefix=f"{JOURNAL}.")
        except BaseException:
            for _, path in staged:
                path.unlink(missing_ok=True)
            for leftover in root.glob(f"{JOURNAL}.*"):
                leftover.unlink()
            raise
        for rel, path in staged:
            os.replace(path, root / rel)
        for rel in changed:
            if rel not in outputs:
                (root / rel).unlink()
        (root / JOURNAL).unlink()
    return changed
