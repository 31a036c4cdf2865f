"""The warm-up `python -m dashboard` starts with the server (`dashboard/warm.py`): it may fail in
any way without a viewer ever knowing; the real server's warm start is tested in
tests/test_browser.py (`test_a_new_server_works_out_the_overview_before_the_first_viewer`)."""

from __future__ import annotations

import logging

import pytest

from dashboard import data, warm


def test_a_warm_up_that_fails_is_only_logged(monkeypatch, caplog):
    """A store that cannot be loaded (any exception at all) stops the warm-up with a line in
    the server's log; nothing is raised into the server, and the first page does the work."""

    def broken(root=None):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(data, "load", broken)
    monkeypatch.delenv("SITUATIONS", raising=False)
    with caplog.at_level(logging.WARNING, logger="dashboard"):
        warm.warm()
    assert "warming up the app failed" in caplog.text
    assert "disk on fire" in caplog.text


def test_a_folder_that_is_not_there_is_no_warm_up_failure(monkeypatch, tmp_path, caplog):
    """A data folder that does not exist loads as the problem pages show (no tables): the
    warm-up stops there quietly, leaving the problem to the page."""
    monkeypatch.setenv("SITUATION_DATA", str(tmp_path / "nowhere"))
    monkeypatch.delenv("SITUATIONS", raising=False)
    with caplog.at_level(logging.WARNING, logger="dashboard"):
        warm.warm()
    assert "warming up the app failed" not in caplog.text


@pytest.mark.parametrize("name", [warm.THREAD, "MainThread"])
def test_only_the_warm_up_thread_drops_streamlit_no_run_warnings(name):
    """Streamlit warns that a thread has no script run when a cached function's spinner asks
    for one: the warm-up's thread never has one and its log would fill with it; every other
    thread's warning stays."""
    record = logging.LogRecord(warm.NO_RUN_LOGGER, logging.WARNING, __file__, 1, "x", None, None)
    record.threadName = name
    assert warm._NotOnWarmUp().filter(record) is (name != warm.THREAD)
