"""Numbers past what their unit allows (the vocabulary's `limits`): a count of people above the
world's population, two values of 1e308 that sum to infinity. Each is a problem line and never
reaches a card."""

from __future__ import annotations

import math
import shutil

from loaders.facts.dataset import load_dataset
from loaders.model.amounts import number_text
from loaders.model.vocabulary import VOCABULARY
from tests.conftest import FIXTURES


def test_two_values_of_1e308_summed_to_infm_on_a_card(data_copy):
    shutil.copy(FIXTURES / "hostile" / "tables" / "past_the_limits.csv", data_copy / "figures")
    dataset = load_dataset(data_copy)
    past = [p for p in dataset.report.problems if p.type == "implausible-value"]
    assert len(past) == 4
    assert all(p.path.endswith("past_the_limits.csv") for p in past)
    assert "8,300,000,000 people" in past[0].message
    mine = dataset.figures[dataset.figures["source"] == "past_the_limits"]
    assert mine["value"].tolist() == [8_000_000_000]  # the one within the bound is kept
    people = dataset.facts[dataset.facts["unit"] == "people"]
    assert (people["value"] <= VOCABULARY.max_value("people")).all()
    assert math.isfinite(dataset.facts["value"].astype(float).sum())
    assert number_text(float("inf")) == "n/a"
