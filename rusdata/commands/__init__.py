"""The command line, one module per verb (after pycldf's `commands/`).

Each verb module has a `HELP` line, `register(parser)` adding its arguments and `run(args)`
returning the exit status. A new verb is one new module here and its name in `VERBS`; a test
holds `VERBS` to the modules. The list is spelled out rather than discovered, so no file that
lands in this folder (a stray `.pyc`, a module a pull request slips in) becomes a command that
runs, or changes what `rusdata validate` concludes, without being named here. Modules whose name
starts with `_` are helpers, not verbs.
"""

VERBS = (
    "validate",
    "build",
    "coverage",
    "diff",
    "show",
    "info",
    "export",
    "anchor",
    "reanchor",
    "history",
    "archive",
    "cite",
)
