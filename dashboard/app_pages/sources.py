"""Sources (/sources): every article and table with figures in the filtered view, by title; a
source's text with its figures marked. The address opens one: `?article=<id>&figure=<id>` shows
that article (or table) with that figure highlighted, which is where every number links to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import frame
from dashboard.freshness import freshness_table
from dashboard.links import (
    markdown_link,
    readable_table,
    review_history,
    safe_url,
    sources_page_href,
)
from dashboard.shared import sources_in
from dashboard.text import escape_markdown as md
from dashboard.text import paragraph_markdown, paragraphs

view = frame.view("sources")
data, filters = view.data, view.filters
ss = st.session_state

st.title("Sources")
counts = pd.Series(sources_in(data, filters), dtype=int)
titles = {
    sid: (title or sid)
    for sid, title in zip(data.sources["id"], data.sources["title"], strict=True)
}
listing = pd.DataFrame(
    {
        "title": data.sources["id"].map(titles),
        "figures in view": data.sources["id"].map(counts).fillna(0).astype(int),
        "link": [
            safe_url(u) or sources_page_href(i, situation=view.situation)
            for i, u in zip(data.sources["id"], data.sources["url"], strict=True)
        ],
        "kind": data.sources["kind"],
        "date": data.sources["date"].astype(str).replace({"None": "", "NaT": ""}),
        "outlet": data.sources["outlet"].fillna(""),
        "id": data.sources["id"],
    }
)
shown = listing[listing["figures in view"] > 0].sort_values("figures in view", ascending=False)
links = {"link": st.column_config.LinkColumn("link", display_text="open")}
st.caption(
    f"{len(shown)} of {len(listing)} sources have figures from {filters.start.isoformat()} to"
    f" {filters.end.isoformat()}"
    " with the filters in the sidebar. A link opens the source's own page, or its text here."
)
st.dataframe(shown, hide_index=True, key="sources_table", column_config=links)
silent = listing[listing["figures in view"] == 0]
if len(silent):
    with st.expander(f"Sources with no figures in this view ({len(silent)})"):
        st.dataframe(silent, hide_index=True, key="sources_silent", column_config=links)

if data.freshness:
    st.subheader("Synced sources")
    st.caption(
        "Declared in sources.yaml and fetched by `python -m loaders sync`: when each was last"
        " synced, when it is next due, its last error and what its last sync left out."
        " Times in UTC."
    )
    table = freshness_table(data.freshness, dt.datetime.now(dt.UTC))
    st.dataframe(table, hide_index=True, key="sources_freshness")

options = data.sources["id"].tolist()
if not options:
    st.info("No articles or tables in the data folder.")
    st.stop()
wanted = st.query_params.get("article", "")
figure_wanted = st.query_params.get("figure", "")
if wanted and wanted not in options:
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

meta = data.sources.set_index("id").loc[chosen]
st.subheader(md(titles.get(chosen, chosen)))
url = safe_url(meta["url"])
st.caption(
    f"{md(str(meta['date']))} · {md(meta['outlet'] or 'outlet not recorded')} ·"
    f" {md(Path(meta['path']).name)}"
    + (f" · {markdown_link('original', url)}" if url else "")
    + (f"  \n{md(meta['note'])}" if meta["note"] else "")
)
figures = data.query.source_rows("figures", chosen).sort_values("start").reset_index(drop=True)
picked = figures.index[figures["id"] == figure_wanted].tolist() if figure_wanted else []
if figure_wanted and not picked:
    st.warning(f"Figure {md(figure_wanted)} is not one of this source's figures.")
if picked:
    row = figures.loc[picked[0]]
    text = readable_table(figures.loc[[picked[0]]], data.place_names).iloc[0]
    st.info(
        f"Figure {int(picked[0]) + 1}: **{md(text['what'])}** {md(text['value'])}"
        f" as of {md(text['as of'])}"
        + (f" · {md(text['place'])}" if text["place"] else "")
        + (f"  \n“{md(str(row['quote']))}”" if row["quote"] else ""),
        icon=":material/my_location:",
    )

if meta["kind"] == "article":
    body = data.bodies.get(chosen, "")
    spans = list(zip(figures["start"].astype(int), figures["end"].astype(int), strict=True))
    for paragraph in paragraphs(body, spans):
        markdown = paragraph_markdown(paragraph)
        for segment in paragraph:
            if picked and segment.figure == picked[0] + 1:
                plain = paragraph_markdown([segment])
                marked = plain.replace(":orange-background[", ":blue-background[", 1)
                markdown = markdown.replace(plain, marked + " :blue[**◀ linked figure**]")
        st.markdown(markdown)

st.subheader("Figures from this source")
if figures.empty:
    st.write("No figures from this source.")
else:
    table = readable_table(figures, data.place_names, situation=view.situation)
    table.insert(0, "#", range(1, len(figures) + 1))
    if meta["kind"] == "article":
        body = data.bodies.get(chosen, "")
        ends = zip(figures["start"], figures["end"], strict=True)
        table.insert(1, "text", [body[int(s) : int(e)] for s, e in ends])
    table.insert(0, "linked", ["▶" if i in picked else "" for i in range(len(figures))])
    table["id"] = figures["id"]
    st.dataframe(
        table.drop(columns=["source"]),
        hide_index=True,
        key="sources_figures",
        column_config=links,
    )
rejected = data.rejected[data.rejected["source"] == chosen] if len(data.rejected) else data.rejected
if len(rejected):
    st.caption("Rejected by maintainers (not in any table):")
    columns = ["id", "indicator", "subtype", "value", "reason", "reviewed_by", "reviewed_at"]
    st.dataframe(
        rejected[[c for c in columns if c in rejected]],
        hide_index=True,
        key="sources_rejected",
    )
history = review_history(data.decisions, {*figures["id"], *rejected.get("id", [])})
st.subheader("Review history")
if not history:
    st.caption(
        "No maintainer has reviewed this source's figures yet."
        if meta["kind"] == "article"
        else "A curated table's rows count as reviewed: a person wrote them."
    )
else:
    st.caption("Who accepted, rejected or corrected which figure, and when (from review.csv).")
    st.markdown("\n".join(f"- {md(line)}" for line in history))
