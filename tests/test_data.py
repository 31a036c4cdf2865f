"""The bundled data: valid, complete, and its coordinates really from GeoNames."""

from __future__ import annotations

import csv
import json

import pytest

from loaders.commands.geonames import by_id
from loaders.facts.dataset import load_dataset
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def test_bundled_data_has_no_problems(dataset):
    assert dataset.report.lines() == []


def test_seed_articles_are_the_shared_seeds_unchanged():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/ is not beside this checkout")
    ours = sorted(p.read_bytes() for p in (DATA / "articles").glob("*.txt"))
    assert ours == sorted(p.read_bytes() for p in seeds.glob("*.txt"))


def test_required_places_are_in_the_gazetteer(dataset):
    gaz = dataset.gazetteer
    for name in (
        "Stepanakert Khankendi Kornidzor Goris Lachin Berdzor Shusha Shushi Askeran Yerevan Baku"
    ).split() + ["Nagorno-Karabakh", "Armenia", "Azerbaijan", "Lachin Corridor"]:
        assert gaz.lookup(name) is not None, name


def test_coordinates_come_from_geonames():
    with (DATA / "places.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["geonames_id"]]
    assert rows
    for row in rows:
        record = by_id(int(row["geonames_id"]))
        assert record is not None, row["id"]
        if row["lat"]:
            assert (float(row["lat"]), float(row["lon"])) == (record.lat, record.lon), row["id"]
        assert row["geonames_id"] in row["source"]


def test_corridor_vertices_are_gazetteer_points(dataset):
    (route,) = json.loads((DATA / "routes.geojson").read_text(encoding="utf-8"))["features"]
    props = route["properties"]
    assert props["schematic"] is True and props["source"]
    places = dataset.places.set_index("id")
    expected = [[places.loc[p, "lon"], places.loc[p, "lat"]] for p in props["via"]]
    assert route["geometry"]["coordinates"] == expected


def test_events_cite_articles_and_the_seed_dates(dataset):
    """Every event cites a registered article or the URL of a page the figure tables cite."""
    events = dataset.events
    assert {"2023-09-20", "2023-09-21", "2023-09-22"} <= {str(d) for d in events["date"]}
    cited = {a.id for a in dataset.articles} | set(dataset.figures["source_url"].dropna())
    assert set(events["source"]) <= cited


def test_every_curated_figure_has_a_source(dataset):
    curated = dataset.figures[dataset.figures["method"] == "curated"]
    assert curated["source_url"].str.match(r"https?://").all()
