"""The `rusdata` command: validate, build, coverage, diff. Run from the project root."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rusdata.errors import RusdataError
from rusdata.loading import Loaded


def _report(loaded: Loaded) -> int:
    for p in loaded.problems:
        print(p)
    if loaded.problems:
        files = len({p.path for p in loaded.problems})
        print(f"{len(loaded.problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from rusdata.checks import validate

    t0 = time.perf_counter()
    loaded = validate(args.root, args.sources)
    status = _report(loaded)
    if status == 0:
        n = sum(len(v) for v in loaded.entries.values())
        print(
            f"valid: {n} records in {len(loaded.entries)} tables ({time.perf_counter() - t0:.2f}s)"
        )
    if args.sources is None:
        print("note: quotes and source hashes were NOT checked; pass --sources DIR to check them")
    return status


def cmd_build(args: argparse.Namespace) -> int:
    from rusdata.build import render, stale, write
    from rusdata.checks import validate

    loaded = validate(args.root, None)
    if _report(loaded):
        print("build: nothing written (fix the problems above first)", file=sys.stderr)
        return 1
    outputs = render(loaded)
    if args.check:
        old = stale(args.root, outputs)
        for path in old:
            print(f"stale: {path}")
        if old:
            print("run `rusdata build` and commit the result", file=sys.stderr)
            return 1
        print(f"up to date: {len(outputs)} derived files")
        return 0
    changed = write(args.root, outputs)
    for path in changed:
        print(f"wrote: {path}" if path in outputs else f"removed: {path}")
    print(f"build: {len(changed)} of {len(outputs)} derived files changed")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from rusdata.checks import validate
    from rusdata.coverage import coverage

    loaded = validate(args.root, args.sources)
    if _report(loaded):
        return 1
    total = cited = 0
    for cov in coverage(loaded, args.sources):
        total += len(cov.sentences)
        cited += cov.cited
        print(f"{cov.source_id} ({cov.file}): {cov.cited}/{len(cov.sentences)} sentences cited")
        if args.verbose or args.uncited:
            for line, text in cov.uncited:
                print(f"  {cov.file}:{line}: {text}")
    print(f"all sources: {cited}/{total} sentences cited")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from rusdata.diff import compare, report, required_version, version_ok
    from rusdata.snapshot import from_ref, from_tree

    diff = compare(from_ref(args.root, args.ref), from_tree(args.root))
    for line in report(diff, args.ref, "working tree"):
        print(line)
    if args.check:
        if not version_ok(diff):
            needed = required_version(diff.old_version, diff.bump)
            print(f"check: version {diff.new_version} is lower than {needed}, which a {diff.bump} "
                  f"change since {args.ref} requires: bump [project] version in pyproject.toml",
                  file=sys.stderr)  # fmt: skip
            return 1
        print(f"check: version {diff.new_version} is enough for a {diff.bump} change")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rusdata", description=__doc__)
    top.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the YAML; with --sources, the quotes too")
    p.add_argument("--sources", type=Path, help="folder with the article texts")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="regenerate every derived file")
    p.add_argument("--check", action="store_true", help="list stale files, write nothing")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("coverage", help="sentences of each source that no quote cites")
    p.add_argument("--sources", type=Path, required=True, help="folder with the article texts")
    p.add_argument("--uncited", "-v", "--verbose", dest="uncited", action="store_true",
                   help="list the uncited sentences")  # fmt: skip
    p.set_defaults(func=cmd_coverage, verbose=False)

    p = sub.add_parser("diff", help="what changed in the built package since a git ref")
    p.add_argument("ref", metavar="REF", help="git tag, branch or commit to compare with")
    p.add_argument("--check", action="store_true",
                   help="exit 1 if the version is lower than the change requires")  # fmt: skip
    p.set_defaults(func=cmd_diff)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A command allocates millions of small objects and frees few cycles: the cyclic GC's full
    # passes over them took half of `validate` at 10k records, and grow with the heap.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return int(args.func(args))
    except (OSError, UnicodeDecodeError, RusdataError) as e:
        print(f"rusdata: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if enabled:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
