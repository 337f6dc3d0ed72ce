"""An incremental cache of parsed YAML files, so an edit re-parses only its file.

Parsing is most of `validate`'s time; a table file's parse depends only on its bytes and on
rusdata's code. The cache stores that parse as plain JSON under a key made of both (the file's
SHA-256 and a fingerprint of rusdata's modules and the parser/validator versions). Validation,
messages and cross-record checks always run again on what it returns.

Nothing in a checkout can change what the cache returns:

- entries live in a per-user folder outside the project: `RUSDATA_CACHE`, else
  `$XDG_CACHE_HOME/rusdata`, else `~/.cache/rusdata` (`RUSDATA_CACHE=off` turns it off);
- each entry carries an HMAC-SHA256 under a random key made once per user and kept in
  `$XDG_CACHE_HOME/rusdata/key` (or `~/.cache/rusdata/key`), never beside the entries when
  `RUSDATA_CACHE` moves them, never in a repository; an entry without a valid MAC is a miss;
- the key file must be a regular file owned by the user with mode 0600, and both folders must
  be owned by the user and writable by nobody else; otherwise there is no cache at all;
- entries are JSON, decoded into plain values and checked node by node (`rusdata.checks.yamlio`);
  any doubt (a bad MAC, a shape, a read error) is a miss. Nothing is unpickled or executed.

Only files of `min_bytes()` or more are cached (`RUSDATA_CACHE_MIN_BYTES`, default 256000): a
smaller one parses faster than its entry loads. Writes are atomic; temporary files a killed run
left behind are removed after an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from rusdata.build import atomic
from rusdata.errors import RusdataError

T = TypeVar("T")
FORMAT = b"rusdata-cache 2"  # bump when the entry layout changes
DEFAULT_MIN_BYTES = 256_000
KEY_FILE = "key"
TEMP_PREFIX = ".tmp-"
STALE_SECONDS = 3600


def min_bytes() -> int:
    """The size from which a file is cached; a bad `RUSDATA_CACHE_MIN_BYTES` is an error."""
    setting = os.environ.get("RUSDATA_CACHE_MIN_BYTES", "").strip()
    if not setting:
        return DEFAULT_MIN_BYTES
    if not setting.isdigit() or not setting.isascii():
        raise RusdataError(
            f"RUSDATA_CACHE_MIN_BYTES must be a whole number of bytes such as 256000, "
            f"not {setting!r}"
        )
    return int(setting)


@cache
def fingerprint() -> str:
    """Changes whenever rusdata's code or the parser/validator versions change."""
    import pydantic
    import yaml

    # libyaml's parser or PyYAML's own: both are meant to agree, but a cached parse is only
    # ever reused by the same one.
    parser = f"{yaml.__version__} libyaml={getattr(yaml, '__with_libyaml__', False)}"
    h = hashlib.sha256(f"{pydantic.VERSION} {parser}".encode() + FORMAT)
    package = Path(__file__).resolve().parents[1]
    for path in code_files():
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def code_files() -> list[Path]:
    """What validation depends on besides the YAML: every module of every subpackage, and the
    vendored data they read (the ISO 3166-1 list). A change to any of them is a miss."""
    package = Path(__file__).resolve().parents[1]
    return sorted([*package.rglob("*.py"), *package.rglob("*.csv")])


def _user_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):  # XDG: a relative value is invalid and ignored
        return Path(base) / "rusdata"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "rusdata" if os.path.isabs(home) else None


def private(path: Path, create: bool) -> bool:
    """Whether `path` is a real folder owned by this user that no one else can write
    (created 0700 if missing and `create`)."""
    try:
        if create and not os.path.lexists(path):
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022


def folder() -> Path | None:
    """Where the entries go, or None (off, or a folder that others could write)."""
    setting = os.environ.get("RUSDATA_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    where = Path(setting).absolute() if setting else _user_dir()
    if where is None or not private(where, create=True):
        return None
    return where


def secret() -> bytes | None:
    """The user's MAC key: made once, 32 random bytes, in a 0600 file of a private folder."""
    where = _user_dir()
    if where is None or not private(where, create=True):
        return None
    path = where / KEY_FILE
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            _make_key(path)
            continue
        except OSError:  # a symlink, unreadable: no cache
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
                return None
            data = os.read(fd, 65)
        finally:
            os.close(fd)
        text = data.decode("ascii", errors="replace").strip()
        if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
            return bytes.fromhex(text)
        return None
    return None


def _make_key(path: Path) -> None:
    """Write a new key to a temporary file and link it into place: if two runs race, the
    first link wins and both read that key."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32) + "\n")
        os.link(tmp, path)
    except OSError:
        pass
    finally:
        os.unlink(tmp)


def key(raw: bytes, *parts: str) -> str:
    h = hashlib.sha256(raw)
    for part in (fingerprint(), *parts):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def slot(root: Path, shown: str) -> str:
    """One slot per file of a project: checkouts sharing the user's cache never collide."""
    return hashlib.sha256(f"{root.resolve()}\0{shown}".encode()).hexdigest()[:24]


def _name(slot_: str, k: str) -> str:
    return f"{slot_}-{k}.json"


def _mac(secret_: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(secret_, FORMAT + b"\0" + name.encode() + b"\0" + payload, "sha256").digest()


def get(slot_: str, k: str, decode: Callable[[bytes], T]) -> T | None:
    """The value stored for `slot_` under key `k`, decoded and checked by `decode`, or None."""
    where, secret_ = folder(), secret()
    if where is None or secret_ is None:
        return None
    name = _name(slot_, k)
    try:
        fd = os.open(where / name, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = f.read()
        head, _, payload = data.partition(b"\n")
        if not hmac.compare_digest(
            bytes.fromhex(head.decode("ascii")), _mac(secret_, name, payload)
        ):
            return None
        return decode(payload)
    except Exception:  # missing, truncated, forged, malformed: a miss, recompute
        return None


def put(slot_: str, k: str, payload: bytes) -> None:
    """Store `payload`, replacing what the slot held under older keys."""
    where, secret_ = folder(), secret()
    if where is None or secret_ is None:
        return
    name = _name(slot_, k)
    entry = _mac(secret_, name, payload).hex().encode() + b"\n" + payload
    try:
        atomic.write(where / name, entry, mode=0o600, prefix=TEMP_PREFIX)
        for old in where.glob(_name(slot_, "*")):
            if old.name != name:
                old.unlink(missing_ok=True)
        clean(where)
    except OSError:  # a full or read-only disk: validate still works, without a cache
        pass


def clean(where: Path, now: float | None = None) -> None:
    """Remove temporary files that a killed run left behind (older than an hour)."""
    limit = (time.time() if now is None else now) - STALE_SECONDS
    for leftover in where.glob(TEMP_PREFIX + "*"):
        try:
            if leftover.lstat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            pass
