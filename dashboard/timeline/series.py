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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from loaders.facts.estimates import REGION_INDICATORS
from loaders.facts.kernels import days, group_codes_at, values_at
from loaders.model.vocabulary import VOCABULARY
from loaders.publish.series_days import days_of, keys_of, rows_of_series

#: What one chart may carry, whatever the size of the table: the largest series, and points
#: binned over the period shown (in each bin, the claim most sources make). The page then sends
#: about the same bytes for a million rows as for a thousand; narrowing the dates shows detail.
MAX_SERIES_PER_CHART = 24
MAX_POINTS_PER_CHART = 120
MAX_POINTS_PER_SERIES = MAX_POINTS_PER_CHART
#: Text columns read for the points drawn (hover: value, source, quote, disagreement).
TEXT_COLUMNS = ("qualifier", "sources", "quote", "disputed", "other_values", "review")

#: How a series is drawn: a count so far as a line, a count in one day as bars, money as one mark
#: per pledge (pledges are separate events: joining them would read as a trend).
Style = Literal["line", "bars", "marks"]
LINE: Final = "line"
BARS: Final = "bars"
MARKS: Final = "marks"


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
    def style(self) -> Style:
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


def style_of(indicator: str, subtype: str | None, unit: str) -> Style:
    """LINE for stocks, MARKS for flows of money, BARS for other flows."""
    if VOCABULARY.kind(indicator, subtype) == "stock":
        return LINE
    return MARKS if VOCABULARY.unit_kind(unit) == "currency" else BARS


def _none(value: Any) -> Any:
    """The value, or None for a missing one (None or NaN): heads mix texts, flags and numbers."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def binned(day: np.ndarray, n_sources: np.ndarray, budget: int) -> np.ndarray:
    """Which of a series' points to draw, at most `budget`: the period cut into equal bins, one
    claim per bin (the one most sources make, then the latest)."""
    if len(day) <= budget:
        return np.arange(len(day))
    return _bin_best(day, n_sources, budget)


def _bin_best(day: np.ndarray, n_sources: np.ndarray, budget: int) -> np.ndarray:
    """`binned`'s picks however many points there are: one claim per bin of the period."""
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
    return choose_from_days(
        days_of(facts, rows), indicator, lambda wanted: rows_of_series(facts, rows, wanted)
    )


def choose_from_days(
    found: pd.DataFrame, indicator: str, read: Callable[[pd.DataFrame], pd.DataFrame]
) -> Choice:
    """`choose_series` from each series' days (`days_of`, or the store's `series_days`): the
    largest series, each binned on its days' leads (the claim most sources make, then the
    latest day); a series small enough to draw whole is read (`read`: the rows of the series
    whose first rows the frame it gets lists, with their first and last days `lo` and `hi`;
    each row with `_which`, its line there)."""
    if found.empty:
        return Choice([])
    keys = keys_of(list(found.columns))
    code = group_codes_at(found, keys, np.arange(len(found)))
    first = np.full(code.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, code, found["first"].to_numpy(dtype=np.int64))
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    code = rank[code]  # numbered in order of first appearance, as the rows give them
    counts = np.bincount(code, weights=found["count"].to_numpy()).astype(np.int64)
    shown = np.argsort(-counts, kind="stable")[:MAX_SERIES_PER_CHART]
    budgets = _budgets(counts, shown)
    small = [int(c) for c in shown if counts[c] <= budgets[int(c)]]
    heads = found.iloc[[int(np.flatnonzero(code == c)[0]) for c in shown]]
    day = found["day"].to_numpy().astype("datetime64[D]")
    wanted = heads[[int(c) in small for c in shown]].assign(
        lo=[day[code == c].min() for c in small], hi=[day[code == c].max() for c in small]
    )
    rows = read(wanted.reset_index(drop=True)) if len(wanted) else pd.DataFrame(columns=["_which"])
    series, was_binned = [], False
    for n, c in enumerate(shown):
        head = {k: _none(heads[k].iat[n]) for k in keys}
        if int(c) in small:
            points = _whole(rows[rows["_which"] == small.index(int(c))])
        else:
            points = _leads(found.iloc[np.flatnonzero(code == c)], budgets[int(c)])
            was_binned = True
        series.append(_series_of(indicator, head, points))
    series.sort(key=lambda s: (s.order, s.unit, str(s.place or ""), str(s.note or "")))
    return Choice(series, max(0, len(counts) - len(shown)), was_binned)


def _whole(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every point of a series drawn whole, by day and by value within a day."""
    day, value = days(rows), rows["value"].to_numpy(dtype=float)
    at = np.lexsort((value, day))
    return _points(rows, at, day[at], value[at])


def _leads(found: pd.DataFrame, budget: int) -> dict[str, np.ndarray]:
    """A binned series' points: of its days (by day), one lead per bin of the period."""
    found = found.sort_values("day", kind="stable")
    day = found["day"].to_numpy().astype("datetime64[D]")
    at = _bin_best(day, found["lead_n"].to_numpy(), budget)
    return _points(found, at, day[at], found["value"].to_numpy(dtype=float)[at])


def _points(
    frame: pd.DataFrame, at: np.ndarray, day: np.ndarray, value: np.ndarray
) -> dict[str, np.ndarray]:
    """The drawn points' days, values, upper ends and hover texts, from rows `at` of `frame`."""
    text = {c: values_at(frame, c, at) for c in TEXT_COLUMNS if c in frame.columns}
    text.setdefault("quote", np.full(len(at), "", dtype=object))
    value_max = pd.to_numeric(pd.Series(values_at(frame, "value_max", at)), errors="coerce")
    return {"days": day, "value": value, "value_max": value_max.to_numpy(dtype=float)} | {
        f"text:{c}": v for c, v in text.items()
    }


def _series_of(indicator: str, head: dict, points: dict[str, np.ndarray]) -> Series:
    """One series from its keys (`head`) and drawn points."""
    return Series(
        indicator=indicator,
        subtype=head["subtype"],
        unit=str(head["unit"] or ""),
        place=head["place"],
        note=head["note"] or None,
        days=points["days"],
        value=points["value"],
        value_max=points["value_max"],
        text={k[5:]: v for k, v in points.items() if k.startswith("text:")},
        modality=str(head.get("modality") or "reported"),
        per=head.get("per") or None,
        background=head.get("background") is True,
    )


def at_only_country(choice: Choice, countries: frozenset[str]) -> Choice:
    """The series with no place of a question answered for the situation's own places
    (REGION_INDICATORS: a toll, not displacement) drawn as the situation's only declared
    country's, merged with that country's series of the same kind when there is one: in a
    one-country situation a toll naming no place is the country's, as the overview counts it,
    not a second line beside it ("killed · place not stated" and "killed · Kyrgyzstan").
    Unchanged without exactly one declared country."""
    if len(countries) != 1:
        return choice
    (country,) = countries
    out: list[Series] = []
    by_kind: dict[tuple, Series] = {}
    moved = [s for s in choice.series if s.place is None and s.indicator in REGION_INDICATORS]
    moved_ids = {id(s) for s in moved}
    for s in choice.series:
        if id(s) in moved_ids:
            continue
        out.append(s)
        if s.place == country:
            by_kind[_kind(s)] = s
    for s in moved:
        home = by_kind.get(_kind(s))
        if home is None:
            s = replace(s, place=country)
            by_kind[_kind(s)] = s
            out.append(s)
        else:
            at = next(n for n, o in enumerate(out) if o is home)
            out[at] = by_kind[_kind(s)] = _merged(home, s)
    out.sort(key=lambda s: (s.order, s.unit, str(s.place or ""), str(s.note or "")))
    return replace(choice, series=out)


def _kind(s: Series) -> tuple:
    """What makes a series but its place."""
    return (s.indicator, s.subtype, s.unit, s.note, s.modality, s.per, s.background)


def _merged(a: Series, b: Series) -> Series:
    """One series with the points of both, by day and by value within a day."""
    day = np.concatenate([a.days, b.days])
    value = np.concatenate([a.value, b.value])
    at = np.lexsort((value, day))
    text = {
        k: np.concatenate(
            [
                a.text.get(k, np.full(len(a.days), "", dtype=object)),
                b.text.get(k, np.full(len(b.days), "", dtype=object)),
            ]
        )[at]
        for k in {*a.text, *b.text}
    }
    max_ = np.concatenate([a.value_max, b.value_max])
    return replace(a, days=day[at], value=value[at], value_max=max_[at], text=text)
