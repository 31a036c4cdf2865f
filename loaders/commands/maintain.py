"""Maintainers' commands: add an article, add a place (GeoNames offline, or a geocoder online)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from loaders.commands import geocoder
from loaders.model.languages import detect
from loaders.model.problems import Report
from loaders.publish.output import locked
from loaders.publish.register import ArticleExists, append_csv_row, slug, write_article
from loaders.read.folder import MAX_ARTICLE_BYTES, DataFolder, decode, read_file
from loaders.read.gazetteer import PLACE_COLUMNS, Gazetteer, normalize, read_places
from loaders.read.world import World, WorldPlace, attach

USER_AGENT = "situation-dashboard/0.1 (humanitarian situation dashboard; maintainers' place lookup)"


class MaintainError(Exception):
    """A maintainer's command cannot do what was asked; the message says why and what to do."""


def _digest(raw: bytes) -> str:
    """A name for a file whose own name has no Latin letter or digit to make an id from (such as
    'беженцы.txt'): 'article-' and the start of its content's SHA-256, the same for the same
    text."""
    return f"article-{hashlib.sha256(raw).hexdigest()[:10]}"


def _problem(report: Report) -> str:
    return "; ".join(f"{p.field}: {p.message}" for p in report.problems)


def add_article(
    data: DataFolder,
    source: Path,
    date: dt.date,
    outlet: str = "",
    url: str = "",
    title: str = "",
    article_id: str | None = None,
    note: str = "",
    language: str = "",
) -> Path:
    """Copy the article's bytes unchanged into the folder's articles and add its registry row,
    under the folder's lock, as one transaction: if the row cannot be written the article is
    removed again, and an article a killed run left without its row is completed by a re-run.
    The id must be a plain name (UnsafePath otherwise)."""
    report = Report()
    raw = read_file(source, report, str(source), MAX_ARTICLE_BYTES)
    if raw is None or decode(raw, report, str(source)) is None:
        raise MaintainError(f"{source}: {_problem(report)}")
    name = source.stem if slug(source.stem) != "article" else _digest(raw)
    article_id = article_id or f"{date.isoformat()}-{slug(outlet + ' ' + name if outlet else name)}"
    data.article(article_id)  # refuses an unsafe id before anything is locked
    with locked(data.root):
        try:
            target = write_article(
                data,
                article_id,
                raw,
                {
                    "date": date.isoformat(),
                    "title": title,
                    "outlet": outlet,
                    "url": url,
                    "language": language or detect(raw.decode("utf-8-sig", errors="replace")),
                    "note": note or f"added with add-article from {source.name}",
                },
            )
        except ArticleExists as exc:
            raise MaintainError(str(exc)) from exc
    return target


@dataclass(frozen=True)
class PlaceCandidate:
    """A place found for a name: where it is and where that came from."""

    name: str
    lat: float | None
    lon: float | None
    country: str
    kind: str
    geonames_id: int | None
    source: str
    detail: str
    #: The world gazetteer's id of the place it lies in (offline candidates only).
    world_parent: str | None = None


def offline_candidates(name: str, world: World | None = None) -> list[PlaceCandidate]:
    """Places of the world gazetteer (countries, admin-1 regions, GeoNames cities) one of whose
    names is `name`, countries first, then regions, then cities by population."""
    world = world or World.open()
    return [_from_world(p, world) for p in world.candidates(name)]


def _from_world(p: WorldPlace, world: World) -> PlaceCandidate:
    above = world.get(p.parent) if p.parent else None
    where = ", ".join(x for x in (above.name if above else "", p.country) if x)
    size = f", population {p.population:,}" if p.population else ""
    ref = f", GeoNames {p.geonames_id}" if p.geonames_id else f", {p.id}"
    return PlaceCandidate(
        name=p.name,
        lat=p.lat,
        lon=p.lon,
        country=p.country,
        kind=p.kind,
        geonames_id=p.geonames_id,
        source=p.source,
        detail=f"{p.name} ({p.kind}), {where}{size}{ref}",
        world_parent=p.parent,
    )


def online_candidates(
    name: str, domain: str = "nominatim.openstreetmap.org", scheme: str = "https"
) -> tuple[list[PlaceCandidate], int]:
    """(places a geocoder (Nominatim by default) gives for `name`, each checked, how many of its
    answers were left out as implausible); MaintainError when it cannot be asked in time."""
    try:
        found, dropped = geocoder.search(name, domain, scheme, USER_AGENT)
    except geocoder.GeocoderError as exc:
        raise MaintainError(
            f"the geocoder at {scheme}://{domain} did not answer usably ({exc}); check the"
            " connection, or leave out --online to search the GeoNames data shipped here"
        ) from None
    return [
        PlaceCandidate(
            name=f.name,
            lat=f.lat,
            lon=f.lon,
            country=f.country,
            kind=f.kind,
            geonames_id=None,
            source=f"{domain}, {f.osm}",
            detail=f.detail,
        )
        for f in found
    ], dropped


def add_place(
    data: DataFolder,
    candidate: PlaceCandidate,
    place_id: str | None = None,
    aliases: list[str] | None = None,
    kind: str | None = None,
    parent: str | None = None,
) -> dict[str, object]:
    """Append a gazetteer row for `candidate`; refuses an id or a name the gazetteer has.

    `parent` (an id or any name the situation's gazetteer knows, world places included) is the
    place it lies in; without it, the world gazetteer's parent when places.csv has it. A parent
    that only the world gazetteer has is written to places.csv first, with its own parents."""
    with locked(data.root):
        return _add_place(data, candidate, place_id, aliases, kind, parent)


def _parent_id(gazetteer: Gazetteer, parent: str | None, candidate: PlaceCandidate) -> str | None:
    if parent:
        if candidate.country:  # the place it lies in is in its country
            gazetteer.scope = gazetteer.scope | {candidate.country}
            gazetteer._world_names = None
        found = gazetteer.places.get(parent) or gazetteer.lookup(parent)
        if found is None:
            hint = gazetteer.suggest(parent)
            raise MaintainError(
                f"--parent {parent!r} is not a place this situation knows"
                + (f"; did you mean {gazetteer.names[hint]!r}?" if hint else "")
                + " (give a place id or a name; nothing was changed)"
            )
        return found.id
    if candidate.world_parent:
        return gazetteer.world_ids.get(candidate.world_parent)
    return None


def _write_ancestors(gazetteer: Gazetteer, pid: str | None, own: set[str], path: Path) -> None:
    """Rows for `pid` and the places above it that places.csv does not have yet."""
    chain = []
    while pid and pid not in own and pid in gazetteer.places:
        chain.append(gazetteer.places[pid])
        pid = gazetteer.places[pid].parent
    for place in reversed(chain):
        row = {
            **place.model_dump(mode="json"),
            "aliases": "|".join(place.aliases),
            "lat": "" if place.lat is None else place.lat,
            "lon": "" if place.lon is None else place.lon,
            "parent": place.parent or "",
            "geonames_id": place.geonames_id or "",
        }
        append_csv_row(path, PLACE_COLUMNS, row)
        own.add(place.id)


def _add_place(
    data: DataFolder,
    candidate: PlaceCandidate,
    place_id: str | None,
    aliases: list[str] | None,
    kind: str | None,
    parent: str | None = None,
) -> dict[str, object]:
    places_path = data.places
    gazetteer = read_places(places_path, Report())
    own = set(gazetteer.places)
    attach(gazetteer, World.open())
    place_id = place_id or slug(candidate.name).replace("-", "_")
    if place_id in gazetteer.places:
        raise MaintainError(
            f"{places_path.name} already has id {place_id!r}; choose another with --id"
        )
    for name in [candidate.name, *(aliases or [])]:
        owner = gazetteer.names.get(normalize(name))
        if owner:
            raise MaintainError(f"{name!r} already names place {owner!r} in {places_path.name}")
    parent_id = _parent_id(gazetteer, parent, candidate)
    if parent_id == place_id:
        raise MaintainError(f"a place cannot lie in itself (--parent {parent!r})")
    _write_ancestors(gazetteer, parent_id, own, places_path)
    row: dict[str, object] = {
        "id": place_id,
        "name": candidate.name,
        "aliases": "|".join(aliases or []),
        "kind": kind or candidate.kind,
        "lat": "" if candidate.lat is None else candidate.lat,
        "lon": "" if candidate.lon is None else candidate.lon,
        "country": candidate.country,
        "parent": parent_id or "",
        "geonames_id": candidate.geonames_id or "",
        "source": candidate.source,
    }
    append_csv_row(places_path, PLACE_COLUMNS, row)
    return row
