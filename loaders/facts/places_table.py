"""The places table of a load: the gazetteer's places a figure or an event names (with the places
they lie in), the outlines of its world regions, and coordinates for countries without their own."""

from __future__ import annotations

import pandas as pd

from loaders.read.boundaries import Boundary
from loaders.read.folder import PLACES_FILE
from loaders.read.gazetteer import PLACE_COLUMNS, Gazetteer, normalize


def region_outlines(gazetteer: Gazetteer) -> list[Boundary]:
    """The outline of every region of the gazetteer that is a world region (Natural Earth
    admin-1), as a boundary of kind 'region' with the place's id: the map outlines those with
    figures."""
    if gazetteer.world is None:
        return []
    out = []
    for world_id, pid in gazetteer.world_ids.items():
        place = gazetteer.places.get(pid)
        if place is None or place.kind != "region":
            continue
        rings = gazetteer.world.outline(world_id)
        if rings:
            polygons = tuple((tuple((float(x), float(y)) for x, y in ring),) for ring in rings)
            out.append(Boundary(pid, place.name, polygons, "region", tuple(place.aliases)))
    return out


def keep_places(gazetteer: Gazetteer, named: set[str]) -> None:
    """The folder's own places, and of the world gazetteer's those a figure or an event names
    (with the places they lie in): the same whether a figure was extracted now or reused from
    an earlier build, and not every town an article mentions in passing."""
    if gazetteer.world is None:
        return
    for pid in sorted(named):
        if pid not in gazetteer.places and (found := gazetteer.world.get(pid)):
            gazetteer.adopt(found)
    keep = set(gazetteer.places) - gazetteer.adopted
    named = named | gazetteer.declared
    for pid in named:
        while pid and pid in gazetteer.places and pid not in keep:
            keep.add(pid)
            pid = gazetteer.places[pid].parent or ""
    for pid in [p for p in gazetteer.places if p not in keep]:
        del gazetteer.places[pid]


def places_frame(gazetteer: Gazetteer, boundaries: list[Boundary] | None = None) -> pd.DataFrame:
    """The gazetteer as a table (routes included, kind 'route', without coordinates).

    A country with no coordinates of its own gets its boundary's label point, and the column
    `coordinates_from` says which it is; `situation` is true for the countries situation.yaml
    declares (the headline rules read it)."""
    points: dict[str, tuple[float, float]] = {}
    for boundary in boundaries or []:
        place = gazetteer.names.get(normalize(boundary.name))
        if place:
            points.setdefault(place, boundary.label_point())
    rows = []
    for p in gazetteer.places.values():
        row = {
            **p.model_dump(),
            "aliases": "|".join(p.aliases),
            "kind": str(p.kind.value if hasattr(p.kind, "value") else p.kind),
            "coordinates_from": gazetteer.coordinates_from.get(
                p.id, PLACES_FILE if p.lat is not None else ""
            ),
        }
        row["situation"] = p.id in gazetteer.declared
        if p.lat is None and p.id in points:
            row["lon"], row["lat"] = (round(v, 5) for v in points[p.id])
            row["coordinates_from"] = "label point of its Natural Earth boundary"
        rows.append(row)
    columns = [*PLACE_COLUMNS, "coordinates_from", "situation"]
    return pd.DataFrame(rows, columns=columns)
