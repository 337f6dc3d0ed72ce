"""An incremental cache of parsed and validated YAML files, so an edit re-reads only its file.

A table file's outcome (its records with their lines, and its own problems) depends only on its
bytes and on rusdata's code, so it is stored under a key made of both: the SHA-256 of the file
and a fingerprint of every module of the installed rusdata package (a code change, pydantic or
PyYAML upgrade invalidates everything). Cross-record checks always run on the full data.

The cache lives in `.rusdata-cache/` under the project root (git-ignored); `RUSDATA_CACHE`
names another folder, or turns it off when set to `off`. Only files of `MIN_BYTES` or more
(`RUSDATA_CACHE_MIN_BYTES`, default 256 kB) are cached: a smaller one parses faster than its
entry loads. A missing, corrupt or unreadable
entry is a miss, never an error, and writes are atomic: results never depend on the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = ".rusdata-cache"
MIN_BYTES = int(os.environ.get("RUSDATA_CACHE_MIN_BYTES", 256_000))


@cache
def fingerprint() -> str:
    """Changes whenever rusdata's code or the parser/validator versions change."""
    import pydantic
    import yaml

    h = hashlib.sha256(f"{pydantic.VERSION} {yaml.__version__} {pickle.HIGHEST_PROTOCOL}".encode())
    for path in code_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def code_files() -> list[Path]:
    """What validation depends on besides the YAML: the modules, and vendored data they read
    (the ISO 3166-1 list)."""
    here = Path(__file__).parent
    return sorted([*here.glob("*.py"), *here.glob("*.csv")])


def folder(root: Path) -> Path | None:
    setting = os.environ.get("RUSDATA_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    return Path(setting) if setting else root / FOLDER


def key(raw: bytes, *parts: str) -> str:
    h = hashlib.sha256(raw)
    for part in (fingerprint(), *parts):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def _name(slot: str, k: str) -> str:
    return f"{slot.replace('/', '_')}-{k}.pickle"


def get(where: Path | None, slot: str, k: str) -> Any | None:
    """The value stored for `slot` (e.g. a file's path) under key `k`, or None."""
    if where is None:
        return None
    try:
        with (where / _name(slot, k)).open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing, truncated, from another version: recompute
        return None


def put(where: Path | None, slot: str, k: str, value: Any) -> None:
    """Store `value`, replacing what the slot held under older keys."""
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=where)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        target = where / _name(slot, k)
        os.replace(tmp, target)
        tmp = None
        for old in where.glob(_name(slot, "*")):
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:  # a read-only checkout still validates, just without a cache
        if tmp:
            Path(tmp).unlink(missing_ok=True)
