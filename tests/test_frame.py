"""The frame (app.py and dashboard/frame.py) loads the situation's data and draws the sidebar
once per run, for whichever page runs; pages draw from the view it hands them."""

from __future__ import annotations

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import frame, sidebar
from dashboard.pages import page
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")


def test_each_run_loads_the_data_and_draws_the_sidebar_once(monkeypatch):
    calls: Counter = Counter()
    load, render = frame.load, sidebar.render

    def counted_load(root=None):
        calls["load"] += 1
        return load(root)

    def counted_render(data):
        calls["sidebar"] += 1
        return render(data)

    monkeypatch.setattr(frame, "load", counted_load)
    monkeypatch.setattr(sidebar, "render", counted_render)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert calls == {"load": 1, "sidebar": 1}
    for name in ("map", "data"):
        calls.clear()
        at.switch_page(page(name).file).run()
        assert not at.exception, [e.message for e in at.exception]
        assert calls == {"load": 1, "sidebar": 1}, name
        assert [h.value for h in at.sidebar.header] == ["Filters"]


# --- Several situations in one deployment ------------------------------------------------------

#: Synthetic situations (test data, not real figures): one with a whole-situation count, one
#: with a day's arrivals only (a flow), which must not headline.
SYNTHETIC_ROWS = {
    "alpha": "2024-05-02,population,,5000,,people,exact,,,Test agency,https://example.org/a,",
    "beta": "2024-06-01,displaced,daily,300,,people,exact,,,Test agency,https://example.org/b,\n"
    "2024-06-10,displaced,daily,200,,people,exact,,,Test agency,https://example.org/c,",
}
HEADER = (
    "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,source_outlet,source_url,"
    "published\n"
)


@pytest.fixture(scope="module")
def situations(tmp_path_factory):
    """A folder of two synthetic situations, built, served as `$SITUATIONS`; beside it a data
    folder outside the folder, which no address may reach."""
    from loaders.commands.cli import main

    root = tmp_path_factory.mktemp("situations")
    for name, row in SYNTHETIC_ROWS.items():
        folder = root / name
        assert main(["init", str(folder), "--title", f"Synthetic {name}"]) == 0
        (folder / "figures" / "synthetic.csv").write_text(HEADER + row + "\n", encoding="utf-8")
        assert main(["build", str(folder)]) == 0
    (root / "notes").mkdir()  # no situation.yaml: not a situation
    outside = root.parent / "outside"
    assert main(["init", str(outside), "--title", "Outside"]) == 0
    patch = pytest.MonkeyPatch()
    patch.setenv("SITUATIONS", str(root))
    patch.delenv("SITUATION_DATA", raising=False)
    yield root
    patch.undo()


def app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def situation_title(at: AppTest) -> str:
    return at.main.markdown[0].value


def test_the_landing_page_lists_each_situation_with_its_headline_and_freshness(situations):
    at = app()
    assert at.title[0].value == "Situations"
    links = {p.proto.label: p.proto.query_string for p in at.get("page_link")}
    assert links == {f"**Synthetic {n}**": f"situation={n}" for n in ("alpha", "beta")}
    assert [(m.label, m.value) for m in at.metric] == [("Population: total", "5,000")]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("No headline") for c in captions)  # beta: a flow never headlines
    newest = [c.replace("\\", "") for c in captions if c.startswith("Newest figure: ")]
    assert newest[0].startswith("Newest figure: 2024-05-02 · 1 figures · built ")  # alpha
    assert newest[1].startswith("Newest figure: 2024-06-10 · 2 figures · built ")  # beta


def test_herat_the_landing_pages_headline_names_its_sources(situations):
    """Defect (herat-2023, in a deployment of several situations): the landing page showed
    '2,053' killed with its date but no source, the only number of the dashboard without one;
    a headline there names its sources as links, as the overview's card does, each opening the
    source in that situation."""
    at = app()
    (sources,) = [c.value for c in at.caption if c.value.startswith("Sources: ")]
    assert sources == "Sources: [Test agency](https://example.org/a)"
    # No headline, no sources line: beta's only figures are a day's arrivals.
    assert len([c for c in at.caption if c.value.startswith("No headline")]) == 1


def test_a_situation_opens_from_the_address_and_its_filters_stay_its_own(situations):
    at = app({"situation": "beta", "end": "2024-06-05"})
    assert situation_title(at) == "**Synthetic beta**"
    assert at.query_params["situation"] == "beta"
    at.switch_page(page("data").file).run()  # another page: same situation, same filters
    assert situation_title(at) == "**Synthetic beta**"
    assert at.query_params["situation"] == "beta" and at.query_params["end"] == "2024-06-05"
    at.switch_page(page("situations").file).run()  # back to the list: nothing open
    assert at.title[0].value == "Situations" and not dict(at.query_params)
    at.query_params["situation"] = "alpha"
    at.switch_page(page("overview").file).run()
    assert situation_title(at) == "**Synthetic alpha**"
    assert at.date_input(key="sidebar_end").value.isoformat() == "2024-05-02"  # alpha's own
    assert [(m.label, m.value) for m in at.metric] == [("Population: total", "5,000")]


@pytest.mark.parametrize("name", ["../outside", "alpha/../../outside", "notes", "nope", "<b>"])
def test_an_unknown_or_hostile_situation_name_opens_nothing_and_says_so(situations, name):
    at = app({"situation": name})
    assert at.title[0].value == "Situations"
    (error,) = at.error
    assert error.value.startswith("There is no situation called “") and "<b>" not in error.value
    assert "situation" not in at.query_params
    assert not [m for m in at.main.markdown if "Outside" in m.value]


@pytest.mark.browser
def test_in_the_browser_the_address_keeps_the_situation_from_link_to_menu(situations):
    """Streamlit rewrites the address on every page change: the situation must stay in it (a
    reload or a bookmark reopens it) and leave it on the way back to the list."""
    from playwright.sync_api import sync_playwright

    from bench.browser import FLAGS, serve
    from tests.test_browser import CHROMIUM, settled

    proc, base = serve(ROOT / "dashboard" / "app.py", {"SITUATIONS": str(situations)})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/")
            settled(page, '[data-testid="stMetric"]')
            page.get_by_text("Synthetic beta").click()
            settled(page, "h1:has-text('Situation overview')")
            page.wait_for_url("**/?situation=beta")
            page.get_by_role("link", name="Timeline").click()
            settled(page, "h1:has-text('Timeline')")
            page.wait_for_url("**/timeline?situation=beta")
            page.get_by_role("link", name="All situations").click()
            settled(page, "h1:has-text('Situations')")
            page.wait_for_url(base + "/")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ecuador_a_countrys_population_is_no_headline_when_a_toll_stands():
    """Defect (ecuador-2016): 'the Andean nation of 16 million' led the landing page and the
    map's labels of an earthquake, ahead of its 659 killed: a population describes the place,
    not what befell it. It leads only when nothing else may stand for the situation."""
    import datetime as dt
    from dataclasses import replace

    from dashboard.landing import standing
    from loaders.facts.estimates import Estimate, SourceRef

    day, wire = dt.date(2016, 4, 27), (SourceRef("Wire"),)
    population = Estimate("p", "population", None, "people", 16e6, None, "exact", day, None,
                          sources=wire)  # fmt: skip
    killed = Estimate("k", "casualties", "killed", "people", 659, None, "exact", day, None,
                      sources=wire)  # fmt: skip
    assert standing([population, killed]) is killed
    assert standing([population]) is population
    assert standing([population, replace(killed, stale=True)]) is population
