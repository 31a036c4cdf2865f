"""Selecting figures by date, indicator and place: shared by the dashboard and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Filters:
    """A period, and optionally indicators and places. Empty tuples mean 'all'."""

    start: dt.date
    end: dt.date
    indicators: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def apply(df: pd.DataFrame, filters: Filters, date_column: str = "as_of") -> pd.DataFrame:
    """The rows of `df` within the filters. Rows with no place are left out while places are
    filtered, since they cannot be said to be there."""
    if df.empty:
        return df
    dates = pd.to_datetime(df[date_column]).dt.date
    mask = (dates >= filters.start) & (dates <= filters.end)
    if filters.indicators and "indicator" in df.columns:
        mask &= df["indicator"].isin(filters.indicators)
    if filters.places and "place" in df.columns:
        mask &= df["place"].isin(filters.places)
    return df[mask]


def date_bounds(*frames: pd.DataFrame, column: str = "as_of") -> tuple[dt.date, dt.date]:
    """The first and last date in the data (today when there is none)."""
    dates = [pd.to_datetime(f[column]).dt.date for f in frames if len(f) and column in f]
    if not dates:
        today = dt.date.today()
        return today, today
    joined = pd.concat(dates)
    return joined.min(), joined.max()
