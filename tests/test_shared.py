"""Per-session work done once per data load: sessions showing the same view share what its page
builds (the map's figure, the timeline's, the filtered tables), found by profiling page runs;
a new view or a new data load builds anew."""

from __future__ import annotations

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


def test_each_session_rebuilt_the_map_and_timeline_of_the_same_view(monkeypatch):
    monkeypatch.setenv("SITUATION_DATA", str(DATA))
    built: list[str] = []
    for name in ("map_figure", "timeline_figure"):
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
    assert built.count("map_figure") == 1
    assert built.count("timeline_figure") == 1
    _session("app_pages/map.py", {"end": "2023-09-23"})  # another view: built for it
    assert built.count("map_figure") == 2
