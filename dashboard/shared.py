"""What a page builds from the data and a view, built once per data load and view for every
session: a hundred viewers of the default view cost one build, then each rerun only draws.

The profile of a page run under many sessions showed each rerun rebuilding the same things from
the same data: the filtered tables (`apply`), the map's figure (framing, labels, distances), the
timeline's figure. They depend only on the loaded data and the filters, so they are kept in a
shared cache keyed by the load's key (`AppData.key`: the store's manifest, never an object's
identity); results are shared read-only (a page never modifies them, as for the loaded tables
themselves).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.data import AppData, headline_estimates, load, load_key, store_of
from dashboard.filters import Filters, apply
from dashboard.landing import Summary, summary_of
from dashboard.map.geo import map_figure, route_length_km
from dashboard.timeline.charts import timeline_figure
from dashboard.timeline.event_marks import numbered_events
from loaders.facts.consolidate import latest_by_place
from loaders.publish.store import read_manifest
from loaders.read.folder import DataFolder

T = TypeVar("T")

#: Views kept per build (a view is a set of filters); the oldest go first.
MAX_VIEWS = 128


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _built(name: str, key: str, args: tuple[Hashable, ...], _build: Callable, _data: AppData):
    """`_build(_data, *args)`, once per (name, data load, args); `name` and `key` stand for the
    arguments Streamlit does not hash."""
    return _build(_data, *args)


def per_view(name: str, build: Callable[..., T], data: AppData, *args: Hashable) -> T:
    """`build(data, *args)` once per data load and `args` for all sessions (shared read-only)."""
    return _built(name, data.key, args, build, data)


def filtered(data: AppData, table: str, filters: Filters) -> pd.DataFrame:
    """`apply(data.<table>, filters)` once per data load and view: every page filters the same
    tables by the same sidebar."""
    return per_view(f"filtered:{table}", _apply, data, table, filters)


def _apply(data: AppData, table: str, filters: Filters) -> pd.DataFrame:
    frame: Any = getattr(data, table)
    return apply(frame, filters)


def events_in(data: AppData, filters: Filters) -> pd.DataFrame:
    """The key events of the view, numbered as the timeline draws them."""
    return per_view("events_in", _events, data, filters)


def _events(data: AppData, filters: Filters) -> pd.DataFrame:
    events = apply(data.events, filters, date_column="date") if len(data.events) else data.events
    return numbered_events(events)


def latest_view(data: AppData, filters: Filters) -> pd.DataFrame:
    """The latest fact of every kind by place and group, in the view (the overview's table)."""
    return per_view(
        "latest_view", lambda d, f: latest_by_place(filtered(d, "facts", f)), data, filters
    )


def timeline_view(data: AppData, filters: Filters, indicator: str) -> go.Figure:
    """One question's timeline chart in the view."""
    return per_view("timeline_view", _timeline, data, filters, indicator)


def _timeline(data: AppData, filters: Filters, indicator: str) -> go.Figure:
    facts = filtered(data, "facts", filters)
    return timeline_figure(facts, events_in(data, filters), indicator, data.place_names)


def map_view(data: AppData, filters: Filters, online: bool) -> go.Figure:
    """The map of the view: facts of every place in the dates and indicators, the places chosen
    (routes always)."""
    return per_view("map_view", _map, data, filters, online)


def _map(data: AppData, filters: Filters, online: bool) -> go.Figure:
    facts = filtered(data, "facts", Filters(filters.start, filters.end, filters.indicators))
    places = data.places
    if filters.places:
        places = places[places["id"].isin(filters.places) | (places["kind"] == "route")]
    return map_figure(places, facts, data.routes, data.boundaries, online=online)


def route_lengths(data: AppData) -> list[float]:
    """Each route's geodesic length in km, once per data load (thousands of points each)."""
    return per_view("route_lengths", lambda d: [route_length_km(r) for r in d.routes], data)


def situation_summary(folder: DataFolder) -> Summary:
    """The landing page's summary of the situation in `folder`, once per build of its store:
    the landing page of many situations then reads each one's manifest, not its tables."""
    store = store_of(folder)
    manifest = read_manifest(store)
    return _summary(str(folder.root), load_key(store, manifest) if manifest else "")


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _summary(root: str, key: str) -> Summary:
    """`key` names the build the summary is of (a new build is a new entry)."""
    data = load(Path(root))
    return summary_of(data, headline_estimates(data, Filters(data.period.start, data.period.end)))
