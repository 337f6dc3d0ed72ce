"""`rusdata export xlsx`: read back with openpyxl and opened by LibreOffice as a person would."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, need_module, need_tool

import rusdata
from rusdata.cli import main
from rusdata.exports import xlsx
from rusdata.exports.sqlite import column_description
from rusdata.package import cells
from rusdata.schema.columns import tables

openpyxl = need_module("openpyxl")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "rusdata.exports.xlsx"
    assert main(["--root", str(REPO), "export", "xlsx", str(path)]) == 0
    return path


def test_sheets_headers_comments_and_frozen_rows(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == [xlsx.ABOUT, *tables()]
    for name, t in tables().items():
        ws = wb[name]
        header = next(ws.iter_rows(max_row=1))
        assert [c.value for c in header] == [c.name for c in t.columns]
        assert [c.comment.text for c in header] == [column_description(c) for c in t.columns]
        assert ws.freeze_panes == "A2"
        assert ws.max_row == len(rusdata.load(name)) + 1


def test_every_cell_is_typed_from_the_models(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    for name, t in tables().items():
        rows = list(wb[name].iter_rows(min_row=2))
        for raw, got in zip(cells.cells(t), rows, strict=True):
            for col, text, cell in zip(t.columns, raw, got, strict=True):
                assert cell.data_type != "f"  # never a formula
                if text == "":
                    assert cell.value is None
                elif col.type in ("integer", "number"):
                    assert cell.data_type == "n" and cell.value == float(text)
                elif col.type == "date":
                    assert cell.value == dt.datetime.fromisoformat(text)
                    assert cell.number_format == "yyyy-mm-dd"
                elif col.is_list:
                    assert cell.value == text.replace(";", "; ")
                else:  # codes, enums, partial dates, text: exactly the CSV's text
                    assert cell.data_type == "s" and cell.value == text
    visits = wb["visits"]
    cameo = [c.name for c in tables()["visits"].columns].index("cameo")
    assert {r[cameo].value for r in visits.iter_rows(min_row=2)} >= {"042"}


def test_about_sheet_says_what_and_how_to_cite(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)[xlsx.ABOUT]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    d = cells.descriptor()
    assert d["title"] in text and d["version"] in text
    assert d["licenses"][0]["name"] in text and xlsx.citation_text() in text
    table_rows = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value in tables()}
    assert table_rows == {n: len(rusdata.load(n)) for n in tables()}


def test_a_formula_in_the_data_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = cells.cells

    def poisoned(t):  # type: ignore[no-untyped-def]
        rows = real(t)
        if t.name == "visits":
            at = [c.name for c in t.columns].index("summary")
            rows[0][at] = '=HYPERLINK("http://example.invalid","x")'
            rows[1][at] = "+1+1"
        return rows

    monkeypatch.setattr(cells, "cells", poisoned)
    path = tmp_path / "p.xlsx"
    xlsx.write_xlsx(path)
    ws = openpyxl.load_workbook(path)["visits"]
    assert (ws["B2"].value, ws["B2"].data_type) == ('=HYPERLINK("http://example.invalid","x")', "s")
    assert (ws["B3"].value, ws["B3"].data_type) == ("+1+1", "s")


def test_byte_identical_with_the_release_date(workbook: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    xlsx.write_xlsx(again)
    assert again.read_bytes() == workbook.read_bytes()
    created = openpyxl.load_workbook(workbook).properties.created
    assert created.isoformat()[:10] == cells.descriptor()["created"][:10]


def test_missing_writer_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # as if not installed
    with pytest.raises(cells.MissingExtra, match=r"rusdata\[xlsx\]"):
        xlsx.write_xlsx(tmp_path / "x.xlsx")


def test_libreoffice_reads_every_sheet_as_the_package(workbook: Path, tmp_path: Path) -> None:
    """LibreOffice headless converts each sheet to CSV: every cell reads as in the package
    (cameo `042` keeps its zero, curly quotes stay curly, "April 2018" stays text)."""
    soffice = need_tool("soffice")
    # CSV filter options: comma, double quote, UTF-8, from row 1, …, and -1: every sheet
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            options,
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name, t in tables().items():
        with (tmp_path / f"{workbook.stem}-{name}.csv").open(encoding="utf-8", newline="") as f:
            shown = list(csv.reader(f))
        lists = {i for i, c in enumerate(t.columns) if c.is_list}
        shown = [
            [v.replace("; ", ";") if i in lists else v for i, v in enumerate(r)] for r in shown
        ]
        with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            assert shown == list(csv.reader(f)), name
    visits = (tmp_path / f"{workbook.stem}-visits.csv").read_text(encoding="utf-8")
    assert ",042," in visits and "April 2018" in visits
    assert "India’s purchase" in (tmp_path / f"{workbook.stem}-citations.csv").read_text(
        encoding="utf-8"
    )
