"""rusdata export FORMAT PATH: the built package in another format.

The formats are the modules of `rusdata.exports` that `FORMATS` names (a registry: a new format
is one new module there, with `FORMAT`, `HELP`, `add_arguments(parser)` and `export(args)`).
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

import rusdata.exports

HELP = "write the package as SQLite (+ datasette metadata), xlsx or Parquet"


def formats() -> dict[str, ModuleType]:
    """Each export format's name → its module (format modules import their libraries lazily)."""
    modules = [importlib.import_module(f"rusdata.exports.{m}") for m in rusdata.exports.FORMATS]
    return dict(sorted((m.FORMAT, m) for m in modules))


def register(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="format", required=True)
    for name, module in formats().items():
        e = sub.add_parser(name, help=module.HELP)
        module.add_arguments(e)
        e.set_defaults(export=module.export)


def run(args: argparse.Namespace) -> int:
    # Exports read the built package as `show` does (`command_root`): the one --root names,
    # else the checkout the current folder is in, else the installed one; never the YAML.
    from rusdata.package.reader import command_root, use_root

    if (chosen := command_root(args.root_option)) is not None:
        use_root(chosen)
    for line in args.export(args):
        print(line)
    return 0
