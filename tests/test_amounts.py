"""An amount reads the same wherever it is shown: the hedge's prefix, the number (short on cards,
every digit beside other claims) and the unit as its kind is written (loaders/model/amounts.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.headlines import headline
from dashboard.timeline.charts import _title
from loaders.facts.estimates import Estimate
from loaders.model.amounts import hedged, number_text
from loaders.model.vocabulary import VOCABULARY


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((800, None, "more_than", "people"), "> 800"),
        ((120_000, None, "up_to", "people"), "up to 120,000"),
        ((5000, None, "about", "items"), "~5,000"),
        ((50, 1000, "about", "people"), "50-1,000"),  # a range carries no hedge
        ((120, None, "exact", "buildings"), "120"),  # a count is bare: not 'buildings 120'
        ((30, None, "exact", "vehicles"), "30"),
        ((40, None, "exact", "tonnes"), "40 t"),
        ((99_500_000, None, "almost", "USD"), "almost USD 99.5 million"),
        ((12, None, "exact", "widgets"), "12 widgets"),  # not in the vocabulary: not money
        ((11.5, float("nan"), "exact", ""), "11.5"),
    ],
)
def test_an_amount_is_written_by_its_units_kind(args, text):
    assert hedged(*args) == text


def test_every_unit_of_the_vocabulary_is_written_by_its_declared_kind():
    for unit, info in VOCABULARY.units.items():
        written = hedged(7, None, "exact", unit)
        assert written == ("7" if info.kind == "count" else f"7 {info.symbol}"), unit
    for code in VOCABULARY.currencies:
        assert hedged(7, None, "exact", code) == f"{code} 7"


def test_claims_beside_each_other_keep_every_digit():
    assert number_text(1_234_567) == "1.23 million"
    assert number_text(1_234_567, short=False) == "1,234,567"
    assert number_text(float("nan")) == "n/a"


def _estimate(unit: str) -> Estimate:
    return Estimate(
        key="aid|vehicles",
        indicator="aid",
        subtype="vehicles",
        value=70,
        value_max=None,
        qualifier="exact",
        unit=unit,
        as_of=dt.date(2023, 9, 30),
        place=None,
        by="donor",
    )


def test_only_money_names_its_unit_on_a_card_and_a_chart():
    trucks = headline(_estimate("vehicles"), {})
    assert (trucks.label, trucks.value_text) == ("Aid: vehicles", "70")
    kits = headline(_estimate("items"), {})  # a count the old card took for a currency
    assert (kits.label, kits.value_text) == ("Aid: vehicles", "70")
    money = headline(_estimate("EUR"), {})
    assert money.label == "Aid: vehicles (EUR)"
    assert _title("aid", "funding", "EUR").endswith("(EUR)")
    assert "(" not in _title("buildings", "damaged", "buildings")
