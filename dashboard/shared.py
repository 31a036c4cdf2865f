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
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from dashboard.data import AppData, headline_estimates, load, store_of
from dashboard.filters import Filters, apply
from dashboard.headlines import Card, card, headlines, review_states, unreviewed_basis
from dashboard.key_events import events_markdown
from dashboard.landing import Summary, standing, summary_of
from dashboard.links import readable_table
from dashboard.map.geo import (
    MOVEMENT_INDICATORS,
    areas_touch,
    distance_choices,
    distance_km,
    distance_origins,
    leg_distances,
    map_figure,
    route_length_km,
)
from dashboard.timeline.charts import timeline_figure
from dashboard.timeline.event_marks import numbered_events
from dashboard.timeline.series import at_only_country, choose_from_days
from loaders.facts.consolidate import latest_by_place
from loaders.facts.estimates import declared_countries, headline_mask
from loaders.publish.estimate_records import in_screen_order
from loaders.publish.stored import manifest_and_key
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


def count(data: AppData, table: str, filters: Filters) -> int:
    """How many rows of `table` are in view."""
    return per_view(f"count:{table}", lambda d, t, f: d.query.count(t, f), data, table, filters)


def page(data: AppData, table: str, filters: Filters, offset: int, limit: int) -> pd.DataFrame:
    """`limit` rows of `table` in view from `offset` (a page of the Data page)."""
    return per_view(
        f"page:{table}",
        lambda d, t, f, o, n: d.query.rows(t, f, o, n),
        data,
        table,
        filters,
        offset,
        limit,
    )


def sources_in(data: AppData, filters: Filters) -> dict[str, int]:
    """How many figures of each source are in view."""
    return per_view("sources_in", lambda d, f: d.query.source_counts(f), data, filters)


def indicators_in(data: AppData, filters: Filters | None) -> dict[str, int]:
    """How many facts of each indicator are in view (in all with no filters)."""
    return per_view("indicators_in", lambda d, f: d.query.indicator_counts(f), data, filters)


def events_in(data: AppData, filters: Filters) -> pd.DataFrame:
    """The key events of the view, numbered as the timeline draws them."""
    return per_view("events_in", _events, data, filters)


def _events(data: AppData, filters: Filters) -> pd.DataFrame:
    events = apply(data.events, filters, date_column="date") if len(data.events) else data.events
    return numbered_events(events)


def latest_view(data: AppData, filters: Filters) -> pd.DataFrame:
    """The latest fact of every kind by place and group, in the view (the overview's table)."""
    return per_view(
        "latest_view",
        lambda d, f: latest_counts(d.query.latest_rows(f, placeless=True), d.places),
        data,
        filters,
    )


def latest_counts(facts: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest fact of every place and series that may headline (`headline_mask`) and may be
    about this situation (`in_situation`), the series naming no place included (the whole
    situation's, in a situation built from articles): a projection, a rate, a figure about
    another event or period ('the 2022 quake killed 1,000', dated by the article that recalls
    it) or a toll placed outside the situation's declared countries is no latest state of it."""
    latest = latest_by_place(facts, placeless=True)
    return latest[headline_mask(latest, places)] if len(latest) else latest


class DrawnFigure(go.Figure):
    """A figure many sessions draw as it is: its dictionary is made once.

    `st.plotly_chart` asks every run for `to_dict()`, a deep copy of every trace and a pass
    over it converting arrays: half of a timeline or map page run, the same each time. This
    figure makes it once and hands out that dictionary (read, never modified, by the chart's
    JSON encoding); it holds no traces of its own (copying the figure into it cost three times
    its dictionary: a tenth of a map rerun), so it is only ever drawn, never read or changed."""

    def __init__(self, figure: go.Figure) -> None:
        super().__init__()
        self._drawn = figure.to_dict()  # the figure's own, exactly as built

    def to_dict(self) -> dict:
        return self._drawn


def timeline_view(data: AppData, filters: Filters, indicator: str) -> go.Figure:
    """One question's timeline chart in the view."""
    return per_view("timeline_view", _timeline, data, filters, indicator)


def _timeline(data: AppData, filters: Filters, indicator: str) -> go.Figure:
    """The chart from each series' days in view (a few thousand rows whatever the number of
    facts) and the rows of the series small enough to draw whole."""
    view = Filters(filters.start, filters.end, (indicator,), filters.places)
    choice = choose_from_days(
        data.query.series_days(view, indicator),
        indicator,
        lambda wanted: data.query.series_rows(view, wanted),
    )
    choice = at_only_country(choice, declared_countries(data.places))
    events = events_in(data, filters)
    figure = timeline_figure(None, events, indicator, data.place_names, choice=choice)
    return DrawnFigure(figure)


def map_view(data: AppData, filters: Filters, online: bool) -> go.Figure:
    """The map of the view: facts of every place in the dates and indicators, the places chosen
    (routes always)."""
    return per_view("map_view", _map, data, filters, online)


def _map(data: AppData, filters: Filters, online: bool) -> go.Figure:
    view = Filters(filters.start, filters.end, filters.indicators)
    facts = data.query.latest_rows(view, moves=tuple(MOVEMENT_INDICATORS), placeless=True)
    places = data.places
    if filters.places:
        places = places[places["id"].isin(filters.places) | (places["kind"] == "route")]
    # Each place answers the question of the situation's headline, where it has a figure of it.
    lead = standing(headline_estimates(data, filters))
    return DrawnFigure(
        map_figure(
            places,
            facts,
            data.routes,
            data.boundaries,
            online=online,
            situation=data.places,
            lead=(lead.indicator, lead.subtype) if lead else None,
            lengths=route_lengths(data),
        )
    )


def route_lengths(data: AppData) -> list[float]:
    """Each route's geodesic length in km, once per data load (thousands of points each)."""
    return per_view("route_lengths", lambda d: [route_length_km(r) for r in d.routes], data)


def route_legs(data: AppData) -> list[pd.DataFrame]:
    """Each route's legs between its named points (`leg_distances`), once per data load."""
    return per_view("route_legs", lambda d: [leg_distances(r, d.places) for r in d.routes], data)


def distance(data: AppData, a: str, b: str) -> float | None:
    """`distance_km` between two places, once per data load and pair (a country's border is
    searched point by point)."""
    return per_view(
        "distance", lambda d, a, b: distance_km(d.places, a, b, d.boundaries), data, a, b
    )


def borders_shared(data: AppData, a: str, b: str) -> bool:
    """`areas_touch`: whether two places are areas sharing a border, once per load and pair."""
    return per_view(
        "borders_shared", lambda d, a, b: areas_touch(d.places, a, b, d.boundaries), data, a, b
    )


def distance_sources(data: AppData) -> list[str]:
    """`distance_origins`: the places a distance may be asked from, once per data load."""
    return per_view("distance_sources", lambda d: distance_origins(d.places, d.boundaries), data)


def distance_targets(data: AppData, a: str) -> list[str]:
    """`distance_choices` from place `a`, once per data load and place."""
    return per_view(
        "distance_targets", lambda d, a: distance_choices(d.places, a, d.boundaries), data, a
    )


def as_shown(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """`frame` as `st.dataframe` sends it, turned into Arrow once for every session (Streamlit
    converts a pandas frame on every run; an Arrow table it only writes out). A frame Arrow cannot
    type as it is (mixed values in a column) is left for Streamlit to convert, as before."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def source_titles(data: AppData) -> dict[str, str]:
    """Each source's title by id, once per data load (from the columns' lists: iterating an
    Arrow-backed text column gives one value at a time, five times slower at 10,000 sources)."""
    return per_view(
        "source_titles",
        lambda d: dict(zip(d.sources["id"].tolist(), d.sources["title"].tolist(), strict=True)),
        data,
    )


def overview_cards(data: AppData, filters: Filters, situation: str = "") -> list[Card]:
    """The headline cards of the view with their texts drawn (links into the situation
    `situation`), and whether each rests on figures nobody reviewed."""
    return per_view("overview_cards", _cards, data, filters, situation)


def _cards(data: AppData, filters: Filters, situation: str) -> list[Card]:
    found = in_screen_order(headline_estimates(data, filters))
    flags = unreviewed_basis(found, *review_states(data, found))
    strip = headlines(found, data.place_names, situation)
    return [card(h, f) for h, f in zip(strip, flags, strict=True)]


def latest_table(data: AppData, filters: Filters, situation: str = "") -> pa.Table | pd.DataFrame:
    """The overview's table of the latest figure of every kind, as people read it."""
    return per_view(
        "latest_table",
        lambda d, f, s: as_shown(
            readable_table(latest_view(d, f), d.place_names, source_titles(d), s)
        ),
        data,
        filters,
        situation,
    )


def placeless_hidden(data: AppData, filters: Filters) -> int:
    """How many facts of the view's dates and indicators name no place (hidden while places
    are filtered)."""
    return per_view(
        "placeless_hidden",
        lambda d, f: d.query.without_place(Filters(f.start, f.end, f.indicators)),
        data,
        filters,
    )


def key_events(data: AppData, filters: Filters, situation: str = "") -> str:
    """The key events of the view as one Markdown text ('' when there are none)."""
    return per_view(
        "key_events",
        lambda d, f, s: events_markdown(
            apply(d.events, f, date_column="date") if len(d.events) else d.events,
            d.place_names,
            source_titles(d),
            s,
        ),
        data,
        filters,
        situation,
    )


def situation_summary(folder: DataFolder) -> Summary:
    """The landing page's summary of the situation in `folder`, once per build of its store:
    the landing page of many situations then reads each one's manifest, not its tables."""
    return _summary(str(folder.root), manifest_and_key(store_of(folder))[1])


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _summary(root: str, key: str) -> Summary:
    """`key` names the build the summary is of (a new build is a new entry). A situation's
    name is its folder's (`situation_folders`)."""
    data = load(Path(root))
    found = headline_estimates(data, Filters(data.period.start, data.period.end))
    return summary_of(data, found, situation=Path(root).name)
