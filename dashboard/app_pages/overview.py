"""Overview (/): where the situation stands, one card per indicator and subtype."""

from __future__ import annotations

import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.filters import apply
from dashboard.kpis import kpis
from dashboard.labels import INDICATOR_LABELS
from dashboard.text import escape_markdown as md

data = appdata.load()
filters = sidebar.render(data)
facts = apply(data.facts, filters)

st.title("Situation overview")
st.caption(
    f"Latest figure of each kind from {filters.start} to {filters.end}. Every number links back to"
    " its sources on the Sources and Data pages."
)
if filters.places:
    hidden = int(
        apply(data.facts, filters.__class__(filters.start, filters.end, filters.indicators))[
            "place"
        ]
        .isna()
        .sum()
    )
    if hidden:
        st.info(f"{hidden} facts that name no place are hidden while places are filtered.")

cards = kpis(facts, data.place_names)
if not cards:
    st.info("No figures in this view. Widen the dates or clear the filters.")
for indicator in INDICATOR_LABELS:
    group = [c for c in cards if c.indicator == indicator]
    if not group:
        continue
    st.subheader(INDICATOR_LABELS[indicator])
    columns = st.columns(min(3, len(group)))
    for i, card in enumerate(group):
        with columns[i % len(columns)], st.container(border=True):
            st.metric(
                card.label,
                card.value_text,
                delta=card.delta,
                delta_color="off",
                help=md(card.change_text),
            )
            sources = "source" if card.n_sources == 1 else "sources"
            st.caption(
                f"as of **{card.as_of}** · {md(card.place)} · {card.n_sources} {sources}:"
                f" {md(card.sources)}"
            )
            if card.note:
                st.caption(md(card.note))
            st.caption(md(card.change_text))
            if card.correction:
                st.info(f"Corrected by a maintainer: {md(card.correction)}")
            if card.disputed_text:
                st.warning(md(card.disputed_text), icon=":material/compare_arrows:")

events = apply(data.events, filters, date_column="date") if len(data.events) else data.events
st.subheader("Key events")
if events.empty:
    st.write("No key events in this period.")
for event in events.sort_values("date").itertuples(index=False):
    place = data.place_names.get(event.place, "") if isinstance(event.place, str) else ""
    st.markdown(
        f"**{event.date}** · {md(event.title)}"
        + (f" · {md(place)}" if place else "")
        + f"  \n:gray[{md(event.note)} (source: {md(event.source)})]"
    )
