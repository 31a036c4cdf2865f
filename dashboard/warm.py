"""The first page's work, started when the server process starts (`python -m dashboard`).

Nothing of the app runs until a browser has loaded Streamlit's JavaScript and opened its
websocket, about two seconds after a new process starts; the first run then imports pandas,
pyarrow, pydantic and the project's modules and reads the store. `start` does that work on a
thread of its own while the server starts and the browser loads, through the very functions
the pages call (`dashboard.data.load`, `dashboard.shared`'s overview parts): their results live
in Streamlit's `st.cache_resource` caches, which are one per process (a module-level registry,
not a part of the runtime or of a session), so the first session finds them there. A session
that asks while the warm-up is still computing a value waits for it on the cache's own lock
instead of computing it twice.

The warm-up is an optimisation only: any failure is logged and the first run does the work
itself, as under `streamlit run dashboard/app.py`. It never draws anything.
"""

from __future__ import annotations

import logging
import threading

LOG = logging.getLogger("dashboard")
THREAD = "dashboard-warm-up"
#: The logger of Streamlit's warning that a thread has no script run (a cached function's
#: spinner asks for one): true of the warm-up and of no use in its log.
NO_RUN_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _NotOnWarmUp(logging.Filter):
    """Drops the records the warm-up's thread logs (the missing script run warnings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD


def start() -> None:
    """Start the warm-up on a daemon thread (it never keeps the server from stopping); when
    that fails, the server starts without it."""
    try:
        logging.getLogger(NO_RUN_LOGGER).addFilter(_NotOnWarmUp())
        threading.Thread(target=warm, name=THREAD, daemon=True).start()
    except Exception:  # noqa: BLE001 - the first run does the work itself
        LOG.warning("starting the warm-up failed; the first page does the work", exc_info=True)


def warm() -> None:
    """Import what the frame and the overview import, then load the situation's data (or, in
    a deployment of several, each situation's summary for the landing page) and work out the
    default view's overview. Never raises."""
    try:
        from dashboard import frame, shared  # noqa: F401 - imported to be ready

        several = frame.catalogue()
        if several is None:
            _overview()
        else:
            for situation in several.situations:
                shared.situation_summary(situation.folder)
    except Exception:  # noqa: BLE001 - the first run does the work itself
        LOG.warning("warming up the app failed; the first page does the work", exc_info=True)


def _overview() -> None:
    """The situation's data and the default view's overview: the cards, the latest table and
    the key events, as the overview page asks for them with no filter set."""
    from dashboard import shared
    from dashboard.data import load
    from loaders.facts.selection import Filters

    data = load()
    if data.key == "failed":
        return
    filters = Filters(data.period.start, data.period.end)
    shared.overview_cards(data, filters)
    shared.latest_table(data, filters)
    shared.key_events(data, filters)
