"""The map: drawn from shipped data only; framing, outlines, headlines, labels, routes, arrows."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.geo import display_name, distance_km, map_figure, route_length_km, screen_points
from dashboard.outlines import clip_ring, matching_areas
from dashboard.place_figures import headlines, latest_per_place
from dashboard.placement import Point, label_box, overlaps, place_labels
from loaders.facts.consolidate import latest_by_place
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read.boundaries import read_areas
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def fig(data):
    return map_figure(data.places, data.facts, data.routes, data.boundaries)


def test_contested_places_show_both_names():
    assert display_name("Stepanakert", "Khankendi|Xankendi") == "Stepanakert / Khankendi"
    assert display_name("Lachin", "Berdzor|Laçın") == "Lachin / Berdzor"
    assert display_name("Armenia", "Republic of Armenia") == "Armenia"
    assert display_name("Yerevan", "Erevan") == "Yerevan"


def test_map_is_framed_on_the_places_with_figures(data, fig):
    lon0, lon1 = fig.layout.xaxis.range
    lat0, lat1 = fig.layout.yaxis.range
    # Stepanakert, the region and the corridor are in view; the capitals far off are not.
    for place in ("stepanakert", "goris", "kornidzor", "nagorno_karabakh"):
        row = data.places.set_index("id").loc[place]
        assert lon0 < row["lon"] < lon1 and lat0 < row["lat"] < lat1
    baku = data.places.set_index("id").loc["baku"]
    assert baku["lon"] > lon1
    (route,) = data.routes
    # The corridor spans a tenth of the view or more (it was a few pixels from Yerevan to Baku).
    assert route_length_km(route) / 111 / (lon1 - lon0) > 0.1


def test_region_outline_is_chosen_by_name_from_the_boundaries_folder(data, fig):
    areas = matching_areas(data.places, data.boundaries)
    assert areas["nagorno_karabakh"].kind == "area"
    assert "Artsakh" in areas["nagorno_karabakh"].aliases
    names = [t.name for t in fig.data]
    assert "Nagorno-Karabakh (outline)" in names
    assert "Armenia" in names and "Azerbaijan" in names  # Natural Earth countries


def test_only_outlines_near_the_view_reach_the_browser(fig):
    names = {t.name for t in fig.data}
    assert not names & {"United States of America", "France", "Kazakhstan", "Ukraine"}
    lon0, lon1 = fig.layout.xaxis.range
    xs = [x for t in fig.data if t.mode == "lines" for x in t.x if x is not None]
    assert min(xs) > lon0 - 5 * (lon1 - lon0) and max(xs) < lon1 + 5 * (lon1 - lon0)
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 80_000


def test_clipping_keeps_the_part_inside():
    square = ((0, 0), (4, 0), (4, 4), (0, 4))
    kept = clip_ring(square, (2, 2, 10, 10))
    assert sorted(kept) == [(2, 2), (2, 4), (4, 2), (4, 4)]
    assert clip_ring(square, (5, 5, 6, 6)) == []


def test_places_show_their_headline_value_and_size(data, fig):
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "115,183 fled so far" in texts  # Armenia's latest count
    assert "Stepanakert / Khankendi" in texts
    (with_figures,) = [t for t in fig.data if (t.name or "").startswith("places with figures")]
    sizes = dict(zip(with_figures.hovertext, with_figures.marker.size, strict=True))
    armenia = next(s for h, s in sizes.items() if h.startswith("<b>Armenia"))
    assert armenia == max(sizes.values())
    heads = headlines(latest_by_place(data.facts))
    assert heads["armenia"].indicator == "displaced" and "2024" in heads["armenia"].text


def test_every_place_in_view_is_hoverable_and_routes_do_not_steal_it(fig):
    hovered = [h for t in fig.data if t.hoverinfo == "text" for h in t.hovertext]
    for name in ("Stepanakert", "Kornidzor", "Goris", "Lachin", "Shusha", "Nagorno-Karabakh"):
        assert any(h.startswith(f"<b>{name}") for h in hovered), name
    (line,) = [t for t in fig.data if t.name.startswith("Lachin Corridor") and t.mode == "lines"]
    assert line.hoverinfo == "skip"
    (legs,) = [t for t in fig.data if t.name.startswith("Lachin Corridor") and t.mode == "markers"]
    stops = set(zip(line.x, line.y, strict=True))
    assert not stops & set(zip(legs.x, legs.y, strict=True))  # hover points between places


def test_arrow_towards_the_destination_where_figures_say_people_fled(data, fig):
    (route,) = data.routes
    end = route["geometry"]["coordinates"][-1]
    arrows = [a for a in fig.layout.annotations if a.axref == "x" and a.arrowhead]
    assert [(a.x, a.y) for a in arrows] == [tuple(end)]
    assert any(t.name == "Lachin Corridor (schematic) → Armenia" for t in fig.data)
    no_movement = data.facts[data.facts["indicator"] != "displaced"]
    quiet = map_figure(data.places, no_movement, data.routes, data.boundaries)
    assert not [a for a in quiet.layout.annotations if a.axref == "x" and a.arrowhead]


def test_labels_never_overlap_on_phone_tablet_or_desktop(data, fig):
    labels = [a for a in fig.layout.annotations if a.text]
    pts = pd.DataFrame({"lon": [a.x for a in labels], "lat": [a.y for a in labels]})
    lines = [tuple(a.text.replace("<b>", "").replace("</b>", "").split("<br>")) for a in labels]
    extent = (fig.layout.xaxis.range[0], fig.layout.yaxis.range[0]) + (
        fig.layout.xaxis.range[1],
        fig.layout.yaxis.range[1],
    )
    sizes = [2 * a.standoff for a in labels]
    for points, width, height in screen_points(pts, sizes, lines, extent):
        boxes = [label_box(p, (a.ax, a.ay)) for p, a in zip(points, labels, strict=True)]
        for i, box in enumerate(boxes):
            assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
            assert not any(overlaps(box, other) for other in boxes[:i]), lines[i]


def test_placement_moves_a_label_away_from_a_neighbour():
    a = Point(100, 100, 6, ("Alpha town",))
    b = Point(100, 80, 6, ("Beta",))  # right above Alpha: Alpha's label cannot go there
    (first, second) = place_labels([([a, b], 400, 300)])
    assert first is not None and second is not None
    assert not overlaps(label_box(a, first), label_box(b, second))
    assert not overlaps(label_box(a, first), (94, 74, 106, 86))
    crowded = [Point(10, 10, 6, ("A label far too long for this plot",))]
    assert place_labels([(crowded, 50, 50)]) == [None]  # left out, never overlapping


def test_areas_are_read_from_geojson_and_bad_files_reported(tmp_path):
    (tmp_path / "good.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Test Area", "aliases": ["Other Name"]},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
                        },
                    }
                ],
            }
        )
    )
    (tmp_path / "broken.geojson").write_text("{not json")
    report = Report()
    (area,) = read_areas(tmp_path, report)
    assert area.name == "Test Area" and area.aliases == ("Other Name",) and area.kind == "area"
    assert [p.type for p in report.problems] == ["invalid-geojson"]


def test_map_passes_plotly_full_validation(fig):
    checked = go.Figure(fig.to_dict())
    assert len(checked.data) == len(fig.data)


def test_online_map_is_a_maplibre_map(data):
    fig = map_figure(data.places, data.facts, data.routes, data.boundaries, online=True)
    assert fig.layout.map.style == "open-street-map"


def test_corridor_length_and_distances(data):
    (route,) = data.routes
    assert 50 < route_length_km(route) < 56
    assert 45 < distance_km(data.places, "stepanakert", "goris") < 53
    assert distance_km(data.places, "stepanakert", "lachin_corridor") is None


@pytest.mark.parametrize("prepare", [False, True], ids=["as loaded", "prepared for the app"])
def test_latest_per_place_is_the_latest_fact_of_each_series(data, prepare):
    from loaders.facts.selection import prepared

    facts = prepared(data.facts) if prepare else data.facts
    fast = latest_per_place(facts)
    assert sorted(fast["id"]) == sorted(latest_by_place(facts)["id"])
    armenia = fast[(fast["place"] == "armenia") & (fast["subtype"].isna())]
    assert 115_183 in set(armenia["value"])  # 2024-02-01, the latest count


def test_empty_data_draws_an_empty_map(data):
    """No places and no facts (a data folder that failed to load): a map, not an error."""
    fig = map_figure(data.places.iloc[0:0], data.facts.iloc[0:0], [], [])
    assert len(fig.data) == 0 and fig.layout.xaxis.range is not None
