"""The map: places with their latest figures, routes, country borders; distances with geopy.

The default map draws offline: an equirectangular plot whose borders, corridor, points and labels
are all in the figure itself, so nothing is fetched. An OpenStreetMap background is optional.
"""

from __future__ import annotations

import difflib
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from geopy.distance import geodesic

from dashboard.labels import PALETTE, hedged, safe, series_label
from loaders.facts.consolidate import latest_by_place
from loaders.read.boundaries import Boundary
from loaders.read.gazetteer import normalize

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply"
    " official endorsement or acceptance by the makers of this dashboard. Borders: Natural Earth"
    " (public domain), which shows de facto lines. Routes marked schematic join known points with"
    " straight segments and do not follow the road."
)


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


_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "bottom left",
)


def label_positions(
    lons: list[float],
    lats: list[float],
    labels: list[str],
    extent: tuple[float, float, float, float],
) -> list[str]:
    """A text position for each point so that labels overlap as little as possible (greedy, in
    the map's own units, assuming a chart about 900 pixels wide)."""
    per_px = (extent[2] - extent[0]) / 900
    char_w, line_h = 7 * per_px, 16 * per_px
    placed: list[tuple[float, float, float, float]] = []
    out = []
    order = sorted(range(len(lons)), key=lambda i: -lats[i])
    chosen: dict[int, str] = {}
    for i in order:
        w, h = len(labels[i]) * char_w, line_h
        best, best_hits = _POSITIONS[0], None
        for pos in _POSITIONS:
            vertical, horizontal = pos.split()
            y0 = lats[i] + (
                0.4 * h if vertical == "top" else -1.4 * h if vertical == "bottom" else -h / 2
            )
            x0 = (
                lons[i] - w / 2
                if horizontal == "center"
                else lons[i] + 2 * char_w
                if horizontal == "right"
                else lons[i] - w - 2 * char_w
            )
            box = (x0, y0, x0 + w, y0 + h)
            hits = sum(1 for p in placed if _overlaps(box, p))
            if best_hits is None or hits < best_hits:
                best, best_hits, best_box = pos, hits, box
            if hits == 0:
                break
        placed.append(best_box)
        chosen[i] = best
    out = [chosen[i] for i in range(len(lons))]
    return out


def route_length_km(feature: dict) -> float:
    """Geodesic length of a route's line, in kilometres."""
    geometry = feature.get("geometry") or {}
    lines = geometry.get("coordinates") or []
    if geometry.get("type") == "LineString":
        lines = [lines]
    total = 0.0
    for line in lines:
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


def _place_hover(place: pd.Series, latest: pd.DataFrame) -> str:
    lines = [f"<b>{safe(place['label'])}</b> ({place['kind']})"]
    mine = latest[latest["place"] == place["id"]]
    for fact in mine.itertuples(index=False):
        subtype = fact.subtype if isinstance(fact.subtype, str) else None
        value_max = fact.value_max if not pd.isna(fact.value_max) else None
        lines.append(
            f"{series_label(fact.indicator, subtype)}: "
            f"{hedged(fact.value, value_max, fact.qualifier, fact.unit)} ({fact.as_of}; "
            f"{safe(textwrap.shorten(str(fact.sources), 50, placeholder='…'))})"
        )
    if len(mine) == 0:
        lines.append("no figures in this view")
    return "<br>".join(lines)


def _extent(points: pd.DataFrame) -> tuple[float, float, float, float]:
    lon0, lon1 = points["lon"].min(), points["lon"].max()
    lat0, lat1 = points["lat"].min(), points["lat"].max()
    pad_lon = max(0.4, (lon1 - lon0) * 0.12)
    pad_lat = max(0.3, (lat1 - lat0) * 0.12)
    return lon0 - pad_lon, lat0 - pad_lat, lon1 + pad_lon, lat1 + pad_lat


def _overlaps(a: tuple, b: tuple) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def map_figure(
    places: pd.DataFrame,
    facts: pd.DataFrame,
    routes: list[dict],
    boundaries: list[Boundary],
    online: bool = False,
) -> go.Figure:
    """The map of places and routes with the latest facts of each place in its hover text."""
    pts = places[(places["kind"] != "route") & places["lat"].notna()].copy()
    pts["label"] = [
        safe(display_name(n, a)) for n, a in zip(pts["name"], pts["aliases"], strict=True)
    ]
    latest = latest_by_place(facts)
    pts["hover"] = [_place_hover(row, latest) for _, row in pts.iterrows()]
    has_figures = pts["id"].isin(set(latest["place"])) if len(latest) else pts["id"].isin([])
    if online:
        return _online_map(pts, has_figures, routes)
    fig = go.Figure()
    extent = _extent(pts) if len(pts) else (-180, -60, 180, 80)
    for boundary in boundaries:
        if not _overlaps(boundary.bbox, extent):
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in boundary.polygons:
            for ring in polygon:
                xs.extend([p[0] for p in ring] + [None])
                ys.extend([p[1] for p in ring] + [None])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#8c8c8c", "width": 1},
                fill="toself",
                fillcolor="rgba(230,230,225,0.6)",
                name=safe(boundary.name),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for n, route in enumerate(routes):
        props = route.get("properties") or {}
        coords = (route.get("geometry") or {}).get("coordinates") or []
        schematic = bool(props.get("schematic"))
        fig.add_trace(
            go.Scatter(
                x=[c[0] for c in coords],
                y=[c[1] for c in coords],
                mode="lines",
                line={
                    "color": PALETTE[(n + 1) % len(PALETTE)],
                    "width": 4,
                    "dash": "dash" if schematic else "solid",
                },
                name=safe(f"{props.get('name', 'route')}{' (schematic)' if schematic else ''}"),
                hovertext=safe(f"{props.get('name', '')}: {route_length_km(route):.0f} km")
                + (" along straight segments (schematic)" if schematic else ""),
                hoverinfo="text",
            )
        )
    pts = pts.reset_index(drop=True)
    has_figures = has_figures.reset_index(drop=True)
    positions = dict(
        enumerate(
            label_positions(pts["lon"].tolist(), pts["lat"].tolist(), pts["label"].tolist(), extent)
        )
    )
    for with_figures, name, color in (
        (True, "places with figures", PALETTE[0]),
        (False, "other places", "#999999"),
    ):
        sel = pts[has_figures == with_figures]
        if sel.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=sel["lon"],
                y=sel["lat"],
                mode="markers+text",
                text=sel["label"],
                textposition=[positions[i] for i in sel.index],
                textfont={"size": 12, "color": "#222222"},
                marker={
                    "size": [16 if k in ("region", "country") else 11 for k in sel["kind"]],
                    "color": color,
                    "symbol": [
                        "square" if k in ("region", "country") else "circle" for k in sel["kind"]
                    ],
                    "line": {"width": 1, "color": "white"},
                },
                hovertext=sel["hover"],
                hoverinfo="text",
                name=name,
            )
        )
    mid_lat = (extent[1] + extent[3]) / 2
    fig.update_layout(
        xaxis={
            "range": [extent[0], extent[2]],
            "showgrid": False,
            "zeroline": False,
            "title": None,
            "ticksuffix": "°E",
        },
        yaxis={
            "range": [extent[1], extent[3]],
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(mid_lat)),
            "title": None,
            "ticksuffix": "°N",
        },
        plot_bgcolor="#dfeaf2",
        legend={"orientation": "h", "y": -0.08, "x": 0},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=560,
        dragmode="pan",
    )
    return fig


def _online_map(pts: pd.DataFrame, has_figures: pd.Series, routes: list[dict]) -> go.Figure:
    fig = go.Figure()
    for route in routes:
        coords = (route.get("geometry") or {}).get("coordinates") or []
        fig.add_trace(
            go.Scattermap(
                lon=[c[0] for c in coords],
                lat=[c[1] for c in coords],
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
