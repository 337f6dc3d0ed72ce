"""The sentence-coverage report."""

from __future__ import annotations

from conftest import Project, need_sources

import rusdata
from rusdata.checks.coverage import SourceCoverage, coverage, sentences
from rusdata.checks.loading import Loaded
from rusdata.checks.rules import validate


def split(text: str) -> list[str]:
    return [text[s:e] for _, s, e in sentences(text)]


def test_sentences_split_on_stops_not_on_titles() -> None:
    assert split("Mr. Bhutto came. He left! Did he? “Yes.” 2015 was next.\nNew line") == [
        "Mr. Bhutto came.",
        "He left!",
        "Did he?",
        "“Yes.”",
        "2015 was next.",
        "New line",
    ]


def test_sentence_offsets_are_offsets_into_the_text() -> None:
    text = "  First one.  Second one.\n\nThird."
    assert [(line, text[s:e]) for line, s, e in sentences(text)] == [
        (1, "First one."),
        (1, "Second one."),
        (3, "Third."),
    ]


def test_every_quoted_sentence_counts_as_cited(repo_checked: Loaded) -> None:
    loaded = repo_checked
    assert not loaded.problems
    report = coverage(loaded)
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
    sentence = "Share This Story, Choose Your Platform!"  # src-002 page debris no record cites

    def src_002() -> SourceCoverage:
        loaded = validate(seeded.root, folder)
        assert not loaded.problems
        return next(c for c in coverage(loaded) if c.source_id == "src-002")

    def uncited(cov: SourceCoverage) -> list[str]:
        return [text for _, text in cov.uncited]

    without = src_002()
    assert sentence in uncited(without)
    # The seeded visit quotes it as well: now cited ...
    quote = f'\n    - source: src-002\n      quote: "{sentence}"'
    seeded.edit(
        "visits",
        'has happened after almost a decade."',
        'has happened after almost a decade."' + quote,
    )
    assert seeded.run("anchor", "--sources", str(folder)).code == 0
    cited = src_002()
    assert sentence not in uncited(cited)
    assert cited.cited == without.cited + 1
    # ... and removing the visit's quotes uncovers it again, exactly as it was.
    seeded.edit("visits", quote, "")
    assert seeded.run("anchor", "--sources", str(folder)).code == 0
    again = src_002()
    assert uncited(again) == uncited(without)
    assert sentence in uncited(again)


def test_cli_prints_a_line_per_source(project: Project) -> None:
    result = project.run("coverage", "--sources", str(need_sources()), "--uncited")
    assert result.code == 0, result.out
    assert result.out.count("sentences cited") == len(rusdata.sources()) + 1  # each and the total
