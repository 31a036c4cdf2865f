"""The app reads the store: the last build at once on start, a line when the folder changed since,
and the new build swapped in when it is done; it never extracts in the web process."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import data as appdata
from loaders.commands import cli
from loaders.facts.selection import Filters
from tests.conftest import DATA, ROOT

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


def _builds_started_by(pid: int) -> list[int]:
    """The `loaders build` processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"loaders" in command and b"build" in command:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def _open_page_until_a_build_starts(url: str, pid: int, timeout: float) -> list[int]:
    """Open the overview in one session (Streamlit's websocket protocol, no browser) and wait
    until the server `pid` has started a build."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], ping_interval=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = ""
        await ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while not (found := _builds_started_by(pid)) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        return found


def test_a_build_the_server_started_ends_with_the_server(data_copy):
    """A server whose folder has no store yet starts a build and waits for it; stopped then, it
    leaves no build running, nor a half-written store. The build is held at the store's lock
    (taken here), so it is still running when the server stops, however fast the machine."""
    import fcntl

    from bench.browser import serve
    from loaders.publish.current import build_lock

    store = data_copy / ".store"
    lock = build_lock(store)
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        server, url = serve(Path(APP), {"SITUATION_DATA": str(data_copy)})
        builds: list[int] = []
        try:
            builds = asyncio.run(_open_page_until_a_build_starts(url, server.pid, 120))
            assert len(builds) == 1
            assert _running(builds[0])
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _running(builds[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        ended = not _running(builds[0])
        if not ended:  # leave nothing running behind a failed test
            os.kill(builds[0], signal.SIGKILL)
        assert ended
    assert not store.exists() and not list(data_copy.glob(".store.*.tmp"))


def test_places_two_share_a_name_are_told_apart_on_every_page():
    """Defect (kyrgyz-tajik-2022): the overview's latest table listed 'Batken: 13 killed' and
    'Batken: 59 killed', the town and the region, while the cards' breakdowns said which. Every
    page names places as the breakdowns do (synthetic places)."""
    from loaders.model.problem_types import MISSING_FOLDER

    data = appdata.failed("nowhere", MISSING_FOLDER, what="data folder")
    twins = pd.DataFrame(
        {"id": ["kg_b", "gn1528735", "kg"], "name": ["Batken", "Batken", "Kyrgyzstan"],
         "kind": ["region", "city", "country"]}
    )  # fmt: skip
    names = dataclasses.replace(data, places=twins).place_names
    assert names == {"kg_b": "Batken (region)", "gn1528735": "Batken (city)", "kg": "Kyrgyzstan"}


def test_the_first_page_readies_the_store_for_a_new_period_meanwhile(monkeypatch):
    """Once the first page is drawn, what the first question of any other view makes of the
    store (DuckDB, the held cells' arrays, the window file) is made in the background: the
    reader's first new period then waits for its own rows only, and its estimates are those
    worked out without it."""
    monkeypatch.setenv("SITUATION_DATA", str(DATA))
    appdata._readying.clear()
    started = threading.Event()
    real = appdata._ready
    monkeypatch.setattr(appdata, "_ready", lambda d, a: started.set() or real(d, a))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert started.wait(timeout=60)  # by the page's run
    data = appdata.load()
    appdata._readying(data, data.key, data.changed_since, data.stale_since).join(timeout=60)

    def made_again(*args, **kwargs):
        raise AssertionError("the new period made the held cells' arrays")

    monkeypatch.setattr("loaders.publish.narrowing.arrays", made_again)
    period = data.period
    view = Filters(period.start, period.end - dt.timedelta(days=3))
    found = data.query.estimates(view)
    monkeypatch.undo()
    cold = dataclasses.replace(data)  # a load of its own: nothing readied
    assert found and cold.query.estimates(view) == found


def test_a_page_run_beginning_stops_the_readying_before_its_next_step(monkeypatch):
    """Readying for new views never competes with a reader's run: once a page run begins, it
    takes no further step."""
    monkeypatch.setenv("SITUATION_DATA", str(DATA))
    data = dataclasses.replace(appdata.load())  # its own store query
    steps: list[str] = []
    # This load's query only: another load's readying may run in this process meanwhile.
    monkeypatch.setattr(data.query, "prepare", lambda: steps.append("prepare"))
    monkeypatch.setattr(data.query, "estimates", lambda *a: steps.append("estimates"))
    running = appdata._running()
    appdata.run_begins()
    appdata._ready(data, running)
    assert steps == []
    running.clear()
    appdata._ready(data, running)
    assert steps[:2] == ["prepare", "estimates"]
