"""The real Streamlit app under AppTest: every page runs, filters come from the address, invalid
values fall back with a message, broken data shows in the problems panel."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.pages import VIEWER_PAGES, page
from dashboard.text import escape_markdown
from loaders.facts.dataset import load_dataset
from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAGES = [p.name for p in VIEWER_PAGES]


def run(params: dict | None = None, name: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if name:
        at.switch_page(page(name).file)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def frame(at: AppTest, column: str):
    """The first table on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def problems_listed(at: AppTest) -> str:
    """The sidebar's list of data problems, as Markdown."""
    (panel,) = [e for e in at.sidebar.expander if e.label.startswith("Data problems")]
    return "\n".join(m.value for m in panel.markdown)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs(name):
    at = run(name=name)
    assert at.title[0].value
    title = escape_markdown("Nagorno-Karabakh 2023: offensive and exodus")
    assert f"**{title}**" in [m.value for m in at.main.markdown]  # the situation on every page
    if name == "overview":
        assert len(at.metric) >= 10
    if name == "timeline":  # a tab per question with figures; the most reported one open
        from loaders.facts.dataset import load_dataset
        from tests.conftest import DATA

        questions = load_dataset(DATA).facts["indicator"].nunique()
        assert len(at.tabs) == questions >= 5
        assert at.tabs[0].label == "Population"
        (chart,) = at.get("plotly_chart")
        assert chart.key == "timeline_chart_displaced"
        assert at.subheader[0].value.startswith("How many people have fled")
        assert [s.value for s in at.subheader][-1] == "Key events"
    if name == "map":
        assert len(at.get("plotly_chart")) == 1
        assert metrics(at)["Lachin Corridor length"] == "53 km"
    if name == "sources":
        marked = [m.value for m in at.markdown if ":orange-background[" in m.value]
        assert any("up to 120\\,000" in m for m in marked)
    if name == "data":
        assert len(at.get("download_button")) == 5


def test_the_timeline_opens_the_question_in_the_address():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["timeline_question"] = "Casualties"
    at.run()
    at.switch_page("app_pages/timeline.py").run()
    (chart,) = at.get("plotly_chart")
    assert chart.key == "timeline_chart_casualties"
    at.query_params["timeline_question"] = "Aid"  # a click on the tab changes the address
    at.run()
    assert [c.key for c in at.get("plotly_chart")] == ["timeline_chart_aid"]


def test_a_timeline_question_outside_the_dates_says_so_instead_of_an_empty_chart():
    at = run(name="timeline")
    at.query_params["timeline_question"] = "Weapons handed over"
    at.session_state["sidebar_start"] = dt.date(2023, 9, 19)
    at.session_state["sidebar_end"] = dt.date(2023, 9, 19)
    at.run()
    assert not at.get("plotly_chart")
    assert "No figures for this question in this view" in at.info[0].value


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_on_its_own(name):
    at = AppTest.from_file(str(ROOT / "dashboard" / page(name).file), default_timeout=90)
    at.run()
    assert not at.exception


def test_overview_headlines_read_as_the_crisis_did():
    at = run()
    cards = metrics(at)
    assert cards["Displaced people: fled so far"] == "100,632"  # in Armenia by 4 October
    assert cards["Population: total"] == "120,000"  # before the exodus, not who remains
    assert cards["Total"] == "50-1,000"  # Armenians remaining in the region, a card of its own
    assert cards["Casualties: killed"] == "~600"  # the offensive, not 5 peacekeepers
    assert cards["Killed"] == "170"  # the fuel depot blast, as its own headline
    assert any("fuel depot explosion near Stepanakert" in m.value for m in at.markdown)
    assert cards["Aid: funding (EUR)"] == "17.5m"  # three donors, not the last
    assert cards["Aid: funding (USD)"] == "11.5m"  # UNHCR's appeal is not funding
    assert cards["Aid: appeal (USD)"] == "97m"
    captions = [c.value for c in at.caption]
    assert any(re.search(r"[3-9] independent sources agree", c) for c in captions)
    assert any(c.startswith("Sources: [") and "](https://" in c for c in captions)
    # Each trend is a small SVG image under its card's number, not a chart library's chart.
    lines = [i.proto.imgs[0] for i in at.get("image")]
    assert len(lines) >= 10 and not any(m.proto.chart_data for m in at.metric)
    assert all(i.url.startswith("data:image/svg+xml;base64,") for i in lines)
    assert "Sparkline of 11 reported values, rising" in lines[0].alt  # who fled, 23 Sep-4 Oct
    assert any("1 figure outside it left out" in i.value for i in at.info)  # February 2024
    seed = run({"end": "2023-09-23"})
    assert metrics(seed)["Population: total"] == "up to 120,000"


def test_indicator_parameter_narrows_the_cards():
    at = run({"indicator": "displaced"})
    assert metrics(at) and all(label.startswith("Displaced") for label in metrics(at))
    assert at.multiselect(key="sidebar_indicators").value == ["displaced"]


def test_place_parameter_narrows_the_cards():
    at = run({"place": "stepanakert"})
    assert set(metrics(at)) == {  # no whole-situation figure is about one city
        "Aid: tonnage",
        "Aid: vehicles",
        "Killed",  # in the fuel depot explosion, shown as a single incident
        "Injured",
        "Missing",
    }
    assert any("hidden while places are filtered" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start": "not-a-date"}, "is not a date"),
        ({"end": "2023-02-30"}, "is not a date"),
        ({"indicator": "refugees"}, "unknown indicator"),
        ({"place": "atlantis"}, "unknown place"),
        ({"start": "2023-10-01", "end": "2023-09-20"}, "after end"),
    ],
)
def test_invalid_parameters_fall_back_with_a_message(params, words):
    at = run(params)
    assert any(words in w.value for w in at.warning)
    assert metrics(at)["Population: total"] == "120,000"  # the default view


def test_changing_a_filter_updates_the_address():
    at = run()
    at.date_input(key="sidebar_end").set_value(__import__("datetime").date(2023, 9, 25)).run()
    assert at.query_params["end"] == ["2023-09-25"] or at.query_params["end"] == "2023-09-25"
    # the latest population claim by then: about 120,000 (APA, 25 September)
    assert metrics(at)["Population: total"] == "~120,000"


def test_filters_survive_a_page_change():
    at = run({"end": "2023-09-23"})
    at.switch_page("app_pages/data.py")
    at.run()
    assert at.date_input(key="sidebar_end").value.isoformat() == "2023-09-23"
    import datetime as dt

    from dashboard.filters import Filters, apply
    from loaders.facts.dataset import load_dataset

    figures = load_dataset(ROOT / "data").figures
    expected = len(apply(figures, Filters(dt.date(2023, 9, 18), dt.date(2023, 9, 23))))
    assert at.caption[0].value.startswith(f"{expected} figures")


def test_broken_data_still_starts_and_lists_every_problem(data_copy, monkeypatch):
    for name in ("no_date.txt", "not_utf8.txt"):
        shutil.copy(FIXTURES / "articles" / name, data_copy / "articles" / name)
    shutil.copy(FIXTURES / "figures" / "unknown_indicator.csv", data_copy / "figures")
    (data_copy / "events.csv").write_text("date,title\nbroken", encoding="utf-8")
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    at = run()
    assert any("data errors" in e.value for e in at.sidebar.error)
    (panel,) = [e for e in at.sidebar.expander if e.label.startswith("Data problems")]
    assert panel.label == "Data problems (4)"
    listed = panel.markdown[0].value
    for field in ("date", "encoding", "indicator", "source"):
        assert f", {field}: " in listed
    assert "events\\.csv line 1" in listed  # paths within the folder, escaped
    assert metrics(at)["Population: total"] == "120,000"  # the good data is all there
    at.switch_page("app_pages/data.py").run()
    (problems,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert len(problems) == 4
    assert set(problems["field"]) == {"date", "encoding", "indicator", "source"}
    codes = {"no-date", "not-utf8", "unknown-value", "missing-column"}
    assert set(problems["code"]) == codes  # each problem's code from the catalogue
    assert all("(" + code.replace("-", "\\-") + ")" in listed for code in codes)


def test_maintainer_changes_show_in_the_dashboard(data_copy, tmp_path, monkeypatch):
    import json

    from tests.conftest import loaders_cli

    def cli(*args):
        result = loaders_cli(*args, "--data", data_copy)
        assert result.returncode == 0, result.stderr
        return result.stdout

    pasted = tmp_path / "wire.txt"
    pasted.write_text(
        "GORIS, Armenia - Some 6,650 refugees had arrived in Goris by Monday, officials said.\n",
        encoding="utf-8",
    )
    reviewed = cli(
        "add-article", pasted, "--date", "2023-09-25", "--outlet", "Test wire", "--id", "wire"
    )
    assert "6,650" in reviewed
    (extracted,) = json.loads(cli("extract", data_copy / "articles" / "wire.txt", "--json"))
    figure_id = extracted["id"]
    (data_copy / "corrections.csv").write_text(
        "figure_id,action,field,value,reason\n"
        f"{figure_id},reject,,,checked: already in the table\n",
        encoding="utf-8",
    )
    cli("places", "add", "Sisian")
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))

    sources = run(name="sources")
    listed = [d.value for d in sources.dataframe if "figures in view" in d.value.columns]
    assert "wire" in pd.concat(listed)["id"].tolist()
    data = run(name="data")
    rejected = frame(data, "reason")
    assert rejected["id"].tolist() == [figure_id]
    assert rejected["reason"].tolist() == ["checked: already in the table"]
    assert figure_id not in set(frame(data, "quote")["id"])
    map_page = run(name="map")
    assert "sisian" in map_page.selectbox(key="map_from").options or any(
        "Sisian" in o for o in map_page.selectbox(key="map_from").options
    )


def test_data_edited_under_a_running_app(data_copy, monkeypatch):
    """An edit shows on the next rerun; an edit that breaks a file keeps the last good data on
    screen with the problem listed; fixing it shows the new data."""
    import time

    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    table = data_copy / "figures" / "public_figures_2023.csv"
    original = table.read_bytes()
    at = run()
    assert metrics(at)["Population: total"] == "120,000"

    time.sleep(0.01)
    table.write_bytes(
        original
        + b"2023-10-02,population,,40,,people,exact,Nagorno-Karabakh,,T,https://example.org/t,\n"
    )
    at.run()
    assert metrics(at)["Population: total"] == "40"  # the edit shows on the next rerun

    table.write_bytes(b"\xff\xfe broken export " + original)  # not UTF-8: the table would vanish
    at.run()
    assert not at.exception
    assert metrics(at)["Population: total"] == "40"  # the last good data stays
    assert any("last good data" in w.value for w in at.warning)
    assert "UTF\\-8" in problems_listed(at)

    table.write_bytes(original)
    at.run()
    assert metrics(at)["Population: total"] == "120,000"
    assert not any("last good data" in w.value for w in at.warning)


def test_pages_never_change_the_cached_data():
    """Streamlit's caches hand the same data to every session: after every page has run, the
    cached tables are still exactly what the loaders produce."""
    from dashboard import data as appdata
    from loaders.facts.dataset import load_dataset
    from loaders.facts.selection import prepared

    for name in PAGES:
        run(name=name)
    cached = appdata.load()
    fresh = load_dataset(appdata.data_folder())
    assert cached.figures.equals(prepared(fresh.figures))
    assert cached.facts.equals(prepared(fresh.facts))
    assert cached.places.equals(fresh.places)


def test_a_link_to_a_figure_opens_its_article_with_the_figure_highlighted():
    article = "2023-09-23-separatists-hand-over-weapons-aid-delivered"
    data = load_dataset(ROOT / "data")
    (figure,) = data.figures[
        (data.figures["source"] == article) & (data.figures["subtype"] == "tonnage")
    ]["id"]
    at = run({"article": article, "figure": figure}, name="sources")
    assert at.selectbox(key="sources_article").value == article
    assert any("Aid\\:\u2060 tonnage" in i.value and "50 t" in i.value for i in at.info)
    highlighted = [m.value for m in at.markdown if ":blue-background[**50**" in m.value]
    assert len(highlighted) == 1
    table = frame(at, "linked")
    assert table.loc[table["id"] == figure, "linked"].tolist() == ["▶"]
    assert "more than" in set(table["hedge"]) and "more_than" not in set(table["hedge"])
    assert "5,000" in " ".join(table["value"])  # thousands separators, hedge in words


def test_sources_page_honours_the_filters_and_lists_titles():
    at = run({"start": "2023-09-23", "end": "2023-09-23"}, name="sources")
    listed = frame(at, "figures in view")
    assert "Separatists begin handing over weapons as negotiations with Azerbaijan continue" in set(
        listed["title"]
    )
    assert listed["figures in view"].min() > 0
    assert all(link.startswith(("https://", "/sources?article=")) for link in listed["link"])


def test_the_default_period_leaves_out_a_far_off_row_and_all_dates_are_one_click_away():
    at = run()
    assert at.date_input(key="sidebar_end").value == dt.date(2023, 10, 20)
    assert any("on 2024-02-01 left out" in c.value for c in at.sidebar.caption)
    at.button(key="sidebar_all_dates").click().run()
    assert at.date_input(key="sidebar_end").value == dt.date(2024, 2, 1)
    assert at.query_params["end"] == "2024-02-01"
    assert metrics(at)["Displaced people: fled so far"] == "115,183"  # the February factsheet


def test_data_page_shows_labels_and_links_and_codes_on_request():
    at = run(name="data")
    table = at.dataframe[0].value
    assert {"what", "value", "place", "source", "link"} <= set(table.columns)
    places = set(table["place"])
    assert "Nagorno-Karabakh" in places and "nagorno_karabakh" not in places
    assert not table["value"].astype(str).str.fullmatch(r"\d{5,}(\.0)?").any()  # 120,000
    at.toggle(key="data_as_exported").set_value(True).run()
    raw = at.dataframe[0].value
    assert "nagorno_karabakh" in set(raw["place"]) and "indicator" in raw.columns


#: Synthetic figures (test data, shaped like UNHCR's count of 2022-05-05): eight countries that
#: received people, crowded on a phone's map.
CROWDED = {
    "Poland": 3_090_000,
    "Romania": 846_000,
    "Russia": 703_000,
    "Hungary": 539_000,
    "Moldova": 449_000,
    "Slovakia": 385_000,
    "Germany": 253_157,
    "Belarus": 25_000,
}


def test_ukraine_refugees_a_place_the_map_could_not_label_is_listed_under_it(tmp_path, monkeypatch):
    """Defect (ukraine-refugees-2022): the map drew Russia, Moldova, Slovakia and Germany as
    large unlabelled squares (no room for their labels on a phone), so 703,000 people in Russia
    showed only on hover. Every headline the map could not label is listed under it."""
    from loaders.commands.cli import main

    folder = tmp_path / "refugees"
    assert main(["init", str(folder), "--title", "Synthetic refugees"]) == 0
    rows = "".join(
        f"2022-05-05,displaced,,{n},,people,exact,{place},,Test agency,https://example.org/a,\n"
        for place, n in CROWDED.items()
    )
    (folder / "figures" / "synthetic.csv").write_text(
        "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,source_outlet,"
        "source_url,published\n" + rows,
        encoding="utf-8",
    )
    monkeypatch.setenv("SITUATION_DATA", str(folder))
    at = run(name="map")
    labelled = {
        a["text"].split("</b>")[0].removeprefix("<b>")
        for a in json_figure(at)["layout"]["annotations"]
        if a.get("text", "").startswith("<b>")
    }
    (listed,) = [c.value for c in at.caption if c.value.startswith("No room for a label")]
    listed = listed.replace("\\", "").replace("\u2060", "")  # as the reader sees it
    for place, n in CROWDED.items():
        assert place in labelled or f"{place}: {n:,} fled so far" in listed, place
    assert len(labelled & set(CROWDED)) < len(CROWDED)  # the case this test is about


def json_figure(at: AppTest) -> dict:
    """The first chart of the page, as the browser receives it."""
    import json

    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_tigray_a_stale_figure_is_listed_as_not_current_never_a_headline_card():
    """Defect (tigray-2020-22): '> 27,000' people fled to Sudan as of November 2020 stood as the
    card 'Displaced people: fled so far' of a view running to July 2021, eight months after it,
    its staleness one caption line under a big number. A stale estimate is the last known
    figure, listed under 'Not current' with its date and age, never a headline card."""
    at = run({"start": "2023-09-01", "end": "2024-12-31"})  # a figure of February 2024 in view
    cards = metrics(at)
    assert "Casualties: killed" not in cards  # ~600 as of 1 October 2023: stale
    assert cards["Displaced people: fled so far"] == "115,183"  # the newest, current
    assert "Not current" in [s.value for s in at.subheader]
    (listed,) = [m.value for m in at.markdown if "**Casualties" in m.value]
    (line,) = [x for x in listed.splitlines() if x.startswith("- **Casualties")]
    assert "\\~600, as of 2023\\-10\\-01" in line and "days older than the newest figure" in line


def test_nagorno_karabakh_the_data_page_shows_each_figures_value_before_its_id():
    """Defect (nagorno-karabakh-2023, bundled data): on a 390 px phone the Data page's tables
    began with a twelve-character id, so a reader saw the id, the date and what was counted but
    not the value. As on the Sources page, the date, what and value come first, the id last."""
    at = run(name="data")
    for table in (frame(at, "what"), at.dataframe[1].value):
        assert list(table.columns[:3]) == ["as of", "what", "value"]
        assert "id" in table.columns and list(table.columns).index("id") > 5
