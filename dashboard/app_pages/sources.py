"""Sources (/sources): every article and table; an article's text with its figures marked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.labels import INDICATOR_LABELS, SUBTYPE_LABELS, hedged
from dashboard.text import escape_markdown as md
from dashboard.text import paragraph_markdown, paragraphs

data = appdata.load()
sidebar.render(data)

st.title("Sources")
sources = data.sources.copy()
sources["url"] = sources["url"].where(sources["url"].str.match(r"^https?://", na=False), None)
st.dataframe(
    sources[["id", "kind", "date", "outlet", "title", "url", "figures", "note"]],
    hide_index=True,
    key="sources_table",
    column_config={"url": st.column_config.LinkColumn("link")},
)

articles = data.sources[data.sources["kind"] == "article"]["id"].tolist()
if not articles:
    st.info("No articles in the data folder.")
    st.stop()
chosen = st.selectbox("Read an article", articles, key="sources_article")
meta = data.sources.set_index("id").loc[chosen]
st.subheader(md(meta["title"] or chosen))
st.caption(
    f"{meta['date']} · {md(meta['outlet'] or 'outlet not recorded')} ·"
    f" {md(Path(meta['path']).name)}" + (f"  \n{md(meta['note'])}" if meta["note"] else "")
)
figures = data.figures[data.figures["source"] == chosen].sort_values("start").reset_index(drop=True)
body = data.bodies.get(chosen, "")
spans = list(zip(figures["start"].astype(int), figures["end"].astype(int), strict=True))
for paragraph in paragraphs(body, spans):
    st.markdown(paragraph_markdown(paragraph))

st.subheader("Figures read from this article")
if figures.empty:
    st.write("The extractor found no figures in this article.")
else:
    table = pd.DataFrame(
        {
            "#": range(1, len(figures) + 1),
            "text": [body[s:e] for s, e in spans],
            "indicator": figures["indicator"].map(INDICATOR_LABELS),
            "subtype": figures["subtype"].map(lambda s: SUBTYPE_LABELS.get(s, s)),
            "value": [
                hedged(v, None if pd.isna(m) else m, q, u)
                for v, m, q, u in zip(
                    figures["value"],
                    figures["value_max"],
                    figures["qualifier"],
                    figures["unit"],
                    strict=True,
                )
            ],
            "hedge": figures["qualifier"],
            "as of": figures["as_of"].astype(str),
            "place": figures["place"].map(lambda p: data.place_names.get(p, "not stated")),
            "derived": figures["derived"],
            "correction": figures["correction"],
            "id": figures["id"],
        }
    )
    st.dataframe(table, hide_index=True, key="sources_figures")
rejected = data.rejected[data.rejected["source"] == chosen] if len(data.rejected) else data.rejected
if len(rejected):
    st.caption("Rejected by maintainers (not in any table):")
    st.dataframe(
        rejected[["id", "indicator", "subtype", "value", "reason"]],
        hide_index=True,
        key="sources_rejected",
    )
