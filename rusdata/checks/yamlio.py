"""Read the hand-edited YAML with a line number for every mapping and key.

Records are built straight from libyaml's parse events (through PyYAML's C binding; PyYAML's
pure-Python parser where libyaml is missing), not through PyYAML's constructors, which cost
three times the parse itself. Every scalar stays a string (no YAML 1.1 surprises: `NO` stays
"NO", `2014-11-20` stays a string, `0123` is not octal) and pydantic coerces per field. The
reader refuses what a hand-edited data file should never contain: duplicate keys (PyYAML keeps
the last silently), anchors and aliases (and with them alias bombs), merge keys, tags, and
nesting deeper than any record needs. A syntax error anywhere in the file is reported before
such a refusal, as a parser that composes the whole document first would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from rusdata.schema.textrules import IN_FILE, describe

_Base: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
# The only tags a node may carry: none, the non-specific `!`, or its own kind's standard tag.
_TAGS = {
    ScalarEvent: frozenset({None, "!", "tag:yaml.org,2002:str"}),
    SequenceStartEvent: frozenset({None, "!", "tag:yaml.org,2002:seq"}),
    MappingStartEvent: frozenset({None, "!", "tag:yaml.org,2002:map"}),
}
# An unquoted empty, ~ or null means "not stated"; a quoted "null" is the word.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/{table}.schema.json"
# Records nest three or four levels (list, record, citations, citation); far deeper is a
# mistake or an attack.
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

    __slots__ = ("line", "lines")  # no per-mapping __dict__: less memory, faster to make
    line: int
    lines: dict[str, int]


def _line(event: Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _refuse(event: Event, message: str) -> NoReturn:
    raise YamlError(_line(event), message)


class _Builder:
    """Turns one document's events into lists, Located mappings, strings and None."""

    def __init__(self, next_event: Callable[[], Any]) -> None:
        self.next = next_event

    def node(self, event: Any, depth: int) -> Any:
        """The value that starts with `event`, nested `depth` levels deep (1: the document)."""
        kind = type(event)
        if kind is AliasEvent or getattr(event, "anchor", None) is not None:
            _refuse(event, "anchors and aliases (&, *) are not allowed")
        tag = event.tag
        if tag not in _TAGS[kind]:  # e.g. !!python/object: never build objects from data
            _refuse(event, f"YAML tags are not allowed: {tag}")
        if depth > MAX_DEPTH:
            _refuse(event, f"nested more than {MAX_DEPTH} levels deep")
        if kind is ScalarEvent:
            value: str = event.value
            return None if value in _NULLS and not event.style else value
        if kind is SequenceStartEvent:
            return self.sequence(depth)
        return self.mapping(event, depth)

    def sequence(self, depth: int, lines: list[int] | None = None) -> list[Any]:
        """The items up to the sequence's end; the line each starts on goes to `lines`."""
        items: list[Any] = []
        next_event, deeper = self.next, depth + 1
        while True:
            event = next_event()
            kind = type(event)
            if kind is SequenceEndEvent:
                return items
            if lines is not None:
                lines.append(event.start_mark.line + 1)
            # Most items are scalars without anchor or tag (`parties: [PAK, RUS]`): inline.
            if (
                kind is ScalarEvent
                and event.anchor is None
                and event.tag is None
                and deeper <= MAX_DEPTH
            ):
                value = event.value
                items.append(None if value in _NULLS and not event.style else value)
            else:
                items.append(self.node(event, deeper))

    def mapping(self, start: Any, depth: int) -> Located:
        out = Located()
        out.line = _line(start)
        lines: dict[str, int] = {}
        out.lines = lines
        next_event, deeper = self.next, depth + 1
        while True:
            event = next_event()
            kind = type(event)
            if kind is MappingEndEvent:
                return out
            line = event.start_mark.line + 1
            # Keys and values are nearly all scalars without anchor or tag: those inline.
            if (
                kind is ScalarEvent
                and event.anchor is None
                and event.tag is None
                and deeper <= MAX_DEPTH
            ):
                key = event.value
                if key in _NULLS and not event.style:
                    key = None
            else:
                if kind is AliasEvent or getattr(event, "anchor", None) is not None:
                    _refuse(event, "anchors and aliases (&, *) are not allowed")
                if kind is not ScalarEvent:
                    _refuse(event, "a key must be a plain name")
                key = self.node(event, deeper)
            if key is None:  # `~:` or `:` alone
                _refuse(event, "a key must be a name, not empty or null")
            if key == "<<":
                _refuse(event, "merge keys (<<) are not allowed")
            if key in lines:
                shown = repr(key) if len(key) < 60 else f"{key[:40]!r}…"
                _refuse(event, f"duplicate key {shown} (first on line {lines[key]})")
            lines[key] = line
            event = next_event()  # the value, as deep as its key
            if type(event) is ScalarEvent and event.anchor is None and event.tag is None:
                value = event.value
                out[key] = None if value in _NULLS and not event.style else value
            else:
                out[key] = self.node(event, deeper)


def parse(text: str) -> Any:
    """Parse one YAML document; raise YamlError with a 1-based line on any problem."""
    return parse_located(text)[0]


def parse_located(text: str) -> tuple[Any, list[int]]:
    """Parse one YAML document: (data, the line of each top-level list item). Raise YamlError
    with a 1-based line on any problem."""
    if text.startswith("\ufeff"):
        raise YamlError(1, "the file starts with a byte-order mark; save it as UTF-8 without BOM")
    parser = _Base(text)
    try:
        data, lines, after = _document(parser.get_event)
    except YamlError as refused:  # a syntax error further on is the problem to fix first
        _drain(parser.get_event)
        raise refused from None
    except yaml.MarkedYAMLError as e:
        raise _syntax(e) from None
    except yaml.YAMLError as e:  # e.g. a character libyaml refuses
        raise YamlError(1, f"YAML: {e}") from None
    finally:
        parser.dispose()
    if type(after) is not StreamEndEvent:  # reported as it is, whatever the rest holds
        _refuse(after, "YAML syntax: a second document (---); a table file is one list of records")
    return data, lines


def _document(next_event: Callable[[], Any]) -> tuple[Any, list[int], Any]:
    """The first document's value, the lines of its top-level items if it is a list, and the
    event after it (the stream's end, or a second document)."""
    event = next_event()
    assert type(event) is StreamStartEvent
    event = next_event()
    if type(event) is StreamEndEvent:  # nothing but comments
        return None, [], event
    assert type(event) is DocumentStartEvent
    build = _Builder(next_event)
    event = next_event()
    if (
        type(event) is SequenceStartEvent
        and event.anchor is None
        and event.tag in _TAGS[SequenceStartEvent]
    ):
        lines: list[int] = []
        data = build.sequence(1, lines)
    else:
        data, lines = build.node(event, 1), []
    assert type(next_event()) is DocumentEndEvent
    return data, lines, next_event()


def _drain(next_event: Callable[[], Any]) -> None:
    """Read the rest of the events; raise the first syntax error among them."""
    try:
        while type(next_event()) is not StreamEndEvent:
            pass
    except yaml.MarkedYAMLError as e:
        raise _syntax(e) from None
    except yaml.YAMLError as e:
        raise YamlError(1, f"YAML: {e}") from None


def _syntax(e: yaml.MarkedYAMLError) -> YamlError:
    mark = e.problem_mark or e.context_mark
    return YamlError(
        mark.line + 1 if mark else 1, f"YAML syntax: {e.problem or e.context or 'not valid YAML'}"
    )


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
