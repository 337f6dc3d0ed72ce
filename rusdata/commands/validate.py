"""rusdata validate: check the YAML; with --sources, every quote and source hash too.

Each problem is printed as `file:line: message [rule]`, the rule's code in brackets (see
docs/validation.md for every rule). With `--format json`, stdout is JSON Lines instead: one
object per problem, `{"file", "line", "field", "rule", "message"}` (`field` is the record's
field the message is about, e.g. `citations[1].quote`, or null for a whole file), for editors
and CI annotations; the summary goes to stderr. The exit status is 1 if there is a problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rusdata.commands._common import report

if TYPE_CHECKING:
    from rusdata.checks.loading import Problem

HELP = "check the YAML; with --sources, the quotes too"

# A message starts with the field it is about, as `where()` spells it: `versions[2].source: ...`.
FIELD = re.compile(r"^([a-z_][a-z0-9_]*(?:\[[0-9]+\])*(?:\.[a-z_][a-z0-9_]*(?:\[[0-9]+\])*)*): ")


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", type=Path, help="folder with the article texts")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one `file:line: message [rule]` line per problem; json: one JSON object per "
        "line per problem, with file, line, field, rule and message (for editors and CI)",
    )


def as_json(p: Problem) -> dict[str, Any]:
    """One problem as the object `--format json` prints."""
    m = FIELD.match(p.message)
    return {
        "file": p.path,
        "line": p.line,
        "field": m[1] if m else None,
        "rule": p.rule,
        "message": p.message,
    }


def run(args: argparse.Namespace) -> int:
    from rusdata.checks.rules import validate

    t0 = time.perf_counter()
    loaded = validate(args.root, args.sources)
    summary = sys.stdout
    if args.format == "json":
        summary = sys.stderr  # stdout holds only the problems, one JSON object a line
        for p in loaded.problems:
            print(json.dumps(as_json(p), ensure_ascii=False))
        status = 1 if loaded.problems else 0
        if status:
            files = len({p.path for p in loaded.problems})
            print(f"{len(loaded.problems)} problem(s) in {files} file(s)", file=sys.stderr)
    else:
        status = report(loaded)
    if status == 0:
        n = sum(len(v) for v in loaded.entries.values())
        print(
            f"valid: {n} records in {len(loaded.entries)} tables ({time.perf_counter() - t0:.2f}s)",
            file=summary,
        )
    if args.sources is None:
        print(
            "note: quotes and source hashes were NOT checked; pass --sources DIR to check them",
            file=summary,
        )
    return status
