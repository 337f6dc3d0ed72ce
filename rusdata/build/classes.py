"""Models → Python: `rusdata/package/classes.py`, the record classes the accessors return.

Each pydantic model the package's tables are read into becomes a frozen, slotted dataclass with
the same fields, types and defaults, plus how it is read: `COLUMNS` (CSV column, field, the
function that turns the cell into the value), `LINKS` (the link tables holding its child rows)
`REFERENCES` (the fields that name other records) and `LABEL` (the field whose words tell a
row apart, as marked on the model). The accessors build records from these
with the standard library alone, so a cold `rusdata.visits()` imports no pydantic and creates no
model class; `record.model()` still gives the validated pydantic model on demand.

It depends on the code alone, not the data, so `rusdata build` writes it only into the checkout
whose code is running (not into another project's folder); there, like every derived file,
`rusdata build --check` reports it stale when a model changes, and the tests hold every class
to its model field by field.
"""

from __future__ import annotations

import inspect
import json
import textwrap
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from rusdata.schema.columns import labels, tables
from rusdata.schema.dates import PartialDate
from rusdata.schema.fields import column_name, marker, unwrap
from rusdata.schema.models import GENERATED, LINK_KEYS, ROW_MODELS, TABLES, Link, Ref
from rusdata.schema.vocab import Vocab

MODULE = "rusdata/package/classes.py"
WIDTH = 100  # ruff's line length: the file is ruff-clean as generated
_OWN_CODE = Path(__file__).resolve().parents[1]  # the rusdata package this code runs from


def target(root: Path) -> str | None:
    """MODULE if `root` is the checkout of the running code, else None (nothing to write):
    a project folder without the code, another copy of it, or a link to it (build writes
    nothing through a link)."""
    code = root / "rusdata"
    if code.is_symlink() or not code.is_dir():
        return None
    return MODULE if code.resolve() == _OWN_CODE else None


def read_models() -> list[type[BaseModel]]:
    """Every model a table is read into: child models first (a class names them), then the
    record tables, the generated tables and the link tables' row models, in package order."""
    children = {child: None for _, child, mapping in _links() if not mapping}
    generated = [model for _, model in GENERATED.values()]
    return [*children, *TABLES.values(), *generated, *ROW_MODELS.values()]


def _q(value: object) -> str:
    """A Python literal as ruff formats it: strings in double quotes."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


class _Writer:
    """Python source for one model; collects the names it needs from other modules."""

    def __init__(
        self, model: type[BaseModel], known: set[str], aliases: dict[tuple[Any, ...], str]
    ) -> None:
        self.model = model
        self.known = known  # the generated classes defined before this one
        self.imports: dict[str, set[str]] = {}
        self.aliases = aliases  # Literal values -> the module-level alias that spells them

    def _need(self, module: str, name: str) -> str:
        self.imports.setdefault(module, set()).add(name)
        return name

    def _base(self, field: str, base: Any) -> tuple[str, str]:
        origin = typing.get_origin(base)
        if base is str:
            return "str", "str"
        if base is int:
            return "int", "int"
        if base is Decimal:
            return self._need("decimal", "Decimal"), "Decimal"
        if base is PartialDate:
            self._need("rusdata.schema.dates", "PartialDate")
            return "PartialDate", "PartialDate.parse"
        if isinstance(base, type) and issubclass(base, Vocab):
            name = self._need("rusdata.schema.vocab", base.__name__)
            return name, name
        if origin is typing.Literal:
            values = typing.get_args(base)
            if not all(isinstance(v, str) for v in values):
                raise TypeError(f"{self.model.__name__}.{field}: only Literals of strings are read")
            alias = self.aliases.setdefault(values, f"{self.model.__name__}{_camel(field)}")
            self._need("typing", "Literal")
            return alias, "str"
        if origin is list:
            (item,) = typing.get_args(base)
            text, convert = self._base(field, unwrap(item)[0])
            # A cell holds a list of strings; a list of child models is a link table's rows.
            return f"list[{text}]", "split" if convert == "str" else "LINKED"
        if origin is dict:
            key, value = (self._base(field, unwrap(a)[0])[0] for a in typing.get_args(base))
            return f"dict[{key}, {value}]", "LINKED"  # only a link table holds a mapping
        if isinstance(base, type) and issubclass(base, BaseModel) and base.__name__ in self.known:
            return base.__name__, base.__name__
        raise TypeError(f"{self.model.__name__}.{field}: no record type for {base!r}")

    def _docstring(self) -> str:
        doc = self.model.__dict__.get("__doc__")
        table = getattr(self.model, "table", None)
        if not doc and table is not None:
            row = table.row if table.row.startswith("one ") else f"one {table.row}"
            doc = f"A record of `{table.name}`: {row}."
        text = inspect.cleandoc(doc or self.model.__name__)
        if '"""' in text or "\\" in text or text.endswith('"'):
            raise ValueError(f"{self.model.__name__}: its docstring cannot be copied verbatim")
        lines = textwrap.wrap(" ".join(text.split()), WIDTH - 4 - 6)
        if len(lines) == 1 and len(lines[0]) <= WIDTH - 4 - 6:
            return f'    """{lines[0]}"""\n'
        return '    """' + "\n    ".join(lines) + '\n    """\n'

    def _default(self, name: str) -> str | None:
        info = self.model.model_fields[name]
        if info.default_factory is not None:
            factory = info.default_factory
            return f"dataclasses.field(default_factory={factory.__name__})"
        if info.default is PydanticUndefined:
            return None
        if isinstance(info.default, Vocab):
            name = self._need("rusdata.schema.vocab", type(info.default).__name__)
            return f"{name}.{info.default.name}"
        return _q(info.default)

    def source(self) -> str:
        columns, links, refs, fields = [], [], [], []
        for name, info in self.model.model_fields.items():
            base, _, optional = unwrap(info.annotation)
            text, convert = self._base(name, base)
            text = f"{text} | None" if optional else text
            ref, link = marker(info, Ref), marker(info, Link)
            if ref is not None:
                self._need("rusdata.package.records", "References")
                refs.append(f"        {_q(name)}: ({_q(ref.table)}, {_q(ref.by)}),\n")
            if link is not None:
                self._need("rusdata.package.records", "Links")
                child = "dict" if link.child is not None else typing.get_args(base)[0].__name__
                links.append(f"        ({_q(name)}, {_q(link.table)}, {child}),\n")
            elif convert == "LINKED":
                raise TypeError(f"{self.model.__name__}.{name}: one CSV cell cannot hold {text}")
            else:
                if convert == "split":
                    self._need("rusdata.package.records", "split")
                column = column_name(name, ref is not None)
                columns.append(f"        ({_q(column)}, {_q(name)}, {convert}),\n")
            default = self._default(name)
            fields.append(f"    {name}: {text}" + (f" = {default}\n" if default else "\n"))
        out = [
            "\n\n",
            "@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)\n",
            f"class {self.model.__name__}(Record):\n",
            self._docstring(),
            "\n",
            f"    MODEL: ClassVar[str] = {_q(self.model.__name__)}\n",
            *_tuple("COLUMNS: ClassVar[Columns]", columns),
        ]
        if label := labels(self.model):
            out.append(f"    LABEL: ClassVar[str | None] = {_q(label[0])}\n")
        if links:
            out += _tuple("LINKS: ClassVar[Links]", links)
        if refs:
            out += ["    REFERENCES: ClassVar[References] = {\n", *refs, "    }\n"]
        out += ["\n", *fields]
        return "".join(out)


def _tuple(head: str, items: list[str]) -> list[str]:
    """`head = (...)` as ruff formats it: one item per line after a magic trailing comma, but
    a one-item tuple on one line (its comma is not magic)."""
    if len(items) == 1:
        return [f"    {head} = ({items[0].strip()})\n"]
    return [f"    {head} = (\n", *items, "    )\n"]


HEADER = '''\
# Generated by `rusdata build` from rusdata/schema/models.py (rusdata/build/classes.py): do not
# edit. `rusdata build --check` fails when it differs from what the models give.
"""The typed records the accessors return: one frozen dataclass per model, standard library only.

Each class has its pydantic model's fields, types and defaults (`rusdata.schema.models`), and
says how it is read from the package: `COLUMNS` (CSV column, field, cell converter), `LINKS`
(field, link table, child class) and `REFERENCES` (field -> (table, or the field naming it)).
`record.model()` validates a record into its pydantic model.
"""

from __future__ import annotations

'''


def _import_lines(imports: dict[str, set[str]]) -> Iterator[str]:
    """isort-ordered imports (standard library, then rusdata), one block each, as ruff wants."""
    yield "import dataclasses\n"  # the module, not its `field`: a record may have a field `field`
    stdlib = sorted(m for m in imports if not m.startswith("rusdata"))
    ours = sorted(m for m in imports if m.startswith("rusdata"))
    for group in (stdlib, ours):
        for module in group:
            names = sorted(imports[module], key=lambda n: (not n.isupper(), n.lower(), n))
            line = f"from {module} import {', '.join(names)}\n"
            if len(line) > WIDTH + 1:
                line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"
            yield line
        if group:
            yield "\n"


def render_classes() -> bytes:
    """The source of `rusdata/package/classes.py`."""
    known: set[str] = set()
    imports: dict[str, set[str]] = {
        "typing": {"ClassVar"},
        "rusdata.package.records": {"Columns", "Record"},
    }
    aliases: dict[tuple[Any, ...], str] = {}
    bodies: list[str] = []
    rows: list[str] = []
    for model in read_models():
        writer = _Writer(model, known, aliases)
        body = writer.source()
        for module, names in writer.imports.items():
            imports.setdefault(module, set()).update(names)
        bodies.append(body)
        known.add(model.__name__)
    rows += [f"    {_q(name)}: {cls},\n" for name, cls in class_names().items()]
    mappings = [
        f"    {_q(table)}: ({', '.join(_q(f) for f in child.model_fields)}),\n"
        for table, child, mapping in _links()
        if mapping
    ]
    literals = [
        f"{alias} = Literal[{_q(values[0])}]\n"
        if len(values) == 1
        else f"{alias} = Literal[\n" + "".join(f"    {_q(v)},\n" for v in values) + "]\n"
        for values, alias in aliases.items()
    ]
    out = [HEADER, *_import_lines(imports), "\n".join(literals), *bodies]
    out += [
        "\n\n# The key of every list's link table, in column order.\n",
        f"LINK_KEYS = ({', '.join(_q(k) for k in LINK_KEYS)})\n",
        "# A mapping's link table -> its (key, value) columns.\n",
        "MAPPINGS: dict[str, tuple[str, str]] = {\n",
        *dict.fromkeys(mappings),
        "}\n",
        "\n\n# Table name -> the class its rows are read into (link tables: their row class).\n",
        "TABLES: dict[str, type[Record]] = {\n",
        *rows,
        "}\n",
    ]
    text = "".join(out)
    # What the formatter would change, or a name spelled twice, is refused here rather than
    # written: `ruff format --check` and the import would fail later, far from the cause.
    if clash := set(aliases.values()) & known:
        raise ValueError(f"{MODULE}: Literal alias named like a record class: {sorted(clash)}")
    if long := [line for line in text.splitlines() if len(line) > WIDTH]:
        raise ValueError(f"{MODULE}: a line longer than {WIDTH} characters: {long[0]!r}")
    return text.encode("utf-8")


def class_names() -> dict[str, str]:
    """Table name -> the name of the class its rows are read into (link tables: their row
    class), in the order of the generated TABLES."""
    out = {name: model.__name__ for name, model in TABLES.items()}
    out |= {name: model.__name__ for name, (_, model) in GENERATED.items()}
    out |= {_link_table(child): row.__name__ for child, row in ROW_MODELS.items()}
    return out


def _links() -> Iterator[tuple[str, type[BaseModel], bool]]:
    """(link table, child model, a mapping?) for every link table of the package."""
    for table in tables().values():
        if table.owners:
            yield table.name, table.model, table.keyed_by is not None


def _link_table(child: type[BaseModel]) -> str:
    """The link table that holds rows of `child`."""
    return next(table for table, held, _ in _links() if held is child)
