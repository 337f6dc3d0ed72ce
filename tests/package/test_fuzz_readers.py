"""A few seconds of the readers' fuzzer (fuzz/fuzz_readers.py) in every test run: hostile CSVs
and descriptors, read by the accessors, info, show, the exports and diff REF, give one-line
RusdataErrors or results, never another exception."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "fuzz"))
import fuzz_readers


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    return fuzz_readers.package(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("kind", fuzz_readers.CLASSES)
def test_hostile_packages_meet_one_line(
    package: tuple[Path, Path, dict[str, bytes]], kind: str, seed: int
) -> None:
    root, out, good = package
    rng = random.Random(f"{kind}-{seed}")
    if kind == "csv":
        rel = f"data/{rng.choice(fuzz_readers.NAMES)}.csv"
        changed = {rel: fuzz_readers.mutate_csv(good[rel], rng)}
    else:
        changed = {
            "datapackage.json": fuzz_readers.mutate_descriptor(good["datapackage.json"], rng)
        }
    try:
        for rel, data in changed.items():
            (root / rel).write_bytes(data)
        fuzz_readers.read_everything(root, out, good, rng)
    finally:
        for rel, data in good.items():
            (root / rel).write_bytes(data)
