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


def use_root(root: Path) -> None:
    """Read the package at `root` (e.g. a checkout given as `--root`) instead of the installed
    one, from now on in this process."""
    _chosen[:] = [root.resolve()]
    installed.cache_clear()


def data_root() -> Path:
    """The folder holding the package to read: the one chosen by `use_root`, else the
    installed datapackage.json (in the wheel, or the checkout of an editable install)."""
    if _chosen:
        return _chosen[0]
    package = Path(__file__).resolve().parents[1]
    shipped = package / "_data"
    if (shipped / DESCRIPTOR).is_file():
        return shipped
    if (package.parent / DESCRIPTOR).is_file():  # an editable install or a checkout
        return package.parent
    raise RusdataError("rusdata's data files are missing; reinstall rusdata")


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
        """The package at `root` if it holds one, else the installed one."""
        if root is not None and (root / DESCRIPTOR).is_file():
            return cls.at(root)
        return installed()

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
        """Resource `name`'s CSV, read once: header, rows (blank lines skipped), trusted."""
        if name not in self._rows:
            raw = self.data(name)
            trusted = self.resource(name).get("hash") == "sha256:" + sha256(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise RusdataError(
                    f"{self.where}: {self.resource(name)['path']} is not UTF-8: {e}"
                ) from None
            reader = csv.reader(io.StringIO(text, newline=""))
            header = tuple(next(reader, ()))
            self._rows[name] = Rows(header, tuple(tuple(r) for r in reader if r), trusted)
        return self._rows[name]

    def dicts(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        """Resource `name`'s rows as dicts by column name, with the column names."""
        header, rows, _ = self.rows(name)
        return list(header), [dict(zip(header, r, strict=False)) for r in rows]


@cache
def installed() -> Package:
    """The package that came with rusdata (the wheel's, or the checkout's)."""
    return Package.at(data_root())
