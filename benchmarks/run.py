"""rusdata benchmarks: validate, build and typed loads at growing sizes, against peers.

    pip install -e ".[bench]"
    python benchmarks/run.py --sizes 1000 10000 100000

For each size the generator (benchmarks/generate.py) writes a synthetic project into the
scratch folder (default `.bench/`, git-ignored), then each step runs as a fresh process, timed
wall-clock with its peak RSS (os.wait4):

- `rusdata validate --sources`, then `rusdata build` (validate + build), against
  `frictionless validate` of the package that build wrote; nothing is cached between runs;
- validate alone after editing one record;
- cold `import rusdata` + one table, and + every table, on the generated package.

The cold typed load of the real package is then timed against `from pydantic import BaseModel`
and palmerpenguins' `load_penguins()`, alternating the commands for `--repeat` rounds and
comparing medians. Results go to stdout and to `--out` (markdown). Not part of the test run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, generate

PY = sys.executable
BIN = Path(PY).parent


@dataclass
class Run:
    seconds: float
    rss_mb: float


def measure(cmd: list[str], cwd: Path | None = None, expect: int = 0) -> Run:
    """Wall time and peak RSS of one fresh process; fails loudly if it exits otherwise than
    `expect`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != expect:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    if proc.stderr:
        proc.stderr.close()
    return Run(seconds, usage.ru_maxrss / 1024)


def best(cmd: list[str], repeat: int, cwd: Path | None = None, expect: int = 0) -> Run:
    """The fastest of `repeat` runs (peak RSS of that run)."""
    runs = []
    for _ in range(repeat):
        runs.append(measure(cmd, cwd, expect))
    return min(runs, key=lambda r: r.seconds)


def alternate(cmds: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Median seconds of each command, run in turn round after round (same machine state)."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(rounds):
        for name, cmd in cmds.items():
            times[name].append(measure(cmd).seconds)
    return {name: statistics.median(t) for name, t in times.items()}


def loader(root: Path, tables: str) -> list[str]:
    """A fresh interpreter that imports rusdata and reads `tables` from the package at `root`."""
    code = (
        "import rusdata, pathlib; from rusdata.package.reader import use_root; "
        f"use_root(pathlib.Path({str(root)!r})); "
        f"[rusdata.load(t) for t in {tables}]"
    )
    return [PY, "-c", code]


def edit_one_record(root: Path) -> None:
    """Change one visit's summary in the middle of the largest visits file."""
    files = sorted((root / "data" / "yaml").rglob("visits*.yaml"), key=lambda p: p.stat().st_size)
    path = files[-1]
    text = path.read_text(encoding="utf-8")
    at = text.index("  summary: ", len(text) // 2)
    path.write_text(text[:at] + "  summary: Edited. " + text[at + 11 :], encoding="utf-8")


def rename_people(root: Path) -> int:
    """Rename every person id where it is defined, so every reference to a person dangles (as
    when a contributor renames ids): the cost of errors. Returns the number of people."""
    count = 0
    for path in sorted((root / "data" / "yaml").rglob("people*.yaml")):
        text = path.read_text(encoding="utf-8")
        count += text.count("\n- id: ")
        path.write_text(text.replace("\n- id: ", "\n- id: renamed-"), encoding="utf-8")
    return count


def bench_size(n: int, scratch: Path, repeat: int) -> dict[str, object]:
    root = scratch / f"n{n}"
    counts = generate(root, n)
    rusdata = [PY, "-m", "rusdata"]
    validate = [*rusdata, "validate", "--sources", "sources"]
    build = [*rusdata, "build"]
    reps = repeat if n <= 10_000 else 1
    # The first build writes every output; later builds of the same data write none.
    measure(build, root)
    # validate then build, and frictionless, in turn: each round sees the same machine state.
    vb, fls = [], []
    for _ in range(reps):
        vb.append((measure(validate, root), measure(build, root)))
        fls.append(measure([str(BIN / "frictionless"), "validate", "datapackage.json"], root))
    v_then, b_after = min(vb, key=lambda p: p[0].seconds + p[1].seconds)
    fl = min(fls, key=lambda r: r.seconds)
    # The cost of errors: validate (no --sources) of the same corpus, with every person id
    # renamed so that each reference to a person dangles, against the clean corpus.
    broken = scratch / f"n{n}-dangling"
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(root, broken, ignore=shutil.ignore_patterns("sources"))
    people = rename_people(broken)
    check = [*rusdata, "validate"]
    clean_v = best(check, reps, root)
    dangling_v = best(check, reps, broken, expect=1)
    problems = subprocess.run(check, cwd=broken, capture_output=True, text=True).stdout
    dangling = sum(1 for line in problems.splitlines() if ": no record " in line)
    shutil.rmtree(broken)
    edit_one_record(root)
    e_v = measure(validate, root)
    tables = sorted(p.stem for p in (root / "data").glob("*.csv"))
    one = best(loader(root, "['visits']"), reps)
    every = best(loader(root, repr(tables)), reps)
    yaml_mb = sum(p.stat().st_size for p in (root / "data" / "yaml").rglob("*.yaml")) / 1e6
    return {
        "n": counts["records"],
        "texts": counts["texts"],
        "yaml_mb": yaml_mb,
        "validate": v_then,
        "build": b_after,
        "vb": (v_then, b_after),
        "frictionless": fl,
        "edit": e_v,
        "one": one,
        "every": every,
        "errors": (clean_v, dangling_v, people, dangling),
    }


# What records that are pydantic models would cost at the least: creating any model class imports
# pydantic.fields, annotated_types and pydantic.types, which `from pydantic import BaseModel`
# does not. The accessors' records are standard-library dataclasses, so they skip all of it.
FLOOR = (
    "from pydantic import BaseModel, ConfigDict\n"
    "class M(BaseModel):\n"
    "    model_config = ConfigDict(frozen=True, defer_build=True)\n"
    + "".join(f"    f{i}: str\n" for i in range(10))
    + "rows = [M.model_construct(**{f'f{i}': str(r) for i in range(10)}) for r in range(25)]\n"
)


def cold_load(rounds: int) -> dict[str, float]:
    cmds = {
        "rusdata": [PY, "-c", "import rusdata; rusdata.visits()"],
        "every": [PY, "-c", "import rusdata; [rusdata.load(t) for t in rusdata.tables()]"],
        "pydantic": [PY, "-c", "from pydantic import BaseModel"],
        "floor": [PY, "-c", FLOOR],
        "penguins": [PY, "-c", "from palmerpenguins import load_penguins; load_penguins()"],
    }
    for cmd in cmds.values():  # warm the OS file cache and .pyc files once
        measure(cmd)
    return alternate(cmds, rounds)


def report(results: list[dict[str, object]], load: dict[str, float], argv: str) -> str:
    def t(r: Run) -> str:
        return f"{r.seconds:.2f} s"

    def m(r: Run) -> str:
        return f"{r.rss_mb:.0f} MB"

    lines = [
        f"Command: `{argv}` ({os.cpu_count()} cores, Python {sys.version.split()[0]})",
        "",
        "| records (texts, YAML) | validate --sources | build | validate + build | frictionless validate | ratio | validate after editing one record | ratio | import + visits() | import + every table |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        v, b = r["vb"]  # type: ignore[misc]
        ev: Run = r["edit"]  # type: ignore[assignment]
        fl: Run = r["frictionless"]  # type: ignore[assignment]
        vb = v.seconds + b.seconds
        lines.append(
            f"| {r['n']:,} ({r['texts']:,}, {r['yaml_mb']:.1f} MB) "
            f"| {t(r['validate'])}, {m(r['validate'])} | {t(r['build'])}, {m(r['build'])} "  # type: ignore[arg-type]
            f"| {vb:.2f} s, {max(v.rss_mb, b.rss_mb):.0f} MB | {t(fl)}, {m(fl)} "
            f"| **{vb / fl.seconds:.2f}×** | {t(ev)}, {m(ev)} | {ev.seconds / fl.seconds:.2f}× "
            f"| {t(r['one'])}, {m(r['one'])} | {t(r['every'])}, {m(r['every'])} |"  # type: ignore[arg-type]
        )
    lines += [
        "",
        "validate + build: `rusdata validate --sources`, then `rusdata build` (nothing is cached "
        "between runs); ratios are against `frictionless validate` of the same built package, "
        "run in turn with them. Memory is each process's peak RSS.",
    ]
    lines += ["", "The cost of errors (`rusdata validate`, no texts, every person id renamed):", ""]
    for r in results:
        ok, bad, people, dangling = r["errors"]  # type: ignore[misc]
        lines.append(
            f"- {r['n']:,} records: valid {t(ok)}; with {people:,} people renamed, "
            f"{dangling:,} dangling references reported in {t(bad)} ({bad.seconds / ok.seconds:.2f}×)"
        )
    vbs = [(r["n"], sum(x.seconds for x in r["vb"])) for r in results]  # type: ignore[attr-defined]
    steps = [
        f"{b[0]:,}/{a[0]:,} records: {b[1] / a[1]:.1f}× the time for {b[0] / a[0]:.1f}× the records"  # type: ignore[operator]
        for a, b in itertools.pairwise(vbs)
    ]
    if steps:
        lines += ["", "Scaling of validate + build: " + "; ".join(steps) + "."]
    p = load["pydantic"]
    lines += [
        "",
        "Cold typed load of the real package (median of alternating runs):",
        "",
        "| command | time | ratio to `from pydantic import BaseModel` |",
        "| --- | --- | --- |",
        f"| `import rusdata; rusdata.visits()` | {load['rusdata'] * 1000:.0f} ms | **{load['rusdata'] / p:.2f}×** |",
        f"| `import rusdata` and every table | {load['every'] * 1000:.0f} ms | {load['every'] / p:.2f}× |",
        f"| `from pydantic import BaseModel` | {p * 1000:.0f} ms | 1.00× |",
        f"| pydantic records at the least: one ten-field model, `model_construct` of 25 rows | {load['floor'] * 1000:.0f} ms | {load['floor'] / p:.2f}× |",
        f"| `palmerpenguins.load_penguins()` | {load['penguins'] * 1000:.0f} ms | {load['penguins'] / p:.2f}× |",
        f"| rusdata against palmerpenguins | | {load['rusdata'] / load['penguins']:.2f}× |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument("--repeat", type=int, default=3, help="runs per step below 100k; best kept")
    p.add_argument("--rounds", type=int, default=40, help="alternating rounds of cold loads")
    p.add_argument("--scratch", type=Path, default=ROOT / ".bench")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = p.parse_args()
    results = []
    for n in args.sizes:
        print(f"== {n} records", file=sys.stderr)
        results.append(bench_size(n, args.scratch, args.repeat))
    print("== cold loads", file=sys.stderr)
    text = report(
        results, cold_load(args.rounds), "python benchmarks/run.py " + " ".join(sys.argv[1:])
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
