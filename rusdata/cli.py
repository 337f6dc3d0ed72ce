"""The `rusdata` command: validate, build, coverage, diff (run from the project root); show,
info and export read the built package: the one --root names, else that of the rusdata checkout
the current folder is in, else the installed one."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import rusdata.commands
from rusdata.errors import RusdataError
from rusdata.schema.textrules import printable


class _Version(argparse.Action):
    """`rusdata --version`: the installed dataset's version, read only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the dataset version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import rusdata

        print(printable(f"rusdata {rusdata.__version__}"))
        parser.exit()


def verbs() -> tuple[str, ...]:
    """The verbs: the modules of `rusdata.commands` that `VERBS` names."""
    return rusdata.commands.VERBS


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, one subcommand per verb of `rusdata.commands`. With `only`, the
    other verbs are listed without their arguments: registering `export`'s formats imports
    every export module, which `rusdata show` should not pay for."""
    top = argparse.ArgumentParser(prog="rusdata", description=__doc__)
    top.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project root (default: .; show, info and export: the installed package, or the "
        "checkout the current folder is in)",
    )
    top.add_argument("--version", action=_Version)
    sub = top.add_subparsers(dest="command", required=True)
    for name in verbs():
        verb = importlib.import_module(f"rusdata.commands.{name}")
        p = sub.add_parser(name, help=verb.HELP, description=verb.__doc__)
        if only is None or only == name:
            verb.register(p)
        p.set_defaults(func=verb.run)
    return top


def _verb_in(argv: Sequence[str]) -> str | None:
    """The verb `argv` asks for (the first word after the top-level options), if any."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in verbs() else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # bare `rusdata`: what it can do, not an argparse error
        parser().print_help()
        return 0
    args = parser(_verb_in(argv)).parse_args(argv)
    # The readers (show, info, export) tell a --root given from the default.
    args.root_option = args.root
    args.root = args.root if args.root is not None else Path(".")
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `rusdata show citations | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (OSError, UnicodeDecodeError, RusdataError) as e:
        for line in str(e).splitlines() or [""]:
            print(f"rusdata: error: {printable(line)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
