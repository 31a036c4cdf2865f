"""The filter state (dates, indicators, places): read from and written to the address, and
applied to tables. Pure functions; the sidebar wires them to widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from loaders.facts.selection import Filters, apply, date_bounds
from loaders.read.csvrows import parse_date

__all__ = ["QUERY_KEYS", "Filters", "apply", "date_bounds", "parse_query", "to_query"]

QUERY_KEYS = ("start", "end", "indicator", "place")
#: An address value is quoted back to the viewer only this far.
SHOWN_CHARS = 40


def shown(value: str) -> str:
    """An address value as quoted in a message: cut short (the page escapes it)."""
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


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
            dates[key] = parse_date(raw)
        except ValueError:
            messages.append(
                f"'{key}={shown(raw)}' is not a date (YYYY-MM-DD); showing from {default}."
            )
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
                f"unknown {key} {', '.join(repr(shown(u)) for u in unknown[:5])} ignored"
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
