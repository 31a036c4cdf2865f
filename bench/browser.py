"""In headless Chromium: bytes the timeline sends over the websocket with a large and a small
table, and the time until each page is fully drawn against a bare page with one plotly chart,
measured in the same run."""

from __future__ import annotations

import compileall
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from dashboard.pages import VIEWER_PAGES

ROOT = Path(__file__).resolve().parent.parent
#: The app's script; a server of it is started as a deployment starts it (`command`).
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BARE = (
    "import plotly.graph_objects as go\nimport streamlit as st\n"
    "st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])))\n"
)
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
#: Fully drawn: the script has finished, no placeholder is left, every chart has drawn its SVG
#: and the page has content (a title, or the bare page's chart).
DRAWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  for (const chart of charts) if (!chart.querySelector('.main-svg')) return false;
  return !!document.querySelector('[data-testid="stMain"] h1') || charts.length > 0;
}"""
#: Loads of each page (and as many of the bare page) in a full run: a page draws in about two
#: seconds, and single loads vary by a tenth of that on a busy machine.
PAGE_REPEAT = 5
#: Every page of the app, timed against the bare page (one key each in `make bench`).
PAGES = {p.name: p.address for p in VIEWER_PAGES}


def compiled() -> None:
    """The project's modules compiled to bytecode beside them (`__pycache__`), as a deployment
    that has run once has them: a restart reads them. Where the environment turns bytecode
    caches off (PYTHONDONTWRITEBYTECODE, as on this project's machines), a new server would
    otherwise compile about 80 modules again at every start (0.3 s of CPU that no restart of a
    deployment pays, and the bare page, all in installed packages, never does)."""
    for package in ("dashboard", "loaders"):
        compileall.compile_dir(ROOT / package, quiet=1)


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(script: Path) -> list[str]:
    """The command that serves `script`: the app as `make run` and a deployment start it
    (`python -m dashboard`: `streamlit run` on the app, its first page's work begun at once),
    any other script (the bare page) with `streamlit run`."""
    if script.resolve() == APP:
        return [sys.executable, "-m", "dashboard"]
    return [sys.executable, "-m", "streamlit", "run", str(script)]


def serve(
    script: Path,
    env: dict | None = None,
    timeout: float = 120,
    port: int | None = None,
    options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """Serve a Streamlit script (`command`) on a free loopback port (or `port`), with extra
    command-line `options` (e.g. `--secrets.files PATH`); returns once it answers. What the
    server writes to stderr goes to a temporary file (a pipe nobody reads would fill and stop
    a server that logs much, in the middle of a test), shown if it fails to start."""
    port = port or free_port()
    started = [*command(script), "--server.port", str(port), "--server.address", "127.0.0.1"]
    started += ["--server.headless", "true", *options]
    base = f"http://127.0.0.1:{port}"
    # Closed here once the server answers: the server writes on through its own descriptor.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            started,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        deadline = time.time() + timeout
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                    return proc, base
            except OSError:
                time.sleep(0.2)
        proc.kill()
        proc.wait(timeout=30)
        log.seek(0)
        said = log.read().decode(errors="replace")[-2000:]
    raise RuntimeError(f"{script} did not start: " + said)


def _bytes_received(browser, url: str, selector: str) -> int:
    context = browser.new_context()
    page = context.new_page()
    total = [0]

    def on_ws(ws):
        ws.on("framereceived", lambda payload: total.__setitem__(0, total[0] + len(payload)))

    page.on("websocket", on_ws)
    page.goto(url)
    page.wait_for_selector(selector, timeout=900_000)
    page.wait_for_function(IDLE, timeout=900_000)
    page.wait_for_timeout(500)
    context.close()
    return total[0]


def _time_to_draw(browser, url: str, repeat: int, timeout: int = 900_000) -> list[float]:
    """Seconds from navigation until the page is fully drawn (DRAWN), one per repetition. The
    time-out only bounds a broken page: on a loaded machine (the smoke test beside other tests)
    a first draw took over two minutes."""
    times = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=timeout)
        times.append(time.perf_counter() - start)
        context.close()
    return times


def page_times(browser, app_url: str, bare_url: str, repeat: int) -> dict:
    """Each page's time to draw and its ratio to the bare page. Each page's loads alternate with
    loads of the bare page, and its ratio is against those: a noisy stretch of the machine
    slows both sides of a ratio alike. With `repeat` 1 (the smoke test: it shows the measure
    runs, its figures are not compared) nothing is warmed first and one load of the bare page
    serves every page."""
    out: dict = {}
    every_bare: list[float] = []
    if repeat > 1:  # warm: caches filled, scripts compiled
        _time_to_draw(browser, app_url + "/", 1)
        _time_to_draw(browser, bare_url + "/", 1)
    shared = _time_to_draw(browser, bare_url + "/", 1) if repeat == 1 else []
    for name, path in PAGES.items():
        page, bare = [], []
        for _ in range(repeat):
            bare += shared or _time_to_draw(browser, bare_url + "/", 1)
            page += _time_to_draw(browser, app_url + path, 1)
        every_bare += bare
        out[f"page_load_{name}_s"] = round(statistics.median(page), 3)
        out[f"page_load_{name}_vs_bare"] = round(
            statistics.median(page) / statistics.median(bare), 2
        )
    out["page_load_bare_s"] = round(statistics.median(every_bare), 3)
    out["page_load_vs_bare"] = max(out[f"page_load_{name}_vs_bare"] for name in PAGES)
    return out


def measure(browser, big_url: str, small_url: str, bare_url: str, repeat: int) -> dict:
    """Bytes the timeline sends with the large table (`big_url`'s app) against the small one,
    then every page's time to draw (`small_url`'s app) against the bare page's: the figures of
    `run`, from servers already started. The smoke test gives one app as both."""
    out: dict = {}
    chart = ".js-plotly-plot .main-svg"
    if repeat > 1:  # first load fills each server's cache (a smoke test measures once, cold)
        for url in dict.fromkeys((big_url, small_url)):
            _bytes_received(browser, url + "/timeline", chart)
    big_bytes = statistics.median(
        _bytes_received(browser, big_url + "/timeline", chart) for _ in range(repeat)
    )
    small_bytes = (
        big_bytes  # one app given as both (the smoke test): the same page measured once
        if small_url == big_url
        else statistics.median(
            _bytes_received(browser, small_url + "/timeline", chart) for _ in range(repeat)
        )
    )
    out["payload_timeline_1m_bytes"] = int(big_bytes)
    out["payload_timeline_1k_bytes"] = int(small_bytes)
    out["payload_1m_vs_1k"] = round(big_bytes / small_bytes, 2)
    pages = PAGE_REPEAT if repeat > 1 else 1  # one load each in a smoke test
    out.update(page_times(browser, small_url, bare_url, pages))
    return out


def run(big_dir: Path, small_dir: Path, repeat: int) -> dict:
    """`measure` on an app server of each folder and a bare page's server, in Chromium."""
    from playwright.sync_api import sync_playwright

    servers = []
    try:
        big, big_url = serve(ROOT / "dashboard" / "app.py", {"SITUATION_DATA": str(big_dir)})
        servers.append(big)
        small, small_url = serve(ROOT / "dashboard" / "app.py", {"SITUATION_DATA": str(small_dir)})
        servers.append(small)
        with tempfile.TemporaryDirectory() as tmp:
            bare_script = Path(tmp) / "bare.py"
            bare_script.write_text(BARE)
            bare, bare_url = serve(bare_script, {})
            servers.append(bare)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                out = measure(browser, big_url, small_url, bare_url, repeat)
                browser.close()
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=30)
    return out
