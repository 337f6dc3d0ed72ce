"""Numbers: whatever validate accepts, every output (CSV, SQLite INTEGER/REAL, pandas, Parquet
and polars decimal128(38, 9)) holds exactly; anything else is refused at its file:line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import Project

from rusdata.build.rows import cell
from rusdata.schema.models import MAX_INT, Number

TRADE = "data/yaml/trade.yaml"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # Exponents, NaN and infinities are not written with the digits 0-9 and a point: refused
        # before any bound is computed (nothing expands 1e999999999).
        ("1e999999999", "must be a number written with the digits 0-9"),
        ("1e-999999999", "must be a number written with the digits 0-9"),
        ("1e-1000020", "must be a number written with the digits 0-9"),
        ("1e15", "must be a number written with the digits 0-9"),
        (".nan", "must be a number written with the digits 0-9"),
        ("NaN", "must be a number written with the digits 0-9"),
        ("Infinity", "must be a number written with the digits 0-9"),
        # Plain digits beyond what every output holds.
        ("1" + "0" * 40, "less than 10^15"),
        ("0.0000000001", "more than 9 digits after the decimal point"),
        ("1234567890.123456", "more than 15 significant digits"),
    ],
)
def test_a_number_no_output_can_hold_is_refused(project: Project, value: str, message: str) -> None:
    text = project.yaml("trade").read_text(encoding="utf-8")
    at = text.index("  value: ")
    line = text[:at].count("\n") + 1
    end = text.index("\n", at)
    project.yaml("trade").write_text(text[:at] + f"  value: {value}" + text[end:], encoding="utf-8")
    result = project.run("validate")
    assert result.code == 1
    assert len(result.problems) == 1, result.out
    path, got, msg = result.problems[0]
    assert (path, got) == (TRADE, line)
    assert msg.startswith("value: ") and message in msg
    assert len(result.out) < 2000  # the value is not expanded into the message


@pytest.mark.parametrize("value", [str(10**40), str(MAX_INT + 1), "9" * 5000])
def test_an_integer_beyond_the_bound_is_refused(seeded: Project, value: str) -> None:
    line = seeded.edit("sources", "bytes: ", f"bytes: {value}\n  x_: ")
    seeded.edit("sources", "  x_: ", "  # ")
    result = seeded.run("validate")
    assert result.code == 1
    assert [(p, n) for p, n, _ in result.problems] == [("data/yaml/sources.yaml", line)]
    assert result.problems[0][2].startswith("bytes: ")


@pytest.mark.parametrize(
    "value", ["1.5", "790000000", "0.000000001", "123456789012345", "99999999999999.9", "-12.25"]
)
def test_what_is_accepted_every_output_holds(value: str) -> None:
    from pydantic import TypeAdapter

    d = TypeAdapter(Number).validate_python(value)
    assert Decimal(repr(float(d))) == d  # pandas Float64, SQLite REAL: exact
    assert d == d.quantize(Decimal("1e-9")) and abs(d) < 10**29  # decimal128(38, 9)
    assert Decimal(cell(d)) == d and len(cell(d)) <= 25  # the CSV cell
