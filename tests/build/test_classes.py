"""The generated record classes (`rusdata/package/classes.py`) mirror the models they come from."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import types
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO
from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from rusdata.build import classes
from rusdata.package import classes as generated
from rusdata.schema.columns import tables
from rusdata.schema.dates import PartialDate
from rusdata.schema.fields import unwrap
from rusdata.schema.models import Link, Ref
from rusdata.schema.vocab import Role, Vocab

MODELS = classes.read_models()


def test_the_committed_module_is_what_the_models_give() -> None:
    assert (REPO / classes.MODULE).read_bytes() == classes.render_classes()


def test_one_class_per_model_and_one_per_table() -> None:
    defined = [
        c
        for c in vars(generated).values()
        if isinstance(c, type) and c.__module__ == generated.__name__
    ]
    assert (
        [c.MODEL for c in defined] == [c.__name__ for c in defined] == [m.__name__ for m in MODELS]
    )
    assert set(generated.TABLES) == set(tables())


def _base(hint: typing.Any) -> tuple[typing.Any, bool]:
    """(type without None, optional?) of a resolved dataclass annotation."""
    if isinstance(hint, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_class_has_its_models_fields_types_and_defaults(model: type[BaseModel]) -> None:
    cls = getattr(generated, model.__name__)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert list(fields) == list(model.model_fields)
    hints = typing.get_type_hints(cls)
    refs = {}
    for name, info in model.model_fields.items():
        field = fields[name]
        if info.is_required():
            assert field.default is dataclasses.MISSING is field.default_factory, name
        elif info.default_factory is not None:
            assert field.default_factory is info.default_factory, name
        else:
            assert info.default is not PydanticUndefined and field.default == info.default, name
        want, meta, optional = unwrap(info.annotation)
        meta = [*meta, *info.metadata]
        got, got_optional = _base(hints[name])
        assert got_optional == optional, name
        if want in (str, int, Decimal, PartialDate) or (
            isinstance(want, type) and issubclass(want, Vocab)
        ):
            assert got is want, name
        elif typing.get_origin(want) is typing.Literal:
            assert typing.get_args(got) == typing.get_args(want), name
        elif typing.get_origin(want) is list:
            (item,) = typing.get_args(want)
            (got_item,) = typing.get_args(got)
            item = unwrap(item)[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                item = getattr(generated, item.__name__)  # a child model: its generated class
            assert got_item is item, name
        else:
            assert typing.get_origin(got) is typing.get_origin(want) is dict, name
        if ref := next((m for m in meta if isinstance(m, Ref)), None):
            refs[name] = (ref.table, ref.by)
        if link := next((m for m in meta if isinstance(m, Link)), None):
            # a list's rows become its child class; a mapping's, a dict
            child = dict if link.child else getattr(generated, typing.get_args(want)[0].__name__)
            assert (name, link.table, child) in cls.LINKS, name
    assert refs == cls.REFERENCES


def test_build_writes_the_module_only_into_the_running_code(tmp_path: Path) -> None:
    assert classes.target(REPO) == classes.MODULE
    assert classes.target(tmp_path) is None  # a project folder without code
    shutil.copytree(REPO / "rusdata", tmp_path / "rusdata")  # a copy is not the running code
    assert classes.target(tmp_path) is None
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "rusdata").symlink_to(REPO / "rusdata")  # build writes nothing through a link
    assert classes.target(linked) is None


def _source(model: type[BaseModel]) -> str:
    return classes._Writer(model, set(), {}).source()


def test_a_field_named_field_and_enum_defaults_generate_working_code() -> None:
    class Odd(BaseModel):
        """An odd model."""

        field: str = "x"
        role: Role = Role.PRINCIPAL
        later: list[str] = Field(default_factory=list)

    namespace: dict[str, object] = {}
    header = (
        "import dataclasses\nfrom typing import ClassVar\n"
        "from rusdata.package.records import Columns, Record, split\n"
        "from rusdata.schema.vocab import Role\n"
    )
    exec(header + _source(Odd), namespace)
    odd = namespace["Odd"]()  # type: ignore[operator]
    assert (odd.field, odd.role, odd.later) == ("x", Role.PRINCIPAL, [])


def test_shapes_the_reader_cannot_read_are_refused() -> None:
    class Roles(BaseModel):
        roles: list[Role]  # one cell holds a list of strings only

    class Mapping(BaseModel):
        extra: dict[str, str]  # only a link table holds a mapping

    class Numbers(BaseModel):
        n: typing.Literal[1, 2]

    class Quoted(BaseModel):
        __doc__ = 'Ends in a "quote"'
        x: str

    with pytest.raises(TypeError, match="one CSV cell cannot hold list"):
        _source(Roles)
    with pytest.raises(TypeError, match="one CSV cell cannot hold dict"):
        _source(Mapping)
    with pytest.raises(TypeError, match="only Literals of strings"):
        _source(Numbers)

    class Slashed(BaseModel):
        __doc__ = "A path: C:\\new"

        x: str

    for model in (Quoted, Slashed):
        with pytest.raises(ValueError, match="docstring cannot be copied"):
            _source(model)


def test_generated_code_is_as_ruff_formats_it_even_for_one_item_tuples() -> None:
    """`ruff format --check` runs in CI over the committed module; this holds the generator to
    it for shapes the models do not have today (a one-field model, a one-value Literal)."""

    class One(BaseModel):
        only: typing.Literal["a"]

    source = "import typing\n" + _source(One)
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", "x.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert formatted == source
