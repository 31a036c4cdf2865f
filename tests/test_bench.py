"""Smoke tests of the benchmarks on tiny inputs, each measure once:

- `python -m bench` (what `make bench` runs) measures extraction, tables, the world gazetteer
  and the app's reruns, and writes results.json with every key and the table;
- the store's build against DuckDB on a folder of 200 rows (the one-article rebuild is
  `bench/articles.py`);
- the browser's and the sessions' measures (`bench.browser.measure`, `bench.sessions.measure`
  and `measure_spread`: what `make bench` runs once its servers are up) against one dashboard
  server and one bare page's server, started once for this file.

The values are not judged here (machines vary; `make bench` compares each with its peer): every
key must be there and positive, which a broken measure cannot give."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import browser as browser_bench
from bench import sessions, store
from bench.browser import BARE, serve
from dashboard.pages import VIEWER_PAGES
from tests.conftest import DATA, ROOT
from tests.test_browser import browser  # noqa: F401 - the module-scoped Chromium

#: What `python -m bench --tiny --skip-browser --skip-sessions --skip-store` writes.
MAIN_KEYS = [
    "extract_mb_per_s",
    "extract_vs_quantulum3",
    "build_1m_vs_read_csv",
    "build_1m_peak_mb",
    "rerun_1m_s",
    "rerun_1m_vs_trivial",
    "rerun_data_s",
    "world_lookup_vs_read_places",
    "places_add_vs_cli_start",
]
BROWSER_KEYS = [
    "payload_1m_vs_1k",
    "page_load_vs_bare",
    *(f"page_load_{page.name}_vs_bare" for page in VIEWER_PAGES),
]
SESSION_KEYS = ["sessions_median_s", "sessions_p90_s", "sessions_server_peak_mb"]
SPREAD_KEYS = ["sessions_2proc_median_s", "sessions_2proc_p90_s", "sessions_2proc_rss_mb"]
STORE_KEYS = ["store_build_vs_duckdb", "store_build_peak_mb"]


def _all_positive(results: dict, keys: list[str]) -> None:
    for key in keys:
        assert isinstance(results[key], (int, float)) and results[key] > 0, (key, results)


def test_make_bench_writes_every_figure_to_results_json(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--out", str(out)]
        + ["--skip-browser", "--skip-sessions", "--skip-store"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    results = json.loads(out.read_text())
    _all_positive(results, MAIN_KEYS)
    for key in MAIN_KEYS:
        assert key in result.stdout
    assert results["synthetic"] is True
    assert not (ROOT / "data" / "figures" / "synthetic.csv").exists()


def test_store_measures_the_build_against_duckdb(tmp_path):
    results = store.run(tmp_path, [200], 0, [], cluster=False)
    _all_positive(results, STORE_KEYS)
    assert results["store_build_rows"] == 200


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The dashboard on the bundled data and a bare page, as `make bench` serves them:
    ((process, address) of the dashboard, address of the bare page)."""
    bare_script = tmp_path_factory.mktemp("bare") / "bare.py"
    bare_script.write_text(BARE, encoding="utf-8")
    app, app_url = serve(ROOT / "dashboard" / "app.py", {"SITUATION_DATA": str(DATA)})
    try:
        bare, bare_url = serve(bare_script, {})
    except BaseException:
        app.terminate()
        raise
    yield (app, app_url), bare_url
    for proc in (app, bare):
        proc.terminate()
        proc.wait(timeout=20)


def test_browser_measures_every_page_against_the_bare_page(servers, browser):  # noqa: F811
    (_, app_url), bare_url = servers
    results = browser_bench.measure(browser, app_url, app_url, bare_url, 1)
    _all_positive(results, BROWSER_KEYS)


def test_sessions_measure_one_alone_many_at_once_and_spread(servers):
    """Run in a thread of its own: the sessions speak asyncio, and Playwright's synchronous API
    holds this thread's event loop while the module's Chromium is open."""
    (app, app_url), _ = servers
    url = app_url.replace("http://", "ws://") + "/_stcore/stream"

    def measured() -> tuple[dict, dict]:
        asyncio.run(sessions._all(url, 1, 1))  # loads the data once, as `run` does
        alone_and_all = sessions.measure(url, app.pid, 3, 2, alone_runs=2)
        return alone_and_all, sessions.measure_spread([url, url], [app.pid, app.pid], 3, 2)

    with ThreadPoolExecutor(1) as pool:
        results, spread = pool.submit(measured).result(timeout=600)
    _all_positive(results, SESSION_KEYS)
    assert results["session_runs"] == 3 * 2
    _all_positive(spread, SPREAD_KEYS)


def test_a_served_script_that_writes_much_to_stderr_keeps_answering(tmp_path):
    """`serve` (every browser test's server) keeps what the server logs: a pipe nobody read
    filled at 64 KiB and stopped the server in the middle of its run."""
    script = tmp_path / "loud.py"
    script.write_text(
        "import sys\nimport streamlit as st\n"
        "sys.stderr.write('logged ' * 50_000)\nsys.stderr.flush()\nst.write('drawn')\n",
        encoding="utf-8",
    )
    proc, base = serve(script)
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    times: list[float] = []

    async def two_runs() -> None:
        await asyncio.wait_for(sessions._session(url, ["", ""], times), timeout=120)

    try:
        with ThreadPoolExecutor(1) as pool:  # asyncio beside the module's Chromium
            pool.submit(asyncio.run, two_runs()).result(timeout=180)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert len(times) == 2


def test_places_score_says_how_an_extracted_place_stands_to_the_gold_name():
    """`python -m bench.places`: each matched figure's place against the gold line's name."""
    from bench.places import verdict
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    gaz = Gazetteer()
    attach(gaz, World.open(), ["Afghanistan, Iran, Malawi, Mozambique"])
    city = gaz.lookup("Herat").id  # read alone, the city
    assert verdict(gaz, city, "Herat") == "same"
    assert verdict(gaz, "af_her", "Herat") == "wider"  # the province around it
    assert verdict(gaz, city, "Afghanistan") == "inside"
    assert verdict(gaz, "ir", "Herat") == "wrong"
    assert verdict(gaz, None, "Herat") == "missing"
    assert verdict(gaz, "af", None) == "extra"
    assert verdict(gaz, "mw", "Malawi and Mozambique") == "unresolved"
