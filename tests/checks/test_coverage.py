"""The sentence-coverage report."""

from __future__ import annotations

from conftest import REPO, Project, need_sources

from rusdata.checks.coverage import coverage, sentences
from rusdata.checks.rules import validate


def split(text: str) -> list[str]:
    return [text[s:e] for _, s, e in sentences(text)]


def test_sentences_split_on_stops_not_on_titles() -> None:
    assert split("Mr. Bhutto came. He left! Did he? “Yes.” 2015 was next.\nNew line") == [
        "Mr. Bhutto came.", "He left!", "Did he?", "“Yes.”", "2015 was next.", "New line",
    ]  # fmt: skip


def test_sentence_offsets_are_offsets_into_the_text() -> None:
    text = "  First one.  Second one.\n\nThird."
    assert [(line, text[s:e]) for line, s, e in sentences(text)] == [
        (1, "First one."), (1, "Second one."), (3, "Third."),
    ]  # fmt: skip


def test_every_quoted_sentence_counts_as_cited() -> None:
    folder = need_sources()
    loaded = validate(REPO, folder)
    assert not loaded.problems
    report = coverage(loaded, folder)
    assert [c.source_id for c in report] == [s.id for s in loaded.records("sources")]
    quotes = {
        c.quote
        for es in loaded.entries.values()
        for e in es
        for c in getattr(e.record, "citations", [])
    }
    for cov in report:
        assert 0 < cov.cited <= len(cov.sentences)
        for _, sentence in cov.uncited:
            assert not any(q in sentence for q in quotes), sentence


def test_removing_a_records_quotes_uncovers_its_sentence(seeded: Project) -> None:
    folder = need_sources()
    before = {c.source_id: c.cited for c in coverage(validate(seeded.root, folder), folder)}
    # A quote from a sentence nobody else cites: the closing line of src-002.
    seeded.edit(
        "visits",
        "Russian Foreign Minister Sergey Lavrov’s visit to Pakistan (6-7 April 2021) has happened after almost a decade.",
        "It is a win-win.",
    )
    after = {c.source_id: c.cited for c in coverage(validate(seeded.root, folder), folder)}
    assert after["src-002"] == before["src-002"] + 1  # the new quote covers one more sentence


def test_cli_prints_a_line_per_source(project: Project) -> None:
    result = project.run("coverage", "--sources", str(need_sources()), "--uncited")
    assert result.code == 0, result.out
    assert result.out.count("sentences cited") == 6  # five sources and the total
