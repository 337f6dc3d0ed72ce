"""How quotes are matched: whitespace-tolerant, otherwise exact, with useful diagnoses."""

from __future__ import annotations

from rusdata.checks.quotes import SourceText

TEXT = SourceText("Lavrov’s visit\u00a0to  Pakistan – in April.\nNext paragraph here.\n")


def test_exact_quote_is_found_with_its_raw_span() -> None:
    span = TEXT.find("Lavrov’s visit")
    assert span is not None
    assert TEXT.raw[span[0] : span[1]] == "Lavrov’s visit"


def test_whitespace_runs_and_nbsp_are_one_space() -> None:
    span = TEXT.find("visit to Pakistan")
    assert span is not None
    assert TEXT.raw[span[0] : span[1]] == "visit\u00a0to  Pakistan"


def test_changed_word_is_not_found() -> None:
    assert TEXT.find("Lavrov’s trip") is None
    assert "then the quote has" in TEXT.diagnose("Lavrov’s visit to Pakistan in May.")


def test_straight_quotes_and_hyphens_are_not_found_but_diagnosed() -> None:
    assert TEXT.find("Lavrov's visit") is None
    assert TEXT.find("Pakistan - in April") is None
    message = TEXT.diagnose("Pakistan - in April")
    assert "only in quotation marks or dashes" in message
    assert "Pakistan – in April" in message


def test_case_is_significant() -> None:
    assert TEXT.find("lavrov’s visit") is None
    assert "only in case" in TEXT.diagnose("lavrov’s visit")


def test_quote_may_not_cross_a_line_break() -> None:
    assert TEXT.find("in April. Next paragraph") is None
