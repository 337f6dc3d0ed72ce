"""Per-record history: releases/changes.csv round-trips each release to the next; versions
name their commits (releases/releases.csv), so `rusdata diff 0.2.0` needs no tag."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import REPO, Project

from rusdata.cli import main
from rusdata.package.reader import Package
from rusdata.release.history import (
    CHANGES,
    RELEASES,
    Table,
    apply,
    compare,
    read_changes,
    read_releases,
    record,
    tables_of,
)
from rusdata.release.snapshot import from_ref


def git_history() -> None:
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True
    )
    assert shallow.returncode == 0 and shallow.stdout.strip() == "false", "needs the full history"


def test_releases_name_their_commits() -> None:
    releases = read_releases(REPO)
    assert [r.version for r in releases][:3] == ["0.1.0", "0.2.0", "1.0.0"]
    git_history()
    for r in releases:
        assert from_ref(REPO, r.commit).version == r.version


@pytest.mark.parametrize("pair", [("0.1.0", "0.2.0"), ("0.2.0", "1.0.0")])
def test_applying_the_changes_gives_the_next_release_exactly(pair: tuple[str, str]) -> None:
    git_history()
    commits = {r.version: r.commit for r in read_releases(REPO)}
    old = tables_of(from_ref(REPO, commits[pair[0]]))
    new = tables_of(from_ref(REPO, commits[pair[1]]))
    changes = [c for c in read_changes(REPO) if c["version"] == pair[1]]
    assert changes
    got = apply(old, changes)
    assert set(got) == set(new)
    for name in new:
        assert set(got[name][0]) == set(new[name][0]), name
        assert got[name][1] == new[name][1], name


def test_the_committed_history_is_what_git_gives() -> None:
    git_history()
    out = record(REPO)
    assert out[RELEASES] == (REPO / RELEASES).read_bytes()
    assert out[CHANGES] == (REPO / CHANGES).read_bytes()


def test_tables_and_fields_that_come_and_go_round_trip() -> None:
    old: dict[str, Table] = {
        "a": (("id", "x", "gone"), {"1": {"id": "1", "x": "p", "gone": "g"}}),
        "old": (("id",), {"9": {"id": "9"}}),
    }
    new: dict[str, Table] = {
        "a": (
            ("id", "x", "new"),
            {"1": {"id": "1", "x": "q", "new": "n"}, "2": {"id": "2", "x": "", "new": ""}},
        ),
        "claims": (("id", "text"), {"c": {"id": "c", "text": 't, "quoted"'}}),
    }
    rows = compare("2.0.0", old, new)
    kinds = sorted({r[3] for r in rows})
    assert kinds == [
        "added",
        "changed",
        "field added",
        "field removed",
        "removed",
        "table added",
        "table removed",
    ]
    header = ("version", "table", "record_id", "change", "field", "old", "new")
    assert apply(old, [dict(zip(header, r, strict=True)) for r in rows]) == new


def test_diff_by_version_and_history_of_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    git_history()
    assert main(["--root", str(REPO), "diff", "0.2.0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("version: 0.2.0 (0.2.0) → ")
    assert main(["--root", str(REPO), "history", "visits", "lavrov-islamabad-2021-04"]) == 0
    out = capsys.readouterr().out
    assert "1.0.0:" in out and "visits summary:" in out and "→" in out
    assert (
        main(["--root", str(REPO), "history", "visits", "lavrov-islamabad-2021-04", "--csv"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "version,table,record_id,change,field,old,new" and len(lines) > 10


def test_history_of_an_unknown_record_is_an_error(project: Project) -> None:
    result = project.run("history", "visits", "lavrov-islamabad-2021")
    assert result.code == 1 and "did you mean" in result.err


def test_added_records_carry_every_value() -> None:
    added = [c for c in read_changes(REPO) if c["change"] == "added" and c["table"] == "visits"]
    package = Package.at(REPO)
    header, _ = package.dicts("visits")
    for c in added:
        assert set(json.loads(c["new"])) <= set(header) | {"id"}
