"""The map: places with their latest figures, routes, outlines; distances with geopy.

The default map draws offline: an equirectangular plot whose outlines, routes, points and labels
are all in the figure itself, so nothing is fetched. It is framed on the places that have figures
in view (and the outline of a region among them), so a corridor of 50 km is not a few pixels;
only the parts of outlines near that frame are sent to the browser. Each place with figures shows
its headline (its latest figure of the first subject in the vocabulary's order) in a marker sized
by that value. A route whose destination has figures of people on the move gets an arrowhead
toward it. An OpenStreetMap background is optional.
"""

from __future__ import annotations

import difflib
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from geopy.distance import geodesic

from dashboard.labels import PALETTE, safe
from dashboard.outlines import (
    PHONE_PLOT,
    WIDE_PLOT,
    Extent,
    countries_in_view,
    frame,
    inside,
    matching_areas,
    outline_traces,
    stretch,
    view_box,
)
from dashboard.place_figures import Headline, headlines, latest_per_place, place_hovers
from dashboard.placement import Point, place_labels
from loaders.read.boundaries import Boundary
from loaders.read.gazetteer import normalize
from loaders.read.routes import lines_of

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply"
    " official endorsement or acceptance by the makers of this dashboard. Borders and outlines:"
    " Natural Earth (public domain), which shows de facto lines; its outline of a breakaway area"
    " may predate recent changes of control. Routes marked schematic join known points with"
    " straight segments and do not follow the road."
)
#: The indicator whose figures at a place say people moved there (an arrow along a route).
MOVEMENT_INDICATOR = "displaced"
HEIGHT = 500
#: Marker diameters (px): a place's headline sets its size between these, by area.
MIN_MARKER, MAX_MARKER = 12.0, 40.0


def display_name(name: str, aliases: str) -> str:
    """'Stepanakert / Khankendi' where the first alias is another name, not another spelling."""
    first = (aliases or "").split("|")[0].strip()
    if not first:
        return name
    a, b = normalize(name), normalize(first)
    if a in b or b in a:
        return name  # "Republic of Armenia", "Karabakh": the same name, longer or shorter
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return f"{name} / {first}" if ratio < 0.7 else name


def route_length_km(feature: dict) -> float:
    """Geodesic length of a route's line, in kilometres."""
    total = 0.0
    for line in lines_of(feature.get("geometry")):
        for (lon0, lat0), (lon1, lat1) in zip(line, line[1:], strict=False):
            total += geodesic((lat0, lon0), (lat1, lon1)).km
    return total


def leg_distances(feature: dict, places: pd.DataFrame) -> pd.DataFrame:
    """Straight-line distance between consecutive named points of a route."""
    via = (feature.get("properties") or {}).get("via") or []
    table = places.set_index("id")
    rows = []
    for a, b in zip(via, via[1:], strict=False):
        if a in table.index and b in table.index:
            pa, pb = table.loc[a], table.loc[b]
            rows.append(
                {
                    "from": pa["name"],
                    "to": pb["name"],
                    "km": round(geodesic((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"])).km, 1),
                }
            )
    return pd.DataFrame(rows, columns=["from", "to", "km"])


def distance_km(places: pd.DataFrame, a: str, b: str) -> float | None:
    """Geodesic distance between two gazetteer places, if both have coordinates."""
    table = places.set_index("id")
    if a not in table.index or b not in table.index:
        return None
    pa, pb = table.loc[a], table.loc[b]
    if pd.isna(pa["lat"]) or pd.isna(pb["lat"]):
        return None
    return geodesic((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"])).km


# --- Routes and movement --------------------------------------------------------------------


def _destinations(place_id: str, places: pd.DataFrame) -> set[str]:
    """A place, the places it lies in (by `parent`), and its country's place."""
    table = places.set_index("id")
    out: set[str] = set()
    current = place_id
    while current in table.index and current not in out:
        out.add(current)
        parent = table.loc[current].get("parent") if "parent" in table.columns else None
        current = parent if isinstance(parent, str) and parent else ""
    if place_id in table.index:
        country = table.loc[place_id].get("country")
        same = places[(places["kind"] == "country") & (places["country"] == country)]
        out.update(same["id"])
    return out


def movement(route: dict, places: pd.DataFrame, heads: dict[str, Headline]) -> Headline | None:
    """The figure that says people moved along `route`: a headline of MOVEMENT_INDICATOR at the
    route's last place, a place it lies in, or its country; None when the figures say nothing."""
    via = (route.get("properties") or {}).get("via") or []
    if len(via) < 2:
        return None
    for place in sorted(_destinations(via[-1], places)):
        head = heads.get(place)
        if head and head.indicator == MOVEMENT_INDICATOR:
            return head
    return None


def _joined(lines: list[list[list[float]]], axis: int) -> list[float | None]:
    """One coordinate of every line's points, the lines apart (plotly breaks a line at None)."""
    out: list[float | None] = []
    for line in lines:
        if out:
            out.append(None)
        out += [p[axis] for p in line]
    return out


def route_traces(
    routes: list[dict], places: pd.DataFrame, heads: dict[str, Headline], names: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    """Each route's line (not hoverable, so places on it keep their own hover), a hover point
    in the middle of each leg, and an arrowhead toward the destination where figures say people
    moved there."""
    traces, arrows = [], []
    for n, route in enumerate(routes):
        props = route.get("properties") or {}
        lines = lines_of(route.get("geometry"))
        if not lines:
            continue
        coords = lines[-1]  # the arrowhead goes at the end of the last line
        schematic = bool(props.get("schematic"))
        color = PALETTE[(n + 1) % len(PALETTE)]
        moved = movement(route, places, heads)
        name = f"{props.get('name', 'route')}{' (schematic)' if schematic else ''}"
        hover = f"{props.get('name', '')}: {route_length_km(route):.0f} km" + (
            " along straight segments (schematic)" if schematic else ""
        )
        if moved:
            where = names.get(moved.place, moved.place)
            name += f" → {where}"
            hover += f"<br>towards {where}: {moved.text}"
        traces.append(
            {
                "type": "scatter",
                "x": _joined(lines, 0),
                "y": _joined(lines, 1),
                "mode": "lines",
                "line": {"color": color, "width": 4, "dash": "dash" if schematic else "solid"},
                "name": safe(name),
                "hoverinfo": "skip",
            }
        )
        mids = [
            ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            for line in lines
            for a, b in zip(line, line[1:], strict=False)
        ]
        traces.append(
            {
                "type": "scatter",
                "x": [m[0] for m in mids],
                "y": [m[1] for m in mids],
                "mode": "markers",
                "marker": {"size": 14, "color": color, "opacity": 0},
                "hovertext": [safe(hover)] * len(mids),
                "hoverinfo": "text",
                "showlegend": False,
                "name": safe(name),
            }
        )
        if moved:
            (ax, ay), (x, y) = coords[-2], coords[-1]
            arrows.append(
                {
                    "x": x,
                    "y": y,
                    "ax": ax,
                    "ay": ay,
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowsize": 1.2,
                    "arrowwidth": 3,
                    "arrowcolor": color,
                    "text": "",
                }
            )
    return traces, arrows


# --- Places ---------------------------------------------------------------------------------


def marker_sizes(pts: pd.DataFrame, heads: dict[str, Headline]) -> list[float]:
    """Diameter per place: by area, as its headline's share of the largest headline in the same
    unit as the largest; places without figures (or in another unit) get the smallest."""
    valued = [h for h in heads.values() if h.value > 0]
    if not valued:
        return [MIN_MARKER] * len(pts)
    top = max(valued, key=lambda h: h.value)
    sizes = []
    for place in pts["id"]:
        head = heads.get(place)
        if head and head.unit == top.unit and head.value > 0:
            share = math.sqrt(head.value / top.value)
            sizes.append(round(MIN_MARKER + (MAX_MARKER - MIN_MARKER) * share, 1))
        else:
            sizes.append(MIN_MARKER)
    return sizes


def label_lines(pts: pd.DataFrame, heads: dict[str, Headline]) -> list[tuple[str, ...]]:
    """A place's name, and its headline's value under it (date, scope and source: in the
    hover)."""
    return [
        (label, heads[place].short) if place in heads else (label,)
        for place, label in zip(pts["id"], pts["label"], strict=True)
    ]


#: Plot sizes (px) the map is drawn at: phone, tablet, desktop. Labels must be clear at each.
SCREENS = (PHONE_PLOT, (700.0, 420.0), WIDE_PLOT)


def screen_points(
    pts: pd.DataFrame, sizes: list[float], lines: list[tuple[str, ...]], extent: Extent
) -> list[tuple[list[Point], float, float]]:
    """The places as drawn on each screen of SCREENS: plotly keeps the scale equal on both axes,
    so the frame fills the plot's width or height and the other axis shows more."""
    lon0, lat0, lon1, lat1 = extent
    k = stretch((lat0 + lat1) / 2)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    layouts = []
    for width, height in SCREENS:
        scale = min(width / (lon1 - lon0), height / ((lat1 - lat0) * k))
        points = [
            Point(
                x=width / 2 + (float(lon) - cx) * scale,
                y=height / 2 - (float(lat) - cy) * k * scale,
                radius=size / 2,
                lines=line,
            )
            for lon, lat, size, line in zip(pts["lon"], pts["lat"], sizes, lines, strict=True)
        ]
        layouts.append((points, width, height))
    return layouts


def label_annotations(
    pts: pd.DataFrame, sizes: list[float], lines: list[tuple[str, ...]], extent: Extent
) -> list[dict]:
    """A label per place where one fits clear of every other label and marker on every screen
    (dashboard.placement); places with figures first, larger headlines first."""
    order = sorted(range(len(pts)), key=lambda i: (-len(lines[i]), -sizes[i]))
    layouts = screen_points(
        pts.iloc[order], [sizes[i] for i in order], [lines[i] for i in order], extent
    )
    chosen = place_labels(layouts)
    out = []
    for i, offset in zip(order, chosen, strict=True):
        if offset is None:
            continue
        text = "<b>" + lines[i][0] + "</b>" + "".join("<br>" + t for t in lines[i][1:])
        out.append(
            {
                "x": float(pts.iloc[i]["lon"]),
                "y": float(pts.iloc[i]["lat"]),
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": True,
                "ax": round(offset[0], 1),
                "ay": round(offset[1], 1),
                "arrowhead": 0,
                "arrowwidth": 0.8,
                "arrowcolor": "#777777",
                "standoff": sizes[i] / 2,
                "font": {"size": 11, "color": "#222222"},
                "bgcolor": "rgba(255,255,255,0.7)",
                "borderpad": 1,
            }
        )
    return out


def framed(
    pts: pd.DataFrame,
    heads: dict[str, Headline],
    routes: list[dict],
    boundaries: list[Boundary],
    areas: dict[str, Boundary],
) -> tuple[Extent, pd.DataFrame]:
    """The frame (around the places with figures other than countries, the routes and the
    outlines of those regions), and the places any screen may show, countries moved into view."""
    with_figures = pts["id"].isin(set(heads))
    focus = pts[with_figures & (pts["kind"] != "country")]
    if focus.empty:
        focus = pts[with_figures] if with_figures.any() else pts
    extent = frame(focus, routes, [areas[p] for p in focus["id"] if p in areas])
    pts = countries_in_view(pts, boundaries, extent, set(heads))
    box = view_box(extent)
    pts = pts[
        np.array([inside(box, x, y) for x, y in zip(pts["lon"], pts["lat"], strict=True)], bool)
    ]
    return extent, pts.reset_index(drop=True)


def place_traces(pts: pd.DataFrame, heads: dict[str, Headline], sizes: list[float]) -> list[dict]:
    """Markers: places with figures (sized by headline) and the others, each with its hover."""
    traces = []
    for with_figures, name, color in (
        (True, "places with figures (size: headline)", PALETTE[0]),
        (False, "other places", "#999999"),
    ):
        chosen = [i for i in pts.index if (pts.at[i, "id"] in heads) == with_figures]
        if not chosen:
            continue
        sel = pts.loc[chosen]
        traces.append(
            {
                "type": "scatter",
                "x": sel["lon"].tolist(),
                "y": sel["lat"].tolist(),
                "mode": "markers",
                "marker": {
                    "size": [sizes[i] for i in chosen],
                    "color": color,
                    "opacity": 0.85,
                    "symbol": [
                        "square" if k in ("region", "country") else "circle" for k in sel["kind"]
                    ],
                    "line": {"width": 1, "color": "white"},
                },
                "hovertext": sel["hover"].tolist(),
                "hoverinfo": "text",
                "name": name,
            }
        )
    return traces


def map_figure(
    places: pd.DataFrame,
    facts: pd.DataFrame,
    routes: list[dict],
    boundaries: list[Boundary],
    online: bool = False,
) -> go.Figure:
    """The map of places and routes, framed on the places with figures, each showing its
    headline; every place's latest facts in its hover text."""
    pts = places[(places["kind"] != "route") & places["lat"].notna()].copy()
    pts["label"] = [
        safe(display_name(n, a)) for n, a in zip(pts["name"], pts["aliases"], strict=True)
    ]
    latest = latest_per_place(facts)
    heads = headlines(latest)
    pts["hover"] = place_hovers(pts, latest)
    if online:
        has_figures = pts["id"].isin(set(heads))
        return _online_map(pts, has_figures, routes)
    names = dict(zip(places["id"], places["name"], strict=True))
    areas = matching_areas(places, boundaries)
    extent, pts = framed(pts, heads, routes, boundaries, areas)
    box = view_box(extent)
    highlight = {areas[p].name for p in pts["id"] if p in areas}
    traces = outline_traces(boundaries, box, highlight)
    route_lines, arrows = route_traces(routes, places, heads, names)
    sizes = marker_sizes(pts, heads)
    lines = label_lines(pts, heads)
    framed_in = [i for i in pts.index if inside(extent, pts.at[i, "lon"], pts.at[i, "lat"])]
    labels = label_annotations(
        pts.loc[framed_in], [sizes[i] for i in framed_in], [lines[i] for i in framed_in], extent
    )
    traces += route_lines + place_traces(pts, heads, sizes)
    layout = _layout(extent, arrows + labels)
    # Plain dicts without per-property checks (fast); the tests check the full schema.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _layout(extent: Extent, arrows: list[dict]) -> dict:
    mid_lat = (extent[1] + extent[3]) / 2
    return {
        "xaxis": {
            "range": [extent[0], extent[2]],
            "showgrid": False,
            "zeroline": False,
            "title": None,
            "ticksuffix": "°E",
        },
        "yaxis": {
            "range": [extent[1], extent[3]],
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": "x",
            "scaleratio": stretch(mid_lat),
            "title": None,
            "ticksuffix": "°N",
        },
        "plot_bgcolor": "#dfeaf2",
        "legend": {"orientation": "h", "y": -0.06, "x": 0, "yanchor": "top"},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": HEIGHT,
        "dragmode": "pan",
        "hovermode": "closest",
        "annotations": arrows,
    }


def _online_map(pts: pd.DataFrame, has_figures: pd.Series, routes: list[dict]) -> go.Figure:
    fig = go.Figure()
    for route in routes:
        lines = lines_of(route.get("geometry"))
        fig.add_trace(
            go.Scattermap(
                lon=_joined(lines, 0),
                lat=_joined(lines, 1),
                mode="lines",
                line={"width": 4, "color": PALETTE[1]},
                name=safe((route.get("properties") or {}).get("name", "route")),
            )
        )
    fig.add_trace(
        go.Scattermap(
            lon=pts["lon"],
            lat=pts["lat"],
            mode="markers",
            marker={"size": 12, "color": [PALETTE[0] if f else "#999999" for f in has_figures]},
            hovertext=pts["hover"],
            hoverinfo="text",
            name="places",
        )
    )
    fig.update_layout(
        map={
            "style": "open-street-map",
            "center": {"lat": float(pts["lat"].mean()), "lon": float(pts["lon"].mean())},
            "zoom": 6,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=560,
    )
    return fig
