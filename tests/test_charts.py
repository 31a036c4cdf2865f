"""Timeline figures: one chart per question; counts so far as lines with a band, counts of one day
as bars, pledges as marks; linear axes; numbered events that never overlap; short legends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.timeline.charts import (
    LEGEND_CHARS,
    MAX_POINTS_PER_SERIES,
    chart_indicators,
    timeline_figure,
)
from dashboard.timeline.event_marks import EVENT_GAP, event_rows, numbered_events
from loaders.facts.dataset import load_dataset
from loaders.model.vocabulary import VOCABULARY
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def names(data):
    return dict(zip(data.places["id"], data.places["name"], strict=True))


def _domain(fig, trace) -> tuple[float, float]:
    axis = "yaxis" + (trace.yaxis[1:] if trace.yaxis and trace.yaxis != "y" else "")
    return tuple(fig.layout[axis].domain)


def _yaxes(fig) -> list:
    return [fig.layout[k] for k in fig.layout.to_plotly_json() if k.startswith("yaxis")]


def _reports(trace) -> int:
    """How many reported figures a trace draws (a bar carries every report of its day)."""
    if trace.customdata is None:
        return 0
    if trace.type == "bar":
        return sum(len(c[0].split("; ")) for c in trace.customdata)
    return len(trace.x)


def test_one_chart_per_question_in_vocabulary_order(data):
    shown = chart_indicators(data.facts)
    order = list(VOCABULARY.indicators)
    assert shown == sorted(shown, key=order.index)
    assert set(shown) == set(data.facts["indicator"])


def test_cumulative_count_is_a_rising_line_on_a_linear_axis(data, names):
    fig = timeline_figure(data.facts, data.events, "displaced", names)
    (line,) = [
        t
        for t in fig.data
        if t.type == "scatter"
        and t.mode == "lines"
        and t.fill != "toself"
        and t.name == "fled so far · Armenia"
    ]
    ys = list(line.y)
    assert len(ys) >= 8
    assert ys[0] < 10_000 and max(ys) > 100_000  # the exodus reads as a curve
    assert all(axis.type in ("linear", None) for axis in _yaxes(fig))


def test_reports_that_disagree_on_a_day_make_a_band(data, names):
    fig = timeline_figure(data.facts, data.events, "displaced", names)
    (band,) = [
        t
        for t in fig.data
        if t.type == "scatter" and t.fill == "toself" and t.name == "fled so far · Armenia"
    ]
    # 2023-09-25: reports of about 2,900 to 6,650 people; the band spans them all.
    facts = data.facts
    day = facts[
        (facts["indicator"] == "displaced")
        & facts["subtype"].isna()
        & (facts["place"] == "armenia")
        & (facts["as_of"].astype(str) == "2023-09-25")
        & (facts["note"].fillna("") == "")
    ]
    assert day["value"].nunique() > 1
    on_day = [y for x, y in zip(band.x, band.y, strict=True) if x == "2023-09-25"]
    assert sorted(on_day) == [day["value"].min(), day["value"].max()]
    assert band.hoverinfo == "skip"


def test_daily_arrivals_are_bars_under_the_cumulative_line(data, names):
    fig = timeline_figure(data.facts, data.events, "displaced", names)
    (bars,) = [t for t in fig.data if t.type == "bar"]
    assert bars.name == "arrivals in one day · Armenia"
    line = next(t for t in fig.data if t.name == "fled so far · Armenia")
    assert bars.yaxis != line.yaxis  # never on the cumulative axis
    assert _domain(fig, bars)[1] <= _domain(fig, line)[0]
    # Two reports of 2023-09-26 (22,800 and 26,600): one bar with a whisker over both.
    day = list(bars.x).index("2023-09-26")
    assert bars.y[day] == pytest.approx(24_700)
    assert bars.customdata[day][0] == "22,800; 26,600"


def test_pledges_are_marks_never_joined(data):
    fig = timeline_figure(data.facts, data.events, "aid")
    money = [t for t in fig.data if t.customdata is not None and "USD" in t.customdata[0][0]]
    assert money and all(t.mode == "markers" for t in money)
    # 20 million then almost 1.5 million CHF: two marks, no line between them.
    chf = [t for t in fig.data if t.customdata is not None and "CHF" in t.customdata[0][0]]
    assert sum(len(t.x) for t in chf) == 2 and all(t.mode == "markers" for t in chf)


def test_sizes_far_apart_get_their_own_linear_panel(data):
    from dashboard.timeline.charts import SCALE_SPLIT

    fig = timeline_figure(data.facts, data.events, "weapons_surrendered")
    peaks: dict[str, list[float]] = {}
    for t in fig.data:
        if t.customdata is not None:
            peaks.setdefault(t.yaxis, []).append(max(t.y))
    assert len(peaks) >= 2  # 57.6 million rounds are not drawn on the axis of 6 vehicles
    for on_axis in peaks.values():
        assert max(on_axis) <= SCALE_SPLIT * min(on_axis)
    assert all(axis.type in ("linear", None) for axis in _yaxes(fig))


def test_hedges_are_marker_shapes(data):
    fig = timeline_figure(data.facts, data.events, "weapons_surrendered")
    symbols = set()
    for t in fig.data:
        if t.marker is not None and t.marker.symbol is not None and t.customdata is not None:
            symbols.update(t.marker.symbol)
    assert {"circle", "triangle-up", "diamond"} <= symbols


def test_ranges_are_error_bars(data):
    fig = timeline_figure(data.facts, data.events, "population")
    ranged = [t for t in fig.data if t.error_y is not None and t.error_y.array is not None]
    assert ranged and 950 in list(ranged[0].error_y.array)


def test_events_are_numbered_markers_that_never_overlap(data):
    events = numbered_events(data.events)
    fig = timeline_figure(data.facts, events, "casualties")
    (strip,) = [t for t in fig.data if t.name == "key events"]
    shown = events[events["date"].astype(str).isin(list(strip.x))]
    assert list(strip.text) == [str(n) for n in shown["number"]]
    assert any("Ceasefire" in h for h in strip.hovertext)
    assert len(fig.layout.shapes) == len(shown)  # a faint line through the panels per event


def test_event_rows_keep_close_events_apart():
    day = np.datetime64("2023-09-19")
    dates = [day + np.timedelta64(k, "D") for k in (0, 1, 2, 3, 30, 31)]
    rows = event_rows(dates, day, 100.0)
    for i in range(len(dates)):
        for j in range(i):
            if rows[i] == rows[j]:
                assert abs(float((dates[i] - dates[j]).astype(int))) >= EVENT_GAP * 100
    assert rows[:4] == [0, 1, 2, 3] and rows[4] == 0


def test_legend_names_fit_a_phone_and_hover_has_the_full_name(data, names):
    for indicator in chart_indicators(data.facts):
        fig = timeline_figure(data.facts, data.events, indicator, names)
        for t in fig.data:
            if t.showlegend is not False and t.name != "key events":
                assert len(t.name) <= LEGEND_CHARS
    fig = timeline_figure(data.facts, data.events, "casualties", names)
    metas = {t.meta for t in fig.data if t.meta}
    assert any("fuel depot explosion near Stepanakert" in m for m in metas)


def test_hover_carries_value_source_and_quote(data):
    fig = timeline_figure(data.facts, data.events, "population")
    texts = [c for t in fig.data if t.customdata is not None for c in t.customdata]
    assert any(c[0] == "up to 120,000" and "ethnic-Armenians live" in c[2] for c in texts)
    assert any(c[2] == "(table)" and "Svidomi" in c[1] for c in texts)


def test_one_subtype_and_unit_only_when_asked(data):
    fig = timeline_figure(data.facts, data.events, "aid", subtype="tonnage")
    assert fig.layout.title.text == "Aid: tonnage"
    assert all(t.customdata is None or " t" in t.customdata[0][0] for t in fig.data)


def test_large_series_are_reduced_to_one_point_a_day(data):
    facts = data.facts[data.facts["indicator"] == "displaced"]
    row = facts.iloc[[0]]
    many = pd.concat([row] * (MAX_POINTS_PER_SERIES + 50), ignore_index=True)
    many["value"] = range(len(many))
    fig = timeline_figure(many, data.events.iloc[0:0], "displaced")
    assert sum(_reports(t) for t in fig.data) == 1


def test_markup_in_data_is_shown_literally(data):
    facts = data.facts[data.facts["indicator"] == "population"].copy()
    facts["sources"] = "<b>bold</b> <script>alert(1)</script>"
    fig = timeline_figure(facts, data.events.iloc[0:0], "population")
    hovers = [c[1] for t in fig.data if t.customdata is not None for c in t.customdata]
    assert hovers and all("<script>" not in h and "&lt;script&gt;" in h for h in hovers)


@pytest.mark.parametrize("indicator", sorted({"population", "displaced", "casualties", "aid"}))
def test_every_bundled_fact_is_drawn(data, indicator):
    """The chart budget is for huge tables: real-sized data is never hidden or binned."""
    fig = timeline_figure(data.facts, data.events, indicator)
    assert sum(_reports(t) for t in fig.data) == (data.facts["indicator"] == indicator).sum()
    assert not [a for a in fig.layout.annotations if "narrow the dates" in a.text]


def test_huge_series_are_binned_and_the_chart_says_so(data):
    row = data.facts[data.facts["indicator"] == "displaced"].iloc[[0]]
    many = pd.concat([row] * 5000, ignore_index=True)
    many["as_of"] = [d.date() for d in pd.date_range("2023-01-01", periods=5000, freq="h")]
    many["value"] = np.arange(5000)
    fig = timeline_figure(many, data.events.iloc[0:0], "displaced")
    assert sum(_reports(t) for t in fig.data) <= 120
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


def test_many_small_series_leave_the_large_one_whole(data):
    """Budgets follow sizes: twenty series of one or two figures do not squeeze a series of
    thirty reports into bins."""
    base = data.facts[data.facts["indicator"] == "displaced"].iloc[[0]]
    big = pd.concat([base] * 30, ignore_index=True)
    big["as_of"] = [d.date() for d in pd.date_range("2023-09-20", periods=30)]
    small = pd.concat([base] * 20, ignore_index=True)
    small["note"] = [f"group {n}" for n in range(20)]
    fig = timeline_figure(pd.concat([big, small], ignore_index=True), data.events, "displaced")
    assert sum(_reports(t) for t in fig.data) == 50
    assert not [a for a in fig.layout.annotations if "narrow the dates" in a.text]


def test_legend_names_keep_what_tells_series_apart():
    from dashboard.timeline.charts import _fit

    a = _fit(["accommodated in shelters", "Lori Province"], LEGEND_CHARS)
    b = _fit(["accommodated in shelters", "Shirak Province"], LEGEND_CHARS)
    assert a != b and len(a) <= LEGEND_CHARS and len(b) <= LEGEND_CHARS
    assert _fit(["killed", "Stepanakert"], LEGEND_CHARS) == "killed · Stepanakert"


def test_a_late_lone_report_does_not_squash_the_weeks_that_matter(data):
    """The bundled count of 2024-02-01 comes four months after the others: the view ends before
    it and the chart says so."""
    fig = timeline_figure(data.facts, data.events, "displaced")
    assert fig.layout.xaxis.range[1] < "2023-11-01"
    assert any("later report" in a.text and "2024-02-01" in a.text for a in fig.layout.annotations)
    assert any("2024-02-01" in t.x for t in fig.data if t.x is not None)  # still drawn


def test_the_next_months_report_stays_in_view(data):
    """Defect (venezuela-migration): a count four weeks after a day of eleven others was put
    off the right edge, while the default period, and so the headline, took it in."""
    facts = data.facts[data.facts["indicator"] == "displaced"].head(12).copy()
    facts["as_of"] = pd.to_datetime(["2019-06-07"] * 11 + ["2019-07-05"])
    facts["place"] = [f"p{i}" for i in range(12)]  # twelve series: one point each
    fig = timeline_figure(facts, data.events.iloc[:0], "displaced")
    assert not any("later report" in a.text for a in fig.layout.annotations)
    assert fig.layout.xaxis.range[1] >= "2019-07-05"


def test_a_projection_is_drawn_dashed_and_labelled_never_as_the_count(data, names):
    facts = data.facts[data.facts["indicator"] == "displaced"].copy()
    forecast = facts.iloc[[0]].assign(value=120_000.0, modality="projected", id="forecast")
    fig = timeline_figure(pd.concat([facts, forecast]), data.events, "displaced", names)
    lines = [t for t in fig.data if t.type == "scatter"]
    dashed = [t for t in lines if t.line is not None and t.line.dash == "dash"]
    assert dashed and all("projected" in str(t.meta or t.name) for t in dashed)
    counts = [t for t in lines if t.customdata is not None and t not in dashed]
    assert all(120_000 not in list(t.y) for t in counts)  # the forecast is not on the count


def test_kyrgyz_tajik_two_days_of_data_are_ticked_in_days_not_hours(data):
    """Defect (kyrgyz-tajik-2022): a question reported on two days had its date axis ticked in
    hours (00:00, 06:00, ...); an axis of a few days is ticked once a day, written as a day. A
    long one is left to plotly (bundled facts; two days of them for the short one)."""
    facts = data.facts[data.facts["indicator"] == "casualties"]
    two = facts[facts["as_of"].isin(sorted(facts["as_of"].unique())[:2])]
    axis = timeline_figure(two, data.events.iloc[0:0], "casualties").layout.xaxis
    assert axis.dtick == 86_400_000 and "%H" not in (axis.tickformat or "")
    long = timeline_figure(facts, data.events, "casualties").layout.xaxis
    assert long.dtick is None


def test_nagorno_karabakh_a_short_date_axis_writes_its_days_as_a_long_one_does(data):
    """Defect (nagorno-karabakh-2023, /timeline?start=2023-09-19&end=2023-09-30 at 390 px):
    every tick read '19 Sep 2023', turned upright and cut to '19 Sep 20:' (a time, to a reader),
    where a longer axis writes 'Sep 24' with the year once. A short axis is ticked once a day
    in plotly's own date format, as a long one is."""
    facts = data.facts[data.facts["indicator"] == "displaced"]
    day = pd.to_datetime(facts["as_of"])
    days = facts[(day >= "2023-09-19") & (day <= "2023-09-30")]
    short = timeline_figure(days, data.events.iloc[0:0], "displaced").layout.xaxis
    long = timeline_figure(facts, data.events, "displaced").layout.xaxis
    assert short.dtick == 86_400_000
    assert short.tickformat == long.tickformat
