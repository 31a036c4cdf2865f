"""The headline strip's texts, from the bundled data's estimates: what a reader sees on a card."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.headlines import headline, headlines
from loaders.facts.consolidate import consolidate
from loaders.facts.dataset import load_dataset
from loaders.facts.estimates import Estimate, Part, estimates
from loaders.facts.selection import Filters, apply
from tests.conftest import DATA


@pytest.fixture(scope="module")
def strip():
    data = load_dataset(DATA)
    period = Filters(dt.date(2023, 9, 18), dt.date(2023, 10, 20))
    titles = dict(zip(data.sources["id"], data.sources["title"], strict=True))
    names = dict(zip(data.places["id"], data.places["name"], strict=True))
    return headlines(estimates(apply(data.facts, period), data.figures, data.places, titles), names)


def card(strip, label, incident=""):
    (found,) = [c for c in strip if c.label == label and c.incident == incident]
    return found


def test_the_displacement_card_says_when_where_how_sure_and_from_whom(strip):
    fled = card(strip, "Displaced people: fled so far")
    assert fled.value_text == "100,632"
    when, scope, spread, agree = fled.lines[:4]
    assert when == "as of 2023-10-04 · Armenia"
    # Every count of people who fled was taken in Armenia: the card says so, never the whole.
    assert scope == "counted in Armenia only: no figure for the whole situation"
    assert spread.endswith("reports within 3 days: 100,000 to 100,632")
    assert int(agree.split()[0]) >= 3 and agree.endswith("independent sources agree")
    assert fled.delta == "+7 since 2023-10-03"
    assert len(fled.sparkline) >= 10
    assert "](https://armenian-genocide.org/" in fled.sources_md
    assert fled.parts_title == "By destination"
    assert [p[0] for p in fled.parts] == ["Armenia", "Nagorno\\-Karabakh"]


def test_population_before_and_people_remaining_are_separate_cards(strip):
    population = card(strip, "Population: total")
    assert population.value_text == "120,000"  # lived in the region before the exodus
    remaining = card(strip, "Total", incident="Armenians remaining in the region")
    assert remaining.value_text == "50-1,000"


def test_money_is_summed_by_donor_with_the_currency_in_the_label(strip):
    eur = card(strip, "Aid: funding (EUR)")
    assert eur.value_text == "17.5m"
    assert "sum of 3 donors" in eur.lines
    assert "the latest figure of each donor, added" in eur.lines  # pledges do not add up
    assert len(eur.parts) == 3 and eur.parts_title == "By donor"
    assert card(strip, "Aid: appeal (USD)").value_text == "97m"  # not added to funding


def test_one_donors_figure_is_named_not_called_a_sum(strip):
    """Defect (bundled data): the CHF funding card read 'the latest figure of each donor,
    added' and 'sum of 1 donor' over Switzerland's pledge alone."""
    chf = card(strip, "Aid: funding (CHF)")
    assert "from one donor: Switzerland" in chf.lines
    assert not any("sum of" in line or "added" in line for line in chf.lines)


def test_the_blast_is_its_own_incident(strip):
    killed = card(strip, "Killed", incident="fuel depot explosion near Stepanakert")
    assert killed.value_text == "170"
    # The toll rose from 20 on the first day to 170: the early count is an older state of the
    # toll, not a disagreement, so it makes no range (it was "20 to 170" before).
    assert "no other report within 3 days" in killed.lines
    assert all(c.label != "Casualties: injured" for c in strip)  # no whole-situation figure


def test_a_headline_resting_on_unreviewed_figures_says_so(tmp_path):
    """A new situation's only article (synthetic test text): its headline rests on a figure
    nobody reviewed until a maintainer accepts it."""
    import shutil

    from dashboard.headlines import unreviewed_basis
    from loaders.commands.decisions import decide, figure_version
    from loaders.facts.dataset import load_dataset
    from loaders.facts.estimates import estimates
    from loaders.read.folder import DataFolder
    from tests.conftest import DATA, loaders_cli

    folder = tmp_path / "new"
    assert loaders_cli("init", folder).returncode == 0
    shutil.copyfile(DATA / "places.csv", folder / "places.csv")
    (folder / "articles" / "t.txt").write_text(
        "---\ndate: 2026-11-30\n---\nSYNTHETIC TEST ARTICLE. More than 50,000 people have fled"
        " Nagorno-Karabakh to Armenia so far, the government said on Monday.\n"
    )

    def flags() -> list[bool]:
        data = load_dataset(folder)
        found = estimates(data.facts, data.figures, data.places)
        assert found
        return unreviewed_basis(found, data.facts, data.figures)

    assert flags() == [True]
    data = load_dataset(folder)
    row = data.figures.iloc[0].to_dict()
    where = DataFolder(folder)
    seen = figure_version(where, row["id"])
    decide(where, row, "accept", "a@example.org", seen, data.gazetteer)
    assert flags() == [False]


def test_a_part_higher_than_its_whole_is_said_apart_and_a_whole_behind_its_part_is_named():
    """Defect (herat-2023): a part larger than its whole was a line of the breakdown. The card
    now shows it apart, saying it is more than the whole; and a part that stands because the
    whole is older and lower says what the whole's figure was (synthetic estimates)."""
    day = dt.date(2023, 10, 8)
    part = Part("Hirat", "af_her", 10_000, None, "about", "people", day)
    whole = Estimate(
        "casualties|injured", "casualties", "injured", "people", 9_240, None, "exact", day, None
    )
    (found,) = headlines([replace(whole, above_whole=(part,))], {})
    (warning,) = found.above_whole_md
    assert warning.startswith(  # Markdown: escaped
        r"Hirat: \~10\,000 on 2023-10-08, more than the whole situation's 9\,240"
    )
    older = replace(whole, value=14, qualifier="at_least", as_of=dt.date(2023, 10, 7))
    stands = replace(whole, value=2_053, scope="in Hirat", by="region", parts=(part,))
    (found,) = headlines(
        [
            replace(
                stands,
                whole_behind=Part(
                    "whole situation", None, 14, None, "at_least", "people", older.as_of
                ),
            )
        ],
        {},
    )
    assert (
        "counted in Hirat only: the whole situation's latest figure, ≥ 14 on 2023-10-07,"
        " is lower and older" in found.lines
    )


def test_a_sum_of_countries_says_what_it_adds_not_a_range_of_reports():
    """Freddy 2023: 225 in Malawi and 20 in Mozambique, added, said 'no other report within 3
    days' and '1 independent source' as if one report gave the sum."""
    day = dt.date(2023, 3, 15)
    summed = Estimate(
        "k", "casualties", "killed", "people", 245, None, "exact", day, None,
        counting="countries", n_reports=2, n_agree=1,
    )  # fmt: skip
    (shown,) = headlines([summed], {})
    assert "sum of 2 figures, each from at least 1 independent source" in shown.lines
    assert "each of the situation's countries' own figure, added" in shown.lines
    assert not any("within 3 days" in line or line.endswith("agree") for line in shown.lines)


def test_ukraine_a_toll_of_civilians_only_is_a_card_of_the_whole_strip_saying_so():
    """Defect (Ukraine 2022): the only toll, the UN's count of civilians killed, made no
    card; scoped 'among civilians' (synthetic estimate) it is a card of the whole situation's
    strip, labelled as every toll is, saying whom it counts, never a single incident's."""
    civilians = Estimate(
        "casualties|killed", "casualties", "killed", "people", 331, None, "exact",
        dt.date(2022, 3, 3), None, scope="among civilians only", group=True, note="Zivilisten",
    )  # fmt: skip
    (shown,) = headlines([civilians], {})
    assert (shown.incident, shown.label) == ("", "Casualties: killed")
    assert "counted among civilians only: no figure for the whole situation" in shown.lines


def test_weapons_handed_over_have_cards(strip):
    """Defect (colombia-farc-2017, bangsamoro 2020): weapons handed over had no overview card,
    so a disarmament had no headline at all; here, the Russian MoD's counts for the bundled
    situation."""
    assert card(strip, "Weapons handed over: armoured vehicles").value_text == "79"
    assert card(strip, "Weapons handed over: small arms").value_text == "> 7,000"


def test_an_unchanged_figure_has_no_arrow_beside_its_delta():
    """Defect (Karabakh built from articles): a card whose figure had not moved read
    'unchanged since 2023-09-26' beside an up arrow, a rise to a reader at a glance."""
    data = load_dataset(DATA)
    period = Filters(dt.date(2023, 9, 18), dt.date(2023, 10, 20))
    (fled,) = [
        e
        for e in estimates(apply(data.facts, period), data.figures, data.places)
        if e.previous is not None and e.change
    ][:1]
    assert headline(fled, {}).delta_arrow == "auto"
    still = headline(replace(fled, change=0.0), {})
    assert still.delta is not None and still.delta.startswith("unchanged since")
    assert still.delta_arrow == "off"


def test_syria_idleb_a_period_card_is_not_titled_so_far():
    """Defect (syria-idleb-2020): the card of 'almost 300,000' displaced from 1 December to
    1 January, a count of one period, was titled 'Displaced people: fled so far'. Its title
    says it is one period's, and a line names the period and says it is no total."""
    figures = pd.DataFrame(
        [
            {
                "id": "idleb",
                "source": "ocha",
                "indicator": "displaced",
                "subtype": None,
                "value": 300_000.0,
                "value_max": None,
                "unit": "people",
                "qualifier": "almost",
                "as_of": dt.date(2020, 1, 1),
                "place": None,
                "note": "From 1 December 2019 to 1 January [*all*]",
                "quote": "",
                "method": "extracted",
                "source_outlet": "OCHA",
                "source_url": "https://example.org/ocha",
            }
        ]
    )
    (card,) = headlines(
        estimates(consolidate(figures), figures, pd.DataFrame(columns=["id", "name", "parent"])), {}
    )
    assert card.label == "Displaced people in one period"
    assert (
        "counted From 1 December 2019 to 1 January [*all*] only: a count of one period,"
        " not the total so far"
    ) in card.lines
