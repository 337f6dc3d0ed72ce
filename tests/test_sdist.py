"""The sdist runs its own tests: built, unpacked into an empty folder, every test module imports
(test_benchmarks.py needs the benchmarks) and the benchmark corpus and build tests pass there, against the
sdist's own code and data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

from conftest import REPO


def test_unpacked_sdist_runs_its_tests(tmp_path: Path) -> None:
    from hatchling.build import build_sdist

    cwd = Path.cwd()
    os.chdir(REPO)  # hatchling builds the project in the working directory
    try:
        name = build_sdist(str(tmp_path / "dist"))
    finally:
        os.chdir(cwd)
    with tarfile.open(tmp_path / "dist" / name) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (root,) = (tmp_path / "unpacked").iterdir()
    assert (root / "benchmarks" / "generate.py").is_file()
    assert (root / "LICENSES" / "CC-BY-4.0.txt").is_file()
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    collected = subprocess.run(
        [*run, "--collect-only"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert collected.returncode == 0, collected.stdout[-3000:]
    assert "error" not in collected.stdout.splitlines()[-1].lower()
    ours = subprocess.run(
        [*run, "--collect-only"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    count = re.compile(r"(\d+) tests? collected")
    assert count.search(collected.stdout)[1] == count.search(ours.stdout)[1]  # type: ignore[index]
    where = subprocess.run(
        [sys.executable, "-c", "import rusdata; print(rusdata.__file__)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(root))  # the sdist's code, not the checkout's
    tests = subprocess.run(
        [*run, "tests/test_benchmarks.py", "tests/build/test_build.py"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
