"""Controlled vocabularies: every enum a column may take, each value with a human label.

The labels flow into the Table Schema `categories`, the JSON Schemas and the docs.
"""

from __future__ import annotations

from enum import StrEnum


class Vocab(StrEnum):
    """A string enum whose members carry a label: `OCCURRED = "occurred", "Took place"`."""

    label: str

    def __new__(cls, value: str, label: str) -> Vocab:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Status(Vocab):
    """What the text says of a fact: whether it happened, or is only claimed, planned or hoped."""

    OCCURRED = "occurred", "Took place, as the text reports it"
    ONGOING = "ongoing", "Under way at the time of writing"
    SIGNED = "signed", "Signed, concluded or formed (agreements, commissions, deals)"
    AGREED = "agreed", "The parties agreed on it; no signature or execution reported"
    DELIVERED = "delivered", "Delivered or received (arms transfers, aid)"
    ORDERED = "ordered", "Ordered or bought; delivery not reported"
    ANNOUNCED = "announced", "Announced or pledged by a party"
    PLANNED = "planned", "Scheduled or intended; not yet done at the time of writing"
    OFFERED = "offered", "Offered by one party"
    UNDER_NEGOTIATION = "under_negotiation", "Under discussion or negotiation"
    SPECULATED = (
        "speculated",
        "Only speculated, predicted or wished for by the author or a person quoted",
    )
    REPORTED = (
        "reported",
        "Known only from others' reports ('according to media reports', 'reportedly'): the "
        "text does not say it happened",
    )
    RECOMMENDED = "recommended", "Recommended by the author; not a reported event"
    MENTIONED = "mentioned", "Only named or listed by the text, which states no status"


# Statuses that report a fact as done: the figure draws them filled, and a fact whose every
# quote is hedged may not have one (rule hedged-not-event).
DONE = frozenset(
    {
        Status.OCCURRED,
        Status.ONGOING,
        Status.SIGNED,
        Status.AGREED,
        Status.DELIVERED,
        Status.ORDERED,
    }
)


class DateQualifier(Vocab):
    """How sure the text is of a whole date (EDTF level 1's `~`, `?`), or that the date is our
    inference (no EDTF sign: EDTF qualifies what a source says, not who read it). A word that
    narrows a stated year or decade ('early 2018', 'summer of 2015', 'mid-1970s') does not make
    the date approximate: the year or decade is stated, and the word stays in the wording."""

    EXACT = "exact", "Stated as it is recorded"
    APPROXIMATE = "approximate", "Stated as approximate (e.g. 'about 2015', 'around 1970')"
    UNCERTAIN = "uncertain", "The text hedges whether the date holds, or only implies it"
    INFERRED = (
        "inferred",
        "Our reading, not the text's: the date is marked in the record's `inferred` with the "
        "reason (e.g. a relative 'last month' resolved against the source's date)",
    )


class Precision(Vocab):
    """The precision of a partial date, derived from its form."""

    DECADE = "decade", "Decade only (197X)"
    YEAR = "year", "Year only (YYYY)"
    MONTH = "month", "Year and month (YYYY-MM)"
    DAY = "day", "Full date (YYYY-MM-DD)"


class ContactKind(Vocab):
    """The form a high-level contact takes."""

    VISIT = "visit", "A visit by an official or a delegation"
    MEETING = "meeting", "A meeting or talks"
    PHONE_CALL = "phone_call", "A telephone call"
    CONFERENCE = "conference", "A conference, forum or summit attended"


class Cameo(Vocab):
    """CAMEO event codes, for joins with GDELT/ICEWS-style event data."""

    TELEPHONE = "041", "Discuss by telephone"
    MAKE_VISIT = "042", "Make a visit"
    HOST_VISIT = "043", "Host a visit"
    MEET_THIRD = "044", "Meet at a 'third' location"
    SIGN_AGREEMENT = "057", "Sign formal agreement"


class ExerciseKind(Vocab):
    """The kind of joint exercise, as the text names it."""

    LAND = "land", "Land forces exercise"
    NAVAL = "naval", "Naval exercise or drill"
    COUNTER_NARCOTICS = "counter_narcotics", "Counter-narcotics exercise"
    COUNTER_TERRORISM = "counter_terrorism", "Counter-terrorism (anti-terrorist) exercise"
    MOUNTAIN = "mountain", "Mountain warfare exercise"
    MULTILATERAL = "multilateral", "Multilateral exercise with several countries"
    OTHER = "other", "Kind not stated"


class AgreementKind(Vocab):
    """The kind of agreement or joint body."""

    AGREEMENT = "agreement", "Agreement or treaty"
    MEMORANDUM = "memorandum", "Memorandum of understanding"
    DEAL = "deal", "Purchase deal or contract"
    COMMISSION = "commission", "Joint commission"
    WORKING_GROUP = "working_group", "Joint working group"
    TRAINING = "training", "Training arrangement"
    PROTOCOL = "protocol", "Protocol to an agreement or project"


class FigureKind(Vocab):
    """What an economic figure measures."""

    TRADE = "trade", "Trade volume"
    INVESTMENT = "investment", "Investment"
    AID = "aid", "Aid or donation"


class ProjectKind(Vocab):
    """The sector of a pipeline, energy or connectivity project."""

    GAS_PIPELINE = "gas_pipeline", "Gas pipeline"
    RAILWAY = "railway", "Railway"
    COAL = "coal", "Coal mining or power"
    STEEL = "steel", "Steel mill"
    CORRIDOR = "corridor", "Economic corridor or multi-sector connectivity programme"
    ENERGY = "energy", "Other energy project"


class MilestoneKind(Vocab):
    """What kind of turn in the relationship a milestone marks."""

    DIPLOMATIC = "diplomatic", "Diplomatic relations and recognition"
    POLICY = "policy", "A policy decision or shift"
    RELATIONS = "relations", "A turn in the relationship as a whole"


class Genre(Vocab):
    """The kind of article a source is."""

    NEWS_REPORT = "news_report", "News report"
    OP_ED = "op_ed", "Opinion piece (op-ed)"
    ANALYSIS = "analysis", "Analysis or commentary"


class Role(Vocab):
    """The part a person plays in a record."""

    PRINCIPAL = "principal", "Leads the visit, makes the call, or heads the side that acts"
    COUNTERPART = "counterpart", "Hosts, receives the call, or meets the principal"
    ACCOMPANYING = "accompanying", "Accompanies the principal"
    SIGNATORY = "signatory", "Signs the agreement"
    LEADER = "leader", "Leads a delegation or a side"
    SUBJECT = "subject", "The record is about the person's decision or action"


class Aspect(Vocab):
    """What two texts disagree on."""

    DATE = "date", "A date"
    SPELLING = "spelling", "The spelling of a name"
    COUNT = "count", "A number or count"
    IDENTITY = (
        "identity",
        "Whether two reports are one thing (withdrawn since 2.0.0: such questions are identities)",
    )
    CHRONOLOGY = "chronology", "The order of events, or a 'first' claim"
    STATUS = "status", "Whether something happened, was agreed, or is still discussed"
    NAME = "name", "The name of a project, exercise or body"


# ---------------------------------------------------------------- claims and identity (issue 21)


class ClaimKind(Vocab):
    """What sort of statement a claim is. A claim says what someone thinks or wants, never
    that something happened: that is an event in a fact table."""

    ASSESSMENT = "assessment", "A judgement of how things are or were ('not much has materialized')"
    MOTIVE = "motive", "Why a side acts, or what drives the relationship (interests, causes)"
    PREDICTION = "prediction", "What will or could happen ('will form an axis of stability')"
    RECOMMENDATION = "recommendation", "What should be done ('should be promoted')"
    REASSURANCE = "reassurance", "That something need not be feared ('not aimed against any third')"


class Claimant(Vocab):
    """Who makes a claim, as the text attributes it."""

    AUTHOR = "author", "The source's author, in their own voice"
    PERSON = "person", "A person the text names (`claimant_person`)"
    EXPERTS = "experts", "Unnamed experts or analysts the text cites ('experts believe')"
    SOURCES = "sources", "Unnamed sources or media the text cites ('sources state')"


class Stance(Vocab):
    """How a claim bears on the relations between the countries it is about."""

    POSITIVE = "positive", "Ties are, or will be, close, improving or beneficial"
    NEGATIVE = "negative", "Ties are, or will be, distant, strained or limited"
    MIXED = "mixed", "Both: a positive and a negative side"
    NEUTRAL = "neutral", "Neither: describes without judging the ties"


class IdentityVerdict(Vocab):
    """Whether two reports are of one real-world thing."""

    SAME = "same", "One thing: a text says so"
    PROBABLY_SAME = "probably_same", "Very likely one thing (our reading; the record says why)"
    UNCLEAR = "unclear", "The texts do not let us decide: kept as two records"
    DIFFERENT = "different", "Two things"
