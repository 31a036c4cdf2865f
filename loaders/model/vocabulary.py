"""The vocabulary table (vocabulary.yaml), read once: every indicator and subtype with its label,
unit, kind (stock or flow), HXL tag and order on screen; the hedges; the accepted currencies.

Everything that names an indicator or a subtype (the records, the table checks, labels, the KPI
order, HXL columns, JSON Schemas, the README's table) asks this module, so the vocabulary is
declared in one place and cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
UNITS: tuple[str, ...] = ("people", "tonnes", "items", "vehicles", "buildings")
_HXL = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")


class IndicatorInfo(BaseModel):
    """An indicator: the label readers see and the question its headline answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    question: str = Field(min_length=1)


class Entry(BaseModel):
    """One (indicator, subtype) pair: what it counts and how it is shown and exchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str
    subtype: str | None
    label: str = Field(min_length=1, description="The subtype's label ('arrivals in one day').")
    unit: Literal["people", "tonnes", "items", "vehicles", "buildings", "currency"]
    kind: Literal["stock", "flow"]
    hxl: str = Field(pattern=_HXL.pattern)
    column: str = Field(pattern=r"^[a-z][a-z0-9_]*$")

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.indicator, self.subtype)


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
    qualifiers: dict[str, Hedge]
    currencies: frozenset[str]
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
        if set(self.limits) != {*UNITS, "currency"}:
            raise ValueError(f"limits must give one value for each of {[*UNITS, 'currency']}")
        for indicator in self.indicators:
            if not any(e.indicator == indicator for e in self.entries):
                raise ValueError(f"indicator {indicator!r} has no entry")
        return self

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
        return sorted([*UNITS, *self.currencies])

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


def read_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and check the vocabulary file (a broken file stops the program at start: it is part
    of the code, not of a data folder)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(**raw)


VOCABULARY: Vocabulary = read_vocabulary()
