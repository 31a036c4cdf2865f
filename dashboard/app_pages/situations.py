"""Situations (/ when a deployment serves several, else not listed): every situation of the
folder `$SITUATIONS` names, each with its headline (the overview's first estimate that may stand
for the whole situation, or none), how fresh its data are, and a link that opens it."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.pages import page
from dashboard.shared import situation_summary
from dashboard.text import escape_markdown as md

st.title("Situations")
note = frame.message()
if note:
    st.error(md(note) + " Choose one of the situations below.", icon=":material/link_off:")
several = frame.catalogue()
if several is None:
    st.info("This dashboard shows one situation.")
    st.page_link(page("overview").file, label="Open it", icon=":material/arrow_forward:")
    st.stop()
for problem in several.problems.problems:
    st.warning(f"{md(problem.path)}: {md(problem.message)}", icon=":material/folder_off:")
if not several.situations:
    st.info(
        "No situation folders yet: each is a data folder (`python -m loaders init FOLDER`) with"
        " its situation.yaml, inside the folder SITUATIONS names."
    )
st.caption(
    "Each situation's headline is the first estimate of its overview that stands for the whole"
    " situation, is recent and has sources; none is shown when no estimate does."
)
columns = st.columns(3)
for n, entry in enumerate(several.situations):
    summary = situation_summary(entry.folder)
    with columns[n % 3], st.container(border=True, key=f"situations_card_{entry.name}"):
        st.page_link(
            page("overview").file,
            label=f"**{md(entry.title)}**",
            icon=":material/arrow_forward:",
            query_params={frame.SITUATION_PARAM: entry.name},
        )
        if summary.value:
            st.metric(summary.label, summary.value)
            st.caption(f"as of {md(summary.as_of)}")
            st.caption("Sources: " + summary.sources_md)
        else:
            st.caption("No headline: no estimate for the whole situation is recent and sourced.")
        freshness = (
            f"Newest figure: {md(summary.newest or 'none yet')} · {summary.figures:,} figures"
            + (f" · built {md(summary.built)}" if summary.built else " · not built")
            + (f" · {summary.errors:,} data errors" if summary.errors else "")
        )
        st.caption(freshness)
