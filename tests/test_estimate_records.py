"""The overview's records and their order on screen (loaders/publish/estimate_records.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from loaders.facts.estimates import Estimate
from loaders.publish.estimate_records import in_screen_order

DAY = dt.date(2024, 6, 21)


def _estimate(indicator: str, subtype: str | None, value: float, scope: str = "") -> Estimate:
    """A synthetic estimate of `indicator`, about a part when `scope` is given."""
    e = Estimate(
        f"{indicator}/{subtype}", indicator, subtype, "people", value, None, "exact", DAY, None
    )
    return replace(e, scope=scope)


def test_a_population_known_only_for_a_city_comes_after_what_befell_people():
    """Niger's floods 2024: the overview led with 'Population: 2,000,000 in Niamey (city)',
    above the 21 killed; a place's description known for a part of it is context, last."""
    niamey = _estimate("population", None, 2_000_000, scope="in Niamey (city)")
    killed = _estimate("casualties", "killed", 21)
    blast = _estimate("casualties", "killed", 7, scope="fuel depot explosion")
    affected = _estimate("affected", None, 5926)
    assert in_screen_order([niamey, killed, blast, affected]) == [killed, affected, blast, niamey]
    whole = _estimate("population", None, 120_000)  # the situation's own: keeps its place
    assert in_screen_order([whole, killed]) == [whole, killed]
