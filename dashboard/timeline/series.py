"""Which series a timeline chart draws, and which of their points: read from the facts table on
integer codes, dates and numbers, so the cost hardly grows with the rows; only the points drawn are
read from the text columns.

A series is one (subtype, unit, place, note, and what its figures mean: modality, rate,
background) of an indicator: a projection is never a point of the count it forecasts. What it is
(a count so far, a count of one day, a sum of money pledged) and so how it is drawn comes from
the vocabulary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.facts.kernels import days, group_codes_at, values_at
from loaders.model.vocabulary import VOCABULARY

#: What one chart may carry, whatever the size of the table: the largest series, and points
#: binned over the period shown (in each bin, the claim most sources make). The page then sends
#: about the same bytes for a million rows as for a thousand; narrowing the dates shows detail.
MAX_SERIES_PER_CHART = 24
MAX_POINTS_PER_CHART = 120
MAX_POINTS_PER_SERIES = MAX_POINTS_PER_CHART
KEYS = ("subtype", "unit", "place", "note")
#: What a figure means (SPEC section 1): series that differ in it are drawn apart.
MEANING_KEYS = ("modality", "per", "background")
#: Text columns read for the points drawn (hover: value, source, quote, disagreement).
TEXT_COLUMNS = ("qualifier", "sources", "quote", "disputed", "other_values", "review")

#: How a series is drawn: a count so far as a line, a count in one day as bars, money as one mark
#: per pledge (pledges are separate events: joining them would read as a trend).
LINE, BARS, MARKS = "line", "bars", "marks"


@dataclass
class Series:
    """One series' points in date order, with what a hover needs."""

    indicator: str
    subtype: str | None
    unit: str
    place: str | None
    note: str | None
    days: np.ndarray
    value: np.ndarray
    value_max: np.ndarray
    text: dict[str, np.ndarray] = field(default_factory=dict)
    modality: str = "reported"  # "projected": drawn dashed and labelled as a projection
    per: str | None = None  # the period of a rate
    background: bool = False  # about another event or period

    @property
    def projected(self) -> bool:
        return self.modality == "projected"

    @property
    def style(self) -> str:
        return style_of(self.indicator, self.subtype, self.unit)

    @property
    def peak(self) -> float:
        """The largest value or upper bound: what sets the series' scale."""
        both = np.concatenate([self.value, self.value_max[np.isfinite(self.value_max)]])
        return float(both.max()) if len(both) else 0.0

    @property
    def order(self) -> int:
        return VOCABULARY.order(self.indicator, self.subtype)


@dataclass
class Choice:
    """The series drawn, and what was left out (said on the chart)."""

    series: list[Series]
    hidden_series: int = 0
    binned: bool = False


def style_of(indicator: str, subtype: str | None, unit: str) -> str:
    """LINE for stocks, MARKS for flows of money, BARS for other flows."""
    if VOCABULARY.kind(indicator, subtype) == "stock":
        return LINE
    return MARKS if VOCABULARY.unit_kind(unit) == "currency" else BARS


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def binned(day: np.ndarray, n_sources: np.ndarray, budget: int) -> np.ndarray:
    """Which of a series' points to draw, at most `budget`: the period cut into equal bins, one
    claim per bin (the one most sources make, then the latest)."""
    if len(day) <= budget:
        return np.arange(len(day))
    offset = (day - day.min()).astype(np.int64)
    span = int(offset.max()) + 1
    width = max(1, -(-span // budget))
    bins = offset // width
    if (bins[1:] >= bins[:-1]).all():  # days in order, the usual case: each bin is a run
        starts = np.flatnonzero(np.r_[True, bins[1:] != bins[:-1]])
        score = n_sources.astype(np.int64) * (span + 1) + offset
        best = np.repeat(np.maximum.reduceat(score, starts), np.diff(np.r_[starts, len(day)]))
        hits = np.flatnonzero(score == best)
        return hits[np.r_[True, bins[hits][1:] != bins[hits][:-1]]]
    order = np.lexsort((-day.astype(int), -n_sources, bins))
    _, first = np.unique(bins[order], return_index=True)
    return np.sort(order[first])


def _budgets(counts: np.ndarray, shown: np.ndarray) -> dict[int, int]:
    """Points allowed per series: small series keep every point, large ones share the rest."""
    budgets: dict[int, int] = {}
    left, remaining = MAX_POINTS_PER_CHART, len(shown)
    for code in sorted(shown, key=lambda c: counts[c]):
        budgets[int(code)] = min(int(counts[code]), max(10, left // remaining))
        left -= budgets[int(code)]
        remaining -= 1
    return budgets


def choose_series(
    facts: pd.DataFrame,
    indicator: str,
    subtype: str | None = None,
    unit: str | None = None,
) -> Choice:
    """The series of one indicator (of one subtype and unit only, when given), largest first up
    to MAX_SERIES_PER_CHART, each binned to its share of MAX_POINTS_PER_CHART."""
    mask = (facts["indicator"] == indicator).to_numpy(dtype=bool, na_value=False).copy()
    if subtype is not None:
        mask &= (facts["subtype"] == subtype).to_numpy(dtype=bool, na_value=False)
    if unit is not None:
        mask &= (facts["unit"] == unit).to_numpy(dtype=bool, na_value=False)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return Choice([])
    row_days = days(facts)[rows]
    row_values = facts["value"].to_numpy(dtype=float)[rows]
    row_sources = facts["n_sources"].to_numpy()[rows]
    keys = [*KEYS, *(k for k in MEANING_KEYS if k in facts.columns)]
    codes = group_codes_at(facts, keys, rows)
    counts = np.bincount(codes)
    # Codes are numbered in order of first appearance: each starts where the maximum grows.
    first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)
    shown = np.argsort(-counts, kind="stable")[:MAX_SERIES_PER_CHART]
    budgets = _budgets(counts, shown)
    heads = {k: values_at(facts, k, rows[first[shown]]) for k in keys}
    picked, was_binned = [], False
    for code in shown:
        at = np.flatnonzero(codes == code)
        small = len(at) <= budgets[int(code)]
        # By day, and by value within a day when every point is drawn.
        at = at[
            np.lexsort((row_values[at], row_days[at]))
            if small
            else np.argsort(row_days[at], kind="stable")
        ]
        drawn = at[binned(row_days[at], row_sources[at], budgets[int(code)])]
        was_binned |= len(drawn) < len(at)
        picked.append(drawn)
    everything = rows[np.concatenate(picked)]
    text = {c: values_at(facts, c, everything) for c in TEXT_COLUMNS if c in facts.columns}
    text.setdefault("quote", np.full(len(everything), "", dtype=object))
    value_max = pd.to_numeric(
        pd.Series(values_at(facts, "value_max", everything)), errors="coerce"
    ).to_numpy(dtype=float)
    series, start = [], 0
    for n, drawn in enumerate(picked):
        part = slice(start, start + len(drawn))
        start += len(drawn)
        head = {k: _none(heads[k][n]) for k in keys}
        series.append(
            Series(
                indicator=indicator,
                subtype=head["subtype"],
                unit=str(head["unit"] or ""),
                place=head["place"],
                note=head["note"] or None,
                days=row_days[drawn],
                value=row_values[drawn],
                value_max=value_max[part],
                text={c: v[part] for c, v in text.items()},
                modality=str(head.get("modality") or "reported"),
                per=head.get("per") or None,
                background=head.get("background") is True,
            )
        )
    series.sort(key=lambda s: (s.order, s.unit, str(s.place or ""), str(s.note or "")))
    return Choice(series, max(0, len(counts) - len(shown)), was_binned)
