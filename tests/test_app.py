"""The real Streamlit app under AppTest: every page runs, filters come from the address, invalid
values fall back with a message, broken data shows in the problems panel."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["overview", "timeline", "map", "sources", "data"]


def run(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def frame(at: AppTest, column: str):
    """The first table on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    at = run(page=page)
    assert at.title[0].value
    if page == "overview":
        assert len(at.metric) >= 10
    if page == "timeline":
        assert len(at.get("plotly_chart")) >= 6
    if page == "map":
        assert len(at.get("plotly_chart")) == 1
        assert metrics(at)["Lachin Corridor length"] == "53 km"
    if page == "sources":
        marked = [m.value for m in at.markdown if ":orange-background[" in m.value]
        assert any("up to 120\\,000" in m for m in marked)
    if page == "data":
        assert len(at.get("download_button")) == 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_its_own(page):
    at = AppTest.from_file(str(ROOT / "dashboard" / "app_pages" / f"{page}.py"), default_timeout=90)
    at.run()
    assert not at.exception


def test_overview_shows_the_latest_population_and_the_seed_view():
    assert metrics(run())["Population: total"] == "50-1,000"
    seed = run({"end": "2023-09-23"})
    assert metrics(seed)["Population: total"] == "up to 120,000"
    assert metrics(seed)["Weapons handed over: small arms"] == "> 800"


def test_indicator_parameter_narrows_the_cards():
    at = run({"indicator": "displaced"})
    assert metrics(at) and all(label.startswith("Displaced") for label in metrics(at))
    assert at.multiselect(key="sidebar_indicators").value == ["displaced"]


def test_place_parameter_narrows_the_cards():
    at = run({"place": "stepanakert"})
    assert set(metrics(at)) == {
        "Aid: tonnage",
        "Aid: vehicles",
        "Casualties: killed",
        "Casualties: injured",
        "Casualties: missing",  # people missing after the fuel depot explosion
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
    assert metrics(at)["Population: total"] == "50-1,000"  # the default view


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
    (problems,) = [d.value for d in at.sidebar.dataframe if "message" in d.value.columns]
    assert len(problems) == 4
    assert set(problems["field"]) == {"date", "encoding", "indicator", "source"}
    assert metrics(at)["Population: total"] == "50-1,000"  # the good data is all there


def test_maintainer_changes_show_in_the_dashboard(data_copy, tmp_path, monkeypatch):
    import json
    import subprocess
    import sys

    def cli(*args):
        result = subprocess.run(
            [sys.executable, "-m", "loaders", *map(str, args), "--data", data_copy],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
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

    sources = run(page="sources")
    assert "wire" in frame(sources, "kind")["id"].tolist()
    data = run(page="data")
    rejected = frame(data, "reason")
    assert rejected["id"].tolist() == [figure_id]
    assert rejected["reason"].tolist() == ["checked: already in the table"]
    assert figure_id not in set(frame(data, "quote")["id"])
    map_page = run(page="map")
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
    assert metrics(at)["Population: total"] == "50-1,000"

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
    assert any("not-utf8" in str(t) or "UTF-8" in str(t) for t in frame(at, "message")["message"])

    table.write_bytes(original)
    at.run()
    assert metrics(at)["Population: total"] == "50-1,000"
    assert not any("last good data" in w.value for w in at.warning)


def test_pages_never_change_the_cached_data():
    """Streamlit's caches hand the same data to every session: after every page has run, the
    cached tables are still exactly what the loaders produce."""
    from dashboard import data as appdata
    from loaders.facts.dataset import load_dataset
    from loaders.facts.selection import prepared

    for page in PAGES:
        run(page=page)
    cached = appdata.load()
    fresh = load_dataset(appdata.data_folder())
    assert cached.figures.equals(prepared(fresh.figures))
    assert cached.facts.equals(prepared(fresh.facts))
    assert cached.places.equals(fresh.places)
