"""Shared fixtures: a scratch copy of the project, and a way to run the CLI in it."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rusdata.checks.loading import Loaded
from rusdata.checks.rules import validate
from rusdata.cli import main

REPO = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("RUSDATA_SOURCES", REPO.parent / "shared" / "sources"))
# `file:line: message [rule]`: the rule's code is read apart (Result.rules).
PROBLEM = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<message>.+?)(?: \[(?P<rule>[a-z0-9-]+)\])?$"
)


def need_sources() -> Path:
    """The article texts; without them a test skips, saying why. Where the texts were asked
    for (RUSDATA_SOURCES set, as CI does, or CI=true) their absence is a failure, not a skip."""
    if not SOURCES.is_dir():
        why = f"article texts not found at {SOURCES} (set RUSDATA_SOURCES)"
        if "RUSDATA_SOURCES" in os.environ or os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return SOURCES


@pytest.fixture(scope="session")
def repo_loaded() -> Loaded:
    """The project's own YAML, validated once for every test that only reads it."""
    loaded = validate(REPO)
    assert [str(p) for p in loaded.problems] == []
    return loaded


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """A copy of the built package (descriptor and CSVs, no YAML), to edit and read with
    `Package.at`."""
    shutil.copy(REPO / "datapackage.json", tmp_path)
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("yaml"))
    return tmp_path


@pytest.fixture(scope="session")
def sqlite_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`rusdata export sqlite` of the repository's package, once for every test that only
    reads it (its datasette metadata beside it). Open it read-only or copy it to change it."""
    path = tmp_path_factory.mktemp("sqlite") / "rusdata.db"
    assert main(["--root", str(REPO), "export", "sqlite", str(path)]) == 0
    return path


@pytest.fixture(scope="session")
def datasette_site(sqlite_export: Path) -> Iterator[str]:
    """datasette serving `sqlite_export` on loopback, once per session; yields its base URL."""
    with serve_datasette(sqlite_export) as base:
        yield base


@pytest.fixture(scope="session")
def repo_checked() -> Loaded:
    """The project's YAML validated with every rule, the quotes against the texts too."""
    return validate(REPO, need_sources())


@pytest.fixture(scope="session")
def frictionless_report() -> Any:
    """frictionless's validation of the built package (types, constraints, keys, hashes):
    the slowest check in the suite, run once."""
    import frictionless

    return frictionless.Package(str(REPO / "datapackage.json")).validate()


def need_tool(name: str) -> str:
    """The path of a program a test drives (tmux, Rscript, soffice, chromium): skipped where it
    is missing, except in CI (`CI=true`), whose `.ci/run` installs it, so there it must be."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed; .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")
    return found


def need_module(name: str) -> Any:
    """A module a test needs from the test extra: skipped where it is missing, except in CI,
    where `pip install -e ".[test]"` installs it, so there it must be (as `need_tool`)."""
    if os.environ.get("CI") == "true":
        return importlib.import_module(name)
    return pytest.importorskip(name)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[tuple[str, int, str]]:
        found = []
        for line in self.out.splitlines():
            m = PROBLEM.match(line)
            if m:
                found.append((m["path"], int(m["line"]), m["message"]))
        return found

    @property
    def rules(self) -> list[str | None]:
        """The rule code of each problem line, in order (None: a line without one)."""
        return [m["rule"] for line in self.out.splitlines() if (m := PROBLEM.match(line))]


def git(root: Path, *args: str) -> str:
    """Run git in `root` as a test's own user (a clean machine's git may know no one), with no
    signing or hooks of the machine's; its output."""
    import subprocess

    config = ["user.name=t", "user.email=t@example.org", "commit.gpgsign=false"]
    config.append("core.hooksPath=/dev/null")
    command = ["git", *(f for c in config for f in ("-c", c)), *args]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout


@dataclass
class Project:
    root: Path
    capsys: pytest.CaptureFixture[str]
    sources: Path | None = None  # a copy of the article texts, for tests that change them

    def run(self, *args: str) -> Result:
        self.capsys.readouterr()
        code = main(["--root", str(self.root), *args])
        out, err = self.capsys.readouterr()
        return Result(code, out, err)

    def yaml(self, table: str) -> Path:
        return self.root / "data" / "yaml" / f"{table}.yaml"

    def edit(self, table: str, old: str, new: str) -> int:
        """Replace the LAST occurrence of `old` in a table file (the seeded record sits at the
        end); return the 1-based line where it started."""
        path = self.yaml(table)
        text = path.read_text(encoding="utf-8")
        at = text.rfind(old)
        assert at >= 0, f"{old!r} not in {path.name}"
        path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
        return text[:at].count("\n") + 1

    def append(self, table: str, text: str) -> None:
        """Append records (YAML text) at the end of a table file."""
        path = self.yaml(table)
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text.lstrip("\n")
        path.write_text(text, encoding="utf-8")

    def line_of(self, table: str, needle: str) -> int:
        """The line of the last occurrence of `needle`."""
        text = self.yaml(table).read_text(encoding="utf-8")
        assert needle in text, f"{needle!r} not in {table}.yaml"
        return text[: text.rfind(needle)].count("\n") + 1

    def snapshot(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    """A copy of the project's sources of truth and committed outputs, to break at will."""
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("pyproject.toml", "README.md", "datapackage.json", "CHANGELOG.md", "CITATION.cff"):
        shutil.copy(REPO / name, root)
    shutil.copy(REPO / ".zenodo.json", root)
    for folder in ("data", "schemas", "docs", "anchors", "releases"):
        shutil.copytree(REPO / folder, root / folder)
    return Project(root, capsys)


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "sources"
    shutil.copytree(need_sources(), dest)
    for p in dest.iterdir():
        p.chmod(0o644)
    return dest


# A record of our own, appended to the real data, so rule tests do not depend on which facts
# the dataset holds. Each test breaks one thing in it and expects one problem at one line.
# The person is named in the visit's quote, and their country in their own (validate's rules).
TEST_PERSON = """
- id: test-person
  name: Russian Foreign Minister Sergey Lavrov
  country: RUS
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021)"
"""
TEST_VISIT = """
- id: test-visit
  summary: A visit made up for the tests
  status: occurred
  kind: visit
  cameo: "042"
  actor: RUS
  counterpart: PAK
  date: 2021-04-06/2021-04-07
  date_qualifier: exact
  people:
    - person: test-person
      role: principal
  citations:
    - source: src-002
      quote: "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021) has happened after almost a decade."
"""


@pytest.fixture
def seeded(project: Project) -> Project:
    """The project with TEST_VISIT and TEST_PERSON appended (and valid)."""
    for table, text in (("people", TEST_PERSON), ("visits", TEST_VISIT)):
        path = project.yaml(table)
        path.write_text(
            path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text.lstrip("\n"),
            encoding="utf-8",
        )
    if SOURCES.is_dir():  # the seeded quotes' anchors, as a contributor would write them
        assert project.run("anchor", "--sources", str(SOURCES)).code == 0
    return project


@contextlib.contextmanager
def serve_datasette(db: Path) -> Iterator[str]:
    """datasette serving the export `db` (with its metadata file) on a free loopback port;
    yields the server's base URL and stops the server after."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from rusdata.exports.sqlite import metadata_path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db)]
    command += ["--metadata", str(metadata_path(db)), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    out = proc.communicate()[0].decode(errors="replace")
                    pytest.fail(f"datasette did not start:\n{out}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (`CI=true`) a skipped test is a failure, with its reason: CI installs everything
    the tests need and has the texts beside the clone, so nothing may go untested there."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and os.environ.get("CI") == "true" and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI, which must run every test: {reason}"
