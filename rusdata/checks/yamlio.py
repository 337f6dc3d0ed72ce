"""Read the hand-edited YAML with a line number for every mapping and key.

PyYAML's BaseLoader keeps every scalar a string (no YAML 1.1 surprises: `NO` stays "NO",
`2014-11-20` stays a string, `0123` is not octal) and pydantic coerces per field. On top of it
this loader refuses what a hand-edited data file should never contain: duplicate keys (PyYAML
keeps the last silently), anchors and aliases (and with them alias bombs), and tags.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rusdata.schema.textrules import IN_FILE, describe

_Base: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/{table}.schema.json"
# Records nest three or four levels (list, record, citations, citation); far deeper is a
# mistake or an attack, and would exhaust Python's recursion building it.
MAX_DEPTH = 16


class YamlError(ValueError):
    """A problem in a YAML file at a line (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message


class YamlErrors(ValueError):
    """Several problems in one YAML file, each at its line; `items`, when the file could still
    be read (refused characters blanked out), so that its other problems are found too."""

    def __init__(self, errors: list[YamlError], items: list[Located] | None = None) -> None:
        super().__init__(errors)
        self.errors = errors
        self.items = items


class Located(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    lines: dict[str, int]


class _Loader(_Base):
    depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # met twice: an alias
            raise YamlError(node.start_mark.line + 1, "anchors and aliases (&, *) are not allowed")
        if node.tag not in _PLAIN_TAGS:  # e.g. !!python/object: never build objects from data
            raise YamlError(node.start_mark.line + 1, f"YAML tags are not allowed: {node.tag}")
        if self.depth >= MAX_DEPTH:
            raise YamlError(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            return super().construct_object(node, deep)
        finally:
            self.depth -= 1

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        # An unquoted empty, ~ or null means "not stated"; a quoted "null" is the word.
        if not node.style and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return super().construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(node.start_mark.line + 1, "expected a mapping")
        out = Located()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(line, "a key must be a plain name")
            key = self.construct_object(key_node)
            if not isinstance(key, str):  # `~:` or `:` alone
                raise YamlError(line, "a key must be a name, not empty or null")
            if key == "<<":
                raise YamlError(line, "merge keys (<<) are not allowed")
            if key in out.lines:
                shown = repr(key) if len(key) < 60 else f"{key[:40]!r}…"
                raise YamlError(line, f"duplicate key {shown} (first on line {out.lines[key]})")
            out.lines[key] = line
            out[key] = self.construct_object(value_node, deep=True)
        return out


# BaseLoader resolves every scalar as a str; route mappings through our constructor.
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)


def parse(text: str) -> Any:
    """Parse one YAML document; raise YamlError with a 1-based line on any problem."""
    return parse_located(text)[0]


def parse_located(text: str) -> tuple[Any, list[int]]:
    """Parse one YAML document: (data, the line of each top-level list item). Raise YamlError
    with a 1-based line on any problem."""
    if text.startswith("\ufeff"):
        raise YamlError(1, "the file starts with a byte-order mark; save it as UTF-8 without BOM")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        lines = [item.start_mark.line + 1 for item in items]
        data = loader.construct_document(node)
        if "&" in text:  # an anchor never aliased leaves no trace in the nodes: scan the events
            _no_anchors(text)
        return data, lines
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        problem = e.problem or e.context or "not valid YAML"
        if "another document" in problem:
            problem = "a second document (---); a table file is one list of records"
        raise YamlError(line, f"YAML syntax: {problem}") from None
    except yaml.YAMLError as e:  # e.g. more than one document
        raise YamlError(1, f"YAML: {e}") from None
    finally:
        loader.dispose()


def _no_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=_Base):
        if getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            raise YamlError(line, "anchors and aliases (&, *) are not allowed")


def load_records(path: Path | bytes) -> list[Located]:
    """Read a table file (a path, or its bytes): a list of mappings. Raise YamlError (or
    YamlErrors, one per line) for anything else."""
    raw = path if isinstance(path, bytes) else path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlError(line, f"not UTF-8: byte 0x{raw[e.start]:02x} cannot be decoded") from None
    if not text.startswith("\ufeff"):  # parse() explains a byte-order mark
        hidden = hidden_characters(text)
        if hidden:  # read on with each one blanked (lines stay put) to report the rest too
            try:
                items = load_records(IN_FILE.sub(" ", text).encode("utf-8"))
            except YamlError as e:
                raise YamlErrors([*hidden, e]) from None
            except YamlErrors as e:
                raise YamlErrors([*hidden, *e.errors]) from None
            raise YamlErrors(hidden, items)
    data, lines = parse_located(text)
    if data is None:
        raise YamlError(1, "the file is empty; a table file is a list of records (use [] for none)")
    if not isinstance(data, list):
        raise YamlError(getattr(data, "line", 1), "the top level must be a list of records")
    wrong = [
        YamlError(lines[i], f"record {i + 1} is not a mapping of field: value")
        for i, item in enumerate(data)
        if not isinstance(item, Located)
    ]
    if wrong:
        raise YamlErrors(wrong[:MAX_REPORTED])
    return data


MAX_REPORTED = 20  # per file: past that, one line says how many more


def hidden_characters(text: str) -> list[YamlError]:
    """Each line (counted by \\n, as editors and grep count) holding a refused character."""
    out: list[YamlError] = []
    line, at, last, more = 1, 0, 0, 0
    for m in IN_FILE.finditer(text):
        line += text.count("\n", at, m.start())  # counted once over the text: linear
        at = m.start()
        if line == last:
            continue
        last = line
        if len(out) < MAX_REPORTED:
            out.append(YamlError(line, f"character {describe(m.group())} is not allowed"))
        else:
            more += 1
    if more:
        out.append(YamlError(last, f"and {more} more line(s) with such characters"))
    return out


def line_of(data: Any, loc: tuple[int | str, ...]) -> int:
    """The line of the value at a pydantic error location inside `data`."""
    line, node = getattr(data, "line", 1), data
    for part in loc:
        if isinstance(node, Located):
            line = node.lines.get(str(part), node.line)
        try:
            node = node[part]
        except (LookupError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


# ---------------------------------------------------------------- plain JSON (the cache)
# A parsed file as JSON: a mapping is {"l": line, "k": [[key, key line, value], ...]}, a list
# is a list, a scalar a string or null. Decoding checks every node, so an entry can only ever
# give what parsing some YAML could have given.


def to_plain(node: Any) -> Any:
    if isinstance(node, Located):
        return {"l": node.line, "k": [[k, node.lines[k], to_plain(v)] for k, v in node.items()]}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node


def _line(value: Any) -> int:
    if type(value) is not int or value < 1:
        raise ValueError("not a line number")
    return value


def from_plain(obj: Any, depth: int = 0) -> Any:
    """Rebuild a parsed tree from `to_plain`'s output; ValueError for anything else."""
    if obj is None or type(obj) is str:
        return obj
    if depth > MAX_DEPTH:
        raise ValueError("too deep")
    if type(obj) is list:
        return [from_plain(v, depth + 1) for v in obj]
    if type(obj) is not dict or obj.keys() != {"l", "k"} or type(obj["k"]) is not list:
        raise ValueError("not a node")
    out = Located()
    out.line = _line(obj["l"])
    out.lines = {}
    for pair in obj["k"]:
        if type(pair) is not list or len(pair) != 3:
            raise ValueError("not a key")
        k, line, v = pair
        if type(k) is not str or k in out.lines:
            raise ValueError("not a key")
        out.lines[k] = _line(line)
        out[k] = from_plain(v, depth + 1)
    return out


def records_from_plain(obj: Any) -> list[Located]:
    if type(obj) is not list:
        raise ValueError("not a list of records")
    items = [from_plain(item) for item in obj]
    if not all(isinstance(item, Located) for item in items):
        raise ValueError("not a list of records")
    return items
