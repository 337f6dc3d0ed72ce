"""A slow reference for the YAML reader: PyYAML's own composer (node tree, marks and all),
turned into what `rusdata.checks.yamlio.parse` gives. The reader builds its records from parse
events instead; the tests and the fuzzer hold the two to the same values and lines."""

from __future__ import annotations

from typing import Any

import yaml

from rusdata.checks.yamlio import Located

_NULLS = ("", "~", "null", "Null", "NULL")


def composed(text: str) -> Any:
    """`text` through yaml.compose, as lists, Located mappings, strings and None. Composed with
    the same parser the reader uses (libyaml's, where PyYAML has it): the two scanners differ
    on some input (a tab inside a plain scalar), and what is compared is the building."""
    return _value(yaml.compose(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)))


def _value(node: yaml.Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return None if not node.style and node.value in _NULLS else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    out = Located()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key, value in node.value:
        name = _value(key)
        out.lines[name] = key.start_mark.line + 1
        out[name] = _value(value)
    return out


def same(a: Any, b: Any) -> bool:
    """Equal values, and equal lines for every mapping and key."""
    if isinstance(a, Located) or isinstance(b, Located):
        return (
            isinstance(a, Located)
            and isinstance(b, Located)
            and (a.line, a.lines) == (b.line, b.lines)
            and list(a) == list(b)
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    return a == b
