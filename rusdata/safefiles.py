"""Files rusdata reads or writes must be what they claim: inside the project, regular, no links.

Standard library only: the terminal commands, the accessors and `hatch_build.py` (which loads
this file by path, before rusdata is installed) use it.

- `resource_path_problem`: a descriptor's resource path must be a plain relative POSIX path
  inside the package (`data/visits.csv`), never absolute, `..`, a drive or a backslash, so no
  descriptor can make show, info, diff, the accessors or the wheel read a file elsewhere.
- `read_regular`: read a file that must be a regular file, refusing a symlink, a FIFO (which
  would block), a device or a folder with one clear message.
- `linked_parent`: the first folder between the project root and a path that is a symlink, so
  a build never writes or deletes through one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath


def resource_path_problem(path: object) -> str | None:
    """Why `path` may not be a resource path of the package, or None."""
    if not isinstance(path, str) or not path:
        return f"resource path {path!r} is not a relative file path"
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
        or path.startswith("~")
    ):
        return f"resource path {path!r} leaves the package; only paths like data/visits.csv"
    return None


def check_resource_paths(descriptor: object, where: str) -> None:
    """Raise ValueError naming the first resource path that leaves the package."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise ValueError(f"{where}: no list of resources")
    for res in resources:
        problem = resource_path_problem(res.get("path") if isinstance(res, dict) else None)
        if problem:
            raise ValueError(f"{where}: {problem}")


def read_regular(path: Path) -> bytes:
    """The bytes of `path`, which must be a regular file and not a symlink; OSError (with a
    message naming the file) otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if os.path.islink(path):
            raise OSError(f"{path}: is a symbolic link; it must be a regular file") from None
        raise OSError(f"{path}: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(f"{path}: is not a regular file (a FIFO, device or folder)")
        return f.read()


def regular_problem(path: Path) -> str | None:
    """Why `path` is not a regular, unlinked file (None if it is, or does not exist)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link; it must be a regular file inside the project"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file (a FIFO, device or folder)"
    return None


def linked_parent(root: Path, rel: str) -> str | None:
    """The first folder of `rel` (relative to `root`) that is a symlink, as a relative path."""
    parts = PurePosixPath(rel).parts[:-1]
    for i in range(len(parts)):
        folder = "/".join(parts[: i + 1])
        if os.path.islink(root / folder):
            return folder
    return None
