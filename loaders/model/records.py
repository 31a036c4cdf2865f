"""Pydantic models: the one definition of every record the loaders read or write.

Allowed indicators, subtypes, units and qualifiers come from the vocabulary table
(`vocabulary.yaml`); the vectorised table checks and the JSON Schemas derive from these models.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    computed_field,
    field_validator,
    model_validator,
)

from loaders.model.vocabulary import VOCABULARY

#: What a figure counts: the indicators of the vocabulary table. (The members come from
#: vocabulary.yaml, which a type checker cannot read: it sees an enum without members.)
Indicator = StrEnum(  # type: ignore[misc]
    "Indicator", {name: name for name in VOCABULARY.indicators}
)

#: How the source hedged the number: the qualifiers of the vocabulary table.
Qualifier = StrEnum(  # type: ignore[misc]
    "Qualifier", {name: name for name in VOCABULARY.qualifiers}
)
#: A number given as it is, with no hedge: the default qualifier.
EXACT = Qualifier("exact")
#: "More than", "over", "at least": the hedge a reader may mistake for a particle.
MORE_THAN = Qualifier("more_than")


class Method(StrEnum):
    """Where a figure was read: article text or a curated table."""

    extracted = "extracted"
    curated = "curated"


class Modality(StrEnum):
    """Whether a figure counts what happened or what may happen: a forecast, warning, plan,
    target or appeal aim is `projected` and never headlines."""

    reported = "reported"
    projected = "projected"


class Per(StrEnum):
    """The period of a rate ("an average of 1,200 a day"): neither a stock nor one day's count."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


class PlaceKind(StrEnum):
    """Kinds of gazetteer entries; `route` covers lines such as a corridor."""

    city = "city"
    town = "town"
    village = "village"
    checkpoint = "checkpoint"
    region = "region"
    country = "country"
    route = "route"


NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]

#: The note of a figure that is one part of a total its sentence gives first ('part of
#: 2,192', whatever the article's language): a subgroup, never the whole (`is_part_note`).
PART_NOTE = "part of {:,.0f}"
_PART_NOTE_RE = re.compile(r"part of \d[\d,]*")


def part_note(total: float) -> str:
    """The note of a part of `total` ('part of 2,192')."""
    return PART_NOTE.format(total)


def part_total(note: str) -> float | None:
    """The total a part's note names ('part of 2,192': 2192), or None for another note."""
    found = _PART_NOTE_RE.fullmatch(note.strip())
    return float(found.group().removeprefix("part of ").replace(",", "")) if found else None


#: The note of a figure that is some of the people its sentence counts, its whole not given
#: ('at least 21 of the deceased ... were civilians', whatever the article's language).
SOME_NOTE = "some of those counted"


def is_part_note(note: str) -> bool:
    """Whether `note` says its figure is a part of a total (`part_note`, `SOME_NOTE`), the
    casualties taken elsewhere (`taken_note`), about a place the gazetteer lacks
    (`unknown_place_note`), about some places of a country (`listed_note`) or one agency's own
    (`agency_note`): a subgroup, never the whole."""
    text = note.strip()
    return (
        _PART_NOTE_RE.fullmatch(text) is not None
        or text == SOME_NOTE
        or note.startswith((_TAKEN_PREFIX, _UNKNOWN_PLACE_PREFIX))
        or (note.startswith(_LISTED_PREFIX) and note.endswith(_LISTED_SUFFIX))
        or is_agency_note(text)
    )


#: The note of a toll of every side of a fight ('400 killed on both sides', whatever the
#: article's language): the whole, never the place of one side, nor a part.
ALL_SIDES_NOTE = "on all sides"


#: The note of casualties taken to a place for care ('taken to Tehran', whatever the article's
#: language): some of the injured or the dead, never all of them (`is_part_note`).
TAKEN_NOTE = "taken to {}"
_TAKEN_PREFIX = TAKEN_NOTE.format("")


def taken_note(place_name: str) -> str:
    """The note of casualties taken to `place_name` ('taken to Tehran')."""
    return TAKEN_NOTE.format(place_name)


#: The note of a figure about a place the gazetteer lacks ('En Zimbaue, ... entre 185 y 259'),
#: with the name as written: a part of the situation, never its whole (`is_part_note`); adding
#: the place (`places add`) lets the extractor place it.
UNKNOWN_PLACE_NOTE = "place not in the gazetteer: {}"
_UNKNOWN_PLACE_PREFIX = UNKNOWN_PLACE_NOTE.format("")


def unknown_place_note(name: str) -> str:
    """The note of a figure about `name`, a place the gazetteer lacks."""
    return UNKNOWN_PLACE_NOTE.format(name)


#: The note of a figure about a list of places inside one country, whose place is that country
#: ('54 ... in den Separatistengebieten Donezk und Luhansk'): some of the country, a part of
#: the situation, never its whole (`is_part_note`).
LISTED_NOTE = "in {} only"
_LISTED_PREFIX = "in "
_LISTED_SUFFIX = " only"


def listed_note(names: list[str]) -> str:
    """The note of a figure about the places named `names` ('in Donetsk and Luhansk only')."""
    head = ", ".join(names[:-1])
    return LISTED_NOTE.format(f"{head} and {names[-1]}" if head else names[-1])


#: The note of people one aid agency says it reached ('The IOM ... has aided more than
#: 350,000'), with its name as written: that agency's own work, a part of the response's reach,
#: never its whole (`is_part_note`).
AGENCY_NOTE = "by {} alone"
_AGENCY_PREFIX, _AGENCY_SUFFIX = AGENCY_NOTE.split("{}")


def agency_note(name: str) -> str:
    """The note of people reached by the agency `name` ('by IOM alone')."""
    return AGENCY_NOTE.format(name)


def is_agency_note(note: str) -> bool:
    """Whether `note` is an agency's own count (`agency_note`)."""
    text = note.strip()
    return text.startswith(_AGENCY_PREFIX) and text.endswith(_AGENCY_SUFFIX)


class Figure(BaseModel):
    """One number from one source, normalised: SPEC section 1."""

    model_config = ConfigDict(use_enum_values=True, extra="forbid")

    id: str = Field(description="Stable across re-runs of the loaders on the same files.")
    source: str = Field(description="Id of the article or table the figure came from.")
    indicator: Indicator
    subtype: str | None = Field(
        default=None, description="Allowed per indicator by the vocabulary table."
    )
    value: NonNegative = Field(description="The number, in `unit`; 11.5 million is 11500000.")
    value_max: NonNegative | None = Field(default=None, description="Upper end of a range.")
    unit: str = Field(description="people, tonnes, items, vehicles or an ISO 4217 code.")
    qualifier: Qualifier = EXACT
    as_of: dt.date = Field(description="The day the figure refers to.")
    place: str | None = Field(default=None, description="Id of a place in the gazetteer.")
    quote: str = Field(default="", description="The sentence the figure was read from.")
    start: int | None = Field(default=None, ge=0, description="Offset of the number expression.")
    end: int | None = Field(default=None, ge=0, description="End offset (exclusive).")
    derived: bool = False
    method: Method
    note: str = ""
    modality: Modality = Field(
        Modality.reported, description="reported (what happened) or projected (forecast, plan)."
    )
    origin: str | None = Field(None, description="Gazetteer id of where people came from.")
    destination: str | None = Field(None, description="Gazetteer id of where people went.")
    per: Per | None = Field(None, description="For a rate: the period it is per; else null.")
    background: bool = Field(
        False, description="About another event or period: never in the situation's series."
    )
    source_outlet: str = ""
    source_url: str = ""
    published: dt.date | None = None
    corrected: bool = Field(False, description="A maintainer changed a field (corrections.csv).")
    correction: str = Field("", description="What was changed and why.")
    review: Literal["unreviewed", "accepted", "corrected", "rejected"] = Field(
        "unreviewed",
        description="Whether a person checked it: accepted (or curated), corrected, rejected.",
    )
    reviewed_by: str = Field("", description="Who reviewed it ('curated table' for table rows).")
    reviewed_at: str = Field("", description="When, 'YYYY-MM-DD HH:MM UTC'.")

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        indicator = str(self.indicator)
        if VOCABULARY.entry(indicator, self.subtype) is None:
            raise ValueError(f"subtype {self.subtype!r} is not defined for {indicator}")
        if not VOCABULARY.unit_fits(indicator, self.subtype, self.unit):
            want = VOCABULARY.expected_unit(indicator, self.subtype)
            raise ValueError(f"unit {self.unit!r} does not fit {indicator}: use {want}")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("value_max is below value")
        if (self.start is None) != (self.end is None) or (
            self.start is not None and self.end is not None and self.end <= self.start
        ):
            raise ValueError("start and end must both be set, with end after start")
        return self


#: Figure fields a correction may replace.
CORRECTABLE_FIELDS = (
    "indicator",
    "subtype",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "as_of",
    "place",
    "note",
    "modality",
    "origin",
    "destination",
    "per",
    "background",
)


class Correction(BaseModel):
    """One row of corrections.csv: reject a figure, or replace one field of it, with a reason."""

    model_config = ConfigDict(extra="forbid")

    figure_id: str = Field(min_length=1, description="The id of the figure, as in figures.csv.")
    action: Literal["reject", "replace"]
    field: str = Field("", description=f"For replace: one of {', '.join(CORRECTABLE_FIELDS)}.")
    value: str = Field("", description="For replace: the new value, as written in a table.")
    reason: str = Field(min_length=1, description="Why: shown wherever the figure is.")


#: What a maintainer decided about a figure, in the review log (review.csv).
#: Figure fields set after corrections, by the review log (loaders/facts/review_state.py);
#: never read from a table nor kept with an article's extracted figures.
REVIEW_FIELDS = ("review", "reviewed_by", "reviewed_at")
REVIEW_ACTIONS = ("accept", "reject", "correct")
#: A figure's review state: nobody has looked at it, or what a maintainer decided last.
REVIEW_STATES = ("unreviewed", "accepted", "corrected", "rejected")


class Decision(BaseModel):
    """One row of the review log (review.csv): a maintainer's decision about one figure."""

    model_config = ConfigDict(extra="forbid")

    figure_id: str = Field(min_length=1, description="The id of the figure, as in figures.csv.")
    action: Literal["accept", "reject", "correct"]
    field: str = Field("", description="For correct: the field changed.")
    old: str = Field("", description="For correct: the value before, as shown.")
    new: str = Field("", description="For correct: the value after, as written.")
    reason: str = Field("", description="Why (required for reject and correct).")
    who: str = Field(min_length=1, description="The maintainer: e-mail or name from sign-in.")
    when: dt.datetime = Field(description="When, in UTC, ISO 8601.")

    @model_validator(mode="after")
    def _reason_given(self) -> Decision:
        if self.action != "accept" and not self.reason.strip():
            raise ValueError(f"a {self.action} needs a reason")
        if self.action == "correct" and self.field not in CORRECTABLE_FIELDS:
            raise ValueError(f"field must be one of {', '.join(CORRECTABLE_FIELDS)}")
        return self


class FigureRow(BaseModel):
    """One row of a curated figure table (figures/*.csv), as a maintainer writes it."""

    model_config = ConfigDict(extra="allow")

    as_of: dt.date
    indicator: Indicator
    subtype: str | None = None
    value: NonNegative
    value_max: NonNegative | None = None
    unit: str
    qualifier: Qualifier = EXACT
    place: str | None = Field(None, description="Any name or alias in the gazetteer.")
    note: str = ""
    modality: Modality = Modality.reported
    origin: str | None = Field(None, description="Where people came from: a gazetteer name.")
    destination: str | None = Field(None, description="Where people went: a gazetteer name.")
    per: Per | None = None
    background: bool = False
    source_outlet: str = ""
    source_url: str = ""
    published: dt.date | None = None


#: A front-matter date: YYYY-MM-DD, maybe followed by a time (dropped); or nothing.
FRONT_MATTER_DATE = (
    r"^\s*(?:\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?\s*$"
)


def front_matter_date(value: object) -> dt.date | None:
    """The day a front matter's `date` names ('2023-09-28', or '2023-09-28T10:00:00Z' whose time
    must be valid too); None when empty; ValueError for anything else."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(FRONT_MATTER_DATE, text):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    if len(text) > 10:
        dt.datetime.fromisoformat(text)  # the time must be valid too
    return dt.date.fromisoformat(text[:10])


class FrontMatter(BaseModel):
    """The YAML block that may open an article file: the record the article reader validates
    the block with, so its JSON Schema accepts exactly the blocks the reader loads. Every key is
    optional (the date may come from the article's row in articles.csv instead); other keys are
    ignored."""

    date: Annotated[
        dt.date | None,
        BeforeValidator(front_matter_date),
        WithJsonSchema(
            {
                "anyOf": [{"type": "string", "pattern": FRONT_MATTER_DATE}, {"type": "null"}],
                "description": "YYYY-MM-DD (a time after it is dropped); empty or absent: the"
                " date of the article's row in articles.csv.",
            }
        ),
    ] = None
    title: str = ""
    outlet: str = ""
    url: str = ""
    language: str = Field("", description="ISO 639-1 code; empty: detected from the text.")
    note: str = Field("", description="How the date or the source was worked out.")

    @field_validator("title", "outlet", "url", "language", "note", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        """`key:` with nothing after it is an empty text."""
        return "" if value is None else value


class Article(BaseModel):
    """An article as read: its metadata, where the date came from, and its body text."""

    id: str
    path: str
    date: dt.date
    date_source: Literal["front_matter", "header", "registry"]
    title: str = ""
    outlet: str = ""
    url: str = ""
    language: str = Field("", description="ISO 639-1 code; empty: detected from the text.")
    note: str = ""
    body: str = Field(description="The text after any header; figure offsets count in it.")
    body_offset: int = Field(0, description="Characters before the body in the file.")


class RegistryRow(BaseModel):
    """One row of articles.csv."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    date: dt.date | None = None
    title: str = ""
    outlet: str = ""
    url: str = ""
    language: str = Field("", description="ISO 639-1 code; empty: detected from the text.")
    note: str = ""


class Place(BaseModel):
    """One gazetteer entry (places.csv row, or a route from routes.geojson)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: PlaceKind
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    parent: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+$", description="Id of the place it lies in."
    )
    geonames_id: int | None = None
    source: str = ""


class Event(BaseModel):
    """A key event for the timeline."""

    date: dt.date
    title: str = Field(min_length=1)
    place: str | None = None
    source: str = Field(min_length=1, description="An article id or a URL.")
    note: str = ""


class Fact(BaseModel):
    """One consolidated claim: the same figure from one or more sources.

    Claims about the same thing (indicator, subtype, date, place, unit, note) that differ in value
    are separate facts, each flagged `disputed` with the other values listed, never averaged.
    """

    id: str
    indicator: Indicator
    subtype: str | None
    as_of: dt.date
    place: str | None
    value: float
    value_max: float | None
    unit: str
    qualifier: Qualifier
    note: str = ""
    modality: Modality = Modality.reported
    origin: str | None = None
    destination: str | None = None
    per: Per | None = None
    background: bool = False
    sources: str = Field(description="Source labels (outlet, or source id), joined with ' | '.")
    source_ids: str = Field(description="Ids of the articles and tables, joined with ' | '.")
    urls: str = Field(description="Source addresses, joined with ' | '.")
    figure_ids: str = Field(description="Ids of the figures behind the fact, joined with ' | '.")
    quote: str = Field("", description="A sentence the figure was read from, if any.")
    corrected: bool = Field(False, description="A maintainer corrected one of its figures.")
    correction: str = ""
    n_sources: int
    disputed: bool = False
    other_values: str = Field("", description="What the disagreeing sources say.")


class Severity(StrEnum):
    error = "error"
    warning = "warning"


class Problem(BaseModel):
    """One thing wrong with an input file: where, which field, its code in the catalogue of
    problem types (`loaders/model/problem_types.py`), and what to do. Made only through that
    catalogue (`ProblemType.at`, `Report.add`), which sets the code, message and severity."""

    path: str
    line: int = Field(ge=0, description="1-based line in the file; 0 when about the whole file.")
    field: str
    code: str = Field(description="The problem type's stable code, e.g. 'unknown-value'.")
    message: str
    severity: Severity = Severity.error

    # pydantic's documented form; mypy does not type decorators stacked on a property.
    @computed_field(  # type: ignore[prop-decorator]
        description="The code under its earlier name, kept for existing readers."
    )
    @property
    def type(self) -> str:
        return self.code

    def __str__(self) -> str:
        prefix = "" if self.severity == Severity.error else "warning: "
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"
