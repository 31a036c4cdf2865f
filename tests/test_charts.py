"""Timeline figures: one series per subject, hedges as shapes, ranges as bars, events as lines."""

from __future__ import annotations

import pytest

from dashboard.charts import MAX_POINTS_PER_SERIES, timeline_figure
from loaders.facts.dataset import load_dataset
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def test_displacement_curve_rises_through_late_september(data):
    names = dict(zip(data.places["id"], data.places["name"], strict=True))
    fig = timeline_figure(data.facts, data.events, "displaced", names)
    (total,) = [t for t in fig.data if t.name == "total · Armenia"]
    ys = list(total.y)
    assert len(ys) >= 10
    assert ys[0] < 10_000 and max(ys) > 100_000  # the exodus reads as a curve
    assert fig.layout.yaxis.type == "linear"


def test_hedges_are_marker_shapes_and_listed(data):
    fig = timeline_figure(data.facts, data.events, "weapons_surrendered")
    symbols = {s for t in fig.data if t.marker.symbol is not None for s in _symbols(t)}
    assert {"circle", "triangle-up", "diamond"} <= symbols
    legend = [t.name for t in fig.data if t.legendgroup == "hedges"]
    assert "hedge: more than" in legend
    assert fig.layout.yaxis.type == "log"  # 6 vehicles and 57.6 million rounds


def _symbols(trace):
    symbol = trace.marker.symbol
    return symbol if isinstance(symbol, (list, tuple)) else [symbol]


def test_ranges_are_error_bars(data):
    fig = timeline_figure(data.facts, data.events, "population")
    ranged = [t for t in fig.data if t.error_y is not None and t.error_y.array is not None]
    assert ranged and 950 in list(ranged[0].error_y.array)


def test_events_are_lines_with_labels(data):
    fig = timeline_figure(data.facts, data.events, "casualties")
    assert len(fig.layout.shapes) == len(data.events)
    assert any("Ceasefire" in a.text for a in fig.layout.annotations)


def test_hover_carries_value_source_and_quote(data):
    fig = timeline_figure(data.facts, data.events, "population")
    texts = [c for t in fig.data if t.customdata is not None for c in t.customdata]
    assert any(c[0] == "up to 120,000" and "ethnic-Armenians live" in c[2] for c in texts)
    assert any(c[2] == "(table)" and "Svidomi" in c[1] for c in texts)


def test_aid_subtypes_get_their_own_charts(data):
    fig = timeline_figure(data.facts, data.events, "aid", subtype="tonnage")
    assert fig.layout.title.text == "Aid: tonnage"
    assert all("funding" not in (t.name or "") for t in fig.data)


def test_large_series_are_reduced_to_one_point_a_day(data):
    import pandas as pd

    facts = data.facts[data.facts["indicator"] == "displaced"]
    row = facts.iloc[[0]]
    many = pd.concat([row] * (MAX_POINTS_PER_SERIES + 50), ignore_index=True)
    many["value"] = range(len(many))
    fig = timeline_figure(many, data.events.iloc[0:0], "displaced")
    assert len(fig.data[0].x) == 1


def test_markup_in_data_is_shown_literally(data):
    facts = data.facts[data.facts["indicator"] == "population"].copy()
    facts["sources"] = "<b>bold</b> <script>alert(1)</script>"
    fig = timeline_figure(facts, data.events.iloc[0:0], "population")
    assert all("<script>" not in c[1] and "&lt;script&gt;" in c[1] for c in fig.data[0].customdata)


@pytest.mark.parametrize(
    "indicator", ["population", "displaced", "casualties", "weapons_surrendered"]
)
def test_every_bundled_fact_is_drawn(data, indicator):
    """The chart budget is for huge tables: real-sized data is never hidden or binned."""
    fig = timeline_figure(data.facts, data.events, indicator)
    drawn = sum(len(t.x) for t in fig.data if t.legendgroup != "hedges")
    assert drawn == (data.facts["indicator"] == indicator).sum()
    assert not [a for a in fig.layout.annotations if "narrow the dates" in a.text]


def test_huge_series_are_binned_and_the_chart_says_so(data):
    import numpy as np
    import pandas as pd

    row = data.facts[data.facts["indicator"] == "displaced"].iloc[[0]]
    many = pd.concat([row] * 5000, ignore_index=True)
    many["as_of"] = [d.date() for d in pd.date_range("2023-01-01", periods=5000, freq="h")]
    many["value"] = np.arange(5000)
    fig = timeline_figure(many, data.events.iloc[0:0], "displaced")
    assert sum(len(t.x) for t in fig.data if t.legendgroup != "hedges") <= 120
    assert any("binned" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize("prepare", [False, True], ids=["as loaded", "prepared for the app"])
def test_every_chart_passes_plotly_full_validation(data, prepare):
    """The charts are built without plotly's per-property checks (for speed); here each one is
    rebuilt with them, so a misspelt property or a bad value fails."""
    import plotly.graph_objects as go

    from loaders.facts.selection import prepared

    facts = prepared(data.facts) if prepare else data.facts
    for indicator in sorted(set(data.facts["indicator"])):
        fig = timeline_figure(facts, data.events, indicator)
        checked = go.Figure(fig.to_dict())
        assert len(checked.data) == len(fig.data) > 0
        assert checked.layout.title.text
