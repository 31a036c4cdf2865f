"""The app reads the store: the last build at once on start, a line when the folder changed since,
and the new build swapped in when it is done; it never extracts in the web process."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import data as appdata
from loaders.commands import cli
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
ROW = b"2023-10-02,population,,40,,people,exact,Nagorno-Karabakh,,T,https://example.org/t,\n"


def _population(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Population: total"]


def _changed_line(at: AppTest) -> bool:
    return any("has changed since this build" in c.value for c in at.sidebar.caption)


def test_a_large_folder_is_rebuilt_in_the_background(data_copy, monkeypatch):
    store = data_copy / ".store"
    assert cli.main(["build", str(data_copy)]) == 0
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    monkeypatch.setattr(appdata, "SMALL_ARTICLES", -1)  # every folder counts as large

    def never(*args, **kwargs):
        raise AssertionError("the web process extracted")

    monkeypatch.setattr("loaders.facts.parts.read_and_extract", never)
    monkeypatch.setattr("loaders.facts.dataset.load_dataset", never)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    assert _population(at) == "120,000" and not _changed_line(at)
    assert str(store) not in appdata._builds()  # served the last build: no build started

    table = data_copy / "figures" / "public_figures_2023.csv"
    table.write_bytes(table.read_bytes() + ROW)
    at.run()
    assert _population(at) == "120,000"  # the last build, at once
    assert _changed_line(at)
    appdata._builds()[str(store)].wait(timeout=300)
    at.run()
    assert _population(at) == "40" and not _changed_line(at)
