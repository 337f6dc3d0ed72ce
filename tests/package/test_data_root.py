"""One data root per situation: a checkout reads its own datapackage.json, an installed wheel
its rusdata/_data/, show/info/export read the installed package unless --root names one or the
current folder is inside a rusdata checkout; a data folder planted in a checkout's code tree is
an error, and another package's descriptor is never read by accident."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.package import reader
from rusdata.package.reader import command_root, data_root, sha256

FORGED_ID = "forged-visit-2099"


def _checkout(tmp_path: Path) -> Path:
    """A copy of the checkout: its code, its built package and its pyproject.toml."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copytree(
        REPO / "rusdata", root / "rusdata", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    for name in ("datapackage.json", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    return root


def _plant_package(folder: Path) -> None:
    """A forged copy of the package: one extra visit, every hash matching its file, so every
    reader would trust it."""
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "data", folder / "data", ignore=shutil.ignore_patterns("yaml"))
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    visits = folder / "data" / "visits.csv"
    rows = list(csv.reader(io.StringIO(visits.read_text(encoding="utf-8"), newline="")))
    forged = list(rows[1])
    forged[rows[0].index("id")] = FORGED_ID
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([*rows, forged])
    visits.write_bytes(buf.getvalue().encode("utf-8"))
    for res in desc["resources"]:
        data = (folder / res["path"]).read_bytes()
        res["hash"], res["bytes"] = "sha256:" + sha256(data), len(data)
    (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _python(code: str, checkout: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_a_package_planted_in_the_code_tree_is_an_error_not_a_source(tmp_path: Path) -> None:
    """The attack on 1.0.0: a pull request adds rusdata/_data/ (hashes matching) and
    `rusdata.get` returned its forged record as trusted."""
    checkout = _checkout(tmp_path)
    _plant_package(checkout / "rusdata" / "_data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    get = f"import rusdata; print(rusdata.get('visits', {FORGED_ID!r}).id)"
    out = _python(get, checkout, elsewhere)
    assert FORGED_ID not in out.stdout
    assert out.returncode != 0
    assert "a data folder inside the code tree of a checkout" in out.stderr
    cli = _python(
        "import sys; from rusdata.cli import main; sys.exit(main(['info']))", checkout, elsewhere
    )
    assert cli.returncode == 1 and FORGED_ID not in cli.stdout
    (line,) = cli.stderr.splitlines()
    assert (
        line.startswith("rusdata: error: ") and "_data: a data folder inside the code tree" in line
    )


def test_a_checkout_reads_its_own_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = _checkout(tmp_path)
    monkeypatch.setattr(reader, "__file__", str(checkout / "rusdata" / "package" / "reader.py"))
    monkeypatch.setattr(reader, "_chosen", [])
    assert data_root() == checkout.resolve()
    (checkout / "datapackage.json").unlink()
    with pytest.raises(RusdataError, match=r"has no datapackage\.json; run `rusdata build`"):
        data_root()


def test_the_wheel_copy_is_read_only_from_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    _plant_package(site / "rusdata" / "_data")
    monkeypatch.setattr(reader, "__file__", str(site / "rusdata" / "package" / "reader.py"))
    monkeypatch.setattr(reader, "_chosen", [])
    with pytest.raises(RusdataError, match="data files are missing"):
        data_root()  # a _data folder alone is not an installed wheel
    info = site / "rusdata-1.0.0.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("rusdata/_data/datapackage.json,sha256=x,1\n")
    assert data_root() == (site / "rusdata" / "_data").resolve()


def test_readers_take_the_installed_package_outside_a_checkout(tmp_path: Path) -> None:
    other = tmp_path / "other-project"
    other.mkdir()
    (other / "datapackage.json").write_text(
        json.dumps({"name": "other", "resources": [{"name": "x", "path": "x.csv"}]})
    )
    assert command_root(None, other) is None  # another package in the current folder
    (other / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert command_root(None, other) is None
    assert command_root(None, REPO / "data" / "yaml") == REPO  # inside this project's checkout
    assert command_root(other, tmp_path) == other  # --root names it: read it
    with pytest.raises(RusdataError, match=r"no datapackage\.json there"):
        command_root(tmp_path / "nothing", tmp_path)


def test_show_and_info_ignore_another_package_in_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder holding another Frictionless package gave tracebacks: now the installed
    package is read, as the README says."""
    (tmp_path / "datapackage.json").write_text(
        json.dumps({"name": "other", "resources": [{"path": "x.csv"}]}), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert str(REPO) in out and "other" not in out.split()
    assert main(["show", "visits", "-n", "1"]) == 0
    # cite and history read the same package as show (they once read `.` unasked)
    assert main(["cite", "visits", "lavrov-islamabad-2021-04"]) == 0
    assert main(["history", "visits", "lavrov-islamabad-2021-04"]) == 0
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "info"]) == 1  # named on purpose: read, and refused
    (err,) = capsys.readouterr().err.splitlines()
    assert err == (
        f"rusdata: error: {tmp_path}: datapackage.json: resources[0] has no name "
        "(a non-empty string)"
    )


def test_export_reads_the_installed_package_outside_a_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "datapackage.json").write_text(
        json.dumps({"name": "other", "resources": [{"path": "x.csv"}]}), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(reader, "_chosen", [])
    reader.installed.cache_clear()
    try:
        assert main(["export", "xlsx", "out.xlsx"]) == 0, capsys.readouterr().err
        assert (tmp_path / "out.xlsx").stat().st_size > 0
    finally:
        reader.installed.cache_clear()


def test_the_wheel_build_refuses_a_planted_data_folder(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("hb", REPO / "hatch_build.py")
    assert spec and spec.loader
    hb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hb)
    checkout = _checkout(tmp_path)
    _plant_package(checkout / "rusdata" / "_data")
    hook = hb.DataFilesHook.__new__(hb.DataFilesHook)
    hook._BuildHookInterface__root = str(checkout)  # type: ignore[attr-defined]
    hook._BuildHookInterface__target_name = "wheel"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="a data folder inside the code tree"):
        hook.initialize("standard", {"force_include": {}})
