"""The YAML reader refuses what a data file should never hold, quickly and in bounded memory."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest
from conftest import REPO
from yaml_reference import composed, same

from rusdata.checks.yamlio import YamlError, parse, parse_located


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


@pytest.mark.parametrize(
    "path", sorted((REPO / "data" / "yaml").glob("*.yaml")), ids=lambda p: p.stem
)
def test_the_data_reads_as_pyyamls_composer_reads_it(path: Path) -> None:
    """Built from parse events, the records have the values and lines of PyYAML's node tree."""
    text = path.read_text(encoding="utf-8")
    assert same(parse(text), composed(text))


@pytest.mark.parametrize(
    "text",
    [
        "- a: !!str 5\n  b: ! x\n  c: !!map {d: ''}\n  e: !!seq [f, ~, '~']\n",
        '- {a: [b, {c: d}], e: "f\\n"}\n- - x\n  - y\n- z\n- ~\n',
        "- a: >\n    folded\n    lines\n  b: |\n    kept\n\n  ? c\n  : d\n",
        "--- \n- a: 1\n...\n",
        "# only a comment\n",
        "[]",
    ],
)
def test_tags_of_plain_kinds_styles_and_markers_read_as_pyyaml_reads_them(text: str) -> None:
    assert same(parse(text), composed(text))


def test_lines_lists_each_top_level_item() -> None:
    # as PyYAML marks them: a mapping below its dash starts on its first key
    assert parse_located("# c\n- a\n-\n  b: c\n- [d]\n")[1] == [2, 4, 5]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a: 1\n- b: &x 2\n", 2, "anchors and aliases"),
        ("- a: 1\n- &x\n  b: 2\n", 2, "anchors and aliases"),
        ("- a: 1\n- b: *x\n", 2, "anchors and aliases"),
        ("- a: !!int 1\n", 1, "YAML tags are not allowed: tag:yaml.org,2002:int"),
        ("- a: !!map [b]\n", 1, "YAML tags are not allowed: tag:yaml.org,2002:map"),
        ('- a: 1\n  "<<": 2\n', 2, "merge keys"),
        ("- a: 1\n  ~: 2\n", 2, "a key must be a name, not empty or null"),
        ("- a: 1\n- [b]: 2\n", 2, "a key must be a plain name"),
        ("- " + "[" * 17 + "]" * 17 + "\n", 1, "nested more than 16 levels deep"),
        # a syntax error further on comes first, as PyYAML's composer would report it
        ("- a: 1\n  a: 2\n- b: [c\n", 4, "YAML syntax"),
        ("- a: 1\n---\n- b\n", 2, "a second document"),
    ],
)
def test_refused_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError, match=re.escape(message)) as e:
        parse(text)
    assert e.value.line == line
