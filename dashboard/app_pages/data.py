"""Data (/data): the filtered figures and facts, downloadable exactly as filtered."""

from __future__ import annotations

import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.filters import apply
from loaders.publish.exports import render
from loaders.publish.output import csv_ready, public

data = appdata.load()
filters = sidebar.render(data)
figures = apply(data.figures, filters)
facts = apply(data.facts, filters)

st.title("Data")
st.caption(
    f"{len(figures)} figures and {len(facts)} facts from {filters.start} to {filters.end}."
    " Downloads hold exactly the rows shown."
)
stamp = f"{filters.start}_{filters.end}"
places = data.places if not filters.places else data.places[data.places["id"].isin(filters.places)]

st.subheader("Figures")
st.dataframe(public(figures), hide_index=True, key="data_table_figures")
forms = [
    ("csv", "CSV", "text/csv", "csv"),
    ("hxl", "HXL (tagged CSV)", "text/csv", "hxl.csv"),
    ("json", "JSON", "application/json", "json"),
    ("geojson", "GeoJSON (places with latest facts)", "application/geo+json", "geojson"),
]
for column, (fmt, label, mime, ext) in zip(st.columns(len(forms)), forms, strict=True):
    column.download_button(
        label,
        render(fmt, figures, facts, places),
        file_name=f"figures_{stamp}.{ext}",
        mime=mime,
        key=f"data_download_{fmt}",
    )

st.subheader("Facts")
st.caption("One row per claim with all its sources; disputed rows have a disagreeing source.")
st.dataframe(public(facts), hide_index=True, key="data_table_facts")
st.download_button(
    "Facts (CSV)",
    csv_ready(facts).to_csv(index=False, float_format="%.15g"),
    file_name=f"facts_{stamp}.csv",
    mime="text/csv",
    key="data_download_facts",
)
if len(data.rejected):
    st.subheader("Rejected by maintainers")
    st.caption("Left out of every table above; listed with the reason from corrections.csv.")
    st.dataframe(
        data.rejected[["id", "source", "indicator", "subtype", "value", "as_of", "reason"]],
        hide_index=True,
        key="data_table_rejected",
    )
