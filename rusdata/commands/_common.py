"""What several verbs share: reporting the problems of a validation run."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the verbs that only read the built package need none of the checks
    from rusdata.checks.loading import Loaded


def report(loaded: Loaded) -> int:
    """Print every problem as `file:line: message`; 1 if there were any."""
    for p in loaded.problems:
        print(p)
    if loaded.problems:
        files = len({p.path for p in loaded.problems})
        print(f"{len(loaded.problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    return 0
