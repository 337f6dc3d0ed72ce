"""Writing files all at once: the one temp-file-and-replace writer of rusdata.

Every writer stages its bytes in a temporary file beside the target (flushed to disk), then
renames it over the target, so a reader never sees a half-written file and a failure leaves the
old one in place. `rusdata build` stages many files and renames them in an order of its own
(see `rusdata.build.render.write`); the exports write one file at a time.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Every temp file rusdata makes ends so (and .gitignore ignores it): a killed build's are easy
# to spot. The name is for people; build removes only the exact paths it created itself.
TEMP_SUFFIX = ".rusdata-tmp"


def stage(path: Path, data: bytes, *, prefix: str | None = None, suffix: str = TEMP_SUFFIX) -> Path:
    """`data` in a new temporary file beside `path` (an ordinary 0644 file), on disk; the
    caller renames or removes it."""
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write(path: Path, data: bytes, *, prefix: str | None = None) -> None:
    """Replace `path` with `data` all at once (or leave it as it was, on any error)."""
    tmp = stage(path, data, prefix=prefix)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` for a library to write (SQLite, Parquet, xlsx); on
    success it becomes `path`, on error it is gone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; exports are ordinary files
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
