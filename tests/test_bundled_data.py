"""The curated table of the Karabakh corpus, read as a reader of the dashboard would check it:
sourced row by row, drawn from many outlets, and telling the real story of the exodus."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from loaders.facts.dataset import load_dataset
from tests.conftest import DATA, ROOT

TABLE = "karabakh_corpus_2023"
#: The shared corpus beside the main checkout (or beside the folder of a worktree).
CORPUS = next(
    (
        d / "shared" / "corpus" / "karabakh" / "articles"
        for d in (ROOT.parent, ROOT.parent.parent)
        if (d / "shared" / "corpus").is_dir()
    ),
    ROOT / "no-shared-corpus",
)
EARLY_OCTOBER = dt.date(2023, 10, 4)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def table(dataset) -> pd.DataFrame:
    figures = dataset.figures
    return figures[figures["source"] == TABLE]


def _day(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.date


def test_the_table_loads_whole_and_without_problems(dataset, table):
    problems = [line for line in dataset.report.lines() if TABLE in line]
    assert problems == []
    with (DATA / "figures" / f"{TABLE}.csv").open(encoding="utf-8") as fh:
        rows = sum(1 for _ in fh) - 1
    assert len(table) == rows > 0


def test_figures_come_from_many_pages_each_with_outlet_and_web_address(table):
    assert table["source_url"].nunique() >= 15
    assert table["source_outlet"].fillna("").str.strip().ne("").all()
    assert table["source_url"].fillna("").str.match(r"https?://\S+$").all()


def test_every_corpus_article_gives_at_least_one_figure(table):
    if not CORPUS.is_dir():
        pytest.skip("shared/ is not beside this checkout")
    urls = {json.loads(p.read_text(encoding="utf-8"))["url"] for p in CORPUS.glob("*.json")}
    assert urls and urls <= set(table["source_url"])


def test_arrivals_in_armenia_reach_about_100000_by_early_october(dataset):
    facts = dataset.facts
    total = facts[
        (facts["indicator"] == "displaced")
        & facts["subtype"].isna()
        & (facts["place"] == "armenia")
        & (facts["note"].fillna("") == "")
        & (_day(facts["as_of"]) <= EARLY_OCTOBER)
    ]
    days = _day(total["as_of"])
    assert total[days == dt.date(2023, 9, 24)]["value"].max() < 2_000  # the first arrivals
    highest = total.loc[total["value"].idxmax()]
    assert 99_000 <= highest["value"] <= 102_000
    # the 100,417 of 30 September is reported by two outlets, in two languages
    assert total[total["value"] == 100_417]["n_sources"].max() >= 2


def test_province_counts_add_up_to_the_national_accommodation_figure(dataset, table):
    """The ten provinces of 29 September sum to Armenia's total of that day, from another table."""
    day = dt.date(2023, 9, 29)
    accommodated = dataset.figures[
        (dataset.figures["subtype"] == "accommodated") & (_day(dataset.figures["as_of"]) == day)
    ]
    provinces = accommodated[accommodated["place"].str.endswith("_province", na=False)]
    national = accommodated[accommodated["place"] == "armenia"]["value"]
    assert len(provinces) == 10
    assert provinces["value"].sum() in set(national)


def test_fuel_depot_explosion_toll_is_scoped_and_confirmed_by_several_outlets(dataset):
    facts = dataset.facts
    blast = facts[facts["note"] == "fuel depot explosion near Stepanakert"]
    killed = blast[(blast["subtype"] == "killed") & (blast["value"] == 68)]
    assert killed["n_sources"].sum() >= 3
    assert set(blast["place"]) == {"stepanakert"}


def test_casualties_and_pledges_say_whom_they_count(table):
    casualties = table[table["indicator"] == "casualties"]
    assert len(casualties) and casualties["note"].fillna("").ne("").all()
    pledges = table[(table["indicator"] == "aid") & (table["subtype"] == "funding")]
    donors = pledges["note"].fillna("").str.split(r"[ (:]", regex=True).str[0]
    assert set(donors) == {"EU", "France"}
    assert (pledges["unit"] == "EUR").all()
