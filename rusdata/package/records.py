"""The built package's CSVs back as typed records: the accessors behind `rusdata.visits()`.

Records are instances of the generated dataclasses in `rusdata.package.classes` (one per
model, standard library only), so a cold `import rusdata; rusdata.visits()` imports no pydantic.
A CSV whose SHA-256 matches its `datapackage.json` entry was validated when it was built, so its
cells are only converted; in a file that does not match (edited after the build) every row,
link-table keys included, is validated by its pydantic model, and the record takes the
validated values.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from rusdata.errors import RusdataError, did_you_mean
from rusdata.package.reader import Package, Rows, installed
from rusdata.schema.fields import LIST_DELIMITER

if TYPE_CHECKING:
    from pydantic import BaseModel

Convert = Callable[[str], Any] | type[Enum]  # a cell -> its value (an Enum class: its member)
Columns = tuple[tuple[str, str, Convert], ...]  # (CSV column, field, cell -> value)
Links = tuple[tuple[str, str, Any], ...]  # (field, link table, child class, or dict: a mapping)
References = dict[str, tuple[str | None, str | None]]  # field -> (table, or the field naming it)


def split(cell: str) -> list[str]:
    """A list-valued cell (aliases, countries, ...) back as its items."""
    return cell.split(LIST_DELIMITER)


class Record:
    """What every generated record class shares (they are frozen dataclasses)."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]  # set by @dataclass
    MODEL: ClassVar[str]  # the pydantic model in rusdata.schema.models
    COLUMNS: ClassVar[Columns]
    LINKS: ClassVar[Links] = ()
    REFERENCES: ClassVar[References] = {}
    LABEL: ClassVar[str | None] = None  # the field whose words tell a row apart (`Label`)

    def model(self) -> BaseModel:
        """This record as its pydantic model (imports pydantic and the models), built as the
        accessors built them before records were dataclasses: with `model_construct`, since
        the values were validated when the package was built. Its fields set (`exclude_unset`) are
        those a CSV cell states, plus the record's lists of child rows, as they always were.
        A record of `rusdata.stated()` gives a model with its inferred values blanked too."""
        from rusdata.schema import models

        model: type[BaseModel] = getattr(models, self.MODEL)
        links = {link[0] for link in self.LINKS}
        values = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                value = [v.model() if isinstance(v, Record) else v for v in value]
            values[f.name] = value
        # Set: what a CSV cell states (not empty), and the lists of child rows.
        stated = {k for k, v in values.items() if k in links or v not in (None, [])}
        return model.model_construct(stated, **values)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """As pydantic's `model_dump` of `self.model()` (kept from when records were models)."""
        return self.model().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        """As pydantic's `model_dump_json` of `self.model()`."""
        return self.model().model_dump_json(**kwargs)


def record_class(name: str) -> type[Record]:
    """The class table `name`'s rows are read into."""
    from rusdata.package.classes import TABLES

    if name not in TABLES:  # a package built by another version of rusdata
        raise RusdataError(f"no record class for table {name!r}{did_you_mean(name, list(TABLES))}")
    return TABLES[name]


def _make(
    cls: type[Record], header: tuple[str, ...], trusted: bool, table: str = "", where: str = ""
) -> Callable[..., Any]:
    """A function (row, extra fields) -> record, for rows of a file with this header. Rows of
    an untrusted file (`where`, a CSV of `table`) are validated by the model and the column
    constraints first; a bad row is an error naming the file, the row and the field."""
    at = {c: i for i, c in enumerate(header)}
    plan = [(at[col], name, convert) for col, name, convert in cls.COLUMNS if col in at]
    if missing := [col for col, _, _ in cls.COLUMNS if col not in at]:
        raise RusdataError(f"{where or table}: line 1: no column {missing[0]!r}")

    def make(row: tuple[str, ...], extra: dict[str, Any]) -> Any:
        data = dict(extra)
        try:
            for i, name, convert in plan:
                cell = row[i]
                if cell != "":  # an empty cell: not stated, the field's default
                    data[name] = convert(cell)
            return cls(**data)
        except (ValueError, TypeError, KeyError, ArithmeticError):
            # A file whose hash matches a descriptor that is not rusdata's build (a --root
            # given on purpose): its cells are not what the build writes.
            field = next((n for i, n, c in plan if row[i] != "" and not _converts(c, row[i])), "")
            raise RusdataError(
                f"{where or table}: row {row[0]!r}: {field or 'record'}: not a value of its column's type"
            ) from None

    if trusted:
        return make
    from pydantic import ValidationError

    from rusdata.schema import models
    from rusdata.schema.columns import tables

    model: type[BaseModel] = getattr(models, cls.MODEL)
    # What the models alone do not hold a row to: the Table Schema's allowed values (the
    # tables a link row may name, the fields an inference may name).
    allowed = [(at[c.name], c) for c in tables()[table].columns if c.allowed and c.name in at]
    # A mapping's key with items (`inferred`: `date`, `countries[PAK]`) is held to its pattern.
    keyed = tables()[table].keyed_by
    marks = [
        (at[c.name], c, re.compile(c.pattern))
        for c in tables()[table].columns
        if keyed and c.source == keyed and c.pattern and c.name in at
    ]
    key = [at[k] for k in ("id",) if k in at] or list(range(min(3, len(header))))

    def check(row: tuple[str, ...], extra: dict[str, Any]) -> Any:
        # The validator takes the cells as they are, lists split and children as plain data.
        # The record takes the validated values (e.g. the whole number a spreadsheet wrote as
        # "5.0"), children as read.
        data = {k: _plain(v) for k, v in extra.items()}
        for i, name, convert in plan:
            if row[i] != "":
                data[name] = split(row[i]) if convert is split else row[i]
        at_row = f"{where}: row {'/'.join(row[i] for i in key)!r}"
        try:
            valid = model.model_validate(data)
        except ValidationError as e:
            first = e.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise RusdataError(f"{at_row}: {field}: {first['msg']}") from None
        for i, col in allowed:
            for value in split(row[i]) if col.is_list else [row[i]]:
                if value and value not in col.allowed:
                    choices = (
                        ", ".join(col.allowed)
                        if len(col.allowed) <= 12
                        else "the data dictionary's"
                    )
                    raise RusdataError(f"{at_row}: {col.name}: {value!r} is not one of {choices}")
        for i, col, pattern in marks:
            if not pattern.fullmatch(row[i]):
                raise RusdataError(
                    f"{at_row}: {col.name}: {row[i]!r} is not one of the fields its table may "
                    "mark inferred, nor an item of a list field such as countries[PAK]"
                )
        return cls(**extra, **{n: getattr(valid, n) for _, n, _ in plan if n in data})

    return check


def _column(package: Package, name: str, column: str) -> int:
    """Where `column` is in table `name`'s CSV; an error naming the file if it has none."""
    header = package.rows(name).header
    if column not in header:
        raise RusdataError(f"{_where(package, name)}: line 1: no column {column!r}")
    return header.index(column)


def _converts(convert: Convert, cell: str) -> bool:
    try:
        convert(cell)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return False
    return True


def _where(package: Package, name: str) -> str:
    path = str(package.resource(name)["path"])
    return path if package.rows(name).trusted else f"{path} (changed since the build)"


def checked_rows(name: str, package: Package | None = None) -> Rows:
    """Table `name`'s CSV rows as the accessors take them: a file changed since the build is
    validated row by row first (through the accessors' own reading), so what reads cells (the
    exports, `show --stated`) never takes what the accessors refuse."""
    package = package or installed()
    rows = package.rows(name)
    if not rows.trusted:
        records(name, package)
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [dataclasses.asdict(v) if isinstance(v, Record) else v for v in value]
    return value


def _children(package: Package, link: str, child: type[Record]) -> dict[tuple[str, str], list[Any]]:
    """Link-table rows grouped by (table, record_id), in ordinal order, as child records."""
    key = ("children", link)
    if key not in package.memo:
        from rusdata.package.classes import LINK_KEYS

        header, rows, trusted = package.rows(link)
        grouped: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)
        if trusted:
            make = _make(child, header, trusted, link, _where(package, link))
            t, r, o = (_column(package, link, k) for k in LINK_KEYS)
            for row in rows:
                if not (
                    row[o].isascii() and row[o].isdigit()
                ):  # a file not of rusdata's build, its hash matching
                    raise RusdataError(
                        f"{_where(package, link)}: row {'/'.join(row[:3])!r}: ordinal: "
                        f"{row[o]!r} is not a whole number"
                    )
                grouped[row[t], row[r]].append((int(row[o]), make(row, {})))
        else:  # each row validated by its row model, keys included, then made a child
            read = _make(record_class(link), header, trusted, link, _where(package, link))
            names = [f.name for f in dataclasses.fields(child)]
            for row in rows:
                got = read(row, {})
                keys = [getattr(got, k) for k in LINK_KEYS]
                grouped[keys[0], keys[1]].append(
                    (keys[2], child(**{n: getattr(got, n) for n in names}))
                )
        package.memo[key] = {
            k: [c for _, c in sorted(v, key=lambda p: p[0])] for k, v in grouped.items()
        }
    return package.memo[key]


def mapping(package: Package, link: str) -> dict[tuple[str, str], dict[str, str]]:
    """A mapping's link-table rows grouped by (table, record_id): {key: value} (`inferred`)."""
    key = ("mapping", link)
    if key not in package.memo:
        from rusdata.package.classes import MAPPINGS

        header, rows, trusted = package.rows(link)
        if not trusted:  # each row validated by its row model, then read as cells
            check = _make(record_class(link), header, trusted, link, _where(package, link))
            for row in rows:
                check(row, {})
        field, value = MAPPINGS[link]
        t, r, k, v = (_column(package, link, c) for c in ("table", "record_id", field, value))
        grouped: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for row in rows:
            grouped[row[t], row[r]][row[k]] = row[v]
        package.memo[key] = dict(grouped)
    return package.memo[key]


def records(name: str, package: Package | None = None) -> list[Any]:
    """Every record of table `name` (frozen dataclasses of `rusdata.package.classes`), in the
    CSV's order (primary key; the timeline by date), from `package` (default: the installed
    one)."""
    return _records(package or installed(), name)


def _records(package: Package, name: str) -> list[Any]:
    header, rows, trusted = package.rows(name)  # an unknown name: a did-you-mean error
    cls = record_class(name)
    make = _make(cls, header, trusted, name, _where(package, name))
    if not cls.LINKS:
        return [make(row, {}) for row in rows]
    at_id = _column(package, name, "id")
    children: list[tuple[str, dict[tuple[str, str], Any], Any]] = [
        (f, mapping(package, link), {})
        if child is dict
        else (f, _children(package, link, child), [])
        for f, link, child in cls.LINKS
    ]
    # Each record gets its own lists and dicts, so changing one changes no other record.
    return [
        make(
            row,
            {f: type(empty)(kids.get((name, row[at_id]), empty)) for f, kids, empty in children},
        )
        for row in rows
    ]


# ---------------------------------------------------------------- one record, and references


def get(table: str, record_id: str, package: Package | None = None) -> Any:
    """The record of `table` whose id is `record_id`."""
    package = package or installed()
    key = ("by_id", table)
    if key not in package.memo:
        if "id" not in package.rows(table).header:
            raise RusdataError(
                f"{table} has no id column (a link or generated table); use rusdata.load({table!r})"
            )
        package.memo[key] = {r.id: r for r in records(table, package)}
    by_id: dict[str, Any] = package.memo[key]
    if record_id not in by_id:
        raise RusdataError(
            f"no record {record_id!r} in {table}{did_you_mean(record_id, list(by_id))}"
        )
    return by_id[record_id]


def follow(record: Any, field: str, package: Package | None = None) -> Any:
    """The record(s) that `record.<field>` names: one record, a list for a list field, or None
    when the field is empty."""
    refs = getattr(record, "REFERENCES", None)
    if refs is None:  # a pydantic model (`record.model()`): its generated class knows
        from rusdata.package import classes

        refs = getattr(getattr(classes, type(record).__name__, None), "REFERENCES", {})
    if field not in refs:
        known = ", ".join(refs) or "none"
        raise RusdataError(
            f"{type(record).__name__}.{field} is not a reference; its references: {known}"
        )
    table, by = refs[field]
    table = table or getattr(record, by)
    value = getattr(record, field)
    if value is None:
        return None
    if isinstance(value, list):
        return [get(table, v, package) for v in value]
    return get(table, value, package)
