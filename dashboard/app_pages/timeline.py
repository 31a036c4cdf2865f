"""Timeline (/timeline): one chart per question, with hedges, ranges and numbered key events."""

from __future__ import annotations

import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.charts import chart_indicators, timeline_figure
from dashboard.event_marks import numbered_events
from dashboard.filters import apply
from dashboard.text import escape_markdown as md
from loaders.model.vocabulary import VOCABULARY

data = appdata.load()
filters = sidebar.render(data)
facts = apply(data.facts, filters)
events = apply(data.events, filters, date_column="date") if len(data.events) else data.events
events = numbered_events(events)

st.title("Timeline")
st.caption(
    "Lines: counts so far, through the middle of each day's reports; the shaded band spans what"
    " the reports said. Bars: counts of one day. Marks: one per pledge. Marker shape shows the"
    " hedge (▲ more than, ▼ up to, ◆ about...). Numbered circles are key events, listed below."
    " Hover a point for its source and quote; drag to zoom, double-click to see every date."
)
shown = chart_indicators(facts)
if not shown:
    st.info("No figures in this view. Widen the dates or clear the filters.")
for indicator in shown:
    st.subheader(md(VOCABULARY.indicators[indicator].question), anchor=False)
    st.plotly_chart(
        timeline_figure(facts, events, indicator, data.place_names),
        key=f"timeline_chart_{indicator}",
        config={"displaylogo": False, "responsive": True},
    )
if len(events):
    st.subheader("Key events", anchor=False)
    st.markdown(
        "\n".join(
            f"{n}. {md(str(d))}: {md(str(t))}"
            for n, d, t in events[["number", "date", "title"]].itertuples(index=False)
        )
    )
