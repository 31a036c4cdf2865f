"""The frame every page is drawn in (Streamlit's `st.navigation` "picture frame"): `app.py`
declares the pages (`dashboard/pages.py`), then for every run loads the situation's data once,
draws its title and the sidebar, and hands the page a `View`. Pages read `view(name)` instead of
each loading the data and drawing the sidebar again.

The view lives in the session's state for one run only: the frame sets it before the page runs
and clears it at the start of the next run, so a page never sees another run's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import sidebar
from dashboard.data import AppData, load
from dashboard.filters import Filters
from dashboard.pages import PageSpec, page
from dashboard.text import escape_markdown as md

#: Where the frame leaves this run's view for the page (session state, one key).
VIEW_KEY = "frame_view"


@dataclass(frozen=True)
class View:
    """What a page draws from: the situation's data and the filters of the sidebar (the whole
    default period for a page without filters)."""

    data: AppData
    filters: Filters


def framed(spec: PageSpec, root: Path | None = None) -> View:
    """Load the data of the folder `root` (default: the one `DataFolder.choose` means), write
    the situation's title, draw the sidebar when the page has filters: once per run."""
    data = load(root)
    title = data.situation.title
    if title:  # the situation's name on every page and in the browser tab
        st.set_page_config(page_title=f"{title} · {spec.title}")
        st.markdown(f"**{md(title)}**")
    whole = Filters(data.period.start, data.period.end)
    return View(data, sidebar.render(data) if spec.filters else whole)


def hand_over(view: View) -> None:
    """Leave `view` for the page this run draws."""
    st.session_state[VIEW_KEY] = view


def forget() -> None:
    """Drop the last run's view (the frame calls this first thing in every run)."""
    st.session_state.pop(VIEW_KEY, None)


def view(name: str) -> View:
    """The view the frame set up for page `name` in this run. A page run on its own (AppTest
    on one page file, no frame) sets it up here, the same way."""
    current = st.session_state.get(VIEW_KEY)
    return current if isinstance(current, View) else framed(page(name))
