"""Entry point: `streamlit run dashboard/app.py`. Pages are files in dashboard/app_pages/."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import auth  # noqa: E402 - after the path is set
from dashboard.data import load  # noqa: E402 - after the path is set
from dashboard.text import escape_markdown as md  # noqa: E402

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Situation dashboard", layout="wide")
pages = [
    st.Page(PAGES / "overview.py", title="Overview", default=True),
    st.Page(PAGES / "timeline.py", title="Timeline"),
    st.Page(PAGES / "map.py", title="Map"),
    st.Page(PAGES / "sources.py", title="Sources"),
    st.Page(PAGES / "data.py", title="Data"),
]
if auth.review_enabled():  # off without a sign-in provider (or local single-maintainer mode)
    pages.append(st.Page(PAGES / "review.py", title="Review"))
navigation = st.navigation(pages)
title = load().situation.title
if title:  # the situation's name on every page and in the browser tab
    st.set_page_config(page_title=f"{title} · {navigation.title}")
    st.markdown(f"**{md(title)}**")
navigation.run()
