"""The frame (app.py and dashboard/frame.py) loads the situation's data and draws the sidebar
once per run, for whichever page runs; pages draw from the view it hands them."""

from __future__ import annotations

from collections import Counter

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
