"""Selecting figures by date, indicator and place: shared by the dashboard and the exports."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Filters:
    """A period, and optionally indicators and places. Empty tuples mean 'all'."""

    start: dt.date
    end: dt.date
    indicators: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def days(df: pd.DataFrame, date_column: str = "as_of") -> np.ndarray:
    """The dates of a column as datetime64[D], converted once per table object and then reused
    (the dashboard's cached tables are the same objects on every rerun)."""
    key = (id(df), date_column, len(df))
    hit = _DAYS.get(key)
    if hit is not None and hit[0]() is df:
        return hit[1]
    values = pd.to_datetime(df[date_column]).to_numpy(dtype="datetime64[D]")
    _remember(df, date_column, values)
    if len(_DAYS) > 64:
        for stale in [k for k, (ref, _) in _DAYS.items() if ref() is None]:
            del _DAYS[stale]
    return values


_DAYS: dict[tuple, tuple] = {}


def _remember(df: pd.DataFrame, date_column: str, values: np.ndarray) -> None:
    _DAYS[(id(df), date_column, len(df))] = (weakref.ref(df), values)


def apply(df: pd.DataFrame, filters: Filters, date_column: str = "as_of") -> pd.DataFrame:
    """The rows of `df` within the filters. Rows with no place are left out while places are
    filtered, since they cannot be said to be there."""
    if df.empty:
        return df
    values = days(df, date_column)
    mask = (values >= np.datetime64(filters.start, "D")) & (
        values <= np.datetime64(filters.end, "D")
    )
    if filters.indicators and "indicator" in df.columns:
        mask &= df["indicator"].isin(filters.indicators)
    if filters.places and "place" in df.columns:
        mask &= df["place"].isin(filters.places)
    mask = np.asarray(mask)
    subset = df[mask]
    _remember(subset, date_column, values[mask])
    return subset


def date_bounds(*frames: pd.DataFrame, column: str = "as_of") -> tuple[dt.date, dt.date]:
    """The first and last date in the data (today when there is none)."""
    values = [days(f, column) for f in frames if len(f) and column in f]
    if not values:
        today = dt.date.today()
        return today, today
    lo = min(v.min() for v in values).astype(dt.date)
    hi = max(v.max() for v in values).astype(dt.date)
    return lo, hi


def group_codes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row naming its combination of `columns` (missing values included), built
    from per-column codes so that no text is iterated in Python."""
    code = np.zeros(len(df), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(df[column], use_na_sentinel=False)
        code = code * (len(uniques) + 1) + codes
    return pd.factorize(code)[0]
