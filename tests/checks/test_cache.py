"""The incremental cache: same results hit or miss, edits invalidate, and nothing anyone can add
to a checkout (or to a cache folder others can write) changes what validate or build conclude."""

from __future__ import annotations

import hmac
import json
import os
import pickle
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Project

from rusdata.checks import cache
from rusdata.checks.rules import validate
from rusdata.schema.models import TABLES

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


@pytest.fixture
def cached(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("RUSDATA_CACHE_MIN_BYTES", "0")  # cache every file, however small
    return project


def outcome(root: Path) -> tuple[list[str], dict[str, list[object]]]:
    loaded = validate(root)
    return [str(p) for p in loaded.problems], {t: loaded.records(t) for t in loaded.entries}


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("*.json"))


def test_the_cache_lives_outside_the_checkout(cached: Project, private_cache: Path) -> None:
    before = cached.snapshot()
    outcome(cached.root)
    assert cached.snapshot() == before  # nothing written into the project
    assert len(entries(private_cache)) == len(TABLES)  # one entry per table file
    assert (private_cache / "key").stat().st_mode & 0o777 == 0o600
    assert private_cache.stat().st_mode & 0o777 == 0o700


def test_a_hit_gives_the_same_result_as_a_miss(cached: Project, private_cache: Path) -> None:
    cold = outcome(cached.root)
    assert len(entries(private_cache)) == len(TABLES)
    assert outcome(cached.root) == cold


def test_a_hit_is_used(
    cached: Project, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome(cached.root)
    from rusdata.checks import loading

    def no_parse(raw: bytes) -> object:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(loading, "_parse", no_parse)
    assert outcome(cached.root)[0] == []


def test_an_edit_is_seen_and_replaces_its_entry(cached: Project, private_cache: Path) -> None:
    outcome(cached.root)
    before = entries(private_cache)
    cached.edit("sources", "genre: analysis", "genre: nonsense")
    problems, _ = outcome(cached.root)
    assert any("genre" in p for p in problems)
    after = entries(private_cache)
    assert len(after) == len(TABLES) and after != before  # the old entry for the file is gone
    cached.edit("sources", "genre: nonsense", "genre: analysis")
    assert outcome(cached.root)[0] == []


def test_problems_are_found_again_on_a_hit(cached: Project) -> None:
    line = cached.edit("visits", "  status: occurred\n", "  status: happened\n")
    first = outcome(cached.root)[0]
    assert first == outcome(cached.root)[0]
    assert any(f"visits.yaml:{line}: status" in p for p in first)


def test_corrupt_entries_are_misses(cached: Project, private_cache: Path) -> None:
    cold = outcome(cached.root)
    for path in entries(private_cache):
        path.write_bytes(b"not an entry")
    assert outcome(cached.root) == cold


def _forge(path: Path, key: bytes, mutate: object) -> None:
    """Rewrite an entry's payload with `mutate(plain)` and a MAC under `key`."""
    _, _, payload = path.read_bytes().partition(b"\n")
    plain = json.loads(payload)
    mutate(plain)  # type: ignore[operator]
    new = json.dumps(plain).encode()
    mac = hmac.new(key, cache.FORMAT + b"\0" + path.name.encode() + b"\0" + new, "sha256")
    path.write_bytes(mac.hexdigest().encode() + b"\n" + new)


def _drop_first_record(plain: list[object]) -> None:
    del plain[0]


def test_entries_with_a_wrong_mac_are_misses(cached: Project, private_cache: Path) -> None:
    cold = outcome(cached.root)
    for path in entries(private_cache):
        _forge(path, b"a key the attacker made up", _drop_first_record)
    assert outcome(cached.root) == cold


def test_entries_of_the_wrong_shape_are_misses(cached: Project, private_cache: Path) -> None:
    """Even with the right key, an entry is checked node by node."""
    cold = outcome(cached.root)
    key = bytes.fromhex((private_cache / "key").read_text().strip())

    def wrong(plain: list[dict[str, object]]) -> None:
        plain[0]["l"] = "1"  # a line that is not an int

    for path in entries(private_cache):
        _forge(path, key, wrong)
    assert outcome(cached.root) == cold


def test_the_right_key_is_what_makes_an_entry_count(cached: Project, private_cache: Path) -> None:
    """The converse of the two tests above: a well-formed entry under the user's key is used,
    so the MAC and shape checks are what stand between a forged entry and the results."""
    cold = outcome(cached.root)
    key = bytes.fromhex((private_cache / "key").read_text().strip())
    for path in entries(private_cache):
        _forge(path, key, _drop_first_record)
    assert outcome(cached.root) != cold


def test_a_code_change_invalidates(
    cached: Project, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome(cached.root)
    keys = entries(private_cache)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another-version")
    outcome(cached.root)
    assert set(entries(private_cache)).isdisjoint(keys)


def test_off_and_elsewhere(
    cached: Project, private_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RUSDATA_CACHE", "off")
    outcome(cached.root)
    assert entries(private_cache) == []
    monkeypatch.setenv("RUSDATA_CACHE", str(tmp_path / "c"))
    outcome(cached.root)
    assert len(entries(tmp_path / "c")) == len(TABLES)
    assert not (tmp_path / "c" / "key").exists()  # the key stays in the user's own folder


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777])
def test_a_cache_folder_others_can_write_is_not_used(
    cached: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: int
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("RUSDATA_CACHE", str(shared))
    cold = outcome(cached.root)
    assert entries(shared) == []
    shared.chmod(0o700)  # the same folder, private: now it is used
    assert outcome(cached.root) == cold
    assert len(entries(shared)) == len(TABLES)


def test_a_key_others_can_read_or_a_symlinked_key_means_no_cache(
    cached: Project, private_cache: Path, tmp_path: Path
) -> None:
    outcome(cached.root)
    key = private_cache / "key"
    for path in entries(private_cache):
        path.unlink()
    key.chmod(0o644)
    outcome(cached.root)
    assert entries(private_cache) == []
    elsewhere = tmp_path / "key"
    elsewhere.write_text("00" * 32 + "\n")
    elsewhere.chmod(0o600)
    key.unlink()
    key.symlink_to(elsewhere)
    outcome(cached.root)
    assert entries(private_cache) == []
    key.unlink()
    outcome(cached.root)  # a new key is made
    assert len(entries(private_cache)) == len(TABLES)


def test_a_user_folder_others_can_write_means_no_key(cached: Project, private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)
    outcome(cached.root)
    assert not (private_cache / "key").exists()
    assert entries(private_cache) == []


class _Payload:
    """Unpickling this runs code: it creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_files_a_pull_request_adds_change_nothing(
    cached: Project, private_cache: Path, tmp_path: Path
) -> None:
    """The attack: a pull request force-adds a cache to the tree (the old `.rusdata-cache/`
    with pickles that run code, JSON entries named like real ones claiming the file is clean,
    a key file of the attacker's) while its YAML holds an invalid status and an impossible
    date. validate still reports both, build refuses and writes nothing, no code runs."""
    marker = tmp_path / "code-ran"
    status_line = cached.edit("visits", "  status: occurred\n", "  status: happened\n")
    date_line = cached.edit("exercises", "date: 2016-09", "date: 2016-02-30")
    honest = outcome(cached.root)[0]
    assert any(f"visits.yaml:{status_line}:" in p for p in honest)
    assert any(f"exercises.yaml:{date_line}:" in p for p in honest)
    # What the attacker adds: entries for the exact files under review, made with a key of
    # their own from a clean copy (so well-formed, with the right names), plus pickles.
    attacker_key = b"\x01" * 32
    planted = [
        cached.root / ".rusdata-cache",
        cached.root / ".cache" / "rusdata",
        cached.root / "data" / "yaml" / ".rusdata-cache",
    ]
    for folder in planted:
        folder.mkdir(parents=True)
        (folder / "key").write_text(attacker_key.hex() + "\n")
        for path in entries(private_cache):
            shutil.copy(path, folder / path.name)
            _forge(folder / path.name, attacker_key, lambda plain: None)
            (folder / (path.stem + ".pickle")).write_bytes(pickle.dumps(_Payload(marker)))
        for table in ("visits", "exercises"):
            (folder / f"data_yaml_{table}.yaml-x.pickle").write_bytes(
                pickle.dumps(_Payload(marker))
            )
    before = cached.snapshot()
    assert outcome(cached.root)[0] == honest
    result = cached.run("validate")
    assert result.code == 1
    assert {(p, line) for p, line, _ in result.problems} >= {
        ("data/yaml/visits.yaml", status_line),
        ("data/yaml/exercises.yaml", date_line),
    }
    assert cached.run("build").code == 1
    assert cached.snapshot() == before
    assert not marker.exists()


def test_stale_temporary_files_are_removed(cached: Project, private_cache: Path) -> None:
    private_cache.mkdir(parents=True, mode=0o700)
    old = private_cache / (cache.TEMP_PREFIX + "killed")
    new = private_cache / (cache.TEMP_PREFIX + "running")
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    hour_ago = time.time() - cache.STALE_SECONDS - 60
    os.utime(old, (hour_ago, hour_ago))
    outcome(cached.root)
    assert not old.exists()
    assert new.exists()  # another run may be writing it


@pytest.mark.parametrize("value", ["1MB", "-1", "1e6", " ", "２５６"])
def test_a_bad_min_bytes_is_one_error_line(
    project: Project, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RUSDATA_CACHE_MIN_BYTES", value)
    result = project.run("validate")
    if value.strip() == "":  # unset in effect: the documented default
        assert result.code == 0
        return
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"rusdata: error: RUSDATA_CACHE_MIN_BYTES must be a whole number of bytes such as "
        f"256000, not {value!r}"
    )
    assert "Traceback" not in result.err


def test_the_generator_makes_a_valid_corpus(tmp_path: Path) -> None:
    """The benchmark corpus validates, quotes and hashes included, and scales the ids."""
    counts = generate(tmp_path / "g", 500)  # two copies of the real data
    loaded = validate(tmp_path / "g", tmp_path / "g" / "sources")
    assert [str(p) for p in loaded.problems] == []
    assert sum(len(v) for v in loaded.entries.values()) == counts["records"] >= 250
    assert counts["texts"] == len(list((tmp_path / "g" / "sources").glob("*.txt")))
    shutil.rmtree(tmp_path / "g")


@pytest.mark.parametrize("setting", ["file", "missing-parent-file", "relative-xdg"])
def test_an_unusable_cache_setting_falls_back_to_no_cache(
    cached: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setting: str
) -> None:
    """The documented fallback: a cache folder that cannot be used means no cache, never an
    error or a traceback (RUSDATA_CACHE_MIN_BYTES, a number, is the one checked setting)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    if setting == "file":
        monkeypatch.setenv("RUSDATA_CACHE", str(blocker))
    elif setting == "missing-parent-file":
        monkeypatch.setenv("RUSDATA_CACHE", str(blocker / "below"))
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
        monkeypatch.setenv("HOME", str(blocker))  # ~/.cache cannot be made either
    result = cached.run("validate")
    assert result.code == 0 and "Traceback" not in result.err
    assert blocker.read_text() == "x"
    assert not (cached.root / "relative").exists()
