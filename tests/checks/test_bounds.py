"""Bounds every reader can read: a text value longer than an xlsx cell (32,767 characters, the
smallest limit of the tools the package is read with; Python's csv module stops at 131,072) is
refused by validate at its line, and no export silently cuts a value."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project

from rusdata.cli import main
from rusdata.package.reader import sha256
from rusdata.schema.textrules import MAX_TEXT, text_problem


def test_the_bound_is_the_smallest_reader_limit() -> None:
    assert MAX_TEXT == 32_767 < csv.field_size_limit()
    assert text_problem("x" * MAX_TEXT) is None
    assert "at most 32,767" in str(text_problem("x" * (MAX_TEXT + 1)))


@pytest.mark.parametrize("length", [MAX_TEXT + 1, 42_500, 144_500])
def test_validate_refuses_a_longer_value_at_its_line(seeded: Project, length: int) -> None:
    line = seeded.edit(
        "visits", "  date_qualifier: exact\n", f"  date_qualifier: exact\n  note: {'x' * length}\n"
    )
    result = seeded.run("validate")
    assert result.code == 1
    ((path, at, message),) = result.problems
    assert (path, at) == ("data/yaml/visits.yaml", line + 1)
    assert message.startswith(
        f"note: is {length:,} characters long; at most 32,767 (an xlsx cell's limit), so "
        "every tool reads it whole: quote less, or split the record"
    )


def test_build_refuses_it_too(seeded: Project) -> None:
    seeded.edit(
        "visits", "  date_qualifier: exact\n", f"  date_qualifier: exact\n  note: {'x' * 42_500}\n"
    )
    before = seeded.snapshot()
    assert seeded.run("build").code == 1
    assert seeded.snapshot() == before


def test_xlsx_never_cuts_a_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A package not of rusdata's build (its hashes match, so it is trusted) with a 42,500-
    character cell: the xlsx export stops with one line instead of writing 32,767 of them."""
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    path = root / "data" / "visits.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("summary")] = "y" * 42_500
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == "visits")["hash"] = "sha256:" + sha256(
        path.read_bytes()
    )
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    capsys.readouterr()
    assert main(["--root", str(root), "export", "xlsx", str(out)]) == 1
    (err,) = capsys.readouterr().err.splitlines()
    assert err == (
        "rusdata: error: visits: row 1: summary: 42,500 characters; an xlsx cell holds at most "
        "32,767, and the export never cuts a value"
    )
    assert not out.exists() and not list(tmp_path.glob(".out.xlsx.*"))
