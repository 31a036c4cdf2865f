"""Timeline charts: one chart per question (indicator), its series in stacked panels that share
the date axis, one panel per kind of count and unit, each with its own linear axis.

- Counts so far (stocks): a line through the middle of each day's reports, the range of the
  reports (and of ranged claims) as a band, and a marker per report whose shape is its hedge.
- Counts of one day (flows): bars, a whisker where reports of the same day disagree.
- Money pledged: one mark per pledge, coloured by donor, never joined.
- Key events: numbered markers on a strip above the panels (numbers never overlap; the page lists
  the events by number), with a faint line through the panels.

Table in, plotly figure out; nothing here touches Streamlit.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.labels import PALETTE, safe
from dashboard.timeline.event_marks import event_strip, numbered_events
from dashboard.timeline.series import (
    BARS,
    LINE,
    MARKS,
    MAX_POINTS_PER_CHART,
    MAX_POINTS_PER_SERIES,
    MAX_SERIES_PER_CHART,
    Choice,
    Series,
    Style,
    choose_series,
)
from loaders.facts.consolidate import fewer_others
from loaders.facts.selection import MIN_GAP_DAYS, OUTLYING_SHARE
from loaders.model.amounts import hedged
from loaders.model.vocabulary import VOCABULARY

__all__ = [
    "MAX_POINTS_PER_CHART",
    "MAX_POINTS_PER_SERIES",
    "MAX_SERIES_PER_CHART",
    "chart_indicators",
    "questions",
    "timeline_figure",
]

#: Disagreeing claims a point's hover names, the rest counted (the Data page lists up to five).
HOVER_OTHERS = 1
#: A series whose largest value is this many times smaller than its panel's gets a panel of its
#: own, so every axis stays linear and every series readable (6 armoured vehicles next to 57
#: million rounds would be a flat line at zero).
SCALE_SPLIT = 100
#: Legend names are cut to this many characters so a legend fits a 390 px phone screen; the full
#: name is in the hover.
LEGEND_CHARS = 32
#: Heights in pixels: each panel by how it is drawn, the event strip, the gap above a panel (its
#: title), the margins.
PANEL_PX = {LINE: 210, BARS: 150, MARKS: 130}
STRIP_PX = 34
GAP_PX = 34
TOP_PX = 44
#: Events up to this many days before the first figure are still drawn (what led to it).
EVENT_LEAD_DAYS = 7
GRID = "#e6e6e6"
#: Space under the bottom panel for the dates (two lines: day, then year) above the legend.
LEGEND_GAP_PX = 64
DAY_MS = 86_400_000
#: A legend entry on a phone: symbol and gap, width of a character, height of a row; the width a
#: phone gives the legend.
LEGEND_ITEM_PX = 46
LEGEND_CHAR_PX = 6.2
LEGEND_ROW_PX = 19
PHONE_LEGEND_PX = 330


@dataclass
class Panel:
    """Series drawn against one y axis: same style and unit, of comparable size."""

    style: Style
    unit: str
    series: list[Series] = field(default_factory=list)

    @property
    def peak(self) -> float:
        return max((s.peak for s in self.series), default=0.0)


def chart_indicators(facts: pd.DataFrame) -> list[str]:
    """The indicators with facts in `facts`, in the vocabulary's screen order: one chart each."""
    counts = facts["indicator"].value_counts() if len(facts) else pd.Series(dtype=int)
    return ordered_indicators({str(i) for i, n in counts.items() if n > 0})


def ordered_indicators(present: set[str]) -> list[str]:
    """Indicators in the vocabulary's screen order (others after, by name)."""
    ordered = [i for i in VOCABULARY.indicators if i in present]
    return ordered + sorted(present - set(ordered))


def questions(facts: pd.DataFrame, chosen: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """`questions_of` the facts' counts per indicator."""
    counts = facts["indicator"].value_counts() if len(facts) else pd.Series(dtype=int)
    return questions_of({str(i): int(n) for i, n in counts.items() if n > 0}, chosen)


def questions_of(
    counts: dict[str, int], chosen: tuple[str, ...] = ()
) -> tuple[list[str], str | None]:
    """The questions (indicators) a timeline offers, in screen order: those with facts (`counts`
    per indicator), only the `chosen` ones when some are; and the one most reported, which
    opens first (the story's core, whatever the situation)."""
    shown = [i for i in ordered_indicators(set(counts)) if not chosen or i in chosen]
    if not shown:
        return [], None
    return shown, max(shown, key=lambda i: (int(counts.get(i, 0)), -shown.index(i)))


def panels(series: list[Series]) -> list[Panel]:
    """Series grouped by style and unit, split where sizes differ by more than SCALE_SPLIT; in
    the order lines, bars, marks (daily bars under the cumulative line), then by size."""
    out: list[Panel] = []
    for s in sorted(series, key=lambda s: -s.peak):
        home = next(
            (
                p
                for p in out
                if p.style == s.style and p.unit == s.unit and s.peak * SCALE_SPLIT >= p.peak
            ),
            None,
        )
        if home is None:
            home = Panel(s.style, s.unit)
            out.append(home)
        home.series.append(s)
    rank = {LINE: 0, BARS: 1, MARKS: 2}
    for p in out:
        p.series.sort(key=lambda s: (s.order, str(s.place or ""), str(s.note or "")))
    return sorted(out, key=lambda p: (rank[p.style], min(s.order for s in p.series), -p.peak))


def _daily(s: Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per day: the day, the middle of the reports, their lowest and highest value (upper ends of
    ranges included), and where each report's day starts."""
    starts = np.flatnonzero(np.r_[True, s.days[1:] != s.days[:-1]])
    ends = np.r_[starts[1:], len(s.days)]
    high = np.fmax(s.value, s.value_max)
    mid = np.array([np.median(s.value[a:b]) for a, b in zip(starts, ends, strict=True)])
    lo = np.minimum.reduceat(s.value, starts) if len(starts) else np.array([])
    hi = np.maximum.reduceat(high, starts) if len(starts) else np.array([])
    return s.days[starts], mid, lo, hi, starts


def _iso(day_values: np.ndarray) -> list[str]:
    return [str(d) for d in day_values]


def _parts(s: Series, place_names: dict[str, str]) -> dict[str, str]:
    """What tells a series apart: its donor or subtype, its note, its place."""
    place = place_names.get(s.place, s.place) if s.place else "place not stated"
    if s.style == MARKS:
        return {"what": s.note or "donor not stated", "note": "", "place": f"to {place}"}
    return {"what": _what(s), "note": s.note or "", "place": str(place)}


def series_names(series: list[Series], place_names: dict[str, str]) -> dict[int, tuple[str, str]]:
    """Per series (by id): a legend name made of only what differs between the chart's series,
    cut to LEGEND_CHARS so the legend fits a phone; and the full name for the hover."""
    parts = {id(s): _parts(s, place_names) for s in series}
    varying = [k for k in ("what", "note", "place") if len({p[k] for p in parts.values()}) > 1] or [
        "what"
    ]
    out = {}
    for s in series:
        p = parts[id(s)]
        full = " · ".join(v for v in (p["what"], p["note"], p["place"]) if v)
        short = _fit([p[k] for k in varying if p[k]] or [p["what"]], LEGEND_CHARS)
        out[id(s)] = (safe(short), safe(full))
    return out


def _fit(parts: list[str], limit: int) -> str:
    """Parts joined by ' · ', each cut (never dropped) so that the whole fits `limit`
    characters: what tells two series apart survives in both."""
    text = " · ".join(parts)
    if len(text) <= limit:
        return text
    room = limit - 3 * (len(parts) - 1)
    share = room // len(parts)
    spare = sum(share - len(p) for p in parts if len(p) <= share)
    cut = [p for p in parts if len(p) > share]
    each = share + spare // max(1, len(cut))
    return " · ".join(p if len(p) <= each else p[: max(1, each - 1)].rstrip() + "…" for p in parts)


def _what(s: Series) -> str:
    """The subtype's label from the vocabulary ('fled so far', 'killed'), and what the figures
    are when they are not counts ('projected', 'per day', 'another event')."""
    entry = VOCABULARY.entry(s.indicator, s.subtype)
    label = entry.label if entry else str(s.subtype or "total")
    said = [
        text
        for text, applies in (
            ("projected", s.projected),
            (f"per {s.per}", bool(s.per)),
            ("another event", s.background),
        )
        if applies
    ]
    return f"{label} ({', '.join(said)})" if said else label


def _custom(s: Series) -> list[list[str]]:
    """Per report: hedged value, sources, quote, disagreement (hover text, escaped)."""
    vmax = [None if np.isnan(m) else m for m in s.value_max]
    qualifiers = s.text.get("qualifier", np.full(len(s.value), "exact", dtype=object))
    sources = s.text.get("sources", np.full(len(s.value), "", dtype=object))
    disputed = s.text.get("disputed", np.zeros(len(s.value), dtype=object))
    others = s.text.get("other_values", np.full(len(s.value), "", dtype=object))
    states = s.text.get("review", np.full(len(s.value), "", dtype=object))
    return [
        [
            hedged(v, m, q, s.unit),
            safe(str(src)) + (f" ({safe(state)})" if isinstance(state, str) and state else ""),
            safe(textwrap.shorten(quote, 160, placeholder="…"))
            if isinstance(quote, str) and quote
            else "(table)",
            "disputed: also " + safe(fewer_others(str(o), HOVER_OTHERS)) if d else "",
        ]
        for v, m, q, src, quote, d, o, state in zip(
            s.value,
            vmax,
            qualifiers,
            sources,
            s.text["quote"],
            disputed,
            others,
            states,
            strict=True,
        )
    ]


HOVER = (
    "<b>%{customdata[0]}</b> on %{x|%Y-%m-%d}<br>source: %{customdata[1]}<br>"
    "“%{customdata[2]}”<br>%{customdata[3]}<extra>%{meta}</extra>"
)


def _symbols(s: Series) -> list[str]:
    qualifiers = s.text.get("qualifier", np.full(len(s.value), "exact", dtype=object))
    return [
        VOCABULARY.qualifiers[q].symbol if q in VOCABULARY.qualifiers else "circle"
        for q in qualifiers
    ]


def _line_traces(s: Series, look: dict, color: str, axes: dict) -> list[dict]:
    """Band (range of reports), line (middle of each day), a marker per report (its hedge).
    Where every day has one report, the line runs through the markers: one trace fewer, as
    each trace costs the browser time to draw."""
    day, mid, lo, hi, _ = _daily(s)
    one_a_day = len(day) == len(s.days)
    # A projection is drawn dashed (and its legend says so): never read as a count that falls.
    line = {"color": color, "width": 2, **({"dash": "dash"} if s.projected else {})}
    traces = []
    if bool((hi > lo).any()):
        traces.append(
            {
                "type": "scatter",
                "x": _iso(day) + _iso(day[::-1]),
                "y": hi.tolist() + lo[::-1].tolist(),
                "fill": "toself",
                "fillcolor": _tint(color, 0.18),
                "line": {"width": 0, "color": color},
                "mode": "lines",
                "hoverinfo": "skip",
                **look,
                "showlegend": False,
                **axes,
            }
        )
    if not one_a_day:
        traces.append(
            {
                "type": "scatter",
                "x": _iso(day),
                "y": mid.tolist(),
                "mode": "lines",
                "line": line,
                "hoverinfo": "skip",
                **look,
                **axes,
            }
        )
    traces.append(_report_markers(s, look, color, axes, line, one_a_day))
    return traces


def _report_markers(
    s: Series, look: dict, color: str, axes: dict, line: dict, one_a_day: bool
) -> dict:
    """A marker per report, shaped by its hedge, with an error bar up to a range's upper end;
    joined by the line when every day has one report."""
    marker = {
        "type": "scatter",
        "x": _iso(s.days),
        "y": s.value.tolist(),
        "mode": "lines+markers" if one_a_day else "markers",
        "line": line,
        "marker": {
            "symbol": _symbols(s),
            "size": 9,
            "color": color,
            "line": {"width": 1, "color": "white"},
        },
        "customdata": _custom(s),
        "hovertemplate": HOVER,
        **look,
        **({} if one_a_day else {"showlegend": False}),
        **axes,
    }
    if np.isfinite(s.value_max).any():
        marker["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": np.nan_to_num(np.clip(s.value_max - s.value, 0, None)).tolist(),
            "arrayminus": [0] * len(s.value),
            "color": color,
            "thickness": 1.5,
            "width": 4,
        }
    return marker


def _bar_trace(s: Series, look: dict, color: str, axes: dict, slot: tuple[int, int]) -> dict:
    """One bar per day at the middle of its reports; a whisker spans their range. `slot` is
    (position, count) of the panel's bar series: bars of one day stand side by side within it."""
    day, mid, lo, hi, starts = _daily(s)
    custom = _custom(s)
    ends = np.r_[starts[1:], len(s.days)]
    per_day = [
        [
            "; ".join(c[0] for c in custom[a:b]),
            "; ".join(dict.fromkeys(c[1] for c in custom[a:b])),
            custom[a][2],
            custom[a][3],
        ]
        for a, b in zip(starts, ends, strict=True)
    ]
    trace = {
        "type": "bar",
        "x": _iso(day),
        "y": mid.tolist(),
        "width": 0.8 * DAY_MS / slot[1],
        "offset": (-0.4 + 0.8 * slot[0] / slot[1]) * DAY_MS,
        "marker": {"color": color},
        "customdata": per_day,
        "hovertemplate": HOVER,
        **look,
        **axes,
    }
    if bool((hi > lo).any()):
        trace["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": (hi - mid).tolist(),
            "arrayminus": (mid - lo).tolist(),
            "color": "#444444",
            "thickness": 1.5,
            "width": 3,
        }
    return trace


def _mark_trace(s: Series, look: dict, color: str, axes: dict) -> dict:
    """A mark per pledge, never joined: pledges are separate events, not a trend."""
    return {
        "type": "scatter",
        "x": _iso(s.days),
        "y": s.value.tolist(),
        "mode": "markers",
        "marker": {
            "symbol": _symbols(s),
            "size": 12,
            "color": color,
            "line": {"width": 1, "color": "white"},
        },
        "customdata": _custom(s),
        "hovertemplate": HOVER,
        **look,
        **axes,
    }


def _tint(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _colors(series: list[Series]) -> dict[int, str]:
    """A colour per series: the vocabulary's order picks it, so a subtype keeps its colour from
    chart to chart; a series whose colour is taken in the same chart gets the next free one. A
    donor keeps one colour across currencies."""
    out: dict[int, str] = {}
    used: dict[object, int] = {}
    for s in series:
        key = ("donor", s.note) if s.style == MARKS else id(s)
        if key not in used:
            start = s.order if s.style != MARKS else len(used)
            taken = set(used.values())
            used[key] = next(
                (k for i in range(len(PALETTE)) if (k := (start + i) % len(PALETTE)) not in taken),
                start % len(PALETTE),
            )
        out[id(s)] = PALETTE[used[key]]
    return out


def _panel_title(p: Panel) -> str:
    """'fled so far, registered · people': what the panel counts, and in what."""
    if p.style == MARKS:
        what = ", ".join(dict.fromkeys(_what(s) for s in p.series))
        return safe(f"{what} · {p.unit} · one mark per pledge, by donor")
    labels = dict.fromkeys(_what(s) for s in p.series)
    what = textwrap.shorten(", ".join(labels), 40, placeholder="…")
    return safe(what if what == p.unit else f"{what} · {p.unit}")


def _bounds(series: list[Series]) -> tuple[np.datetime64, np.datetime64]:
    first = min(s.days.min() for s in series)
    last = max(s.days.max() for s in series)
    return first, last


def _x_range(first: np.datetime64, last: np.datetime64, strip: dict | None) -> list[str]:
    """The dates shown: the figures' and the events' drawn, with a little room either side."""
    lo = first
    if strip:
        lo = min(first, pd.to_datetime(pd.Series(strip["x"])).to_numpy(dtype="datetime64[D]").min())
    pad = np.timedelta64(max(1, int((last - lo).astype(int) * 0.04)), "D")
    return [str(lo - pad), str(last + pad)]


def focus(series: list[Series]) -> tuple[np.datetime64, int]:
    """Where the view ends: at the last report, or before a long quiet stretch that only a few
    late reports follow (a count months later would squash the weeks that matter into a few
    pixels), as far as the default period leaves out a report (`data_period`): not the next
    month's update of a slow crisis; with how many reports are left past the view."""
    day_values = np.sort(np.concatenate([s.days for s in series]))
    last = day_values[-1]
    if len(day_values) < 5:
        return last, 0
    gaps = np.diff(day_values).astype(int)
    at = int(np.argmax(gaps))
    before = int((day_values[at] - day_values[0]).astype(int))
    later = len(day_values) - at - 1
    if gaps[at] > max(2 * before, MIN_GAP_DAYS) and later <= OUTLYING_SHARE * len(day_values):
        return day_values[at], later
    return last, 0


def timeline_figure(
    facts: pd.DataFrame | None,
    events: pd.DataFrame,
    indicator: str,
    place_names: dict[str, str] | None = None,
    subtype: str | None = None,
    unit: str | None = None,
    choice: Choice | None = None,
) -> go.Figure:
    """The chart of one indicator's facts over time (of one subtype and unit only, when given);
    `events` are numbered as in `numbered_events` when they carry no number. `choice`: the
    series and points already chosen (`choose_from_days` on the store's series days), else
    chosen from `facts`."""
    place_names = place_names or {}
    if choice is None:
        choice = choose_series(facts, indicator, subtype, unit)
    if "number" not in events.columns:
        events = numbered_events(events)
    groups = panels(choice.series)
    ordered = [s for p in groups for s in p.series]
    colors = _colors(ordered)
    names = series_names(ordered, place_names)
    seen: set[str] = set()
    traces: list[dict] = []
    for n, panel in enumerate(groups):
        axes = {"xaxis": "x", "yaxis": _axis_id("y", n)}
        for s in panel.series:
            name, full = names[id(s)]
            look = {"name": name, "meta": full, "legendgroup": full, "showlegend": full not in seen}
            seen.add(full)
            color = colors[id(s)]
            if panel.style == LINE:
                traces.extend(_line_traces(s, look, color, axes))
            elif panel.style == BARS:
                slot = (panel.series.index(s), len(panel.series))
                traces.append(_bar_trace(s, look, color, axes, slot))
            else:
                traces.append(_mark_trace(s, look, color, axes))
    strip, strip_rows, lines, x_range, later = None, 0, [], None, 0
    if choice.series:
        first, _ = _bounds(choice.series)
        last, later = focus(choice.series)
        lead = first - np.timedelta64(EVENT_LEAD_DAYS, "D")
        strip_axes = {"xaxis": "x", "yaxis": _axis_id("y", len(groups))}
        strip, strip_rows, lines = event_strip(events, lead, last, strip_axes)
        x_range = _x_range(first, last, strip)
    if strip:
        traces.append(strip)
    notes = _notes(choice, later)
    legend_px = legend_height([t["name"] for t in traces if t.get("showlegend", True)])
    layout = _layout(indicator, subtype, unit, groups, strip_rows, x_range, lines, notes)
    layout["height"] += legend_px
    layout["margin"]["b"] += legend_px
    # Built from plain dicts without plotly's per-property checks, which cost more than the rest
    # of the chart; the tests check every figure against the full schema.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _axis_id(letter: str, n: int) -> str:
    return letter if n == 0 else f"{letter}{n + 1}"


def _axis_key(letter: str, n: int) -> str:
    return f"{letter}axis" if n == 0 else f"{letter}axis{n + 1}"


def _notes(choice: Choice, later: int) -> list[str]:
    """What the chart leaves out, said above it."""
    notes = []
    if later:
        last = max(s.days.max() for s in choice.series)
        notes.append(
            f"{later} later report{'s' if later > 1 else ''} (to {last}) off the right edge"
        )
    parts = []
    if choice.hidden_series:
        parts.append(f"{choice.hidden_series} smaller series not shown")
    if choice.binned:
        parts.append("points binned over the period (most-sourced claim per bin)")
    if parts:
        notes.append("; ".join(parts) + ": narrow the dates or places for detail")
    return notes


def legend_height(names: list[str]) -> int:
    """Pixels the legend takes on a phone, where its entries wrap into the most rows: reserved
    under the plot so the legend never squeezes the panels (plotly would shrink the plot to make
    room)."""
    rows, used = 1 if names else 0, 0.0
    for name in names:
        width = LEGEND_ITEM_PX + LEGEND_CHAR_PX * len(html.unescape(name))
        if used and used + width > PHONE_LEGEND_PX:
            rows, used = rows + 1, 0.0
        used += width
    return int(rows * LEGEND_ROW_PX)


def _layout(
    indicator: str,
    subtype: str | None,
    unit: str | None,
    groups: list[Panel],
    strip_rows: int,
    x_range: list[str] | None,
    lines: list[dict],
    notes: list[str],
) -> dict:
    """Panels stacked top to bottom under the event strip; one date axis shown, at the bottom."""
    strip_px = STRIP_PX + 16 * max(0, strip_rows - 1) if strip_rows else 0
    heights = [PANEL_PX[p.style] for p in groups] or [PANEL_PX[LINE]]
    note_px = 16 * len(notes)
    plot_px = strip_px + sum(heights) + GAP_PX * len(heights)
    layout: dict = {
        "title": {"text": _title(indicator, subtype, unit), "x": 0, "font": {"size": 15}},
        "height": TOP_PX + note_px + plot_px + LEGEND_GAP_PX,
        "margin": {"l": 8, "r": 8, "t": TOP_PX + note_px, "b": LEGEND_GAP_PX},
        "hovermode": "closest",
        "barmode": "overlay",
        "plot_bgcolor": "white",
        "showlegend": True,
        "legend": _legend(plot_px),
        "shapes": lines,
        "annotations": [],
    }
    top = 1.0
    if strip_rows:
        bottom = 1 - strip_px / plot_px
        layout[_axis_key("y", len(groups))] = {
            "domain": [bottom, top],
            "anchor": "x",
            "visible": False,
            "range": [strip_rows - 0.5, -0.5],
            "fixedrange": True,
        }
        top = bottom
    _add_panel_axes(layout, groups, heights, top, plot_px)
    # One date axis for every panel, drawn under the lowest (an axis per panel costs the browser
    # more time than it adds).
    layout["xaxis"] = {
        "type": "date",
        "anchor": _axis_id("y", max(0, len(groups) - 1)),
        "gridcolor": GRID,
        "automargin": True,
        **({"range": x_range} if x_range else {}),
        **_day_ticks(x_range),
    }
    layout["annotations"] += [_note_annotation(note, k, plot_px) for k, note in enumerate(notes)]
    if not groups:
        layout["xaxis"] = {"type": "date"}
        layout["yaxis"] = {"type": "linear", "rangemode": "tozero"}
    return layout


#: A date axis spanning fewer days than this is ticked once a day, never in hours.
DAY_TICKS_UNDER = 14
_DAY_MS = 86_400_000


def _day_ticks(x_range: list[str] | None) -> dict:
    """Ticks one a day on an axis of a few days: left to plotly, two days of data were ticked in
    hours ('00:00', '06:00'), which no report is dated by. Written as plotly writes a longer
    axis ('Sep 19', the year once under the first): a year on every tick ('19 Sep 2023') was
    turned upright and cut to '19 Sep 20:' on a phone, which reads as a time."""
    if not x_range:
        return {}
    span = (pd.Timestamp(x_range[1]) - pd.Timestamp(x_range[0])).days
    if span >= DAY_TICKS_UNDER:
        return {}
    return {"tick0": x_range[0], "dtick": _DAY_MS}


def _legend(plot_px: float) -> dict:
    """The legend, in rows under the date axis."""
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": -LEGEND_GAP_PX / plot_px,
        "yanchor": "top",
        "font": {"size": 11},
        "itemwidth": 30,
        "tracegroupgap": 0,
    }


def _add_panel_axes(
    layout: dict, groups: list[Panel], heights: list[int], top: float, plot_px: float
) -> None:
    """A y axis for each panel, stacked down from `top` (a share of the plot's height), with
    its title above it."""
    for n, (panel, px) in enumerate(zip(groups, heights, strict=True)):
        upper = top - GAP_PX / plot_px
        lower = max(0.0, upper - px / plot_px)
        layout[_axis_key("y", n)] = {
            "domain": [lower, upper],
            "anchor": "x",
            "type": "linear",
            "rangemode": "tozero",
            "gridcolor": GRID,
            "zerolinecolor": "#999999",
            "tickformat": "~s",
            "automargin": True,
            "title": {"text": safe(panel.unit), "font": {"size": 11}, "standoff": 4},
        }
        layout["annotations"].append(
            {
                "text": _panel_title(panel),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": upper,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "bgcolor": "white",
                "font": {"size": 12, "color": "#333333"},
            }
        )
        top = lower


def _note_annotation(note: str, k: int, plot_px: float) -> dict:
    """The `k`th note above the chart (what is left out, what is binned)."""
    return {
        "text": note,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1 + (2 + 16 * k) / plot_px,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 10, "color": "#8a4b00"},
    }


def _title(indicator: str, subtype: str | None, unit: str | None) -> str:
    title = VOCABULARY.indicator_label(indicator)
    if subtype:
        title += f": {VOCABULARY.subtype_label(indicator, subtype)}"
    if unit and VOCABULARY.unit_kind(unit) == "currency":
        title += f" ({unit})"
    return safe(title)
