"""A few seconds of the fuzz harness's hostile classes (fuzz/fuzz_validate.py runs them for as
long as you like): validate never raises, and every problem it prints is one escaped line."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import HOSTILE

from rusdata.checks.rules import validate
from rusdata.schema.models import TABLES

FILES = {t: (REPO / "data" / "yaml" / f"{t}.yaml").read_text(encoding="utf-8") for t in TABLES}


@pytest.fixture(scope="module")
def scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="rusdata-hostile-"))
    shutil.copytree(REPO / "data" / "yaml", root / "data" / "yaml")
    yield root
    shutil.rmtree(root)


@pytest.mark.parametrize("kind", [k for k in HOSTILE if k != "edits"])
def test_hostile_input_gives_problems_not_crashes(scratch: Path, kind: str) -> None:
    seen: list[str] = []

    @settings(
        max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        table = data.draw(st.sampled_from(sorted(FILES)))
        text = data.draw(HOSTILE[kind](FILES[table]))
        path = scratch / "data" / "yaml" / f"{table}.yaml"
        try:
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            for p in validate(scratch).problems:
                shown = str(p)
                # Python's own test, not ours: no control, format (bidi, zero-width) or
                # separator character reaches the terminal.
                assert shown.isprintable(), shown
                assert p.line >= 0 and len(shown) < 1200
                seen.append(shown)
        finally:
            path.write_text(FILES[table], encoding="utf-8")

    run()
    assert seen, "no hostile example produced a problem"
