"""The map's view and its outlines: framing on places, routes and region outlines; the box any
screen may show; outlines clipped to it (only what is near the view reaches the browser); regions
matched to area outlines by name; countries moved into view.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboard.labels import safe
from loaders.read.boundaries import Boundary, ring_area, ring_centroid
from loaders.read.gazetteer import normalize
from loaders.read.routes import lines_of

Extent = tuple[float, float, float, float]
#: The narrowest and the widest plot the map is drawn in (pixels): phone, desktop. The view any
#: screen may show spans both shapes.
PHONE_PLOT = (330.0, 420.0)
WIDE_PLOT = (1150.0, 420.0)


def _names(row: pd.Series) -> set[str]:
    aliases = str(row.get("aliases") or "").split("|")
    return {normalize(n) for n in [str(row["name"]), *aliases] if n and n.strip()}


def matching_areas(places: pd.DataFrame, boundaries: list[Boundary]) -> dict[str, Boundary]:
    """Per region place, its own admin-1 outline (a boundary of kind 'region' with its id), else
    the area outline that bears one of its names (none: not outlined)."""
    areas = [b for b in boundaries if b.kind == "area"]
    own = {b.id: b for b in boundaries if b.kind == "region"}
    out = {}
    for _, row in places[places["kind"] == "region"].iterrows():
        if row["id"] in own:
            out[row["id"]] = own[row["id"]]
            continue
        names = _names(row)
        for area in areas:
            if names & {normalize(n) for n in (area.name, *area.aliases)}:
                out[row["id"]] = area
                break
    return out


#: A country the situation declares, with figures, is framed whole when its largest part is at
#: most this many degrees on its longer side; a larger one (Russia, the United States) is
#: framed by the places with figures in it, as a country the situation does not declare is.
WHOLE_COUNTRY_DEGREES = 30.0


def declared_outlines(
    focus: pd.DataFrame, boundaries: list[Boundary]
) -> tuple[list[Boundary], set[str]]:
    """(the outlines to frame, the ids of the places not to frame by their point) for the
    countries among `focus` that the situation declares (the places table's `situation`
    column): the situation is about all of such a country, so the map shows all of it
    (Lebanon, not the strip between its label point and the Beqaa); of an archipelago, the
    parts where its other places with figures are (Sulawesi, not Indonesia's label point on
    Sumatra), else its largest part; each no larger than WHOLE_COUNTRY_DEGREES. A country
    framed by its parts holding other places is not framed by its own point (its marker is
    moved into view where it meets the frame)."""
    if "situation" not in focus.columns:
        return [], set()
    outlines = {normalize(b.name): b for b in boundaries if b.kind == "country"}
    found, unpointed = [], set()
    declared = focus["situation"].astype(object).fillna(False).astype(bool)
    others = focus[focus["kind"] != "country"]
    chosen = focus[declared & (focus["kind"] == "country")]
    for pid, name in zip(chosen["id"], chosen["name"], strict=True):
        outline = outlines.get(normalize(str(name)))
        if outline is None or not outline.polygons:
            continue
        holding = tuple(
            poly
            for poly in outline.polygons
            if poly
            and any(
                in_ring(poly[0], float(x), float(y))
                for x, y in zip(others["lon"], others["lat"], strict=True)
            )
        )
        main = max(outline.polygons, key=lambda poly: abs(ring_area(poly[0])))
        part = Boundary(outline.id, outline.name, holding or (main,), outline.kind)
        x0, y0, x1, y1 = part.bbox
        if max(x1 - x0, y1 - y0) <= WHOLE_COUNTRY_DEGREES:
            found.append(part)
            if holding:
                unpointed.add(str(pid))
    return found, unpointed


def in_ring(ring: tuple, lon: float, lat: float) -> bool:
    """Even-odd rule: whether the point lies inside the ring."""
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def frame(points: pd.DataFrame, routes: list[dict], outlines: list[Boundary]) -> Extent:
    """The view: around the given points, the routes' lines and the outlines, padded, and no
    thinner than half its width (a corridor alone would be a sliver)."""
    lons = [float(v) for v in points["lon"]]
    lats = [float(v) for v in points["lat"]]
    for route in routes:
        for line in lines_of(route.get("geometry")):
            lons += [p[0] for p in line]
            lats += [p[1] for p in line]
    for outline in outlines:
        x0, y0, x1, y1 = outline.bbox
        lons += [x0, x1]
        lats += [y0, y1]
    if not lons:
        return (-180.0, -60.0, 180.0, 80.0)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    k = stretch((lat0 + lat1) / 2)
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


def stretch(lat: float) -> float:
    """How much longer a degree of latitude is on screen than a degree of longitude."""
    return 1 / max(0.1, math.cos(math.radians(lat)))


def view_box(extent: Extent) -> Extent:
    """Everything any screen may show around the frame: the frame widened to the widest plot's
    shape and heightened to the narrowest one's (plotly extends one axis to keep the scale)."""
    lon0, lat0, lon1, lat1 = extent
    k = stretch((lat0 + lat1) / 2)
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


def across_dateline(ring: tuple) -> list[tuple]:
    """`ring` as continuous rings of longitude: one that crosses the 180th meridian (Fiji's,
    Russia's far east, written 180 on one side and -180 on the other) is drawn once on each
    side of it, so neither copy joins its halves by a line across the world; a ring that does
    not cross, or goes round a pole (Antarctica's), as it is."""
    shift, crossed, out = 0.0, False, [ring[0]]
    for (lon0, _), (lon1, lat1) in zip(ring, ring[1:], strict=False):
        if abs(lon1 - lon0) > 180:
            shift += 360 if lon1 < lon0 else -360
            crossed = True
        out.append((lon1 + shift, lat1))
    if not crossed or shift:
        return [ring]
    other = -360 if sum(lon for lon, _ in out) > 0 else 360
    return [tuple(out), tuple((lon + other, lat) for lon, lat in out)]


def _cross_x(a: tuple, b: tuple, x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: tuple, b: tuple, y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _overlaps(a: Extent, b: Extent) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


#: How each kind of outline is drawn: countries as light fills; a breakaway or disputed area
#: dashed, named in the legend; admin-1 regions with figures shaded under a thin solid line, so
#: a region is never read as part of the dashed area the legend names.
OUTLINE_STYLES: dict[str, dict[str, Any]] = {
    "country": {"line": {"color": "#8c8c8c", "width": 1}, "fillcolor": "rgba(230,230,225,0.6)"},
    "area": {
        "line": {"color": "#6b4c9a", "width": 2, "dash": "dash"},
        "fillcolor": "rgba(107,76,154,0.06)",
    },
    "region": {"line": {"color": "#6b4c9a", "width": 1}, "fillcolor": "rgba(107,76,154,0.14)"},
}
#: The legend's one entry for every shaded admin-1 region.
REGIONS_LEGEND = "regions with figures (shaded)"


def outline_traces(boundaries: list[Boundary], box: Extent, highlight: set[str]) -> list[dict]:
    """Countries as light fills, areas (breakaway, disputed) as dashed outlines, the admin-1
    regions named in `highlight` (those with figures) shaded (`OUTLINE_STYLES`), with one legend
    entry for them all; only the parts inside `box` are kept."""
    traces = []
    shaded = False
    for boundary in sorted(boundaries, key=lambda b: b.kind != "country"):
        if not _overlaps(boundary.bbox, box):
            continue
        if boundary.kind == "region" and boundary.name not in highlight:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in boundary.polygons:
            for whole in polygon:
                for ring in across_dateline(whole):
                    kept = _clipped(ring, box)
                    if len(kept) < 3:
                        continue
                    xs.extend([round(p[0], 4) for p in kept] + [kept[0][0], None])
                    ys.extend([round(p[1], 4) for p in kept] + [kept[0][1], None])
        if not xs:
            continue
        kind = boundary.kind if boundary.kind in ("country", "region") else "area"
        shaded = shaded or kind == "region"
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "fill": "toself",
                "line": dict(OUTLINE_STYLES[kind]["line"]),
                "fillcolor": OUTLINE_STYLES[kind]["fillcolor"],
                "name": safe(boundary.name if kind == "country" else f"{boundary.name} (outline)"),
                "hoverinfo": "skip",
                "showlegend": kind == "area" and boundary.name in highlight,
            }
        )
    if shaded:
        traces.append(_legend_entry(REGIONS_LEGEND, OUTLINE_STYLES["region"]))
    return traces


def _legend_entry(name: str, style: dict) -> dict:
    """A trace with no points, drawn only as a legend entry."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "lines", "fill": "toself",
            "line": dict(style["line"]), "fillcolor": style["fillcolor"], "name": name,
            "hoverinfo": "skip", "showlegend": True}  # fmt: skip


def countries_in_view(
    pts: pd.DataFrame, boundaries: list[Boundary], extent: Extent, with_figures: set[str]
) -> pd.DataFrame:
    """Countries whose point lies outside the view get their marker where they meet it: the
    centre of the largest part of their outline inside the frame (a country is framed by the
    places that have figures in it, not by its own centre)."""
    outlines = {normalize(b.name): b for b in boundaries if b.kind == "country"}
    pts = pts.copy()
    for i in pts.index[(pts["kind"] == "country") & pts["id"].isin(with_figures)]:
        if inside(extent, pts.at[i, "lon"], pts.at[i, "lat"]):
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


def inside(extent: Extent, lon: float, lat: float) -> bool:
    """True when a point lies within `extent`."""
    return extent[0] <= lon <= extent[2] and extent[1] <= lat <= extent[3]
