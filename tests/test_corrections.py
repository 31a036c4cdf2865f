"""Corrections by figure id: rejected figures leave every table, replaced fields show as corrected,
and a bad correction is a validation error with the closest id or field suggested."""

from __future__ import annotations

import pandas as pd

from loaders.facts.dataset import load_dataset
from tests.conftest import loaders_cli

SMALL_ARMS = "85f0e68fb6c4"  # "more than 800 firearms" in the AFP seed
POPULATION = "409b0e0ef07b"  # "up to 120,000" in the AFP seed


def write(folder, *lines):
    (folder / "corrections.csv").write_text(
        "figure_id,action,field,value,reason\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )


def test_reject_and_replace_apply_everywhere(data_copy, tmp_path):
    write(
        data_copy,
        f"{SMALL_ARMS},reject,,,duplicate of the Russian MoD figure",
        f"{POPULATION},replace,place,Stepanakert,test: the sentence names the region",
    )
    data = load_dataset(data_copy)
    assert data.report.problems == []
    assert SMALL_ARMS not in set(data.figures["id"])
    assert data.rejected["reason"].tolist() == ["duplicate of the Russian MoD figure"]
    fixed = data.figures.set_index("id").loc[POPULATION]
    assert (fixed["place"], bool(fixed["corrected"])) == ("stepanakert", True)
    assert "place: nagorno_karabakh -> stepanakert" in fixed["correction"]
    fact = data.facts[data.facts["figure_ids"].str.contains(POPULATION)].iloc[0]
    assert bool(fact["corrected"]) and "test:" in fact["correction"]
    # and through the command line's tables
    out = tmp_path / "out"
    built = loaders_cli("build", data_copy, "--out", out)
    assert built.returncode == 0, built.stderr
    figures = pd.read_csv(out / "figures.csv", keep_default_na=False)
    assert SMALL_ARMS not in set(figures["id"])
    assert figures.set_index("id").loc[POPULATION, "corrected"] == True  # noqa: E712


def test_corrections_survive_re_extraction(data_copy):
    write(data_copy, f"{POPULATION},replace,value,110000,test")
    first = load_dataset(data_copy).figures.set_index("id").loc[POPULATION, "value"]
    second = load_dataset(data_copy).figures.set_index("id").loc[POPULATION, "value"]
    assert first == second == 110000


def test_unknown_id_and_field_suggest_the_closest(data_copy):
    write(
        data_copy,
        f"{POPULATION[:-1]}x,reject,,,typo in id",
        f"{POPULATION},replace,qualifer,about,typo in field",
        f"{POPULATION},replace,value,lots,not a number",
    )
    problems = load_dataset(data_copy).report.problems
    assert [(p.line, p.field, p.type) for p in problems] == [
        (2, "figure_id", "unknown-id"),
        (3, "field", "unknown-field"),
        (4, "value", "invalid-value"),
    ]
    assert f"did you mean '{POPULATION}'" in problems[0].message
    assert "did you mean 'qualifier'" in problems[1].message


def test_a_forecast_corrected_to_projected_leaves_the_overview_and_the_map(data_copy):
    """The seed's 'up to 120,000' marked a projection by a maintainer: no card, and no place's
    label on the map, shows it as a count (both read `headline_mask`)."""
    from dashboard.map.place_figures import headlines
    from loaders.facts.consolidate import latest_by_place
    from loaders.facts.estimates import estimates, headline_mask

    write(data_copy, f"{POPULATION},replace,modality,projected,test: a planning figure")
    data = load_dataset(data_copy)
    assert data.report.problems == []
    fact = data.facts[data.facts["figure_ids"].str.contains(POPULATION)]
    assert list(fact["modality"]) == ["projected"]
    assert not headline_mask(fact).any()
    found = estimates(data.facts, data.figures, data.places)
    assert all(POPULATION not in {s.figure for s in e.sources} for e in found)
    latest = latest_by_place(data.facts)
    projected = latest[latest["modality"] == "projected"]
    assert len(projected) == 1  # its own series on the map, never the count's latest value
    assert headlines(projected) == {}  # and never a place's label
    write(data_copy, f"{POPULATION},replace,modality,maybe,test")
    assert "modality" in " ".join(load_dataset(data_copy).report.lines())
