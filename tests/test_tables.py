"""Curated tables: each defect gets one clear line, and every good row still loads."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loaders.model.problems import Report
from loaders.model.records import Figure
from loaders.read.tables import read_table
from tests.conftest import DATA, FIXTURES

TODAY = dt.date(2026, 11, 23)

DEFECTS = [
    # fixture, field, type, words the message must contain
    ("unknown_indicator", "indicator", "unknown-value", ["'displacd'", "did you mean 'displaced'"]),
    ("unknown_subtype", "subtype", "unknown-value", ["'dead'", "killed"]),
    ("unknown_unit", "unit", "unit-mismatch", ["'kilotons'", "'tonnes'"]),
    ("unknown_qualifier", "qualifier", "unknown-value", ["'approximately'", "about"]),
    ("negative_value", "value", "negative-value", ["-5", "negative"]),
    ("non_numeric_value", "value", "invalid-number", ["'eleven thousand'", "not a number"]),
    ("impossible_date", "as_of", "impossible-date", ["'2023-02-30'", "does not exist"]),
    ("future_date", "as_of", "future-date", ["2999-01-01", "future"]),
    ("unit_not_fitting_indicator", "unit", "unit-mismatch", ["'tonnes'", "'people'"]),
    ("value_max_below_value", "value_max", "range-order", ["50", "below", "1000"]),
    ("place_not_in_gazetteer", "place", "unknown-place", ["'Stepanakertt'", "'Stepanakert'"]),
    ("duplicate_row", "row", "duplicate-row", ["line 2"]),
    ("unsourced_row", "source_url", "unsourced", ["source"]),
]


@pytest.mark.parametrize(
    ("fixture", "field", "type_", "words"), DEFECTS, ids=[d[0] for d in DEFECTS]
)
def test_each_defect_is_one_clear_line_and_good_rows_load(fixture, field, type_, words, gazetteer):
    path = FIXTURES / "figures" / f"{fixture}.csv"
    report = Report()
    table = read_table(path, gazetteer, report, today=TODAY)
    assert len(report.problems) == 1, report.lines()
    (problem,) = report.problems
    assert (problem.path, problem.line, problem.field, problem.type) == (str(path), 4, field, type_)
    for word in words:
        assert word in problem.message
    assert str(problem).startswith(f"{path}:4: {field}: ")
    assert sorted(table["value"]) == [800, 66500]


def test_missing_required_column_names_it(gazetteer):
    path = FIXTURES / "figures" / "missing_required_column.csv"
    report = Report()
    table = read_table(path, gazetteer, report, today=TODAY)
    assert [(p.line, p.field, p.type) for p in report.problems] == [(1, "value", "missing-column")]
    assert table.empty


def test_row_with_too_many_cells_is_reported_and_the_rest_loads(gazetteer):
    path = FIXTURES / "figures" / "wrong_cell_count.csv"
    report = Report()
    table = read_table(path, gazetteer, report, today=TODAY)
    assert [(p.line, p.type) for p in report.problems] == [(3, "wrong-cell-count")]
    assert sorted(table["value"]) == [800, 66500]


def test_bundled_table_loads_every_row_with_places_resolved(gazetteer):
    path = DATA / "figures" / "public_figures_2023.csv"
    report = Report()
    table = read_table(path, gazetteer, report)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert report.problems == []
    assert len(table) == len(raw)
    # "Khankendi" in the table is the gazetteer's Stepanakert.
    khankendi = raw.index[raw["place"] == "Khankendi"]
    assert set(table.loc[khankendi, "place"]) == {"stepanakert"}
    assert table["id"].is_unique


def test_every_accepted_row_is_a_valid_figure_model(gazetteer):
    """The column checks accept exactly what the pydantic model accepts."""
    table = read_table(DATA / "figures" / "public_figures_2023.csv", gazetteer, Report())
    assert len(table) > 50  # the bundled table's rows, every one checked below
    for row in table.drop(columns=["line"]).to_dict(orient="records"):
        Figure(**{k: None if pd.isna(v) else v for k, v in row.items()})


def test_ids_are_stable_across_reads(gazetteer):
    path = DATA / "figures" / "public_figures_2023.csv"
    first = read_table(path, gazetteer, Report())["id"].tolist()
    second = read_table(path, gazetteer, Report())["id"].tolist()
    assert first == second


def test_a_table_says_what_each_figure_means_and_a_bad_meaning_is_one_line(tmp_path, gazetteer):
    path = tmp_path / "meaning.csv"
    path.write_text(
        "as_of,indicator,subtype,value,unit,place,modality,origin,destination,per,background,"
        "source_outlet\n"
        "2023-09-28,displaced,,120000,people,,projected,,,,,UNHCR\n"
        "2023-09-28,displaced,,50000,people,Armenia,,Nagorno-Karabakh,Armenia,,,Gov\n"
        "2023-09-28,displaced,,1200,people,,,,,day,,Gov\n"
        "2023-09-28,casualties,killed,2000,people,,,,,,true,Wire\n"
        "2023-09-28,displaced,,7,people,,maybe,,,,,Gov\n"
        "2023-09-28,displaced,,8,people,,,Atlantis,,,,Gov\n",
        encoding="utf-8",
    )
    report = Report()
    table = read_table(path, gazetteer, report, today=TODAY)
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    got = [(r["modality"], r["origin"], r["destination"], r["per"], r["background"]) for r in rows]
    assert got[0] == ("projected", None, None, None, False)
    assert got[1] == ("reported", "nagorno_karabakh", "armenia", None, False)
    assert got[2][3] == "day" and got[3][4] is True
    assert len(rows) == 4  # the two bad rows are reported, the rest load
    lines = report.lines()
    assert any(":6: modality:" in line and "'maybe'" in line for line in lines)
    assert any(":7: origin:" in line and "'Atlantis'" in line for line in lines)


def test_a_table_without_meaning_columns_keeps_its_ids(gazetteer):
    table = read_table(DATA / "figures" / "public_figures_2023.csv", gazetteer, Report(), TODAY)
    assert set(table["modality"].astype(str)) == {"reported"}
    assert table["origin"].isna().all() and not table["background"].any()
