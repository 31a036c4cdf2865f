"""End to end in a real headless Chromium: every page draws, the map draws offline, no request
leaves the machine, the address sets the view, downloads hold exactly the filtered rows.
Screenshots go to tests/artifacts/ (desktop and phone width)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.browser import FLAGS, serve
from dashboard.pages import VIEWER_PAGES
from loaders.facts.dataset import load_dataset
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
#: What each page draws last, to wait for (a page added to dashboard/pages.py needs one here).
DRAWS = {
    "overview": '[data-testid="stMetric"]',
    "timeline": ".js-plotly-plot .main-svg",
    "map": ".js-plotly-plot .main-svg",
    "sources": '[data-testid="stMarkdownContainer"] mark, [data-testid="stMarkdownContainer"] span',
    "data": '[data-testid="stDownloadButton"]',
}
PAGES = {p.name: (p.address, DRAWS[p.name]) for p in VIEWER_PAGES}


#: Streamlit's own signal that a page run is over: its app element says the script is not running
#: and the websocket is connected. Tests wait for it (never for a span of time).
SETTLED = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)
#: The longest a test waits for one run or one element of it: only a bound on a broken run (a
#: loaded CI machine runs pages slowly); a test goes on as soon as the signal arrives.
RUN_TIMEOUT_MS = 180_000
#: How long a test waits for a click's page change before it clicks again (as a reader would).
RECLICK_MS = 10_000


def settled(page, selector: str | None = None) -> None:
    """Wait until `selector` (content the awaited run draws) is on the page, then for the app's
    signal that the run is over."""
    if selector:
        page.wait_for_selector(selector, timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector(SETTLED, state="attached", timeout=RUN_TIMEOUT_MS)


def start_server(env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Serve the dashboard on a free local port and wait until it answers."""
    return serve(ROOT / "dashboard" / "app.py", env)


def cache_lookups(base: str) -> dict[tuple[str, str], int]:
    """Streamlit's count of calls to each cached function by result, and of the values it
    computed, from the server's metrics (`/_stcore/metrics`): {(function, "hit", "miss" or
    "computed"): calls}. A call counts as a miss when it starts computing (or waiting for
    another caller's computation), as computed when that is done."""
    with urllib.request.urlopen(base + "/_stcore/metrics", timeout=30) as answer:
        text = answer.read().decode()
    found = {}
    for line in text.splitlines():
        name, _, rest = line.partition("{")
        if name not in ("cache_lookups_total", "cache_compute_duration_seconds_count"):
            continue
        labels, count = rest.rsplit("} ", 1)
        fields = {k: v.strip('"') for k, v in (part.split("=", 1) for part in labels.split(","))}
        result = fields.get("result", "computed")
        if fields.get("trigger", "miss") == "miss":
            found[(fields["cache"], result)] = int(float(count))
    return found


#: The cached functions behind the default overview: the data's load, and its cards, latest
#: table and key events (`dashboard.shared.per_view`).
LOADED, VIEWS = "dashboard.data._load", "dashboard.shared._built"
#: The longest the module's server is given to work out the default overview on its own.
WARM_UP_S = 120


def _warmed_up(lookups: dict[tuple[str, str], int]) -> bool:
    """Whether the data is loaded and at least the overview's three parts were worked out,
    with no computation still going on."""
    calls = {f: lookups.get((f, "miss"), 0) for f in (LOADED, VIEWS)}
    done = all(lookups.get((f, "computed"), 0) == n for f, n in calls.items())
    return done and calls[LOADED] >= 1 and calls[VIEWS] >= 3


@pytest.fixture(scope="module")
def served():
    """The dashboard on the bundled data, one server for the module: (process, address); the
    server's cache lookups once its warm-up has worked out the default overview, before any
    viewer came (`python -m dashboard`, `dashboard/warm.py`), in `WARMED`."""
    proc, base = start_server()
    deadline = time.monotonic() + WARM_UP_S
    while not _warmed_up(cache_lookups(base)) and time.monotonic() < deadline:
        time.sleep(0.1)
    WARMED.update(cache_lookups(base))
    yield proc, base
    proc.terminate()
    proc.wait(timeout=20)


WARMED: dict[tuple[str, str], int] = {}


@pytest.fixture(scope="module")
def server(served) -> str:
    return served[1]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, url: str, selector: str, width: int = 1400, height: int = 1800):
    """A page loaded until `selector` shows and Streamlit has stopped running; with the list of
    every request it made that left the machine."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    outside: list[str] = []

    def watch(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    page.on("request", watch)
    page.goto(url)
    settled(page, selector)
    return context, page, outside


def test_a_new_server_works_out_the_overview_before_the_first_viewer(served, browser):
    """`python -m dashboard` loads the situation and works out the default overview (its
    cards, latest table and key events) while the server starts, before any viewer connects;
    the overview a viewer then opens finds them in Streamlit's caches (calls that hit) and
    computes none of them again (the misses stay as the warm-up left them)."""
    _, base = served
    assert WARMED[(LOADED, "miss")] == 1 and WARMED[(LOADED, "hit")] == 0
    assert WARMED[(VIEWS, "miss")] >= 3
    before = cache_lookups(base)
    context, _, _ = open_page(browser, base + "/", DRAWS["overview"])
    context.close()
    after = cache_lookups(base)
    assert after[(LOADED, "miss")] == 1 and after[(LOADED, "hit")] > before[(LOADED, "hit")]
    assert after[(VIEWS, "miss")] == before[(VIEWS, "miss")]
    assert after[(VIEWS, "hit")] >= before[(VIEWS, "hit")] + 3


def assert_sparkline_in_its_card(page) -> None:
    """The first card's trend is a thin line drawn right under its number, across the card,
    and no chart library draws on the overview (a Vega-Lite chart per card was 1.2-1.5 s of
    a new viewer's wait)."""
    card = page.locator('[data-testid="stVerticalBlock"]', has_text="fled so far").last
    line = card.locator('img[alt^="Sparkline of "]')
    number = card.locator('[data-testid="stMetric"]').bounding_box()
    box, whole = line.bounding_box(), card.bounding_box()
    assert 0 <= box["y"] - (number["y"] + number["height"]) <= 24
    assert box["height"] <= 48 and box["width"] >= 0.8 * whole["width"]
    assert whole["x"] <= box["x"] and box["x"] + box["width"] <= whole["x"] + whole["width"]
    assert page.locator(".vega-embed, [data-testid='stVegaLiteChart']").count() == 0


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_without_leaving_the_machine(server, browser, name):
    path, selector = PAGES[name]
    ARTIFACTS.mkdir(exist_ok=True)
    for label, width in (("desktop", 1400), ("phone", 390)):
        context, page, outside = open_page(browser, server + path, selector, width=width)
        assert page.locator('[data-testid="stException"]').count() == 0
        if name in ("timeline", "map"):
            assert page.locator(".js-plotly-plot .scatterlayer .trace").count() > 0
        if name == "overview":
            assert_sparkline_in_its_card(page)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{label}.png"), full_page=True)
        if label == "phone":
            overflow = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
            )
            assert overflow <= width + 1, f"{name} is {overflow}px wide at {width}px"
        context.close()
        assert outside == [], outside


def test_map_draws_borders_corridor_and_labels_offline(server, browser):
    context, page, outside = open_page(browser, server + "/map", ".js-plotly-plot .main-svg")
    text = page.locator(".js-plotly-plot .annotation-text").all_text_contents()
    # name and headline, on two lines; the region's own label wins over its towns' when they
    # would cover one another (Stepanakert's figures are in its hover); each place answers the
    # question the overview's standing headline answers (the toll) where it has a figure of it
    assert "Nagorno-Karabakh~600 killed" in text
    assert "Lachin / Berdzor" in text
    assert any(t.startswith("Armenia") and t.endswith("fled so far") for t in text), text
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert "Lachin Corridor (schematic) → Armenia" in legend
    assert "Nagorno-Karabakh (outline)" in legend
    fills = page.locator(".js-plotly-plot .scatterlayer .trace path.js-fill").count()
    assert fills >= 2  # Armenia and Azerbaijan drawn from Natural Earth
    assert "do not imply official endorsement" in page.content()
    context.close()
    assert outside == []


def test_every_place_on_the_map_shows_its_own_hover(server, browser):
    """Hovering a place shows that place, never the corridor's tooltip."""
    context, page, _ = open_page(browser, server + "/map", ".js-plotly-plot .main-svg")
    traces = page.locator(".js-plotly-plot .scatterlayer .trace")
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    seen = []
    for n in (traces.count() - 2, traces.count() - 1):  # places with figures, other places
        for point in traces.nth(n).locator("path.point").all():
            box = point.bounding_box()
            centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2) if box else None
            if not centre or not (
                area["x"] <= centre[0] <= area["x"] + area["width"]
                and area["y"] <= centre[1] <= area["y"] + area["height"]
            ):
                continue  # a place outside the frame: drawn clipped, not on screen to hover
            point.hover(force=True)
            shown = page.wait_for_function(  # plotly draws the label a moment after the move
                """previous => {
                    const texts = [...document.querySelectorAll('.hoverlayer .hovertext')];
                    const now = texts.map(e => e.textContent).join(' ');
                    return now && now !== previous ? now : null;
                }""",
                arg=seen[-1] if seen else "",
                timeout=RUN_TIMEOUT_MS,
            )
            seen.append(" ".join(page.locator(".hoverlayer .hovertext").all_text_contents()))
            assert shown.json_value()
    for name in ("Stepanakert", "Kornidzor", "Goris", "Nagorno-Karabakh", "Armenia"):
        assert any(h.startswith(name) for h in seen), (name, seen)
    assert not any("Corridor" in h for h in seen)
    context.close()


def test_each_timeline_tab_draws_its_question_with_a_legend_that_fits_a_phone(server, browser):
    """A click on a question's tab draws that question's chart (and puts it in the address);
    its legend stays within a 390 px screen and under half the chart's height."""
    from loaders.model.vocabulary import VOCABULARY

    by_label = {q.label: q.question for q in VOCABULARY.indicators.values()}
    context, page, _ = open_page(browser, server + "/timeline", ".js-plotly-plot .main-svg", 390)
    tabs = page.get_by_role("tab")
    assert tabs.count() >= 5
    for n in range(tabs.count()):
        label = tabs.nth(n).inner_text().strip()
        tabs.nth(n).click()
        heading = page.locator('[data-testid="stMain"] h3', has_text=by_label[label])
        heading.wait_for(timeout=RUN_TIMEOUT_MS)
        settled(page, ".js-plotly-plot .main-svg")
        chart = page.locator(".js-plotly-plot")
        assert chart.count() == 1, label
        svg = chart.locator(".main-svg").first.bounding_box()
        legend = chart.locator(".legend").bounding_box()
        assert legend["x"] + legend["width"] <= 390, label
        assert legend["height"] < 0.5 * svg["height"], label
        if n == 0:
            assert "timeline_question=Population" in page.url
    context.close()


def _metric(page, label: str) -> str:
    texts = page.locator('[data-testid="stMetric"]').all_inner_texts()
    return next(t for t in texts if t.startswith(label))


def test_address_sets_the_view(server, browser):
    context, page, _ = open_page(browser, server + "/?end=2023-09-23", '[data-testid="stMetric"]')
    assert "up to 120,000" in _metric(page, "Population")
    context.close()
    context, page, _ = open_page(browser, server + "/", '[data-testid="stMetric"]')
    assert "120,000" in _metric(page, "Population")
    context.close()


def test_a_headline_number_leads_to_its_source(server, browser):
    """From the overview's aid card to the article on the Sources page, its figure highlighted;
    from the displacement card to the table row's own web address."""
    context, page, outside = open_page(browser, server + "/", '[data-testid="stMetric"]')
    fled = page.locator('[data-testid="stVerticalBlock"]', has_text="fled so far").last
    assert "100,632" in fled.inner_text()
    hrefs = [a.get_attribute("href") for a in fled.locator("a").all()]
    with open(ROOT / "data" / "figures" / "public_figures_2023.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["value"] == "100632")
    assert row["source_url"] in hrefs
    tonnage = page.locator('[data-testid="stVerticalBlock"]', has_text="Aid: tonnage").last
    link = tonnage.locator('a[href*="/sources?article="]').first
    href = link.get_attribute("href")
    assert "figure=" in href
    context.close()
    context, page, more = open_page(
        browser, server + href if href.startswith("/") else href, '[data-testid="stAlert"]'
    )
    callout = page.locator('[data-testid="stAlert"]').first.inner_text().replace("\u2060", "")
    assert "Aid: tonnage 50 t as of 2023-09-23" in callout
    marked = page.locator('[data-testid="stMarkdownContainer"]', has_text="◀").first
    assert "50" in marked.inner_text()
    page.screenshot(path=str(ARTIFACTS / "source_followed.png"), full_page=True)
    context.close()
    assert outside == [] and more == []


def test_invalid_address_falls_back_and_says_so(server, browser):
    context, page, _ = open_page(
        browser, server + "/timeline?start=soon&indicator=refugees", ".js-plotly-plot .main-svg"
    )
    body = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("is not a date" in t for t in body)
    assert any("unknown indicator" in t for t in body)
    context.close()


def test_download_holds_exactly_the_filtered_rows(server, browser):
    url = server + "/data?end=2023-09-23&indicator=population"
    context, page, _ = open_page(browser, url, '[data-testid="stDownloadButton"]')
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    data = load_dataset(DATA)
    wanted = data.figures[
        (data.figures["indicator"] == "population")
        & (data.figures["as_of"] <= dt.date(2023, 9, 23))
    ]
    assert sorted(r["id"] for r in rows) == sorted(wanted["id"])
    assert {r["indicator"] for r in rows} == {"population"}
    assert ("120000", "up_to", "2023-09-23") in {
        (r["value"], r["qualifier"], r["as_of"]) for r in rows
    }
    context.close()


#: Each download button's label: its text box against the room it is given (wider: cut with "…").
LABEL_FITS = """() => [...document.querySelectorAll(
    '[data-testid="stDownloadButton"] [data-testid="stMarkdownContainer"]')]
    .map(e => [e.innerText, e.scrollWidth <= e.clientWidth])"""


def test_nagorno_karabakh_every_download_label_is_whole_on_desktop_and_phone(server, browser):
    """Defect (nagorno-karabakh-2023, bundled data): on a 1400 px screen the Data page's fourth
    download read 'GeoJSON (places with latest fac…': four equal columns were narrower than its
    label. Each button is as wide as its label, in a row that wraps."""
    for width in (1400, 390):
        context, page, _ = open_page(
            browser, server + "/data", '[data-testid="stDownloadButton"]', width=width
        )
        labels = page.evaluate(LABEL_FITS)
        assert len(labels) == 5 and all(fits for _, fits in labels), (width, labels)
        context.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from tests.conftest import DATA, FIXTURES

    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA, folder)
    shutil.copy(FIXTURES / "hostile" / "articles" / "0000-hostile.txt", folder / "articles")
    shutil.copy(FIXTURES / "hostile" / "figures" / "hostile.csv", folder / "figures")
    proc, base = start_server({"SITUATION_DATA": str(folder)})
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def test_problems_panel_shows_hostile_text_as_typed_and_leads_to_the_table(hostile_server, browser):
    """The sidebar lists the problem with its value as typed (no link made of it); its link
    opens the Data page, whose link in turn jumps to the table of every problem."""
    context, page, outside = open_page(browser, hostile_server + "/", '[data-testid="stMetric"]')
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Data problems (1)").click()
    item = sidebar.locator("li", has_text="source_url")
    item.wait_for(timeout=RUN_TIMEOUT_MS)
    assert "javascript:window.__xss='url'" in item.inner_text().replace("\u2060", "")
    assert sidebar.locator('a[href^="javascript"]').count() == 0
    settled(page)  # the expander's content is drawn by a finished run before its link is used
    link = sidebar.get_by_text("Every problem, as a table")
    link.click()
    # The address changes when the server has started the Data page's run (a round trip that
    # takes long on a loaded machine). Seen in about one fresh-clone run in three: no change of
    # address, the click lost (then a minute's wait was most of the test's time); a reader
    # clicks again, and so does the test, each time the address has not changed in 10 s (a
    # click more on a slow run asks for the same page again).
    for _ in range(RUN_TIMEOUT_MS // RECLICK_MS):
        try:
            page.wait_for_url("**/data**", timeout=RECLICK_MS)
            break
        except PlaywrightTimeoutError:
            link.click()
    jump = page.get_by_text("listed at the end of this page")
    jump.wait_for(timeout=RUN_TIMEOUT_MS)
    settled(page)
    assert "/data" in page.url
    jump.click()
    heading = page.locator("h3", has_text="Data problems")
    heading.wait_for(timeout=RUN_TIMEOUT_MS)
    assert page.url.endswith("/data#data-problems")
    table = page.locator('[data-testid="stDataFrame"]').last
    assert table.is_visible()
    context.close()
    assert outside == []


@pytest.mark.parametrize(
    ("path", "selector", "literals"),
    [
        # The hostile figures are about Armenia, not the situation's region: they headline
        # when the view is narrowed to Armenia.
        (
            "/?place=armenia",
            '[data-testid="stMetric"]',
            ("<img src=x onerror=window.__xss='outlet'>",),
        ),
        (  # one load of the Sources page shows every hostile text of the article
            "/sources",
            '[data-testid="stMain"] [data-testid="stMarkdownContainer"]',
            (
                "<script>window.__xss='script'</script>",
                "[click here](javascript:window.__xss='link')",
                "&lt;b&gt;bold&lt;/b&gt; &amp; :red[styled] $\\LaTeX$ **stars**",
            ),
        ),
        ("/timeline", ".js-plotly-plot .main-svg", ()),
        ("/map", ".js-plotly-plot .main-svg", ()),
        ("/data", '[data-testid="stDownloadButton"]', ()),
    ],
)
def test_hostile_content_runs_no_script_and_shows_literally(
    hostile_server, browser, path, selector, literals
):
    context, page, outside = open_page(browser, hostile_server + path, selector)
    for hover in page.locator(".js-plotly-plot .scatterlayer .point").all()[:40]:
        box = hover.bounding_box()  # a point past a chart's shown dates is off screen
        if box and 0 <= box["x"] <= 1400:
            hover.hover(force=True)
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("iframe[src^='javascript']").count() == 0
    assert page.locator("img[src='x']").count() == 0
    shown = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
    for literal in literals:
        assert literal in shown
    if path == "/sources":
        assert page.locator('[data-testid="stMarkdownContainer"] a:not([href^="#"])').count() == 0
    assert outside == [], outside  # the tracking pixel was never fetched
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()


def _rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


def test_many_sessions_at_once_each_see_their_own_view(served, browser):
    """Six sessions on one server at once, each with its own address (two of each indicator,
    each its own end date): each sees its own filtered rows (the module's server, already warm:
    the memory an extra session takes; `make bench` measures a hundred)."""
    import json

    from dashboard.filters import Filters, apply

    proc, server = served
    figures = load_dataset(DATA).figures
    views = []
    for n in range(6):
        end = dt.date(2023, 9, 20) + dt.timedelta(days=2 * n)
        indicator = ["displaced", "casualties", "weapons_surrendered"][n % 3]
        expected = len(apply(figures, Filters(dt.date(2023, 9, 1), end, (indicator,))))
        views.append((f"{server}/data?end={end}&indicator={indicator}", expected))
    warm, page, _ = open_page(browser, server + "/", '[data-testid="stMetric"]')
    before = _rss_kb(proc.pid)
    sessions = []
    for url, _ in views:
        context = browser.new_context(viewport={"width": 900, "height": 900})
        page = context.new_page()
        page.goto(url)
        sessions.append((context, page))
    seen = []
    main_caption = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
    for (_context, page), (_, expected) in zip(sessions, views, strict=True):
        settled(page, main_caption)
        caption = page.locator(main_caption).first.inner_text()
        seen.append((caption.split(" figures")[0], str(expected)))
    after = _rss_kb(proc.pid)
    assert [s for s, _ in seen] == [e for _, e in seen]
    for context, _ in sessions:
        context.close()
    warm.close()
    per_session = (after - before) / len(sessions)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sessions.json").write_text(
        json.dumps(
            {
                "sessions": len(sessions),
                "server_rss_before_kb": before,
                "server_rss_after_kb": after,
                "per_extra_session_kb": round(per_session),
            },
            indent=2,
        )
    )
    print(f"\n{len(sessions)} sessions at once: {per_session / 1024:.1f} MiB per extra session")
