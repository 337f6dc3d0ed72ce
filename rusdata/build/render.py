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
from rusdata.safefiles import linked_parent, regular_problem
from rusdata.schema.columns import tables
from rusdata.schema.models import TABLES, Source

DATA_DIR = "data"
SCHEMA_DIR = "schemas"

TITLE = "rusdata: Russia–Pakistan relations, encoded from five articles"
DESCRIPTION = (
    "Russia–Pakistan relations (high-level visits and calls, joint military exercises, arms "
    "transfers, agreements, trade and aid figures, pipelines and connectivity projects, and the "
    "people involved), encoded by hand from five articles. Every fact record cites at least one "
    "verbatim quote; the articles are identified by SHA-256 and not redistributed."
)
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
    """`[project]` of pyproject.toml, with the keys the package metadata takes checked."""
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
    return project


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
    descriptor = {
        "$schema": DP_PROFILE,
        "name": project["name"],
        "title": TITLE,
        "description": DESCRIPTION,
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
    outputs[JSONLD] = dumps(render_jsonld(descriptor, release, sources, years, base))  # type: ignore[arg-type]
    for name, model in TABLES.items():
        outputs[f"{SCHEMA_DIR}/{name}.schema.json"] = dumps(json_schema(model))
    undated = timeline.undated(records)
    outputs[figure.FIGURE] = figure.render_svg(generated["timeline"], undated)
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


def leftovers(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Temp files beside the outputs named as build names them: a killed build's. Build does
    not delete them (a name proves nothing about who wrote a file); it lists them."""
    found = set()
    for rel in outputs:
        folder = (root / rel).parent
        if folder.is_dir() and not folder.is_symlink():
            found |= {p for p in folder.glob(f".*{atomic.TEMP_SUFFIX}")}
    return sorted(str(p.relative_to(root)) for p in found)


def _ordered(paths: list[str]) -> list[str]:
    """Data files first, the descriptor that hashes them last: a reader that finds the new
    descriptor finds the data it describes."""
    return sorted(paths, key=lambda p: (p == DESCRIPTOR, not p.startswith(f"{DATA_DIR}/"), p))


def _not_ours(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Files where build's outputs live that this build does not write: a table's CSV or
    schema left from a removed table, or anything a pull request added there. Build deletes
    only what it wrote, so these are for a person to remove (listed by `build --check` too)."""
    return sorted(_derived_on_disk(root) - set(outputs))


def write(root: Path, outputs: dict[str, bytes]) -> list[str]:
    """Write the changed files, under the project lock.

    Every changed file is staged first (a temp file beside it, flushed to disk), then renamed
    into place with the CSVs first and datapackage.json last. An error or a kill while staging
    leaves every committed file as it was; a kill during the renames leaves some outputs new
    and the descriptor old, which `build --check` lists as stale and the next `build`
    rewrites. There is no journal and no clean-up of earlier runs: build renames and removes
    only the temp files it created in this process (their exact paths, kept in `staged`),
    never a file it finds by name. A file build would have to delete stops it first.
    """
    with locked(root):
        _targets_inside(root, outputs)  # before anything moves: no link is followed
        if extra := _not_ours(root, outputs):
            raise RusdataError(
                "\n".join(
                    f"{rel}: not a file this build writes; remove it (`git rm {rel}`) and build "
                    "again (build never deletes a file it did not write)"
                    for rel in extra
                )
            )
        changed = stale(root, outputs)
        staged: dict[str, Path] = {}  # output -> the temp file this process created for it
        try:
            for rel in _ordered(changed):
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                staged[rel] = atomic.stage(target, outputs[rel], suffix=atomic.TEMP_SUFFIX)
            for rel, path in list(staged.items()):
                os.replace(path, root / rel)
                del staged[rel]
        finally:
            for path in staged.values():  # only on an error: the ones not yet renamed
                path.unlink(missing_ok=True)
    return changed
