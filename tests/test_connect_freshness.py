"""Freshness of synced sources: fresh, due, overdue, failing, never synced; in `validate` with the
source's line in sources.yaml, and on the dashboard (Sources page table, sidebar line)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.freshness import freshness_table, overdue_note
from loaders.commands.cli import main
from loaders.connect.freshness import SourceFreshness, freshness
from loaders.model.problems import Report
from loaders.read.folder import DataFolder
from tests.conftest import ROOT

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def row(last_success=None, error="", error_at=None, schedule=6 * HOUR) -> SourceFreshness:
    due = last_success + schedule if last_success else None
    return SourceFreshness("s", "feed", schedule, last_success, error, error_at, due, 0, 3)


@pytest.mark.parametrize(
    ("source", "status"),
    [
        (row(NOW - 2 * HOUR), "fresh"),
        (row(NOW - 7 * HOUR), "due"),
        (row(NOW - 10 * HOUR), "overdue"),
        (row(), "never synced"),
        (row(None, "HTTP 500", NOW), "failing"),
        (row(NOW - 2 * HOUR, "HTTP 500", NOW - HOUR), "failing"),
        (row(NOW - 2 * HOUR, "HTTP 500", NOW - 3 * HOUR), "fresh"),  # an old error, since fixed
    ],
)
def test_status_follows_the_schedule_and_the_last_attempt(source, status):
    assert source.status(NOW) == status


def test_the_sidebar_line_names_only_sources_needing_attention():
    rows = (row(NOW - 2 * HOUR), row(NOW - 30 * HOUR))
    assert overdue_note(rows[:1], NOW) == ""
    assert overdue_note(rows, NOW) == "1 synced source needs attention: s overdue (due 24 h ago)."
    table = freshness_table(rows, NOW)
    assert list(table["status"]) == ["fresh", "overdue"]
    assert table["next due"][0] == "2026-12-06 16:00 UTC (in 4 h)"


SOURCES = """sources:
  - name: ok-feed
    kind: feed
    url: https://news.example.org/feed.xml
    schedule: 6h
  - name: late-feed
    kind: feed
    url: https://late.example.org/feed.xml
    schedule: 1h
  - name: broken-api
    kind: reliefweb
    schedule: 1d
"""


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "situation"
    assert main(["init", str(path)]) == 0
    (path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    state = {
        "sources": {
            "ok-feed": {"last_attempt": now.isoformat(), "last_success": now.isoformat()},
            "late-feed": {
                "last_attempt": (now - 30 * HOUR).isoformat(),
                "last_success": (now - 30 * HOUR).isoformat(),
                "added": 4,
            },
            "broken-api": {
                "last_attempt": now.isoformat(),
                "last_error": "set the environment variable RELIEFWEB_APPNAME <b>now</b>",
                "last_error_at": now.isoformat(),
            },
        }
    }
    (path / "sync-state.json").write_text(json.dumps(state), encoding="utf-8")
    return path


def test_validate_warns_of_overdue_and_failing_sources_at_their_lines(folder, capsys):
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    late = [line for line in out if ":6: late-feed: warning: overdue" in line]
    assert len(late) == 1 and "due 29 h ago (every 1h)" in late[0]
    assert any(":10: broken-api: warning: the last sync failed: set the" in line for line in out)
    assert not any("ok-feed" in line for line in out)


def test_a_broken_sources_file_fails_validate_with_its_line(folder, capsys):
    text = SOURCES.replace("schedule: 1h", "schedule: often").replace(
        "kind: reliefweb", "kind: rss"
    )
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "sources.yaml:9: schedule: 'often' is not a duration" in out
    assert "sources.yaml:10: kind: unknown kind 'rss'" in out
    rows = freshness(DataFolder(folder), Report())
    assert [r.source for r in rows] == ["ok-feed"]


def test_the_sources_page_and_sidebar_show_freshness(folder, monkeypatch):
    monkeypatch.setenv("SITUATION_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    table = next(d.value for d in at.dataframe if "next due" in d.value.columns)
    assert dict(zip(table["source"], table["status"], strict=True)) == {
        "ok-feed": "fresh",
        "late-feed": "overdue",
        "broken-api": "failing",
    }
    assert table.set_index("source").loc["broken-api", "last error"].endswith("<b>now</b>")
    (warning,) = [w.value for w in at.sidebar.warning if "attention" in w.value]
    assert warning.startswith("2 synced sources need attention\\:\u2060 late\\-feed overdue")
