"""Which series the timeline draws (dashboard/timeline/series.py)."""

from __future__ import annotations

import numpy as np

from dashboard.timeline.series import Choice, Series, at_only_country


def _series(indicator: str, place: str | None, days: list[str], values: list[float]) -> Series:
    """A synthetic series of `values` on `days`, each point with its quote."""
    return Series(
        indicator=indicator,
        subtype="killed" if indicator == "casualties" else None,
        unit="people",
        place=place,
        note=None,
        days=np.array(days, dtype="datetime64[D]"),
        value=np.array(values, dtype=float),
        value_max=np.full(len(values), np.nan),
        text={"quote": np.array([f"q{v:g}" for v in values], dtype=object)},
    )


def test_a_toll_with_no_place_in_a_one_country_situation_is_not_a_second_series():
    """osh-2010 (declared in Kyrgyzstan) drew 'killed · place not stated' beside 'killed ·
    Kyrgyzstan', two lines of one toll: the toll naming no place is the country's."""
    choice = Choice(
        [
            _series("casualties", "kg", ["2010-06-22", "2010-06-22"], [251, 167]),
            _series("casualties", None, ["2010-06-23"], [250]),
            _series("casualties", "kg_o", ["2010-06-22"], [169]),
        ]
    )
    drawn = at_only_country(choice, frozenset({"kg"})).series
    assert [s.place for s in drawn] == ["kg", "kg_o"]
    (country,) = [s for s in drawn if s.place == "kg"]
    assert country.days.astype(str).tolist() == ["2010-06-22", "2010-06-22", "2010-06-23"]
    assert country.value.tolist() == [167, 251, 250]
    assert country.text["quote"].tolist() == ["q167", "q251", "q250"]


def test_only_a_toll_with_no_place_and_only_in_one_country_moves_to_the_country():
    """Displacement with no place may be of people gone abroad; with two countries declared a
    toll naming none is the whole, not either country's."""
    alone = _series("casualties", None, ["2010-06-23"], [250])
    displaced = _series("displaced", None, ["2010-06-23"], [100_000])
    one = at_only_country(Choice([alone, displaced]), frozenset({"kg"})).series
    assert sorted((s.indicator, s.place) for s in one) == [
        ("casualties", "kg"),
        ("displaced", None),
    ]
    two = at_only_country(Choice([alone]), frozenset({"kg", "uz"})).series
    assert [s.place for s in two] == [None]
