"""Sources (/sources): every article and table with figures in the filtered view, by title; a
source's text with its figures marked. The address opens one: `?article=<id>&figure=<id>` shows
that article (or table) with that figure highlighted, which is where every number links to."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import frame
from dashboard.freshness import freshness_table
from dashboard.shared import figure_ids, source_labels, source_shown, sources_listing
from dashboard.text import escape_markdown as md

view = frame.view("sources")
data, filters = view.data, view.filters
ss = st.session_state

st.title("Sources")
listing = sources_listing(data, filters)
links = {"link": st.column_config.LinkColumn("link", display_text="open")}
st.caption(
    f"{len(listing.with_figures)} of {listing.total} sources have figures from {filters.start}"
    f" to {filters.end} with the filters in the sidebar. A link opens the source's own page, or"
    " its text here."
)
st.dataframe(listing.with_figures, hide_index=True, key="sources_table", column_config=links)
if len(listing.without):
    with st.expander(f"Sources with no figures in this view ({len(listing.without)})"):
        st.dataframe(listing.without, hide_index=True, key="sources_silent", column_config=links)

if data.freshness:
    st.subheader("Synced sources")
    st.caption(
        "Declared in sources.yaml and fetched by `python -m loaders sync`: when each was last"
        " synced, when it is next due, its last error and what its last sync left out."
        " Times in UTC."
    )
    table = freshness_table(data.freshness, dt.datetime.now(dt.UTC))
    st.dataframe(table, hide_index=True, key="sources_freshness")

titles = source_labels(data)
options = list(titles)
if not options:
    st.info("No articles or tables in the data folder.")
    st.stop()
wanted = st.query_params.get("article", "")
figure_wanted = st.query_params.get("figure", "")
if wanted and wanted not in titles:
    st.warning(f"No source {md(wanted)} in the data; showing the first one.")
if wanted != ss.get("sources_url_article"):  # a new address opens its article
    ss["sources_url_article"] = wanted
    if wanted in options:
        ss["sources_article"] = wanted
chosen = st.selectbox(
    "Read a source", options, key="sources_article", format_func=lambda i: titles.get(i, i)
)
if chosen != wanted:
    st.query_params["article"] = chosen
    ss["sources_url_article"] = chosen
    figure_wanted = ""
    if "figure" in st.query_params:
        del st.query_params["figure"]

# Only a figure of the data reaches the shared cache's key (an address may name any text).
shown = source_shown(data, chosen, figure_wanted if figure_wanted in figure_ids(data) else "")
st.subheader(shown.title_md)
st.caption(shown.details_md)
if figure_wanted and not shown.linked_md:
    st.warning(f"Figure {md(figure_wanted)} is not one of this source's figures.")
if shown.linked_md:
    st.info(shown.linked_md, icon=":material/my_location:")
if shown.text_md:
    st.markdown(shown.text_md)

st.subheader("Figures from this source")
if not len(shown.figures):
    st.write("No figures from this source.")
else:
    st.dataframe(shown.figures, hide_index=True, key="sources_figures", column_config=links)
if len(shown.rejected):
    st.caption("Rejected by maintainers (not in any table):")
    st.dataframe(shown.rejected, hide_index=True, key="sources_rejected")
st.subheader("Review history")
if not shown.history_md:
    st.caption(
        "No maintainer has reviewed this source's figures yet."
        if shown.kind == "article"
        else "A curated table's rows count as reviewed: a person wrote them."
    )
else:
    st.caption("Who accepted, rejected or corrected which figure, and when (from review.csv).")
    st.markdown(shown.history_md)
