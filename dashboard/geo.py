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
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from geopy.distance import geodesic

from dashboard.labels import PALETTE, hedged, safe, series_label
from dashboard.placement import Point, place_labels
from loaders.facts.selection import codes, days, group_codes_at
from loaders.model.vocabulary import VOCABULARY
from loaders.read.boundaries import Boundary, ring_area, ring_centroid
from loaders.read.gazetteer import normalize

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply"
    " official endorsement or acceptance by the makers of this dashboard. Borders and outlines:"
    " Natural Earth (public domain), which shows de facto lines; its outline of a breakaway area"
    " may predate recent changes of control. Routes marked schematic join known points with"
    " straight segments and do not follow the road."
)
#: The indicator whose figures at a place say people moved there (an arrow along a route).
MOVEMENT_INDICATOR = "displaced"
#: The smallest plot the map is drawn in (a phone, in pixels): labels placed clear of each other
#: there stay clear on any larger screen.
PHONE_PLOT = (330.0, 420.0)
#: The widest plot (desktop): how far the view may extend sideways beyond the frame.
WIDE_PLOT = (1150.0, 420.0)
HEIGHT = 500
#: Marker diameters (px): a place's headline sets its size between these, by area.
MIN_MARKER, MAX_MARKER = 12.0, 40.0
Extent = tuple[float, float, float, float]


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


# --- Headlines ------------------------------------------------------------------------------


def latest_per_place(facts: pd.DataFrame) -> pd.DataFrame:
    """For each place and series (indicator, subtype, unit, note), its latest fact; of claims on
    the same day, the one most sources make, then the last listed. One pass over integer codes
    (no sort of the table), so a million facts cost a few hundredths of a second."""
    rows = np.flatnonzero(codes(facts, "place") >= 0) if len(facts) else np.array([], dtype=int)
    if not len(rows):
        return facts.iloc[0:0]
    groups = group_codes_at(facts, ["place", "indicator", "subtype", "unit", "note"], rows)
    day = days(facts)[rows].astype(np.int64)
    n_sources = facts["n_sources"].to_numpy()[rows].astype(np.int64)
    score = (day - day.min()) * (int(n_sources.max()) + 1) + n_sources
    best = np.full(groups.max() + 1, -1, dtype=np.int64)
    np.maximum.at(best, groups, score)
    top = np.flatnonzero(score == best[groups])
    last = np.full(len(best), -1, dtype=np.int64)
    np.maximum.at(last, groups[top], top)
    return facts.iloc[rows[np.sort(last)]]


@dataclass(frozen=True)
class Headline:
    """A place's headline: its latest figure of the first subject in the vocabulary's order."""

    place: str
    indicator: str
    subtype: str | None
    value: float
    unit: str
    text: str
    short: str = ""
    note: str = ""


def headlines(latest: pd.DataFrame) -> dict[str, Headline]:
    """Per place, from its latest facts (`latest_by_place`)."""
    if latest.empty:
        return {}
    df = latest.assign(
        _order=[
            VOCABULARY.order(i, s if isinstance(s, str) else None)
            for i, s in zip(latest["indicator"], latest["subtype"], strict=True)
        ],
        _day=pd.to_datetime(latest["as_of"]),
    ).sort_values(["place", "_order", "_day", "n_sources"], ascending=[True, True, False, False])
    out = {}
    firsts = df.drop_duplicates("place")
    one_year = firsts["_day"].dt.year.nunique() == 1
    for fact in firsts.itertuples(index=False):
        subtype = fact.subtype if isinstance(fact.subtype, str) else None
        entry = VOCABULARY.entry(fact.indicator, subtype)
        what = entry.label if entry and entry.label != "total" else ""
        what = what or VOCABULARY.indicator_label(fact.indicator).lower()
        value_max = None if pd.isna(fact.value_max) else float(fact.value_max)
        amount = hedged(fact.value, value_max, fact.qualifier, fact.unit)
        day = pd.Timestamp(fact.as_of)
        out[fact.place] = Headline(
            place=fact.place,
            indicator=fact.indicator,
            subtype=subtype,
            value=float(fact.value),
            unit=str(fact.unit),
            text=safe(f"{amount} {what}, {day.day} {day:%b}{'' if one_year else f' {day:%Y}'}"),
            short=safe(f"{amount} {what}"),
            note=safe(textwrap.shorten(fact.note, 30, placeholder="…")) if fact.note else "",
        )
    return out


def place_hovers(pts: pd.DataFrame, latest: pd.DataFrame) -> list[str]:
    """Per place: its name and kind, then each of its latest facts with date and sources."""
    facts: dict[str, list[str]] = {}
    columns = ["place", "indicator", "subtype", "value", "value_max", "qualifier", "unit"]
    columns += ["as_of", "note", "sources"]
    for fact in latest[columns].astype(object).itertuples(index=False):
        subtype = fact.subtype if isinstance(fact.subtype, str) else None
        value_max = None if pd.isna(fact.value_max) else float(fact.value_max)
        note = fact.note if isinstance(fact.note, str) else ""
        scope = f" [{safe(textwrap.shorten(note, 40, placeholder='…'))}]" if note else ""
        facts.setdefault(fact.place, []).append(
            f"{series_label(fact.indicator, subtype)}{scope}: "
            f"{hedged(fact.value, value_max, fact.qualifier, fact.unit)} ({fact.as_of}; "
            f"{safe(textwrap.shorten(str(fact.sources), 50, placeholder='…'))})"
        )
    return [
        "<br>".join([f"<b>{label}</b> ({kind})", *facts.get(place, ["no figures in this view"])])
        for place, label, kind in zip(pts["id"], pts["label"], pts["kind"], strict=True)
    ]


# --- Framing and outlines -------------------------------------------------------------------


def _names(row: pd.Series) -> set[str]:
    aliases = str(row.get("aliases") or "").split("|")
    return {normalize(n) for n in [str(row["name"]), *aliases] if n and n.strip()}


def matching_areas(places: pd.DataFrame, boundaries: list[Boundary]) -> dict[str, Boundary]:
    """Per region place, the area outline that bears one of its names (none: not outlined)."""
    areas = [b for b in boundaries if b.kind == "area"]
    out = {}
    for _, row in places[places["kind"] == "region"].iterrows():
        names = _names(row)
        for area in areas:
            if names & {normalize(n) for n in (area.name, *area.aliases)}:
                out[row["id"]] = area
                break
    return out


def frame(points: pd.DataFrame, routes: list[dict], outlines: list[Boundary]) -> Extent:
    """The view: around the given points, the routes' lines and the outlines, padded, and no
    thinner than half its width (a corridor alone would be a sliver)."""
    lons = [float(v) for v in points["lon"]]
    lats = [float(v) for v in points["lat"]]
    for route in routes:
        for lon, lat in (route.get("geometry") or {}).get("coordinates") or []:
            lons.append(lon)
            lats.append(lat)
    for outline in outlines:
        x0, y0, x1, y1 = outline.bbox
        lons += [x0, x1]
        lats += [y0, y1]
    if not lons:
        return (-180.0, -60.0, 180.0, 80.0)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    k = _stretch((lat0 + lat1) / 2)
    width, height = lon1 - lon0, (lat1 - lat0) * k
    if height < width / 2:  # in screen units: at least half as tall as wide
        extra = (width / 2 - height) / k / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    if width < height / 2:
        extra = (height / 2 - width) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    pad_lon = max(0.15, (lon1 - lon0) * 0.08)
    pad_lat = max(0.12, (lat1 - lat0) * 0.08)
    return lon0 - pad_lon, lat0 - pad_lat, lon1 + pad_lon, lat1 + pad_lat


def _stretch(lat: float) -> float:
    """How much longer a degree of latitude is on screen than a degree of longitude."""
    return 1 / max(0.1, math.cos(math.radians(lat)))


def view_box(extent: Extent) -> Extent:
    """Everything any screen may show around the frame: the frame widened to the widest plot's
    shape and heightened to the narrowest one's (plotly extends one axis to keep the scale)."""
    lon0, lat0, lon1, lat1 = extent
    k = _stretch((lat0 + lat1) / 2)
    width, height = lon1 - lon0, (lat1 - lat0) * k
    half_w = max(width, height * WIDE_PLOT[0] / WIDE_PLOT[1]) / 2 * 1.05
    half_h = max(height, width * PHONE_PLOT[1] / PHONE_PLOT[0]) / 2 / k * 1.05
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def clip_ring(ring: tuple, box: Extent) -> list[tuple[float, float]]:
    """The part of a closed ring inside `box` (Sutherland-Hodgman against each side)."""
    points = list(ring)
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    for inside, cross in edges:
        if not points:
            break
        out = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _clipped(ring: tuple, box: Extent) -> list:
    """`clip_ring`, skipping the work for a ring wholly inside or outside the box."""
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    bounds = (min(xs), min(ys), max(xs), max(ys))
    if not _overlaps(bounds, box):
        return []
    if box[0] <= bounds[0] and bounds[2] <= box[2] and box[1] <= bounds[1] and bounds[3] <= box[3]:
        return list(ring)
    return clip_ring(ring, box)


def _cross_x(a: tuple, b: tuple, x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: tuple, b: tuple, y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _overlaps(a: Extent, b: Extent) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def outline_traces(boundaries: list[Boundary], box: Extent, highlight: set[str]) -> list[dict]:
    """Countries as light fills, areas (breakaway, disputed, regions) as dashed outlines; only
    the parts inside `box` are kept."""
    traces = []
    for boundary in sorted(boundaries, key=lambda b: b.kind != "country"):
        if not _overlaps(boundary.bbox, box):
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in boundary.polygons:
            for ring in polygon:
                kept = _clipped(ring, box)
                if len(kept) >= 3:
                    xs.extend([round(p[0], 4) for p in kept] + [kept[0][0], None])
                    ys.extend([round(p[1], 4) for p in kept] + [kept[0][1], None])
        if not xs:
            continue
        area = boundary.kind != "country"
        shown = area and boundary.name in highlight
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "line": {
                    "color": "#6b4c9a" if area else "#8c8c8c",
                    "width": 2 if area else 1,
                    **({"dash": "dash"} if area else {}),
                },
                **(
                    {"fill": "toself", "fillcolor": "rgba(230,230,225,0.6)"}
                    if not area
                    else {"fill": "toself", "fillcolor": "rgba(107,76,154,0.06)"}
                ),
                "name": safe(f"{boundary.name} (outline)" if area else boundary.name),
                "hoverinfo": "skip",
                "showlegend": shown,
            }
        )
    return traces


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


def route_traces(
    routes: list[dict], places: pd.DataFrame, heads: dict[str, Headline], names: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    """Each route's line (not hoverable, so places on it keep their own hover), a hover point
    in the middle of each leg, and an arrowhead toward the destination where figures say people
    moved there."""
    traces, arrows = [], []
    for n, route in enumerate(routes):
        props = route.get("properties") or {}
        coords = (route.get("geometry") or {}).get("coordinates") or []
        if len(coords) < 2:
            continue
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
                "x": [c[0] for c in coords],
                "y": [c[1] for c in coords],
                "mode": "lines",
                "line": {"color": color, "width": 4, "dash": "dash" if schematic else "solid"},
                "name": safe(name),
                "hoverinfo": "skip",
            }
        )
        mids = [
            ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(coords, coords[1:], strict=False)
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
    k = _stretch((lat0 + lat1) / 2)
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


def countries_in_view(
    pts: pd.DataFrame, boundaries: list[Boundary], extent: Extent, with_figures: set[str]
) -> pd.DataFrame:
    """Countries whose point lies outside the view get their marker where they meet it: the
    centre of the largest part of their outline inside the frame (a country is framed by the
    places that have figures in it, not by its own centre)."""
    outlines = {normalize(b.name): b for b in boundaries if b.kind == "country"}
    pts = pts.copy()
    for i in pts.index[(pts["kind"] == "country") & pts["id"].isin(with_figures)]:
        if _in(extent, pts.at[i, "lon"], pts.at[i, "lat"]):
            continue
        outline = outlines.get(normalize(str(pts.at[i, "name"])))
        if outline is None:
            continue
        parts = [clip_ring(poly[0], extent) for poly in outline.polygons]
        parts = [p for p in parts if len(p) >= 3]
        if parts:
            lon, lat = ring_centroid(tuple(max(parts, key=lambda p: abs(ring_area(tuple(p))))))
            pts.at[i, "lon"], pts.at[i, "lat"] = round(lon, 5), round(lat, 5)
    return pts


def _in(extent: Extent, lon: float, lat: float) -> bool:
    return extent[0] <= lon <= extent[2] and extent[1] <= lat <= extent[3]


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
    pts = pts[np.array([_in(box, x, y) for x, y in zip(pts["lon"], pts["lat"], strict=True)], bool)]
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
    inside = [i for i in pts.index if _in(extent, pts.at[i, "lon"], pts.at[i, "lat"])]
    labels = label_annotations(
        pts.loc[inside], [sizes[i] for i in inside], [lines[i] for i in inside], extent
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
            "scaleratio": _stretch(mid_lat),
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
