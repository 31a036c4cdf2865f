"""Dashboard reruns under AppTest with a large table loaded: each page's rerun with a period no
page showed before (`rerun_<page>_s`: what a reader waits for after changing the dates), against
the same page's rerun right after with that period (`rerun_same_<page>_s`: drawing what was
computed) and a trivial page's rerun."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import pages
from dashboard.pages import VIEWER_PAGES

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "import streamlit as st\nst.metric('Figures', 1)\n"
#: Every page, each rerun with the large table loaded (`rerun_<page>_s`).
PAGES = tuple(p.name for p in VIEWER_PAGES)
#: `first_after_look`'s process: the first page, the wait for its readying for new views to
#: end, then the overview with a new period, timed.
LOOK = """
import datetime as dt, json, sys, time
from streamlit.testing.v1 import AppTest
from dashboard import data
at = AppTest.from_file(sys.argv[1], default_timeout=900)
at.run()
shown = data.load()
data._readying(shown, shown.key, shown.changed_since, shown.stale_since).join(timeout=600)
start = time.perf_counter()
at.date_input(key="sidebar_end").set_value(dt.date(2023, 12, 31) - dt.timedelta(days=3)).run()
print(json.dumps({"seconds": time.perf_counter() - start, "failed": bool(at.exception)}))
"""


def _rerun_times(at: AppTest, repeat: int, seen: int = 0) -> tuple[list[float], list[float]]:
    """(each rerun's seconds with a new period, no page having shown it before: the `seen`
    periods before are skipped; each rerun's seconds again with that period: its peer, the same
    page drawn from what the new period computed)."""
    times, again = [], []
    for n in range(repeat):
        widget = at.date_input(key="sidebar_end")
        start = time.perf_counter()
        widget.set_value(dt.date(2023, 12, 31) - dt.timedelta(days=7 * (seen + n))).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.message for e in at.exception]
        start = time.perf_counter()
        at.run()
        again.append(time.perf_counter() - start)
    return times, again


def run(data_dir: Path, repeat: int) -> dict:
    os.environ["SITUATION_DATA"] = str(data_dir)
    out = {}
    start = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=900)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    out["first_load_s"] = round(time.perf_counter() - start, 2)
    for k, page in enumerate(PAGES):
        if page != "overview":
            at.switch_page(pages.page(page).file)
            at.run()
        times, again = _rerun_times(at, repeat, k * repeat)
        out[f"rerun_{page}_s"] = round(statistics.median(times), 3)
        out[f"rerun_same_{page}_s"] = round(statistics.median(again), 3)
    trivial = AppTest.from_string(TRIVIAL, default_timeout=60)
    trivial.run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        trivial.run()
        times.append(time.perf_counter() - start)
    out["rerun_trivial_s"] = round(statistics.median(times), 4)
    out["rerun_1m_s"] = max(out[f"rerun_{page}_s"] for page in PAGES)
    out["rerun_1m_vs_trivial"] = round(out["rerun_1m_s"] / out["rerun_trivial_s"], 1)
    del os.environ["SITUATION_DATA"]
    return out


def first_after_look(data_dir: Path) -> float:
    """Seconds of the overview's rerun with a period no page showed before, in a new process,
    once the first page's readying for new views (`dashboard.data.ready_new_views`) has ended:
    a reader who looks at the first page before changing the dates (`rerun_overview_s` changes
    them at once after the first page, in the process `run` measures)."""
    env = {**os.environ, "SITUATION_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}
    found = subprocess.run(
        [sys.executable, "-c", LOOK, str(ROOT / "dashboard" / "app.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=True,
    )
    result = json.loads(found.stdout.strip().splitlines()[-1])
    assert not result["failed"], found.stderr[-2000:]
    return round(result["seconds"], 3)
