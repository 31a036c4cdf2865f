"""Selecting figures by date, indicator and place (a table prepared for it, the filters, the
default period): shared by the dashboard and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.facts.kernels import day_column, days


@dataclass(frozen=True)
class Filters:
    """A period, and optionally indicators and places. Empty tuples mean 'all'."""

    start: dt.date
    end: dt.date
    indicators: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


#: Text columns with few distinct values, held as categoricals in a table prepared for selection.
REPEATED = ("indicator", "subtype", "unit", "qualifier", "place", "note", "method", "source")


def prepared(df: pd.DataFrame, date_column: str = "as_of") -> pd.DataFrame:
    """The table sorted by date (ties keep their order), with its dates also as a datetime column
    (`day_column`) and repeated texts as categoricals: a period is then a slice of rows and a
    match on indicator or place compares small integers, so a selection costs about the same for
    a million rows as for a thousand. Columns whose name starts with '_' are never exported."""
    if df.empty or date_column not in df.columns:
        return df
    out, order = prepared_unsorted(df, date_column)
    return out.iloc[order].reset_index(drop=True)


def prepared_unsorted(
    df: pd.DataFrame, date_column: str = "as_of"
) -> tuple[pd.DataFrame, np.ndarray]:
    """`prepared`'s columns in the rows' own order, and the order that sorts them by date: a
    caller taking rows in Arrow (one copy of bytes) rather than pandas (a reference per cell,
    in random order) gets the same table for less."""
    values = days(df, date_column)
    order = np.argsort(values, kind="stable")
    out = df.copy(deep=False)
    for column in REPEATED:
        if column in out.columns and not isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = categorical(out[column])
    out[day_column(date_column)] = values.astype("datetime64[s]")
    return out, order


def categorical(column: pd.Series) -> pd.Categorical:
    """`column.astype("category")` (categories sorted, missing values as -1), made from one
    factorisation of the values: pandas would first turn every text into an Arrow string."""
    values = column.to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    except TypeError:  # values that do not sort together (texts and numbers)
        return column.astype("category").array
    if not len(uniques):
        return column.astype("category").array
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques))


def apply(df: pd.DataFrame, filters: Filters, date_column: str = "as_of") -> pd.DataFrame:
    """The rows of `df` within the filters (a prepared table gives a prepared table). Rows with no
    place are left out while places are filtered, since they cannot be said to be there."""
    if df.empty:
        return df
    lo, hi, mask = _select(df, filters, date_column)
    subset = df.iloc[lo:hi]
    return subset if mask is None else subset[mask]


def selected_rows(df: pd.DataFrame, filters: Filters, date_column: str = "as_of") -> np.ndarray:
    """The positions in `df` of the rows `apply` keeps."""
    if df.empty:
        return np.empty(0, dtype=np.int64)
    lo, hi, mask = _select(df, filters, date_column)
    at = np.arange(lo, hi)
    return at if mask is None else at[mask]


def _select(
    df: pd.DataFrame, filters: Filters, date_column: str
) -> tuple[int, int, np.ndarray | None]:
    """The rows within the filters: a slice of rows (the period, in a prepared table) and a mask
    over it (None when every row of the slice is in)."""
    values = days(df, date_column)
    start, end = np.datetime64(filters.start, "D"), np.datetime64(filters.end, "D")
    if (
        day_column(date_column) in df.columns
        and df[day_column(date_column)].is_monotonic_increasing
    ):
        lo, hi = (int(i) for i in np.searchsorted(values, [start, end + 1], side="left"))
        mask = None
    else:
        lo, hi = 0, len(df)
        mask = (values >= start) & (values <= end)
    subset = df.iloc[lo:hi]
    if filters.indicators and "indicator" in df.columns:
        pick = subset["indicator"].isin(filters.indicators).to_numpy()
        mask = pick if mask is None else mask & pick
    if filters.places and "place" in df.columns:
        pick = subset["place"].isin(filters.places).to_numpy()
        mask = pick if mask is None else mask & pick
    return lo, hi, mask


def date_bounds(*frames: pd.DataFrame, column: str = "as_of") -> tuple[dt.date, dt.date]:
    """The first and last date in the data (today when there is none)."""
    values = [days(f, column) for f in frames if len(f) and column in f]
    if not values:
        today = dt.date.today()
        return today, today
    lo = min(v.min() for v in values).astype(dt.date)
    hi = max(v.max() for v in values).astype(dt.date)
    return lo, hi


#: A run of dates at either end is left out of the default period only when it holds at most this
#: share of the rows and is further from the rest than both MIN_GAP_DAYS and the rest's own span:
#: a report months later, not the next month's update of a slow crisis (which the headlines need).
OUTLYING_SHARE = 0.1
MIN_GAP_DAYS = 60
#: Dates further apart than this (days), with nothing between, are different stretches: one
#: situation's reporting runs in one, so one side is misdated (an unknown date filled with a
#: placeholder such as 1970-01-01 or 2000-01-01) or about another time.
FAR_GAP_DAYS = 365
#: How a fact's sources are joined in its `source_ids` (loaders/facts/consolidate.py).
_SOURCE_SEP = " | "


def stretches(numbers: np.ndarray) -> np.ndarray:
    """The stretch (0, 1, ...) of each of sorted distinct days (as day numbers): a new one
    starts after a gap of more than FAR_GAP_DAYS."""
    if not len(numbers):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([[0], np.cumsum(np.diff(numbers) > FAR_GAP_DAYS)]).astype(np.int64)


def spans_stretches(frame: pd.DataFrame, column: str = "as_of") -> bool:
    """Whether the table's dates fall in more than one stretch (FAR_GAP_DAYS apart)."""
    if not len(frame) or column not in frame:
        return False
    found = np.unique(days(frame, column)).astype(np.int64)
    return bool(len(found)) and bool(stretches(found)[-1] > 0)


def main_stretch(weights: np.ndarray) -> int:
    """The stretch the situation is in, given each stretch's weight in date order (how many
    sources it has): the heaviest, the latest on a tie (an unknown date is filled with an early
    placeholder, never a later one: a date after today is refused)."""
    return int(len(weights) - 1 - np.argmax(np.asarray(weights)[::-1]))


@dataclass(frozen=True)
class Period:
    """The period to show by default (where the data are) and all the dates there are."""

    start: dt.date
    end: dt.date
    first: dt.date
    last: dt.date
    left_out: int = 0  # rows outside the default period
    left_out_days: tuple[dt.date, ...] = ()


def _cut(days_: np.ndarray, counts: np.ndarray, lo: int, hi: int, from_end: bool) -> int:
    """How many distinct days to drop at one end: the widest outlying run, or 0."""
    limit = OUTLYING_SHARE * counts[lo : hi + 1].sum()
    best, dropped = 0, 0
    for k in range(1, hi - lo + 1):
        edge = hi - k + 1 if from_end else lo + k - 1  # the last dropped day
        dropped += counts[edge]
        if dropped > limit:
            break
        kept = (lo, hi - k) if from_end else (lo + k, hi)
        gap = abs(int(days_[edge]) - int(days_[kept[1] if from_end else kept[0]]))
        span = int(days_[kept[1]]) - int(days_[kept[0]])
        if gap > max(MIN_GAP_DAYS, span):
            best = k
    return best


def data_period(*frames: pd.DataFrame, column: str = "as_of") -> Period:
    """The default period: from the first to the last date, leaving out a few rows far from all
    the others at either end (one report months later would otherwise squeeze every chart into
    a corner), and any stretch of dates more than FAR_GAP_DAYS from the main one (`main_stretch`:
    an article with a placeholder date must not start the period decades early); what is left
    out is counted so the page can say so."""
    values = [days(f, column) for f in frames if len(f) and column in f]
    if not values:
        today = dt.date.today()
        return Period(today, today, today, today)
    uniq, counts = np.unique(np.concatenate(values).astype("datetime64[D]"), return_counts=True)
    numbers = uniq.astype(np.int64)
    lo, hi = 0, len(uniq) - 1
    stretch = stretches(numbers)
    if stretch[-1] > 0:  # dates years apart: the default period is the main stretch
        weights = _stretch_weights(frames, column, uniq, stretch, counts)
        kept = np.flatnonzero(stretch == main_stretch(weights))
        lo, hi = int(kept[0]), int(kept[-1])
    hi -= _cut(numbers, counts, lo, hi, from_end=True)
    lo += _cut(numbers, counts, lo, hi, from_end=False)
    outside = np.concatenate([np.arange(lo), np.arange(hi + 1, len(uniq))]).astype(np.int64)
    return Period(
        start=uniq[lo].astype(dt.date),
        end=uniq[hi].astype(dt.date),
        first=uniq[0].astype(dt.date),
        last=uniq[-1].astype(dt.date),
        left_out=int(counts[outside].sum()),
        left_out_days=tuple(uniq[outside].astype(dt.date)),
    )


def _stretch_weights(
    frames: tuple[pd.DataFrame, ...],
    column: str,
    uniq: np.ndarray,
    stretch: np.ndarray,
    counts: np.ndarray,
) -> np.ndarray:
    """How many distinct sources each stretch has (`source_ids` of facts); rows when the
    tables do not say."""
    found = [f for f in frames if len(f) and column in f and "source_ids" in f]
    if not found:
        return np.bincount(stretch, weights=counts)
    at = np.concatenate([stretch[np.searchsorted(uniq, days(f, column))] for f in found])
    ids = pd.concat([f["source_ids"].astype(str) for f in found], ignore_index=True)
    each = pd.DataFrame({"stretch": at, "source": ids.str.split(_SOURCE_SEP, regex=False)})
    per = each.explode("source").groupby("stretch")["source"].nunique()
    return per.reindex(range(int(stretch[-1]) + 1), fill_value=0).to_numpy()
