"""Loading the data for the app: the one place that caches.

The app reads the store `build` writes (Parquet, see `loaders.publish.store`) and never extracts
in the web process: it serves the last build at once on start. When the folder's inputs differ
from the store's manifest (or the loaders' code changed), a `build` runs as a separate process;
a small folder waits for it (an edit shows on the next rerun), a large one keeps the last build on
screen with a line saying the folder has changed since, until the new store is swapped in whole.
The cache key is the store's manifest, so every session shares one copy of the tables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from loaders.connect.freshness import SourceFreshness, freshness
from loaders.facts.consolidate import consolidate
from loaders.facts.estimates import Estimate, place_labels
from loaders.facts.places_table import places_frame
from loaders.facts.selection import Filters, Period, prepared
from loaders.facts.sources_table import SOURCE_COLUMNS
from loaders.model.problem_types import LOAD_FAILED, MISSING_FOLDER, NO_FOLDER, ProblemType
from loaders.model.problems import Report
from loaders.model.records import Decision
from loaders.model.situation import Situation
from loaders.model.vocabulary import VOCABULARY
from loaders.publish.frames import read_frame
from loaders.publish.query import LATEST, FrameQuery, Query, StoreQuery
from loaders.publish.stored import (
    MANIFEST,
    changed_inputs,
    code_version,
    manifest_and_key,
    read_boundaries_json,
)
from loaders.read.boundaries import Boundary
from loaders.read.events import EVENT_COLUMNS
from loaders.read.folder import BUNDLED, DataFolder, NoDataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.review_log import read_review_log
from loaders.read.situation import read_situation
from loaders.read.tables import empty_figures

PROBLEM_COLUMNS = ["severity", "code", "path", "line", "field", "message"]
LOG = logging.getLogger("dashboard")


@dataclass(frozen=True)
class AppData:
    """Everything the pages show, already validated. The figures and facts stay in the store:
    pages ask `query` (DuckDB over the store's Parquet) for the rows they show; `figures` and
    `facts` read a whole table, for the maintainers' review page only."""

    folder: str
    places: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    problems: pd.DataFrame
    routes: list[dict] = field(default_factory=list)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    decisions: list[Decision] = field(default_factory=list)
    situation: Situation = field(default_factory=Situation)
    stale_since: str = ""  # set when showing the last good data because an edit broke a file
    changed_since: str = ""  # set when the folder changed after the build shown (rebuilding)
    built: str = ""  # when the store shown was built (UTC, ISO)
    key: str = ""  # names the tables of this load (its store's manifest): what caches key on
    freshness: tuple[SourceFreshness, ...] = ()  # the sources sync fetches (sources.yaml)
    store: str = ""  # the store read ("" when the tables are in `tables`)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # figures, facts without store

    @cached_property
    def query(self) -> Query:
        """The figures and facts, asked: of the store through DuckDB, else of `tables`."""
        if self.store:
            return StoreQuery(Path(self.store), self.places, self.sources)
        return FrameQuery(self.tables["figures"], self.tables["facts"], self.places, self.sources)

    def _table(self, name: str) -> pd.DataFrame:
        if self.store:
            return read_frame(Path(self.store) / f"{name}.parquet")
        return self.tables[name]

    @property
    def boundaries(self) -> list[Boundary]:
        """The map's outlines, read from the store when a page first asks (the map): megabytes
        of JSON that a start need not wait for."""
        return _outlines(self.store, self.key) if self.store else []

    @property
    def bodies(self) -> dict[str, str]:
        """Each article's text by id, read from the store when a page first asks (the sources
        and review pages): a folder of 10,000 articles holds tens of megabytes of them."""
        return _bodies(self.store, self.key) if self.store else {}

    @cached_property
    def figures(self) -> pd.DataFrame:
        """Every figure (read on first use: only the review page needs them all)."""
        return self._table("figures")

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Every fact (read on first use: only the review page needs them all)."""
        return self._table("facts")

    def size(self, table: str) -> int:
        """How many rows `table` ("figures" or "facts") has."""
        query = self.query
        if isinstance(query, StoreQuery) and query.summary:
            return int(query.summary["rows"][table])
        everything = Filters(dt.date.min, dt.date.max)
        return query.count(table, everything)

    @cached_property
    def period(self) -> Period:
        """The default period of the facts (`data_period`): worked out by the build (or once
        per load), not on every rerun of every page."""
        return self.query.period

    @cached_property
    def place_names(self) -> dict[str, str]:
        """Each place's name by id, made once per load (every page asks for it, often); a name
        two places share with the place's kind ('Batken (region)', 'Batken (city)'), as the
        overview's breakdowns say it (`place_labels`), so no table lists two rows of 'Batken'."""
        return place_labels(self.places)


def data_folder() -> Path:
    """The data folder (`DataFolder.choose`: $SITUATION_DATA, else ./data); raises
    NoDataFolder when there is none."""
    return DataFolder.choose().root


def failed(folder: str, kind: ProblemType, **fields: object) -> AppData:
    """No tables, one problem (of type `kind`, its message from `fields`) saying why: what pages
    show instead of a traceback."""
    problem = kind.at(folder, 0, "folder", **fields)
    problems = pd.DataFrame([problem.model_dump(mode="json")], columns=PROBLEM_COLUMNS)
    return AppData(
        folder=folder,
        tables={
            "figures": prepared(empty_figures()),
            "facts": prepared(consolidate(empty_figures())),
        },
        places=places_frame(Gazetteer()),
        sources=pd.DataFrame(columns=list(SOURCE_COLUMNS)),
        events=pd.DataFrame(columns=list(EVENT_COLUMNS)),
        problems=problems,
        key="failed",
    )


#: A folder with at most this many articles and table bytes is rebuilt while the reader waits.
SMALL_ARTICLES = 500
SMALL_TABLE_BYTES = 50 << 20
#: The longest a reader waits for a build (seconds); a larger folder is rebuilt in the background.
BUILD_WAIT = 300


def store_of(folder: DataFolder) -> Path:
    """The store the app reads: the folder's own (`DIR/.store`) when it has one or the folder
    may be written (the checkout's bundled data excepted); else one per folder in the
    temporary directory, so a read-only deployment still gets a store."""
    own = folder.store
    writable = folder.root.resolve() != BUNDLED and os.access(folder.root, os.W_OK)
    if (own / MANIFEST).is_file() or writable:
        return own
    name = hashlib.sha256(str(folder.root.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "situation-stores" / name


@st.cache_resource
def _builds() -> dict:
    """The build running for each store (shared by every session), so one runs at a time."""
    return {}


_BUILDS_LOCK = threading.Lock()


def _rebuild(folder: DataFolder, store: Path, state: tuple) -> subprocess.Popen:
    """The build of `store` from `folder` for this `state` of its inputs: the one running or
    already tried (a build that failed is not repeated until the inputs change again), else a
    new `python -m loaders build` process (its output goes to the server's log) that ends with
    the server (`--with-parent`: a stopped server leaves no build running, the store as it was)."""
    with _BUILDS_LOCK:
        builds = _builds()
        running = builds.get(str(store))
        if running is not None and (running.poll() is None or builds.get(f"{store}@") == state):
            return running
        builds[f"{store}@"] = state
        command = [
            sys.executable,
            "-m",
            "loaders",
            "build",
            str(folder.root.resolve()),
            "--store",
            str(store),
            "--with-parent",
            str(os.getpid()),
        ]
        root = Path(__file__).resolve().parent.parent
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        }
        LOG.info("building the store %s", store)
        builds[str(store)] = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL
        )
        return builds[str(store)]


def _small(folder: DataFolder) -> bool:
    """Whether the folder is small enough to rebuild while the reader waits."""
    if folder.article_count() > SMALL_ARTICLES:
        return False
    return sum(p.stat().st_size for p in folder.tables()) <= SMALL_TABLE_BYTES


@st.cache_resource(show_spinner=False)
def _code() -> str:
    return code_version()


def _outdated(folder: DataFolder, manifest: dict) -> list[str]:
    """Why the store no longer shows the folder: the inputs changed, or the loaders did."""
    if not manifest:
        return ["no store yet"]
    changed = changed_inputs(folder, manifest)
    return changed if changed or manifest.get("code") == _code() else ["the loaders' code"]


@st.cache_resource(max_entries=16, show_spinner=False)
def _manifest_at(store: str, stamp: tuple[int, int, int]) -> tuple[dict, str]:
    """The store's manifest and its load key (`manifest_and_key`: the same build is the same
    key in every session and after a cache eviction, a new build a new key), read once per
    version of the file (`stamp`: its size, time and inode; a new build is swapped in as a new
    file): every run of every session asks, and a folder of many articles has a manifest of
    megabytes. Shared read-only."""
    return manifest_and_key(Path(store))


def _manifest(store: Path) -> tuple[dict, str]:
    """The store's manifest ({} when there is none yet) and its load key."""
    try:
        info = (store / MANIFEST).stat()
    except OSError:
        return {}, ""
    return _manifest_at(str(store), (info.st_size, info.st_mtime_ns, info.st_ino))


@st.cache_resource(show_spinner="Loading data…", max_entries=4)
def _load(folder: str, store: str, built: str, key: str) -> AppData:
    """The store's tables (`key` names the build, so a new one is a new entry). Shared by
    every session without copying (a copy of a million-row table per rerun would cost more than
    the page): pages must never modify these tables in place, which a test checks. A failure is
    logged in full and shown as one problem, never as a traceback."""
    where = Path(store)
    try:
        tables = {
            name: read_frame(where / f"{name}.parquet")
            for name in ("places", "sources", "events", "problems", "rejected")
        }
        routes = json.loads((where / "routes.json").read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - the app must stay up for every viewer
        LOG.exception("reading the store %s failed", store)
        return failed(folder, LOAD_FAILED, action=f"loaded ({type(exc).__name__})")
    data = DataFolder(Path(folder))
    synced = Report()
    try:
        fresh = tuple(freshness(data, synced))
    except Exception:  # noqa: BLE001 - the data still show without the sources' freshness
        LOG.exception("reading the sources of %s failed", folder)
        fresh = ()
    problems = tables["problems"]
    problems["line"] = problems["line"].astype(int)
    if synced.problems:
        extra = pd.DataFrame([p.model_dump(mode="json") for p in synced.problems])
        problems = pd.concat([problems, extra[problems.columns]], ignore_index=True)
    return AppData(
        folder=folder,
        store=store,
        places=tables["places"],
        sources=tables["sources"],
        events=tables["events"],
        problems=problems[PROBLEM_COLUMNS],
        routes=routes,
        rejected=tables["rejected"],
        decisions=[d for _, d in read_review_log(data.review_log, Report(), data.root)],
        situation=read_situation(data, Report()),
        built=built,
        key=key,
        freshness=fresh,
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _outlines(store: str, key: str) -> list[Boundary]:
    """The outlines of the build `key` of `store` (shared read-only); none, logged, when the
    store cannot be read (the map then draws without them)."""
    try:
        return read_boundaries_json(Path(store) / "boundaries.json")
    except (OSError, ValueError, KeyError, TypeError):
        LOG.exception("reading the outlines of the store %s failed", store)
        return []


@st.cache_resource(max_entries=4, show_spinner=False)
def _bodies(store: str, key: str) -> dict[str, str]:
    """The article texts of the build `key` of `store`, by id (shared read-only); none,
    logged, when the store cannot be read."""
    try:
        table = pq.read_table(Path(store) / "articles.parquet", columns=["id", "body"])
    except (OSError, pa.ArrowException):
        LOG.exception("reading the articles of the store %s failed", store)
        return {}
    return dict(zip(table.column("id").to_pylist(), table.column("body").to_pylist(), strict=True))


#: Builds one reader waits for, at most: one already running (it may have read the folder before
#: the latest write), then the one for the folder as it is.
BUILDS_WAITED = 3


def _built_now(
    folder: DataFolder, store: Path, manifest: dict, key: str, changed: list[str]
) -> tuple[dict, str, list[str]]:
    """The store's manifest, key and what it still misses once a build has read the folder as
    it is now (or BUILD_WAIT has passed): a build already running may have read it before the
    latest write (a review's second file), so after it ends another starts for what it missed.
    A build that failed for the same inputs is not started again."""
    deadline = time.monotonic() + BUILD_WAIT
    for _ in range(BUILDS_WAITED):
        state = (manifest.get("built"), tuple(changed), folder.signature())
        build = _rebuild(folder, store, state)
        with contextlib.suppress(subprocess.TimeoutExpired):
            build.wait(timeout=max(0.0, deadline - time.monotonic()))
        now, key_now = _manifest(store)
        if not now:
            return manifest, key, changed
        manifest, key, changed = now, key_now, _outdated(folder, now)
        if not changed or build.poll() is None or _tried(store, folder, manifest, changed):
            break
    return manifest, key, changed


def _tried(store: Path, folder: DataFolder, manifest: dict, changed: list[str]) -> bool:
    """Whether a build was already started for the folder's inputs as they are now."""
    state = (manifest.get("built"), tuple(changed), folder.signature())
    return _builds().get(f"{store}@") == state


def _served(folder: DataFolder) -> AppData:
    """The last build of `folder`, after starting a new one if the folder changed since (and
    waiting for it when the folder is small or has no store yet)."""
    store = store_of(folder)
    manifest, key = _manifest(store)
    changed = _outdated(folder, manifest)
    if changed:
        if not manifest or _small(folder):
            with st.spinner("Building the store…"):
                manifest, key, changed = _built_now(folder, store, manifest, key, changed)
        else:
            _rebuild(folder, store, (manifest.get("built"), tuple(changed), folder.signature()))
    if not manifest:
        return failed(str(folder.root), LOAD_FAILED, action="built")
    data = _load(str(folder.root), str(store), manifest["built"], key)
    if changed:
        when = manifest["built"].replace("T", " ")[:16]
        data = _changed_since(data, key, f"{when} UTC")
    return data


@st.cache_resource(max_entries=4, show_spinner=False)
def _changed_since(_data: AppData, key: str, when: str) -> AppData:
    """The load `key` saying the folder has changed since it was built (`when`): one object per
    build shared by every run, so its store's DuckDB connection and what it worked out (the rule
    tables, the period) are not made again on every rerun while a new build runs."""
    return replace(_data, changed_since=when)


@st.cache_resource
def _last_good() -> dict[str, tuple[str, AppData, str]]:
    """Per data folder: when and what was last loaded without errors (shared by all sessions;
    entries are replaced, never modified)."""
    return {}


def _errors(data: AppData) -> int:
    return int((data.problems["severity"] == "error").sum()) if len(data.problems) else 0


def load(root: Path | None = None) -> AppData:
    """The data of the folder `root` (default: the one `DataFolder.choose` means), loaded once
    per change of the files.

    When an edit adds errors that lose figures, the last good data stays on screen, with the new
    problems listed and a note saying since when it is shown."""
    try:
        folder = DataFolder(root) if root is not None else DataFolder.choose()
    except NoDataFolder as exc:
        return failed("", NO_FOLDER, reason=str(exc))
    if not folder.root.is_dir():
        return failed(str(folder.root), MISSING_FOLDER, what="data folder")
    data = _served(folder)
    store = _last_good()
    key = str(folder.root)
    if _errors(data) == 0:
        if key not in store or store[key][1].key != data.key:
            store[key] = (dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), data, _keep(data))
        return data
    if key in store:
        when, good, kept = store[key]
        if data.size("figures") < good.size("figures") or data.size("facts") < good.size("facts"):
            return replace(good, store=kept, problems=data.problems, stale_since=when)
    return data


#: The store's files a page reads after the load (its rows, outlines, texts; the rest is held).
KEPT_FILES = (
    "figures.parquet",
    "facts.parquet",
    "summary.json",
    "startup.json",
    LATEST,
    "rule_days.parquet",
    "series_days.parquet",
    "latest_days.parquet",
    "boundaries.json",
    "articles.parquet",
)


def _keep(data: AppData) -> str:
    """A copy of `data`'s store files (hard links: no bytes copied) that the next build does
    not replace, so the last good data can stay on screen after an edit breaks a file; the
    copy of an earlier good load is removed. Returns the copy's path ("" without a store)."""
    if not data.store:
        return ""
    home = Path(tempfile.gettempdir()) / "situation-stores" / "last-good"
    home /= hashlib.sha256(data.store.encode()).hexdigest()[:16]
    where = home / hashlib.sha256(data.built.encode()).hexdigest()[:16]
    try:
        where.mkdir(parents=True, exist_ok=True)
        for name in KEPT_FILES:
            source, target = Path(data.store) / name, where / name
            if source.is_file() and not target.exists():
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
        for other in home.iterdir():
            if other != where:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        LOG.exception("keeping the last good store %s failed", data.store)
        return data.store
    return str(where)


@st.cache_resource(max_entries=64, show_spinner=False)
def _estimates(_data: AppData, key: str, filters: Filters, review_only: bool) -> list[Estimate]:
    return _data.query.estimates(filters, review_only)


def headline_estimates(data: AppData, filters: Filters) -> list[Estimate]:
    """The headline estimates of the filtered view: the default view's were worked out by the
    build; another view's are worked out from its rows, read from the store for it; a rerun
    with the same filters takes nothing. Shared read-only: estimates are frozen. With the
    situation's `review.headline: reviewed`, only facts a person checked are picked."""
    review_only = data.situation.review.headline == "reviewed"
    return _estimates(data, data.key, filters, review_only)


def ready_new_views(data: AppData) -> None:
    """Once per load, after its first page is drawn: work out in the background what a view
    other than the build's asks of the store the first time only (`_ready`), so the reader's
    first new period waits for its own rows alone. A load without a store has nothing to make."""
    if data.store:
        _readying(data, data.key, data.changed_since, data.stale_since)


def run_begins() -> None:
    """A page run begins (of any session): readying for new views stops before its next step,
    so it never competes with a reader's run for the processor."""
    _running().set()


@st.cache_resource(show_spinner=False)
def _running() -> threading.Event:
    """Set when a page run begins; cleared when readying for new views starts."""
    return threading.Event()


@st.cache_resource(max_entries=4, show_spinner=False)
def _readying(_data: AppData, key: str, changed: str, stale: str) -> threading.Thread:
    """The thread readying the load `key` for new views, started once (`changed` and `stale`
    tell the load objects of one build apart)."""
    running = _running()
    running.clear()
    thread = threading.Thread(target=_ready, args=(_data, running), name="new-views", daemon=True)
    thread.start()
    return thread


def _ready(data: AppData, running: threading.Event) -> None:
    """Step by step, until a page run begins (`running`): what the store's first question of
    any view makes (`StoreQuery.prepare`: DuckDB, the held cells and their arrays, the window
    file), then the estimates and latest rows of a view near the default one (its period less
    its last day), worked out and let go, never cached as that view's (a reader asking for it
    waits as for any other): the rows most views read again (each series' first fact) and
    pandas' own first use are then made. A failure is logged; the pages make what they need
    as before."""
    query = data.query
    period = data.period
    view = Filters(period.start, max(period.start, period.end - dt.timedelta(days=1)))
    review_only = data.situation.review.headline == "reviewed"
    moves = tuple(VOCABULARY.movement_indicators())  # the map's flows
    steps = (
        query.prepare,
        lambda: query.estimates(view, review_only),
        lambda: query.latest_rows(view, placeless=True),
        lambda: query.latest_rows(view, moves=moves, placeless=True),
    )
    try:
        for step in steps:
            if running.is_set():
                return
            step()
    except Exception:  # noqa: BLE001 - readying in the background never stops the app
        LOG.exception("readying the store %s for new views failed", data.store)
