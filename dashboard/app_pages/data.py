"""Data (/data): the filtered figures and facts, downloadable exactly as filtered."""

from __future__ import annotations

import json

import streamlit as st

from dashboard import data as appdata
from dashboard import sidebar
from dashboard.filters import apply
from loaders.output import csv_ready, records

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
for name, table in (("figures", figures), ("facts", facts)):
    st.subheader(name.capitalize())
    st.dataframe(table, hide_index=True, key=f"data_table_{name}")
    left, right = st.columns(2)
    left.download_button(
        f"Download {name} (CSV)",
        csv_ready(table).to_csv(index=False, float_format="%.15g"),
        file_name=f"{name}_{stamp}.csv",
        mime="text/csv",
        key=f"data_csv_{name}",
    )
    right.download_button(
        f"Download {name} (JSON)",
        json.dumps(records(table), ensure_ascii=False, indent=1),
        file_name=f"{name}_{stamp}.json",
        mime="application/json",
        key=f"data_json_{name}",
    )
