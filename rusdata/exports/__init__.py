"""Exports of the built package to other formats (DataFrames, SQLite, Parquet, xlsx).

`FORMATS` names the modules that are `rusdata export` formats (each defines `FORMAT`, `HELP`,
`add_arguments(parser)` and `export(args)`): a new format is one module and its name here. It is
spelled out, not discovered, for the reason `rusdata.commands.VERBS` is; a test holds it to the
modules.
"""

FORMATS = ("sqlite", "parquet", "xlsx", "site")
