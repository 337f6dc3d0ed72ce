"""The command line, one module per verb (after pycldf's `commands/`).

Each verb module has a `HELP` line, `register(parser)` adding its arguments and `run(args)`
returning the exit status; `rusdata.cli` discovers them, so a new verb is one new file. Modules
whose name starts with `_` are helpers, not verbs.
"""
