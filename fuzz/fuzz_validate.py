"""Fuzz the YAML reader and validator for as long as you like.

    python fuzz/fuzz_validate.py --minutes 30

Each example is a real table file after random edits (tests/strategies.py); the validator must
return problems, never raise. Crashes are printed with the input that caused them and saved
under fuzz/crashes/. CI runs the same property for a few seconds (tests/test_properties.py).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import edited  # noqa: E402

from rusdata.checks.rules import validate  # noqa: E402
from rusdata.schema.models import TABLES  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--sources", type=Path, default=REPO.parent / "shared" / "sources")
    args = parser.parse_args()
    files = {t: (REPO / "data" / "yaml" / f"{t}.yaml").read_text(encoding="utf-8") for t in TABLES}
    root = Path(tempfile.mkdtemp(prefix="rusdata-fuzz-"))
    shutil.copy(REPO / "pyproject.toml", root)
    shutil.copytree(REPO / "data" / "yaml", root / "data" / "yaml")
    crashes = REPO / "fuzz" / "crashes"
    stats = {"examples": 0, "problems": 0, "crashes": 0}
    sources = args.sources if args.sources.is_dir() else None

    # Batches of examples; the clock is checked between batches, never inside a test, so
    # hypothesis sees every example draw the same way.
    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        table = data.draw(st.sampled_from(sorted(files)))
        text = data.draw(edited(files[table]))
        path = root / "data" / "yaml" / f"{table}.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        stats["examples"] += 1
        try:
            stats["problems"] += len(validate(root, sources).problems)
        except Exception:
            stats["crashes"] += 1
            crashes.mkdir(exist_ok=True)
            name = (
                crashes
                / f"{table}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}.yaml"
            )
            name.write_bytes(text.encode("utf-8", "surrogatepass"))
            print(f"CRASH ({name}):\n{traceback.format_exc()}", file=sys.stderr)
        finally:
            path.write_text(files[table], encoding="utf-8")

    stop = time.monotonic() + args.minutes * 60
    while time.monotonic() < stop:
        run()
    shutil.rmtree(root)
    print(
        f"{stats['examples']} examples, {stats['problems']} problems reported, {stats['crashes']} crashes"
    )
    return 1 if stats["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
