"""The map: drawn from shipped data only; names, routes and distances."""

from __future__ import annotations

import pytest

from dashboard.geo import display_name, distance_km, map_figure, route_length_km
from loaders.facts.dataset import load_dataset
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def test_contested_places_show_both_names():
    assert display_name("Stepanakert", "Khankendi|Xankendi") == "Stepanakert / Khankendi"
    assert display_name("Lachin", "Berdzor|Laçın") == "Lachin / Berdzor"
    assert display_name("Armenia", "Republic of Armenia") == "Armenia"
    assert display_name("Yerevan", "Erevan") == "Yerevan"


def test_offline_map_has_borders_route_points_and_labels(data):
    fig = map_figure(data.places, data.facts, data.routes, data.boundaries)
    names = [t.name for t in fig.data]
    assert "Armenia" in names and "Azerbaijan" in names  # Natural Earth outlines
    assert "Lachin Corridor (schematic)" in names
    (with_figures,) = [t for t in fig.data if t.name == "places with figures"]
    assert "Stepanakert / Khankendi" in with_figures.text
    assert all(t.type == "scatter" for t in fig.data)  # no tiles, no fonts to fetch
    hover = " ".join(with_figures.hovertext)
    assert "Population: total: 50-1,000" in hover


def test_online_map_is_a_maplibre_map(data):
    fig = map_figure(data.places, data.facts, data.routes, data.boundaries, online=True)
    assert fig.layout.map.style == "open-street-map"


def test_corridor_length_and_distances(data):
    (route,) = data.routes
    assert 50 < route_length_km(route) < 56
    assert 45 < distance_km(data.places, "stepanakert", "goris") < 53
    assert distance_km(data.places, "stepanakert", "lachin_corridor") is None
