"""Fuzz the readers of the built package for as long as you like.

    python fuzz/fuzz_readers.py --minutes 30
    python fuzz/fuzz_readers.py --minutes 5 --classes csv descriptor

Each example is the real built package (datapackage.json and data/*.csv) after one class of
hostile change, read by every reader: `Package.at` and the accessors (`records` of every
table), `info`, `show`, the xlsx and SQLite exports (`--root` at the package), and `diff REF`
with the broken package committed at a git ref and the sound one in the working tree.

- `csv`: a table's CSV with rows cut short or made long, lines dropped, duplicated or
  shuffled, an emptied file, a cell over the csv module's limit, stray quotes, NUL, bytes that
  are not UTF-8, a byte-order mark, CR line ends, a renamed or repeated header; its hash
  updated to match (so it is trusted) or not;
- `descriptor`: datapackage.json with keys dropped (names, types, paths, schemas, fields),
  values of the wrong JSON type, resources repeated, nesting up to 200,000 deep, paths that
  leave the package, bytes flipped, truncated JSON.

What must hold: every reader returns or raises RusdataError (the CLI: exit 1 with one
`rusdata: error:` line), never another exception; no message prints a control, bidi or
invisible character raw; an export that fails leaves no file. Crashes are printed with the
input and saved under fuzz/crashes/.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

from tally import Tally  # noqa: E402

from rusdata.cli import main as cli  # noqa: E402
from rusdata.errors import RusdataError  # noqa: E402
from rusdata.package.reader import Package, sha256  # noqa: E402
from rusdata.package.records import records  # noqa: E402
from rusdata.release.diff import compare  # noqa: E402
from rusdata.release.snapshot import from_ref, from_tree  # noqa: E402
from rusdata.schema.textrules import printable  # noqa: E402

CLASSES = ("csv", "descriptor")


class Failure(AssertionError):
    """A property that did not hold."""


# ---------------------------------------------------------------- hostile CSVs


def _junk(rng: random.Random) -> str:
    return rng.choice(
        ['"', '""', ",", "\x00", "\r", "\n", "\u2028", "\ufeff", "\x1b[2J", "\u202e", "x" * 10]
    )


def mutate_csv(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    lines = text.split("\n")
    op = rng.choice(
        [
            "short", "long", "drop", "dup", "shuffle", "empty", "huge", "quote", "nul",
            "bytes", "bom", "cr", "header", "repeat-header", "only-header", "blank", "junk",
        ]
    )  # fmt: skip
    body = max(1, len(lines) - 2)
    i = rng.randint(1, body) if len(lines) > 1 else 0
    if op == "short":
        cells = lines[i].split(",")
        lines[i] = ",".join(cells[: rng.randint(0, max(0, len(cells) - 1))])
    elif op == "long":
        lines[i] += "," * rng.randint(1, 5) + rng.choice(["", "x", '"y"'])
    elif op == "drop":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "shuffle":
        rest = lines[1:]
        rng.shuffle(rest)
        lines = lines[:1] + rest
    elif op == "empty":
        return b"" if rng.random() < 0.7 else b"\n" * rng.randint(1, 3)
    elif op == "huge":
        cells = lines[i].split(",")
        cells[rng.randrange(len(cells))] = '"' + "x" * rng.choice([32_768, 131_073, 200_000]) + '"'
        lines[i] = ",".join(cells)
    elif op == "quote":
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + '"' + lines[i][at:]
    elif op == "nul":
        lines[i] += "\x00"
    elif op == "bytes":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif op == "bom":
        return b"\xef\xbb\xbf" + data
    elif op == "cr":
        return text.replace("\n", "\r").encode("utf-8")
    elif op == "header":
        cells = lines[0].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(["", "id", "x", "\u202e", "\x00"])
        lines[0] = ",".join(cells)
    elif op == "repeat-header":
        lines.insert(i, lines[0])
    elif op == "only-header":
        lines = lines[:1]
    elif op == "blank":
        lines.insert(i, "")
    else:
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + _junk(rng) + lines[i][at:]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- hostile descriptors

JUNK_VALUES: list[Any] = [None, 0, -1, 1.5, True, "", "x", [], {}, [1], {"a": 1}, "../x", 10**400]


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*at, i))
    return out


def _get(value: Any, at: tuple[Any, ...]) -> Any:
    for k in at:
        value = value[k]
    return value


def mutate_descriptor(data: bytes, rng: random.Random) -> bytes:
    d = json.loads(data)
    op = rng.choice(["drop", "retype", "dup", "deep", "deep-json", "path", "bytes", "truncate"])
    paths = [p for p in _paths(d) if p]
    # Bias towards what readers take: names, types, paths, schemas, fields, keys.
    wanted = [p for p in paths if p[-1] in ("name", "type", "path", "schema", "fields",
              "primaryKey", "foreignKeys", "constraints", "enum", "hash", "resources",
              "version", "missingValues")]  # fmt: skip
    target = rng.choice(wanted if wanted and rng.random() < 0.8 else paths)
    parent, key = _get(d, target[:-1]), target[-1]
    if op == "drop":
        del parent[key]
    elif op == "retype":
        parent[key] = rng.choice(JUNK_VALUES)
    elif op == "dup" and isinstance(d.get("resources"), list) and d["resources"]:
        d["resources"].append(rng.choice(d["resources"]))
    elif op == "deep":  # written as text: json.dumps itself recurses
        n = rng.choice([10, 33, 100, 1000, 5000, 50_000])
        parent[key] = "@@DEEP@@"
        deep = "[" * n + "1" + "]" * n if rng.random() < 0.5 else '{"a":' * n + "1" + "}" * n
        return json.dumps(d).replace('"@@DEEP@@"', deep, 1).encode("utf-8")
    elif op == "deep-json":
        n = rng.choice([1000, 100_000, 200_000])
        return b"[" * n + b"]" * n if rng.random() < 0.5 else b'{"a":' * n + b"1" + b"}" * n
    elif op == "path" and isinstance(d.get("resources"), list) and d["resources"]:
        res = rng.choice(d["resources"])
        if isinstance(res, dict):
            res["path"] = rng.choice(["../x.csv", "/etc/passwd", "data\\x.csv", "", "data/"])
    elif op == "bytes":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif op == "truncate":
        return data[: rng.randrange(len(data))]
    return json.dumps(d).encode("utf-8")


# ---------------------------------------------------------------- the readers


def _one_line_or_fine(args: list[str]) -> None:
    """Run the CLI in-process: exit 0, or exit 1 with `rusdata: error:` lines only."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(args)
    text = err.getvalue()
    if code not in (0, 1):
        raise Failure(f"{args}: exit {code}")
    if printable(text.replace("\n", "")) != text.replace("\n", ""):
        raise Failure(f"{args}: prints raw control characters: {text!r}")
    if code == 1:
        lines = [line for line in text.splitlines() if line]
        if not lines or not all(line.startswith("rusdata: error: ") for line in lines):
            raise Failure(f"{args}: exit 1 without one error line: {text!r}")
        if len(lines) != 1:
            raise Failure(f"{args}: {len(lines)} error lines: {text!r}")


def _accessors(root: Path) -> bool:
    """Read every table with the accessors; whether any refused the package."""
    refused = False
    try:
        package = Package.at(root)
        for name in package.names:
            try:
                records(name, package)
            except RusdataError as e:
                _message(e)
                refused = True
    except RusdataError as e:
        _message(e)
        refused = True
    return refused


def _message(e: RusdataError) -> None:
    shown = str(e)
    if "\n" in shown:
        raise Failure(f"a RusdataError of more than one line: {shown!r}")


def _diff(root: Path, good: dict[str, bytes]) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=f", "-c", "user.email=f@f", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )

    git("add", "-A")
    git("commit", "-q", "--allow-empty", "-m", "broken")
    for rel, data in good.items():
        (root / rel).write_bytes(data)
    try:
        compare(from_ref(root, "HEAD"), from_tree(root))
    except RusdataError as e:
        _message(e)
    _one_line_or_fine(["--root", str(root), "diff", "HEAD"])


def read_everything(root: Path, out: Path, good: dict[str, bytes], rng: random.Random) -> bool:
    """Every reader on the package at `root`; whether the accessors refused it."""
    refused = _accessors(root)
    _one_line_or_fine(["--root", str(root), "info", "--width", "80"])
    if rng.random() < 0.15:  # the exports are the slow readers, checked for one line too
        fmt = rng.choice(["xlsx", "sqlite"])
        _one_line_or_fine(["--root", str(root), "export", fmt, str(out / f"one.{fmt}")])
        for path in out.iterdir():
            path.unlink()
    _one_line_or_fine(["--root", str(root), "show", rng.choice(NAMES), "--width", "80"])
    if rng.random() < 0.15:  # the exports are the slow readers
        fmt = rng.choice(["xlsx", "sqlite"])
        target = out / f"out.{fmt}"
        before = set(out.iterdir())
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = cli(["--root", str(root), "export", fmt, str(target)])
        wrote = {target, target.with_suffix(".metadata.json")} if code == 0 else set()
        leftovers = set(out.iterdir()) - before - wrote
        if leftovers:
            raise Failure(f"export {fmt} left {sorted(map(str, leftovers))}")
        for path in wrote:
            path.unlink(missing_ok=True)
    if rng.random() < 0.3:
        _diff(root, good)
    return refused


NAMES: list[str] = []


def package(work: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The built package copied under `work` (a git repository, for `diff REF`), a folder for
    the exports, and every file's sound bytes; sets NAMES to its tables."""
    root, out = work / "pkg", work / "out"
    root.mkdir()
    out.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("yaml"))
    good = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    NAMES[:] = [r["name"] for r in json.loads(good["datapackage.json"])["resources"]]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root, out, good


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--classes", nargs="+", default=list(CLASSES), choices=CLASSES)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rusdata-fuzz-readers-"))
    root, out, good = package(work)
    crashes = REPO / "fuzz" / "crashes"
    tally = Tally(args.classes, "refused by the accessors")
    master = random.Random(args.seed)
    stop = tally.start + args.minutes * 60
    last = tally.start
    while time.monotonic() < stop:
        kind = master.choice(args.classes)
        seed = master.randrange(2**32)
        rng = random.Random(seed)
        tally.stats[kind]["examples"] += 1
        changed: dict[str, bytes] = {}
        try:
            if kind == "csv":
                name = rng.choice(NAMES)
                rel = f"data/{name}.csv"
                changed[rel] = mutate_csv(good[rel], rng)
                if rng.random() < 0.5:  # trusted: the descriptor's hash matches the change
                    d = json.loads(good["datapackage.json"])
                    for r in d["resources"]:
                        if r["name"] == name:
                            r["hash"] = "sha256:" + sha256(changed[rel])
                    changed["datapackage.json"] = json.dumps(d).encode("utf-8")
            else:
                changed["datapackage.json"] = mutate_descriptor(good["datapackage.json"], rng)
            for rel, data in changed.items():
                (root / rel).write_bytes(data)
            if read_everything(root, out, good, rng):
                tally.stats[kind]["refused"] += 1
        except Exception:
            crashes.mkdir(exist_ok=True)
            digest = hashlib.sha256(b"".join(changed.values())).hexdigest()[:12]
            folder = crashes / f"readers-{kind}-{seed}-{digest}"
            for rel, data in changed.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
            tally.crash(kind, f"seed {seed}, {folder}")
        finally:
            for rel, data in good.items():
                (root / rel).write_bytes(data)
        if time.monotonic() - last > 60:
            last = time.monotonic()
            tally.progress()
    shutil.rmtree(work)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
