"""Map (/map): places with their latest figures, routes, borders; distances."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.map.geo import DISCLAIMER, unlabelled_places
from dashboard.shared import (
    borders_shared,
    distance,
    distance_sources,
    distance_targets,
    map_view,
    route_legs,
    route_lengths,
)
from dashboard.text import escape_markdown as md

view = frame.view("map")
data, filters = view.data, view.filters

st.title("Map")
online = st.toggle(
    "OpenStreetMap background (fetches tiles from the internet)",
    value=False,
    key="map_online",
)
figure = map_view(data, filters, online)
st.plotly_chart(figure, key="map_chart", config={"displaylogo": False, "scrollZoom": True})
#: The most headlines without a label listed under the map (the largest first).
LISTED = 12
unlabelled = unlabelled_places(figure.to_dict())
if unlabelled:
    more = len(unlabelled) - LISTED
    st.caption(
        "No room for a label on every screen (hover the marker for its date and source): "
        + " · ".join(md(text) for text in unlabelled[:LISTED])
        + (f" · and {more:,} more" if more > 0 else "")
        + "."
    )
st.caption(
    "Framed on the places with figures in this view. Each shows its headline: its latest"
    " reported count of the question the situation's headline answers (the first overview"
    " estimate about the whole situation, as on the situations page), or, when it has none, of its"
    " first subject in the dashboard's order (never a projection, a rate or a figure about"
    " another event), written under its name, with the marker sized by it against places"
    " answering the same question; hover a place for the date, scope and source of each of its"
    " latest"
    " figures, projections marked as such."
    " An arrowhead marks a route towards a place with figures of people who fled there; an"
    " arrow from one place to another, as wide as the count, the latest number of all the"
    " people who moved between them so far (not a day's arrivals). Shaded outlines: regions"
    " (admin level 1) with figures. Country names"
    " are written where they fit; regions and countries without figures have no marker."
)
st.caption(md(DISCLAIMER))

st.subheader("Distances")
for route, length, legs in zip(data.routes, route_lengths(data), route_legs(data), strict=True):
    props = route.get("properties") or {}
    schematic = " along straight segments (schematic)" if props.get("schematic") else ""
    st.metric(f"{md(props.get('name', 'Route'))} length", f"{length:,.0f} km")
    st.caption(f"Geodesic length{schematic}, computed with geopy. {md(props.get('note', ''))}")
    if len(legs):
        # A static table: a few rows do not need the table viewer, which is slow to load.
        st.table(
            legs.assign(
                **{c: legs[c].astype(str).map(md) for c in ("from", "to")},
                km=legs["km"].map("{:,.1f}".format),
            ),
            hide_index=True,
            border="horizontal",
        )

names = data.place_names
ids = distance_sources(data)  # places with another apart from them (not in them, nor holding them)
if not ids:
    st.caption("No two places apart from each other: every place lies in another one.")
else:
    left, right = st.columns(2)
    a = left.selectbox("From", ids, index=0, key="map_from", format_func=lambda i: names.get(i, i))
    targets = distance_targets(data, a) if a is not None else []
    b = right.selectbox("To", targets, index=0, key="map_to", format_func=lambda i: names.get(i, i))
    km = distance(data, a, b) if a is not None and b is not None else None
    if km is not None and a is not None and b is not None:
        touch = borders_shared(data, a, b)
        st.metric(
            f"{md(names[a])} to {md(names[b])}",
            "Neighbours" if touch else f"{km:,.1f} km",
            help="Geodesic distance; to a country or region, to the nearest point of its border;"
            " between two of them, between their nearest points",
        )
        if touch:
            st.caption("They share a border: there is no distance between them.")
    st.caption("A place and a place inside it are never paired: the distance would be none.")
