"""Maintainers' commands, run as a user would: add-article, review, places add (GeoNames offline;
geopy against a local server that answers like Nominatim), progress quiet when piped."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from loaders.facts.dataset import load_dataset
from tests.conftest import FIXTURES, ROOT
from tests.conftest import loaders_cli as run


def test_add_article_copies_registers_and_reviews(data_copy, tmp_path):
    source = tmp_path / "pasted.txt"
    source.write_bytes(b"YEREVAN - More than 84,700 refugees had arrived in Armenia by Friday.\n")
    result = run(
        "add-article", source, "--date", "2023-09-30", "--outlet", "Reuters", "--data", data_copy
    )
    assert result.returncode == 0, result.stderr
    target = data_copy / "articles" / "2023-09-30-reuters-pasted.txt"
    assert target.read_bytes() == source.read_bytes()
    assert "More than 84,700" in result.stdout and "displaced" in result.stdout
    registry = pd.read_csv(data_copy / "articles.csv", keep_default_na=False)
    assert registry.iloc[-1][["id", "date", "outlet"]].tolist() == [
        target.stem,
        "2023-09-30",
        "Reuters",
    ]
    assert load_dataset(data_copy).report.problems == []
    again = run(
        "add-article", source, "--date", "2023-09-30", "--outlet", "Reuters", "--data", data_copy
    )
    assert again.returncode == 1 and "exists already" in again.stderr
    assert len(pd.read_csv(data_copy / "articles.csv")) == len(registry)


def test_review_shows_each_figure_with_its_id():
    article = (
        ROOT / "data" / "articles" / "2023-09-23-afp-kornidzor-separatists-negotiate-withdrawal.txt"
    )
    result = run("review", article)
    assert result.returncode == 0, result.stderr
    assert "Moscow said the separatists had surrendered" in result.stdout
    for fid in ("8699791a9457", "85f0e68fb6c4", "409b0e0ef07b"):
        assert fid in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes into a pipe


def test_places_add_lists_ambiguous_names_then_adds_the_pick(data_copy):
    listed = run("places", "add", "Kapan", "--data", data_copy)
    assert listed.returncode == 1
    assert "GeoNames 174875" in listed.stdout and "GeoNames 1641437" in listed.stdout
    added = run("places", "add", "Kapan", "--geonames-id", "174875", "--data", data_copy)
    assert added.returncode == 0, added.stderr
    row = pd.read_csv(data_copy / "places.csv").iloc[-1]
    assert (row["id"], row["lat"], row["lon"], row["geonames_id"]) == (
        "kapan",
        39.20762,
        46.40678,
        174875,
    )
    assert load_dataset(data_copy).gazetteer.lookup("kapan").id == "kapan"
    dup = run("places", "add", "Kapan", "--geonames-id", "174875", "--data", data_copy)
    assert dup.returncode == 1 and "already" in dup.stderr


def test_places_add_follows_the_files_own_columns(data_copy):
    """A places.csv written before the `parent` column (or in another order) stays aligned."""
    places = pd.read_csv(data_copy / "places.csv", dtype=str, keep_default_na=False)
    older = places.drop(columns="parent")[
        ["name", *[c for c in places if c not in ("name", "parent")]]
    ]
    older.to_csv(data_copy / "places.csv", index=False)
    added = run("places", "add", "Kapan", "--geonames-id", "174875", "--data", data_copy)
    assert added.returncode == 0, added.stderr
    row = pd.read_csv(data_copy / "places.csv").iloc[-1]
    assert (row["name"], row["id"], row["country"], row["geonames_id"]) == (
        "Kapan",
        "kapan",
        "AM",
        174875,
    )
    assert load_dataset(data_copy).report.errors == []


def test_places_add_ignores_accents(data_copy):
    added = run("places", "add", "Sisian", "--data", data_copy)
    assert added.returncode == 0, added.stderr
    assert "GeoNames 174763" in added.stdout


class FakeNominatim(http.server.BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlparse(self.path).query)
        FakeNominatim.requests.append(
            {
                "path": urlparse(self.path).path,
                "query": query,
                "agent": self.headers.get("User-Agent", ""),
            }
        )
        body = [
            {
                "place_id": 1,
                "osm_type": "node",
                "osm_id": 123,
                "lat": "39.3464",
                "lon": "46.0517",
                "name": "Tegh",
                "display_name": "Tegh, Syunik Province, Armenia",
                "addresstype": "village",
                "address": {"village": "Tegh", "country_code": "am"},
            }
        ]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNominatim.requests = []
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_places_add_online_uses_geopy_against_the_geocoder(data_copy, nominatim):
    added = run(
        "places",
        "add",
        "Tegh",
        "--online",
        "--geocoder",
        nominatim,
        "--scheme",
        "http",
        "--data",
        data_copy,
    )
    assert added.returncode == 0, added.stderr
    (request,) = FakeNominatim.requests
    assert request["path"] == "/search" and request["query"]["q"] == ["Tegh"]
    assert "situation-dashboard" in request["agent"]
    row = pd.read_csv(data_copy / "places.csv").iloc[-1]
    assert (row["id"], row["lat"], row["lon"], row["country"], row["kind"]) == (
        "tegh",
        39.3464,
        46.0517,
        "AM",
        "village",
    )
    assert "OpenStreetMap node 123" in row["source"]


def test_places_add_online_says_clearly_when_offline(data_copy):
    result = run(
        "places",
        "add",
        "Tegh",
        "--online",
        "--geocoder",
        "127.0.0.1:9",
        "--scheme",
        "http",
        "--data",
        data_copy,
    )
    assert result.returncode == 1
    assert "did not answer" in result.stderr and "leave out --online" in result.stderr


def test_long_commands_stay_quiet_when_piped(tmp_path):
    result = run("build", ROOT / "data", "--out", tmp_path / "out", "--store", tmp_path / "s")
    assert result.returncode == 0
    assert "Reading articles" not in result.stderr and "━" not in result.stderr


def test_fixture_article_is_untouched_by_add(data_copy):
    original = (FIXTURES / "articles" / "front_matter.txt").read_bytes()
    result = run(
        "add-article",
        FIXTURES / "articles" / "front_matter.txt",
        "--date",
        "2023-09-30",
        "--id",
        "fm",
        "--data",
        data_copy,
    )
    assert result.returncode == 0, result.stderr
    assert (data_copy / "articles" / "fm.txt").read_bytes() == original


def test_add_article_registers_the_language_of_a_french_article(data_copy, tmp_path):
    source = tmp_path / "depeche.txt"
    source.write_text(
        "Plus de 84 700 réfugiés sont arrivés en Arménie depuis dimanche, selon le gouvernement."
        " Les autorités ont enregistré la plupart des personnes déplacées dans les centres.\n",
        encoding="utf-8",
    )
    result = run("add-article", source, "--date", "2023-09-30", "--id", "fr-1", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    registry = pd.read_csv(data_copy / "articles.csv", keep_default_na=False)
    assert registry.set_index("id").loc["fr-1", "language"] == "fr"
    figures = load_dataset(data_copy).figures
    mine = figures[figures["source"] == "fr-1"]
    assert (mine["indicator"] == "displaced").any() and 84700 in set(mine["value"])


def _leftovers(folder) -> list[str]:
    """Temporary files anywhere in the folder (a failed write must leave none)."""
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_add_article_with_a_failing_registry_write_left_an_article_without_a_row(
    data_copy, tmp_path
):
    """The registry cannot be written (here it is a folder, as a full disk or a kill would stop
    it): the article is not left behind, no temporary file either, and a re-run works."""
    source = FIXTURES / "hostile" / "add_article" / "interrupted.txt"
    registry = data_copy / "articles.csv"
    saved = registry.read_bytes()
    registry.unlink()
    registry.mkdir()
    articles = sorted(p.name for p in (data_copy / "articles").iterdir())
    failed = run("add-article", source, "--date", "2023-09-30", "--id", "half", "--data", data_copy)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert sorted(p.name for p in (data_copy / "articles").iterdir()) == articles
    assert _leftovers(data_copy) == []
    registry.rmdir()
    registry.write_bytes(saved)
    again = run("add-article", source, "--date", "2023-09-30", "--id", "half", "--data", data_copy)
    assert again.returncode == 0, again.stderr
    assert pd.read_csv(registry, keep_default_na=False).iloc[-1]["id"] == "half"


def test_add_article_killed_between_article_and_row_refused_the_rerun(data_copy):
    """A run killed after the article's rename and before the registry's leaves the article
    alone; running the same command again completes it instead of saying 'exists already'."""
    source = FIXTURES / "hostile" / "add_article" / "interrupted.txt"
    (data_copy / "articles" / "half.txt").write_bytes(source.read_bytes())
    again = run("add-article", source, "--date", "2023-09-30", "--id", "half", "--data", data_copy)
    assert again.returncode == 0, again.stderr
    rows = pd.read_csv(data_copy / "articles.csv", keep_default_na=False)
    assert rows["id"].tolist().count("half") == 1
    assert load_dataset(data_copy).report.problems == []
    other = FIXTURES / "articles" / "front_matter.txt"
    (data_copy / "articles" / "other.txt").write_bytes(b"someone else's article\n")
    refused = run(
        "add-article", other, "--date", "2023-09-30", "--id", "other", "--data", data_copy
    )
    assert refused.returncode == 1 and "exists already" in refused.stderr
