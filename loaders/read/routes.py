"""Routes: the lines of routes.geojson, checked and made ready for the map, added to the gazetteer.

A route is a named place drawn as a line. Its geometry is checked here (every position on Earth,
every line two points or more) and thinned to what a country-scale map needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from loaders.model.problem_types import (
    AMBIGUOUS_ALIAS,
    DUPLICATE_ROW,
    INVALID_COORDINATES,
    INVALID_JSON,
    INVALID_VALUE,
    TOO_MANY_LINES,
    TOO_MANY_POINTS,
    TOO_MANY_ROUTES,
)
from loaders.model.problems import Report
from loaders.model.records import Place, PlaceKind
from loaders.read.folder import MAX_JSON_BYTES, read_text
from loaders.read.gazetteer import Gazetteer

#: A GeoJSON position (lon, lat), as a pair or as a list of two numbers.
Position = TypeVar("Position", tuple[float, float], list[float])

#: A route keeps at most this many points (evenly thinned beyond it): the map draws every point
#: on every rerun, and a line on a country-scale map needs far fewer.
MAX_ROUTE_POINTS = 1_000
#: At most this many routes are kept (a problem line for the rest): each is two traces on every
#: Map run, and a situation's corridors are a handful.
MAX_ROUTES = 100
#: All routes together keep at most this many points (each thinned to its share beyond it).
MAX_TOTAL_ROUTE_POINTS = 10_000
#: How deep a GeometryCollection may nest collections of lines.
MAX_COLLECTION_DEPTH = 4


#: What a coordinate may be (a bool is an int to Python, and is refused on its own).
_REAL = (int, float)


def _coordinate(point: object) -> tuple[float, float] | None:
    """(lon, lat) of a GeoJSON position, altitude dropped; None if it is not one on Earth.
    Called once per point (a million in a long route): plain tests, no generator."""
    if not isinstance(point, list | tuple) or len(point) < 2:
        return None
    lon, lat = point[0], point[1]
    if not (isinstance(lon, _REAL) and isinstance(lat, _REAL)):
        return None
    if isinstance(lon, bool) or isinstance(lat, bool):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return float(lon), float(lat)


def _lines(geometry: dict, depth: int = 0) -> list[list[object]] | None:
    """The lines of any GeoJSON geometry made of lines (LineString, MultiLineString, or a
    GeometryCollection of those, nested at most MAX_COLLECTION_DEPTH deep); None otherwise."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list) or not members or depth >= MAX_COLLECTION_DEPTH:
            return None
        lines: list[list[object]] = []
        for member in members:
            found = _lines(member, depth + 1) if isinstance(member, dict) else None
            if found is None:
                return None
            lines += found
        return lines
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return None
    if kind == "LineString":
        return [coordinates]
    if kind == "MultiLineString" and all(isinstance(c, list) for c in coordinates):
        return coordinates
    return None


def _short_way(line: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The line with each step taken the short way round: a step across the antimeridian
    (179 to -179) continues past 180 (to 181) instead of crossing the whole map."""
    out = [line[0]]
    for lon, lat in line[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    return out


def lines_of(geometry: dict | None) -> list[list[list[float]]]:
    """The lines of a route's checked geometry, each a list of [lon, lat]: what the map draws,
    whichever of LineString or MultiLineString it is."""
    geometry = geometry or {}
    coordinates = geometry.get("coordinates") or []
    return [coordinates] if geometry.get("type") == "LineString" else coordinates


def _is_multi(geometry: object) -> bool:
    """Whether the geometry was written as a MultiLineString (kept one, even with one line)."""
    return isinstance(geometry, dict) and geometry.get("type") == "MultiLineString"


def _thin(line: list[Position], keep: int) -> list[Position]:
    """At most `keep` points of the line, evenly spaced, both ends kept."""
    if len(line) <= keep:
        return line
    step = (len(line) - 1) / (keep - 1)
    return [line[round(i * step)] for i in range(keep)]


def _kind(geometry: object) -> str:
    """What a rejected geometry is, for the problem line."""
    if geometry is None:
        return "missing"
    if not isinstance(geometry, dict):
        return f"a JSON {type(geometry).__name__}, not an object"
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return "a GeometryCollection holding something else than lines, or nothing"
    return f"a {kind}" if isinstance(kind, str) else "an object without a type"


def route_geometry(geometry: object, label: str, where: str, report: Report) -> dict | None:
    """The geometry as the map draws it (a LineString or MultiLineString of [lon, lat], altitude
    dropped, thinned to MAX_ROUTE_POINTS), or None with the problem reported."""
    lines = _lines(geometry) if isinstance(geometry, dict) else None
    if lines is None:
        report.add(
            label,
            0,
            f"{where}.geometry",
            INVALID_VALUE,
            reason="a route must be lines (LineString, MultiLineString, or a GeometryCollection"
            f" of them); this one is {_kind(geometry)}",
        )
        return None
    if len(lines) > MAX_ROUTE_POINTS // 2:
        report.add(
            label,
            0,
            f"{where}.geometry",
            TOO_MANY_LINES,
            count=f"{len(lines):,}",
            limit=f"{MAX_ROUTE_POINTS // 2:,}",
        )
        return None
    out = []
    for n, line in enumerate(lines):
        points = [_coordinate(p) for p in line] if isinstance(line, list) else [None]
        bad = next((i for i, p in enumerate(points) if p is None), None)
        if bad is not None or len(points) < 2:
            at = f"coordinates[{n}][{bad}]" if bad is not None else f"coordinates[{n}]"
            report.add(
                label,
                0,
                f"{where}.geometry.{at}",
                INVALID_COORDINATES,
            )
            return None
        out.append(_short_way([p for p in points if p is not None]))
    total = sum(len(line) for line in out)
    if total > MAX_ROUTE_POINTS:
        report.add(
            label,
            0,
            f"{where}.geometry",
            TOO_MANY_POINTS,
            count=f"{total:,}",
            where="",
            limit=f"{MAX_ROUTE_POINTS:,}",
            how="evenly spaced",
        )
        out = [_thin(line, max(2, MAX_ROUTE_POINTS * len(line) // total)) for line in out]
    coordinates = [[list(p) for p in line] for line in out]
    if len(coordinates) == 1 and not _is_multi(geometry):
        return {"type": "LineString", "coordinates": coordinates[0]}
    return {"type": "MultiLineString", "coordinates": coordinates}


def read_routes(
    path: Path, report: Report, gazetteer: Gazetteer, root: Path | None = None
) -> list[dict]:
    """Add the routes of routes.geojson to the gazetteer; returns the GeoJSON features, each
    with its geometry checked and as the map will use it."""
    label = str(path)
    kept = []
    for i, feature in enumerate(_features(path, report, label, root)):
        where = f"features[{i}]"
        checked = _route(feature, label, where, report)
        if checked is None:
            continue
        place, route = checked
        if place.id in gazetteer.places:
            report.add(
                label,
                0,
                f"{where}.id",
                DUPLICATE_ROW,
                what=f"id {place.id!r} is taken",
                advice="give the route an id of its own",
            )
            continue
        for alias, owner in gazetteer.add(place):
            report.add(label, 0, f"{where}.aliases", AMBIGUOUS_ALIAS, alias=alias, owner=owner)
        kept.append(route)
    return _within_budget(kept, label, report)


def _features(path: Path, report: Report, label: str, root: Path | None) -> list[object]:
    """The features of the file (at most MAX_ROUTES, a problem line for more); none, reported,
    when it is not a GeoJSON FeatureCollection."""
    if not path.exists():
        return []
    text = read_text(path, report, label, MAX_JSON_BYTES, root)
    if text is None:
        return []
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        report.add(label, getattr(exc, "lineno", 0), "file", INVALID_JSON, reason=str(exc)[:300])
        return []
    features = data.get("features", []) if isinstance(data, dict) else None
    if not isinstance(features, list):
        report.add(label, 0, "features", INVALID_VALUE, reason="expected a FeatureCollection")
        return []
    if len(features) > MAX_ROUTES:
        report.add(
            label,
            0,
            "features",
            TOO_MANY_ROUTES,
            count=f"{len(features):,}",
            limit=f"{MAX_ROUTES:,}",
        )
    return features[:MAX_ROUTES]


def _route(feature: object, label: str, where: str, report: Report) -> tuple[Place, dict] | None:
    """The place a feature names (kind route) and the feature with its geometry checked, or
    None (reported)."""
    if not isinstance(feature, dict):
        report.add(label, 0, where, INVALID_VALUE, reason="a feature must be a JSON object")
        return None
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        report.add(label, 0, f"{where}.properties", INVALID_VALUE, reason="must be an object")
        return None
    geometry = route_geometry(feature.get("geometry"), label, where, report)
    if geometry is None:
        return None
    aliases = props.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|") if a.strip()]
    try:
        place = Place(
            id=props.get("id", ""),
            name=props.get("name", ""),
            aliases=aliases,
            kind=PlaceKind.route,
            source=props.get("source", ""),
        )
    except ValidationError as exc:
        report.add_invalid(label, 0, exc, props, prefix=f"{where}.")
        return None
    return place, {**feature, "geometry": geometry}


def _within_budget(routes: list[dict], label: str, report: Report) -> list[dict]:
    """The routes with MAX_TOTAL_ROUTE_POINTS points at most between them, each thinned to its
    share (a warning says so)."""
    total = sum(len(line) for r in routes for line in lines_of(r["geometry"]))
    if total <= MAX_TOTAL_ROUTE_POINTS:
        return routes
    report.add(
        label,
        0,
        "features",
        TOO_MANY_POINTS,
        count=f"{total:,}",
        where=" in all routes",
        limit=f"{MAX_TOTAL_ROUTE_POINTS:,}",
        how="each route thinned evenly",
    )
    out = []
    for route in routes:
        geometry = route["geometry"]
        lines = [
            _thin(line, max(2, MAX_TOTAL_ROUTE_POINTS * len(line) // total))
            for line in lines_of(geometry)
        ]
        coordinates = lines[0] if geometry["type"] == "LineString" else lines
        out.append({**route, "geometry": {**geometry, "coordinates": coordinates}})
    return out
