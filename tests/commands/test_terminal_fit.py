"""`rusdata show` and `info` as a person reads them: at 80 columns, ids whole, text wrapped,
widths as a terminal draws them; and input checked before anything is printed."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, need_tool
from test_terminal import run

import rusdata
from rusdata.commands._terminal import cell_width, layout, table_text, wrap
from rusdata.errors import RusdataError
from rusdata.package import reader
from rusdata.package.cells import table as cells_table
from rusdata.schema.columns import tables
from rusdata.schema.dates import PartialDate


def test_cell_width_counts_terminal_columns() -> None:
    assert cell_width("abc") == 3
    assert cell_width("漢字") == 4  # wide: two columns each
    assert cell_width("ｗ") == 2  # full-width Latin
    assert cell_width("e\u0301") == 1  # a combining accent takes none
    assert cell_width("a\u200bb") == 2  # nor does a zero-width space


def test_wide_characters_stay_aligned() -> None:
    rows = [{"id": "a", "name": "漢字漢字"}, {"id": "bb", "name": "abc"}]
    lines = table_text(["id", "name"], rows, 80)
    # the second column starts at the same terminal column on every line
    assert {
        cell_width(li[: li.index(v)]) for li, v in zip(lines[2:], ["漢", "abc"], strict=True)
    } == {4}
    narrow = table_text(
        ["id", "name"],
        [{"id": "x", "name": "漢字 漢字 漢字 漢字 漢字 漢字 漢字 漢字 漢字 漢字"}],
        30,
    )
    assert max(cell_width(li) for li in narrow) <= 30


def test_wrap_breaks_between_words_and_cuts_only_overlong_words() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("", 5) == [""]


def test_short_columns_shrink_before_text() -> None:
    rows = [{"date_field": "x", "summary": "word " * 30}]
    natural = layout(["date_field", "summary"], rows, 400).widths
    assert natural == [len("date_field"), len(("word " * 30).strip())]
    fitted = layout(["date_field", "summary"], rows, 60).widths
    assert fitted is not None
    assert fitted[0] == len("field")  # the header wrapped after '_' first
    assert fitted[1] == 60 - 2 - len("field")  # the text column got the rest


def test_timeline_at_80_columns_is_a_table_of_dates_and_summaries(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "timeline", "--width", "80")
    assert code == 0
    lines = out.splitlines()
    assert max(cell_width(li) for li in lines) <= 80
    assert lines[0].split() == ["date", "table", "summary"] and "-[ " not in out
    entries = rusdata.timeline()
    assert (len(lines) - 3) / len(entries) <= 4  # header, rule and count line aside
    at = lines[0].index("summary")  # the summary column, read down the page
    text = " ".join(" ".join(li[at:] for li in lines[2:-1]).split())
    assert all(" ".join(e.summary.split()) in text for e in entries)  # wrapped, never cut
    assert "…" not in out
    # in date order, as the first column says, undated rows (none here) last
    blocks = "\n".join(lines[2:-1]).split("\n\n")  # a blank line ends each wrapped row
    # an interval's end may sit on the row's second line, under its start
    firsts = [b.split("\n") for b in blocks]
    dates = [
        PartialDate.parse(r[0].split()[0] + (r[1].split()[0] if r[0].split()[0][-1] == "/" else ""))
        for r in firsts
    ]
    assert len(dates) == len(entries)
    assert [d.start for d in dates] == sorted(d.start for d in dates)


def test_visits_at_80_columns_read_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "visits", "--width", "80")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["date", "status", "summary"]
    assert (len(lines) - 3) / len(rusdata.visits()) <= 4
    _, out, _ = run(capsys, "show", "visits", "-c", "date", "--csv")
    dates = [r[0] for r in csv.reader(io.StringIO(out))][1:]
    dated = [d for d in dates if d]
    assert dates == dated + [""] * (len(dates) - len(dated)) and len(dated) < len(dates)
    assert dated == sorted(dated, key=lambda d: PartialDate.parse(d).start)


def test_ids_come_back_with_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "visits", "-c", "id,date", "--width", "80")
    assert code == 0
    assert {v.id for v in rusdata.visits()} <= set(out.split())


@pytest.mark.parametrize("name", list(tables()))
@pytest.mark.parametrize("width", [80, 50])
def test_every_table_is_a_table_with_its_keys_or_words(
    capsys: pytest.CaptureFixture[str], name: str, width: int
) -> None:
    """No table falls back to per-record blocks at 80 columns. A key is shown whole or broken
    only after its hyphens; a dated table too wide for its ids shows its words instead."""
    code, out, _ = run(capsys, "show", name, "--width", str(width))
    assert code == 0
    lines = out.splitlines()
    assert max(cell_width(li) for li in lines[:-1]) <= width
    if width == 80:
        assert "-[ 1 of" not in out
    header = lines[0].split() if not out.startswith("-[") else []
    keys = cells_table(name).primary_key
    tokens = set(out.split())
    for row in rusdata.load(name):
        for k in keys:
            if header and k not in header and not out.startswith("-["):
                continue  # dropped to fit: the words say which record it is
            value = str(getattr(row, k, None) or getattr(row, k.removesuffix("_id"), None))
            pieces = [p for p in re.split(r"(?<=[-/])", value) if p]
            # an id breaks after its hyphens; an item mark (`aliases[Sergei Shigu]`) between words
            assert (
                value in tokens
                or all(any(p in t for t in tokens) for p in pieces)
                or all(word in tokens for word in value.split())
            ), (k, value)


def test_sort_orders_rows_by_any_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "visits", "--sort=-date", "-c", "date", "--csv")
    dated = [v for v in rusdata.visits() if v.date is not None]
    newest = max(dated, key=lambda v: (v.date.start, v.date.end))
    dates = [r[0] for r in csv.reader(io.StringIO(out))][1:]
    assert code == 0 and dates[0] == str(newest.date)
    assert dates[-1] == ""  # undated last, descending too
    _, out, _ = run(capsys, "show", "people", "--sort", "name", "-c", "name", "--csv")
    names = out.splitlines()[1:]
    assert names == sorted(names)
    code, _, err = run(capsys, "show", "people", "--sort", "nmae")
    assert code == 1 and "did you mean 'name'" in err


def test_citations_show_their_source(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "citations", "--width", "80", "-n", "1")
    assert "source_" in out.splitlines()[0] and "src-" in out


def test_too_narrow_for_a_table_gives_one_block_per_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, wide, _ = run(capsys, "show", "visits", "--width", "200")
    assert wide.startswith("date ")  # a table when it fits
    code, out, _ = run(capsys, "show", "visits", "--width", "24")
    assert code == 0
    n = len(rusdata.visits())
    assert out.startswith(f"-[ 1 of {n} ]")
    assert sum(li.startswith("-[ ") for li in out.splitlines()) == n


def test_info_wraps_between_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", "--width", "60")
    assert code == 0
    # a path and a URL are copied whole, on lines of their own
    lines = [
        li
        for li in out.splitlines()
        if not li.startswith("package: ") and not li.strip().startswith("https://")
    ]
    assert max(cell_width(li) for li in lines) <= 60
    text = " ".join(out.split())
    assert f"package: {(REPO / 'datapackage.json').resolve()}" in out.splitlines()
    for s in rusdata.sources():  # every title readable whole once the lines are joined
        assert " ".join((s.title or s.file).split()) in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["show", "exercises", "--where", "status=occured"],
            "no status value 'occured' (did you mean 'occurred'?)",
        ),
        (["show", "timeline", "--where", "table=visit"], "(did you mean 'visits'?)"),
        (
            ["show", "citations", "-w", "record_id=qureshi-moscow"],
            "did you mean 'qureshi-moscow-2018'",
        ),
        (["show", "timeline", "--from", "2016", "--to", "2014"], "--from 2016 is after --to 2014"),
        (
            ["show", "visits", "--where", "actor=Russia"],
            "countries are ISO 3166-1 alpha-3 codes: did you mean 'RUS'?",
        ),
    ],
)
def test_where_values_are_checked_with_suggestions(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert message in err


def test_allowed_values_come_from_the_descriptor(capsys: pytest.CaptureFixture[str]) -> None:
    # an allowed status that no exercise has is an empty result, not an error
    code, out, _ = run(capsys, "show", "exercises", "--where", "status=recommended", "--csv")
    assert code == 0 and out.splitlines()[1:] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "20144"], "expected a 4-digit year"),
        (["--to", "99"], "expected a 4-digit year"),
        (["--limit", "0"], "at least 1"),
        (["--limit", "-1"], "at least 1"),
        (["--limit", "two"], "at least 1"),
    ],
)
def test_years_and_limits_are_checked(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "show", "timeline", *args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_limit_keeps_the_first_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "timeline", "--limit", "1", "--csv")
    assert code == 0
    assert len(out.splitlines()) == 2
    assert out.splitlines()[1].startswith(str(rusdata.timeline()[0].date))


def test_csv_gives_every_column_unless_told(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "show", "citations", "--where", "record_id=qureshi-moscow-2018", "--csv"
    )
    assert out.splitlines()[0].split(",") == [c.name for c in tables()["citations"].columns]
    _, out, _ = run(capsys, "show", "citations", "--csv", "--columns", "quote,source_id")
    assert out.splitlines()[0] == "quote,source_id"


@pytest.mark.parametrize("needle", ["India's", "India’s"])
def test_grep_matches_curly_and_straight_quotes_alike(
    capsys: pytest.CaptureFixture[str], needle: str
) -> None:
    _, out, _ = run(capsys, "show", "citations", "--grep", needle, "--csv")
    got = out.splitlines()[1:]
    expected = [
        c
        for c in rusdata.citations()
        if "india’s" in c.quote.casefold() or "india's" in c.quote.casefold()
    ]
    assert len(got) == len(expected) > 0


def test_version_prints_the_dataset_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--version")
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"rusdata {rusdata.__version__}\n"


def test_load_gives_the_same_error_as_frame() -> None:
    with pytest.raises(RusdataError) as by_load:
        rusdata.load("visit")
    with pytest.raises(RusdataError) as by_table:
        cells_table("visit")  # what rusdata.frame() and the exports say
    assert str(by_load.value) == str(by_table.value)
    assert "did you mean 'visits'?" in str(by_load.value)


@pytest.fixture
def restore_root(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reader, "_chosen", [])
    reader.installed.cache_clear()
    yield
    reader.installed.cache_clear()


def test_export_reads_the_package_at_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_root: None
) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    descriptor = (REPO / "datapackage.json").read_text(encoding="utf-8")
    marked = descriptor.replace(f'"version": "{rusdata.__version__}"', '"version": "9.9.9"')
    assert marked != descriptor
    (root / "datapackage.json").write_text(marked, encoding="utf-8")
    capsys.readouterr()
    from rusdata.cli import main

    assert main(["--root", str(root), "export", "sqlite", str(tmp_path / "x.db")]) == 0
    meta = (tmp_path / "x.metadata.json").read_text(encoding="utf-8")
    assert "rusdata 9.9.9" in meta


def test_in_tmux_at_80_columns(tmp_path: Path) -> None:
    """What a person sees: the README's first example in an 80-column tmux pane."""
    tmux = need_tool("tmux")
    sock = str(tmp_path / "tmux.sock")
    rusdata_cmd = str(Path(sys.executable).with_name("rusdata"))
    out = tmp_path / "done"
    cmd = f"{rusdata_cmd} --root {REPO} show timeline --from 2014 --to 2016 | head -22; touch {out}"
    subprocess.run(
        [tmux, "-S", sock, "new-session", "-d", "-x", "80", "-y", "24", cmd + "; sleep 30"],
        check=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        pane = subprocess.run(
            [tmux, "-S", sock, "capture-pane", "-p"], check=True, capture_output=True, text=True
        ).stdout
    finally:
        subprocess.run([tmux, "-S", sock, "kill-server"], check=False)
    lines = pane.splitlines()
    in_range = [
        e for e in rusdata.timeline() if e.date.start.year <= 2016 and e.date.end.year >= 2014
    ]
    # a table, not per-record blocks: the date, the kind of record, its summary wrapped
    assert lines[0].split()[:2] == ["date", "table"] and lines[0].split()[-1] == "summary"
    assert "-[ " not in pane
    first = min(in_range, key=lambda e: (e.date.start, e.date.end))
    assert lines[2].startswith(f"{first.date}  ") and first.table in lines[2]
    assert " ".join(first.summary.split()[:3]) in lines[2]
    assert all(cell_width(li) <= 80 for li in lines)


def test_bare_rusdata_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    from rusdata.cli import main

    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: rusdata") and "show" in out and "validate" in out


def test_a_date_in_words_gets_its_edtf_form(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "show", "visits", "--from", "March 2015")
    assert "write 2015" in capsys.readouterr().err
    with pytest.raises(ValueError, match="for 'March 2015' write 2015-03"):
        PartialDate.parse("March 2015")
    with pytest.raises(ValueError, match="write 2021-04-07"):
        PartialDate.parse("April 7, 2021")
