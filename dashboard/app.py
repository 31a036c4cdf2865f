"""Entry point: `streamlit run dashboard/app.py`. The frame of every page (`dashboard/frame.py`):
the pages declared in `dashboard/pages.py` (files in dashboard/app_pages/), the data loaded and
the sidebar drawn once per run, then the page the address names."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import auth, frame  # noqa: E402 - after the path is set
from dashboard.pages import PAGES  # noqa: E402

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="Situation dashboard", layout="wide")
frame.forget()
listed = [
    spec
    for spec in PAGES
    if spec.audience == "viewers" or (spec.audience == "maintainers" and auth.review_enabled())
]
pages = {
    spec.name: st.Page(HERE / spec.file, title=spec.title, default=spec.default) for spec in listed
}
navigation = st.navigation(list(pages.values()))
spec = next(s for s in listed if pages[s.name] is navigation)
frame.hand_over(frame.framed(spec))
navigation.run()
