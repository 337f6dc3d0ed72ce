"""Per-record history across releases, and the commit of each release.

Two committed files, written together by one command (`rusdata history --record`, which reads
git; `rusdata build` never does):

- `releases/releases.csv`: version, date, commit of every release in CHANGELOG.md, oldest
  first. Tags do not reach this repository, so this file is how a version names its commit
  (`rusdata diff 0.2.0`). A release's commit is the first commit whose CHANGELOG.md has it as
  the top dated heading, unless `--latest REF` says where the newest release was made (a
  release merged from several branches is made where they all meet). Recorded commits are kept
  when the file is written again.
- `releases/changes.csv`: version, table, record_id, change, field, old, new: every
  difference between each release's built package and the one before, resource by resource,
  rows matched by primary key (joined with "/"). `change` is `added` or `removed` (a whole row,
  as a JSON object in `new` or `old`), `changed` (one field; old and new are CSV cells),
  `field added`/`field removed` (a column; record_id empty) or `table added`/`table removed`
  (new/old: the columns as a JSON list). Applying a version's changes to the release before it
  gives that release exactly (`apply`; tested from 0.2.0 to 1.0.0). Tables and fields that come
  and go are rows like any other, so a release that adds, drops or merges tables needs nothing
  new here.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.package.reader import Package
from rusdata.release.changelog import CHANGELOG, HEADING, top_release

RELEASES = "releases/releases.csv"
CHANGES = "releases/changes.csv"
RELEASE_HEADER = ("version", "date", "commit")
CHANGE_HEADER = ("version", "table", "record_id", "change", "field", "old", "new")

Table = tuple[tuple[str, ...], dict[str, dict[str, str]]]  # columns, rows by joined key


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    commit: str


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise RusdataError("git not found: recording the history needs git on PATH") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip()
        raise RusdataError(f"git {' '.join(args)}: {why}")
    return done.stdout.decode("utf-8", "replace")


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _rows(data: bytes, header: tuple[str, ...], name: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != header:
        raise RusdataError(f"{name}: the header is not {','.join(header)}")
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


# ------------------------------------------------------------------ the releases


def read_releases(root: Path) -> list[Release]:
    path = root / RELEASES
    if not path.is_file():
        return []
    return [Release(**r) for r in _rows(path.read_bytes(), RELEASE_HEADER, RELEASES)]


def changelog_versions(text: str) -> list[tuple[str, str]]:
    """Every dated release heading of CHANGELOG.md, oldest first: (version, date)."""
    return [(m["version"], m["date"]) for m in HEADING.finditer(text)][::-1]


def find_commits(root: Path) -> dict[str, str]:
    """Each version's first commit (oldest first, along every path) whose CHANGELOG.md has it
    as the top dated heading."""
    found: dict[str, str] = {}
    for commit in _git(
        root, "log", "--reverse", "--topo-order", "--format=%H", "--", CHANGELOG
    ).split():
        text = _git(root, "show", f"{commit}:./{CHANGELOG}")
        top = top_release(text)
        if top is not None and top.version not in found:
            found[top.version] = commit
    return found


def record_releases(root: Path, latest: str | None) -> list[Release]:
    """The releases of the working tree's CHANGELOG.md, each with its commit."""
    text = (root / CHANGELOG).read_text(encoding="utf-8")
    versions = changelog_versions(text)
    if not versions:
        raise RusdataError(f"{CHANGELOG}: no dated release heading")
    kept = {r.version: r.commit for r in read_releases(root)}
    found = find_commits(root)
    out = []
    for i, (version, date) in enumerate(versions):
        if latest is not None and i == len(versions) - 1:
            commit = _git(root, "rev-parse", "--verify", f"{latest}^{{commit}}").strip()
        else:
            commit = kept.get(version) or found.get(version, "")
        if not commit:
            raise RusdataError(
                f"release {version}: no commit has it as CHANGELOG.md's top release; commit the "
                "release, or name its commit with --latest REF"
            )
        out.append(Release(version, date, commit))
    return out


def resolve(root: Path, ref: str) -> str:
    """A git ref of this repository as it is (a tag `v2.0.0` a clone made names its own commit);
    else a version recorded in releases/releases.csv → its commit; anything else unchanged."""
    import subprocess

    try:
        known = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        known = None
    if known is not None and known.returncode == 0 and not ref.startswith("-"):
        return ref
    for r in read_releases(root):
        if ref in (r.version, f"v{r.version}"):
            return r.commit
    return ref


# ------------------------------------------------------------------ the changes


def tables_of(package: Package) -> dict[str, Table]:
    """Every resource of a package: its columns and its rows by primary key."""
    out: dict[str, Table] = {}
    for resource in package.resources:
        name = resource["name"]
        header, rows = package.dicts(name)
        key = resource.get("schema", {}).get("primaryKey") or header
        key = [key] if isinstance(key, str) else list(key)
        out[name] = (tuple(header), {"/".join(r[k] for k in key): r for r in rows})
    return out


def compare(version: str, old: dict[str, Table], new: dict[str, Table]) -> list[list[str]]:
    """The change rows that turn `old` into `new`."""
    out: list[list[str]] = []

    def row(table: str, rid: str, change: str, field: str = "", o: str = "", n: str = "") -> None:
        out.append([version, table, rid, change, field, o, n])

    def obj(r: dict[str, str]) -> str:
        return json.dumps(r, ensure_ascii=False)

    for table in sorted(old.keys() | new.keys()):
        if table not in new:
            for rid, r in sorted(old[table][1].items()):
                row(table, rid, "removed", o=obj(r))
            row(table, "", "table removed", o=json.dumps(old[table][0]))
            continue
        if table not in old:
            row(table, "", "table added", n=json.dumps(new[table][0]))
            for rid, r in sorted(new[table][1].items()):
                row(table, rid, "added", n=obj(r))
            continue
        (oh, orows), (nh, nrows) = old[table], new[table]
        for f in oh:
            if f not in nh:
                row(table, "", "field removed", f)
        for f in nh:
            if f not in oh:
                row(table, "", "field added", f)
        for rid in sorted(orows.keys() | nrows.keys()):
            if rid not in nrows:
                row(table, rid, "removed", o=obj(orows[rid]))
            elif rid not in orows:
                row(table, rid, "added", n=obj(nrows[rid]))
            else:
                before = {f: orows[rid][f] for f in oh if f in nh}
                before.update({f: "" for f in nh if f not in oh})
                for f in nh:
                    if before[f] != nrows[rid][f]:
                        row(table, rid, "changed", f, before[f], nrows[rid][f])
    return out


def apply(old: dict[str, Table], changes: list[dict[str, str]]) -> dict[str, Table]:
    """`old` with one version's change rows applied (the inverse of `compare`)."""
    tables = {
        name: (list(h), {k: dict(r) for k, r in rows.items()}) for name, (h, rows) in old.items()
    }
    for c in changes:
        t, rid, change = c["table"], c["record_id"], c["change"]
        if change == "table added":
            tables[t] = (json.loads(c["new"]), {})
        elif change == "table removed":
            del tables[t]
        elif change == "field removed":
            tables[t][0].remove(c["field"])
            for r in tables[t][1].values():
                del r[c["field"]]
        elif change == "field added":
            tables[t][0].append(c["field"])
            for r in tables[t][1].values():
                r[c["field"]] = ""
        elif change == "added":
            tables[t][1][rid] = json.loads(c["new"])
        elif change == "removed":
            del tables[t][1][rid]
        elif change == "changed":
            tables[t][1][rid][c["field"]] = c["new"]
        else:
            raise RusdataError(f"{CHANGES}: unknown change {change!r}")
    return {name: (tuple(h), rows) for name, (h, rows) in tables.items()}


def read_changes(root: Path) -> list[dict[str, str]]:
    path = root / CHANGES
    if not path.is_file():
        raise RusdataError(f"{CHANGES} not found; `rusdata history --record` writes it")
    return _rows(path.read_bytes(), CHANGE_HEADER, CHANGES)


def record(root: Path, latest: str | None = None) -> dict[str, bytes]:
    """releases/releases.csv and releases/changes.csv, from git and CHANGELOG.md."""
    from rusdata.release.snapshot import from_ref

    releases = record_releases(root, latest)
    rows: list[list[str]] = []
    previous: dict[str, Table] | None = None
    for r in releases:
        current = tables_of(from_ref(root, r.commit))
        if previous is not None:
            rows += compare(r.version, previous, current)
        previous = current
    return {
        RELEASES: _csv(RELEASE_HEADER, [[r.version, r.date, r.commit] for r in releases]),
        CHANGES: _csv(CHANGE_HEADER, rows),
    }


def of_record(changes: list[dict[str, str]], table: str, record_id: str) -> list[dict[str, str]]:
    """The changes of one record: its own row, and the rows of link tables that belong to it
    (keyed `table/record_id/...`)."""
    own = f"{table}/{record_id}/"
    return [
        c
        for c in changes
        if (c["table"] == table and c["record_id"] == record_id) or c["record_id"].startswith(own)
    ]
