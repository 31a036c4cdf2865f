"""Data (/data): the filtered figures and facts, a page of rows at a time, downloadable exactly as
filtered. A download is made only when its button is pressed, so a rerun with a million rows
costs what the other pages cost, and is written a batch of rows at a time as the store streams
them."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import frame
from dashboard.data import PROBLEM_COLUMNS
from dashboard.links import readable_table
from dashboard.shared import count, page
from dashboard.text import escape_markdown
from loaders.publish.exports import write_batches
from loaders.publish.output import csv_text, public

#: Rows shown per page of a table.
PAGE_ROWS = 500

view = frame.view("data")
data, filters = view.data, view.filters
sizes = {table: count(data, table, filters) for table in ("figures", "facts")}

st.title("Data")
st.caption(
    f"{sizes['figures']:,} figures and {sizes['facts']:,} facts"
    f" from {filters.start.isoformat()} to {filters.end.isoformat()}."
    " Downloads hold exactly the rows selected, all of them."
)
if len(data.problems):
    st.caption(
        f"{len(data.problems):,} data problems: [listed at the end of this page](#data-problems)."
    )
#: Downloads are named after the situation (when the deployment serves several) and the dates.
stamp = "_".join(filter(None, (view.situation, str(filters.start), str(filters.end))))


def page_of(table: str, key: str) -> pd.DataFrame:
    """The rows of the page chosen under the table (PAGE_ROWS at a time), read from the store."""
    pages = max(1, -(-sizes[table] // PAGE_ROWS))
    if pages == 1:
        return page(data, table, filters, 0, PAGE_ROWS)
    chosen = st.number_input(
        f"Page (of {pages:,}, {PAGE_ROWS} rows each)",
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key=key,
        width=220,
    )
    start = (int(chosen) - 1) * PAGE_ROWS
    return page(data, table, filters, start, PAGE_ROWS)


titles = dict(zip(data.sources["id"], data.sources["title"], strict=True))
as_exported = st.toggle(
    "Show the records as exported (codes and plain numbers)", key="data_as_exported"
)


def shown(key: str) -> None:
    """A page of rows: as people read them (labels, hedged values, a link to each source) or,
    on request, exactly as the downloads hold them."""
    rows = page_of(key, f"data_page_{key}")
    if as_exported:
        st.dataframe(public(rows), hide_index=True, key=f"data_table_{key}")
        return
    table = readable_table(rows, data.place_names, titles, view.situation)
    # The id last, as on the Sources page: first, it pushed the value off a phone's screen.
    table["id"] = rows["id"].to_numpy()
    if "quote" in rows:
        table["quote"] = rows["quote"].astype(object).fillna("").to_numpy()
    st.dataframe(
        table,
        hide_index=True,
        key=f"data_table_{key}",
        column_config={"link": st.column_config.LinkColumn("source link", display_text="open")},
    )


def later(make: Callable[[], str]) -> Callable[[], bytes]:
    """The download's contents, made only when the button is pressed."""
    return lambda: make().encode("utf-8")


st.subheader("Figures")
shown("figures")
forms = [
    ("csv", "CSV", "text/csv", "csv"),
    ("hxl", "HXL (tagged CSV)", "text/csv", "hxl.csv"),
    ("json", "JSON", "application/json", "json"),
    ("geojson", "GeoJSON (places with latest facts)", "application/geo+json", "geojson"),
]


def export(fmt: str) -> bytes:
    """The filtered figures (or, for "facts", the facts) in the format `fmt`, made when the
    button is pressed: written to a temporary file a batch of rows at a time as the store
    streams them (`write_batches`), so the server never holds every row in view, only the
    file's bytes that Streamlit serves."""
    table = "facts" if fmt == "facts" else "figures"
    latest = data.query.latest_rows(filters) if fmt == "geojson" else None
    with tempfile.TemporaryFile() as out:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        write_batches(
            fmt,
            data.query.batches(table, filters),
            text,
            data.places,  # all of them: they decide what is this situation's
            facts=latest,
            listed=filters.places or None,
        )
        text.flush()
        text.detach()
        out.seek(0)
        return out.read()


# A row that wraps, each button as wide as its label: equal columns cut a long label short.
downloads = st.container(horizontal=True, key="data_downloads")
for fmt, label, mime, ext in forms:
    downloads.download_button(
        escape_markdown(label),
        partial(export, fmt),
        file_name=f"figures_{stamp}.{ext}",
        mime=mime,
        key=f"data_download_{fmt}",
        on_click="ignore",
    )

st.subheader("Facts")
st.caption("One row per claim with all its sources; disputed rows have a disagreeing source.")
shown("facts")
st.download_button(
    "Facts (CSV)",
    partial(export, "facts"),
    file_name=f"facts_{stamp}.csv",
    mime="text/csv",
    key="data_download_facts",
    on_click="ignore",
)
if len(data.rejected):
    st.subheader("Rejected by maintainers")
    st.caption("Left out of every table above; listed with the reason from corrections.csv.")
    st.dataframe(
        data.rejected[["id", "source", "indicator", "subtype", "value", "as_of", "reason"]],
        hide_index=True,
        key="data_table_rejected",
    )

st.subheader("Data problems", anchor="data-problems")
if data.problems.empty:
    st.caption("No problems in the data files.")
else:
    st.caption(
        "Every problem found in the data folder: its code, the file, line and field, what is"
        " wrong and what would be right. Rows with an error are left out of the tables above."
    )
    st.dataframe(
        data.problems[PROBLEM_COLUMNS],
        hide_index=True,
        key="data_table_problems",
        column_config={
            "code": st.column_config.TextColumn(
                help="The kind of problem: the README's list of problem types says what each"
                " code means and what would be right."
            ),
            "message": st.column_config.TextColumn(width="large"),
        },
    )
    st.download_button(
        "Problems (CSV)",
        later(lambda: csv_text(data.problems)),
        file_name=f"problems_{view.situation}.csv" if view.situation else "problems.csv",
        mime="text/csv",
        key="data_download_problems",
        on_click="ignore",
    )
