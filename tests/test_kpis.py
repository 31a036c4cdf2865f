"""KPI cards on the bundled data: the latest figure, its hedge, date, sources and change."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.filters import Filters, apply
from dashboard.kpis import kpis
from dashboard.labels import hedged
from loaders.facts.dataset import load_dataset
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def card(cards, indicator, subtype):
    (found,) = [c for c in cards if (c.indicator, c.subtype) == (indicator, subtype)]
    return found


def test_latest_population_and_the_seed_view(data):
    everything = kpis(data.facts)
    assert card(everything, "population", None).value_text == "50-1,000"
    until_23 = Filters(dt.date(2023, 9, 1), dt.date(2023, 9, 23))
    seed_card = card(kpis(apply(data.facts, until_23)), "population", None)
    assert seed_card.value_text == "up to 120,000"
    assert seed_card.as_of == "2023-09-23"


def test_two_sources_for_the_same_figure_are_counted(data):
    until_23 = Filters(dt.date(2023, 9, 23), dt.date(2023, 9, 23))
    armoured = card(kpis(apply(data.facts, until_23)), "weapons_surrendered", "armoured_vehicles")
    assert (armoured.value_text, armoured.n_sources) == ("6", 2)


def test_change_is_only_against_the_same_place_and_subject(data):
    cards = kpis(data.facts)
    small_arms = card(cards, "weapons_surrendered", "small_arms")
    assert small_arms.value_text == "> 7,000"
    assert small_arms.delta == "+2,700 since 2023-09-27"
    killed = card(cards, "casualties", "killed")
    assert killed.delta is None  # ~600 overall is not compared with 5 peacekeepers
    assert killed.note == "overall estimate for the offensive"


def test_disagreement_is_shown(data):
    day = Filters(dt.date(2023, 9, 27), dt.date(2023, 9, 27))
    daily = card(kpis(apply(data.facts, day)), "displaced", "daily")
    assert "Sources disagree" in daily.disputed_text
    assert "40,000" in daily.disputed_text or "26,600" in daily.disputed_text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((800, None, "more_than", "people"), "> 800"),
        ((120000, None, "up_to", "people"), "up to 120,000"),
        ((5000, None, "about", "items"), "~5,000"),
        ((50, 1000, "exact", "people"), "50-1,000"),
        ((100_000_000, None, "almost", "USD"), "almost USD 100 million"),
        ((57_600_000, None, "about", "items"), "~57.6 million"),
        ((70, None, "almost", "tonnes"), "almost 70 t"),
    ],
)
def test_hedged_text(args, text):
    assert hedged(*args) == text
