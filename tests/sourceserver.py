"""A web server on 127.0.0.1 (a free port) that the connector tests start: it serves, in the shapes
of the real services, a ReliefWeb API v2, RSS and Atom feeds of three outlets, their web pages,
an HXL CSV dataset, a robots.txt, and the hostile answers a sync must survive (429 and 5xx,
redirects to private addresses, huge, trickling, malformed and compressed-bomb bodies); and a
webhook receiver. Every request is logged, so tests can see what a sync asked.

SYNTHETIC DATA: every article text, outlet, place and number here is invented for the tests
(the places are the invented region of Veloria); none is copied from any publication.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: An agency story (synthetic), printed by three outlets with their own trimmings.
WIRE_STORY = (
    "PORT AMIR (AFP) - More than 12,400 people have fled their homes in Veloria since the"
    " floods began, the regional emergency office said on Monday.",
    "At least 37 people were killed when the river broke its banks near Sadra, officials said,"
    " and rescue teams were still searching flooded villages.",
    "Buses carried families to shelters in Port Amir, where volunteers handed out blankets and"
    " water. The office said the number of displaced people was expected to rise.",
)
OUTLETS = {
    "planet": "The Daily Planet",
    "courier": "Veloria Courier",
    "star": "Morning Star Online",
}
OWN_STORY = (
    "SADRA - The Veloria Red Crescent said on Tuesday it had distributed food to 3,200"
    " families in the flooded districts around Sadra.",
    "Its teams set up two field kitchens near the stadium, which now shelters displaced"
    " families, and said more trucks were on their way from the capital.",
)
LATER_STORY = (
    "PORT AMIR - Officials said on Wednesday that 15,000 people had now left their homes"
    " across Veloria, as water levels began to fall in the north.",
    "Engineers inspected the damaged bridge at Sadra and said it would stay closed for weeks,"
    " cutting the main road south for farmers and traders.",
)
HOSTILE_STORY = (
    'The <script>alert("x")</script> text of this page is hostile: [a link](javascript:alert(1))'
    " and **bold** markdown, <img src=x onerror=alert(2)> tags, and a right-to-left mark"
    " \u202e that must never reach a reader as anything but characters. It also says that 250"
    " people were evacuated from Port Amir on Monday, which is a figure like any other.",
)


def page(outlet: str, title: str, paragraphs: tuple[str, ...], date: str) -> str:
    """An outlet's web page: navigation, the story, a footer, as sites print them."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}T08:00:00+00:00">
<script>window.tracker = "synthetic";</script><style>p {{ color: black; }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<header><h1>{title}</h1><p class="byline">By staff, {date}</p></header>
<article>{body}</article>
<aside><h2>Most read</h2><ul><li>Cup final tonight</li><li>Weather warning</li></ul></aside>
<footer><p>Copyright {outlet}. Subscribe to our newsletter.</p></footer></body></html>"""


def rss(outlet: str, base: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (path, title, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>{d}</pubDate><description>{t}</description></item>"
        for p, t, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>{base}/</link><description>News</description>{entries}</channel></rss>"
    )


def atom(outlet: str, base: str, items: list[tuple[str, str, str]]) -> str:
    """An Atom feed of (path, title, ISO date) items."""
    entries = "".join(
        f'<entry><title>{t}</title><link href="{base}{p}"/><id>{base}{p}</id>'
        f"<updated>{d}</updated><summary>{t}</summary></entry>"
        for p, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{outlet}</title><id>{base}/</id><updated>2026-11-30T10:00:00Z</updated>"
        f"{entries}</feed>"
    )


def reliefweb_report(n: int, title: str, body: list[str], created: str, source: str) -> dict:
    """One report in the shape of ReliefWeb API v2's `data` items (fields asked for only)."""
    return {
        "id": str(4_000_000 + n),
        "score": 1,
        "href": f"https://api.reliefweb.int/v2/reports/{4_000_000 + n}",
        "fields": {
            "id": 4_000_000 + n,
            "title": title,
            "body-html": "".join(f"<p>{p}</p>" for p in body),
            "url": f"https://reliefweb.int/node/{4_000_000 + n}",
            "url_alias": f"https://reliefweb.int/report/veloria/synthetic-report-{n}",
            "origin": f"https://relief.example.org/updates/{n}",
            "date": {"original": created, "created": created, "changed": created},
            "source": [{"name": source, "shortname": source}],
            "language": [{"code": "en", "name": "English"}],
        },
    }


REPORTS = [
    reliefweb_report(
        1,
        "Veloria: Floods Flash Update No. 1",
        [
            "Heavy rain caused the Sadra river to flood on 28 November. According to the regional"
            " authorities, about 9,000 people have been displaced across Veloria.",
            "Partners are preparing an initial response in Port Amir and Sadra.",
        ],
        "2026-11-29T06:00:00+00:00",
        "OCHA",
    ),
    reliefweb_report(
        2,
        "Veloria: Floods Flash Update No. 2",
        [
            "The number of people displaced by the floods has risen to 11,000 according to the"
            " regional emergency office; at least 30 people were killed.",
            "Shelters in Port Amir are full and a second site is being prepared.",
        ],
        "2026-11-30T06:00:00+00:00",
        "OCHA",
    ),
    reliefweb_report(
        3,
        "Veloria floods: Red Crescent emergency appeal",
        [
            "The Red Crescent launched an appeal for 2,500,000 USD on 30 November to assist"
            " 20,000 people affected by the floods in Veloria.",
        ],
        "2026-11-30T12:00:00+00:00",
        "IFRC",
    ),
]
#: The server pages the API three reports at a time at most, whatever the client asks.
RELIEFWEB_PAGE = 2

HXL_DATASET = (
    "Date,Region,Region code,Displaced,Killed,Source\n"
    "#date,#adm1+name,#adm1+code,#affected+displaced,#affected+killed,#meta+source\n"
    "2026-11-29,Veloria,VL01,9500,31,Veloria emergency office\n"
    "2026-11-30,Veloria,VL01,12000,35,Veloria emergency office\n"
    "2026-11-30,Nowhere Province,ZZ99,400,,Veloria emergency office\n"
)


@dataclass
class Log:
    """What the server was asked: (method, path, headers, body)."""

    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    hooks: list[dict] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def paths(self) -> list[str]:
        return [p for _, p, _, _ in self.requests]

    def bump(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


class SourceServer:
    """The server, its routes and its log. `start()` binds 127.0.0.1:0 in a thread."""

    def __init__(self) -> None:
        self.log = Log()
        self.extra_items: list[tuple[str, str, str]] = []
        self.files: dict[str, tuple[bytes, str]] = {}
        self.robots_extra = ""
        self.appname = "synthetic-tests-approved"
        self.httpd: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> SourceServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.handle(self, b"")

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                server.handle(self, self.rfile.read(min(length, 1 << 20)))

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that hangs up on a huge or slow answer is the point of the test

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    # -- routes ---------------------------------------------------------------------------

    def feed_items(self, outlet: str) -> list[tuple[str, str, str]]:
        items = [
            (
                f"/{outlet}/floods-wire.html",
                "Thousands flee floods in Veloria",
                "Mon, 30 Nov 2026 08:00:00 GMT",
            )
        ]
        if outlet == "planet":
            items.append(
                (
                    "/planet/red-crescent-food.html",
                    "Red Crescent feeds flood families",
                    "Tue, 01 Dec 2026 09:00:00 GMT",
                )
            )
            items.append(
                (
                    "/private/secret.html",
                    "A page robots.txt keeps out",
                    "Tue, 01 Dec 2026 10:00:00 GMT",
                )
            )
            items += self.extra_items
        return items

    def handle(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        path = h.path
        self.log.requests.append((h.command, path, dict(h.headers.items()), body))
        route = path.split("?")[0]
        if route in self.files:
            body, kind = self.files[route]
            return self.send_bytes(h, 200, body, kind, {"ETag": f'"{len(body)}"'})
        if route == "/robots.txt":
            rules = "User-agent: *\nDisallow: /private/\n" + self.robots_extra
            return self.send(h, 200, rules, "text/plain")
        if route in ("/planet/feed.xml", "/courier/feed.xml"):
            outlet = route.split("/")[1]
            text = rss(OUTLETS[outlet], self.base, self.feed_items(outlet))
            return self.send_tagged(h, text, "application/rss+xml")
        if route == "/star/atom.xml":
            items = [
                (
                    "/star/floods-wire.html",
                    "Floods drive thousands from homes",
                    "2026-11-30T09:30:00Z",
                )
            ]
            return self.send_tagged(
                h, atom(OUTLETS["star"], self.base, items), "application/atom+xml"
            )
        if route.endswith("/floods-wire.html"):
            outlet = route.split("/")[1]
            text = page(
                OUTLETS[outlet], "Thousands flee floods in Veloria", WIRE_STORY, "2026-11-30"
            )
            return self.send(h, 200, text, "text/html; charset=utf-8")
        if route == "/planet/red-crescent-food.html":
            text = page(
                OUTLETS["planet"], "Red Crescent feeds flood families", OWN_STORY, "2026-12-01"
            )
            return self.send(h, 200, text, "text/html; charset=utf-8")
        if route == "/planet/later.html":
            text = page(
                OUTLETS["planet"], "Fifteen thousand now displaced", LATER_STORY, "2026-12-02"
            )
            return self.send(h, 200, text, "text/html; charset=utf-8")
        if route == "/hostile.html":
            markup = page("Hostile Times", "A hostile page", (), "2026-11-30").replace(
                "<article></article>", "<article><p>" + HOSTILE_STORY[0] + "</p></article>"
            )
            return self.send(h, 200, markup, "text/html; charset=utf-8")
        if route == "/v2/reports":
            return self.reliefweb(h, path, body)
        if route == "/hdx/veloria-displacement.csv":
            return self.send_tagged(h, HXL_DATASET, "text/csv")
        if route == "/hostile/feed.xml":
            items = [
                (route_, f"Item {route_}", "Mon, 30 Nov 2026 08:00:00 GMT")
                for route_ in (
                    "/huge-chunked",
                    "/gzip-bomb",
                    "/image.png",
                    "/truncated",
                    "/hostile.html",
                )
            ]
            return self.send(h, 200, rss("Hostile Times", self.base, items), "application/rss+xml")
        if route == "/hook":
            self.log.hooks.append(json.loads(body or b"{}"))
            return self.send(h, 204, "", "text/plain")
        return self.hostile(h, route)

    def hostile(self, h: BaseHTTPRequestHandler, route: str) -> None:
        if route == "/flaky":
            if self.log.bump(route) <= 2:
                return self.send(h, 503, "busy", "text/plain")
            return self.send(h, 200, "ok after retries", "text/plain")
        if route == "/limited":
            if self.log.bump(route) == 1:
                return self.send(h, 429, "slow down", "text/plain", {"Retry-After": "0"})
            return self.send(h, 200, "ok after waiting", "text/plain")
        if route == "/patient":
            return self.send(h, 429, "slow down", "text/plain", {"Retry-After": "86400"})
        if route == "/always-500":
            return self.send(h, 500, "broken", "text/plain")
        if route == "/to-private":
            return self.send(h, 302, "", "text/plain", {"Location": "http://10.1.2.3/feed.xml"})
        if route == "/to-metadata":
            return self.send(
                h, 301, "", "text/plain", {"Location": "http://169.254.169.254/latest"}
            )
        if route == "/to-feed":
            return self.send(h, 302, "", "text/plain", {"Location": "/planet/feed.xml"})
        if route == "/loop":
            return self.send(h, 302, "", "text/plain", {"Location": "/loop"})
        if route == "/huge-announced":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(50_000_000))
            h.end_headers()
            return None
        if route == "/huge-chunked":
            return self.endless(h)
        if route == "/gzip-bomb":
            bomb = gzip.compress(b"\0" * 20_000_000)
            return self.send_bytes(h, 200, bomb, "text/html", {"Content-Encoding": "gzip"})
        if route == "/trickle":
            return self.trickle(h)
        if route == "/truncated":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "1000")
            h.end_headers()
            h.wfile.write(b"<p>only part")
            h.close_connection = True
            return None
        if route == "/malformed.json":
            return self.send(h, 200, '{"data": [ {"fields": ', "application/json")
        if route == "/not-a-feed.xml":
            return self.send(h, 200, "<html><body>no feed here</body></html>", "text/html")
        if route == "/image.png":
            return self.send_bytes(h, 200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        return self.send(h, 404, "not found", "text/plain")

    def reliefweb(self, h: BaseHTTPRequestHandler, path: str, body: bytes) -> None:
        if f"appname={self.appname}" not in path:
            return self.send(
                h, 403, '{"error": {"type": "AccessDeniedHttpException"}}', "application/json"
            )
        if self.log.bump("reliefweb") == 1:  # the first request of a run meets a rate limit
            return self.send(h, 429, "{}", "application/json", {"Retry-After": "0"})
        query = json.loads(body or b"{}")
        since = ""
        for c in query.get("filter", {}).get("conditions", []):
            if c.get("field") == "date.created":
                since = c["value"]["from"]
        matching = [r for r in REPORTS if r["fields"]["date"]["created"] >= since]
        offset, limit = (
            int(query.get("offset", 0)),
            min(int(query.get("limit", 10)), RELIEFWEB_PAGE),
        )
        data = matching[offset : offset + limit]
        answer = {
            "href": path,
            "took": 1,
            "totalCount": len(matching),
            "count": len(data),
            "data": data,
        }
        return self.send(h, 200, json.dumps(answer), "application/json")

    # -- writing --------------------------------------------------------------------------

    def send(self, h, status: int, text: str, kind: str, headers: dict | None = None) -> None:
        self.send_bytes(h, status, text.encode("utf-8"), kind, headers)

    def send_bytes(self, h, status: int, body: bytes, kind: str, headers: dict | None = None):
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(body)

    def send_tagged(self, h, text: str, kind: str) -> None:
        """With an ETag; 304 when the client already has this version."""
        tag = f'"{abs(hash(text)) % 10**12}"'
        if h.headers.get("If-None-Match") == tag:
            h.send_response(304)
            h.send_header("ETag", tag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        self.send(h, 200, text, kind, {"ETag": tag})

    def endless(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(2000):  # 128 MB at most, never reached: the client stops first
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass
        h.close_connection = True

    def trickle(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(400):  # 20 s at most, never reached: the client stops first
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass
        h.close_connection = True
