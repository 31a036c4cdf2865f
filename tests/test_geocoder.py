"""`places add --online` against a geocoder that lies or stalls (a real HTTP server on
127.0.0.1): answers off Earth, formulas and line breaks in names, hundreds of thousands of
results, endless redirects, a server that trickles. Each ends in a message, never a traceback,
and nothing hostile reaches places.csv."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from loaders.commands.geocoder import MAX_REDIRECTS, GeocoderError, fetch
from tests.conftest import FIXTURES
from tests.conftest import loaders_cli as run

ANSWERS = FIXTURES / "hostile" / "geocoder"


class HostileGeocoder(http.server.BaseHTTPRequestHandler):
    """Answers by the name asked for: a fixture file, many results, a redirect to itself, or a
    trickle of one byte at a time."""

    redirects = 0
    #: The 300,000 results, made before the server starts: made per request, they kept a loaded
    #: machine's client waiting past its time-out before the first byte.
    many = b""

    def do_GET(self):  # noqa: N802
        name = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        if name == "loop":
            HostileGeocoder.redirects += 1
            self.send_response(302)
            self.send_header("Location", self.path)
            self.end_headers()
            return
        if name == "trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(2_000):  # 100 s at most; the client hangs up long before
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
            return
        body = self.many if name == "many" else (ANSWERS / f"{name}.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def geocoder():
    one = json.loads((ANSWERS / "formula_and_newline.json").read_text())[-1]
    HostileGeocoder.many = json.dumps([one] * 300_000).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileGeocoder)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _add(name: str, geocoder: str, data_copy, *extra: str):
    return run(
        "places", "add", name, "--online", "--geocoder", geocoder, "--scheme", "http",
        "--data", data_copy, *extra,
    )  # fmt: skip


def test_geocoder_answering_latitude_999_ended_in_a_traceback(geocoder, data_copy):
    before = (data_copy / "places.csv").read_bytes()
    result = _add("latitude_999", geocoder, data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "3 of the geocoder's answers left out" in result.stderr
    assert (data_copy / "places.csv").read_bytes() == before


def test_country_with_a_formula_and_a_newline_was_written_to_places_csv(geocoder, data_copy):
    result = _add("formula_and_newline", geocoder, data_copy, "--id", "tegh")
    assert result.returncode == 0, result.stderr
    assert "3 of the geocoder's answers left out" in result.stderr
    text = (data_copy / "places.csv").read_text(encoding="utf-8")
    assert "=" not in text.splitlines()[-1] and "calc" not in text and "HYPERLINK" not in text
    row = pd.read_csv(data_copy / "places.csv", keep_default_na=False).iloc[-1]
    assert (row["id"], row["name"], row["country"]) == ("tegh", "Tegh", "AM")
    assert float(row["lat"]) == 39.3464


def test_300000_results_were_all_listed(geocoder, data_copy):
    result = _add("many", geocoder, data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "over 1,048,576 bytes" in result.stderr
    assert len(result.stdout.splitlines()) <= 11


def test_redirects_were_followed_30_times(geocoder, data_copy):
    HostileGeocoder.redirects = 0
    result = _add("loop", geocoder, data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"more than {MAX_REDIRECTS} redirects" in result.stderr
    assert HostileGeocoder.redirects == MAX_REDIRECTS + 1


def test_a_trickling_server_hung_past_the_time_out(geocoder):
    started = time.monotonic()
    with pytest.raises(GeocoderError, match="no whole answer within"):
        fetch(f"http://{geocoder}/search?q=trickle", "test", deadline=started + 1.0)
    assert time.monotonic() - started < 30  # the server would trickle for 100 s
