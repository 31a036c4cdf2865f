"""Loading the data folder for the app: the one place that caches.

The cache key includes every data file's size and modification time, so an edited file shows up on
the next rerun without a restart.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from loaders.connect.freshness import SourceFreshness, freshness
from loaders.facts.consolidate import consolidate
from loaders.facts.dataset import EVENT_COLUMNS, SOURCE_COLUMNS, load_dataset, places_frame
from loaders.facts.estimates import Basis, Estimate, basis, estimates_in
from loaders.facts.review_state import reviewed
from loaders.facts.selection import Filters, Period, data_period, prepared, selected_rows
from loaders.model.problems import Report
from loaders.model.records import Decision
from loaders.model.situation import Situation
from loaders.read.boundaries import Boundary
from loaders.read.folder import DataFolder, NoDataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.tables import empty_figures

PROBLEM_COLUMNS = ["severity", "path", "line", "field", "message", "type"]
LOG = logging.getLogger("dashboard")


@dataclass(frozen=True)
class AppData:
    """Everything the pages show, already validated."""

    folder: str
    figures: pd.DataFrame
    facts: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    problems: pd.DataFrame
    routes: list[dict] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    decisions: list[Decision] = field(default_factory=list)
    situation: Situation = field(default_factory=Situation)
    stale_since: str = ""  # set when showing the last good data because an edit broke a file
    freshness: tuple[SourceFreshness, ...] = ()  # the sources sync fetches (sources.yaml)

    @cached_property
    def period(self) -> Period:
        """The default period of the facts (`data_period`): worked out once per load, not on
        every rerun of every page."""
        return data_period(self.facts)

    @property
    def place_names(self) -> dict[str, str]:
        return dict(zip(self.places["id"], self.places["name"], strict=True))


def data_folder() -> Path:
    """The data folder (`DataFolder.choose`: $SITUATION_DATA, else ./data); raises
    NoDataFolder when there is none."""
    return DataFolder.choose().root


def failed(folder: str, message: str, type_: str = "load-failed") -> AppData:
    """No tables, one problem saying why: what pages show instead of a traceback."""
    problems = pd.DataFrame(
        [
            {
                "severity": "error",
                "path": folder,
                "line": 0,
                "field": "folder",
                "message": message,
                "type": type_,
            }
        ],
        columns=PROBLEM_COLUMNS,
    )
    return AppData(
        folder=folder,
        figures=prepared(empty_figures()),
        facts=prepared(consolidate(empty_figures())),
        places=places_frame(Gazetteer()),
        sources=pd.DataFrame(columns=list(SOURCE_COLUMNS)),
        events=pd.DataFrame(columns=list(EVENT_COLUMNS)),
        problems=problems,
    )


@st.cache_resource(show_spinner="Loading data…", max_entries=4)
def _load(folder: str, signature: tuple) -> AppData:
    """Shared by every session without copying (a copy of a million-row table per rerun would
    cost more than the page): pages must never modify these tables in place, which a test
    checks. A failure is logged in full and shown as one problem, never as a traceback."""
    try:
        dataset = load_dataset(DataFolder(Path(folder)))
    except Exception as exc:  # noqa: BLE001 - the app must stay up for every viewer
        LOG.exception("loading %s failed", folder)
        return failed(folder, f"the data could not be loaded ({type(exc).__name__}); see the log")
    synced = Report()
    try:
        fresh = tuple(freshness(DataFolder(Path(folder)), synced))
    except Exception:  # noqa: BLE001 - the data still show without the sources' freshness
        LOG.exception("reading the sources of %s failed", folder)
        fresh = ()
    problems = pd.DataFrame(
        [p.model_dump(mode="json") for p in [*dataset.report.problems, *synced.problems]],
        columns=PROBLEM_COLUMNS,
    )
    return AppData(
        folder=folder,
        figures=prepared(dataset.figures),
        facts=prepared(dataset.facts),
        places=dataset.places,
        sources=dataset.sources,
        events=dataset.events,
        problems=problems[PROBLEM_COLUMNS],
        routes=dataset.routes,
        boundaries=dataset.boundaries,
        bodies={a.id: a.body for a in dataset.articles},
        rejected=dataset.rejected,
        decisions=dataset.decisions,
        situation=dataset.situation,
        freshness=fresh,
    )


@st.cache_resource
def _last_good() -> dict[str, tuple[str, AppData]]:
    """Per data folder: when and what was last loaded without errors (shared by all sessions;
    entries are replaced, never modified)."""
    return {}


def _errors(data: AppData) -> int:
    return int((data.problems["severity"] == "error").sum()) if len(data.problems) else 0


def load() -> AppData:
    """The data, loaded once per change of the files.

    When an edit adds errors that lose figures, the last good data stays on screen, with the new
    problems listed and a note saying since when it is shown."""
    try:
        folder = DataFolder.choose()
    except NoDataFolder as exc:
        return failed("", str(exc), "no-folder")
    data = _load(str(folder.root), folder.signature())
    store = _last_good()
    key = str(folder.root)
    if _errors(data) == 0:
        store[key] = (dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), data)
        return data
    if key in store:
        when, good = store[key]
        if len(data.figures) < len(good.figures) or len(data.facts) < len(good.facts):
            return replace(good, problems=data.problems, stale_since=when)
    return data


@st.cache_resource(max_entries=4, show_spinner=False)
def _basis(_data: AppData, key: tuple) -> Basis:
    """What the headline rules read, worked out once per data load (`key` names `_data`, which
    Streamlit does not hash)."""
    titles = dict(zip(_data.sources["id"], _data.sources["title"], strict=True))
    return basis(_data.facts, _data.figures, _data.places, titles)


@st.cache_resource(max_entries=64, show_spinner=False)
def _estimates(_data: AppData, key: tuple, filters: Filters) -> list[Estimate]:
    return estimates_in(_basis(_data, key), selected_rows(_data.facts, filters))


@st.cache_resource(max_entries=64, show_spinner=False)
def _reviewed_estimates(_data: AppData, key: tuple, filters: Filters) -> list[Estimate]:
    rows = selected_rows(_data.facts, filters)
    checked = np.flatnonzero(reviewed(_data.facts["review"])) if "review" in _data.facts else []
    return estimates_in(_basis(_data, key), np.intersect1d(rows, checked))


def headline_estimates(data: AppData, filters: Filters) -> list[Estimate]:
    """The headline estimates of the filtered view: the rules' basis is worked out once per data
    load, then a new filter only picks its rows (a million facts: a fraction of a second); a
    rerun with the same filters takes nothing. Shared read-only: estimates are frozen. With the
    situation's `review.headline: reviewed`, only facts a person checked are picked."""
    key = (data.folder, id(data.facts), len(data.facts), data.stale_since)
    if data.situation.review.headline == "reviewed":
        return _reviewed_estimates(data, key, filters)
    return _estimates(data, key, filters)
