"""Asking a geocoder (Nominatim's search API) for a place, treating every answer as hostile.

The request has a total time limit (a server that trickles one byte a second is cut off), follows
at most a few redirects, reads at most MAX_ANSWER_BYTES, and each result is checked before it may
become a gazetteer row: coordinates on Earth, a name without control characters or a leading
formula character, a two-letter country code, an OpenStreetMap reference of the right form.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit

from loaders.publish.output import FORMULA_START
from loaders.read.characters import clean

#: The whole exchange (connecting, redirects, reading) ends within this many seconds.
TOTAL_SECONDS = 20.0
#: Redirects followed at most (a geocoder behind a proxy may send one or two).
MAX_REDIRECTS = 3
#: An answer longer than this is refused (five results take a few kilobytes).
MAX_ANSWER_BYTES = 1 << 20
#: Results asked for and listed at most.
MAX_RESULTS = 10
#: The longest place name accepted from a geocoder.
MAX_NAME_CHARS = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COUNTRY = re.compile(r"[a-z]{2}", re.ASCII)
_OSM_ID = re.compile(r"[0-9]{1,20}", re.ASCII)
_KINDS = {"city": "city", "town": "town", "village": "village", "country": "country"}


class GeocoderError(Exception):
    """The geocoder could not be asked, or its answer is unusable; the message says which."""


@dataclass(frozen=True)
class Found:
    """One checked result: what a gazetteer row may be made of."""

    name: str
    lat: float
    lon: float
    country: str
    kind: str
    osm: str
    detail: str


def search(name: str, domain: str, scheme: str, agent: str, limit: int = 5) -> tuple[list, int]:
    """(checked results, how many were left out) for `name`; GeocoderError when the geocoder
    cannot be reached in time or answers something that is not a list of results."""
    query = urlencode(
        {"q": name, "format": "jsonv2", "limit": min(limit, MAX_RESULTS), "addressdetails": 1}
    )
    body = fetch(f"{scheme}://{domain}/search?{query}", agent)
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise GeocoderError(f"the answer is not JSON ({str(exc)[:80]})") from None
    if not isinstance(answer, list):
        raise GeocoderError("the answer is not a list of places")
    found = [f for f in (checked(r) for r in answer[:MAX_RESULTS]) if f is not None]
    return found, len(answer) - len(found)


def fetch(url: str, agent: str, deadline: float | None = None) -> bytes:
    """The body of a GET of `url`, within TOTAL_SECONDS, MAX_REDIRECTS and MAX_ANSWER_BYTES."""
    deadline = deadline or time.monotonic() + TOTAL_SECONDS
    for _ in range(MAX_REDIRECTS + 1):
        status, location, body = _get(url, agent, deadline)
        if status in (301, 302, 303, 307, 308):
            target = urljoin(url, location or "")
            if urlsplit(target).scheme not in ("http", "https"):
                raise GeocoderError(f"redirected to {target[:80]!r}, which is not a web address")
            url = target
            continue
        if status != 200:
            raise GeocoderError(f"the geocoder answered HTTP {status}")
        return body
    raise GeocoderError(f"more than {MAX_REDIRECTS} redirects; check the geocoder's address")


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise GeocoderError(f"no whole answer within {TOTAL_SECONDS:.0f} seconds")
    return left


def _get(url: str, agent: str, deadline: float) -> tuple[int, str | None, bytes]:
    """One GET, no redirect followed. A timer shuts the socket at the deadline, so a server that
    trickles its headers or body a byte at a time cannot hold the command."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = kind(parts.netloc, timeout=min(_left(deadline), 10.0))
    except ValueError as exc:
        raise GeocoderError(f"{parts.netloc!r} is not a host name ({exc})") from None
    watchdog: threading.Timer | None = None
    try:
        connection.connect()
        watchdog = threading.Timer(_left(deadline), _cut, (connection.sock,))
        watchdog.start()
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"User-Agent": agent, "Accept": "*/*"})
        response = connection.getresponse()
        chunks, size = [], 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise GeocoderError(f"the answer is over {MAX_ANSWER_BYTES:,} bytes")
            chunks.append(chunk)
        _left(deadline)
        return response.status, response.getheader("Location"), b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        _left(deadline)  # cut by the watchdog: say so
        raise GeocoderError(f"{exc.__class__.__name__}: {str(exc)[:120]}") from None
    finally:
        if watchdog is not None:
            watchdog.cancel()
        connection.close()


def _cut(sock: socket.socket) -> None:
    """Shut the connection's socket from the watchdog's thread (a blocked read returns)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def checked(result: object) -> Found | None:
    """A result as a gazetteer row may use it, or None when any part of it is not plausible."""
    if not isinstance(result, dict):
        return None
    lat, lon = _degrees(result.get("lat"), 90), _degrees(result.get("lon"), 180)
    address = result["address"] if isinstance(result.get("address"), dict) else {}
    detail = _text(result.get("display_name"), 500)
    given = _text(result.get("name"), MAX_NAME_CHARS)
    name = given if given is None else given or (detail or "").split(",")[0].strip()
    country = address.get("country_code", "")
    osm_type, osm_id = result.get("osm_type", ""), str(result.get("osm_id", ""))
    if lat is None or lon is None or not name or detail is None:
        return None
    if not isinstance(country, str) or not (country == "" or _COUNTRY.fullmatch(country)):
        return None
    if osm_type not in ("node", "way", "relation") or not _OSM_ID.fullmatch(osm_id):
        return None
    kind = result.get("addresstype") or result.get("type") or ""
    return Found(
        name=name,
        lat=lat,
        lon=lon,
        country=country.upper(),
        kind=_KINDS.get(kind, "town") if isinstance(kind, str) else "town",
        osm=f"OpenStreetMap {osm_type} {osm_id}",
        detail=detail or name,
    )


def _degrees(value: object, bound: float) -> float | None:
    """A latitude or longitude given as a number or numeric text, within ±bound."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def _text(value: object, limit: int) -> str | None:
    """Text safe for a CSV cell and a terminal: composed, no control characters or line breaks,
    not starting as a spreadsheet formula, at most `limit` characters; None otherwise."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    text = clean(value).strip()
    if len(text) > limit or _CONTROL.search(text) or text.startswith(FORMULA_START):
        return None
    return text
