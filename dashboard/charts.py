"""Timeline charts: facts over time for one indicator, hedges as marker shapes, ranges as error
bars, key events as annotated lines. Table in, plotly figure out; nothing here touches Streamlit.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import (
    INDICATOR_LABELS,
    PALETTE,
    QUALIFIER_LABELS,
    QUALIFIER_SYMBOLS,
    SUBTYPE_LABELS,
    hedged,
    safe,
)
from loaders.facts.consolidate import fewer_others
from loaders.facts.selection import days, distinct_at, group_codes_at, values_at

#: What one chart may carry, whatever the size of the table: the largest series, and points
#: binned over the period shown (in each bin, the claim most sources make). The page then sends
#: about the same bytes for a million rows as for a thousand; narrowing the dates shows detail.
MAX_SERIES_PER_CHART = 24
MAX_POINTS_PER_CHART = 120
MAX_POINTS_PER_SERIES = MAX_POINTS_PER_CHART
#: The only columns a chart reads: copying fewer columns out of a large table is faster.
CHART_COLUMNS = (
    "subtype",
    "unit",
    "place",
    "note",
    "value",
    "value_max",
    "qualifier",
    "sources",
    "quote",
    "disputed",
    "other_values",
    "n_sources",
)
#: Disagreeing claims a point's hover names, the rest counted (the Data page lists up to five):
#: hovers stay short on a phone, and a view of many disputed points stays light.
HOVER_OTHERS = 1
#: Above this spread between the largest and smallest value the axis is logarithmic (so 6 armoured
#: vehicles and 57 million rounds both show); below, linear, which people read more easily.
LOG_SCALE_SPREAD = 10_000


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _series_name(subtype, unit, place, note, place_names: dict[str, str]) -> str:
    subtype, place, note = _none(subtype), _none(place), _none(note)
    parts = [SUBTYPE_LABELS.get(subtype, subtype or "total")]
    if unit not in ("people", "items", "vehicles", "tonnes"):
        parts.append(unit)
    parts.append(place_names.get(place, place) if place else "place not stated")
    if note:
        parts.append(textwrap.shorten(note, 40, placeholder="…"))
    return safe(" · ".join(parts))


def _binned(day: np.ndarray, n_sources: np.ndarray, budget: int) -> np.ndarray:
    """Which of a series' points to draw, at most `budget`: the period cut into equal bins, one
    claim per bin (the one most sources make, then the latest)."""
    if len(day) <= budget:
        return np.arange(len(day))
    offset = (day - day.min()).astype(np.int64)
    span = int(offset.max()) + 1
    width = max(1, -(-span // budget))
    bins = offset // width
    if (bins[1:] >= bins[:-1]).all():  # days in order, the usual case: each bin is a run
        starts = np.flatnonzero(np.r_[True, bins[1:] != bins[:-1]])
        score = n_sources.astype(np.int64) * (span + 1) + offset
        best = np.repeat(np.maximum.reduceat(score, starts), np.diff(np.r_[starts, len(day)]))
        hits = np.flatnonzero(score == best)
        return hits[np.r_[True, bins[hits][1:] != bins[hits][:-1]]]
    order = np.lexsort((-day.astype(int), -n_sources, bins))
    _, first = np.unique(bins[order], return_index=True)
    return np.sort(order[first])


def timeline_figure(
    facts: pd.DataFrame,
    events: pd.DataFrame,
    indicator: str,
    place_names: dict[str, str] | None = None,
    subtype: str | None = None,
    unit: str | None = None,
) -> go.Figure:
    """The chart of one indicator's facts over time (of one subtype and unit only, when given).

    Series are found and binned on integer codes, dates and numbers; only the points drawn are
    read from the table's text columns, so the cost hardly grows with the rows."""
    place_names = place_names or {}
    all_days = days(facts)
    mask = (facts["indicator"] == indicator).to_numpy(dtype=bool, na_value=False).copy()
    if subtype is not None:
        mask &= (facts["subtype"] == subtype).to_numpy(dtype=bool, na_value=False)
    if unit is not None:
        mask &= (facts["unit"] == unit).to_numpy(dtype=bool, na_value=False)
    rows = np.flatnonzero(mask)
    row_days = all_days[rows]
    row_values = facts["value"].to_numpy(dtype=float)[rows]
    row_sources = facts["n_sources"].to_numpy()[rows]
    values = []
    series_codes = (
        group_codes_at(facts, ["subtype", "unit", "place", "note"], rows)
        if len(rows)
        else np.array([], dtype=int)
    )
    counts = np.bincount(series_codes) if len(rows) else np.array([], dtype=int)
    first_row = {}
    if len(rows):
        # Codes are numbered in order of first appearance: each starts where the maximum grows.
        first = np.flatnonzero(np.diff(np.maximum.accumulate(series_codes), prepend=-1) > 0)
        first_row = dict(enumerate(first.tolist()))
    ranked = np.argsort(-counts, kind="stable")
    shown = ranked[:MAX_SERIES_PER_CHART]
    budgets: dict[int, int] = {}
    left, remaining = MAX_POINTS_PER_CHART, len(shown)
    for code in sorted(shown, key=lambda c: counts[c]):  # small series keep every point
        budgets[int(code)] = min(int(counts[code]), max(10, left // remaining))
        left -= budgets[int(code)]
        remaining -= 1
    binned = False
    keys = ["subtype", "unit", "place", "note"]
    heads = {k: values_at(facts, k, rows[[first_row[int(c)] for c in shown]]) for k in keys}
    head_of = {int(c): k for k, c in enumerate(shown)}

    def label_key(code: int) -> tuple:
        return tuple(str(_none(heads[k][head_of[int(code)]]) or "") for k in keys)

    # Which points each series draws, found on dates and numbers; then one read of the text
    # columns for all of them.
    picked = []
    for code in sorted(shown, key=label_key):
        at = np.flatnonzero(series_codes == code)
        # By day, and by value within a day when every point is drawn (the line then rises).
        small = len(at) <= budgets[int(code)]
        at = at[
            np.lexsort((row_values[at], row_days[at]))
            if small
            else np.argsort(row_days[at], kind="stable")
        ]
        drawn = at[_binned(row_days[at], row_sources[at], budgets[int(code)])]
        binned |= len(drawn) < len(at)
        picked.append(drawn)
    columns = [c for c in CHART_COLUMNS if c in facts.columns]
    everything = np.concatenate(picked) if picked else np.array([], dtype=int)
    table = {c: values_at(facts, c, rows[everything]) for c in columns}
    if "quote" not in table:
        table["quote"] = np.full(len(everything), "", dtype=object)
    numbers = pd.to_numeric(pd.Series(table["value_max"]), errors="coerce").to_numpy(dtype=float)
    table_values = table["value"].astype(float)
    traces: list[dict] = []
    start = 0
    for n, drawn in enumerate(picked):
        part = slice(start, start + len(drawn))
        start += len(drawn)
        series = {c: table[c][part] for c in table}
        series_days = row_days[drawn]
        value, vmax = table_values[part], numbers[part]
        has_range = bool(np.isfinite(vmax).any())
        texts = [
            hedged(v, None if np.isnan(m) else m, q, u)
            for v, m, q, u in zip(value, vmax, series["qualifier"], series["unit"], strict=True)
        ]
        quotes = [
            safe(textwrap.shorten(q, 160, placeholder="…"))
            if isinstance(q, str) and q
            else "(table)"
            for q in series["quote"]
        ]
        custom = list(
            zip(
                texts,
                [safe(str(v)) for v in series["sources"]],
                quotes,
                [
                    "disputed: also " + safe(fewer_others(str(o), HOVER_OTHERS)) if d else ""
                    for d, o in zip(series["disputed"], series["other_values"], strict=True)
                ],
                strict=True,
            )
        )
        color = PALETTE[n % len(PALETTE)]
        trace = {
            "type": "scatter",
            "x": [str(d) for d in series_days],
            "y": value.tolist(),
            "mode": "lines+markers",
            "name": _series_name(
                *(series[k][0] for k in ("subtype", "unit", "place", "note")), place_names
            ),
            "line": {"color": color, "width": 2},
            "marker": {
                "symbol": [QUALIFIER_SYMBOLS.get(q, "circle") for q in series["qualifier"]],
                "size": 11,
                "color": color,
                "line": {"width": 1.5, "color": color},
            },
            "customdata": custom,
            "hovertemplate": (
                "<b>%{customdata[0]}</b> on %{x|%Y-%m-%d}<br>"
                "source: %{customdata[1]}<br>"
                "“%{customdata[2]}”<br>%{customdata[3]}<extra>%{fullData.name}</extra>"
            ),
        }
        if has_range:
            trace["error_y"] = {
                "type": "data",
                "symmetric": False,
                "array": np.nan_to_num(np.clip(vmax - value, 0, None)).tolist(),
                "arrayminus": [0] * len(series),
                "color": color,
                "thickness": 2,
                "width": 6,
            }
        traces.append(trace)
        values.extend(value.tolist())
        values.extend(vmax[np.isfinite(vmax)].tolist())
    shapes, annotations = _event_marks(events)
    hidden_series = max(0, len(counts) - len(shown))
    if hidden_series or binned:
        parts = []
        if hidden_series:
            parts.append(f"{hidden_series} smaller series not shown")
        if binned:
            parts.append("points binned over the period (most-sourced claim per bin)")
        annotations.insert(
            0,
            {
                "text": "; ".join(parts) + ": narrow the dates or places for detail",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.08,
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 10, "color": "#8a4b00"},
            },
        )

    present = set(distinct_at(facts, "qualifier", rows))
    for qualifier, symbol in QUALIFIER_SYMBOLS.items():
        if qualifier in present:
            traces.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "markers",
                    "marker": {"symbol": symbol, "size": 10, "color": "#555555"},
                    "name": f"hedge: {QUALIFIER_LABELS[qualifier]}",
                    "legendgroup": "hedges",
                    "hoverinfo": "skip",
                }
            )

    positive = [v for v in values if v and v > 0]
    log = bool(positive) and max(positive) / min(positive) > LOG_SCALE_SPREAD
    units = distinct_at(facts, "unit", rows)
    unit = units[0] if len(units) == 1 else "see legend"
    layout = {
        "title": {
            "text": INDICATOR_LABELS.get(indicator, indicator)
            + (f": {SUBTYPE_LABELS.get(subtype, subtype)}" if subtype else "")
            + (f" ({unit})" if unit and subtype == "funding" else ""),
            "x": 0,
        },
        "xaxis": {"title": None, "type": "date"},
        "yaxis": {
            "title": f"{unit}{' (log scale)' if log else ''}",
            "type": "log" if log else "linear",
            "rangemode": "tozero",
        },
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "hovermode": "closest",
        "height": 460,
        "colorway": PALETTE,
        "shapes": shapes,
        "annotations": annotations,
    }
    # Built from plain dicts without plotly's per-property checks, which cost more than the rest
    # of the chart; the tests check every figure against the full schema.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _event_marks(events: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """A dotted line and a short label for each key event."""
    shapes, annotations = [], []
    for i, event in enumerate(events.sort_values("date").itertuples(index=False)):
        day = str(event.date)
        shapes.append(
            {
                "type": "line",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#666666", "width": 1, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": day,
                "y": 1 - 0.09 * (i % 3),
                "yref": "paper",
                "text": safe(textwrap.shorten(str(event.title), 28, placeholder="…")),
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 10, "color": "#333333"},
                "bgcolor": "rgba(255,255,255,0.8)",
                "hovertext": safe(f"{event.date}: {event.title}"),
            }
        )
    return shapes, annotations
