"""Smoke test: the benchmarks run end to end on tiny sizes and write every key."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.pages import VIEWER_PAGES
from tests.conftest import ROOT

KEYS = [
    "extract_mb_per_s",
    "extract_vs_quantulum3",
    "build_1m_vs_read_csv",
    "build_1m_peak_mb",
    "rerun_1m_s",
    "rerun_1m_vs_trivial",
    "payload_1m_vs_1k",
    "page_load_vs_bare",
    *(f"page_load_{page.name}_vs_bare" for page in VIEWER_PAGES),
    "rerun_data_s",
    "sessions_median_s",
    "sessions_p90_s",
    "sessions_server_peak_mb",
    "sessions_2proc_median_s",
    "sessions_2proc_p90_s",
    "sessions_2proc_rss_mb",
    "store_build_vs_duckdb",
    "store_rebuild_one_s",
]


@pytest.mark.browser
def test_bench_runs_tiny(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    results = json.loads(out.read_text())
    for key in KEYS:
        assert isinstance(results[key], (int, float)) and results[key] > 0, key
        assert key in result.stdout
    assert results["synthetic"] is True
    assert not (ROOT / "data" / "figures" / "synthetic.csv").exists()
