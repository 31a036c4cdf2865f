"""The fetcher against a real server on 127.0.0.1 (tests/sourceserver.py): retries and backoff,
rate limits, redirects checked, private addresses refused, huge, trickling, truncated and
compressed-bomb bodies refused whole, robots.txt obeyed, an identifying user agent."""

from __future__ import annotations

import time

import pytest

from loaders.connect.net import USER_AGENT, Fetcher, FetchError, check_address
from loaders.connect.spec import Network
from tests.sourceserver import SourceServer

LOOPBACK = ["127.0.0.0/8"]


@pytest.fixture(scope="module")
def server():
    srv = SourceServer().start()
    yield srv
    srv.stop()


def fetcher(**policy) -> tuple[Fetcher, list[float]]:
    waits: list[float] = []
    settings = {
        "allow_addresses": LOOPBACK,
        "rate_limit_seconds": 0,
        "backoff_seconds": 0.01,
        "timeout_seconds": 2,
        "max_bytes": 1_000_000,
        **policy,
    }
    return Fetcher(Network(**settings), sleep=waits.append), waits


def test_a_busy_server_is_retried_with_growing_waits(server):
    f, waits = fetcher()
    assert f.get(server.base + "/flaky").body == b"ok after retries"
    assert waits == [0.01, 0.02]


def test_retry_after_is_obeyed_and_a_long_one_refused(server):
    f, waits = fetcher()
    assert f.get(server.base + "/limited").body == b"ok after waiting"
    assert waits == [0.0]
    with pytest.raises(FetchError, match="asks to wait 86400 s") as exc:
        fetcher()[0].get(server.base + "/patient")
    assert exc.value.kind == "rate-limited"


def test_a_broken_server_gives_up_after_the_retries(server):
    f, waits = fetcher(retries=2)
    with pytest.raises(FetchError, match="HTTP 500"):
        f.get(server.base + "/always-500")
    assert len(waits) == 2


def test_loopback_is_refused_unless_allowed(server):
    before = len(server.log.requests)
    with pytest.raises(FetchError) as exc:
        Fetcher(Network()).get(server.base + "/planet/feed.xml")
    assert exc.value.kind == "blocked-address"
    assert len(server.log.requests) == before  # nothing was sent


@pytest.mark.parametrize("route", ["/to-private", "/to-metadata"])
def test_a_redirect_to_a_private_address_is_refused(server, route):
    f, _ = fetcher()
    with pytest.raises(FetchError, match="not fetched") as exc:
        f.get(server.base + route)
    assert exc.value.kind == "blocked-address"


def test_redirects_are_followed_and_loops_stopped(server):
    f, _ = fetcher()
    answer = f.get(server.base + "/to-feed")
    assert answer.url.endswith("/planet/feed.xml") and b"<rss" in answer.body
    with pytest.raises(FetchError, match="more than 5 redirects"):
        f.get(server.base + "/loop")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "http://user:pw@127.0.0.1/",
        "gopher://x",
        "http:///",
    ],
)
def test_only_plain_http_addresses(url):
    with pytest.raises(FetchError) as exc:
        fetcher()[0].get(url)
    assert exc.value.kind == "bad-url"


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "192.168.1.1", "169.254.169.254", "::1", "fc00::1", "::ffff:127.0.0.1", "0.0.0.0"],
)
def test_private_and_local_addresses_are_blocked(address):
    with pytest.raises(FetchError):
        check_address(address, Network())


@pytest.mark.parametrize(
    ("route", "kind"),
    [
        ("/huge-announced", "too-large"),
        ("/huge-chunked", "too-large"),
        ("/gzip-bomb", "too-large"),
        ("/truncated", "malformed"),
    ],
)
def test_huge_bombs_and_truncated_bodies_are_refused_whole(server, route, kind):
    f, _ = fetcher(retries=0)
    with pytest.raises(FetchError) as exc:
        f.get(server.base + route)
    assert exc.value.kind == kind


def test_a_trickling_server_is_cut_off_at_the_time_limit(server):
    f, _ = fetcher(retries=0, timeout_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(FetchError) as exc:
        f.get(server.base + "/trickle")
    assert exc.value.kind == "too-slow"
    assert time.monotonic() - started < 2


def test_robots_txt_is_obeyed_for_pages_and_the_agent_names_itself(server):
    f, _ = fetcher(contact="ops@example.org")
    start = len(server.log.requests)
    with pytest.raises(FetchError, match="robots.txt") as exc:
        f.get(server.base + "/private/secret.html", page=True)
    assert exc.value.kind == "robots"
    f.get(server.base + "/planet/floods-wire.html", page=True)
    agents = {h.get("User-Agent") for _, _, h, _ in server.log.requests[start:]}
    assert agents == {USER_AGENT[:-1] + "; ops@example.org)"}


def test_pages_wait_for_the_rate_limit_between_requests_to_one_host(server):
    f, waits = fetcher(rate_limit_seconds=5)
    f.get(server.base + "/planet/feed.xml")
    f.get(server.base + "/courier/feed.xml")
    assert len(waits) == 1 and 4 < waits[0] <= 5


def test_a_crawl_delay_in_robots_txt_slows_pages_to_that_host():
    srv = SourceServer()
    srv.robots_extra = "Crawl-delay: 7\n"
    srv.start()
    try:
        f, waits = fetcher(rate_limit_seconds=1)
        f.get(srv.base + "/planet/floods-wire.html", page=True)
        f.get(srv.base + "/courier/floods-wire.html", page=True)
        assert len(waits) == 2 and all(6 < w <= 7 for w in waits)  # after robots.txt, after a page
    finally:
        srv.stop()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://News.Example.org/a/story/", "https://news.example.org/a/story"),
        ("https://x.org/s?id=4&utm_source=rss&utm_medium=feed", "https://x.org/s?id=4"),
        ("https://x.org:443/s#comments", "https://x.org/s"),
    ],
)
def test_one_page_under_two_addresses_is_one_address(a, b):
    from loaders.connect.net import canonical

    assert canonical(a) == canonical(b)
    assert canonical("https://x.org/s?id=4") != canonical("https://x.org/s?id=5")


@pytest.mark.parametrize("addresses", [["10.0.0.5"], ["93.184.215.14", "127.0.0.1"]])
def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(addresses):
    asked = []

    def resolve(host, port):
        asked.append(host)
        return addresses

    f = Fetcher(Network(), resolve=resolve)
    with pytest.raises(FetchError) as exc:
        f.get("http://news.example.org/feed.xml")
    assert exc.value.kind == "blocked-address" and asked == ["news.example.org"]
