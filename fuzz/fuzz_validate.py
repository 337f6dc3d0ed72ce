"""Fuzz the YAML reader, the validator and the build for as long as you like.

    python fuzz/fuzz_validate.py --minutes 30
    python fuzz/fuzz_validate.py --minutes 5 --classes hidden numbers symlinks

Each example is a real table file after one class of hostile change (tests/strategies.py:
random edits, hidden characters, escaped characters, deep nesting, extreme numbers, structure)
or a hostile tree (`symlinks`: table files and source texts that are links, loops or outside
the project). What must hold:

- validate returns problems, never raises;
- every problem names a file and a line inside it (0 for a missing file or folder) and prints
  no control, bidi or invisible character raw;
- whatever the YAML reader (built on parse events) accepts, PyYAML's composer reads to the same
  values and lines (tests/yaml_reference.py);
- when validate finds nothing, build renders every output without an error, and every number
  fits the exports (int64 integers; decimals exact as floats and in decimal128(38, 9)).

Crashes are printed with the input and saved under fuzz/crashes/. CI runs a few seconds of the
same properties (tests/test_properties.py).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import HOSTILE  # noqa: E402
from tally import Tally  # noqa: E402
from yaml_reference import composed, same  # noqa: E402

from rusdata.build.render import render  # noqa: E402
from rusdata.checks.rules import validate  # noqa: E402
from rusdata.checks.yamlio import YamlError, parse  # noqa: E402
from rusdata.schema.models import TABLES  # noqa: E402
from rusdata.schema.textrules import printable  # noqa: E402

TREE_CLASSES = ("symlinks",)
INT64 = 2**63 - 1


class Failure(AssertionError):
    """A property that did not hold."""


def conclusions(root: Path, sources: Path | None) -> list[str]:
    loaded = validate(root, sources)
    lines = {
        rel: (root / rel).read_bytes().count(b"\n") + 2
        for rel in _files()
        if (root / rel).is_file() and not (root / rel).is_symlink()
    }
    for p in loaded.problems:
        shown = str(p)
        if printable(shown) != shown:
            raise Failure(f"a problem prints raw control characters: {shown!r}")
        if not p.path or p.line < 0 or p.line > lines.get(p.path, 10**9):
            raise Failure(f"a problem points outside its file: {shown!r}")
    if not loaded.problems:
        outputs = render(loaded)
        _numbers_fit(loaded)
        if not outputs:
            raise Failure("nothing rendered")
    return [str(p) for p in loaded.problems]


def _files() -> list[str]:
    return [f"data/yaml/{t}.yaml" for t in TABLES]


def _numbers_fit(loaded: object) -> None:
    for entries in loaded.entries.values():  # type: ignore[attr-defined]
        for e in entries:
            for name, value in e.record:
                if isinstance(value, bool):
                    continue
                if isinstance(value, int) and not -INT64 - 1 <= value <= INT64:
                    raise Failure(f"{name}={value} accepted but no int64 output holds it")
                if isinstance(value, Decimal):
                    if Decimal(repr(float(value))) != value:
                        raise Failure(f"{name}={value} accepted but a float rounds it")
                    if value != value.quantize(Decimal("1e-9")) or abs(value) >= 10**29:
                        raise Failure(
                            f"{name}={value} accepted but decimal128(38, 9) cannot hold it"
                        )


def reader_agrees(text: str) -> None:
    """What the reader accepts, PyYAML's composer reads the same, lines included."""
    try:
        ours = parse(text)
    except YamlError:
        return  # refused: validate's problems are checked above
    if not same(ours, composed(text)):
        raise Failure("the YAML reader and PyYAML's composer read the file differently")


def symlink_tree(root: Path, outside: Path, rng: random.Random) -> list[Path]:
    """Replace a table file or a source text with a link: outside, a loop, dangling, a FIFO."""
    table = rng.choice(sorted(TABLES))
    target = root / "data" / "yaml" / f"{table}.yaml"
    made = []
    op = rng.choice(["outside", "loop", "dangling", "fifo", "dir", "source-loop", "source-out"])
    if op.startswith("source"):
        texts = sorted((root / "sources").iterdir())
        target = rng.choice(texts)
    backup = target.with_name(target.name + ".fuzz-backup")
    os.replace(target, backup)
    made.append(backup)
    if op in ("outside", "source-out"):
        shutil.copy(backup, outside / target.name)
        target.symlink_to(outside / target.name)
    elif op in ("loop", "source-loop"):
        target.symlink_to(target)
    elif op == "dangling":
        target.symlink_to(outside / "missing")
    elif op == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    return made


def restore(made: list[Path]) -> None:
    for backup in made:
        target = backup.with_name(backup.name.removesuffix(".fuzz-backup"))
        if target.is_dir() and not target.is_symlink():
            target.rmdir()
        elif os.path.lexists(target):
            target.unlink()
        os.replace(backup, target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--sources", type=Path, default=REPO.parent / "shared" / "sources")
    parser.add_argument(
        "--classes",
        nargs="+",
        default=[*HOSTILE, *TREE_CLASSES],
        choices=[*HOSTILE, *TREE_CLASSES],
    )
    args = parser.parse_args()
    files = {t: (REPO / "data" / "yaml" / f"{t}.yaml").read_text(encoding="utf-8") for t in TABLES}
    work = Path(tempfile.mkdtemp(prefix="rusdata-fuzz-"))
    root, outside = work / "proj", work / "outside"
    root.mkdir()
    outside.mkdir()
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy(REPO / name, root)
    shutil.copytree(REPO / "data" / "yaml", root / "data" / "yaml")
    # What build reads besides the YAML: the pages it fills, the committed quote anchors.
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "anchors", root / "anchors")
    sources = None
    if args.sources.is_dir():
        sources = root / "sources"
        shutil.copytree(args.sources, sources)
    crashes = REPO / "fuzz" / "crashes"
    tally = Tally(args.classes, "problems reported")

    def check(kind: str, table: str, text: str, seed: int) -> None:
        """Validate (problems inside their files, no raw control characters, a build when
        valid), and hold the YAML reader to PyYAML's composer."""
        tally.stats[kind]["examples"] += 1
        rng = random.Random(seed)
        made: list[Path] = []
        try:
            if kind == "symlinks":
                made = symlink_tree(root, outside, rng)
            honest = conclusions(root, sources)
            if kind != "symlinks":
                reader_agrees(text)
            tally.stats[kind]["refused"] += len(honest)
        except Exception:
            crashes.mkdir(exist_ok=True)
            raw = text.encode("utf-8", "surrogatepass")
            name = crashes / f"{kind}-{table}-{seed}-{hashlib.sha256(raw).hexdigest()[:12]}.yaml"
            name.write_bytes(raw)
            tally.crash(kind, str(name))
        finally:
            restore(made)

    @settings(
        max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(args.classes))
        table = data.draw(st.sampled_from(sorted(files)))
        strategy = HOSTILE.get(kind, HOSTILE["edits"])
        text = files[table] if kind == "symlinks" else data.draw(strategy(files[table]))
        seed = data.draw(st.integers(0, 2**32))
        path = root / "data" / "yaml" / f"{table}.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            check(kind, table, text, seed)
        finally:
            path.write_text(files[table], encoding="utf-8")

    stop = tally.start + args.minutes * 60
    while time.monotonic() < stop:
        run()
        tally.progress()
    shutil.rmtree(work)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
