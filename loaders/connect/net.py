"""Fetching from the web, politely and safely: the only module of the project that opens a
network connection for data.

- Only http and https; no user name or password in the address.
- Every address a host name resolves to must be public (not loopback, private, link-local,
  multicast or reserved) unless `Network.allow_addresses` names its network; the connection goes
  to the address that was checked (no second lookup to rebind), and every redirect is checked
  the same way before it is followed.
- One request takes at most `timeout_seconds` from connecting to its last byte (a server that
  trickles is cut off), and at most `max_bytes` (checked on the announced length, then while
  reading, and on what a compressed body unpacks to).
- An identifying user agent; at most one request per `rate_limit_seconds` to a host; retries
  with exponential backoff on 429, 500, 502, 503, 504 and dropped connections, obeying a
  Retry-After up to `max_wait_seconds`; robots.txt is obeyed for web pages.
- Conditional requests (ETag, Last-Modified) so an unchanged source costs one small answer.

Every failure is a `FetchError` with a stable kind and a message a maintainer can act on.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from loaders.connect.spec import Network

PRODUCT = "situation-dashboard"
USER_AGENT = f"{PRODUCT}/0.1 (humanitarian situation dashboard; scheduled sync of its sources)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_ROBOTS_BYTES = 512 << 10


class FetchError(Exception):
    """A request that gave nothing usable. `kind` is stable ('blocked-address', 'too-large',
    'too-slow', 'http-status', 'connection', 'robots', 'bad-url'); the message says what
    happened and, where there is one, what to do."""

    def __init__(self, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class Response:
    """A complete answer: the final address (after redirects), status, headers (lower-case
    names) and the whole body, decompressed."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        """The body as text, in the charset the headers name (UTF-8 otherwise), bad bytes
        replaced."""
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> object:
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as exc:
            raise FetchError("malformed", f"{self.url} did not answer valid JSON: {exc}") from exc


@dataclass
class Fetcher:
    """One sync's HTTP client: the network policy, and per host the time of the last request
    and the robots.txt rules already read."""

    policy: Network = field(default_factory=Network)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    resolve: Callable[[str, int], list[str]] | None = None
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = field(
        default_factory=dict
    )

    @property
    def user_agent(self) -> str:
        contact = f"; {self.policy.contact}" if self.policy.contact else ""
        return USER_AGENT[:-1] + contact + ")"

    def get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        method: str = "GET",
        body: bytes | None = None,
        page: bool = False,
    ) -> Response:
        """The answer to one request, after redirects and retries. `page=True` checks the
        site's robots.txt first. A 304 is returned (the caller sent a validator); any other
        status outside 2xx is a FetchError."""
        if page:
            self.check_robots(url)
        attempt = 0
        while True:
            try:
                response = self._follow(url, headers or {}, method, body)
            except FetchError as exc:
                retry = exc.kind in ("connection", "too-slow") or exc.status in RETRY_STATUSES
                if not retry or attempt >= self.policy.retries:
                    raise
                self.sleep(self._wait(attempt, getattr(exc, "retry_after", None), url))
                attempt += 1
                continue
            return response

    def _wait(self, attempt: int, retry_after: str | None, url: str) -> float:
        """Seconds to wait before retry `attempt + 1`: the server's Retry-After when it gives
        one (refused when longer than the policy allows), else exponential backoff."""
        if retry_after:
            seconds = _retry_after_seconds(retry_after)
            if seconds is not None:
                if seconds > self.policy.max_wait_seconds:
                    raise FetchError(
                        "rate-limited",
                        f"{url} asks to wait {seconds:.0f} s (Retry-After), longer than"
                        f" max_wait_seconds {self.policy.max_wait_seconds:.0f}; try again later",
                        429,
                    )
                return seconds
        return self.policy.backoff_seconds * (2**attempt)

    def _follow(self, url: str, headers: dict[str, str], method: str, body: bytes | None):
        for _ in range(MAX_REDIRECTS + 1):
            response = self._once(url, headers, method, body)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError("http-status", f"{url}: redirect without a Location")
                url = urllib.parse.urljoin(url, location)
                if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            if response.status == 304 or 200 <= response.status < 300:
                return response
            error = FetchError(
                "http-status", f"{url} answered HTTP {response.status}", response.status
            )
            error.retry_after = response.headers.get("retry-after")  # type: ignore[attr-defined]
            raise error
        raise FetchError("http-status", f"{url}: more than {MAX_REDIRECTS} redirects")

    def _once(self, url: str, headers: dict[str, str], method: str, body: bytes | None):
        parts = check_url(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(host, port)
        self._pace(host)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn = _connection(parts.scheme, host, port, address, self.policy.timeout_seconds)
        cut = threading.Event()
        timer = threading.Timer(self.policy.timeout_seconds, _cut, args=(conn, cut))
        timer.start()
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            sent = {
                "User-Agent": self.user_agent,
                "Accept-Encoding": "gzip",
                **headers,
            }
            if body is not None:
                sent["Content-Length"] = str(len(body))
            for key, value in sent.items():
                conn.putheader(key, value)
            conn.endheaders(body)
            answer = conn.getresponse()
            got = {k.lower(): v for k, v in answer.getheaders()}
            data = b"" if method == "HEAD" else self._read(answer, got, url)
            if cut.is_set():
                raise OSError("cut off")
        except FetchError as exc:
            if cut.is_set() and exc.kind == "malformed":  # cut off, not the server's fault
                raise FetchError(
                    "too-slow",
                    f"{url} took longer than {self.policy.timeout_seconds:g} s; not kept",
                ) from exc
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if cut.is_set():
                raise FetchError(
                    "too-slow",
                    f"{url} took longer than {self.policy.timeout_seconds:g} s; not kept",
                ) from exc
            raise FetchError("connection", f"{url}: {type(exc).__name__}: {exc}") from exc
        finally:
            timer.cancel()
            conn.close()
            self._last[host] = self.clock()
        return Response(url, answer.status, got, data)

    def _read(self, answer: http.client.HTTPResponse, headers: dict[str, str], url: str) -> bytes:
        limit = self.policy.max_bytes
        announced = headers.get("content-length", "")
        if announced.isdigit() and int(announced) > limit:
            raise FetchError(
                "too-large", f"{url} announces {int(announced):,} bytes, over the limit {limit:,}"
            )
        packed = headers.get("content-encoding", "").lower() in ("gzip", "x-gzip")
        unpack = zlib.decompressobj(16 + zlib.MAX_WBITS) if packed else None
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = answer.read1(65536)
            if not chunk:
                break
            if unpack is not None:
                chunk = unpack.decompress(chunk, limit + 1 - size)
                if unpack.unconsumed_tail:
                    size = limit + 1
            size += len(chunk)
            if size > limit:
                raise FetchError("too-large", f"{url} sent more than {limit:,} bytes; not kept")
            chunks.append(chunk)
        if answer.length:  # fewer bytes than Content-Length announced
            raise FetchError("malformed", f"{url} closed the connection before the end; not kept")
        if unpack is not None and not unpack.eof:
            raise FetchError("malformed", f"{url} sent a truncated compressed body")
        return b"".join(chunks)

    def _address(self, host: str, port: int) -> str:
        """The address to connect to: every address `host` has must be allowed."""
        try:
            found = (
                self.resolve(host, port)
                if self.resolve
                else sorted(
                    {str(i[4][0]) for i in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
                )
            )
        except OSError as exc:
            raise FetchError("connection", f"cannot resolve {host!r}: {exc}") from exc
        if not found:
            raise FetchError("connection", f"{host!r} has no address")
        for address in found:
            check_address(address, self.policy)
        return found[0]

    def _pace(self, host: str) -> None:
        """Wait until the host's interval has passed: the policy's, or the Crawl-delay its
        robots.txt asks for when longer (up to max_wait_seconds)."""
        last = self._last.get(host)
        if last is None:
            return
        interval = self.policy.rate_limit_seconds
        for origin, rules in self._robots.items():
            if urllib.parse.urlsplit(origin).hostname == host and not isinstance(rules, FetchError):
                asked = rules.crawl_delay(PRODUCT)
                if asked:
                    interval = max(interval, min(float(asked), self.policy.max_wait_seconds))
        wait = last + interval - self.clock()
        if wait > 0:
            self.sleep(wait)

    def check_robots(self, url: str) -> None:
        """Refuse (FetchError 'robots') a page the site's robots.txt keeps us from. A missing
        robots.txt (404, 410) allows everything; 401 or 403 allows nothing, and a robots.txt
        that cannot be read allows nothing either (the site may be down)."""
        parts = check_url(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._read_robots(origin)
            self._robots[origin] = rules
        if isinstance(rules, FetchError):
            raise FetchError("robots", f"{url}: {rules}")
        if not rules.can_fetch(PRODUCT, url):
            raise FetchError("robots", f"{url}: the site's robots.txt does not allow it")

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | FetchError:
        rules = urllib.robotparser.RobotFileParser()
        saved = self.policy.max_bytes
        try:
            self.policy = self.policy.model_copy(update={"max_bytes": min(saved, MAX_ROBOTS_BYTES)})
            answer = self.get(origin + "/robots.txt")
        except FetchError as exc:
            if exc.status in (404, 410):
                rules.parse([])
                return rules
            if exc.status in (401, 403):
                rules.disallow_all = True  # type: ignore[attr-defined]
                return rules
            return FetchError("robots", f"robots.txt could not be read ({exc}); not fetched")
        finally:
            self.policy = self.policy.model_copy(update={"max_bytes": saved})
        rules.parse(answer.text().splitlines())
        return rules


#: Query parameters that only track a reader, never change the page.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_medium|at_campaign)$")


def canonical(url: str) -> str:
    """The form two addresses of one page share, for de-duplication: http and https alike, host
    in lower case, no default port, no fragment, no trailing '/', no tracking parameters
    ('?utm_source=...'). The address kept in the files is the one the source gave."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING.match(k)
    ]
    path = parts.path.rstrip("/") or "/"
    return urllib.parse.urlunsplit(("https", host, path, urllib.parse.urlencode(query), ""))


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an http(s) address without credentials; FetchError('bad-url') otherwise."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise FetchError("bad-url", f"{url!r} is not a valid address: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError("bad-url", f"{url!r}: only http:// and https:// addresses are fetched")
    if not parts.hostname:
        raise FetchError("bad-url", f"{url!r} names no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad-url", f"{url!r}: no user name or password in an address")
    return parts


def check_address(address: str, policy: Network) -> None:
    """FetchError('blocked-address') for an address that is not public, unless the policy's
    allow_addresses names its network."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for network in policy.allow_addresses:
        if ip in ipaddress.ip_network(network, strict=False):
            return
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            "blocked-address",
            f"{address} is a loopback, private, link-local or reserved address; not fetched"
            " (list its network under network.allow_addresses in sources.yaml to allow it)",
        )


def _retry_after_seconds(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Pinned(http.client.HTTPConnection):
    """HTTP to the address that was checked, with the host name in the Host header."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    """HTTPS to the address that was checked; the certificate is checked against the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
            sock, server_hostname=self.host
        )


def _connection(scheme: str, host: str, port: int, address: str, timeout: float):
    kind = _PinnedTLS if scheme == "https" else _Pinned
    return kind(host, port, address, timeout)


def _cut(conn: http.client.HTTPConnection, cut: threading.Event) -> None:
    """Called when a request's time is up: shut its socket so any read returns at once."""
    cut.set()
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
