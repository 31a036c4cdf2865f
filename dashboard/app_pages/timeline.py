"""Timeline (/timeline): a tab per question, each with its chart of hedges, ranges and numbered key
events. Only the open tab's chart is built and drawn: six charts at once took twice as long to
appear as the page itself; the open tab is in the address (`?timeline_question=...`)."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.labels import INDICATOR_LABELS
from dashboard.shared import events_in, indicators_in, timeline_view
from dashboard.text import escape_markdown as md
from dashboard.timeline.charts import questions_of
from loaders.model.vocabulary import VOCABULARY

view = frame.view("timeline")
data, filters = view.data, view.filters
events = events_in(data, filters)

st.title("Timeline")
st.caption(
    "Lines: counts so far, through the middle of each day's reports; the shaded band spans what"
    " the reports said. Bars: counts of one day. Marks: one per pledge. Marker shape shows the"
    " hedge (▲ more than, ▼ up to, ◆ about...). Numbered circles are key events, listed below."
    " Hover a point for its source and quote; drag to zoom, double-click to see every date."
)
# The tabs come from the whole period and every place, so they stay put while filters change.
offered, first = questions_of(indicators_in(data, None), filters.indicators)
in_view = set(indicators_in(data, filters))
if not offered:
    st.info("No figures in this view. Widen the dates or clear the filters.")
else:
    labels = [INDICATOR_LABELS.get(i, i) for i in offered]
    tabs = st.tabs(
        labels,
        default=labels[offered.index(first) if first in offered else 0],
        key="timeline_question",
        bind="query-params",
    )
    for indicator, tab in zip(offered, tabs, strict=True):
        if not tab.open:
            continue
        with tab:
            st.subheader(md(VOCABULARY.indicators[indicator].question), anchor=False)
            if indicator not in in_view:
                st.info("No figures for this question in this view. Widen the dates or places.")
                continue
            st.plotly_chart(
                timeline_view(data, filters, indicator),
                key=f"timeline_chart_{indicator}",
                config={"displaylogo": False, "responsive": True},
            )
if len(events):
    st.subheader("Key events", anchor=False)
    st.markdown(
        "\n".join(
            f"{int(n)}. {md(str(d))}: {md(str(t))}"
            for n, d, t in events[["number", "date", "title"]].itertuples(index=False)
        )
    )
