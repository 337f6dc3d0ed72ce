"""What a fuzzer saw, per class of hostile input: the examples tried, those the code refused as
it should (validate's problems, the readers' one-line errors) and the crashes; the progress
line, a crash's report and the closing summary that both fuzzers print."""

from __future__ import annotations

import sys
import time
import traceback

from rusdata.schema.textrules import printable


class Tally:
    def __init__(self, classes: list[str], refused: str) -> None:
        self.refused = refused  # what a refused example is called in the summary
        self.stats = {c: {"examples": 0, "refused": 0, "crashes": 0} for c in classes}
        self.start = time.monotonic()

    def progress(self) -> None:
        print(
            f"{(time.monotonic() - self.start) / 60:.1f} min: "
            + ", ".join(f"{k} {v['examples']}/{v['crashes']}" for k, v in self.stats.items()),
            file=sys.stderr,
            flush=True,
        )

    def crash(self, kind: str, where: str) -> None:
        """Count a crash of `kind` and print it, its input saved at `where`, from inside the
        `except` that caught it."""
        self.stats[kind]["crashes"] += 1
        tb = traceback.format_exc()
        shown = "\n".join(printable(line) for line in tb[-3000:].split("\n"))
        print(printable(f"CRASH {kind} ({where}):") + "\n" + shown, file=sys.stderr)

    def summary(self) -> int:
        """Print each class's counts and the totals; the exit code: 1 if anything crashed."""
        total = {
            k: sum(s[k] for s in self.stats.values()) for k in ("examples", "refused", "crashes")
        }
        for kind, s in [*self.stats.items(), ("total", total)]:
            print(
                f"{kind}: {s['examples']} examples, {s['refused']} {self.refused}, "
                f"{s['crashes']} crashes"
            )
        return 1 if total["crashes"] else 0
