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
import html
import math
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import PALETTE, safe
from dashboard.map.outlines import (
    PHONE_PLOT,
    WIDE_PLOT,
    Extent,
    clip_ring,
    countries_in_view,
    declared_outlines,
    frame,
    in_ring,
    inside,
    matching_areas,
    outline_traces,
    stretch,
    view_box,
)
from dashboard.map.place_figures import PlaceHeadline, Question, headlines, place_hovers
from dashboard.map.placement import Marker, Offset, place_labels
from loaders.facts.consolidate import latest_by_place
from loaders.facts.estimates import whole_at_country
from loaders.model.vocabulary import VOCABULARY
from loaders.read.boundaries import Boundary, ring_area, ring_centroid
from loaders.read.gazetteer import normalize
from loaders.read.routes import lines_of

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply"
    " official endorsement or acceptance by the makers of this dashboard. Borders and outlines:"
    " Natural Earth (public domain), which shows de facto lines; its outline of a breakaway area"
    " may predate recent changes of control. Routes marked schematic join known points with"
    " straight segments and do not follow the road."
)
#: The indicators whose figures at a place say people moved there (an arrow along a route): the
#: vocabulary's `movement: true`.
MOVEMENT_INDICATORS = VOCABULARY.movement_indicators()
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


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lat, lon) points, in kilometres."""
    # geopy (with its geocoders) is imported on the map's first distance, not at the app's start.
    from geopy.distance import geodesic

    return float(geodesic(a, b).km)


def route_length_km(feature: dict) -> float:
    """Geodesic length of a route's line, in kilometres."""
    total = 0.0
    for line in lines_of(feature.get("geometry")):
        for (lon0, lat0), (lon1, lat1) in zip(line, line[1:], strict=False):
            total += _km((lat0, lon0), (lat1, lon1))
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
                    "km": round(_km((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"])), 1),
                }
            )
    return pd.DataFrame(rows, columns=["from", "to", "km"])


#: Two outlines whose nearest points are closer than this (km) share a border: outlines of
#: different detail (a region's and a neighbour country's) put a shared border's points a
#: little apart.
TOUCH_KM = 1.0


def distance_km(
    places: pd.DataFrame, a: str, b: str, boundaries: list[Boundary] | None = None
) -> float | None:
    """Geodesic distance between two gazetteer places, if both have coordinates; to an area
    with an outline (a country, a region), from the other place to the nearest point of its
    border (0 inside it), not to its centre; between two areas, between their nearest points,
    0 when they share a border (`areas_touch`: Kyrgyzstan and Tajikistan, not the 258 km
    between their label points)."""
    ends = _ends(places, a, b, boundaries)
    if ends is None:
        return None
    (pa, outline_a), (pb, outline_b) = ends
    if outline_a is not None and outline_b is not None:
        apart = outlines_apart_km(outline_a, outline_b)
        return 0.0 if apart < TOUCH_KM else apart
    for outline, other in ((outline_b, pa), (outline_a, pb)):
        if outline is not None and not pd.isna(other["lat"]):
            return border_distance_km(outline, float(other["lon"]), float(other["lat"]))
    if pd.isna(pa["lat"]) or pd.isna(pb["lat"]):
        return None
    return _km((pa["lat"], pa["lon"]), (pb["lat"], pb["lon"]))


def areas_touch(
    places: pd.DataFrame, a: str, b: str, boundaries: list[Boundary] | None = None
) -> bool:
    """Whether places `a` and `b` are both areas with outlines that share a border."""
    ends = _ends(places, a, b, boundaries)
    if ends is None:
        return False
    (_, outline_a), (_, outline_b) = ends
    if outline_a is None or outline_b is None:
        return False
    return outlines_apart_km(outline_a, outline_b) < TOUCH_KM


_End = tuple[pd.Series, Boundary | None]


def _ends(
    places: pd.DataFrame, a: str, b: str, boundaries: list[Boundary] | None
) -> tuple[_End, _End] | None:
    """Places `a` and `b`'s rows, each with its outline (None for a point), or None when the
    gazetteer lacks either."""
    table = places.set_index("id")
    if a not in table.index or b not in table.index:
        return None
    pa, pb = table.loc[a], table.loc[b]
    return (pa, _outline(pa, boundaries)), (pb, _outline(pb, boundaries))


def _outline(place: pd.Series, boundaries: list[Boundary] | None) -> Boundary | None:
    """The outline of a country (by name) or region (its own, or an area bearing its name)."""
    if place["kind"] == "country":
        name = normalize(str(place["name"]))
        return next(
            (x for x in boundaries or [] if x.kind == "country" and normalize(x.name) == name),
            None,
        )
    if place["kind"] == "region":
        row = place.to_frame().T.assign(id=place.name)
        return matching_areas(row, boundaries or []).get(str(place.name))
    return None


def outlines_apart_km(a: Boundary, b: Boundary) -> float:
    """Kilometres between the nearest points of two outlines (of their outer rings' points;
    0 for a shared border), found on a flat projection a block of points at a time."""
    pa, pb = _points(a), _points(b)
    if not len(pa) or not len(pb):
        return math.inf
    k = math.cos(math.radians(float(np.concatenate([pa[:, 1], pb[:, 1]]).mean())))
    best, pair = math.inf, (pa[0], pb[0])
    for i in range(0, len(pa), 512):
        block = pa[i : i + 512]
        d = ((block[:, None, 0] - pb[None, :, 0]) * k) ** 2 + (
            block[:, None, 1] - pb[None, :, 1]
        ) ** 2
        j = int(np.argmin(d))
        if d.flat[j] < best:
            best, pair = float(d.flat[j]), (block[j // len(pb)], pb[j % len(pb)])
    (lon0, lat0), (lon1, lat1) = pair
    return _km((float(lat0), float(lon0)), (float(lat1), float(lon1)))


def _points(outline: Boundary) -> np.ndarray:
    """The points of an outline's outer rings, as (lon, lat) rows."""
    rings = [np.asarray(polygon[0], dtype=float) for polygon in outline.polygons if polygon]
    return np.concatenate(rings) if rings else np.zeros((0, 2))


def _ancestors(place: str, parents: dict[str, str | None]) -> set[str]:
    """The places `place` lies in, by `parent` (a cycle in hand-written rows ends the walk)."""
    found: set[str] = set()
    up = parents.get(place)
    while up and up not in found:
        found.add(up)
        up = parents.get(up)
    return found


def _lies_in(inner: pd.Series, outer: pd.Series, outlines: dict[str, Boundary]) -> bool:
    """Whether place `inner` lies in country `outer`: its country code, or its point inside
    the country's outline."""
    if outer["kind"] != "country":
        return False
    code = str(outer.get("country") or "")
    if code and str(inner.get("country") or "") == code:
        return True
    outline = outlines.get(normalize(str(outer["name"])))
    if outline is None or pd.isna(inner["lat"]):
        return False
    lon, lat = float(inner["lon"]), float(inner["lat"])
    return any(in_ring(polygon[0], lon, lat) for polygon in outline.polygons if polygon)


def distance_choices(
    places: pd.DataFrame, a: str, boundaries: list[Boundary] | None = None
) -> list[str]:
    """The places a distance from `a` may be asked to: those with coordinates that are neither
    `a` nor a place containing it or lying in it (by `parent`, by country, or inside a
    country's outline). The distance from a country to a city in it is no distance: 0 km."""
    return list(_apart_from(places, a, boundaries))


def distance_origins(places: pd.DataFrame, boundaries: list[Boundary] | None = None) -> list[str]:
    """The places with coordinates a distance may be asked from: those with at least one
    place apart from them (`distance_choices`), each tried only until one is found."""
    located = places.loc[places["lat"].notna(), "id"]
    return [
        str(a) for a in located if next(_apart_from(places, str(a), boundaries), None) is not None
    ]


def _apart_from(places: pd.DataFrame, a: str, boundaries: list[Boundary] | None) -> Iterator[str]:
    """`distance_choices`, one at a time (so a caller may stop at the first)."""
    located = places[places["lat"].notna()]
    table = places.set_index("id")
    if a not in table.index:
        yield from located["id"].tolist()
        return
    parents = {
        str(i): (None if pd.isna(p) else str(p))
        for i, p in zip(places["id"], places["parent"], strict=True)
    }
    outlines = {normalize(x.name): x for x in boundaries or [] if x.kind == "country"}
    here, above = table.loc[a], _ancestors(a, parents)
    for b, row in located.set_index("id").iterrows():
        b = str(b)
        if b == a or b in above or a in _ancestors(b, parents):
            continue
        if _lies_in(here, row, outlines) or _lies_in(row, here, outlines):
            continue
        yield b


def border_distance_km(outline: Boundary, lon: float, lat: float) -> float:
    """Kilometres from a point to the nearest point of an outline's rings (0 inside it)."""
    rings = [ring for polygon in outline.polygons for ring in polygon]
    if any(in_ring(ring, lon, lat) for polygon in outline.polygons for ring in polygon[:1]):
        return 0.0
    k = math.cos(math.radians(lat))
    best, near = math.inf, (lon, lat)
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            dx, dy = (x1 - x0) * k, y1 - y0
            t = ((lon - x0) * k * dx + (lat - y0) * dy) / (dx * dx + dy * dy or 1)
            t = min(1.0, max(0.0, t))
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            d = ((x - lon) * k) ** 2 + (y - lat) ** 2
            if d < best:
                best, near = d, (x, y)
    return _km((lat, lon), (near[1], near[0]))


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


def movement(
    route: dict, places: pd.DataFrame, heads: dict[str, PlaceHeadline]
) -> PlaceHeadline | None:
    """The figure that says people moved along `route`: a headline of a movement indicator at the
    route's last place, a place it lies in, or its country; None when the figures say nothing."""
    via = (route.get("properties") or {}).get("via") or []
    if len(via) < 2:
        return None
    for place in sorted(_destinations(via[-1], places)):
        head = heads.get(place)
        if head and head.indicator in MOVEMENT_INDICATORS:
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
    routes: list[dict],
    places: pd.DataFrame,
    heads: dict[str, PlaceHeadline],
    names: dict[str, str],
    lengths: list[float] | None = None,
) -> tuple[list[dict], list[dict]]:
    """Each route's line (not hoverable, so places on it keep their own hover), a hover point
    in the middle of each leg, and an arrowhead toward the destination where figures say people
    moved there; `lengths`: each route's `route_length_km`, when worked out already (a
    geodesic per point of the line: a sixth of the map's drawing)."""
    traces: list[dict] = []
    arrows: list[dict] = []
    for n, route in enumerate(routes):
        props = route.get("properties") or {}
        lines = lines_of(route.get("geometry"))
        if not lines:
            continue
        schematic = bool(props.get("schematic"))
        color = PALETTE[(n + 1) % len(PALETTE)]
        moved = movement(route, places, heads)
        name = f"{props.get('name', 'route')}{' (schematic)' if schematic else ''}"
        length = route_length_km(route) if lengths is None else lengths[n]
        hover = f"{props.get('name', '')}: {length:.0f} km" + (
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
        traces.append(_leg_hovers(lines, color, safe(hover), safe(name)))
        if moved:
            arrows.append(_arrowhead(lines[-1], color))  # at the end of the last line
    return traces, arrows


def _leg_hovers(lines: list[list[list[float]]], color: str, hover: str, name: str) -> dict:
    """Invisible markers in the middle of each leg of a route, carrying its hover text."""
    mids = [
        ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        for line in lines
        for a, b in zip(line, line[1:], strict=False)
    ]
    return {
        "type": "scatter",
        "x": [m[0] for m in mids],
        "y": [m[1] for m in mids],
        "mode": "markers",
        "marker": {"size": 14, "color": color, "opacity": 0},
        "hovertext": [hover] * len(mids),
        "hoverinfo": "text",
        "showlegend": False,
        "name": name,
    }


def _arrow(tail: tuple[float, float], tip: tuple[float, float], **style: object) -> dict:
    """A plotly annotation drawn as an arrow from `tail` to `tip` in the map's coordinates,
    with no text; `style` sets its size, width, colour and hover."""
    (ax, ay), (x, y) = tail, tip
    return {
        "x": float(x),
        "y": float(y),
        "ax": float(ax),
        "ay": float(ay),
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 2,
        "text": "",
        **style,
    }


def _arrowhead(coords: list[list[float]], color: str) -> dict:
    """An arrowhead on the last step of a line, pointing along it."""
    (ax, ay), (x, y) = coords[-2], coords[-1]
    return _arrow((ax, ay), (x, y), arrowsize=1.2, arrowwidth=3, arrowcolor=color)


# --- Flows: people from one place to another ------------------------------------------------

#: Arrow widths (px): a flow's count sets its width between these, by square root.
MIN_FLOW, MAX_FLOW = 1.5, 9.0


def flows(facts: pd.DataFrame) -> pd.DataFrame:
    """Per (origin, destination) pair of places, the latest reported count of all the people who
    moved from one to the other so far (`origin`, `destination`, `value`, `as_of`): a movement
    indicator's total, never one of its subtypes (a day's arrivals is not the size of a flow,
    and the registered or the children are part of it)."""
    columns = ["origin", "destination", "value", "as_of"]
    if not {"origin", "destination"} <= set(facts.columns) or facts.empty:
        return pd.DataFrame(columns=columns)
    moved = facts[
        facts["indicator"].isin(list(MOVEMENT_INDICATORS))
        & (facts["subtype"].isna() | (facts["subtype"].astype(object) == ""))
        & (facts["unit"] == "people")
        & (facts["origin"].fillna("").astype(str) != "")
        & (facts["destination"].fillna("").astype(str) != "")
        & (facts["origin"].astype(str) != facts["destination"].astype(str))
    ]
    if "modality" in moved.columns:
        moved = moved[moved["modality"].fillna("reported").astype(str) != "projected"]
    if moved.empty:
        return pd.DataFrame(columns=columns)
    latest = moved.sort_values("as_of").groupby(["origin", "destination"], sort=True).tail(1)
    return latest[columns].reset_index(drop=True)


def flow_arrows(pairs: pd.DataFrame, pts: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """An arrow from each flow's origin to its destination (both on the map), as wide as the
    count's share of the largest flow (by square root), the count in its hover."""
    where = {p: (lon, lat) for p, lon, lat in zip(pts["id"], pts["lon"], pts["lat"], strict=True)}
    shown = pairs[pairs["origin"].isin(where) & pairs["destination"].isin(where)]
    if shown.empty:
        return []
    top = float(shown["value"].max()) or 1.0
    out = []
    for origin, destination, value, as_of in shown.itertuples(index=False):
        width = MIN_FLOW + (MAX_FLOW - MIN_FLOW) * math.sqrt(max(float(value), 0) / top)
        text = (
            f"{float(value):,.0f} people from {names.get(origin, origin)} to"
            f" {names.get(destination, destination)} (latest report, {str(as_of)[:10]})"
        )
        out.append(
            _arrow(
                where[origin],
                where[destination],
                arrowsize=1,
                arrowwidth=round(width, 1),
                arrowcolor="rgba(200,80,30,0.75)",
                standoff=6,
                hovertext=safe(text),
            )
        )
    return out


def frame_ids(pts: pd.DataFrame, heads: dict[str, PlaceHeadline], pairs: pd.DataFrame) -> set[str]:
    """The places the map is framed on: every place with figures except countries whose only
    figures are about aid (a donor far away), and both ends of every flow."""
    ids = set(pairs["origin"]) | set(pairs["destination"])
    for place, kind in zip(pts["id"], pts["kind"], strict=True):
        head = heads.get(place)
        if head is not None and (kind != "country" or head.indicator not in AID_INDICATORS):
            ids.add(place)
    return ids


#: Indicators whose figures at a country do not put it on the map's frame (donors): those the
#: vocabulary's overview counts by donor.
AID_INDICATORS = VOCABULARY.donor_indicators()


# --- Places ---------------------------------------------------------------------------------


def marker_sizes(pts: pd.DataFrame, heads: dict[str, PlaceHeadline]) -> list[float]:
    """Diameter per place: by area, as its headline's share of the largest headline of the
    question most places answer (the overview's, as `headlines` picks them: killed beside
    killed); places without figures, or answering another question (a town's people in
    shelters beside a toll: no size to compare), get the smallest."""
    valued = [h for h in heads.values() if h.value > 0]
    if not valued:
        return [MIN_MARKER] * len(pts)
    answers = Counter((h.indicator, h.subtype, h.unit) for h in valued)
    question = max(answers, key=lambda q: (answers[q], max(h.value for h in valued if _asks(h, q))))
    top = max((h for h in valued if _asks(h, question)), key=lambda h: h.value)
    sizes = []
    for place in pts["id"]:
        head = heads.get(place)
        if head and _asks(head, question) and head.value > 0:
            share = math.sqrt(head.value / top.value)
            sizes.append(round(MIN_MARKER + (MAX_MARKER - MIN_MARKER) * share, 1))
        else:
            sizes.append(MIN_MARKER)
    return sizes


def _asks(head: PlaceHeadline, question: tuple[str, str | None, str]) -> bool:
    """Whether a place's headline answers `question` (indicator, subtype, unit)."""
    return (head.indicator, head.subtype, head.unit) == question


def label_lines(pts: pd.DataFrame, heads: dict[str, PlaceHeadline]) -> list[tuple[str, ...]]:
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
) -> list[tuple[list[Marker], float, float]]:
    """The places as drawn on each screen of SCREENS: plotly keeps the scale equal on both axes,
    so the frame fills the plot's width or height and the other axis shows more."""
    lon0, lat0, lon1, lat1 = extent
    k = stretch((lat0 + lat1) / 2)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    layouts = []
    for width, height in SCREENS:
        scale = min(width / (lon1 - lon0), height / ((lat1 - lat0) * k))
        points = [
            Marker(
                x=width / 2 + (float(lon) - cx) * scale,
                y=height / 2 - (float(lat) - cy) * k * scale,
                radius=size / 2,
                lines=line,
            )
            for lon, lat, size, line in zip(pts["lon"], pts["lat"], sizes, lines, strict=True)
        ]
        layouts.append((points, width, height))
    return layouts


def country_names(boundaries: list[Boundary], extent: Extent, pts: pd.DataFrame) -> pd.DataFrame:
    """The name of every country that fills a fair part of the frame and is not a place on the
    map already, to be written (without a marker) where it fits: at its label point, or, when
    that lies outside the frame, in the middle of its largest part inside it."""
    placed = {normalize(str(n)) for n in pts.loc[pts["kind"] == "country", "name"]}
    frame_area = (extent[2] - extent[0]) * (extent[3] - extent[1])
    rows = []
    for outline in boundaries:
        if outline.kind != "country" or normalize(outline.name) in placed:
            continue
        x0, y0, x1, y1 = outline.bbox
        if x1 < extent[0] or extent[2] < x0 or y1 < extent[1] or extent[3] < y0:
            continue
        lon, lat = outline.label_point()
        if not inside(extent, lon, lat):
            parts = [clip_ring(poly[0], extent) for poly in outline.polygons]
            parts = [p for p in parts if len(p) >= 3]
            if not parts:
                continue
            part = max(parts, key=lambda p: abs(ring_area(tuple(p))))
            if abs(ring_area(tuple(part))) < frame_area * MIN_NAMED_SHARE:
                continue
            lon, lat = ring_centroid(tuple(part))
        rows.append({"id": "", "lon": lon, "lat": lat, "kind": "name", "label": safe(outline.name)})
    return pd.DataFrame(rows, columns=["id", "lon", "lat", "kind", "label"])


#: A country whose label point is outside the frame is named when its part inside covers at
#: least this share of the frame.
MIN_NAMED_SHARE = 0.03


#: Which labels are placed first among places that show the same number of lines: countries and
#: other places at the top of the hierarchy (no parent: the situation's own area), then towns and
#: other points, then admin-1 regions (`late`: outlined, so seen without a label), then
#: countries' names.
LABEL_RANK = {"country": 0, "name": 3}


def label_annotations(
    pts: pd.DataFrame,
    sizes: list[float],
    lines: list[tuple[str, ...]],
    extent: Extent,
    late: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[dict], list[int]]:
    """A label per place where one fits clear of every other label and marker on every screen
    (dashboard.map.placement); places with figures first (countries, then points, then regions),
    larger headlines first. With them, the positions in `pts` of the places left without one,
    in that order."""
    parents = pts["parent"].fillna("").astype(str) if "parent" in pts else [""] * len(pts)
    ranks = [
        2 if place in late else 0 if kind != "name" and not parent else LABEL_RANK.get(kind, 1)
        for place, kind, parent in zip(pts["id"], pts["kind"], parents, strict=True)
    ]
    order = sorted(range(len(pts)), key=lambda i: (-len(lines[i]), ranks[i], -sizes[i]))
    layouts = screen_points(
        pts.iloc[order], [sizes[i] for i in order], [lines[i] for i in order], extent
    )
    chosen = place_labels(layouts)
    annotations = [
        _annotation(pts.iloc[i], lines[i], offset, sizes[i])
        for i, offset in zip(order, chosen, strict=True)
        if offset is not None
    ]
    return annotations, [i for i, offset in zip(order, chosen, strict=True) if offset is None]


def _annotation(place: pd.Series, lines: tuple[str, ...], offset: Offset, size: float) -> dict:
    """One place's label at `offset` from it (screen pixels): its first line in bold, with a
    leader line to the marker; a country's name alone, grey, with neither."""
    where = {
        "x": float(place["lon"]),
        "y": float(place["lat"]),
        "xref": "x",
        "yref": "y",
    }
    if place["kind"] == "name":  # a country's name: no marker, no leader line
        return {
            **where,
            "text": lines[0],
            "showarrow": True,
            "ax": round(offset[0], 1),
            "ay": round(offset[1], 1),
            "arrowcolor": "rgba(0,0,0,0)",
            "standoff": 0,
            "font": {"size": 11, "color": "#6f6f6f"},
        }
    return {
        **where,
        "text": "<b>" + lines[0] + "</b>" + "".join("<br>" + t for t in lines[1:]),
        "showarrow": True,
        "ax": round(offset[0], 1),
        "ay": round(offset[1], 1),
        "arrowhead": 0,
        "arrowwidth": 0.8,
        "arrowcolor": "#777777",
        "standoff": size / 2,
        "font": {"size": 11, "color": "#222222"},
        "bgcolor": "rgba(255,255,255,0.7)",
        "borderpad": 1,
    }


def framed(
    pts: pd.DataFrame,
    heads: dict[str, PlaceHeadline],
    routes: list[dict],
    boundaries: list[Boundary],
    areas: dict[str, Boundary],
    pairs: pd.DataFrame | None = None,
) -> tuple[Extent, pd.DataFrame]:
    """The frame (around every place with figures, where people fled included (`frame_ids`),
    the routes, the outlines of those regions and of the countries the situation declares
    (`declared_outlines`)), and the places any screen may show, countries moved into view."""
    pairs = flows(pd.DataFrame()) if pairs is None else pairs
    focus = pts[pts["id"].isin(frame_ids(pts, heads, pairs))]
    if focus.empty:
        with_figures = pts["id"].isin(set(heads))
        focus = pts[with_figures] if with_figures.any() else pts
    # Admin-1 regions among other places are framed by their points (their outlines would
    # shrink the map); a map of regions alone, by their outlines.
    regions_only = all(p in areas and areas[p].kind == "region" for p in focus["id"])
    outlines = [
        areas[p] for p in focus["id"] if p in areas and (regions_only or areas[p].kind != "region")
    ]
    countries, unpointed = declared_outlines(focus, boundaries)
    outlines += countries
    extent = frame(focus[~focus["id"].isin(unpointed)], routes, outlines)
    pts = countries_in_view(pts, boundaries, extent, set(heads))
    box = view_box(extent)
    pts = pts[
        np.array([inside(box, x, y) for x, y in zip(pts["lon"], pts["lat"], strict=True)], bool)
    ]
    return extent, pts.reset_index(drop=True)


def place_traces(
    pts: pd.DataFrame, heads: dict[str, PlaceHeadline], sizes: list[float]
) -> list[dict]:
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


def point_labels(pts: pd.DataFrame) -> list[str]:
    """Each point's label, escaped: its display name, and its kind when two points share the
    name, as the overview says it ('Batken (city)', 'Batken (region)')."""
    twins = pts["name"].duplicated(keep=False).to_numpy()
    return [
        safe(display_name(n, a) + (f" ({k})" if twin and isinstance(k, str) and k else ""))
        for n, a, k, twin in zip(pts["name"], pts["aliases"], pts["kind"], twins, strict=True)
    ]


def map_figure(
    places: pd.DataFrame,
    facts: pd.DataFrame,
    routes: list[dict],
    boundaries: list[Boundary],
    online: bool = False,
    situation: pd.DataFrame | None = None,
    lead: Question | None = None,
    lengths: list[float] | None = None,
) -> go.Figure:
    """The map of places and routes, framed on the places with figures, each showing its
    headline (the whole situation's figures, which name no place, at its only declared
    country; of the question `lead`, the situation's headline's, where a place has it);
    every place's latest facts in its hover text. `situation`: every place of the
    situation, when `places` are only those in view, for what may headline here (a toll placed
    outside the declared countries is another situation's, as on the overview). `lengths`:
    each route's length (`route_length_km`), when worked out already."""
    every = places if situation is None else situation
    facts = whole_at_country(facts, every)  # the whole is its only declared country's
    pts = places[(places["kind"] != "route") & places["lat"].notna()].copy()
    pts["label"] = point_labels(pts)
    latest = latest_by_place(facts)
    heads = headlines(latest, every, lead)
    pairs = flows(facts)
    # A region or country without figures (or a flow) is an area, not a point: its outline and
    # name show it.
    shown = set(heads) | set(pairs["origin"]) | set(pairs["destination"])
    pts = pts[~(pts["kind"].isin(["region", "country"]) & ~pts["id"].isin(shown))].copy()
    pts["hover"] = place_hovers(pts, latest, every)
    if online:
        has_figures = pts["id"].isin(set(heads))
        return _online_map(pts, has_figures, routes)
    names = dict(zip(places["id"], places["name"], strict=True))
    areas = matching_areas(places, boundaries)
    extent, pts = framed(pts, heads, routes, boundaries, areas, pairs)
    box = view_box(extent)
    highlight = {
        areas[p].name for p in pts["id"] if p in areas and (areas[p].kind != "region" or p in heads)
    }
    traces = outline_traces(boundaries, box, highlight)
    route_lines, arrows = route_traces(routes, places, heads, names, lengths)
    # An admin-1 region is drawn by its shaded outline: its marker is small and no obstacle.
    admin1 = {p for p, area in areas.items() if area.kind == "region"}
    sizes = [
        MIN_MARKER if p in admin1 else s
        for p, s in zip(pts["id"], marker_sizes(pts, heads), strict=True)
    ]
    labels, unlabelled = placed_labels(pts, heads, sizes, extent, boundaries, admin1)
    traces += route_lines + place_traces(pts, heads, sizes)
    layout = _layout(extent, arrows + flow_arrows(pairs, pts, names) + labels)
    layout["meta"] = {UNLABELLED: unlabelled}
    # Plain dicts without per-property checks (fast); the tests check the full schema.
    return go.Figure(data=traces, layout=layout, _validate=False)


#: The key, in the map's `layout.meta`, of the places with a headline whose label found no room.
UNLABELLED = "unlabelled"


def placed_labels(
    pts: pd.DataFrame,
    heads: dict[str, PlaceHeadline],
    sizes: list[float],
    extent: Extent,
    boundaries: list[Boundary],
    admin1: set[str],
) -> tuple[list[dict], list[str]]:
    """The labels of the places in the frame and of the countries named there; and, as plain
    text ('Russia: 703,000 fled so far'), the headline of every place in the frame whose label
    found no room on some screen, largest first: the page lists them, so no number the map has
    is shown only on hover."""
    lines = label_lines(pts, heads)
    framed_in = [i for i in pts.index if inside(extent, pts.at[i, "lon"], pts.at[i, "lat"])]
    countries = country_names(boundaries, extent, pts)
    labels, left_out = label_annotations(
        pd.concat([pts.loc[framed_in], countries], ignore_index=True),
        [0.0 if pts.at[i, "id"] in admin1 else sizes[i] for i in framed_in]
        + [0.0] * len(countries),
        [lines[i] for i in framed_in] + [(label,) for label in countries["label"]],
        extent,
        admin1,
    )
    missing = [framed_in[n] for n in left_out if n < len(framed_in)]
    missing = [i for i in missing if pts.at[i, "id"] in heads]
    missing.sort(key=lambda i: -heads[pts.at[i, "id"]].value)
    return labels, [html.unescape(f"{lines[i][0]}: {lines[i][1]}") for i in missing]


def unlabelled_places(figure: dict) -> list[str]:
    """The headlines the map (`map_figure`, as a dictionary) could not label, as plain text."""
    return list((figure.get("layout", {}).get("meta") or {}).get(UNLABELLED, []))


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
