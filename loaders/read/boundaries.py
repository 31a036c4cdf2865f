"""Outlines for the map, decoded to rings of (lon, lat) so the map draws them with no network
access: countries from a TopoJSON file (Natural Earth via world-atlas), and any other areas
(breakaway and disputed areas, regions) from GeoJSON files in the same folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from loaders.model.problem_types import INVALID_GEOJSON, INVALID_TOPOJSON
from loaders.model.problems import Report
from loaders.read.folder import MAX_JSON_BYTES, ignored, read_text

#: Names an area's GeoJSON properties may give it (Natural Earth's, then plain ones).
AREA_NAME_KEYS = ("NAME_EN", "name", "NAME")
AREA_ALIAS_KEYS = ("BRK_NAME", "NAME_SORT", "FORMAL_EN", "NAME_ALT", "aliases")

#: A closed line of (lon, lat) points; a polygon is its outer ring and then its holes.
Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]


@dataclass(frozen=True)
class Boundary:
    """One outline: polygons, each a list of rings of (lon, lat). `kind` is 'country' for the
    countries file, 'area' for an outline from a GeoJSON file (a breakaway or disputed area, a
    region), whose other names are in `aliases`."""

    id: str
    name: str
    polygons: tuple[Polygon, ...]
    kind: str = "country"
    aliases: tuple[str, ...] = ()

    @cached_property
    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat), computed once."""
        points = [p for poly in self.polygons for ring in poly for p in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    def label_point(self) -> tuple[float, float]:
        """The area-weighted centroid of the largest polygon's outer ring: where to put a marker
        for the country as a whole (enclaves and exclaves aside)."""
        best = max(self.polygons, key=lambda poly: abs(ring_area(poly[0])))
        return ring_centroid(best[0])


def ring_area(ring: tuple[tuple[float, float], ...]) -> float:
    """Signed area of a ring (shoelace), in squared degrees."""
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def ring_centroid(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """Area-weighted centre of a ring."""
    area = ring_area(ring)
    if area == 0:
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return tuple((round(x, 5), round(y, 5)) for x, y in points)


def read_boundaries(path: Path, report: Report, root: Path | None = None) -> list[Boundary]:
    """Every country in the TopoJSON file, then every area of the GeoJSON files beside it; a
    broken file is reported and gives none."""
    return read_countries(path, report, root) + read_areas(path.parent, report, root)


def read_countries(path: Path, report: Report, root: Path | None = None) -> list[Boundary]:
    """Every country in the TopoJSON file; a broken file is reported and gives none."""
    if not path.exists():
        return []
    text = read_text(path, report, str(path), MAX_JSON_BYTES, root)
    if text is None:
        return []
    try:
        return _boundaries(json.loads(text))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        message = " ".join(str(exc).split())[:200]
        report.add(str(path), 0, "file", INVALID_TOPOJSON, reason=message)
        return []


def _boundaries(topology: dict) -> list[Boundary]:
    """The countries of a parsed TopoJSON topology (raises on a malformed one)."""
    arcs = _decode_arcs(topology)
    out = []
    polygons: tuple[Polygon, ...]
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = (tuple(_ring(r, arcs) for r in geometry["arcs"]),)
        elif kind == "MultiPolygon":
            polygons = tuple(tuple(_ring(r, arcs) for r in poly) for poly in geometry["arcs"])
        else:
            continue
        name = str((geometry.get("properties") or {}).get("name", ""))
        out.append(Boundary(id=str(geometry.get("id", "")), name=name, polygons=polygons))
    return out


def read_areas(folder: Path, report: Report, root: Path | None = None) -> list[Boundary]:
    """Every polygon feature of the GeoJSON files in `folder`, as outlines of kind 'area'; a
    broken file or feature is reported and left out."""
    out = []
    for path in sorted(folder.glob("*.geojson")) if folder.is_dir() else []:
        if ignored(path.name):  # an editor's lock ('.#x.geojson'), not an outline
            continue
        text = read_text(path, report, str(path), MAX_JSON_BYTES, root)
        if text is None:
            continue
        try:
            features = json.loads(text)["features"]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, RecursionError) as exc:
            report.add(str(path), 0, "file", INVALID_GEOJSON, reason=f"cannot read outlines: {exc}")
            continue
        for n, feature in enumerate(features):
            area = _area(feature, f"{path.stem}:{n}")
            if area is None:
                report.add(str(path), 0, f"features[{n}]", INVALID_GEOJSON, reason="not a polygon")
            else:
                out.append(area)
    return out


def _area(feature: object, fallback_id: str) -> Boundary | None:
    if not isinstance(feature, dict):
        return None
    geometry = feature.get("geometry") or {}
    props = feature.get("properties") or {}
    polygons: tuple[Polygon, ...]
    try:
        if geometry.get("type") == "Polygon":
            polygons = (_rings(geometry["coordinates"]),)
        elif geometry.get("type") == "MultiPolygon":
            polygons = tuple(_rings(poly) for poly in geometry["coordinates"])
        else:
            return None
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    names = [str(props[k]) for k in AREA_NAME_KEYS if props.get(k)]
    aliases = []
    for key in AREA_ALIAS_KEYS:
        value = props.get(key)
        aliases.extend(value if isinstance(value, list) else [value] if value else [])
    name = names[0] if names else fallback_id
    return Boundary(
        id=str(props.get("id") or props.get("NE_ID") or fallback_id),
        name=name,
        polygons=polygons,
        kind="area",
        aliases=tuple(dict.fromkeys(str(a) for a in aliases if str(a) != name)),
    )


def _rings(polygon: list) -> Polygon:
    rings = tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon)
    if not rings or any(len(r) < 3 for r in rings):
        raise ValueError("a ring needs three points")
    return rings
