"""Render every derived file in memory, then write only what changed, atomically.

`render` never reads the article texts, so outputs depend on the repository alone. `write`
replaces files through temporary files and `os.replace`, after everything has rendered, so a
failed build leaves the committed outputs as they were.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import re
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rusdata.build import accessors, atomic, classes, docs, figure, timeline, webannotations
from rusdata.build.about import about
from rusdata.build.citation import (
    CITATION,
    JSONLD,
    ZENODO,
    article_identity,
    article_title,
    deposit,
    render_cff,
    render_jsonld,
    render_zenodo,
)
from rusdata.build.rows import link_rows, table_rows, to_csv
from rusdata.build.tableschema import DP_PROFILE, json_schema, resource
from rusdata.checks import anchors
from rusdata.checks.loading import Loaded
from rusdata.errors import RusdataError
from rusdata.package.reader import DESCRIPTOR
from rusdata.release.changelog import CHANGELOG, read_release, read_text
from rusdata.release.metadata import read_where
from rusdata.safefiles import linked_parent, read_regular, regular_problem
from rusdata.schema.columns import tables
from rusdata.schema.models import TABLES, Source
from rusdata.schema.textrules import CharRule, char_problem, describe

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
# Build inputs may end lines with CR LF (a Windows checkout); a CR inside a value is refused.
IN_INPUT_FILE = CharRule("\t\n\r")
SEMVER = r"[0-9]+\.[0-9]+\.[0-9]+"
URL = re.compile(r"https?://[^\s\"<>\\]+")


def _string_problem(value: object, pattern: str | None = None) -> str | None:
    if not isinstance(value, str) or not value:
        return f"must be a non-empty string, not {_kind(value)}"
    if problem := char_problem(value):
        return problem
    if pattern and not re.fullmatch(pattern, value):
        return f"{value!r} does not match {pattern}"
    return None


def _kind(value: object) -> str:
    return (
        {str: "a string", int: "a number", float: "a number", bool: "true/false"}.get(
            type(value), "a table" if isinstance(value, dict) else "a list"
        )
        if value != ""
        else "an empty string"
    )


def _metadata_problems(project: dict[str, Any]) -> list[str]:
    """Each value of `[project]` that build takes, checked for its type; every string in the
    table checked for characters (they reach the descriptor, CITATION.cff, the JSON-LD and the
    data dictionary). One line per bad key."""
    found: dict[str, str] = {}  # key -> its problem

    def bad(key: str, problem: str | None) -> None:
        if problem and key not in found:
            found[key] = problem

    bad("name", _string_problem(project.get("name")))
    bad("version", _string_problem(project.get("version"), SEMVER))
    keywords = project.get("keywords")
    if not isinstance(keywords, list):
        bad("keywords", f"must be a list of strings, not {_kind(keywords)}")
    else:
        for i, k in enumerate(keywords):
            bad(f"keywords[{i}]", _string_problem(k))
    authors = project.get("authors")
    if not isinstance(authors, list) or not authors:
        bad("authors", "must be a list of {name = ...}")
    else:
        for i, a in enumerate(authors):
            if not isinstance(a, dict):
                bad(f"authors[{i}]", f"must be a table {{name = ...}}, not {_kind(a)}")
            else:
                bad(f"authors[{i}].name", _string_problem(a.get("name")))
    urls = project.get("urls", {})
    if not isinstance(urls, dict):
        bad("urls", f"must be a table of name = URL, not {_kind(urls)}")
    else:
        for name, url in urls.items():
            bad(f"urls.{name}", _string_problem(url, URL.pattern))
    # Every other string in [project] (description, classifiers, ...): its characters.
    stack: list[tuple[str, object]] = list(project.items())
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{key}.{k}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{key}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, str):
            bad(key, char_problem(value))
    return [f"{PYPROJECT}: [project] {key}: {problem}" for key, problem in found.items()]


def project_metadata(root: Path) -> dict[str, Any]:
    """`[project]` of pyproject.toml, the one place build reads project metadata from: every
    key it takes checked for type, every string for characters (RusdataError, a line each); and
    `[tool.rusdata]` (what the dataset is about) under the key `tool.rusdata`."""
    text = read_text(root / PYPROJECT, PYPROJECT)
    if problem := IN_INPUT_FILE.search(text):  # before TOML: a comment can hide nothing either
        line = text.count("\n", 0, problem.start()) + 1
        raise RusdataError(
            f"{PYPROJECT}: line {line}: character {describe(problem.group())} is not allowed"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RusdataError(f"{PYPROJECT}: not valid TOML: {e}") from None
    except RecursionError:
        raise RusdataError(f"{PYPROJECT}: nested too deep to read") from None
    project = data.get("project")
    if not isinstance(project, dict):
        raise RusdataError(f"{PYPROJECT}: no [project] table")
    if problems := _metadata_problems(project):
        raise RusdataError("\n".join(problems))
    tool = data.get("tool", {}).get("rusdata") if isinstance(data.get("tool"), dict) else None
    about(project, tool, 0)  # checked here, so its problems are reported with the YAML's
    return {**project, "tool.rusdata": tool}


def _file_characters(root: Path, name: str) -> None:
    """A build input whose text reaches an output: no refused character on any line."""
    text = read_text(root / name, name)
    lines: list[tuple[int, str]] = []
    for m in IN_INPUT_FILE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if not lines or lines[-1][0] != line:
            lines.append((line, m.group()))
    if lines:
        raise RusdataError(
            "\n".join(
                f"{name}: line {n}: character {describe(ch)} is not allowed" for n, ch in lines
            )
        )


def input_problems(root: Path) -> list[str]:
    """Every problem with the build's inputs other than the YAML, one line each."""
    found = []
    checks = (
        project_metadata,
        read_where,
        lambda r: _file_characters(r, CHANGELOG),
        read_release,
        lambda r: _file_characters(r, docs.README),
    )
    for check in checks:
        try:
            check(root)
        except RusdataError as e:
            found.extend(str(e).splitlines())
    return list(dict.fromkeys(found))  # pyproject.toml is read twice; one report of it


def _reliability(root: Path) -> tuple[str | None, list[dict[str, str]]]:
    """The published reliability study (docs/reliability/): its folder and its alphas, each with
    the reason `reasons.csv` gives for it (fields below 0.8)."""
    folder, where = root / docs.RELIABILITY, docs.RELIABILITY
    if not (folder / "alpha.csv").is_file():
        return None, []

    def table(name: str) -> list[dict[str, str]]:
        path = folder / name
        if not path.is_file():
            return []
        text = read_text(path, f"{where}/{name}")
        if problem := IN_INPUT_FILE.search(text):  # it reaches the data dictionary
            line = text.count("\n", 0, problem.start()) + 1
            raise RusdataError(
                f"{where}/{name}: line {line}: character {describe(problem.group())} is not allowed"
            )
        found = list(csv.DictReader(io.StringIO(text)))
        need = {"alpha.csv": {"field", "level", "pairable", "alpha"}}.get(name, {"field", "reason"})
        if found and not need <= set(found[0]):
            raise RusdataError(f"{where}/{name}: needs the columns {', '.join(sorted(need))}")
        return found

    reasons = {r["field"]: r["reason"] for r in table("reasons.csv")}
    return where, [{**a, "reason": reasons.get(a["field"], "")} for a in table("alpha.csv")]


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
    where = read_where(loaded.root)  # the project's home and DOI, once known
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
    if where.doi:
        descriptor["id"] = where.doi_url
    if where.home:
        descriptor["homepage"] = where.home
    outputs[DESCRIPTOR] = dumps(descriptor)
    sources = records["sources"]
    outputs[CITATION] = render_cff(descriptor, release, sources, where)  # type: ignore[arg-type]
    meta = deposit(descriptor, release, sources, where)  # type: ignore[arg-type]
    outputs[ZENODO] = dumps(render_zenodo(meta))
    found = anchors.read(loaded.root)  # committed by `rusdata anchor`; no text is read here
    collection = webannotations.render(records, found, where, project["version"])
    outputs[webannotations.ANNOTATIONS] = dumps(collection)
    # docs/citing.md's table of reproduced shares, where the project has the page and anchors
    # (a generated benchmark corpus has neither).
    citing, shares = loaded.root / webannotations.CITING, loaded.root / anchors.REPRODUCED
    if citing.is_file() and shares.is_file():
        share_rows = webannotations.share_table(read_regular(shares))
        text = read_text(citing, webannotations.CITING)
        outputs[webannotations.CITING] = docs.fill(
            text, {"reproduced": share_rows}, webannotations.CITING
        )
    entries = generated["timeline"]
    years = (min(e.date.start.year for e in entries), max(e.date.end.year for e in entries))
    base = project.get("urls", {}).get("Download") or where.home or None
    jsonld = render_jsonld(descriptor, release, sources, years, base, where, subject)  # type: ignore[arg-type]
    outputs[JSONLD] = dumps(jsonld)
    for name, model in TABLES.items():
        outputs[f"{SCHEMA_DIR}/{name}.schema.json"] = dumps(json_schema(model))
    undated = timeline.undated(records)
    outputs[figure.FIGURE] = figure.render_svg(
        generated["timeline"], undated, subject, figure.key_events(records)
    )
    agreement = docs.reliability(*_reliability(loaded.root))
    outputs[docs.DICTIONARY] = docs.data_dictionary(tables(), rows, project["version"], agreement)
    readme = read_text(loaded.root / docs.README, docs.README)
    outputs[docs.README] = docs.readme(readme, tables(), rows)
    page = read_text(loaded.root / docs.VALIDATION, docs.VALIDATION)
    outputs[docs.VALIDATION] = docs.validation(page)
    if module := classes.target(loaded.root):  # the record classes: code, not data
        outputs[module] = classes.render_classes()
        outputs[accessors.MODULE] = accessors.render_accessors()
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
