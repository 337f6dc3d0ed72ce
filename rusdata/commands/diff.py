"""rusdata diff REF: what changed in the built package since a git ref, and the bump it needs."""

from __future__ import annotations

import argparse
import sys

from rusdata.schema.textrules import printable

HELP = "what changed in the built package since a git ref"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "ref",
        metavar="REF",
        help="a released version (releases/releases.csv names its commit), or a git ref",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the version is lower than the change requires",
    )


def run(args: argparse.Namespace) -> int:
    from rusdata.release.diff import compare, report, required_version, version_ok
    from rusdata.release.history import resolve
    from rusdata.release.snapshot import from_ref, from_tree

    diff = compare(from_ref(args.root, resolve(args.root, args.ref)), from_tree(args.root))
    for line in report(diff, args.ref, "working tree"):
        print(printable(line))
    if args.check:
        if not version_ok(diff):
            needed = required_version(diff.old_version, diff.bump)
            print(
                f"check: version {diff.new_version} is lower than {needed}, which a {diff.bump} "
                f"change since {args.ref} requires: bump [project] version in pyproject.toml",
                file=sys.stderr,
            )
            return 1
        print(f"check: version {diff.new_version} is enough for a {diff.bump} change")
    return 0
