"""Country boundaries from a TopoJSON file (Natural Earth via world-atlas), decoded to rings of
(lon, lat) so the map draws borders with no network access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from loaders.model.problems import Report
from loaders.read.folder import MAX_JSON_BYTES, read_text


@dataclass(frozen=True)
class Boundary:
    """One country's outline: polygons, each a list of rings of (lon, lat)."""

    id: str
    name: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        points = [p for poly in self.polygons for ring in poly for p in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    def label_point(self) -> tuple[float, float]:
        """The area-weighted centroid of the largest polygon's outer ring: where to put a marker
        for the country as a whole (enclaves and exclaves aside)."""
        best = max(self.polygons, key=lambda poly: abs(_ring_area(poly[0])))
        return _ring_centroid(best[0])


def _ring_area(ring: tuple[tuple[float, float], ...]) -> float:
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _ring_centroid(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    area = _ring_area(ring)
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


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> tuple:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return tuple((round(x, 5), round(y, 5)) for x, y in points)


def read_boundaries(path: Path, report: Report, root: Path | None = None) -> list[Boundary]:
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
        report.add(str(path), 0, "file", "invalid-topojson", f"cannot read boundaries: {message}")
        return []


def _boundaries(topology: dict) -> list[Boundary]:
    """The countries of a parsed TopoJSON topology (raises on a malformed one)."""
    arcs = _decode_arcs(topology)
    out = []
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
