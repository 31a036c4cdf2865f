"""Key events on a timeline chart: numbered markers on a strip above the panels, placed in rows
so that no two numbers overlap, with a faint line through the panels; the page lists the events
by number, so long titles never collide on the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.labels import safe

#: Event numbers on one row of the strip are at least this share of the period apart.
EVENT_GAP = 0.06
#: The strip has at most this many rows: more events share the row that has been free longest
#: (their numbers may touch; the page lists every event), so the chart's height stays bounded.
MAX_STRIP_ROWS = 6
#: Faint lines through the panels are drawn for at most this many events (beyond, they would
#: grey the panels out and each is a shape plotly lays out on every run).
MAX_EVENT_LINES = 60


def numbered_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events in date order with their number on the charts (1, 2, ...)."""
    out = events.sort_values("date", kind="stable").reset_index(drop=True)
    return out.assign(number=np.arange(1, len(out) + 1))


def event_rows(day_values: list[np.datetime64], start: np.datetime64, span: float) -> list[int]:
    """A row per event so that numbers on one row are at least EVENT_GAP of the period apart,
    in at most MAX_STRIP_ROWS rows."""
    last: list[float] = []
    rows = []
    for d in day_values:
        at = float((d - start).astype(int))
        row = next((r for r, x in enumerate(last) if at - x >= EVENT_GAP * span), len(last))
        if row == MAX_STRIP_ROWS:
            row = min(range(MAX_STRIP_ROWS), key=last.__getitem__)
        elif row == len(last):
            last.append(at)
        last[row] = at
        rows.append(row)
    return rows


def event_strip(events: pd.DataFrame, lo: np.datetime64, hi: np.datetime64, axes: dict):
    """The strip's trace, its number of rows, and the faint lines through the panels."""
    if events.empty:
        return None, 0, []
    day_values = pd.to_datetime(events["date"]).to_numpy(dtype="datetime64[D]")
    keep = (day_values >= lo) & (day_values <= hi)
    shown = events[keep]
    if shown.empty:
        return None, 0, []
    shown_days = list(day_values[keep])
    span = max(1.0, float((hi - lo).astype(int)))
    rows = event_rows(shown_days, lo, span)
    trace = {
        "type": "scatter",
        "x": [str(d) for d in shown_days],
        "y": rows,
        "mode": "markers+text",
        "text": [str(n) for n in shown["number"]],
        "textfont": {"size": 10, "color": "#222222"},
        "marker": {"size": 17, "color": "white", "line": {"width": 1.2, "color": "#555555"}},
        "hovertext": [
            safe(f"{n}. {d}: {t}")
            for n, d, t in zip(shown["number"], shown["date"], shown["title"], strict=True)
        ],
        "hoverinfo": "text",
        "name": "key events",
        "showlegend": False,
        "cliponaxis": False,
        **axes,
    }
    lines = [
        {
            "type": "line",
            "xref": "x",
            "x0": str(d),
            "x1": str(d),
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "layer": "below",
            "line": {"color": "#b0b0b0", "width": 1, "dash": "dot"},
        }
        for d in (shown_days if len(shown_days) <= MAX_EVENT_LINES else [])
    ]
    return trace, max(rows) + 1, lines
