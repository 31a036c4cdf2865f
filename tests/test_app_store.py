"""The app reads the store: the last build at once on start, a line when the folder changed since,
and the new build swapped in when it is done; it never extracts in the web process."""

from __future__ import annotations

import subprocess
import sys

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


def test_a_build_running_from_before_the_latest_write_is_followed_by_one_that_reads_it(
    data_copy, monkeypatch
):
    """A review writes its files while a build started by an earlier run may still be going (it
    read the folder before the write): a reader of a small folder then waits for that build and
    for one that reads the folder as it is, never for the first alone."""
    store = data_copy / ".store"
    assert cli.main(["build", str(data_copy)]) == 0
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    table = data_copy / "figures" / "public_figures_2023.csv"
    table.write_bytes(table.read_bytes() + ROW)
    # The build already running: a process that read the folder before the write above and
    # ends without changing the store (as a build of the former inputs, already written, does).
    earlier = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    appdata._builds()[str(store)] = earlier
    appdata._builds()[f"{store}@"] = ("an earlier state of the folder",)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert earlier.poll() == 0
    assert _population(at) == "40" and not _changed_line(at)
