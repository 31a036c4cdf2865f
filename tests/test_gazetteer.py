"""The gazetteer: every alias finds its place, accents and case aside; nothing is guessed."""

from __future__ import annotations

import pytest

from loaders.model.problems import Report
from loaders.read.gazetteer import fold, read_places
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Stepanakert", "stepanakert"),
        ("Khankendi", "stepanakert"),
        ("XANKƏNDI", "stepanakert"),
        ("Berdzor", "lachin"),
        ("Laçın", "lachin"),
        ("lacin", "lachin"),
        ("Shushi", "shusha"),
        ("Nagorno Karabakh", "nagorno_karabakh"),
        ("nagorno-karabakh", "nagorno_karabakh"),
        ("Karabakh", "nagorno_karabakh"),
        ("Lachin corridor", "lachin_corridor"),
        ("Kornidzor", "kornidzor"),
    ],
)
def test_lookup_by_any_alias(gazetteer, name, place_id):
    assert gazetteer.lookup(name).id == place_id


def test_unknown_names_are_listed_not_guessed(gazetteer):
    assert gazetteer.lookup("Stepanakertt") is None
    assert "Stepanakertt" in gazetteer.unmatched
    assert gazetteer.places[gazetteer.names[gazetteer.suggest("Stepanakertt")]].id == "stepanakert"


def test_mentions_prefer_the_longest_name(gazetteer):
    text = "Trucks crossed the Lachin Corridor towards Lachin and Armenia’s border."
    found = [(m.place_id, m.text) for m in gazetteer.mentions(text)]
    assert found == [
        ("lachin_corridor", "Lachin Corridor"),
        ("lachin", "Lachin"),
        ("armenia", "Armenia"),
    ]


def test_mentions_do_not_match_inside_words(gazetteer):
    assert gazetteer.mentions("ethnic Armenians and Azerbaijani forces") == []


def test_fold_keeps_offsets():
    text = "Xankəndi – Şuşa"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("fixture", "line", "field", "type_", "loaded"),
    [
        ("latitude_out_of_range", 3, "lat", "out-of-range", ["goris"]),
        ("longitude_out_of_range", 3, "lon", "out-of-range", ["goris"]),
        ("one_alias_naming_two_places", 3, "aliases", "ambiguous-alias", ["shusha", "lachin"]),
        ("unknown_kind", 2, "kind", "unknown-value", ["kapan"]),
    ],
)
def test_gazetteer_defects(fixture, line, field, type_, loaded):
    report = Report()
    gaz = read_places(FIXTURES / "places" / f"{fixture}.csv", report)
    assert [(p.line, p.field, p.type) for p in report.problems] == [(line, field, type_)]
    assert list(gaz.places) == loaded  # the good rows still load
    if fixture == "one_alias_naming_two_places":
        assert gaz.lookup("Shushi").id == "shusha"  # the first owner keeps the name
