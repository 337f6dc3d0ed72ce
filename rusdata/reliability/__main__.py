"""`python -m rusdata.reliability sheet | alpha CODER.json | recompute CODINGS.csv`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rusdata.errors import RusdataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rusdata.reliability", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="the project (default: installed)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    sheet = verbs.add_parser("sheet", help="write the blind coding sheet (quotes only)")
    sheet.add_argument("--md", type=Path, default=Path("coding-sheet.md"))
    sheet.add_argument("--json", type=Path, default=Path("coding-sheet.json"))
    alpha = verbs.add_parser("alpha", help="alpha per field: the dataset vs a second coder")
    alpha.add_argument("coder", type=Path, help="the second coder's JSON file")
    alpha.add_argument("--out", type=Path, default=Path("docs", "reliability"))
    again = verbs.add_parser("recompute", help="the alphas from a published codings.csv")
    again.add_argument("codings", type=Path)
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except RusdataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    import rusdata
    from rusdata.package.reader import use_root
    from rusdata.reliability import alpha, fields, sheet

    if args.root is not None:
        use_root(args.root)
    version = rusdata.__version__
    if args.verb == "sheet":
        args.md.write_text(sheet.sheet_markdown(rusdata.load, version), encoding="utf-8")
        args.json.write_text(sheet.sheet_json(rusdata.load, version), encoding="utf-8")
        print(f"wrote {args.md} and {args.json}")
        return 0
    if args.verb == "alpha":
        coder, coding = alpha.read_coder(args.coder)
        rows = alpha.codings_rows(fields.dataset_coding(rusdata.load), coding)
        table = alpha.write(args.out, rows, coder, version)
    else:
        table = alpha.alphas(alpha.read_codings(args.codings))
    for r in table:
        print(f"{r['field']:<16} {r['level']:<8} n={r['pairable']:>4}  alpha={r['alpha'] or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
