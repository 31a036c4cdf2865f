"""Timeline (/timeline): how each indicator changed, with hedges, ranges and key events."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.charts import timeline_figure
from dashboard.filters import apply
from dashboard.labels import INDICATOR_LABELS

data = appdata.load()
filters = sidebar.render(data)
facts = apply(data.facts, filters)
events = apply(data.events, filters, date_column="date") if len(data.events) else data.events

st.title("Timeline")
st.caption(
    "Marker shape shows the hedge (▲ more than, ▼ up to, ◆ about...); vertical bars show ranges;"
    " dotted lines are key events. Hover a point for its source and quote."
)
present = set(pd.unique(facts["indicator"])) if len(facts) else set()
shown = [i for i in INDICATOR_LABELS if i in present]
if not shown:
    st.info("No figures in this view. Widen the dates or clear the filters.")
charts = []
for indicator in shown:
    if indicator == "aid":  # tonnes, vehicles and each currency need an axis of their own
        aid = facts.loc[facts["indicator"] == "aid", ["subtype", "unit"]].drop_duplicates()
        pairs = sorted(zip(aid["subtype"].astype(str), aid["unit"].astype(str), strict=True))
        charts.extend(("aid", subtype, unit) for subtype, unit in pairs)
    else:
        charts.append((indicator, None, None))
for indicator, subtype, unit in charts:
    figure = timeline_figure(facts, events, indicator, data.place_names, subtype, unit)
    st.plotly_chart(
        figure,
        key=f"timeline_chart_{indicator}_{subtype or 'all'}_{unit or 'all'}",
        config={"displaylogo": False, "responsive": True},
    )
