"""Per-session work done once per data load: sessions showing the same view share what its page
builds (the map's figure, the timeline's, the filtered tables), found by profiling page runs;
a new view or a new data load builds anew."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io
from streamlit.testing.v1 import AppTest

from dashboard import shared
from tests.conftest import DATA, ROOT

APP = str(ROOT / "dashboard" / "app.py")


def _session(page: str, query: dict | None = None) -> AppTest:
    """A new viewer (its own session) opening `page`."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_each_session_rebuilt_the_map_timeline_and_overview_of_the_same_view(monkeypatch):
    monkeypatch.setenv("SITUATION_DATA", str(DATA))
    built: list[str] = []
    for name in ("map_figure", "timeline_figure", "headlines", "readable_table"):
        real = getattr(shared, name)
        monkeypatch.setattr(
            shared,
            name,
            lambda *a, _real=real, _name=name, **k: built.append(_name) or _real(*a, **k),
        )
    shared._built.clear()
    for _ in range(3):
        _session("app_pages/map.py")
        _session("app_pages/timeline.py")
        _session("app_pages/overview.py")
    assert built.count("map_figure") == 1
    assert built.count("timeline_figure") == 1
    assert built.count("headlines") == 1  # the overview's cards, with their texts
    assert built.count("readable_table") == 1  # its table of the latest figures
    _session("app_pages/map.py", {"end": "2023-09-23"})  # another view: built for it
    assert built.count("map_figure") == 2


def _chart_of_a_second_session(monkeypatch, page: str, make: str) -> tuple[dict, dict, int]:
    """The chart a second session of `page` is sent, the chart the plain figure built for the
    first gives, and how many times the second run copied a figure into a dictionary."""
    plain: list[go.Figure] = []
    real = getattr(shared, make)
    monkeypatch.setattr(shared, make, lambda *a, **k: plain.append(real(*a, **k)) or plain[-1])
    _session(f"app_pages/{page}.py")
    copies: list[int] = []
    real_to_dict = go.Figure.to_dict
    monkeypatch.setattr(go.Figure, "to_dict", lambda f: copies.append(1) or real_to_dict(f))
    at = _session(f"app_pages/{page}.py")
    monkeypatch.setattr(go.Figure, "to_dict", real_to_dict)
    sent = json.loads(at.get("plotly_chart")[0].proto.spec)
    return sent, json.loads(plotly.io.to_json(plain[0])), len(copies)


def test_each_run_deep_copied_the_shared_chart_it_draws(monkeypatch):
    """A session drawing the shared map or timeline gets the chart a plain figure gives (every
    trace and the layout), and no run copies the figure again to send it."""
    monkeypatch.setenv("SITUATION_DATA", str(DATA))
    shared._built.clear()
    for page, make in (("map", "map_figure"), ("timeline", "timeline_figure")):
        sent, plain, copies = _chart_of_a_second_session(monkeypatch, page, make)
        assert sent == plain and len(sent["data"]) > 1, page
        assert copies == 0, page


def _extracted(value: float, place: str, day: str, **meaning: object) -> dict:
    """A figure row as the extractor gives it: a reported count of people killed, unless
    `meaning` says otherwise (synthetic)."""
    import pandas as pd

    return {
        "id": f"{meaning.get('indicator', 'casualties')}{value}",
        "source": "a",
        "indicator": "casualties",
        "subtype": "killed",
        "value": value,
        "value_max": None,
        "unit": "people",
        "qualifier": "exact",
        "as_of": pd.Timestamp(day).date(),
        "place": place,
        "note": "",
        "quote": "",
        "method": "extracted",
        "source_outlet": "Outlet",
        "source_url": "",
        "modality": "reported",
        "per": None,
        "background": False,
        **meaning,
    }


def test_background_figures_are_no_row_of_the_latest_table():
    """Defect: the 2022 Paktika quake's toll, recalled in an article on the 2023 Herat quakes
    and dated by it, was a row of the overview's latest table. Only reported counts of this
    situation are rows: not another event's toll, a projection or a rate (synthetic facts)."""
    import pandas as pd

    from loaders.facts.consolidate import consolidate

    def figure(value: float, place: str, **meaning: object) -> dict:
        return _extracted(value, place, "2023-10-08", **meaning)

    facts = consolidate(
        pd.DataFrame(
            [
                figure(2_053, "af_her"),
                figure(1_000, "af_pia", background=True),
                figure(3_000, "af_her", modality="projected"),
                figure(40, "af_her", per="day"),
            ]
        )
    )
    latest = shared.latest_counts(facts)
    assert list(zip(latest["place"], latest["value"], strict=True)) == [("af_her", 2_053)]


def test_situation_countries_a_toll_elsewhere_is_no_row_of_the_latest_table():
    """Defect: in an article on Lebanon, Gaza's toll placed in Israel was a row of the overview's
    latest table; with the situation's countries declared, a toll outside them is another
    situation's, while people who fled there stay a row (synthetic facts)."""
    import pandas as pd

    from loaders.facts.consolidate import consolidate

    def figure(indicator: str, subtype: str | None, value: float, place: str) -> dict:
        return _extracted(value, place, "2024-09-25", indicator=indicator, subtype=subtype)

    facts = consolidate(
        pd.DataFrame(
            [
                figure("casualties", "killed", 560, "lb"),
                figure("casualties", "killed", 41_400, "il"),
                figure("displaced", None, 30_000, "sy"),
            ]
        )
    )
    places = pd.DataFrame(
        {
            "id": ["lb", "il", "sy"],
            "name": ["Lebanon", "Israel", "Syria"],
            "parent": [None, None, None],
            "situation": [True, False, False],
        }
    )
    rows = shared.latest_counts(facts, places)
    assert sorted(zip(rows["place"], rows["value"], strict=True)) == [("lb", 560), ("sy", 30_000)]
    undeclared = shared.latest_counts(facts, places.assign(situation=False))
    assert len(undeclared) == 3


def test_lebanon_the_whole_situations_figures_are_rows_of_the_latest_table():
    """Defect (lebanon-2024, built from articles): the ministry's 2,036 killed and 9,662
    injured name no place, and the overview's 'Latest figure of every kind' listed only the
    older counts placed in Lebanon; a situation whose articles name no place had an empty
    table under its cards. A series naming no place is a row too (synthetic facts)."""
    import pandas as pd

    from loaders.facts.consolidate import consolidate

    facts = consolidate(
        pd.DataFrame(
            [
                _extracted(560, "lb", "2024-09-23"),
                _extracted(2_036, None, "2024-10-05"),
                _extracted(1_900, None, "2024-10-04"),
            ]
        )
    )
    latest = shared.latest_counts(facts)
    rows = {
        (p if isinstance(p, str) else None, v)
        for p, v in zip(latest["place"], latest["value"], strict=True)
    }
    assert rows == {("lb", 560), (None, 2_036)}
