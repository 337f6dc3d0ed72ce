"""The release archive: one zip holding the package as a citable release.

Zenodo stores an upload as a flat list of files, which would break the descriptor's `data/`
paths; one archive keeps them. It holds the descriptor and every file its resources name, the
docs, the citation files, the licences, the CHANGELOG and the history of every record, all
under one folder `rusdata-VERSION/`, so `frictionless validate rusdata-VERSION/datapackage.json`
works after unzipping. Byte-identical across builds: members in name order, each stamped with
the release date from CHANGELOG.md, fixed permissions, one compression level.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.package.reader import DESCRIPTOR
from rusdata.release.changelog import read_release

# Besides the descriptor and its resources: what a citing reader needs (paths from the root).
EXTRA = (
    "README.md",
    "CHANGELOG.md",
    "CITATION.cff",
    ".zenodo.json",
    "LICENSE",
    "LICENSES",
    "docs",
    "releases",
    "anchors/reproduced.csv",
)


def members(root: Path) -> list[str]:
    """Every file the archive holds, relative to the root, in order."""
    descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    found = {DESCRIPTOR, *(r["path"] for r in descriptor["resources"])}
    for extra in EXTRA:
        path = root / extra
        if path.is_dir():
            found |= {p.relative_to(root).as_posix() for p in path.rglob("*") if p.is_file()}
        elif path.is_file():
            found.add(extra)
    missing = sorted(m for m in found if not (root / m).is_file())
    if missing:
        raise RusdataError(f"the release archive needs {', '.join(missing)}; run `rusdata build`")
    return sorted(found)


def name(root: Path) -> str:
    return f"rusdata-{read_release(root).version}"


def render(root: Path) -> bytes:
    """The archive's bytes."""
    release = read_release(root)
    y, m, d = (int(x) for x in release.date.split("-"))
    top = name(root)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for rel in members(root):
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=(y, m, d, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever builds it
            z.writestr(info, (root / rel).read_bytes(), compresslevel=9)
    return buf.getvalue()
