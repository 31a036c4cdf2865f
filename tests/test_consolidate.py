"""Facts: one per claim with all its sources; disagreements kept side by side and flagged."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from loaders.facts.consolidate import consolidate, latest_by_place
from loaders.model.amounts import hedged


def row(fid, value, source, outlet, qualifier="exact", note="", day="2023-09-28", value_max=None):
    return {
        "id": fid,
        "source": source,
        "indicator": "displaced",
        "subtype": None,
        "value": value,
        "value_max": value_max,
        "unit": "people",
        "qualifier": qualifier,
        "as_of": dt.date.fromisoformat(day),
        "place": "armenia",
        "note": note,
        "source_outlet": outlet,
        "source_url": f"https://example.org/{fid}",
        "quote": "",
    }


def test_same_figure_from_two_sources_is_one_fact():
    figures = pd.DataFrame([row("a", 66500, "t1", "Outlet A"), row("b", 66500, "t2", "Outlet B")])
    facts = consolidate(figures)
    assert len(facts) == 1
    fact = facts.iloc[0]
    assert (fact["n_sources"], fact["disputed"]) == (2, False)
    assert fact["sources"] == "Outlet A | Outlet B"
    assert fact["figure_ids"] == "a | b"


def test_disagreeing_sources_are_flagged_never_averaged():
    figures = pd.DataFrame(
        [row("a", 66500, "t1", "Outlet A"), row("b", 76407, "t1", "Government report")]
    )
    facts = consolidate(figures).set_index("value")
    assert set(facts.index) == {66500, 76407}
    assert facts["disputed"].all()
    assert facts.loc[66500, "other_values"] == "76,407 (Government report)"
    assert facts.loc[76407, "other_values"] == "66,500 (Outlet A)"


def test_different_notes_are_different_things():
    figures = pd.DataFrame(
        [
            row("a", 20, "t1", "A", note="fuel depot explosion"),
            row("b", 200, "t1", "B", note="offensive"),
        ]
    )
    assert not consolidate(figures)["disputed"].any()


def test_a_claim_beside_others_reads_like_a_person_with_every_digit():
    assert hedged(800, None, "more_than", short=False) == "> 800"
    assert hedged(120000, None, "up_to", short=False) == "up to 120,000"
    assert hedged(5000, None, "about", short=False) == "~5,000"
    assert hedged(50, 1000, "exact", short=False) == "50-1,000"
    assert hedged(11.5, None, "exact", short=False) == "11.5"
    assert hedged(1_234_567, None, "exact", short=False) == "1,234,567"


def test_fewer_others_names_some_claims_and_counts_the_rest():
    from loaders.facts.consolidate import fewer_others

    text = "1 (A); 2 (B); 3 (C); 4 (D); 5 (E); and 3 more"
    assert fewer_others(text, 2) == "1 (A); 2 (B); and 6 more"
    assert fewer_others("1 (A); 2 (B)", 2) == "1 (A); 2 (B)"
    assert fewer_others("1 (A); 2 (B); 3 (C)", 2) == "1 (A); 2 (B); and 1 more"
    assert fewer_others("", 2) == ""


def test_latest_by_place_keeps_each_series_latest_and_the_best_sourced_claim_of_its_day():
    facts = pd.DataFrame(
        {
            "id": ["old", "new_weak", "new_strong", "other_place", "no_place", "injured"],
            "indicator": ["casualties"] * 5 + ["casualties"],
            "subtype": ["killed"] * 5 + ["injured"],
            "as_of": pd.to_datetime(
                ["2023-09-20", "2023-09-22", "2023-09-22", "2023-09-21", "2023-09-25", "2023-09-19"]
            ),
            "place": ["kessa", "kessa", "kessa", "ardel", None, "kessa"],
            "unit": ["people"] * 6,
            "note": [""] * 6,
            "n_sources": [5, 1, 2, 1, 9, 1],
        }
    )
    latest = latest_by_place(facts)
    # One per place and series, by date: no fact without a place, the weaker claim of a day left.
    assert list(latest["id"]) == ["injured", "other_place", "new_strong"]
    assert latest_by_place(facts.iloc[:0]).empty


def test_of_a_days_equally_sourced_claims_the_latest_by_place_is_the_highest():
    """Defect (sulawesi-2018): the map labelled Indonesia '152 killed', a figure listed after
    the day's toll of 1,407 from the same source, while the overview headlined 1,407: of a
    day's claims with as many sources, the place's latest is the highest, as the estimates pick
    it, then the later row."""
    facts = pd.DataFrame(
        {
            "id": ["toll", "buried", "other"],
            "indicator": ["casualties"] * 3,
            "subtype": ["killed"] * 3,
            "as_of": pd.to_datetime(["2018-10-03"] * 3),
            "place": ["id", "id", "ph"],
            "unit": ["people"] * 3,
            "note": [""] * 3,
            "n_sources": [1, 1, 1],
            "value": [1_407.0, 152.0, 3.0],
        }
    )
    assert set(latest_by_place(facts)["id"]) == {"toll", "other"}


def test_a_count_naming_no_origin_is_of_the_one_origin_its_place_names():
    """Defect (ukraine-refugees-2022): the latest table listed Poland's 2.3 million of 23 March
    beside the 3.09 million who had left Ukraine for Poland by 5 May, one row each, since only
    the newer count named where people came from. With two origins named for a place, a count
    naming none stays apart: it may be either's."""
    facts = pd.DataFrame(
        {
            "id": ["poland_old", "poland_new", "chad_none", "chad_sudan", "chad_car"],
            "indicator": ["displaced"] * 5,
            "as_of": pd.to_datetime(
                ["2022-03-23", "2022-05-05", "2024-01-01", "2024-01-02", "2024-01-02"]
            ),
            "place": ["pl", "pl", "td", "td", "td"],
            "origin": [None, "ua", None, "sd", "cf"],
            "unit": ["people"] * 5,
            "note": [""] * 5,
            "n_sources": [1] * 5,
            "value": [2_300_000.0, 3_090_000.0, 500_000.0, 600_000.0, 20_000.0],
        }
    )
    latest = latest_by_place(facts)
    assert set(latest["id"]) == {"poland_new", "chad_none", "chad_sudan", "chad_car"}
    assert set(latest_by_place(facts.astype({"origin": "category"}))["id"]) == set(latest["id"])
