"""Entry point: `streamlit run dashboard/app.py`. The frame of every page (`dashboard/frame.py`):
the pages declared in `dashboard/pages.py` (files in dashboard/app_pages/), the situation the
address names, its data loaded and the sidebar drawn once per run, then the page."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import frame  # noqa: E402 - after the path is set

frame.run(Path(__file__).resolve().parent)
