"""Overview (/): the headline estimates, one per question, with their ranges and sources; then
the latest figure of every kind by place and group, and the key events."""

from __future__ import annotations

import streamlit as st

from dashboard import data as appdata
from dashboard import frame
from dashboard.filters import apply
from dashboard.headlines import Headline, headlines, unreviewed_basis
from dashboard.links import left_out_markdown, markdown_link, readable_table, source_href
from dashboard.shared import filtered, latest_view
from dashboard.text import escape_markdown as md

view = frame.view("overview")
data, filters = view.data, view.filters
facts = filtered(data, "facts", filters)

st.title("Situation overview")
st.caption(
    f"Headline estimates from {filters.start} to {filters.end}: for each question, the latest"
    " well-supported figure for the whole situation"
    + (" within the places chosen" if filters.places else "")
    + ", the range other sources reported, and a link to every source."
)
period = data.period
if period.left_out and (filters.start, filters.end) == (period.start, period.end):
    st.info(left_out_markdown(period, situation=view.situation), icon=":material/date_range:")
if filters.places:
    everywhere = filters.__class__(filters.start, filters.end, filters.indicators)
    hidden = int(apply(data.facts, everywhere)["place"].isna().sum())
    if hidden:
        st.info(f"{hidden} facts that name no place are hidden while places are filtered.")

titles = dict(zip(data.sources["id"], data.sources["title"], strict=True))
found = appdata.headline_estimates(data, filters)
strip = headlines(found, data.place_names, view.situation)
unchecked = {
    id(card)
    for card, flag in zip(strip, unreviewed_basis(found, data.facts, data.figures), strict=True)
    if flag
}
if not strip:
    st.info(
        "No figure in this view answers a headline question for the whole situation."
        " Widen the dates or clear the filters; the figures found are listed below."
    )


def show(card: Headline) -> None:
    """One headline: the metric with its sparkline, how it was reached, its sources."""
    st.metric(
        card.label,
        card.value_text,
        delta=card.delta,
        delta_color="off",
        help=md(card.question),
        chart_data=list(card.sparkline) if len(card.sparkline) > 1 else None,
        chart_type="line",
    )
    st.caption("  \n".join(md(line) for line in card.lines))
    st.caption("Sources: " + card.sources_md)
    if id(card) in unchecked:
        st.caption(":orange[Rests on figures no maintainer has reviewed yet.]")
    if card.parts:
        lines = [f"- **{c[0]}**: {c[1]} ({c[2]}) · {c[3]}" for c in card.parts]
        with st.expander(card.parts_title, expanded=False):
            st.markdown("\n".join(lines))
    for text in card.unconfirmed_md:
        st.warning("Unconfirmed, not headlined: " + text, icon=":material/help:")


whole = [c for c in strip if not c.incident]
for i, card in enumerate(whole):
    if i % 3 == 0:
        columns = st.columns(3)
    with columns[i % 3], st.container(border=True, key=f"overview_card_{i}"):
        show(card)
incidents: dict[str, list[Headline]] = {}
for card in strip:
    if card.incident:
        incidents.setdefault(card.incident, []).append(card)
if incidents:
    st.subheader("Single incidents")
for n, (incident, cards) in enumerate(incidents.items()):
    with st.container(border=True, key=f"overview_incident_{n}"):
        st.markdown(f"**{md(incident)}**")
        for column, card in zip(st.columns(len(cards)), cards, strict=True):
            with column:
                show(card)

st.subheader("Latest figure of every kind, by place and group")
latest = latest_view(data, filters)
if latest.empty:
    st.write("No figures in this view.")
else:
    st.dataframe(
        readable_table(latest, data.place_names, titles, view.situation),
        hide_index=True,
        key="overview_latest",
        column_config={"link": st.column_config.LinkColumn("source link", display_text="open")},
    )

events = apply(data.events, filters, date_column="date") if len(data.events) else data.events
st.subheader("Key events")
if events.empty:
    st.write("No key events in this period.")
for event in events.sort_values("date").itertuples(index=False):
    place = data.place_names.get(event.place, "") if isinstance(event.place, str) else ""
    source = markdown_link(
        titles.get(event.source, event.source),
        source_href(event.source, event.source, situation=view.situation),
    )
    st.markdown(
        f"**{event.date}** · {md(event.title)}"
        + (f" · {md(place)}" if place else "")
        + f"  \n:gray[{md(event.note)}] · source: {source}"
    )
