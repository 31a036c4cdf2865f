"""The vocabulary table (vocabulary.yaml), read once: every indicator and subtype with its label,
unit, kind (stock or flow), HXL tag and order on screen; which indicators mean movement; the
overview's questions and how each is counted; the entries the extractor reads a count of people
as; the hedges; the units and how each is written; the accepted currencies.

Everything that names an indicator, a subtype, a unit or a currency (the records, the table
checks, the extractor, the estimates, labels, charts, the map, HXL columns, JSON Schemas, the
README's table) asks this module, so the vocabulary is declared in one place and cannot drift.

The file read is `vocabulary.yaml` beside this module, or the one the environment variable
`SITUATION_VOCABULARY` names (a copy with an indicator added, tried without touching the code).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from loaders.model import yaml_text

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
#: The environment variable naming another vocabulary file to read instead.
VOCABULARY_ENV = "SITUATION_VOCABULARY"
_HXL = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")


class IndicatorInfo(BaseModel):
    """An indicator: the label readers see and the question its headline answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    question: str = Field(min_length=1)
    movement: bool = Field(
        default=False, description="Its figures say people moved from one place to another."
    )
    context: bool = Field(
        default=False,
        description="It describes the place rather than what befell people: a situation's"
        " headline only when no other question may stand for it.",
    )


class Entry(BaseModel):
    """One (indicator, subtype) pair: what it counts and how it is shown and exchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    subtype: str | None
    label: str = Field(min_length=1, description="The subtype's label ('arrivals in one day').")
    unit: str = Field(description="A unit of `units`, or 'currency' for any ISO 4217 code.")
    kind: Literal["stock", "flow"]
    hxl: str = Field(pattern=_HXL.pattern)
    column: str = Field(pattern=r"^[a-z][a-z0-9_]*$")

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.indicator, self.subtype)


def _split(key: str) -> tuple[str, str | None]:
    """`indicator/subtype` as a pair; `displaced/` is ('displaced', None)."""
    indicator, _, subtype = key.partition("/")
    return indicator, subtype or None


class Question(BaseModel):
    """One question of the overview: the entry it headlines and how its estimate is counted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry: str = Field(pattern=r"^[a-z][a-z0-9_]*/[a-z0-9_]*$")
    by: Literal["region", "destination", "donor"]
    counting: Literal["sum", "latest"] | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return _split(self.entry)


class Unit(BaseModel):
    """How a value in a unit is written: a count bare ('1,200'), a measure with its symbol after
    the number ('40 t')."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["count", "measure"]
    symbol: str = ""


class Hedge(BaseModel):
    """A qualifier: its label, the prefix written before a number, its marker shape on charts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    prefix: str
    symbol: str


class Vocabulary(BaseModel):
    """The whole table, checked on load: every entry names a declared indicator, and labels,
    HXL tags and column names are unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: dict[str, IndicatorInfo]
    entries: tuple[Entry, ...]
    overview: tuple[Question, ...]
    people_cues: tuple[str, ...]
    qualifiers: dict[str, Hedge]
    units: dict[str, Unit]
    currencies: frozenset[str]
    currency_symbols: dict[str, str]
    limits: dict[str, float]
    _by_key: dict[tuple[str, str | None], int] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object) -> None:
        self._by_key.update({e.key: i for i, e in enumerate(self.entries)})

    @model_validator(mode="after")
    def _consistent(self) -> Vocabulary:
        for entry in self.entries:
            if entry.indicator not in self.indicators:
                raise ValueError(f"entry {entry.key} names an undeclared indicator")
        for name, values in (
            ("(indicator, subtype)", [e.key for e in self.entries]),
            ("hxl", [e.hxl for e in self.entries]),
            ("column", [e.column for e in self.entries]),
        ):
            if len(set(values)) != len(values):
                raise ValueError(f"two entries share one {name}")
        units = [*self.units, "currency"]
        for entry in self.entries:
            if entry.unit not in units:
                raise ValueError(f"entry {entry.key} has unit {entry.unit!r}; one of {units}")
        if set(self.limits) != set(units):
            raise ValueError(f"limits must give one value for each of {units}")
        for indicator in self.indicators:
            if not any(e.indicator == indicator for e in self.entries):
                raise ValueError(f"indicator {indicator!r} has no entry")
        for name, keys in (
            ("overview", [q.key for q in self.overview]),
            ("people_cues", [_split(k) for k in self.people_cues]),
        ):
            for key in keys:
                if key not in self._keys():
                    raise ValueError(f"{name} names {key}, which is no entry")
            if len(set(keys)) != len(keys):
                raise ValueError(f"{name} names one entry twice")
        for question in self.overview:
            entry = self.entries[self._keys().index(question.key)]
            movement = self.indicators[entry.indicator].movement
            if (question.by == "destination") != movement:
                raise ValueError(
                    f"overview: {question.entry} is by destination exactly when its indicator"
                    " has movement: true"
                )
            if (question.by == "donor") != (question.counting is not None):
                raise ValueError(f"overview: {question.entry} needs counting exactly when by donor")
        for symbol, code in self.currency_symbols.items():
            if code not in self.currencies or len(symbol) != 1:
                raise ValueError(f"currency_symbols: {symbol!r} must be one character for a code")
        for cue_key in self.people_cues:
            if self.entries[self._keys().index(_split(cue_key))].unit != "people":
                raise ValueError(f"people_cues: {cue_key} does not count people")
        return self

    def _keys(self) -> list[tuple[str, str | None]]:
        return [e.key for e in self.entries]

    def __iter__(self) -> Iterator[Entry]:  # type: ignore[override]
        return iter(self.entries)

    def entry(self, indicator: str, subtype: str | None) -> Entry | None:
        """The entry of this pair, or None when the vocabulary does not define it."""
        position = self._by_key.get((indicator, subtype or None))
        return None if position is None else self.entries[position]

    def subtypes(self, indicator: str) -> tuple[str | None, ...]:
        """The subtypes allowed for `indicator`, in screen order (None: no subtype)."""
        return tuple(e.subtype for e in self.entries if e.indicator == indicator)

    def order(self, indicator: str, subtype: str | None) -> int:
        """Position on screen; pairs outside the vocabulary come last."""
        return self._by_key.get((indicator, subtype or None), len(self.entries))

    def kind(self, indicator: str, subtype: str | None) -> str:
        """'stock' (a count at a date) or 'flow' (new in a period)."""
        entry = self.entry(indicator, subtype)
        return entry.kind if entry else "stock"

    def expected_unit(self, indicator: str, subtype: str | None) -> str:
        """The unit a figure of this pair must carry ('currency' for any ISO 4217 code)."""
        entry = self.entry(indicator, subtype)
        if entry is None:
            units = {e.unit for e in self.entries if e.indicator == indicator}
            return units.pop() if len(units) == 1 else ""
        return entry.unit

    def unit_fits(self, indicator: str, subtype: str | None, unit: str) -> bool:
        """True when `unit` is the right kind of unit for the pair."""
        want = self.expected_unit(indicator, subtype)
        return unit in self.currencies if want == "currency" else unit == want

    def max_value(self, unit: str) -> float:
        """The largest value a figure in `unit` may carry (`limits`; any currency code shares
        the currency limit; an unknown unit the largest of all)."""
        key = "currency" if unit in self.currencies else unit
        return self.limits.get(key, max(self.limits.values()))

    def all_units(self) -> list[str]:
        return sorted([*self.units, *self.currencies])

    def unit_kind(self, unit: str) -> Literal["count", "measure", "currency", "unknown"]:
        """How a value in `unit` is written: 'count' bare, 'measure' with the unit's symbol after
        it, 'currency' with the ISO code before it; 'unknown' for a unit the vocabulary lacks."""
        if unit in self.currencies:
            return "currency"
        info = self.units.get(unit)
        return info.kind if info else "unknown"

    def unit_symbol(self, unit: str) -> str:
        """The symbol a measure is written with ('t'); the unit's own name otherwise."""
        info = self.units.get(unit)
        return info.symbol if info and info.symbol else unit

    def movement_indicators(self) -> frozenset[str]:
        """Indicators whose figures say people moved (the map draws their routes)."""
        return frozenset(name for name, info in self.indicators.items() if info.movement)

    def context_indicators(self) -> frozenset[str]:
        """Indicators that describe the place ('a nation of 16 million'), not what befell it."""
        return frozenset(name for name, info in self.indicators.items() if info.context)

    def donor_indicators(self) -> frozenset[str]:
        """Indicators counted by donor on the overview (aid: a donor's country is far away)."""
        return frozenset(q.key[0] for q in self.overview if q.by == "donor")

    def people_entries(self) -> tuple[tuple[str, str | None], ...]:
        """The entries the extractor reads a count of people as by their cue words, in the order
        that breaks a tie."""
        return tuple(_split(k) for k in self.people_cues)

    def indicator_label(self, indicator: str) -> str:
        info = self.indicators.get(indicator)
        return info.label if info else str(indicator)

    def subtype_label(self, indicator: str, subtype: str | None) -> str:
        entry = self.entry(indicator, subtype)
        return entry.label if entry else str(subtype)

    def label(self, indicator: str, subtype: str | None) -> str:
        """'Displaced people: arrivals in one day'; an indicator with a lone total is its label."""
        if subtype is None and len(self.subtypes(indicator)) == 1:
            return self.indicator_label(indicator)
        return f"{self.indicator_label(indicator)}: {self.subtype_label(indicator, subtype)}"

    def markdown_table(self) -> str:
        """The vocabulary as the README's Markdown table."""
        lines = [
            "| indicator | subtype | label | unit | kind | HXL |",
            "|---|---|---|---|---|---|",
        ]
        for e in self.entries:
            sub = f"`{e.subtype}`" if e.subtype else "(none)"
            unit = "ISO 4217 code" if e.unit == "currency" else e.unit
            lines.append(
                f"| `{e.indicator}` | {sub} | {self.label(e.indicator, e.subtype)} | {unit} "
                f"| {e.kind} | `{e.hxl}` |"
            )
        return "\n".join(lines)


def vocabulary_file() -> Path:
    """The vocabulary file to read: the one `SITUATION_VOCABULARY` names, else the bundled one."""
    named = os.environ.get(VOCABULARY_ENV, "").strip()
    return Path(named) if named else VOCABULARY_FILE


def read_vocabulary(path: Path | None = None) -> Vocabulary:
    """Read and check the vocabulary file (a broken file stops the program at start: it is part
    of the code, not of a data folder)."""
    path = path or vocabulary_file()
    raw = yaml_text.parse(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: not a mapping of the vocabulary's tables")
    return Vocabulary(**raw)


VOCABULARY: Vocabulary = read_vocabulary()
