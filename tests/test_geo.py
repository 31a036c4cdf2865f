"""The map: drawn from shipped data only; framing, outlines, headlines, labels, routes, arrows."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.map.geo import (
    areas_touch,
    display_name,
    distance_choices,
    distance_km,
    map_figure,
    marker_sizes,
    route_length_km,
    screen_points,
)
from dashboard.map.outlines import across_dateline, clip_ring, matching_areas, outline_traces
from dashboard.map.place_figures import PlaceHeadline, headlines, place_hovers
from dashboard.map.placement import Marker, label_box, overlaps, place_labels
from loaders.facts.consolidate import latest_by_place
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read.boundaries import Boundary, read_areas
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
    assert "<b>Nagorno-Karabakh</b>" in texts and "<b>Goris</b>" in texts
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
    a = Marker(100, 100, 6, ("Alpha town",))
    b = Marker(100, 80, 6, ("Beta",))  # right above Alpha: Alpha's label cannot go there
    (first, second) = place_labels([([a, b], 400, 300)])
    assert first is not None and second is not None
    assert not overlaps(label_box(a, first), label_box(b, second))
    assert not overlaps(label_box(a, first), (94, 74, 106, 86))
    crowded = [Marker(10, 10, 6, ("A label far too long for this plot",))]
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
def test_the_map_takes_the_latest_fact_of_each_series_as_loaded_or_prepared(data, prepare):
    from loaders.facts.selection import prepared

    facts = prepared(data.facts) if prepare else data.facts
    latest = latest_by_place(facts)
    assert list(latest["id"]) == list(latest_by_place(data.facts)["id"])
    armenia = latest[(latest["place"] == "armenia") & (latest["subtype"].isna())]
    assert 115_183 in set(armenia["value"])  # 2024-02-01, the latest count


def test_empty_data_draws_an_empty_map(data):
    """No places and no facts (a data folder that failed to load): a map, not an error."""
    fig = map_figure(data.places.iloc[0:0], data.facts.iloc[0:0], [], [])
    assert len(fig.data) == 0 and fig.layout.xaxis.range is not None


# --- Any situation: admin-1 regions, flows, a receiving country, names, borders --------------


def _facts(rows: list[dict]) -> pd.DataFrame:
    """Synthetic facts (test data): displaced people with origin and destination."""
    base = {"indicator": "displaced", "subtype": None, "unit": "people", "qualifier": "exact",
            "note": "", "sources": "Test", "source_ids": "t", "urls": "", "n_sources": 1,
            "origin": "", "destination": "", "modality": "reported"}  # fmt: skip
    out = pd.DataFrame([{**base, "id": f"f{i}", **row} for i, row in enumerate(rows)])
    out["as_of"] = pd.to_datetime(out["as_of"])
    columns = load_dataset(DATA).facts.columns
    return out.reindex(columns=[*columns, *(c for c in out.columns if c not in columns)])


@pytest.fixture(scope="module")
def sudan():
    """A situation with no place added by hand: Sudan, Chad and Adré from the world gazetteer."""
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    gazetteer = Gazetteer()
    attach(gazetteer, World.open(), ["War in Sudan; refugees in Chad."])
    for name in ("Adré", "West Darfur", "Khartoum"):
        gazetteer.lookup(name)
    gazetteer.lookup("Western Darfur")
    from loaders.facts.places_table import places_frame, region_outlines

    boundaries = load_dataset(DATA).boundaries
    countries = [b for b in boundaries if b.kind == "country"]
    return places_frame(gazetteer), countries + region_outlines(gazetteer)


def test_a_receiving_country_and_both_ends_of_a_flow_are_in_the_frame(sudan):
    places, boundaries = sudan
    facts = _facts(
        [
            {"place": "td", "value": 600_000, "as_of": "2024-01-10", "origin": "sd",
             "destination": "td"},
            {"place": "gn245669", "value": 100_000, "as_of": "2024-01-09", "origin": "sd_dw",
             "destination": "gn245669"},
            {"place": "gn379252", "value": 3_000, "as_of": "2024-01-08"},
        ]
    )  # fmt: skip
    fig = map_figure(places, facts, [], boundaries)
    lon0, lon1 = fig.layout.xaxis.range
    lat0, lat1 = fig.layout.yaxis.range
    table = places.set_index("id")
    for place in ("td", "sd", "gn245669", "gn379252", "sd_dw"):
        assert lon0 < table.at[place, "lon"] < lon1 and lat0 < table.at[place, "lat"] < lat1
    arrows = {a.hovertext: a for a in fig.layout.annotations if a.hovertext}
    wide = next(a for h, a in arrows.items() if h.startswith("600,000 people from Sudan to Chad"))
    narrow = next(a for h, a in arrows.items() if h.startswith("100,000 people from Western"))
    assert (wide.ax, wide.ay) == (table.at["sd", "lon"], table.at["sd", "lat"])
    assert (wide.x, wide.y) == (table.at["td", "lon"], table.at["td", "lat"])
    assert wide.arrowwidth > narrow.arrowwidth > 0


def test_a_days_arrivals_is_not_drawn_as_the_size_of_a_flow(sudan):
    """Ukraine 2022: Poland's arrow was one day's 42,000 arrivals, thinner than Germany's
    253,157 so far, while 3.09 million had fled to Poland."""
    places, boundaries = sudan
    facts = _facts(
        [
            {"place": "td", "value": 600_000, "as_of": "2024-01-10", "origin": "sd",
             "destination": "td"},
            {"place": "td", "value": 42_000, "as_of": "2024-01-12", "origin": "sd",
             "destination": "td", "subtype": "daily"},
            {"place": "td", "value": 9_000, "as_of": "2024-01-12", "origin": "sd",
             "destination": "td", "subtype": "registered"},
        ]
    )  # fmt: skip
    fig = map_figure(places, facts, [], boundaries)
    arrows = [a.hovertext for a in fig.layout.annotations if a.hovertext]
    assert [h.split(" (")[0] for h in arrows] == ["600,000 people from Sudan to Chad"]


def test_an_admin1_region_with_figures_is_outlined_and_shaded(sudan):
    places, boundaries = sudan
    facts = _facts([{"place": "sd_dw", "value": 50_000, "as_of": "2024-01-10"}])
    fig = map_figure(places, facts, [], boundaries)
    (outline,) = [t for t in fig.data if t.name == "Western Darfur (outline)"]
    assert outline.fill == "toself" and len(outline.x) > 20
    quiet = map_figure(places, _facts([{"place": "gn245669", "value": 5, "as_of": "2024-01-10"}]),
                       [], boundaries)  # fmt: skip
    assert not [t for t in quiet.data if t.name == "Western Darfur (outline)"]


def test_nagorno_karabakh_a_region_is_not_drawn_as_the_breakaway_area_the_legend_names(fig):
    """Defect (nagorno-karabakh-2023, bundled data): Armenia's provinces with figures were
    outlined with the same purple dashes as 'Nagorno-Karabakh (outline)', the legend's only
    dashed entry, so Armenia read as part of the breakaway area. A region is shaded under a thin
    solid line, with one legend entry of its own."""
    outlines = {t.name: t for t in fig.data if t.name and t.name.endswith(" (outline)")}
    area = outlines.pop("Nagorno-Karabakh (outline)")
    assert area.line.dash == "dash" and area.showlegend
    assert "Syunik Province (outline)" in outlines
    assert all(t.line.dash != "dash" and not t.showlegend for t in outlines.values())
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert "regions with figures (shaded)" in legend


def test_country_names_are_written_clear_of_every_other_label(sudan):
    places, boundaries = sudan
    facts = _facts([{"place": "gn245669", "value": 100_000, "as_of": "2024-01-09"},
                    {"place": "gn379252", "value": 3_000, "as_of": "2024-01-08"}])  # fmt: skip
    fig = map_figure(places, facts, [], boundaries)
    texts = [a.text for a in fig.layout.annotations]
    assert "Sudan" in texts and "Chad" in texts
    test_labels_never_overlap_on_phone_tablet_or_desktop(None, fig)


def test_distance_to_a_country_is_to_its_border(data):
    to_border = distance_km(data.places, "goris", "azerbaijan", data.boundaries)
    to_centre = distance_km(data.places, "goris", "azerbaijan")
    assert to_border < 25 < to_centre  # Goris is a few km from the border, ~90 from the centre
    assert distance_km(data.places, "yerevan", "armenia", data.boundaries) == 0


def test_situation_countries_a_toll_elsewhere_labels_no_place():
    """Defect: in a situation declared in Lebanon, Gaza's toll placed in Israel labelled Israel
    on the map as a headline; people who fled to Syria still label Syria (synthetic facts)."""
    latest = pd.DataFrame(
        {
            "place": ["lb", "il", "sy"],
            "indicator": ["casualties", "casualties", "displaced"],
            "subtype": ["killed", "killed", None],
            "value": [560.0, 41_400.0, 30_000.0],
            "value_max": [None, None, None],
            "qualifier": ["exact"] * 3,
            "unit": ["people"] * 3,
            "as_of": ["2024-09-25"] * 3,
            "note": [""] * 3,
            "n_sources": [1] * 3,
        }
    )
    places = pd.DataFrame(
        {"id": ["lb", "il", "sy"], "parent": [None] * 3, "situation": [True, False, False]}
    )
    assert set(headlines(latest, places)) == {"lb", "sy"}
    assert set(headlines(latest)) == {"lb", "il", "sy"}
    # Its hover says why it is no label, as the GeoJSON download says it is no headline.
    pts = pd.DataFrame({"id": ["il"], "label": ["Israel"], "kind": ["country"]})
    (hover,) = place_hovers(pts, latest.assign(sources="Wire"), places)
    assert "killed (another situation's): 41,400" in hover


def test_the_distance_picker_never_pairs_a_place_with_one_inside_it(data):
    """Defect (herat-2023): the map's distance picker offered Afghanistan to Herāt, 0.0 km. A
    place is never paired with one it contains or lies in: by parent, by country code, or (a
    place with neither) by its point inside the country's outline (synthetic rows)."""
    rows = [
        ("af", "Afghanistan", "country", 34.164, 66.497, "AF", None),
        ("af_her", "Hirat", "region", 34.155, 62.484, "AF", "af"),
        ("herat", "Herāt", "city", 34.348, 62.200, "AF", "af_her"),
        ("kabul", "Kabul", "city", 34.528, 69.172, "", None),  # no country, no parent
        ("ir", "Iran", "country", 32.0, 53.0, "IR", None),
        ("mashhad", "Mashhad", "city", 36.297, 59.606, "IR", None),
    ]
    places = pd.DataFrame(rows, columns=["id", "name", "kind", "lat", "lon", "country", "parent"])
    world = data.boundaries  # the shipped country outlines
    assert distance_choices(places, "af", world) == ["ir", "mashhad"]
    assert distance_choices(places, "herat", world) == ["kabul", "ir", "mashhad"]
    assert distance_choices(places, "kabul", world) == ["af_her", "herat", "ir", "mashhad"]
    assert "herat" not in distance_choices(places, "af_her", world)


@pytest.fixture(scope="module")
def lebanon():
    """A situation declared in Lebanon (`countries: [LB]`), no place added by hand: Lebanon and
    the Beqaa from the world gazetteer."""
    from loaders.facts.places_table import places_frame, region_outlines
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    world = World.open()
    gazetteer = Gazetteer()
    attach(gazetteer, world, [], [world.get("lb")])
    assert gazetteer.lookup("Beqaa") is not None
    boundaries = [b for b in load_dataset(DATA).boundaries if b.kind == "country"]
    return places_frame(gazetteer), boundaries + region_outlines(gazetteer)


def test_a_declared_country_is_framed_whole_and_labelled_with_the_whole_toll(lebanon):
    """Defect (lebanon-2024): the map framed only the strip between Lebanon's label point and
    the Beqaa, and labelled Lebanon with 274 killed, an early toll placed in it, while the
    overview's whole toll (placed nowhere: the situation's) was 2,036 (synthetic facts)."""
    places, boundaries = lebanon
    beqaa = places.loc[places["name"] == "Beqaa", "id"].iloc[0]
    facts = _facts(
        [
            {"place": "lb", "indicator": "casualties", "subtype": "killed", "value": 274,
             "as_of": "2024-09-23"},
            {"place": None, "indicator": "casualties", "subtype": "killed", "value": 2_036,
             "as_of": "2024-10-05"},
            {"place": beqaa, "value": 27_000, "as_of": "2024-09-25"},
        ]
    )  # fmt: skip
    fig = map_figure(places, facts, [], boundaries)
    lon0, lon1 = fig.layout.xaxis.range
    lat0, lat1 = fig.layout.yaxis.range
    # Lebanon runs from about 35.1 to 36.6 E and 33.05 to 34.7 N: all of it in view.
    assert lon0 < 35.1 and lon1 > 36.6 and lat0 < 33.05 and lat1 > 34.7
    texts = [a.text for a in fig.layout.annotations if a.text]
    assert any(t.startswith("<b>Lebanon</b><br>2,036 killed") for t in texts), texts
    undeclared = places.assign(situation=False)  # no declaration: framed by its places
    fig = map_figure(undeclared, facts, [], boundaries)
    assert fig.layout.xaxis.range[0] > 35.1


def test_a_declared_archipelago_is_framed_on_the_island_where_its_places_are():
    """Defect (sulawesi-2018): framed on Indonesia's label point on Sumatra and its largest
    island, the map pushed the quake's Palu to its edge. A declared country is framed on its
    parts that hold its other places with figures, and its marker moves where it meets the
    frame (synthetic facts)."""
    from loaders.facts.places_table import places_frame, region_outlines
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    world = World.open()
    gazetteer = Gazetteer()
    attach(gazetteer, world, [], [world.get("id")])
    palu = gazetteer.lookup("Palu").id
    places = places_frame(gazetteer)
    boundaries = [b for b in load_dataset(DATA).boundaries if b.kind == "country"]
    facts = _facts(
        [
            {"place": "id", "indicator": "casualties", "subtype": "killed", "value": 1_407,
             "as_of": "2018-10-03"},
            {"place": palu, "indicator": "casualties", "subtype": "killed", "value": 1_200,
             "as_of": "2018-10-02"},
        ]
    )  # fmt: skip
    fig = map_figure(places, facts, [], boundaries + region_outlines(gazetteer))
    lon0, lon1 = fig.layout.xaxis.range
    assert 110 < lon0 < 119.9 < lon1 < 132  # Sulawesi (118.8 to 125.2 E), not Sumatra (95 E)
    texts = [a.text for a in fig.layout.annotations if a.text]
    assert any(t.startswith("<b>Indonesia</b><br>") for t in texts), texts


def test_two_places_of_one_name_are_told_apart_on_the_map(data):
    """Defect (kyrgyz-tajik-2022): the map labelled 'Batken: 13 killed' and 'Batken: 59
    killed', the town and its region, side by side. A shared name carries the place's kind, as
    on the overview (synthetic places and facts)."""
    places = pd.DataFrame(
        {"id": ["kg_b", "batken"], "name": ["Batken", "Batken"], "aliases": ["", ""],
         "kind": ["region", "city"], "lat": [39.9, 40.06], "lon": [70.6, 70.82],
         "parent": ["kg", "kg_b"]}
    )  # fmt: skip
    facts = _facts(
        [
            {"place": "kg_b", "indicator": "casualties", "subtype": "killed", "value": 59,
             "as_of": "2022-09-19"},
            {"place": "batken", "indicator": "casualties", "subtype": "killed", "value": 13,
             "as_of": "2022-09-19"},
        ]
    )  # fmt: skip
    fig = map_figure(places, facts, [], [])
    texts = " ".join(a.text for a in fig.layout.annotations if a.text)
    assert "<b>Batken (region)</b>" in texts and "<b>Batken (city)</b>" in texts


def test_kyrgyz_tajik_map_labels_each_country_with_the_question_the_overview_leads_with():
    """Defect (kyrgyz-tajik-2022): the overview led with 98 killed, but the map labelled
    Tajikistan '> 2,000 fled so far' beside Kyrgyzstan's '59 killed': each place took its first
    question in the vocabulary's order. A place answers the overview's question where it has a
    figure of it; one without it keeps its own (synthetic facts)."""
    latest = pd.DataFrame(
        {
            "place": ["tj", "tj", "kg", "gn1"],
            "indicator": ["displaced", "casualties", "casualties", "displaced"],
            "subtype": [None, "killed", "killed", None],
            "value": [2_000.0, 39.0, 59.0, 5_000.0],
            "value_max": [None] * 4,
            "qualifier": ["more_than", "exact", "exact", "exact"],
            "unit": ["people"] * 4,
            "as_of": ["2022-09-19"] * 4,
            "note": [""] * 4,
            "n_sources": [1] * 4,
        }
    )
    heads = headlines(latest, lead=("casualties", "killed"))
    assert {p: h.short for p, h in heads.items()} == {
        "tj": "39 killed",
        "kg": "59 killed",
        "gn1": "5,000 fled so far",
    }
    assert headlines(latest)["tj"].indicator == "displaced"  # no lead: the vocabulary's order


def test_kyrgyz_tajik_neighbouring_areas_share_a_border_not_a_distance_between_label_points(data):
    """Defect (kyrgyz-tajik-2022): the distance picker gave Kyrgyzstan to Tajikistan as 258 km,
    from one's label point to the other's border, for two neighbouring countries. Between two
    areas with outlines the distance is between their nearest points: 0 and 'they share a
    border' for neighbours (Armenia and Azerbaijan; Shirak and Lori), the gap otherwise (Lori
    and Syunik, which Vayots Dzor and Kotayk lie between); to a town, to the area's border."""
    places, shapes = data.places, data.boundaries
    assert distance_km(places, "armenia", "azerbaijan", shapes) == 0
    assert areas_touch(places, "armenia", "azerbaijan", shapes)
    assert areas_touch(places, "shirak_province", "lori_province", shapes)
    assert not areas_touch(places, "lori_province", "syunik_province", shapes)
    assert 100 < distance_km(places, "lori_province", "syunik_province", shapes) < 150
    assert not areas_touch(places, "goris", "azerbaijan", shapes)


def test_ecuador_markers_compare_like_with_like():
    """Defect (ecuador-2016): Esmeraldas' 3,543 people in shelters drew the largest marker,
    beside Manabí's 645 killed: sizes compared counts of different questions. Places answering
    the question most places answer are sized against each other; another's get the smallest
    (synthetic headlines)."""
    heads = {
        p: PlaceHeadline(p, i, s, v, "people", "")
        for p, i, s, v in [
            ("ec", "casualties", "killed", 659.0),
            ("ec_m", "casualties", "killed", 645.0),
            ("ec_g", "casualties", "killed", 7.0),
            ("esm", "displaced", "accommodated", 3_543.0),
        ]
    }
    pts = pd.DataFrame({"id": ["ec", "ec_m", "ec_g", "esm"]})
    ec, manabi, guayas, shelters = marker_sizes(pts, heads)
    assert ec == max(ec, manabi, guayas, shelters) and ec > manabi > guayas
    assert shelters == min(ec, manabi, guayas, shelters)


def test_an_outline_across_the_dateline_draws_no_line_across_the_world():
    """Fiji's islands are written 179.9 on one side and -180 on the other: a map of south-east
    Africa at their latitude drew a straight line along -16.5 from edge to edge."""
    fiji = (
        (179.5, -16.2),
        (180.0, -16.4),
        (-180.0, -16.4),
        (-179.8, -16.6),
        (-180.0, -16.8),
        (180.0, -16.8),
        (179.4, -16.7),
        (179.5, -16.2),
    )
    islands = Boundary(id="FJ", name="Fiji", polygons=((fiji,),))
    assert outline_traces([islands], (15.0, -30.0, 58.0, -8.0), set()) == []
    east = outline_traces([islands], (170.0, -20.0, 185.0, -10.0), set())
    west = outline_traces([islands], (-185.0, -20.0, -170.0, -10.0), set())
    for (trace,), (lo, hi) in ((east, (179.4, 180.2)), (west, (-180.6, -179.8))):
        lons = [x for x in trace["x"] if x is not None]
        assert lo <= min(lons) and max(lons) <= hi, lons


def test_a_ring_round_a_pole_is_kept_as_it_is():
    pole = ((-180.0, -89.9), (0.0, -70.0), (179.6, -84.0), (-180.0, -84.1), (-180.0, -89.9))
    assert across_dateline(pole) == [pole]
