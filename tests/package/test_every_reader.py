"""Every reader meets a broken package with one line: the accessors, show, info, export and
`diff REF` turn a short or long CSV row, an emptied CSV, an over-long cell, a descriptor
missing names or types, and one nested past any sane depth (at a git ref too) into one
`rusdata: error:` line naming the file, and the row, field or key; no traceback."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, git

from rusdata.cli import main
from rusdata.errors import RusdataError
from rusdata.package.reader import Package
from rusdata.package.records import records

Breaker = Callable[[Path], str]  # breaks the package in a folder; returns what the error names


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def short_row(root: Path) -> str:
    path = root / "data" / "visits.csv"
    lines = _lines(path)
    # trailing cells dropped, as some editors save (cut as cells, not at a comma inside one)
    cells = next(csv.reader([lines[2]]))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells[:-2])
    lines[2] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")
    return "data/visits.csv: line 3 (row 2): "


def long_row(root: Path) -> str:
    path = root / "data" / "visits.csv"
    lines = _lines(path)
    lines[1] += ",extra,cells"
    path.write_text("\n".join(lines), encoding="utf-8")
    return "data/visits.csv: line 2 (row 1): "


def empty_csv(root: Path) -> str:
    (root / "data" / "visits.csv").write_bytes(b"")
    return "data/visits.csv: is empty"


def huge_cell(root: Path) -> str:
    path = root / "data" / "visits.csv"
    lines = _lines(path)
    header = lines[0].split(",")
    cells = lines[1].split(",")  # the first row's id and summary hold no comma
    cells[header.index("summary")] = '"' + "x" * 140_000 + '"'
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return "data/visits.csv: line 2: field larger than field limit"


def _descriptor(root: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    path = root / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    change(d)
    path.write_text(json.dumps(d), encoding="utf-8")


def no_name(root: Path) -> str:
    _descriptor(root, lambda d: d["resources"][3].pop("name"))
    return "datapackage.json: resources[3] has no name"


def no_type(root: Path) -> str:
    _descriptor(root, lambda d: d["resources"][1]["schema"]["fields"][2].pop("type"))
    return "datapackage.json: resources[1] (visits): schema.fields[2] has no type"


def deep(root: Path) -> str:
    (root / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    return "datapackage.json is nested deeper than any package descriptor"


def deep_inside(root: Path) -> str:
    _descriptor(root, lambda d: d.update(extra=json.loads("[" * 200 + "]" * 200)))
    return "datapackage.json: nested deeper than any package descriptor"


BREAKERS = [short_row, long_row, empty_csv, huge_cell, no_name, no_type, deep, deep_inside]


def _package(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    return root


def _one_line(capsys: pytest.CaptureFixture[str], args: list[str], names: str) -> None:
    capsys.readouterr()
    assert main(args) == 1
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("rusdata: error: ") and names in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda b: b.__name__)
def test_the_accessors(tmp_path: Path, breaker: Breaker) -> None:
    root = _package(tmp_path)
    names = breaker(root)
    with pytest.raises(RusdataError) as caught:
        records("visits", Package.at(root))
    assert names in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda b: b.__name__)
@pytest.mark.parametrize(
    "args",
    [["show", "visits"], ["info"], ["export", "xlsx", "OUT"], ["export", "sqlite", "OUT"]],
    ids=lambda a: "-".join(a[:2]),
)
def test_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breaker: Breaker, args: list[str]
) -> None:
    root = _package(tmp_path)
    names = breaker(root)
    out = tmp_path / "out"
    args = [str(out) if a == "OUT" else a for a in args]
    if args[0] == "info" and breaker in (short_row, long_row, huge_cell):
        names = "data/visits.csv"  # info counts every table's rows
    _one_line(capsys, ["--root", str(root), *args], names)
    assert not out.exists()  # nothing half-written


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda b: b.__name__)
def test_diff_at_a_git_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breaker: Breaker
) -> None:
    root = _package(tmp_path)
    good = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    names = breaker(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "broken")
    for path, data in good.items():  # the working tree is sound again
        path.write_bytes(data)
    where = "git ref 'HEAD'"
    _one_line(capsys, ["--root", str(root), "diff", "HEAD"], where)
    _one_line(capsys, ["--root", str(root), "diff", "HEAD"], names)


def bad_cell_trusted(root: Path) -> str:
    """A number column holding text in a file whose hash the descriptor matches (a package
    given with --root that rusdata did not build)."""
    import csv
    import io

    from rusdata.package.reader import sha256

    path = root / "data" / "trade.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("value")] = "lots"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    _descriptor(
        root,
        lambda d: next(r for r in d["resources"] if r["name"] == "trade").update(
            hash="sha256:" + sha256(path.read_bytes())
        ),
    )
    return f"row {rows[1][0]!r}: value: "


def test_a_bad_cell_in_a_trusted_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _package(tmp_path)
    names = bad_cell_trusted(root)
    with pytest.raises(RusdataError, match="data/trade.csv: " + names):
        records("trade", Package.at(root))
    for args in (
        ["export", "xlsx", str(tmp_path / "x.xlsx")],
        ["export", "sqlite", str(tmp_path / "x.db")],
    ):
        _one_line(capsys, ["--root", str(root), *args], names)


def no_schema(root: Path) -> str:
    _descriptor(root, lambda d: d["resources"][1].pop("schema"))
    return "datapackage.json: resources[1] (visits) has no schema"


def string_key(root: Path) -> str:
    """Found by the fuzzer: a primaryKey that is a string naming no field crashed `show`."""
    _descriptor(root, lambda d: d["resources"][1]["schema"].update(primaryKey="../x"))
    return "datapackage.json: resources[1] (visits): schema.primaryKey names '../x', which is not"


@pytest.mark.parametrize("breaker", [no_schema, string_key], ids=lambda b: b.__name__)
@pytest.mark.parametrize("args", [["show", "visits"], ["info"], ["export", "xlsx", "OUT"]])
def test_found_by_the_fuzzer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breaker: Breaker, args: list[str]
) -> None:
    root = _package(tmp_path)
    names = breaker(root)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    _one_line(capsys, ["--root", str(root), *args], names)
    with pytest.raises(RusdataError, match="resources"):
        records("visits", Package.at(root))


def test_a_licence_without_a_name_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: `info` crashed on a licence without a name."""
    root = _package(tmp_path)
    _descriptor(root, lambda d: d["licenses"][0].pop("name"))
    _one_line(capsys, ["--root", str(root), "info"], "datapackage.json: licenses is not a list")


def test_a_resource_without_a_primary_key_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: `show` read a primary key that a Table Schema may leave out."""
    root = _package(tmp_path)
    _descriptor(root, lambda d: d["resources"][1]["schema"].pop("primaryKey"))
    capsys.readouterr()
    assert main(["--root", str(root), "show", "visits", "--width", "80"]) == 0
    out, err = capsys.readouterr()
    assert "rows of visits match" in out and err == ""
