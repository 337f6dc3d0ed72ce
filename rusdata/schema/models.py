"""The pydantic models: one per table, the single source of truth for every derived file.

A model describes one record as it is written in `data/yaml/<table>.yaml`. The CSV columns,
Table Schemas, JSON Schemas and accessors are all derived from these classes:

- a field typed with a `Ref` (e.g. `PersonRef`) becomes a foreign key;
- a field typed `PartialDate` gains derived `<field>_precision`, `_start` and `_end` columns;
- a list of child models marked with `Link` (citations, people, versions) becomes rows of a
  link table keyed by `(table, record_id, ordinal)` instead of a column;
- a mapping marked with `Link(..., child=Model)` (`inferred`) becomes rows of a link table keyed
  by `(table, record_id, <the child's first field>)`, one row per key.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic._internal._model_construction import ModelMetaclass

from rusdata.schema.countries import COUNTRY_DOC, check_code
from rusdata.schema.dates import DESCRIPTION as DATE_DESCRIPTION
from rusdata.schema.dates import PartialDate
from rusdata.schema.textrules import text_problem
from rusdata.schema.vocab import (
    AgreementKind,
    Aspect,
    Cameo,
    Claimant,
    ClaimKind,
    ContactKind,
    DateQualifier,
    ExerciseKind,
    FigureKind,
    Genre,
    IdentityVerdict,
    MilestoneKind,
    ProjectKind,
    Role,
    Stance,
    Status,
)

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_CODE = r"^[A-Z]{3}$"
FIELD_NAME = r"^[a-z][a-z0-9_]*$"
# A field name, or one item of a list field: `parties[PAK]` (rusdata.schema.fields.ITEM_MARK).
MARK = r"^[a-z][a-z0-9_]*(\[\S(.*\S)?\])?$"
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
SHA256 = r"^[0-9a-f]{64}$"
LANGUAGE = r"^[a-z]{2}$"


@dataclass(frozen=True)
class Ref:
    """Field metadata: the value is the `id` of a record in `table` (a foreign key), or, with
    `by`, in the table that the record's field `by` names (e.g. `target_table`)."""

    table: str | None = None
    by: str | None = None


@dataclass(frozen=True)
class Link:
    """Field metadata: this list of child models is stored as rows of the link table `table`.

    With `child`, the field is a mapping instead: each key and value become one row of `child`
    (its first field holds the key, its second the value), keyed by the key, not an ordinal.
    """

    table: str
    child: type[BaseModel] | None = None


@dataclass(frozen=True)
class Verbatim:
    """Field metadata: the value is the text's own wording, so it must occur in one of the
    record's quotes (validate checks it; a name is never corrected)."""


@dataclass(frozen=True)
class Place:
    """Field metadata: a place as the text names it (validate finds it, or each of its
    comma-separated parts, in the record's quotes)."""


@dataclass(frozen=True)
class Name:
    """Field metadata: a name of the record as written; a link to the record is stated where
    one of the linking record's quotes names it."""


@dataclass(frozen=True)
class Label:
    """Field metadata: the words a person reads to tell a row apart (the terminal viewer's and
    datasette's label column). `fallback`: used only where the label must never be empty and
    the model's other label is optional (a source's `file` for its `title`)."""

    fallback: bool = False


class Kind(StrEnum):
    """What a table holds, which decides where it goes."""

    FACT = "fact"  # events and figures the texts report: quoted; their dates make the timeline
    CLAIM = "claim"  # what someone thinks, wants or expects: quoted, never an event, never dated
    REFERENCE = "reference"  # what facts rest on or are checked against: sources, people, ...
    LINK = "link"  # rows of a record's list or mapping field (quotes, people, versions, ...)
    DERIVED = "derived"  # generated from the other tables, never written in YAML


@dataclass(frozen=True)
class TableInfo:
    """A table's declaration: its name, words for the docs, and its kind."""

    name: str
    title: str
    description: str
    row: str  # what one row is, for the README's table of tables
    kind: Kind

    @property
    def fact(self) -> bool:
        return self.kind is Kind.FACT


Slug = Annotated[str, StringConstraints(pattern=SLUG)]
# A web address: http(s), a host, no spaces.
URL = r"^https?://[A-Za-z0-9.-]+(/[^\s]*)?$"
Url = Annotated[str, StringConstraints(pattern=URL)]
# Single-line, trimmed, non-empty: an empty CSV cell then always means "not stated".
TEXT = r"^\S(.*\S)?$"
# What each pattern above means, for messages a person can act on (a test holds every pattern a
# field uses to an entry here, so a changed pattern cannot silently lose its help).
PATTERN_HELP = {
    SLUG: "a lowercase id such as 'lavrov-visit-2021' (letters, digits, single hyphens)",
    TEXT: "one line of text, not empty, without spaces at either end",
    COUNTRY_CODE: "an ISO 3166-1 alpha-3 country code such as RUS or PAK",
    FIELD_NAME: "a field name such as host_country",
    MARK: "a field name such as host_country, or one item of a list field such as parties[PAK]",
    FILE_NAME: "a bare file name in the sources folder (no folder, no ..)",
    SHA256: "64 lowercase hexadecimal digits",
    LANGUAGE: "a two-letter ISO 639-1 language code such as en",
    URL: "a web address starting http:// or https://, without spaces",
}


def _plain_text(value: object) -> object:
    """No control, invisible or bidi character, and no leading formula sign
    (rusdata.schema.textrules): what a person sees in an editor, a terminal or a spreadsheet is
    what the value is. Checked before the pattern, so the message names the character."""
    problem = text_problem(value) if isinstance(value, str) else None
    if problem:
        raise ValueError(problem)
    return value


Text = Annotated[str, StringConstraints(pattern=TEXT), BeforeValidator(_plain_text)]
# The text's own words: must occur in one of the record's quotes.
Wording = Annotated[str, StringConstraints(pattern=TEXT), BeforeValidator(_plain_text), Verbatim()]
Country = Annotated[str, StringConstraints(pattern=COUNTRY_CODE), AfterValidator(check_code)]


def _country(doc: str) -> str:
    """A country field's description: what it is, then what its codes are (said once)."""
    return f"{doc}. {COUNTRY_DOC}"


# Bounds that every output can hold exactly: a count fits an int64 (SQLite INTEGER, Parquet,
# pandas Int64) and a JSON number without rounding; a decimal has at most 15 significant digits
# (a float, as in pandas and SQLite REAL, keeps them exactly), at most 9 after the point and is
# below 10^15 in magnitude (Parquet and polars decimal128(38, 9)), and its CSV cell stays short.
MAX_INT = 2**53 - 1
MAX_SIGNIFICANT = 15
MAX_DECIMALS = 9
MAX_INTEGER_DIGITS = 15


def _bounded(value: Decimal) -> Decimal:
    """Refuse a decimal no output could hold exactly, from its digits alone (never expanding
    an exponent such as 1e999999999)."""
    if not value.is_finite():
        raise ValueError("must be a finite number")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    significant = "".join(map(str, digits)).lstrip("0")
    trailing = len(significant) - len(significant.rstrip("0"))
    if not significant:
        return value  # zero, however written
    if len(significant) - trailing > MAX_SIGNIFICANT:
        raise ValueError(f"has more than {MAX_SIGNIFICANT} significant digits")
    if -(exponent + trailing) > MAX_DECIMALS:
        raise ValueError(f"has more than {MAX_DECIMALS} digits after the decimal point")
    if len(significant) + exponent > MAX_INTEGER_DIGITS:
        raise ValueError(f"must be less than 10^{MAX_INTEGER_DIGITS} in magnitude")
    return value


# A decimal written as a YAML number or string. Its JSON Schema is spelled out because pydantic
# renders Decimal differently across minor versions, and schemas/ must be byte-stable.
NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?$"


def _ascii_number(value: object) -> object:
    # Decimal() reads Arabic-Indic and full-width digits ('١٢' is 12): only ASCII digits pass.
    if isinstance(value, str) and not re.fullmatch(NUMBER, value):
        raise ValueError("must be a number written with the digits 0-9, e.g. 790000000 or 1.6")
    return value


Number = Annotated[
    Decimal,
    BeforeValidator(_ascii_number),
    AfterValidator(_bounded),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER}]}),
]

SourceRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("sources")]
PersonRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("people")]
VisitRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("visits")]
ExerciseRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("exercises")]
AgreementRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("agreements")]
ArmsTransferRef = Annotated[str, StringConstraints(pattern=SLUG), Ref("arms_transfers")]

# Every partial date `X` has `X_qualifier` and `X_text` right after it (`date`: `date_qualifier`,
# `date_text`), declared once with `dated(...)`.
DATE_DOC = f"When. {DATE_DESCRIPTION}"
DATE_QUALIFIER_DOC = (
    "How sure the text is of the whole date: EDTF's ~ (approximate: 'about 2015') or ? "
    "(uncertain: 'possibly', or only implied); exact, or empty, when the text states it; "
    "inferred when the date is our reading (marked in `inferred` with the reason), never empty "
    "then. Words that narrow a stated year or decade ('early 2018', 'summer of 2015', "
    "'mid-1970s') do not make it approximate: they stay in the wording"
)
DATE_TEXT_DOC = (
    "The date exactly as the text words it (e.g. 'summer of 2015', 'last month'). The date is "
    "no more precise than its wording: 'April 2018' is 2018-04, never 2018-05 or 2018-04-15, "
    "'In 1999' is 1999; a relative wording ('last month') is resolved only as an inference, "
    "against the source's date"
)


# The endings of a partial date's two companions: how sure the text is of it, and its wording.
COMPANIONS = ("_qualifier", "_text")


@dataclass(frozen=True)
class Dated:
    """A partial-date field declared with its companions: `X` (the date), `X_qualifier` (how
    sure the text is of it) and `X_text` (its wording), made by `Model`'s metaclass."""

    description: str
    wording: str = DATE_TEXT_DOC
    verbatim: bool = True  # `X_text` is the text's own words (checked against the quotes)
    required: bool = False


def dated(
    description: str = DATE_DOC,
    *,
    wording: str = DATE_TEXT_DOC,
    verbatim: bool = True,
    required: bool = False,
) -> Any:
    """Declare a partial date and its `_qualifier` and `_text` companions in one line:
    `date: PartialDate | None = dated("When. ...")`. `verbatim=False` where the wording is not
    held to quotes (a source's own dates, the timeline's copy)."""
    return Dated(description, wording, verbatim, required)


class _DatedFields(ModelMetaclass):
    """Expands each `dated(...)` field into the date and its two companions, in place, before
    pydantic collects the fields (so the columns keep their order)."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> type:
        if any(isinstance(v, Dated) for v in namespace.values()):
            annotations: dict[str, Any] = {}
            for field, annotation in namespace.get("__annotations__", {}).items():
                annotations[field] = annotation
                spec = namespace.get(field)
                if not isinstance(spec, Dated):
                    continue
                default = ... if spec.required else None
                namespace[field] = Field(default, description=spec.description)
                annotations[f"{field}_qualifier"] = DateQualifier | None
                namespace[f"{field}_qualifier"] = Field(None, description=DATE_QUALIFIER_DOC)
                annotations[f"{field}_text"] = (Wording if spec.verbatim else Text) | None
                namespace[f"{field}_text"] = Field(None, description=spec.wording)
            namespace["__annotations__"] = annotations
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Model(BaseModel, metaclass=_DatedFields):
    # defer_build: a model's validator is built when first used, so importing the
    # models (e.g. to read one table) does not pay for all of them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            # No private attributes and no extras (extra="forbid"): a name not found is absent.
            # pydantic's own fallback raises twice, and `getattr(record, field, None)` over
            # fields a table lacks was a third of building the timeline.
            raise AttributeError(name)


# ---------------------------------------------------------------- child rows (link tables)


class Citation(Model):
    """A verbatim quote from a source that states the fact."""

    source: SourceRef = Field(description="The source the quote is taken from")
    quote: Annotated[Text, Label()] = Field(
        max_length=600,
        description="The shortest span that states the fact, copied character for character "
        "from the text (one line; a quote across a paragraph break becomes two citations)",
    )
    locator: Text | None = Field(None, description="Where in the text, e.g. 'caption', 'para 4'")
    speaker: PersonRef | None = Field(
        None, description="The person whose words the quote reports, where it reports someone's"
    )
    note: Text | None = Field(None, description="Why this quote, or how it is read")


class Participant(Model):
    """A person who takes part in a record, and in what role."""

    person: PersonRef = Field(description="The person")
    role: Role = Field(description="The person's part in the record")


class Inference(Model):
    """One value of a record that is our reading, not stated by the record's quotes."""

    field: Annotated[str, StringConstraints(pattern=MARK)] = Field(
        description="The field of the record whose value is inferred, or one item of a list "
        "field, written `field[item]` by the item's value (`parties[PAK]`, "
        "`aliases[Sergei Shigu]`; for `people` the person's id, `people[sergey-shoigu]`)"
    )
    reason: Annotated[Text, Label()] = Field(
        description="Why we hold the value although no quote of the record states it, in one line"
    )


Inferred = Annotated[dict[str, Text], Link("inferences", child=Inference)]
INFERRED_DOC = (
    "The fields whose value is our inference rather than stated by one of the record's own "
    "quotes, each with a one-line reason (every other value is stated). A list field whose "
    "items are only partly our reading marks just those items, `field[item]` by the item's "
    "value (`countries[PAK]`; `people[<person id>]`); its other items stay stated"
)
# Fields that can never be inferred: the record's identity, its evidence, and the mapping itself.
NOT_INFERABLE = frozenset({"id", "citations", "inferred"})


# The link tables' own metadata, beside the child models they hold.
LINK_TABLES: dict[str, TableInfo] = {
    info.name: info
    for info in (
        TableInfo(
            "citations",
            "Citations",
            "One row per quote: the verbatim text, from which source, backing which record. "
            "`record_id` refers to a record of the table named in `table`.",
            row="quote backing a record, with its source",
            kind=Kind.LINK,
        ),
        TableInfo(
            "record_people",
            "People in records",
            "Which people each record names, and in what role.",
            row="person named in a record, with a role",
            kind=Kind.LINK,
        ),
        TableInfo(
            "inferences",
            "Inferred values",
            "One row per value that no quote of its record states: the field it fills and why we "
            "hold it. Every value of a record without a row here is stated by one of the record's "
            "quotes (in `citations`). `record_id` refers to a record of the table named in "
            "`table`; `field` is a column of that table (a date field covers its derived columns).",
            row="value of a record that is our inference, with the reason",
            kind=Kind.LINK,
        ),
        TableInfo(
            "identity_records",
            "Reports in identity questions",
            "For each identity question, the record and source of each of its two reports.",
            row="report in an identity question: the record and source that hold it",
            kind=Kind.LINK,
        ),
        TableInfo(
            "discrepancy_records",
            "Versions in disagreements",
            "For each disagreement between the texts, the record and source of each version.",
            row="version in a disagreement: the record and source that hold it",
            kind=Kind.LINK,
        ),
    )
}

Citations = Annotated[list[Citation], Link("citations"), Field(min_length=1)]
People = Annotated[list[Participant], Link("record_people")]


# ---------------------------------------------------------------- records


class Record(Model):
    table: ClassVar[TableInfo]

    id: Slug = Field(description="Lowercase slug, unique in its table; never reused once released")


class Evidenced(Record):
    """A record whose values are each stated by its quotes or marked inferred with a reason."""

    inferred: Inferred = Field(default_factory=dict, description=INFERRED_DOC)

    @classmethod
    def inferable(cls) -> tuple[str, ...]:
        """The fields `inferred` may name."""
        return tuple(f for f in cls.model_fields if f not in NOT_INFERABLE)

    @classmethod
    def itemized(cls) -> tuple[str, ...]:
        """The list fields whose single items `inferred` may mark (`parties[PAK]`): lists of
        values (parties, countries, aliases, roles) and `people` (by person id)."""
        out = []
        for name in cls.inferable():
            annotation = cls.model_fields[name].annotation
            if typing.get_origin(annotation) is not list:
                continue
            (item,) = typing.get_args(annotation)
            base = typing.get_args(item)[0] if typing.get_origin(item) is Annotated else item
            if base is str or base is Participant:
                out.append(name)
        return tuple(out)


class Fact(Evidenced):
    summary: Annotated[Text, Label()] = Field(
        description="One line saying what the record is, in our words"
    )
    status: Status = Field(description="Whether it happened or is only claimed, planned or hoped")
    people: People = Field(default_factory=list, description="The people the record names")
    citations: Citations = Field(description="Quotes that state the fact")
    first_claim: Wording | None = Field(
        None,
        description="A 'first' claim the text makes about it, verbatim (e.g. 'for the first time')",
    )
    note: Text | None = Field(None, description="What the text leaves open, judgement calls")


class Visit(Fact):
    table = TableInfo(
        "visits",
        "High-level contacts",
        "Visits, meetings, telephone calls and conferences between Russian and Pakistani "
        "officials, with their CAMEO event code. One row is one contact: one trip, meeting or "
        "call, however many texts report it (each report is a citation). What was signed on a "
        "visit is its own agreements or arms_transfers row with `visit_id` pointing here; "
        "`topics` never restates it.",
        row="one high-level contact (trip, meeting, call, conference), once whatever texts report it",
        kind=Kind.FACT,
    )
    kind: ContactKind = Field(description="Visit, meeting, telephone call or conference")
    cameo: Cameo = Field(description="CAMEO event code, from the actor's side")
    actor: Country = Field(
        description=_country("The side that visits, calls or sends the delegation")
    )
    counterpart: Country | None = Field(
        None, description=_country("The side visited, called or met")
    )
    place: Annotated[Text, Place()] | None = Field(None, description="Where, as the text names it")
    date: PartialDate | None = dated()
    topics: Text | None = Field(None, description="What the text says was discussed or signed")


class Exercise(Fact):
    table = TableInfo(
        "exercises",
        "Joint military exercises",
        "Joint military exercises and drills, bilateral or multilateral, that Russia and "
        "Pakistan took part in. One row is one exercise (one round of a series is one row, "
        "linked by `previous_id`), whichever texts report it and by whatever names "
        "(`common_name`); two reports the texts do not let us join are two rows and an "
        "`identities` row.",
        row="one exercise or one round of a series, once whatever names the texts give it",
        kind=Kind.FACT,
    )
    name: Annotated[Wording, Name()] = Field(description="The exercise's name as written")
    common_name: Annotated[Wording, Name()] | None = Field(
        None, description="Another name the text gives it"
    )
    kind: ExerciseKind = Field(description="Land, naval, counter-narcotics, ...")
    countries: list[Country] = Field(min_length=1, description=_country("Participating countries"))
    place: Annotated[Text, Place()] | None = Field(None, description="Where, as the text names it")
    host_country: Country | None = Field(None, description=_country("The country it was held in"))
    date: PartialDate | None = dated()
    size: Wording | None = Field(None, description="Size as the text states it, verbatim")
    personnel: int | None = Field(
        None, ge=1, le=MAX_INT, description="Number of personnel, where stated"
    )
    previous_id: ExerciseRef | None = Field(None, description="The earlier round of this series")


class ArmsTransfer(Fact):
    table = TableInfo(
        "arms_transfers",
        "Arms transfers",
        "Arms transfers, orders, offers and talks, with columns close to the SIPRI Arms "
        "Transfers Database's register (supplier, recipient, designation, description, number "
        "ordered, order year, delivery years, number delivered, comments). One row is one "
        "order (a purchase deal is its order: not also an agreements row), one delivery, one "
        "offer or one round of talks; a later delivery under an order links to it by "
        "`previous_id`. Speculation about a sale is a claim, not a row here.",
        row="one arms order (purchase deal), delivery, offer or round of talks",
        kind=Kind.FACT,
    )
    supplier: Country = Field(description=_country("Supplier country"))
    recipient: Country = Field(description=_country("Recipient country"))
    designation: Annotated[Wording, Name()] = Field(
        description="Weapon designation as written (e.g. 'Mi-35M')"
    )
    description: Text = Field(description="What the system is (e.g. 'attack helicopter')")
    number_ordered: int | None = Field(
        None, ge=1, le=MAX_INT, description="Number ordered, where stated"
    )
    order_date: PartialDate | None = dated(f"When ordered or agreed. {DATE_DESCRIPTION}")
    number_delivered: int | None = Field(
        None, ge=1, le=MAX_INT, description="Number delivered, where stated"
    )
    delivery_date: PartialDate | None = dated(f"When delivered. {DATE_DESCRIPTION}")
    agreement_id: AgreementRef | None = Field(None, description="The agreement behind it")
    visit_id: VisitRef | None = Field(None, description="The visit during which it was agreed")
    previous_id: ArmsTransferRef | None = Field(
        None, description="The earlier order or delivery this one follows"
    )


class Agreement(Fact):
    table = TableInfo(
        "agreements",
        "Agreements and bodies",
        "Agreements, memoranda, joint commissions, working groups and training arrangements. "
        "One row is one agreement or body, whichever texts report it; the visit it was signed "
        "on links by `visit_id` (the visit does not restate it); an arms purchase deal is an "
        "arms_transfers row, and a prospect of an agreement is a claim.",
        row="one agreement, memorandum, commission, working group or training arrangement",
        kind=Kind.FACT,
    )
    kind: AgreementKind = Field(description="Agreement, memorandum, commission, ...")
    name: Annotated[Wording, Name()] = Field(description="The name or description as written")
    parties: list[Country] = Field(min_length=1, description=_country("The parties"))
    date: PartialDate | None = dated()
    subject: Text | None = Field(None, description="What it covers")
    visit_id: VisitRef | None = Field(None, description="The visit during which it was signed")


class TradeFigure(Fact):
    table = TableInfo(
        "trade",
        "Trade, investment and aid",
        "Trade, investment and aid figures, with value and unit, and the period exactly as "
        "stated (empty where the text gives none). One row is one figure for one flow and "
        "period; a project the money went to is its pipelines row, not restated here. An "
        "expected trade is a claim.",
        row="one trade, investment or aid figure (one flow, one period)",
        kind=Kind.FACT,
    )
    kind: FigureKind = Field(description="Trade, investment or aid")
    from_country: Country | None = Field(
        None, description=_country("Giver or exporter, where one-way")
    )
    to_country: Country | None = Field(
        None, description=_country("Receiver or importer, where one-way")
    )
    item: Text = Field(description="What is measured (e.g. 'bilateral trade')")
    value: Number | None = Field(
        None,
        description="The figure in full, in `unit`: the stated number with its scale word "
        "multiplied in ('$790 million' is 790000000, never 790)",
    )
    unit: Text | None = Field(
        None,
        description="Unit of `value`, without a scale word (e.g. 'USD', 'doses'); a currency "
        "is stated by its code or name ('USD', 'US$', 'US dollar'), so a bare '$' read as USD "
        "is inferred",
    )
    value_text: Wording | None = Field(None, description="The figure as the text words it, if any")
    change_percent: Number | None = Field(None, description="Stated change, in per cent")
    period: PartialDate | None = dated(
        f"The period the figure is for. {DATE_DESCRIPTION}",
        wording="The period as the text words it",
    )


class PipelineProject(Fact):
    table = TableInfo(
        "pipelines",
        "Pipelines, energy and connectivity projects",
        "Gas pipelines, railways, coal, steel mills and other energy or connectivity projects. "
        "One row is one project, under whatever names the texts give it (one project renamed "
        "is one row); its steps (agreed, protocols discussed) are its status and citations.",
        row="one pipeline, energy or connectivity project, once under all its names",
        kind=Kind.FACT,
    )
    name: Annotated[Wording, Name()] = Field(description="The project's name as written")
    kind: ProjectKind = Field(description="Gas pipeline, railway, coal, steel, ...")
    countries: list[Country] = Field(
        min_length=1, description=_country("Countries on the route or party")
    )
    route: Annotated[Text, Place()] | None = Field(
        None, description="The route as the text gives it"
    )
    capacity: Number | None = Field(
        None,
        description="Capacity in full, in `capacity_unit`: the stated number with its scale "
        "word multiplied in ('1.6 billion cubic feet per day' is 1600000000)",
    )
    capacity_unit: Text | None = Field(
        None, description="Unit of `capacity`, without a scale word (e.g. 'cubic feet per day')"
    )
    capacity_text: Wording | None = Field(None, description="The capacity as the text words it")
    date: PartialDate | None = dated()


class Milestone(Fact):
    table = TableInfo(
        "milestones",
        "Milestones",
        "Events and turns in the relationship that fit no other table: e.g. the establishment "
        "of diplomatic relations, a policy adopted or ended, a period in which ties improved or "
        "cooled. One row is one event or turn, held once: a turn another table holds (an "
        "agreement, a visit) is not repeated here. Only events: an author's or speaker's "
        "assessment, motive, prediction, recommendation or reassurance is a row of `claims`. "
        "Many turns are undated: the texts give none.",
        row="one event or turn in the relationship that fits no other table (never an opinion)",
        kind=Kind.FACT,
    )
    kind: MilestoneKind = Field(description="Diplomatic, policy or relations")
    countries: list[Country] = Field(min_length=1, description=_country("The countries concerned"))
    date: PartialDate | None = dated()


class Person(Evidenced):
    table = TableInfo(
        "people",
        "People",
        "Every person the texts name, once, with the roles and every spelling they use. One "
        "row is one person, however many spellings.",
        row="person named in the texts, with every spelling as `aliases`",
        kind=Kind.REFERENCE,
    )
    name: Annotated[Wording, Name(), Label()] = Field(
        description="The name in its most common spelling in the texts"
    )
    aliases: list[Wording] = Field(
        default_factory=list, description="Every other spelling the texts use"
    )
    country: Country | None = Field(None, description=_country("The country the person serves"))
    roles: list[Wording] = Field(default_factory=list, description="Roles as the texts give them")
    citations: Annotated[list[Citation], Link("citations")] = Field(
        default_factory=list, description="Quotes that name the person and give the roles"
    )
    note: Text | None = Field(None, description="Anything the texts leave open")


class Source(Record):
    table = TableInfo(
        "sources",
        "Sources",
        "The articles the dataset is encoded from; their texts are not redistributed, "
        "only their SHA-256. What each text says of itself (title, author, publisher, date) is "
        "kept apart from where we found it published (`located_url`), what that location "
        "itself shows (`located_note`, a date in its URL as `located_date`) and how the "
        "location was established (`location_evidence`).",
        row="article: file name, SHA-256, what the text says of itself, where it was found",
        kind=Kind.REFERENCE,
    )
    file: Annotated[
        str, StringConstraints(pattern=FILE_NAME, max_length=255), Label(fallback=True)
    ] = Field(description="The text's file name in the sources folder (a bare name, no path)")
    sha256: Annotated[str, StringConstraints(pattern=SHA256)] = Field(
        description="SHA-256 of the text file, hex"
    )
    bytes: int = Field(ge=1, le=MAX_INT, description="Size of the text file in bytes")
    title: Annotated[Text, Label()] | None = Field(
        None, description="Headline, as the text gives it"
    )
    author: Text | None = Field(None, description="Author, only if the text names one")
    publisher: Text | None = Field(None, description="Publisher, only if the text names one")
    credited: PersonRef | None = Field(
        None,
        description="A person the text's byline or closing note names, where it does not "
        "say outright that the person wrote it (the note says what it does say)",
    )
    date_published: PartialDate | None = dated(
        f"Publication date, if the text states it. {DATE_DESCRIPTION}", verbatim=False
    )
    genre: Genre = Field(description="News report, op-ed or analysis, as the text shows it")
    language: Annotated[str, StringConstraints(pattern=LANGUAGE)] = Field(
        "en", description="ISO 639-1 language code"
    )
    note: Text | None = Field(None, description="What the text itself says of author and date")
    located_url: Url | None = Field(
        None,
        description="Where we found the text published on the web (a fact about the source, "
        "not stated by the text; empty: not found)",
    )
    located_date: PartialDate | None = dated(
        "A date the location itself shows, in its URL; not a date the text states. "
        + DATE_DESCRIPTION,
        wording="The date as the URL writes it (e.g. '2018/04/05')",
        verbatim=False,
    )
    located_note: Text | None = Field(
        None, description="What the location itself shows: site, byline, outlet, date, or none"
    )
    location_evidence: Text | None = Field(
        None, description="How the location was established (e.g. what matches the text)"
    )


# ---------------------------------------------------------------- claims and identity (issue 21)
# Claims are what someone thinks, wants or expects, apart from the events of the fact tables;
# identities are the questions whether two reports are one thing. Both are defined here, before
# `Version`, so that a disagreement's or an identity's report can point at a claim.


class Claim(Evidenced):
    table = TableInfo(
        "claims",
        "Claims",
        "Assessments, motives, predictions, recommendations and reassurances that a text's "
        "author, a person it names, or unnamed experts or sources it cites make about the "
        "relationship. One row is one claim of one claimant (the same view held by two "
        "claimants is two rows). A claim has no status: it never says that something "
        "happened; what happened is a row of a fact table.",
        row="one assessment, motive, prediction, recommendation or reassurance of one claimant",
        kind=Kind.CLAIM,
    )
    summary: Annotated[Text, Label()] = Field(
        description="What is claimed, in one line, in our words"
    )
    kind: ClaimKind = Field(description="Assessment, motive, prediction, recommendation, ...")
    claimant: Claimant = Field(
        description="Who makes the claim: the source's author, a named person, unnamed "
        "experts or unnamed sources"
    )
    claimant_person: PersonRef | None = Field(
        None, description="The person who makes it, when `claimant` is `person`"
    )
    source: SourceRef = Field(description="The text that makes or reports the claim")
    countries: list[Country] = Field(
        min_length=1, description=_country("The countries the claim is about")
    )
    stance: Stance = Field(
        description="How the claim bears on the ties between those countries: positive, "
        "negative, mixed or neutral"
    )
    hedge: Wording | None = Field(
        None,
        description="The word that hedges the claim, as the text has it (e.g. 'might', "
        "'seemingly'), where it has one",
    )
    citations: Citations = Field(description="Quotes that make the claim")
    note: Text | None = Field(None, description="What the text leaves open, judgement calls")


class Version(Model):
    """One record's version of a fact on which the texts disagree, or one report in an
    identity question."""

    target_table: VersionTarget = Field(
        description="The table of the record that holds this version"
    )
    target_id: Annotated[str, StringConstraints(pattern=SLUG), Ref(by="target_table")] = Field(
        description="The id of the record that holds this version"
    )
    source: SourceRef = Field(description="The source that gives this version")
    value: Annotated[Text, Label()] = Field(description="What this source says, in brief")


class Report(Version):
    """One of the two reports in an identity question: the record that holds it and the source
    that gives it (its own class, so that its rows are their own link table)."""


class Discrepancy(Evidenced):
    table = TableInfo(
        "discrepancies",
        "Disagreements between the texts",
        "Where the texts disagree about what the dataset holds as one thing (a date, a "
        "spelling, a count, a name, a chronology): what differs, each version with its record "
        "and source, and the quotes. One row is one disagreement. A text that contradicts "
        "itself about one fact counts (its two versions cite the same source); a spelling or "
        "wording variant within one text does not, nor do texts that describe different "
        "periods or things in different words. Whether two reports are one thing at all is "
        "not a disagreement: that is a row of `identities` (the rows with aspect `identity` "
        "are withdrawn and say where they went).",
        row="one disagreement about one thing, between two texts or within one",
        kind=Kind.REFERENCE,
    )
    aspect: Aspect = Field(description="What the texts disagree on")
    summary: Annotated[Text, Label()] = Field(description="What differs, in one line")
    versions: Annotated[list[Version], Link("discrepancy_records"), Field(min_length=2)] = Field(
        description="Each record's version"
    )
    citations: Citations = Field(description="The quotes that state each version")
    withdrawn: Text | None = Field(
        None,
        description="Why the dataset no longer holds this as a disagreement of the texts; the "
        "record stays, so a released id never dangles (empty: a current disagreement)",
    )
    note: Text | None = Field(None, description="How the dataset handles it")


class Identity(Evidenced):
    table = TableInfo(
        "identities",
        "Identity questions",
        "Whether two reports (a record and the source that reports it, twice) are of one "
        "real-world thing, with a verdict: same (a text says so), probably_same (our reading, "
        "the records merged into one), unclear (kept as two records), different. One row is "
        "one pair of reports. A merged pair names the same record twice, with its two "
        "sources; a verdict no quote states is marked inferred with the reason. Counting "
        "strictly takes the rows as they are; counting merged also joins the `unclear` pairs.",
        row="one question whether two reports are one thing, with the verdict and why",
        kind=Kind.REFERENCE,
    )
    question: Annotated[Text, Label()] = Field(
        description="The two reports and what joins them, in one line"
    )
    verdict: IdentityVerdict = Field(description="Same, probably same, unclear or different")
    reports: Annotated[
        list[Report], Link("identity_records"), Field(min_length=2, max_length=2)
    ] = Field(description="The two reports: each one's record and source, and what it says")
    citations: Citations = Field(description="The quotes of both reports")
    note: Text | None = Field(None, description="What would settle it, judgement calls")


# ---------------------------------------------------------------- generated tables


class TimelineEntry(Model):
    """A row of the generated `timeline`: one dated event of a fact record."""

    date: PartialDate = dated(verbatim=False, required=True)
    table: FactTable = Field(description="The table of the record (as in `citations.table`)")
    record_id: Annotated[str, StringConstraints(pattern=SLUG), Ref(by="table")] = Field(
        description="The id of the record in that table"
    )
    date_field: DateField = Field(
        description="Which of the record's dates this row is (e.g. `order_date`)"
    )
    status: Status = Field(description="The record's status: happened, claimed, planned, ...")
    summary: Annotated[Text, Label()] = Field(description="The record's one-line summary")


TIMELINE = TableInfo(
    "timeline",
    "Timeline",
    "Every dated event across the fact tables, sorted by date: one row per date a record "
    "states (an arms transfer's order and delivery are two rows). Generated from the other "
    "tables; the quotes are in `citations` under the same `table` and `record_id`.",
    row="stated date of a fact record (generated; start here)",
    kind=Kind.DERIVED,
)


# Generated tables, derived from the records rather than written in YAML.
GENERATED: dict[str, tuple[TableInfo, type[Model]]] = {"timeline": (TIMELINE, TimelineEntry)}


# ---------------------------------------------------------------- link-table rows (accessors)


class LinkRow(Model):
    table: str = Field(description="The table of the record this row belongs to")
    record_id: Annotated[str, StringConstraints(pattern=SLUG), Ref(by="table")] = Field(
        description="The id of that record"
    )
    ordinal: int = Field(ge=1, description="Position in the record's list, from 1")


# The key of every link table, in column order: (table, record_id, ordinal).
LINK_KEYS: tuple[str, ...] = tuple(LinkRow.model_fields)


class CitationRow(Citation, LinkRow):
    """A row of `citations.csv`: a quote and the record it backs."""


class ParticipantRow(Participant, LinkRow):
    """A row of `record_people.csv`: a person named in a record."""


class VersionRow(Version, LinkRow):
    """A row of `discrepancy_records.csv`: one version in a disagreement."""


class ReportRow(Report, LinkRow):
    """A row of `identity_records.csv`: one report in an identity question."""


class InferenceRow(Model):
    """A row of `inferences.csv`: one inferred value of a record, with the reason."""

    table: str = Field(description="The table of the record whose value is inferred")
    record_id: Annotated[str, StringConstraints(pattern=SLUG), Ref(by="table")] = Field(
        description="The id of that record"
    )
    field: str = Field(description="The field of the record whose value is inferred")
    reason: Annotated[Text, Label()] = Field(
        description="Why the value is held although no quote states it"
    )


ROW_MODELS: dict[type[Model], type[Model]] = {
    Citation: CitationRow,
    Participant: ParticipantRow,
    Version: VersionRow,
    Report: ReportRow,
    Inference: InferenceRow,
}


# ---------------------------------------------------------------- the table registry

# Every record table, in package order: the last section of this module, so that a new table's
# class is written above it. Listing a model here is the one step that makes it a table: its
# YAML file, CSV, schemas, accessor and docs follow, and a fact table's dates join the timeline
# and the figure (its `table.kind` says which it is). A Record subclass left out is reported by
# validate (`unregistered()`). Link tables are declared in LINK_TABLES, generated ones in
# GENERATED.
REGISTERED: tuple[type[Record], ...] = (
    Visit,
    Exercise,
    ArmsTransfer,
    Agreement,
    TradeFigure,
    PipelineProject,
    Milestone,
    Person,
    Source,
    Claim,
    Discrepancy,
    Identity,
)

TABLES: dict[str, type[Record]] = {model.table.name: model for model in REGISTERED}
FACT_TABLES = [name for name, m in TABLES.items() if m.table.fact]
# Every partial-date field of a fact table: the dates the timeline is made of.
DATE_FIELDS = tuple(
    dict.fromkeys(
        name
        for table in FACT_TABLES
        for name, info in TABLES[table].model_fields.items()
        if PartialDate in (info.annotation, *typing.get_args(info.annotation))
    )
)
# The allowed values the models above spell by name, resolved now that the registry is known.
if typing.TYPE_CHECKING:
    VersionTarget: typing.TypeAlias = str
    FactTable: typing.TypeAlias = str
    DateField: typing.TypeAlias = str
else:
    # A disagreement's version, or an identity's report, may point at a record of any table
    # but the disagreements' and the identity questions' own.
    VersionTarget = Literal[
        tuple(n for n, m in TABLES.items() if not issubclass(m, Discrepancy | Identity))
    ]
    FactTable = Literal[tuple(FACT_TABLES)]
    DateField = Literal[DATE_FIELDS]
for _model in (Version, Report, VersionRow, ReportRow, TimelineEntry):
    _model.model_rebuild(force=True)


def unregistered() -> list[tuple[str, int, str]]:
    """(file, line, class name) of every model that looks like a table but is not in
    REGISTERED: a Record subclass that sets its own `table`, or one that no registered table
    extends."""
    import inspect

    bases = {b for m in REGISTERED for b in m.__mro__}
    found: list[tuple[str, int, str]] = []
    todo: list[type[Record]] = [Record]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        # Only the project's own code: a test may define a throwaway model.
        if cls in bases or not cls.__module__.startswith("rusdata."):
            continue
        try:
            path, line = inspect.getsourcefile(cls) or "?", inspect.getsourcelines(cls)[1]
        except (OSError, TypeError):
            path, line = cls.__module__, 0
        found.append((path, line, cls.__name__))
    return sorted(found)
