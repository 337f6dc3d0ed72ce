"""The YAML reader refuses what a data file should never hold, quickly and in bounded memory."""

from __future__ import annotations

import re
import tracemalloc

import pytest

from rusdata.checks.yamlio import YamlError, parse


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['- &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"- &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_bounded_memory() -> None:
    text = billion_laughs()  # would expand to 10**9 strings
    tracemalloc.start()
    with pytest.raises(YamlError, match="anchors and aliases"):
        parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000, peak


def test_scalars_stay_strings() -> None:
    data = parse("- a: NO\n  b: 2014-11-20\n  c: 0123\n  d: 1.10\n  e: 12:30\n")
    assert data == [{"a": "NO", "b": "2014-11-20", "c": "0123", "d": "1.10", "e": "12:30"}]


def test_unquoted_null_is_none_quoted_is_text() -> None:
    assert parse('- a:\n  b: ~\n  c: "null"\n  d: null\n') == [
        {"a": None, "b": None, "c": "null", "d": None}
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a: 1\n  a: 2\n", "duplicate key 'a' (first on line 1)"),
        ("- <<: {a: 1}\n", "merge keys"),
        ("- !!python/object/apply:os.system [echo hi]\n", "YAML tags are not allowed"),
        ("- !!binary aGk=\n", "YAML tags are not allowed"),
        ("- ? [a, b]\n  : c\n", "a key must be a plain name"),
        ("- a\n---\n- b\n", "YAML"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(YamlError, match=re.escape(message)):
        parse(text)


def test_located_lines() -> None:
    data = parse("# comment\n- id: a\n  name: b\n\n- id: c\n")
    assert [d.line for d in data] == [2, 5]
    assert data[0].lines == {"id": 2, "name": 3}
