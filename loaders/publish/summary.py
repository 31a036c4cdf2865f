"""What the first page after a start needs, worked out once at build time and kept in the store
(`summary.json`): the default period of the facts and the headline estimates of the default view
(that period, every indicator and place). A new app process then draws the overview without
reading a single row of the figures or facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from loaders.facts.estimates import DatedValue, Estimate, Part, SourceRef, basis, estimates_in
from loaders.facts.review_state import reviewed
from loaders.facts.selection import Filters, Period, data_period, selected_rows

#: Bump when what the summary holds changes shape (an older one is then ignored).
FORMAT = 2
SUMMARY = "summary.json"


def default_filters(period: Period) -> Filters:
    """The view a reader gets without choosing anything: the default period, everything."""
    return Filters(period.start, period.end)


def period_json(period: Period) -> dict:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "left_out": period.left_out,
        "left_out_days": [d.isoformat() for d in period.left_out_days],
    }


def period_of(found: dict) -> Period:
    day = dt.date.fromisoformat
    return Period(
        day(found["start"]),
        day(found["end"]),
        day(found["first"]),
        day(found["last"]),
        int(found["left_out"]),
        tuple(day(d) for d in found["left_out_days"]),
    )


def _plain(value: Any) -> Any:
    """A value of an estimate as JSON: dates as text, tuples as lists, dataclasses as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def estimate_json(e: Estimate) -> dict:
    return _plain(e)


def _point(found: dict | None) -> DatedValue | None:
    if found is None:
        return None
    return DatedValue(dt.date.fromisoformat(found["as_of"]), found["value"])


def _part(found: dict) -> Part:
    return Part(
        **{
            **found,
            "as_of": dt.date.fromisoformat(found["as_of"]),
            "sources": tuple(SourceRef(**s) for s in found["sources"]),
        }
    )


def estimate_of(found: dict) -> Estimate:
    """An estimate as `estimate_json` wrote it, equal to the one it was made from."""
    return Estimate(
        **{
            **found,
            "as_of": dt.date.fromisoformat(found["as_of"]),
            "previous": _point(found["previous"]),
            "earlier_high": _point(found["earlier_high"]),
            "series": tuple(_point(p) for p in found["series"]),
            "sources": tuple(SourceRef(**s) for s in found["sources"]),
            "parts": tuple(_part(p) for p in found["parts"]),
            "unconfirmed": tuple(_part(p) for p in found["unconfirmed"]),
            "above_whole": tuple(_part(p) for p in found["above_whole"]),
            "whole_behind": _part(found["whole_behind"]) if found["whole_behind"] else None,
        }
    )


def summary(
    figures: pd.DataFrame,
    facts: pd.DataFrame,
    places: pd.DataFrame,
    sources: pd.DataFrame,
    review_only: bool,
) -> dict:
    """The summary of a store's tables (`facts` prepared for selection): the default period,
    the default view's estimates (`review_only`: of the facts a person checked only, as the
    situation asks), and the tables' sizes."""
    period = data_period(facts)
    titles = dict(zip(sources["id"], sources["title"], strict=True)) if len(sources) else {}
    rows = selected_rows(facts, default_filters(period))
    if review_only:
        checked = (
            np.flatnonzero(reviewed(facts["review"]))
            if "review" in facts
            else np.empty(0, dtype=np.int64)
        )
        rows = np.intersect1d(rows, checked)
    found = estimates_in(basis(facts, figures, places, titles), rows)
    return summary_json(period, found, {"figures": len(figures), "facts": len(facts)}, review_only)


def summary_json(
    period: Period, estimates: list[Estimate], rows: dict[str, int], review_only: bool
) -> dict:
    """What `summary.json` holds: the default period, the default view's estimates, the rows."""
    return {
        "format": FORMAT,
        "rows": rows,
        "period": period_json(period),
        "review_only": review_only,
        "estimates": [estimate_json(e) for e in estimates],
    }
