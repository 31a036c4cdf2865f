"""The store's answers through DuckDB (`StoreQuery`) are the answers of the tables in memory
(`FrameQuery`, the loaders' own selection): rows, pages, counts, the latest table, the map's and
the timeline's inputs, and the headline estimates, on the bundled data and on a SYNTHETIC table,
for several views."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import write_table
from dashboard.map.geo import MOVEMENT_INDICATORS, flows
from dashboard.timeline.charts import timeline_figure
from loaders.facts.consolidate import latest_by_place
from loaders.facts.selection import Filters
from loaders.publish.frames import read_frame
from loaders.publish.query import FrameQuery, StoreQuery
from loaders.publish.store import build_store
from loaders.publish.summary import SUMMARY
from loaders.read.folder import DataFolder
from tests.conftest import DATA

TODAY = dt.date(2026, 12, 6)


def _pair(store: Path) -> tuple[FrameQuery, StoreQuery]:
    tables = {n: read_frame(store / f"{n}.parquet") for n in ("figures", "facts", "places")}
    sources = read_frame(store / "sources.parquet")
    reference = FrameQuery(tables["figures"], tables["facts"], tables["places"], sources)
    return reference, StoreQuery(store, tables["places"], sources)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    store = tmp_path_factory.mktemp("bundled") / "store"
    build_store(DataFolder(DATA), store, today=TODAY)
    return _pair(store)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """The bundled folder with a SYNTHETIC table of 1,000 rows over a year."""
    root = tmp_path_factory.mktemp("synthetic") / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns(".store"))
    write_table(root / "figures" / "synthetic.csv", 1_000)
    build_store(DataFolder(root), root / ".store", today=TODAY)
    return _pair(root / ".store")


def _views(query: FrameQuery) -> list[Filters]:
    """The default view, a few days of all dates, two indicators, three places."""
    p = query.period
    places = tuple(sorted(query.places["id"].astype(str)))[:3]
    return [
        Filters(p.start, p.end),
        Filters(p.first, p.start + dt.timedelta(days=3)),
        Filters(p.first, p.last, ("displaced", "aid")),
        Filters(p.start, p.end, (), places),
    ]


@pytest.fixture(params=["bundled", "synthetic"])
def pair(request) -> tuple[FrameQuery, StoreQuery]:
    return request.getfixturevalue(request.param)


def test_rows_pages_and_counts_are_the_tables_in_memory(pair):
    reference, store = pair
    assert store.period == reference.period
    assert store.indicator_counts() == reference.indicator_counts()
    for view in _views(reference):
        for table in ("figures", "facts"):
            pd.testing.assert_frame_equal(store.rows(table, view), reference.rows(table, view))
            assert store.count(table, view) == reference.count(table, view)
        assert store.indicator_counts(view) == reference.indicator_counts(view)
        assert store.source_counts(view) == reference.source_counts(view)
        assert store.without_place(view) == reference.without_place(view)
    view = _views(reference)[0]
    pd.testing.assert_frame_equal(
        store.rows("facts", view, 7, 5), reference.rows("facts", view, 7, 5)
    )


def test_the_latest_table_map_and_timeline_read_the_same_from_fewer_rows(pair):
    reference, store = pair
    for view in _views(reference):
        picked = store.latest_rows(view, moves=tuple(MOVEMENT_INDICATORS))
        assert len(picked) <= reference.count("facts", view)
        everything = reference.latest_rows(view)
        pd.testing.assert_frame_equal(latest_by_place(picked), latest_by_place(everything))
        pd.testing.assert_frame_equal(flows(picked), flows(everything))
    view = _views(reference)[2]
    events = pd.DataFrame(columns=["date", "title", "place", "source", "note"])
    for indicator in view.indicators:
        one = Filters(view.start, view.end, (indicator,), view.places)
        drawn = timeline_figure(store.rows("facts", one), events, indicator)
        wanted = timeline_figure(reference.rows("facts", view), events, indicator)
        assert drawn.to_json() == wanted.to_json()


def test_estimates_of_every_view_are_the_estimates_of_the_tables_in_memory(pair):
    reference, store = pair
    for view in _views(reference):
        assert store.estimates(view) == reference.estimates(view)
    view = _views(reference)[2]
    assert store.estimates(view, review_only=True) == reference.estimates(view, review_only=True)


def test_the_default_view_is_answered_from_the_build_without_reading_rows(bundled, monkeypatch):
    """A new app process draws the overview from the build's summary: the same estimates, and
    no query of the figures or facts."""
    reference, store = bundled
    fresh = StoreQuery(store.store, store.places, store.sources)
    default = Filters(reference.period.start, reference.period.end)
    monkeypatch.setattr(fresh, "_execute", lambda *a, **k: pytest.fail("read rows"))
    assert fresh.period == reference.period
    assert fresh.estimates(default) == reference.estimates(default)
    assert json.loads((store.store / SUMMARY).read_text())["rows"]["facts"] == len(
        reference.tables["facts"]
    )


def test_review_states_and_a_sources_figures(bundled):
    reference, store = bundled
    ids = reference.tables["figures"]["id"].head(5).tolist() + ["no-such-id"]
    assert store.review_states("figures", ids) == reference.review_states("figures", ids)
    source = str(reference.tables["figures"]["source"].iloc[0])
    pd.testing.assert_frame_equal(
        store.source_rows("figures", source), reference.source_rows("figures", source)
    )
