"""`rusdata show` and `rusdata info`: what they print is what the package holds."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import REPO

import rusdata
from rusdata.cli import main
from rusdata.schema.columns import tables


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(REPO), *args])
    out, err = capsys.readouterr()
    return code, out, err


def shown_csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    code, out, err = run(capsys, "show", *args, "--csv", "--columns", "all")
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def test_timeline_prints_every_row_in_date_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "timeline", "--width", "400")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:3] == ["date", "table", "record_id"]
    rows = rusdata.timeline()
    assert len(lines) == len(rows) + 3  # header, rule, footer
    assert [li.split()[0] for li in lines[2:-1]] == [str(e.date) for e in rows]
    assert lines[-1] == f"({len(rows)} of {len(rows)} rows of timeline match)"


@pytest.mark.parametrize(("lo", "hi"), [(2018, 2018), (None, 1965), (2020, None), (1970, 1979)])
def test_year_range_keeps_dates_that_can_fall_in_it(
    capsys: pytest.CaptureFixture[str], lo: int | None, hi: int | None
) -> None:
    args = [*(["--from", str(lo)] if lo else []), *(["--to", str(hi)] if hi else [])]
    got = {r["id"] for r in shown_csv(capsys, "visits", *args)} | {
        f"{r['table']}/{r['record_id']}/{r['date_field']}"
        for r in shown_csv(capsys, "timeline", *args)
    }
    expected = {
        v.id
        for v in rusdata.visits()
        if v.date
        and (lo is None or v.date.end.year >= lo)
        and (hi is None or v.date.start.year <= hi)
    } | {
        f"{e.table}/{e.record_id}/{e.date_field}"
        for e in rusdata.timeline()
        if (lo is None or e.date.end.year >= lo) and (hi is None or e.date.start.year <= hi)
    }
    assert got == expected and got


def test_grep_ignores_case_and_where_needs_equality(capsys: pytest.CaptureFixture[str]) -> None:
    got = shown_csv(capsys, "people", "--grep", "SHOIGU")
    assert (
        {r["id"] for r in got}
        == {p.id for p in rusdata.people() if "shoigu" in p.model_dump_json().casefold()}
        != set()
    )
    occurred = shown_csv(capsys, "exercises", "--where", "status=occurred")
    assert len(occurred) == sum(e.status == "occurred" for e in rusdata.exercises()) > 0
    # Two filters, each of which drops rows the other keeps: both must apply.
    multilateral = shown_csv(capsys, "exercises", "--where", "kind=multilateral")
    both = shown_csv(capsys, "exercises", "-w", "status=occurred", "-w", "kind=multilateral")
    assert {r["id"] for r in both} == {
        e.id for e in rusdata.exercises() if e.status == "occurred" and e.kind == "multilateral"
    }
    assert 0 < len(both) < min(len(occurred), len(multilateral))


def test_lines_fit_the_width(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "citations", "--width", "72", "-c", "all")
    assert code == 0
    assert max(len(line) for line in out.splitlines()[:-1]) <= 72
    assert "…" not in out  # long quotes wrap, never cut
    words = " ".join(out.split())
    assert all(" ".join(c.quote.split()) in words for c in rusdata.citations())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "vists"], "no table 'vists' (did you mean 'visits'?)"),
        (["show", "people", "--from", "2000"], "has no date column"),
        (["show", "visits", "-c", "id,xyz"], "visits: no column 'xyz'; columns: id, summary,"),
        (
            ["show", "visits", "-c", "id,sumary"],
            "visits: no column 'sumary' (did you mean 'summary'?)",
        ),
        (["show", "visits", "-w", "nope=1"], "--where: no column 'nope'"),
    ],
)
def test_bad_requests_fail_clearly(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_info_lists_version_tables_counts_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info")
    assert code == 0
    assert f"version: {rusdata.__version__}" in out
    counts = {
        li.split()[0]: int(li.split()[1])
        for li in out.split("tables:")[1].split("\n\n")[0].strip().splitlines()
    }
    assert counts == {name: len(rusdata.load(name)) for name in counts}
    assert list(counts) == list(tables())
    for s in rusdata.sources():
        assert f"  {s.id}  " in out and s.sha256[:12] in out


@pytest.mark.parametrize(
    "args", [["info"], ["show", "timeline", "--limit", "2"], ["show", "visits", "--csv"]]
)
def test_show_and_info_load_no_models(args: list[str]) -> None:
    """They read the built package with the standard library: neither pydantic, the YAML
    reader, the models nor the export modules that `export` registers are imported."""
    import subprocess
    import sys

    code = (
        "import io, sys, contextlib; from rusdata.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): assert main({['--root', str(REPO), *args]!r}) == 0\n"
        "heavy = [m for m in sys.modules if m in ('pydantic', 'yaml', 'rusdata.schema.models', "
        "'rusdata.checks.loading') or m.startswith('rusdata.exports.')]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
