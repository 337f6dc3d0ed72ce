"""YAML → models: read every table file and validate each record, keeping line numbers.

Every problem becomes a `Problem(path, line, message)`; one bad record never hides another.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from rusdata.checks.quotes import SourceText
from rusdata.checks.yamlio import (
    SCHEMA_COMMENT,
    Located,
    YamlError,
    YamlErrors,
    line_of,
    load_records,
)
from rusdata.safefiles import linked_parent, read_regular, regular_problem
from rusdata.schema.dates import PATTERN as DATE_PATTERN
from rusdata.schema.dates import SHAPE_HELP
from rusdata.schema.models import PATTERN_HELP, TABLES, Record
from rusdata.schema.textrules import printable

YAML_DIR = Path("data", "yaml")

# What each pattern means, for messages a person can act on: the models' own, and the dates'.
_PATTERN_HELP = {**PATTERN_HELP, DATE_PATTERN: SHAPE_HELP}


# A message quotes values; one of 50 MB must not be echoed whole.
MAX_MESSAGE = 1000
MAX_SHOWN = 80


def short(value: Any) -> str:
    """repr(value), cut to MAX_SHOWN characters with its length said."""
    text = repr(value)
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[: MAX_SHOWN - 20]}… ({len(str(value)):,} characters)"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    rule: str = ""  # the code of the rule that found it (set by `Rule`; see rusdata.checks.rules)

    def __str__(self) -> str:
        # Messages quote data and file names: escape what a terminal would act on or hide.
        message = self.message
        if len(message) > MAX_MESSAGE:
            message = f"{message[: MAX_MESSAGE - 40]}… ({len(message):,} characters)"
        code = f" [{self.rule}]" if self.rule else ""
        return printable(f"{self.path}:{self.line}: {message}{code}")


@dataclass
class Entry:
    """A validated record with where it came from."""

    record: Record
    item: Located
    path: str

    def line(self, *loc: int | str) -> int:
        return line_of(self.item, loc)


@dataclass
class Loaded:
    root: Path
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # tables with a record that did not validate
    # source id -> its text, read once by `validate --sources` after its SHA-256 matched
    texts: dict[str, SourceText] = field(default_factory=dict)

    def records(self, table: str) -> list[Record]:
        return sorted((e.record for e in self.entries.get(table, [])), key=lambda r: r.id)


def display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: ErrorDetails, model: type[Record]) -> str:
    at = where(err["loc"])
    kind = err["type"]
    if kind == "missing":
        return f"{at}: missing required field"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        owner: Any = model
        for part in err["loc"][:-1]:  # find the (child) model the key was written in
            if isinstance(part, str):
                ann = owner.model_fields[part].annotation
                owner = next(
                    (a for a in getattr(ann, "__args__", ()) if hasattr(a, "model_fields")), owner
                )
        near = difflib.get_close_matches(key[:100], list(owner.model_fields), n=1)
        hint = (
            f"; did you mean '{near[0]}'?"
            if near
            else f"; allowed: {', '.join(owner.model_fields)}"
        )
        return f"{at}: unknown field{hint}"
    if err["input"] is None and kind.endswith("_type"):  # `field:` with nothing after it
        return f"{at}: is empty, but a value is required"
    got = f" (got {short(err['input'])})" if not isinstance(err["input"], dict | list) else ""
    if kind == "string_pattern_mismatch":
        help_ = _PATTERN_HELP.get(err["ctx"]["pattern"], f"text matching {err['ctx']['pattern']}")
        return f"{at}: must be {help_}{got}"
    msg = err["msg"].removeprefix("Value error, ")
    return f"{at}: {msg}{got}"


def load_yaml(root: Path) -> Loaded:
    """Read and validate every YAML table under `root`/data/yaml."""
    out = Loaded(root)
    folder = root / YAML_DIR
    if not folder.is_dir():
        out.problems.append(
            Problem(str(YAML_DIR), 0, "folder not found; run rusdata from the project root")
        )
        return out
    linked = linked_parent(root, f"{YAML_DIR.as_posix()}/x.yaml")
    if linked:  # before listing it: a linked folder's file names are not ours to report
        msg = "is a symbolic link; the table files must be inside the project"
        out.problems.append(Problem(linked, 0, msg))
        out.failed.update(TABLES)
        return out
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yaml", ".yml") and not (
            path.suffix == ".yaml" and path.stem in TABLES
        ):
            tables_ = ", ".join(f"{t}.yaml" for t in TABLES)
            msg = f"belongs to no table; the table files are {tables_}"
            out.problems.append(Problem(display(path, root), 1, msg))
    for table, model in TABLES.items():
        path = folder / f"{table}.yaml"
        shown = display(path, root)
        # A link could read a file from anywhere (and a FIFO would block): regular files only.
        irregular = regular_problem(path)
        if irregular:
            out.problems.append(Problem(shown, 0, irregular))
            out.failed.add(table)
            continue
        if not path.is_file():
            out.problems.append(
                Problem(shown, 0, "missing table file (write [] for an empty table)")
            )
            out.failed.add(table)
            continue
        raw = read_regular(path)
        pairs, problems, failed = _load_file(raw, table, model, shown, _parse(raw))
        out.problems.extend(problems)
        if failed:
            out.failed.add(table)
        if pairs is not None:
            out.entries.setdefault(table, []).extend(
                Entry(record, item, shown) for record, item in pairs
            )
    return out


FileOutcome = tuple[list[tuple[Record, Located]] | None, list[Problem], bool]


def _parse(raw: bytes) -> list[Located] | YamlErrors:
    try:
        return load_records(raw)
    except YamlError as e:
        return YamlErrors([e])
    except YamlErrors as e:
        return e


def _load_file(
    raw: bytes, table: str, model: type[Record], shown: str, items: list[Located] | YamlErrors
) -> FileOutcome:
    """One table file on its own: (record, item) pairs (None: unreadable), problems, failed."""
    problems: list[Problem] = []
    failed = False
    if isinstance(items, YamlErrors):
        problems = [Problem(shown, e.line, e.message) for e in items.errors]
        if items.items is None:
            return None, problems, True
        items, failed = items.items, True
    first = re.split(rb"\r\n|\r|\n", raw, maxsplit=1)[0]  # the first line only, not the file
    if first != SCHEMA_COMMENT.format(table=table).encode(
        "utf-8"
    ):  # editors find the schema through it
        msg = f"the first line must be: {SCHEMA_COMMENT.format(table=table)}"
        problems.append(Problem(shown, 1, msg))
    pairs: list[tuple[Record, Located]] = []
    for item in items:
        try:
            record = model.model_validate(item)
        except ValidationError as e:
            failed = True
            for err in e.errors(include_url=False):
                line = line_of(item, err["loc"])
                problems.append(Problem(shown, line, _message(err, model)))
            continue
        pairs.append((record, item))
    return pairs, problems, failed
