"""The wheel ships the package and its data, and works installed, from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

import rusdata


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-c", f"import hatchling.build as b; b.build_wheel({str(out)!r})"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("rusdata-*.whl")
    return whl


def test_wheel_members(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    data = (
        {"rusdata/_data/datapackage.json"}
        | {f"rusdata/_data/{r['path']}" for r in descriptor["resources"]}
        | {  # the history and the annotations, read by `rusdata history`, `reanchor` and the site
            "rusdata/_data/releases/releases.csv",
            "rusdata/_data/releases/changes.csv",
            "rusdata/_data/docs/annotations.jsonld",
        }
    )
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "rusdata").rglob("*.py")} | {
        "rusdata/py.typed",
        "rusdata/schema/iso3166.csv",  # the vendored ISO 3166-1 list the country check reads
    }
    shipped = {n for n in names if not n.startswith("rusdata-")}  # minus .dist-info
    assert shipped == data | modules
    assert not any(n.endswith(".yaml") for n in names)
    for name in data:  # shipped bytes are the committed bytes
        rel = name.removeprefix("rusdata/_data/")
        assert zipfile.ZipFile(wheel).read(name) == (REPO / rel).read_bytes()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv with the wheel installed."""
    import pydantic

    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.create(env_dir)  # no pip of its own (ensurepip is the slowest step): ours installs
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # The test's own pydantic serves as the dependency (no network needed). A path added by a
    # .pth file comes after the venv's own site-packages, so `rusdata` is the wheel's.
    site = next((env_dir / "lib").glob("python*/site-packages"))
    (site / "deps.pth").write_text(str(Path(pydantic.__file__).parents[1]) + "\n")
    return python


def test_installed_wheel_loads_every_table_outside_the_repo(
    installed: Path, tmp_path: Path
) -> None:
    python = installed
    code = (
        "import json, rusdata, pathlib\n"
        "assert '_data' in str(rusdata.descriptor_path()), rusdata.descriptor_path()\n"
        "names = [r['name'] for r in json.loads(rusdata.descriptor_path().read_text())['resources']]\n"
        "print(json.dumps({n: len(rusdata.load(n)) for n in names}), rusdata.__version__)\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [python, "-I", "-c", code], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    counts_json, version = out.stdout.rsplit(" ", 1)
    counts = json.loads(counts_json)
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert version.strip() == descriptor["version"]
    for r in descriptor["resources"]:
        rows = (REPO / r["path"]).read_text(encoding="utf-8").count("\n") - 1
        assert counts[r["name"]] == rows
        assert rows > 0, f"{r['name']} is empty"
    # The terminal commands read the installed package too, from any directory.
    info = subprocess.run(
        [python, "-I", "-m", "rusdata", "info"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert info.returncode == 0, info.stderr
    assert "_data" in info.stdout and f"version: {descriptor['version']}" in info.stdout
    show = subprocess.run(
        [python, "-I", "-m", "rusdata", "show", "timeline", "-n", "2"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert show.returncode == 0, show.stderr
    assert f"of {counts['timeline']} rows of timeline match; showing 2" in show.stdout


def test_installed_wheel_exports_outside_the_repo(installed: Path, tmp_path: Path) -> None:
    """The exports read the wheel's own CSVs: no checkout, no YAML, any directory."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for args in (["sqlite", "rusdata.db"], ["parquet", "pq"]):
        out = subprocess.run(
            [installed, "-I", "-m", "rusdata", "export", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )
        assert out.returncode == 0, out.stderr
    code = (
        "import rusdata, sqlite3\n"
        "n = len(rusdata.visits())\n"
        "assert len(rusdata.frame('visits')) == len(rusdata.polars_frame('visits')) == n\n"
        "db = sqlite3.connect('rusdata.db')\n"
        "assert db.execute('SELECT count(*) FROM visits').fetchone()[0] == n\n"
        "print(n)\n"
    )
    out = subprocess.run(
        [installed, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 0
    assert (tmp_path / "rusdata.metadata.json").is_file()
    assert len(list((tmp_path / "pq").glob("*.parquet"))) == len(
        json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    )


def test_installed_wheel_has_each_records_history_and_citation(
    installed: Path, tmp_path: Path
) -> None:
    """history, cite and the site read the wheel's own files: no checkout needed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args: str) -> str:
        out = subprocess.run(
            [installed, "-I", "-m", "rusdata", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert "1.0.0:" in run("history", "visits", "lavrov-islamabad-2021-04")
    assert f"version {rusdata.__version__}" in run("cite", "visits", "lavrov-islamabad-2021-04")
    run("export", "site", "site")
    page = (tmp_path / "site" / "visits" / "lavrov-islamabad-2021-04.html").read_text("utf-8")
    assert "<h2>History</h2>" in page and "No change recorded" not in page
