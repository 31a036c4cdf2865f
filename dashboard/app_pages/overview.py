"""Overview (/): the headline estimates, one per question, with their ranges and sources; then
the latest figure of every kind by place and group, and the key events. What it shows is built
once per data load and view for every session (`dashboard/shared.py`); a run lays it out."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.headlines import NOT_CURRENT, Card, last_known
from dashboard.links import left_out_markdown
from dashboard.shared import key_events, latest_table, overview_cards, placeless_hidden
from dashboard.sparkline import sparkline_alt, sparkline_svg
from dashboard.text import escape_markdown as md

view = frame.view("overview")
data, filters = view.data, view.filters

st.title("Situation overview")
st.caption(
    f"Headline estimates from {filters.start.isoformat()} to {filters.end.isoformat()}: for"
    " each question, the latest"
    " well-supported figure for the whole situation"
    + (" within the places chosen" if filters.places else "")
    + ", the range other sources reported, and a link to every source."
)
period = data.period
if period.left_out and (filters.start, filters.end) == (period.start, period.end):
    st.info(left_out_markdown(period, situation=view.situation), icon=":material/date_range:")
if filters.places:
    hidden = placeless_hidden(data, filters)
    if hidden:
        st.info(f"{hidden} facts that name no place are hidden while places are filtered.")

every_card = overview_cards(data, filters, view.situation)
strip = [c for c in every_card if not c.headline.stale]
if not strip:
    st.info(
        "No figure in this view answers a headline question for the whole situation."
        " Widen the dates or clear the filters; the figures found are listed below."
    )


def show(card: Card) -> None:
    """One headline: the metric with its sparkline, how it was reached, its sources."""
    head = card.headline
    st.metric(
        head.label,
        head.value_text,
        delta=head.delta,
        delta_color="off",
        delta_arrow=head.delta_arrow,
        help=card.help,
    )
    line = sparkline_svg(head.sparkline)
    if line:
        st.image(line, width="stretch", alt=sparkline_alt(head.sparkline))
    st.caption(card.caption)
    st.caption("Sources: " + head.sources_md)
    if card.unchecked:
        st.caption(":orange[Rests on figures no maintainer has reviewed yet.]")
    if card.parts:
        with st.expander(head.parts_title, expanded=False):
            st.markdown(card.parts)
    for text in head.above_whole_md:
        st.warning(
            "Higher than the whole, so not one of its parts (another count or another day): "
            + text,
            icon=":material/warning:",
        )
    for text in head.unconfirmed_md:
        st.warning("Unconfirmed, not headlined: " + text, icon=":material/help:")


whole = [c for c in strip if not c.headline.incident]
for i, card in enumerate(whole):
    if i % 3 == 0:
        columns = st.columns(3)
    with columns[i % 3], st.container(border=True, key=f"overview_card_{i}"):
        show(card)
incidents: dict[str, list[Card]] = {}
for card in strip:
    if card.headline.incident:
        incidents.setdefault(card.headline.incident, []).append(card)
if incidents:
    st.subheader("Single incidents")
for n, (incident, cards) in enumerate(incidents.items()):
    with st.container(border=True, key=f"overview_incident_{n}"):
        st.markdown(f"**{md(incident)}**")
        for column, card in zip(st.columns(len(cards)), cards, strict=True):
            with column:
                show(card)
stale = [last_known(c) for c in every_card if c.headline.stale]
if stale:
    st.subheader("Not current")
    st.caption(NOT_CURRENT)
    st.markdown("\n".join(stale))

st.subheader("Latest figure of every kind, by place and group")
st.caption(
    "Reported counts of this situation only: projections, rates and figures about another"
    " event or year are on the Timeline and Data pages."
)
latest = latest_table(data, filters, view.situation)
if not len(latest):
    st.write("No figures in this view.")
else:
    st.dataframe(
        latest,
        hide_index=True,
        key="overview_latest",
        column_config={"link": st.column_config.LinkColumn("source link", display_text="open")},
    )

st.subheader("Key events")
events = key_events(data, filters, view.situation)
if not events:
    st.write("No key events in this period.")
else:
    st.markdown(events)
