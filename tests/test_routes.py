"""Routes as the map draws them: every geometry GeoJSON allows for lines (LineString,
MultiLineString, a GeometryCollection of them) drawn, anything else reported; counts and sizes
of routes, events and places bounded with a problem line, the map and the timeline bounded at
the bound; a route across the antimeridian drawn the short way."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.map.geo import map_figure, route_length_km
from dashboard.timeline.charts import timeline_figure
from dashboard.timeline.event_marks import MAX_EVENT_LINES, MAX_STRIP_ROWS
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read.events import MAX_EVENTS, read_events
from loaders.read.gazetteer import MAX_PLACES, Gazetteer, read_places
from loaders.read.routes import (
    MAX_ROUTES,
    MAX_TOTAL_ROUTE_POINTS,
    lines_of,
    read_routes,
)
from tests.conftest import DATA, FIXTURES

ROUTES = FIXTURES / "hostile" / "routes"


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def _read(path: Path) -> tuple[list[dict], Report]:
    report = Report()
    return read_routes(path, report, Gazetteer()), report


def _drawn(data, routes: list[dict]) -> go.Figure:
    """The offline map with these routes, checked against plotly's full schema."""
    fig = map_figure(data.places, data.facts, routes, data.boundaries)
    return go.Figure(fig.to_dict())


def test_a_map_given_its_routes_lengths_is_the_map_that_works_them_out(data):
    """The app hands the map each route's length worked out once per data load (a geodesic per
    point of every line was a sixth of each new period's map): the same map, hovers included."""
    routes = data.routes
    lengths = [route_length_km(r) for r in routes]
    assert routes and all(length > 0 for length in lengths)
    worked_out = map_figure(data.places, data.facts, routes, data.boundaries)
    given = map_figure(data.places, data.facts, routes, data.boundaries, lengths=lengths)
    assert given.to_dict() == worked_out.to_dict()
    assert any(f"{lengths[0]:.0f} km" in str(t.get("hovertext")) for t in given.to_dict()["data"])


@pytest.mark.parametrize("name", ["multilinestring.geojson", "geometry_collection.geojson"])
def test_multilinestring_route_passed_validate_and_crashed_the_map(data, name):
    routes, report = _read(ROUTES / name)
    assert report.problems == []
    (route,) = routes
    assert [len(line) for line in lines_of(route["geometry"])] == [2, 2]
    fig = _drawn(data, routes)
    (line,) = [t for t in fig.data if t.mode == "lines" and t.name.startswith(("Split", "Coll"))]
    assert list(line.x) == [46.75, 46.55, None, 46.5, 46.34]  # two pieces, not joined
    assert round(route_length_km(route)) > 0
    online = map_figure(data.places, data.facts, routes, data.boundaries, online=True)
    assert None in online.data[0].lon


def test_a_point_or_a_polygon_in_a_collection_is_reported_not_drawn():
    routes, report = _read(ROUTES / "not_a_line.geojson")
    assert routes == []
    messages = [p.message for p in report.problems]
    assert len(messages) == 2
    assert "this one is a Point" in messages[0]
    assert "GeometryCollection holding something else than lines" in messages[1]


def test_route_across_the_antimeridian_was_drawn_the_long_way_round(data):
    (route,), report = _read(ROUTES / "antimeridian.geojson")
    assert report.problems == []
    (line,) = lines_of(route["geometry"])
    steps = [abs(b[0] - a[0]) for a, b in zip(line, line[1:], strict=False)]
    assert max(steps) < 5  # 179.5 -> 180.5, not 179.5 -> -179.5 across the whole map
    assert route_length_km(route) < 500
    fig = _drawn(data, [route])
    x0, x1 = fig.layout.xaxis.range
    assert x0 > 0 and x1 < 200  # framed from the Caucasus east to the strait, not the world


def _synthetic_routes(path: Path, count: int, points: int) -> None:
    """Synthetic routes (test data): `count` features of `points` points each."""
    features = [
        {
            "type": "Feature",
            "properties": {"id": f"synthetic_{n}", "name": f"Synthetic {n}", "source": "test"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[40 + i * 1e-4, 39 + n * 1e-3] for i in range(points)],
            },
        }
        for n in range(count)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_a_hundred_thousand_routes_validated_clean_and_took_the_map_409_s(tmp_path, data):
    path = tmp_path / "routes.geojson"
    _synthetic_routes(path, MAX_ROUTES * 3, 400)
    routes, report = _read(path)
    kinds = [p.type for p in report.problems]
    assert kinds == ["too-many-routes", "too-many-points"]
    assert len(routes) == MAX_ROUTES
    total = sum(len(line) for r in routes for line in lines_of(r["geometry"]))
    assert total <= MAX_TOTAL_ROUTE_POINTS
    fig = map_figure(data.places, data.facts, routes, data.boundaries)
    drawn = sum(len(t.x) for t in fig.data if t.x is not None)
    assert drawn < 4 * MAX_TOTAL_ROUTE_POINTS + 10_000


def test_five_thousand_events_made_the_timeline_9159_px_tall(data, tmp_path):
    """5,000 synthetic events (test data) on three days: the reader keeps MAX_EVENTS with a
    problem line, and even all 5,000 make a chart of bounded height and shapes."""
    path = tmp_path / "events.csv"
    rows = [
        f"2023-09-{24 + n % 3},Synthetic event {n},,https://example.org/{n},synthetic"
        for n in range(5_000)
    ]
    path.write_text("date,title,place,source,note\n" + "\n".join(rows) + "\n")
    report = Report()
    events = read_events(path, report, Gazetteer(), set())
    assert len(events) == MAX_EVENTS
    assert [p.type for p in report.problems] == ["too-many-rows"]
    plain = timeline_figure(data.facts, data.events.iloc[0:0], "displaced")
    crowded = timeline_figure(data.facts, pd_concat(events, 10), "displaced")
    assert crowded.layout.height <= plain.layout.height + 34 + 16 * MAX_STRIP_ROWS
    assert len(crowded.layout.shapes) <= MAX_EVENT_LINES


def pd_concat(events, times: int):
    import pandas as pd

    return pd.concat([events] * times, ignore_index=True)


def test_places_csv_with_too_many_rows_is_bounded(tmp_path):
    path = tmp_path / "places.csv"
    rows = [f"p{n},Synthetic place {n},,town,40,45,AM,,,test" for n in range(MAX_PLACES + 5)]
    path.write_text(
        "id,name,aliases,kind,lat,lon,country,parent,geonames_id,source\n" + "\n".join(rows)
    )
    report = Report()
    gazetteer = read_places(path, report)
    assert len(gazetteer.places) == MAX_PLACES
    assert [p.type for p in report.problems] == ["too-many-rows"]
