"""The filter state (dates, indicators, places): read from and written to the address, and
applied to tables. Pure functions; the sidebar wires them to widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

QUERY_KEYS = ("start", "end", "indicator", "place")


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the view to. Empty tuples mean 'all'."""

    start: dt.date
    end: dt.date
    indicators: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def _first(value: str | list[str] | None) -> str:
    if isinstance(value, list):
        return value[-1] if value else ""
    return value or ""


def parse_query(
    params: Mapping[str, str | list[str]],
    bounds: tuple[dt.date, dt.date],
    indicators: list[str],
    places: list[str],
) -> tuple[Filters, list[str]]:
    """Filters from query parameters; an invalid value falls back to its default, with a
    message saying so."""
    messages: list[str] = []
    lo, hi = bounds
    dates = {}
    for key, default in (("start", lo), ("end", hi)):
        raw = _first(params.get(key)).strip()
        if not raw:
            dates[key] = default
            continue
        try:
            dates[key] = dt.date.fromisoformat(raw)
        except ValueError:
            messages.append(f"'{key}={raw}' is not a date (YYYY-MM-DD); showing from {default}.")
            dates[key] = default
    if dates["start"] > dates["end"]:
        messages.append(
            f"start {dates['start']} is after end {dates['end']}; showing the whole period."
        )
        dates = {"start": lo, "end": hi}
    chosen: dict[str, tuple[str, ...]] = {}
    for key, allowed in (("indicator", indicators), ("place", places)):
        raw = _first(params.get(key)).strip()
        values = [v.strip() for v in raw.split(",") if v.strip()] if raw else []
        unknown = [v for v in values if v not in allowed]
        if unknown:
            messages.append(
                f"unknown {key} {', '.join(repr(u) for u in unknown)} ignored"
                f" (known: {', '.join(allowed)})."
            )
        chosen[key] = tuple(v for v in values if v in allowed)
    return (
        Filters(dates["start"], dates["end"], chosen["indicator"], chosen["place"]),
        messages,
    )


def to_query(filters: Filters, bounds: tuple[dt.date, dt.date]) -> dict[str, str]:
    """The query parameters for these filters, leaving defaults out so links stay short."""
    out: dict[str, str] = {}
    if filters.start != bounds[0]:
        out["start"] = filters.start.isoformat()
    if filters.end != bounds[1]:
        out["end"] = filters.end.isoformat()
    if filters.indicators:
        out["indicator"] = ",".join(filters.indicators)
    if filters.places:
        out["place"] = ",".join(filters.places)
    return out


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
