"""The built package, read one way: `datapackage.json` and the CSVs its resources name.

Every reader of a built package goes through `Package`: the accessors, the exports, `show`,
`info`, and `diff` (which reads a package at a git ref through the same class, with another
opener). Standard library only, so `rusdata show` and a cold `rusdata.visits()` stay light.

A resource's CSV is found by the descriptor's `path`, which must be a relative POSIX path inside
the package (no `..`, no absolute path, no backslash), and read with the csv module only (a
U+2028 inside a quoted cell is data, not a line break). A file whose SHA-256 matches the
descriptor's `hash` is *trusted*: it is what `rusdata build` wrote and validated.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rusdata.errors import RusdataError, unknown
from rusdata.safefiles import check_resource_paths, read_regular

DESCRIPTOR = "datapackage.json"

Opener = Callable[[str], bytes | None]  # a path inside the package -> its bytes, None if absent


class Rows(NamedTuple):
    """One resource's CSV: its header, its rows as strings, and whether its hash matched."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    trusted: bool


_chosen: list[Path] = []  # set by use_root(): a package other than the installed one

PYPROJECT = "pyproject.toml"
SHIPPED = "_data"  # the wheel's copy of the package, under rusdata/


def use_root(root: Path) -> None:
    """Read the package at `root` (e.g. a checkout given as `--root`) instead of the installed
    one, from now on in this process."""
    _chosen[:] = [root.resolve()]
    installed.cache_clear()


def is_checkout(folder: Path) -> bool:
    """Whether `folder` is a checkout of rusdata: its pyproject.toml names the project
    `rusdata`. Read only as far as needed; anything unreadable is not a checkout."""
    import tomllib

    try:
        text = read_regular(folder / PYPROJECT).decode("utf-8")
        project = tomllib.loads(text).get("project")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(project, dict) and project.get("name") == "rusdata"


def _installed_from_wheel(package: Path) -> bool:
    """Whether the running code came from an installed wheel: a `rusdata-*.dist-info` beside
    it whose RECORD lists the shipped descriptor. A folder a pull request adds under rusdata/
    in a checkout has no such record."""
    wanted = f"rusdata/{SHIPPED}/{DESCRIPTOR},"
    for info in package.parent.glob("rusdata-*.dist-info"):
        try:
            record = read_regular(info / "RECORD").decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if any(line.startswith(wanted) for line in record.splitlines()):
            return True
    return False


def data_root() -> Path:
    """The folder holding the package to read, one per situation:

    - the one chosen by `use_root` (`--root`, or the checkout the current folder is in);
    - running from a checkout (an editable install, tests): the checkout's datapackage.json,
      never a copy under rusdata/ (a data folder in the code tree of a checkout is an error);
    - running from an installed wheel: the wheel's copy, rusdata/_data/.
    """
    if _chosen:
        return _chosen[0]
    package = Path(__file__).resolve().parents[1]
    shipped = package / SHIPPED
    if (package.parent / PYPROJECT).is_file():  # the code of a checkout
        if os.path.lexists(shipped):
            raise RusdataError(
                f"{shipped}: a data folder inside the code tree of a checkout; remove it (the "
                f"checkout's data is its own {DESCRIPTOR}, which `rusdata build` writes)"
            )
        if (package.parent / DESCRIPTOR).is_file():
            return package.parent
        raise RusdataError(f"{package.parent} has no {DESCRIPTOR}; run `rusdata build` there")
    if (shipped / DESCRIPTOR).is_file() and _installed_from_wheel(package):
        return shipped
    raise RusdataError("rusdata's data files are missing; reinstall rusdata")


def command_root(root: Path | None, cwd: Path | None = None) -> Path | None:
    """The package `show`, `info` and `export` read: the folder `--root` names (which must hold
    a built package), else the checkout of rusdata the current folder is inside, else None
    (the installed package). A datapackage.json of anything else in the current folder is
    never read by accident."""
    if root is not None:
        if not (root / DESCRIPTOR).is_file():
            raise RusdataError(f"--root {root}: no {DESCRIPTOR} there (no built package)")
        return root
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PYPROJECT).is_file():
            # The nearest project decides: inside another project, the installed package.
            if is_checkout(folder) and (folder / DESCRIPTOR).is_file():
                return folder
            return None
    return None


def sha256(data: bytes) -> str:
    """Hex SHA-256 of `data`. The builtin `_sha256` module skips loading OpenSSL (about a
    tenth of a cold `rusdata.visits()`); hashlib where the builtin is absent."""
    try:
        from _sha256 import sha256 as digest  # type: ignore[import-not-found]
    except ImportError:  # other Pythons name it _sha2, or build without it
        from hashlib import sha256 as digest
    return str(digest(data).hexdigest())


class Package:
    """A built package: its descriptor and a way to read the files it names."""

    def __init__(
        self, descriptor: dict[str, Any], read: Opener, where: str, root: Path | None = None
    ) -> None:
        problem = descriptor_problem(descriptor)
        if problem:  # every key a reader takes, typed, before any is read
            raise RusdataError(f"{where}: {DESCRIPTOR}: {problem}")
        try:  # no resource may name a file outside the package: checked before any is read
            check_resource_paths(descriptor, f"{where}: {DESCRIPTOR}")
        except ValueError as e:
            raise RusdataError(str(e)) from None
        self.descriptor = descriptor
        self.where = where  # for messages: "the working tree", "git ref 'v0.2.0'", a folder
        self.root = root  # the folder, when the package is one on disk
        self._read = read
        self._rows: dict[str, Rows] = {}
        # What readers derive from its files (grouped child rows, records by id): kept with the
        # package, so it goes when the package does.
        self.memo: dict[tuple[str, str], Any] = {}

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, read: Opener, where: str, root: Path | None = None) -> Package:
        raw = read(DESCRIPTOR)
        if raw is None:
            raise RusdataError(f"{where} has no {DESCRIPTOR} (no built package)")
        try:
            descriptor = json.loads(raw.decode("utf-8"))
        except ValueError as e:
            raise RusdataError(f"{where}: {DESCRIPTOR} is not valid JSON: {e}") from None
        except RecursionError:  # json's C parser gives up on deep nesting
            raise RusdataError(
                f"{where}: {DESCRIPTOR} is nested deeper than any package descriptor "
                f"(at most {MAX_DEPTH} levels)"
            ) from None
        return cls(descriptor, read, where, root)

    @classmethod
    def at(cls, root: Path) -> Package:
        """The package in folder `root`."""

        def read(path: str) -> bytes | None:
            p = root / path  # a regular file, never a link, FIFO or device (OSError otherwise)
            return read_regular(p) if p.is_file() or p.is_symlink() else None

        return cls.open(read, str(root), root)

    @classmethod
    def find(cls, root: Path | None) -> Package:
        """The package `show`, `info` and `export` read (see `command_root`): the one at
        `root`, else that of the checkout the current folder is in, else the installed one."""
        chosen = command_root(root)
        return cls.at(chosen) if chosen is not None else installed()

    # ------------------------------------------------------------ the descriptor

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def resources(self) -> list[dict[str, Any]]:
        return list(self.descriptor["resources"])

    @property
    def names(self) -> list[str]:
        return [r["name"] for r in self.resources]

    def resource(self, name: str) -> dict[str, Any]:
        for r in self.resources:
            if r["name"] == name:
                return r
        raise unknown("table", name, self.names)

    # ------------------------------------------------------------ the CSVs

    def data(self, name: str) -> bytes:
        """The bytes of resource `name`'s file."""
        path = str(self.resource(name)["path"])  # checked inside the package by __init__
        raw = self._read(path)
        if raw is None:
            raise RusdataError(f"{self.where}: {DESCRIPTOR} lists {path}, which is missing")
        return raw

    def rows(self, name: str) -> Rows:
        """Resource `name`'s CSV, read once: header, rows (blank lines skipped), trusted.

        Every row has as many cells as the header, the header names each column once, and,
        when the resource has a schema, the columns are its fields in order: anything else is
        one error naming the file, the line and the field."""
        if name not in self._rows:
            raw = self.data(name)
            resource = self.resource(name)
            where = f"{self.where}: {resource['path']}"
            trusted = resource.get("hash") == "sha256:" + sha256(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise RusdataError(f"{where} is not UTF-8: {e}") from None
            reader = csv.reader(io.StringIO(text, newline=""))
            try:
                header = tuple(next(reader, ()))
                if not header:
                    raise RusdataError(f"{where}: is empty; it needs at least its header row")
                _check_header(header, resource, where)
                rows = tuple(tuple(r) for r in reader if r)
            except csv.Error as e:
                raise RusdataError(f"{where}: line {reader.line_num}: {e}") from None
            if any(len(r) != len(header) for r in rows):
                _row_width_error(text, header, where)
            if len(text) > CSV_FIELD_LIMIT:  # only then can one cell be longer
                _cell_length_error(text, header, where)
            self._rows[name] = Rows(header, rows, trusted)
        return self._rows[name]

    def dicts(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        """Resource `name`'s rows as dicts by column name, with the column names."""
        header, rows, _ = self.rows(name)
        return list(header), [dict(zip(header, r, strict=False)) for r in rows]


MAX_DEPTH = 32  # a built descriptor is 8 deep (a field's constraints' enum values)


def _depth_problem(descriptor: object) -> str | None:
    """Whether `descriptor` nests deeper than MAX_DEPTH (checked without recursion)."""
    stack: list[tuple[object, int]] = [(descriptor, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return f"nested deeper than any package descriptor (at most {MAX_DEPTH} levels)"
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return None


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _field_problem(field: object, at: str) -> str | None:
    if not isinstance(field, dict):
        return f"{at} is not an object"
    for key in ("name", "type"):
        if not isinstance(field.get(key), str) or not field[key]:
            return f"{at} has no {key} (a non-empty string)"
    if "format" in field and not isinstance(field["format"], str):
        return f"{at} ({field['name']}): format is not a string"
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return f"{at} ({field['name']}): constraints is not an object"
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        return f"{at} ({field['name']}): constraints.enum is not a list"
    return None


def _schema_problem(schema: object, at: str) -> str | None:
    if schema is None:
        return f"{at} has no schema (its fields, which every reader takes)"
    if not isinstance(schema, dict):
        return f"{at}: schema is not an object"
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return f"{at}: schema has no list of fields"
    for i, field in enumerate(fields):
        if problem := _field_problem(field, f"{at}: schema.fields[{i}]"):
            return problem
    names = [f["name"] for f in fields]
    if dup := next((n for n in names if names.count(n) > 1), None):
        return f"{at}: schema names field {dup!r} twice"
    pk = schema.get("primaryKey", [])
    if not (isinstance(pk, str) or _strings(pk)):
        return f"{at}: schema.primaryKey is not a field name or a list of them"
    if stray := next((k for k in ([pk] if isinstance(pk, str) else pk) if k not in names), None):
        return f"{at}: schema.primaryKey names {stray!r}, which is not a field"
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list) or not all(
        isinstance(fk, dict) and (isinstance(fk.get("fields"), str) or _strings(fk.get("fields")))
        for fk in fks
    ):
        return f"{at}: schema.foreignKeys is not a list of {{fields: ...}}"
    for fk in fks:
        keys = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        if stray := next((k for k in keys if k not in names), None):
            return f"{at}: schema.foreignKeys names {stray!r}, which is not a field"
    if not _strings(schema.get("missingValues", [])):
        return f"{at}: schema.missingValues is not a list of strings"
    return None


def descriptor_problem(descriptor: object) -> str | None:
    """What makes `descriptor` unreadable to rusdata's readers (show, info, export, diff, the
    accessors), as `resources[3] has no name`, or None. Only what they take is checked."""
    if not isinstance(descriptor, dict):
        return "is not a JSON object"
    if problem := _depth_problem(descriptor):
        return problem
    for key in ("version", "title"):
        if not isinstance(descriptor.get(key, ""), str):
            return f"{key} is not a string"
    licenses = descriptor.get("licenses", [])
    if not isinstance(licenses, list) or not all(
        isinstance(lic, dict) and isinstance(lic.get("name"), str) for lic in licenses
    ):
        return "licenses is not a list of {name: ...}"
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return "has no list of resources"
    names: set[str] = set()
    for i, res in enumerate(resources):
        at = f"resources[{i}]"
        if not isinstance(res, dict):
            return f"{at} is not an object"
        name = res.get("name")
        if not isinstance(name, str) or not name:
            return f"{at} has no name (a non-empty string)"
        if name in names:
            return f"{at}: a second resource named {name!r}"
        names.add(name)
        for key in ("hash", "title"):
            if not isinstance(res.get(key, ""), str):
                return f"{at} ({name}): {key} is not a string"
        if problem := _schema_problem(res.get("schema"), f"{at} ({name})"):
            return problem
    return None


def _check_header(header: tuple[str, ...], resource: dict[str, Any], where: str) -> None:
    """A header names each column once, and exactly its schema's fields in order."""
    if dup := next((c for c in header if header.count(c) > 1), None):
        raise RusdataError(f"{where}: line 1: column {dup!r} appears twice in the header")
    fields = tuple(f["name"] for f in resource["schema"]["fields"])  # checked to exist
    if header != fields:
        missing = [f for f in fields if f not in header]
        what = (
            f"field {missing[0]!r} has no column"
            if missing
            else f"columns {list(header)} are not the fields {list(fields)}"
        )
        raise RusdataError(f"{where}: line 1: {what} (datapackage.json's schema)")


# Python's csv module reads a field up to 131,072 characters unless a program raises the
# limit (some libraries do, for the whole process): the reader holds every file to the default,
# so what it reads is what any csv-module reader can read.
CSV_FIELD_LIMIT = 131_072


def _cell_length_error(text: str, header: tuple[str, ...], where: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        for i, cell in enumerate(row):
            if len(cell) > CSV_FIELD_LIMIT:
                field = header[i] if i < len(header) else f"cell {i + 1}"
                raise RusdataError(
                    f"{where}: line {reader.line_num}: field larger than field limit: {field} "
                    f"has {len(cell):,} characters, Python's csv reads {CSV_FIELD_LIMIT:,}"
                )


def _row_width_error(text: str, header: tuple[str, ...], where: str) -> None:
    """Raise for the first row whose cells do not line up with the header, naming its line
    and the first field it lacks or the cells it has beyond the last field."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    for number, row in enumerate((r for r in reader if r), start=1):
        if len(row) < len(header):
            raise RusdataError(
                f"{where}: line {reader.line_num} (row {number}): {len(row)} cells for "
                f"{len(header)} columns; no cell for field {header[len(row)]!r}"
            )
        if len(row) > len(header):
            raise RusdataError(
                f"{where}: line {reader.line_num} (row {number}): {len(row)} cells for "
                f"{len(header)} columns; {len(row) - len(header)} after the last field "
                f"{header[-1]!r}"
            )


@cache
def installed() -> Package:
    """The package that came with rusdata (the wheel's, or the checkout's)."""
    return Package.at(data_root())
