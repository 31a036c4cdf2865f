"""What the pages ask of the figures and facts, answered from the store through DuckDB (embedded,
no server) without holding the tables in memory: a page of the rows in view and how many there
are, the rows the latest-by-place table and the map read, one question's rows for the timeline,
the rows the headline rules read, one source's figures. `FrameQuery` answers the same questions
from tables in memory (the loaders' own selection, `selection.apply`): it is the reference the
store's answers are tested against, and what a page gets when there is no store.

The store's `figures` and `facts` are sorted by date (`selection.prepared`); DuckDB reads them
with each row's position in the file, so every answer comes in the tables' order and with their
positions as its index, as `apply` gives them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from loaders.facts.estimates import (
    MAX_PART_SOURCES,
    QUESTIONS,
    REGION_INDICATORS,
    STANDS_FOR,
    Basis,
    DonorLine,
    DonorSum,
    Estimate,
    WindowReports,
    all_extracted,
    basis,
    estimates_in,
    reading,
    region_of,
    reporter,
    scope_kind,
    source_keys,
)
from loaders.facts.review_state import reviewed
from loaders.facts.selection import (
    Filters,
    Period,
    apply,
    data_period,
    selected_rows,
    stretches,
)
from loaders.publish import donor_lines, narrowing
from loaders.publish.donor_lines import COLUMNS as DONOR_COLUMNS
from loaders.publish.donor_lines import Line, lines_of
from loaders.publish.frames import ROW_GROUP, frame_of, pandas_kinds, read_frame, write_frame
from loaders.publish.latest_days import (
    LATEST_DAYS,
    days_sql,
    latest_days_file,
    picks_sql,
    rows_sql,
    write_latest_days,
)
from loaders.publish.latest_days import keys_of as keys_of_latest
from loaders.publish.narrowing import COLUMNS as NARROW_COLUMNS
from loaders.publish.narrowing import narrowed_of
from loaders.publish.rule_days import (
    CHUNK_FACTS,
    HELD_CELLS,
    RULE_DAYS,
    SETS,
    cells_sql,
    numbered_sql,
    open_held_cells,
    refs_frame,
    rule_days_file,
    write_held_cells,
    write_rule_days,
)
from loaders.publish.series_days import (
    SERIES_DAYS,
    days_of,
    keys_of,
    rows_of_series,
    series_days_file,
    series_sql,
    write_series_days,
)
from loaders.publish.summary import FORMAT as SUMMARY_FORMAT
from loaders.publish.summary import SUMMARY, default_filters, estimate_of, period_of
from loaders.publish.window_facts import BATCH as WINDOW_BATCH
from loaders.publish.window_facts import (
    WindowFile,
    counted,
    day_number,
    open_window,
    window_sql,
    write_window_facts,
)

if TYPE_CHECKING:
    import duckdb

#: What a new app process reads instead of scanning the figures and facts (written by the build
#: beside `summary.json`): each categorical column's values, and the review states of the facts
#: and figures behind the default view's estimates (`STARTUP`); the facts the default view's
#: latest-by-place table picks from, series naming no place included, with their positions
#: (`LATEST`; named anew when that changed, so an older store's file, without them, is unread).
STARTUP = "startup.json"
LATEST = "latest_rows.parquet"
STARTUP_FORMAT = 1
_LATEST_POS = "_position"
#: The review states of a fact a person checked (`review_state.reviewed`).
REVIEWED = ("accepted", "corrected")
TABLES = ("figures", "facts")
#: DuckDB's memory for one app process: it spills to disk beyond this, so a query over ten
#: million rows does not grow the server.
MEMORY_LIMIT = "1GB"
#: DuckDB's memory while the build makes the rule cells (`write_rule_days`); it spills beyond.
BUILD_MEMORY_LIMIT = "2GB"
_POS = "file_row_number"
#: The columns of a fact the narrowing reads that is no day's pick (an outlier's neighbour, a
#: series' first fact): what the outlier rule, the order of series, a range, a donor's unit
#: and staleness read; never a headline, a line of a card or an unconfirmed figure (those are
#: picks or single-source extracted facts, read whole from their cells). Such a fact is never
#: single-source extracted, so its figures' sources (`source_ids`) are not read.
NEIGHBOUR_FIELDS = (
    "indicator",
    "subtype",
    "as_of",
    "place",
    "value",
    "value_max",
    "unit",
    "note",
    "sources",
    "_as_of_day",
)
#: The rule cells' columns a view reads of every cell (its narrowing and donor lines).
_LIGHT_NAMES = list(dict.fromkeys((*NARROW_COLUMNS, *DONOR_COLUMNS, "_summable")))
_LIGHT = ", ".join(_LIGHT_NAMES)
_EPOCH = dt.date(1970, 1, 1)


class Query(Protocol):
    """The questions pages ask of the figures and facts."""

    @property
    def period(self) -> Period: ...

    def count(self, table: str, filters: Filters) -> int: ...

    def rows(
        self, table: str, filters: Filters, offset: int = 0, limit: int | None = None
    ) -> pd.DataFrame: ...

    def latest_rows(
        self, filters: Filters, moves: tuple[str, ...] = (), placeless: bool = False
    ) -> pd.DataFrame: ...

    def indicator_counts(self, filters: Filters | None = None) -> dict[str, int]: ...

    def without_place(self, filters: Filters) -> int: ...

    def source_counts(self, filters: Filters) -> dict[str, int]: ...

    def review_states(self, table: str, ids: list[str]) -> dict[str, str | None]: ...

    def source_rows(self, table: str, source: str) -> pd.DataFrame: ...

    def batches(
        self, table: str, filters: Filters, size: int = 50_000
    ) -> Iterator[pd.DataFrame]: ...

    def estimates(self, filters: Filters, review_only: bool = False) -> list[Estimate]: ...

    def series_days(self, filters: Filters, indicator: str) -> pd.DataFrame: ...

    def series_rows(self, filters: Filters, wanted: pd.DataFrame) -> pd.DataFrame: ...

    def prepare(self) -> None: ...


def _first_label(sources: str) -> str | None:
    """The first source label of a `sources` cell (None when it names none)."""
    return next((x for x in sources.split(" | ") if x), None)


def _split_ids(text: object) -> list[str]:
    """The ids of a ' | '-separated cell."""
    return [i for i in str(text).split(" | ") if i] if text is not None else []


def _json_of(path: Path, version: int) -> dict:
    """A JSON file the build wrote, or {} when it is missing, unreadable or of another format
    (an older store's: its pages are then asked of the rows)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) and found.get("format") == version else {}


def _quoted(path: Path) -> str:
    """A path as the text of an SQL string literal."""
    return str(path).replace("'", "''")


def _titles(sources: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sources["id"], sources["title"], strict=True)) if len(sources) else {}


class FrameQuery:
    """The answers from tables in memory (prepared for selection), as the app gave them before
    the store was queried: the reference of `StoreQuery`."""

    def __init__(
        self,
        figures: pd.DataFrame,
        facts: pd.DataFrame,
        places: pd.DataFrame,
        sources: pd.DataFrame,
    ):
        self.tables = {"figures": figures, "facts": facts}
        self.places = places
        self.sources = sources

    @cached_property
    def period(self) -> Period:
        return data_period(self.tables["facts"])

    def prepare(self) -> None:
        """Nothing to make ahead: the tables are in memory."""

    def count(self, table: str, filters: Filters) -> int:
        return len(selected_rows(self.tables[table], filters))

    def rows(
        self, table: str, filters: Filters, offset: int = 0, limit: int | None = None
    ) -> pd.DataFrame:
        found = apply(self.tables[table], filters)
        return found.iloc[offset : None if limit is None else offset + limit]

    def latest_rows(
        self, filters: Filters, moves: tuple[str, ...] = (), placeless: bool = False
    ) -> pd.DataFrame:
        return apply(self.tables["facts"], filters)

    def indicator_counts(self, filters: Filters | None = None) -> dict[str, int]:
        facts = self.tables["facts"]
        facts = facts if filters is None else apply(facts, filters)
        counts = facts["indicator"].value_counts() if len(facts) else pd.Series(dtype=int)
        return {str(i): int(n) for i, n in counts.items() if n > 0}

    def source_counts(self, filters: Filters) -> dict[str, int]:
        figures = apply(self.tables["figures"], filters)
        counts = figures["source"].value_counts() if len(figures) else pd.Series(dtype=int)
        return {str(s): int(n) for s, n in counts.items() if n > 0}

    def without_place(self, filters: Filters) -> int:
        return int(apply(self.tables["facts"], filters)["place"].isna().sum())

    def review_states(self, table: str, ids: list[str]) -> dict[str, str | None]:
        frame = self.tables[table]
        if "review" not in frame:
            return {}
        found = frame[frame["id"].isin(ids)]
        return dict(zip(found["id"], found["review"], strict=True))

    def source_rows(self, table: str, source: str) -> pd.DataFrame:
        frame = self.tables[table]
        return frame[frame["source"] == source]

    def batches(self, table: str, filters: Filters, size: int = 50_000) -> Iterator[pd.DataFrame]:
        """Every row of `table` in view, `size` rows at a time (at least one frame)."""
        found = apply(self.tables[table], filters)
        for start in range(0, max(len(found), 1), size):
            yield found.iloc[start : start + size]

    def series_days(self, filters: Filters, indicator: str) -> pd.DataFrame:
        """Per series and day of one indicator's facts in view (`days_of`)."""
        facts = self.tables["facts"]
        view = Filters(filters.start, filters.end, (indicator,), filters.places)
        return days_of(facts, selected_rows(facts, view))

    def series_rows(self, filters: Filters, wanted: pd.DataFrame) -> pd.DataFrame:
        """The facts in view of the series `wanted` lists (`rows_of_series`)."""
        facts = self.tables["facts"]
        return rows_of_series(facts, selected_rows(facts, filters), wanted)

    @cached_property
    def basis(self) -> Basis:
        facts, figures = self.tables["facts"], self.tables["figures"]
        return basis(facts, figures, self.places, _titles(self.sources))

    def estimates(self, filters: Filters, review_only: bool = False) -> list[Estimate]:
        facts = self.tables["facts"]
        rows = selected_rows(facts, filters)
        if review_only:
            checked = (
                np.flatnonzero(reviewed(facts["review"]))
                if "review" in facts
                else np.empty(0, dtype=np.int64)
            )
            rows = np.intersect1d(rows, checked)
        return estimates_in(self.basis, rows)


class StoreQuery:
    """The answers from a store's Parquet files, through one embedded DuckDB database per
    store (a cursor per question, so sessions may ask at once)."""

    def __init__(self, store: Path, places: pd.DataFrame, sources: pd.DataFrame):
        self.store = Path(store)
        self.places = places
        self.sources = sources
        self._lock = threading.Lock()
        #: Held while making what is made once per store (the held cells, their arrays):
        #: a question asking for it meanwhile (the warm-up's and a reader's) waits, never
        #: makes it twice.
        self._making = threading.RLock()
        self._categories: dict[str, dict[str, list]] = {}
        self._articles: frozenset[str] | None = None
        self._cells: tuple[str, frozenset[str]] | None = None
        self._series_made = False
        self._starts: dict[str, np.ndarray] = {}
        self._held: tuple[pa.Table, np.ndarray] | None = None
        self._held_found: _HeldArrays | None = None
        self._window: WindowFile | bool | None = None
        self._neighbours: pa.Table | None = None
        self._latest: _LatestDays | None = None
        self._reviews: dict[str, dict[str, str | None]] = {t: {} for t in TABLES}
        schemas = {t: pq.read_schema(self._path(t)) for t in TABLES}
        self.kinds = {t: pandas_kinds(schema) for t, schema in schemas.items()}
        self.columns = {t: list(schema.names) for t, schema in schemas.items()}

    @cached_property
    def _con(self) -> duckdb.DuckDBPyConnection:
        """The store's DuckDB database, opened (and DuckDB imported) at the first question
        asked in SQL: a new process draws the default overview from the build's files without
        one."""
        import duckdb

        spill = Path(tempfile.gettempdir()) / "situation-duckdb"
        return duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)})

    def prepare(self) -> None:
        """Make what the first question of a view other than the build's needs and every later
        one reuses: DuckDB imported and connected, the held cells and their arrays, the picks
        per series and day, the window file (of a store whose build wrote them: another makes
        its cells at its first question, as before)."""
        self._execute("SELECT 1").fetchall()
        if rule_days_file(self.store / RULE_DAYS) is not None:
            self._days()
            self._every_held_array()
        if latest_days_file(self.store / LATEST_DAYS):
            self._latest_days()
        self._window_file()

    def _path(self, table: str) -> Path:
        return self.store / f"{table}.parquet"

    def _source(self, table: str) -> str:
        return f"read_parquet('{_quoted(self._path(table))}', file_row_number = true)"

    @cached_property
    def summary(self) -> dict:
        """What the build worked out for the first page (`summary.json`), or {}."""
        return _json_of(self.store / SUMMARY, SUMMARY_FORMAT)

    @cached_property
    def startup(self) -> dict:
        """What the build wrote for a new process's first page (`STARTUP`), or {}."""
        return _json_of(self.store / STARTUP, STARTUP_FORMAT)

    def _default(self, filters: Filters) -> bool:
        """Whether `filters` are the default view (the one the build worked out)."""
        return bool(self.summary) and filters == default_filters(self.period)

    @cached_property
    def period(self) -> Period:
        """The build's default period (`summary.json`); for a store without one of this format
        (built by an older version, shown while the new build runs) worked out from each day's
        number of facts, and the facts' sources only when the dates lie years apart (what
        `data_period` reads): reading every fact of a 30 M-row store took 24 GB."""
        if self.summary:
            return period_of(self.summary["period"])
        found = self._execute(
            f"SELECT CAST(as_of AS DATE) AS day, count(*) AS n FROM {self._source('facts')}"
            " GROUP BY ALL ORDER BY day"
        ).fetchnumpy()
        day = np.asarray(found["day"], dtype="datetime64[D]")
        if len(day) and stretches(day.astype(np.int64))[-1] > 0:
            columns = ", ".join(c for c in ("as_of", "source_ids") if c in self.columns["facts"])
            sql = f"SELECT {columns}, {_POS} FROM {self._source('facts')} ORDER BY {_POS}"
            return data_period(self._frame("facts", sql, []))
        return data_period(pd.DataFrame({"as_of": np.repeat(day, np.asarray(found["n"]))}))

    def _execute(self, sql: str, params: list | None = None) -> duckdb.DuckDBPyRelation:
        with self._lock:
            cursor = self._con.cursor()
        return cursor.sql(sql, params=params or None)

    def _categories_of(self, table: str) -> dict[str, list]:
        """The categories of each column the table holds as a categorical: its distinct
        values, sorted (as `prepared` made them), asked once per store."""
        known = self.startup.get("categories", {}).get(table)
        if table not in self._categories and known is not None:
            self._categories[table] = known
        if table not in self._categories:
            found = {}
            for name, column in self.kinds[table].items():
                if column.get("pandas_type") == "categorical":
                    values = self._execute(
                        f'SELECT DISTINCT "{name}" FROM {self._source(table)}'
                        f' WHERE "{name}" IS NOT NULL'
                    ).fetchall()
                    found[name] = sorted(v for (v,) in values)
            self._categories[table] = found
        return self._categories[table]

    def _frame(
        self, table: str, sql: str, params: list, extra: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """The rows a query gives, as the table in memory has them, indexed by position (with
        the query's `extra` columns after them)."""
        result = self._execute(sql, params).to_arrow_table()
        added = {name: result.column(name).to_numpy() for name in extra}
        frame = self._arrow_frame(table, result)
        for name, values in added.items():
            frame[name] = values
        return frame

    def _arrow_frame(self, table: str, result: pa.Table, coded: bool = True) -> pd.DataFrame:
        """Rows read by DuckDB (with their positions) as the table in memory has them, indexed
        by position; without `coded`, its repeated texts as plain text, not categoricals (the
        headline rules read them as text: thousands of rows convert faster)."""
        positions = result.column(_POS).to_numpy()
        result = result.drop_columns(
            [c for c in result.column_names if c not in self.columns[table]]
        )
        kinds = self.kinds[table]
        if coded:
            frame = frame_of(result, kinds, self._categories_of(table))
        else:
            plain = {n: k for n, k in kinds.items() if k.get("pandas_type") != "categorical"}
            frame = frame_of(result, plain)
        frame.index = pd.Index(positions)
        return frame

    def _where(self, table: str, filters: Filters) -> tuple[str, list]:
        """The SQL condition of the filters (`apply`'s selection) and its parameters."""
        sql = ["as_of BETWEEN ? AND ?"]
        params: list[object] = [filters.start, filters.end]
        if filters.indicators and "indicator" in self.columns[table]:
            sql.append("list_contains(?::VARCHAR[], indicator)")
            params.append(list(filters.indicators))
        if filters.places and "place" in self.columns[table]:
            sql.append("list_contains(?::VARCHAR[], place)")
            params.append(list(filters.places))
        return " AND ".join(sql), params

    def count(self, table: str, filters: Filters) -> int:
        where, params = self._where(table, filters)
        (n,) = self._execute(
            f"SELECT count(*) FROM {self._source(table)} WHERE {where}", params
        ).fetchall()[0]
        return int(n)

    def rows(
        self, table: str, filters: Filters, offset: int = 0, limit: int | None = None
    ) -> pd.DataFrame:
        where, params = self._where(table, filters)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        if limit is None and offset:
            page = f" OFFSET {int(offset)}"
        sql = f"SELECT * FROM {self._source(table)} WHERE {where} ORDER BY {_POS}{page}"
        return self._frame(table, sql, params)

    def latest_rows(
        self, filters: Filters, moves: tuple[str, ...] = (), placeless: bool = False
    ) -> pd.DataFrame:
        """The facts in view that the latest fact of each place and series can be (the latest
        day's most sourced, highest, last listed: `latest_by_place`), and every fact of the
        indicators `moves` naming an origin and a destination (the map's flows): picking from
        these gives what picking from all the facts in view gives. With `placeless`, also the
        latest of each series that names no place (the whole situation's, which the map shows
        at its only declared country). Their positions are found from the few columns that
        choose them (one grouped pass), then only those rows are read whole. The default view's
        are read from what the build wrote (`LATEST`)."""
        drawn = not moves and self._default(filters)
        if drawn and (self.store / LATEST).is_file():
            found = self._latest_file()
            return found if placeless else found[found["place"].notna()]
        where, params = self._where("facts", filters)
        picks = picks_sql(self._latest_source(), self.columns["facts"], where, placeless)
        moved: list[int] = []
        if moves and {"origin", "destination"} <= set(self.columns["facts"]):
            moved = [
                int(p)
                for (p,) in self._execute(
                    f"SELECT {_POS} FROM {self._source('facts')} WHERE {where}"
                    " AND list_contains(?::VARCHAR[], indicator)"
                    " AND origin IS NOT NULL AND destination IS NOT NULL",
                    [*params, list(moves)],
                ).fetchall()
            ]
        path = self.store / LATEST_DAYS
        if not latest_days_file(path):
            found = {int(p) for (p,) in self._execute(picks, params).fetchall()}
            return self._at(sorted(found | set(moved)))
        latest = self._arrow_frame("facts", self._latest_days().picked(filters, placeless))
        extra = sorted(set(moved) - set(latest.index))
        if not extra:
            return latest
        return pd.concat([latest, self._at(extra)]).sort_index()

    def _latest_days(self) -> _LatestDays:
        """The build's picks per series and day (`LATEST_DAYS`), held in memory once per store:
        a row per series and day (tens of thousands whatever the number of facts), so a view's
        latest rows are taken from arrays instead of asked of DuckDB."""
        with self._making:
            if self._latest is None:
                table = pq.read_table(self.store / LATEST_DAYS)
                self._latest = _LatestDays.of(table, keys_of_latest(self.columns["facts"]))
            return self._latest

    def _latest_source(self) -> str:
        """The picks per series and day of the latest table (`LATEST_DAYS`) as a DuckDB source:
        the build's file, else (an older store, or tables written without a build) the same
        picks worked out from the facts at each question (DuckDB reads only the facts in view:
        the view's filters are on the keys)."""
        path = self.store / LATEST_DAYS
        if latest_days_file(path):
            return f"read_parquet('{_quoted(path)}')"
        return f"({days_sql(self._source('facts'), self.columns['facts'])})"

    def write_latest_days(self) -> None:
        """Write this store's picks per series and day of the latest table (`LATEST_DAYS`)."""
        found = self._execute(rows_sql(self._source("facts"), self.columns["facts"]))
        write_latest_days(found.to_arrow_table(), self.store / LATEST_DAYS)

    def _at(self, positions: list[int]) -> pd.DataFrame:
        """The facts at `positions` (sorted), whole: read from the row groups that hold them
        only (DuckDB would scan every row for their positions), or, in a store written in
        larger row groups (an older build), asked of DuckDB."""
        starts = self._group_starts("facts")
        if len(starts) < 2 or np.diff(starts).max() > ROW_GROUP or not positions:
            sql = (
                f"SELECT * FROM {self._source('facts')}"
                f" WHERE {_POS} IN (SELECT unnest(?::BIGINT[])) ORDER BY {_POS}"
            )
            return self._frame("facts", sql, [positions])
        at = np.asarray(positions, dtype=np.int64)
        group = np.searchsorted(starts, at, side="right") - 1
        chosen, slot = np.unique(group, return_inverse=True)
        sizes = np.diff(starts)[chosen]
        read = pq.ParquetFile(self._path("facts")).read_row_groups(chosen.tolist())
        taken = read.take(pa.array(at - starts[group] + np.r_[0, np.cumsum(sizes)[:-1]][slot]))
        columns = [
            c.dictionary_decode() if pa.types.is_dictionary(c.type) else c
            for c in (taken.column(i).combine_chunks() for i in range(taken.num_columns))
        ]
        found = pa.Table.from_arrays(columns, names=taken.column_names)
        return self._arrow_frame("facts", found.append_column(_POS, pa.array(at)))

    def _group_starts(self, table: str) -> np.ndarray:
        """The first row of each row group of `table`, and its number of rows last."""
        with self._lock:
            if table not in self._starts:
                meta = pq.ParquetFile(self._path(table)).metadata
                sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
                self._starts[table] = np.r_[0, np.cumsum(sizes)].astype(np.int64)
            return self._starts[table]

    def _latest_file(self) -> pd.DataFrame:
        """The default view's `latest_rows`, as the build wrote them (`LATEST`)."""
        frame = read_frame(self.store / LATEST)
        positions = frame.pop(_LATEST_POS).to_numpy()
        frame.index = pd.Index(positions)
        return frame

    def indicator_counts(self, filters: Filters | None = None) -> dict[str, int]:
        """How many facts of each indicator (in view, or in all), added up from the series'
        days (a few thousand rows; counting the facts in view scanned ten million at 10 M
        rows, each time the timeline was drawn for a new period)."""
        where, params = _days_where(filters) if filters else ("true", [])
        found = self._execute(
            f"SELECT indicator, sum(count) FROM {self._series_source()} WHERE {where}"
            " GROUP BY indicator",
            params,
        ).fetchall()
        return {str(i): int(n) for i, n in found if i is not None and n and n > 0}

    def source_counts(self, filters: Filters) -> dict[str, int]:
        """How many figures of each source are in view."""
        where, params = self._where("figures", filters)
        found = self._execute(
            f"SELECT source, count(*) FROM {self._source('figures')} WHERE {where} GROUP BY source",
            params,
        ).fetchall()
        return {str(s): int(n) for s, n in found if s is not None}

    def without_place(self, filters: Filters) -> int:
        where, params = self._where("facts", filters)
        (n,) = self._execute(
            f"SELECT count(*) FROM {self._source('facts')} WHERE {where} AND place IS NULL",
            params,
        ).fetchall()[0]
        return int(n)

    def review_states(self, table: str, ids: list[str]) -> dict[str, str | None]:
        if "review" not in self.columns[table] or not ids:
            return {}
        known = {**self.startup.get("review", {}).get(table, {}), **self._reviews[table]}
        if all(i in known for i in ids):
            return {i: known[i] for i in ids}
        found = self._execute(
            f"SELECT id, review FROM {self._source(table)} WHERE list_contains(?::VARCHAR[], id)",
            [list(ids)],
        ).fetchall()
        return dict(found)

    def source_rows(self, table: str, source: str) -> pd.DataFrame:
        sql = f"SELECT * FROM {self._source(table)} WHERE source = ? ORDER BY {_POS}"
        return self._frame(table, sql, [source])

    def batches(self, table: str, filters: Filters, size: int = 50_000) -> Iterator[pd.DataFrame]:
        """Every row of `table` in view, `size` rows at a time as DuckDB streams them from the
        store (in the table's order: the scan keeps it), so an export of a million rows holds
        one batch, never them all (at least one frame, with the table's columns)."""
        where, params = self._where(table, filters)
        reader = self._execute(
            f"SELECT * FROM {self._source(table)} WHERE {where}", params
        ).to_arrow_reader(size)
        empty = True
        for batch in reader:
            if batch.num_rows or empty:
                yield self._arrow_frame(table, pa.Table.from_batches([batch]))
                empty = False
        if empty:
            yield self._arrow_frame(table, reader.schema.empty_table())

    def estimates(self, filters: Filters, review_only: bool = False) -> list[Estimate]:
        """The headline estimates of the view: the default view's from the build's summary;
        another view's from its facts of the questions' indicators (the columns the rules read)
        and the figures behind them only, read for the question and let go."""
        found = self.summary
        if (
            found
            and found.get("review_only") == review_only
            and filters == default_filters(self.period)
        ):
            return [estimate_of(e) for e in found["estimates"]]
        wanted = {q[0] for q in QUESTIONS}
        if filters.indicators:
            wanted &= set(filters.indicators)
        if not wanted:  # only indicators no question reads: no headline (not every question's)
            return []
        view = Filters(filters.start, filters.end, tuple(sorted(wanted)), filters.places)
        where, params = self._where("facts", view)
        if review_only and "review" in self.columns["facts"]:
            where += f" AND review IN {REVIEWED}"
        cells = self._cells_in(view, review_only)
        held = self._held_part(view, review_only)
        light = self._light(cells) if held is None else held.select(_LIGHT_NAMES)
        made = None if held is None else self._held_arrays(view)
        if made is None:
            added = pc.and_(pc.equal(light["_mode"], "sum"), light["_summable"])
            lines = lines_of(light.filter(added))
        else:
            lines = lines_of(made.summed, made.donors)
        cited = [p for line in lines for p in line.cited_at]
        narrow = None if made is None else made.narrowing
        plain = None if review_only and "review" in self.columns["facts"] else view
        facts, refs, window = self._narrowed(
            cells, light, cited, where, params, held, narrow, plain
        )
        titles = _titles(self.sources)
        rules = basis(facts, refs, self.places, titles, self._days()[1], window)
        summed = _donor_sums(lines)
        region = self._region(view, review_only, where, params)
        out = estimates_in(rules, region=region, summed=summed)
        self._remember(facts, refs, out)
        return out

    def write_series_days(self) -> None:
        """Write this store's series days (`SERIES_DAYS`), made from its facts."""
        found = self._execute(series_sql(self._source("facts"), self.columns["facts"]))
        write_series_days(found.to_arrow_table(), self.store / SERIES_DAYS)

    def write_window_facts(self) -> None:
        """Write this store's window file (`window_facts`), made from its facts."""
        rows, index = window_sql(self._source("facts"), self.columns["facts"])
        found = self._execute(index).to_arrow_table()
        write_window_facts(found, self._execute(rows).to_arrow_reader(WINDOW_BATCH), self.store)

    def _series_source(self) -> str:
        """The series days as a DuckDB source: the build's file, else (an older store, or
        tables written without a build) made once in this process from the facts."""
        path = self.store / SERIES_DAYS
        if series_days_file(path):
            return f"read_parquet('{_quoted(path)}')"
        with self._lock:
            if not self._series_made:
                sql = series_sql(self._source("facts"), self.columns["facts"])
                self._con.execute(f"CREATE OR REPLACE TABLE _series_days AS {sql}")
                self._series_made = True
        return "_series_days"

    def series_days(self, filters: Filters, indicator: str) -> pd.DataFrame:
        """Per series and day of one indicator's facts in view (`days_of`), read from the
        series days: a few thousand rows whatever the number of facts."""
        sql = "indicator = ? AND day BETWEEN ? AND ?"
        params: list[object] = [indicator, filters.start, filters.end]
        if filters.places:
            sql += " AND list_contains(?::VARCHAR[], place)"
            params.append(list(filters.places))
        keys = ", ".join(f'"{k}"' for k in keys_of(self.columns["facts"]))
        found = self._execute(
            f"SELECT {keys}, day, count, first, lead_n, lead, _point.*"
            f" FROM {self._series_source()} WHERE {sql} ORDER BY first",
            params,
        ).to_arrow_table()
        frame = found.to_pandas(types_mapper={pa.string(): pd.ArrowDtype(pa.string())}.get)
        for name in frame.columns:
            if frame[name].dtype == object or isinstance(frame[name].dtype, pd.ArrowDtype):
                frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        return frame

    def series_rows(self, filters: Filters, wanted: pd.DataFrame) -> pd.DataFrame:
        """The facts in view of the series `wanted` lists (keys, first and last day `lo`,
        `hi`), each with `_which`, its line in `wanted`; read on those days only."""
        keys = keys_of(self.columns["facts"])
        if not len(wanted):
            return self._frame("facts", f"SELECT * FROM {self._source('facts')} LIMIT 0", [])
        where, params = self._where("facts", filters)
        table = pd.DataFrame(
            {f"_k_{k}": wanted[k].astype(object).to_numpy() for k in keys}
            | {
                "_which": np.arange(len(wanted)),
                "_lo": pd.to_datetime(wanted["lo"]).dt.date.to_numpy(),
                "_hi": pd.to_datetime(wanted["hi"]).dt.date.to_numpy(),
            }
        )
        with self._lock:
            cursor = self._con.cursor()
        cursor.register("_wanted", table)
        match = " AND ".join(f'w."_k_{k}" IS NOT DISTINCT FROM f."{k}"' for k in keys)
        sql = (
            f"SELECT f.*, w._which FROM {self._source('facts')} f JOIN _wanted w ON {match}"
            " AND f.as_of BETWEEN w._lo AND w._hi"
            f" WHERE {where} AND f.as_of BETWEEN ? AND ? ORDER BY f.{_POS}"
        )
        lo, hi = min(table["_lo"]), max(table["_hi"])
        result = cursor.sql(sql, params=[*params, lo, hi]).to_arrow_table()
        which = result.column("_which").to_numpy()
        frame = self._arrow_frame("facts", result)
        frame["_which"] = which
        return frame

    def _rule_tables(self) -> frozenset[str]:
        """The sources whose figures the extractor read; made once per store beside them, the
        tables the narrowing joins: each distinct `sources` cell's independent sources, how
        many (`_indep`, with its first label and who reported a figure naming no donor) and
        which (`_keys`), the
        `source_ids` cells whose sources are all articles (`_extracted`), what each note makes
        a figure about (`_scopes`), how the rules read each question (`_modes`)."""
        with self._lock:
            if self._articles is not None:
                return self._articles
            con = self._con
            figures = self._source("figures")
            found = con.sql(
                f"SELECT DISTINCT source FROM {figures} WHERE method = 'extracted'"
                " AND source IS NOT NULL"
                if "method" in self.columns["figures"]
                else "SELECT NULL::VARCHAR AS source WHERE false"
            ).fetchall()
            articles = frozenset(str(v) for (v,) in found)
            facts = self._source("facts")
            sources = [
                v
                for (v,) in con.sql(f"SELECT DISTINCT sources FROM {facts}").fetchall()
                if v is not None
            ]
            ids = [v for (v,) in con.sql(f"SELECT DISTINCT source_ids FROM {facts}").fetchall()]
            notes = [
                v or ""
                for (v,) in con.sql(f"SELECT DISTINCT coalesce(note, '') FROM {facts}").fetchall()
            ]
            tables = _rule_frames(sources, ids, notes, articles, _titles(self.sources))
            for name, frame in tables.items():
                con.register(f"{name}_frame", frame)
                con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_frame")
                con.unregister(f"{name}_frame")
            self._articles = articles
            return articles

    def _days(self) -> tuple[str, frozenset[str]]:
        """The cells of the headline rules (`rule_days`) as a DuckDB source, and the sources whose
        figures the extractor read: the build's file (`RULE_DAYS`), else (an older store, or
        tables written without a build) made once in this process from the facts."""
        with self._lock:
            if self._cells is not None:
                return self._cells
        path = self.store / RULE_DAYS
        written = rule_days_file(path)
        if written is not None:
            found = (f"read_parquet('{_quoted(path)}')", written)
        else:
            cells = self._made_cells()
            with self._lock:
                self._con.register("_made", cells)
                self._con.execute("CREATE OR REPLACE TABLE _rule_days AS SELECT * FROM _made")
                self._con.unregister("_made")
            found = ("_rule_days", self._rule_tables())
        with self._lock:
            self._cells = found
        return found

    def write_rule_days(self) -> None:
        """Write this store's rule cells (`RULE_DAYS`), made from its facts: what the build
        does once, so no app process makes them."""
        articles = self._rule_tables()
        write_rule_days(self._made_cells(), articles, self.store / RULE_DAYS)

    def _made_cells(self) -> pa.Table:
        """This store's rule cells, made from its facts with BUILD_MEMORY_LIMIT (spilling to a
        temporary folder beyond it) and the settings restored after: a pass over every fact
        that keeps each cell's pick whole."""
        self._rule_tables()
        spill = Path(tempfile.mkdtemp(prefix="situation-cells-"))
        settings = {
            "memory_limit": (f"'{BUILD_MEMORY_LIMIT}'", f"'{MEMORY_LIMIT}'"),
            "preserve_insertion_order": ("false", "true"),
        }
        with self._lock:
            for name, (value, _) in settings.items():
                self._con.execute(f"SET {name} = {value}")
            self._con.execute(f"SET temp_directory = '{_quoted(spill)}'")
        try:
            for n, days in enumerate(self._day_runs() or [(dt.date.min, dt.date.max)]):
                made = "CREATE OR REPLACE TABLE _cells AS" if n == 0 else "INSERT INTO _cells"
                with self._lock:
                    self._con.execute(f"{made} {self._cells_sql(days)}")
            return pa.concat_tables(
                self._execute(numbered_sql("_cells", f"c._set = {n}")).to_arrow_table()
                for n in SETS
            )
        finally:
            with self._lock:
                self._con.execute("DROP TABLE IF EXISTS _cells")
                for name, (_, value) in settings.items():
                    self._con.execute(f"SET {name} = {value}")
            shutil.rmtree(spill, ignore_errors=True)

    def _cells_sql(self, days: tuple[dt.date, dt.date]) -> str:
        """The query making the rule cells of this store's facts of `days`
        (`rule_days.cells_sql`)."""
        return cells_sql(
            self._source("facts"),
            self._source("figures"),
            self.columns["facts"],
            self.columns["figures"],
            sorted({q[0] for q in QUESTIONS}),
            days,
        )

    def _day_runs(self) -> list[tuple[dt.date, dt.date]]:
        """Runs of whole days of about CHUNK_FACTS facts, in order (the facts are sorted by
        date, so each run is read from its own row groups)."""
        counted = self._execute(
            f"SELECT as_of, count(*) FROM {self._source('facts')} WHERE as_of IS NOT NULL"
            " GROUP BY as_of ORDER BY as_of"
        ).fetchall()
        runs: list[tuple[dt.date, dt.date]] = []
        size = 0
        for day, n in counted:
            if runs and size + n <= CHUNK_FACTS:
                runs[-1], size = (runs[-1][0], day), size + n
            else:
                runs.append((day, day))
                size = n
        return runs

    def _cells_in(self, view: Filters, review_only: bool) -> tuple[str, list]:
        """The rule cells of the view (its days, indicators, places; checked facts only when
        `review_only`), as a query and its parameters."""
        source, _ = self._days()
        epoch = dt.date(1970, 1, 1)
        base = 1 if review_only else 0
        sql = ["_d BETWEEN ? AND ?"]
        params: list[object] = [(view.start - epoch).days, (view.end - epoch).days]
        if view.indicators:
            sql.append("list_contains(?::VARCHAR[], _i)")
            params.append(list(view.indicators))
        if view.places:
            sql.append(
                f"(_set = {base} AND _mode NOT IN ('sum', 'latest') OR _set = {base + 2})"
                " AND list_contains(?::VARCHAR[], _place)"
            )
            params.append(list(view.places))
        else:
            sql.append(f"_set = {base}")
        return f"SELECT * FROM {source} WHERE {' AND '.join(sql)}", params

    def _narrowed(
        self,
        cells: tuple[str, list],
        light: pa.Table,
        cited: list[int],
        where: str,
        params: list,
        held: pa.Table | None = None,
        narrow: dict[str, np.ndarray] | None = None,
        view: Filters | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame, WindowReports]:
        """The facts in view the headline rules can read (`narrowing`), with the columns the
        rules use and how many facts each stands for (STANDS_FOR), the sources of the figures
        behind them and behind the facts at `cited` (a donor line's reports), and the other
        facts near each stock series' last day as arrays (`WindowReports`: its range and
        agreement): the picks from their cells (`light`: the cells in view, light columns), the
        outlier rule's neighbours and the window's facts from the facts (`held`: the cells in
        view held in memory, `_held_part`, when the view has them, and `narrow`, the
        narrowing's arrays of `light`, `_held_arrays`; `view`: the filters `where` is made of,
        when it holds nothing else, so the window's facts are read from the window file)."""
        kept = narrowed_of(light, narrow)
        window = kept.column("_window").to_numpy(zero_copy_only=False)
        at = kept.column("_pos").to_numpy(zero_copy_only=False)
        bests = np.asarray(light.column("_best").combine_chunks().field("p"), dtype=np.int64)
        own = ~window & _member(at, bests)
        read = self._rows_at(kept.filter(pa.array(~window & ~own)), where, params)
        near = read.column(_POS).to_numpy(zero_copy_only=False)
        wanted = np.union1d(np.union1d(at[own], near[_member(near, bests)]), cited)
        rows = self._cell_rows(cells, wanted, held)
        mine = rows.filter(pa.array(_member(rows.column("p").to_numpy(), at[own])))
        picked = pa.Table.from_struct_array(mine.column("_row").combine_chunks()).append_column(
            _POS, mine.column("p")
        )
        shared = [c for c in picked.column_names if c in read.column_names]
        found = pa.concat_tables([picked, read.select(shared)], promote_options="permissive")
        _, first = np.unique(found.column(_POS).to_numpy(), return_index=True)
        facts = self._arrow_frame("facts", found.take(pa.array(first)), coded=False)
        order = np.argsort(at, kind="stable")
        n = kept.column("_n").to_numpy(zero_copy_only=False)[order]
        spot = np.minimum(np.searchsorted(at[order], facts.index.to_numpy()), max(len(at) - 1, 0))
        known = at[order][spot] == facts.index.to_numpy() if len(at) else np.zeros(0, dtype=bool)
        facts[STANDS_FOR] = np.where(known, n[spot] if len(at) else 1, 1).astype(np.int64)
        spans = kept.filter(pa.array(window))
        reports = self._window_reports(spans, where, params, facts.index.to_numpy(), view)
        return facts, refs_frame(rows.column("_refs")), reports

    def _light(
        self, cells: tuple[str, list], view: Filters | None = None, review_only: bool = False
    ) -> pa.Table:
        """The cells in view (`_cells_in`), the columns their narrowing and donor lines read;
        of a `view` of every place and fact, sliced from the cells held in memory
        (`_held_part`)."""
        held = None if view is None else self._held_part(view, review_only)
        if held is None:
            sql, params = cells
            return self._execute(f"SELECT {_LIGHT} FROM ({sql})", params).to_arrow_table()
        return held.select(_LIGHT_NAMES)

    def _held_part(self, view: Filters, review_only: bool) -> pa.Table | None:
        """The cells in `view` with every column the rules read (`_LIGHT`, the pick's position
        `p`, fields `_row` and figures' sources `_refs`), sliced from the build's cells of
        every fact, held once per store (a row per series and day: thousands, whatever the
        number of facts); None for a view of some places or of checked facts only (DuckDB
        reads those)."""
        rows = self._held_rows(view, review_only)
        if rows is None:
            return None
        held, _ = self._held_cells()
        first, last, kept = rows
        part = held.slice(first, last - first)
        return part if kept is None else part.filter(pa.array(kept))

    def _held_rows(
        self, view: Filters, review_only: bool
    ) -> tuple[int, int, np.ndarray | None] | None:
        """The held cells of `view` (`_held_part`): the first and the row after the last of
        its days, and of those the ones of its indicators (None: all of them); None for a view
        the held cells do not answer."""
        if view.places or review_only or not self._days()[0].startswith("read"):
            return None
        held, days = self._held_cells()
        lo, hi = ((d - _EPOCH).days for d in (view.start, view.end))
        first = int(np.searchsorted(days, lo, side="left"))
        last = int(np.searchsorted(days, hi, side="right"))
        if not view.indicators:
            return first, last, None
        wanted = pa.array(list(view.indicators), pa.string())
        kept = pc.is_in(held.column("_i").slice(first, last - first), value_set=wanted)
        if pc.all(kept).as_py() is not False:
            return first, last, None
        return first, last, np.asarray(kept.to_numpy(zero_copy_only=False), dtype=bool)

    def _held_arrays(self, view: Filters) -> _HeldView | None:
        """The narrowing's and the donor lines' arrays of the held cells of `view` (and its
        additive aid questions' cells), taken from those of every held cell, made once per
        store: a new period takes rows of arrays instead of making them from its cells."""
        rows = self._held_rows(view, False)
        if rows is None:
            return None
        made = self._every_held_array()
        first, last, kept = rows
        lo, hi = (int(np.searchsorted(made.summed_at, x)) for x in (first, last))
        if kept is None:  # views of every array: nothing copied
            mine: slice | np.ndarray = slice(first, last)
            summed: slice | np.ndarray = slice(lo, hi)
            cells = made.summed.slice(lo, hi - lo)
        else:
            chosen = np.arange(first, last)[kept]
            mine, summed = chosen, lo + np.flatnonzero(_member(made.summed_at[lo:hi], chosen))
            cells = made.summed.take(pa.array(summed))
        return _HeldView(
            narrowing={k: v[mine] for k, v in made.narrowing.items()},
            summed=cells,
            donors=donor_lines.at(made.donors, summed),
        )

    def _every_held_array(self) -> _HeldArrays:
        """The narrowing's and the donor lines' arrays of every held cell, made once per
        store."""
        with self._making:  # one question makes them, another asking at once waits for it
            with self._lock:
                made = self._held_found
            if made is None:
                held, _ = self._held_cells()
                light = held.select(_LIGHT_NAMES)
                added = pc.and_(pc.equal(light["_mode"], "sum"), light["_summable"])
                at = np.flatnonzero(np.asarray(added.to_numpy(zero_copy_only=False), dtype=bool))
                summed = light.take(pa.array(at))
                arrays = narrowing.arrays(light)
                made = _HeldArrays(arrays, at, summed, donor_lines.arrays(summed))
                with self._lock:
                    self._held_found = made
        return made

    def _held_cells(self) -> tuple[pa.Table, np.ndarray]:
        """The build's cells of every fact (set 0), the columns `_held_part` keeps, in the
        order of their days, and their days; memory-mapped from the build's file of them
        (`HELD_CELLS`), else read once per store from the rule cells."""
        with self._making:
            with self._lock:
                held = self._held
            if held is None:
                table = open_held_cells(self.store / HELD_CELLS)
                if table is None:
                    table = self._read_held_cells()
                days = np.asarray(table.column("_d").to_numpy(), dtype=np.int64)
                held = (table, days)
                with self._lock:
                    self._held = held
        return held

    def _read_held_cells(self) -> pa.Table:
        """The held cells (`_held_cells`) read from the rule cells. The build writes them in
        order of their days, so they are sorted here only when they are not (DuckDB's sort moved
        every cell's fields and sources: a third of the read)."""
        source, _ = self._days()
        table = self._execute(
            f"SELECT {_LIGHT}, _best.p AS p, _row, _refs FROM {source} WHERE _set = 0"
        ).to_arrow_table()
        table = table.combine_chunks()
        days = np.asarray(table.column("_d").to_numpy(), dtype=np.int64)
        if (np.diff(days) < 0).any():
            table = table.take(pa.array(np.argsort(days, kind="stable")))
        return table

    def write_held_cells(self) -> None:
        """Write this store's held cells (`HELD_CELLS`), read from its rule cells: what the
        build does once, after `write_rule_days`."""
        write_held_cells(self._read_held_cells(), self.store / HELD_CELLS)

    def _cell_rows(
        self, cells: tuple[str, list], positions: np.ndarray, held: pa.Table | None = None
    ) -> pa.Table:
        """Of the cells in view whose pick is at `positions`: the pick's position `p`, its
        fields (`_row`) and the sources of its figures (`_refs`), read for those cells only
        (taken from `held`, the cells in view held in memory, when given)."""
        if held is not None:
            at = held.column("p").to_numpy(zero_copy_only=False)
            return held.select(["p", "_row", "_refs"]).filter(pa.array(_member(at, positions)))
        sql, params = cells
        with self._lock:
            cursor = self._con.cursor()
        cursor.register("_at", pa.table({"p": pa.array(positions, pa.int64())}))
        return cursor.sql(
            f"SELECT _best.p AS p, _row, _refs FROM ({sql}) WHERE _best.p IN (SELECT p FROM _at)",
            params=params,
        ).to_arrow_table()

    def _rows_at(self, wanted: pa.Table, where: str, params: list) -> pa.Table:
        """The facts in view at the narrowing's rows `wanted` (`_pos`, on day `_lo`) that are
        no day's pick (the first or last of a day next to a weak one, a stock series' first),
        with the columns the rules read of a fact that never headlines (NEIGHBOUR_FIELDS); read
        on the days they lie on only (the facts are sorted by date), and kept once read (up to
        MAX_NEIGHBOURS rows per store): a new period asks for mostly the same ones (each
        series' first fact), and a row of the narrowing of cells in view is in view."""
        asked = np.asarray(wanted.column("_pos").to_numpy(), dtype=np.int64)
        with self._lock:
            known = self._neighbours
        if known is not None:
            kept = known.column(_POS).to_numpy()
            new = ~_member(asked, kept)
            if not new.any():
                return known.filter(pa.array(_member(kept, asked)))
            wanted = wanted.filter(pa.array(new))
        read = self._read_rows_at(wanted, where, params)
        if known is not None and known.num_rows + read.num_rows <= MAX_NEIGHBOURS:
            read = pa.concat_tables([known, read])
        with self._lock:
            self._neighbours = read if read.num_rows <= MAX_NEIGHBOURS else None
        return read.filter(pa.array(_member(read.column(_POS).to_numpy(), asked)))

    def _read_rows_at(self, wanted: pa.Table, where: str, params: list) -> pa.Table:
        """`_rows_at`'s rows, read from the facts."""
        whole = ", ".join(f'f."{c}"' for c in NEIGHBOUR_FIELDS if c in self.columns["facts"])
        if not wanted.num_rows:
            return self._execute(
                f"SELECT {whole}, f.{_POS} FROM {self._source('facts')} f LIMIT 0"
            ).to_arrow_table()
        with self._lock:
            cursor = self._con.cursor()
        cursor.register("_spans", wanted.select(["_pos", "_lo", "_hi"]))
        days = _on_days(wanted.column("_lo"), wanted.column("_hi"))
        view = self._counted_view(f"{where} AND {days}", [])
        return cursor.sql(
            f"SELECT {whole}, f.{_POS} FROM ({view}) f SEMI JOIN _spans w ON w._pos = f.{_POS}",
            params=params,
        ).to_arrow_table()

    def _window_reports(
        self,
        spans: pa.Table,
        where: str,
        params: list,
        held: np.ndarray,
        view: Filters | None = None,
    ) -> WindowReports:
        """The facts in view within each stock series' window (`spans`: the narrowing's window
        rows, each a series `_i`, `_s`, `_t`, `_p` and days `_lo` to `_hi`), as the arrays
        its range and agreement read (`WindowReports`), less those the rules' table holds
        (every day's pick, every weak fact, the outlier rule's neighbours: `held`, their
        positions); read as slices of the build's window file (`window_facts`) for a `view`
        (its filters, when `where` holds nothing else) of a store that has one, else read from
        the facts on the days they lie on only."""
        series = [
            (str(i), str(s or ""), None if p is None else str(p), str(t or ""))
            for i, s, t, p in zip(
                *(spans.column(c).to_pylist() for c in ("_i", "_s", "_t", "_p")), strict=True
            )
        ]
        if not spans.num_rows:
            empty = np.zeros(0)
            return WindowReports.of([], empty, empty, empty, empty, np.zeros(0, dtype=object))
        window = None if view is None else self._window_file()
        if window is not None and view is not None:
            column = self._window_rows(window, spans, view)
            kept = ~_member(column["_pos"], held)
            return WindowReports.of(
                series,
                column["_k"][kept],
                column["_dayn"][kept],
                column["value"][kept],
                column["value_max"][kept],
                column["sources"][kept],
            )
        return self._window_reports_of_facts(series, spans, where, params, held)

    def _window_reports_of_facts(
        self, series: list, spans: pa.Table, where: str, params: list, held: np.ndarray
    ) -> WindowReports:
        """`_window_reports` read from the facts on the days the spans lie on (a store without
        a window file, or a view of checked facts only)."""
        with self._lock:
            cursor = self._con.cursor()
        numbered = spans.select(["_i", "_s", "_t", "_p", "_lo", "_hi"]).append_column(
            "_k", pa.array(np.arange(spans.num_rows), pa.int64())
        )
        cursor.register("_spans", numbered)
        days = _on_days(spans.column("_lo"), spans.column("_hi"))
        counted = self._counted_view(f"{where} AND {days}", [])
        found = cursor.sql(
            f"SELECT w._k, f._dayn, f.value, f.value_max, f.sources, f.{_POS} FROM ({counted}) f"
            " JOIN _spans w ON w._i = f.indicator AND w._s = coalesce(f.subtype, '')"
            " AND w._t IS NOT DISTINCT FROM f.note AND w._p IS NOT DISTINCT FROM f.place"
            " AND f._dayn BETWEEN w._lo AND w._hi",
            params=params,
        ).to_arrow_table()
        found = found.filter(pa.array(~_member(found.column(_POS).to_numpy(), held)))
        column = {c: found.column(c).to_numpy(zero_copy_only=False) for c in found.column_names}
        return WindowReports.of(
            series,
            column["_k"],
            column["_dayn"],
            np.asarray(column["value"], dtype=float),
            np.asarray(column["value_max"], dtype=float),
            np.asarray(column["sources"], dtype=object),
        )

    def _window_file(self) -> WindowFile | None:
        """The build's window file (`window_facts`), opened once per store; None for a store
        without one."""
        with self._lock:
            found = self._window
        if found is None:
            found = open_window(self.store) or False
            with self._lock:
                self._window = found
        return found if isinstance(found, WindowFile) else None

    def _window_rows(
        self, window: WindowFile, spans: pa.Table, view: Filters
    ) -> dict[str, np.ndarray]:
        """The window file's rows of each span from the first day of `view` on (a span is a
        series of the cells in view, of its indicators and places already, and ends on its last
        day in view), as arrays: `_k` (the span's line), `_dayn`, `value`, `value_max` (NaN
        where none), `sources` and `_pos`."""
        lo, hi = ((d - _EPOCH).days for d in (view.start, view.end))
        wanted = [
            ((i, s, t, p), max(a, lo), b)
            for i, s, t, p, a, b in zip(
                *(spans.column(c).to_pylist() for c in ("_i", "_s", "_t", "_p", "_lo", "_hi")),
                strict=True,
            )
        ]
        which, rows = window.rows_of(wanted)
        column = {c: rows.column(c).to_numpy(zero_copy_only=False) for c in rows.column_names}
        return column | {"_k": which}

    def _counted_view(self, where: str, params: list) -> str:
        """The facts in view that may be reported counts (by their meaning columns), with
        their day number `_dayn`."""
        columns = self.columns["facts"]
        return (
            f"SELECT *, {_POS}, {day_number(columns)} AS _dayn"
            f" FROM {self._source('facts')} WHERE {' AND '.join([where, *counted(columns)])}"
        )

    def _remember(self, facts: pd.DataFrame, refs: pd.DataFrame, out: list[Estimate]) -> None:
        """Keep the review states of the facts and figures the estimates `out` name, read with
        them (`facts`, `refs`): the overview asks for those of its headlines right after
        (`review_states`); any other is asked of the store."""
        fact_ids, figure_ids = _cited(out)
        found = {"figures": _states(refs[refs["id"].isin(figure_ids).to_numpy()])}
        if "review" in facts:
            found["facts"] = _states(facts[facts["id"].isin(fact_ids).to_numpy()])
        with self._lock:
            for table, states in found.items():
                self._reviews[table].update(states)

    def _region(self, view: Filters, review_only: bool, where: str, params: list) -> str | None:
        """The situation's region in view (`region_of`): per place, its facts in view and its
        first position among all facts, added up from the series' days (a few thousand rows);
        of reviewed facts only, counted over the facts (`where`: the view's, review included)."""
        regional = sorted(REGION_INDICATORS)
        if review_only and "review" in self.columns["facts"]:
            found = self._execute(
                f"SELECT place, count(*) FILTER (WHERE {where}), min({_POS})"
                f" FROM {self._source('facts')} WHERE place IS NOT NULL"
                " AND list_contains(?::VARCHAR[], indicator) GROUP BY place",
                [*params, regional],
            ).fetchall()
        else:
            sql = "day BETWEEN ? AND ? AND list_contains(?::VARCHAR[], indicator)"
            wanted: list[object] = [view.start, view.end, list(view.indicators)]
            if view.places:
                sql += " AND list_contains(?::VARCHAR[], place)"
                wanted.append(list(view.places))
            found = self._execute(
                f"SELECT place, sum(count) FILTER (WHERE {sql}), min(first)"
                f" FROM {self._series_source()} WHERE place IS NOT NULL"
                " AND list_contains(?::VARCHAR[], indicator) GROUP BY place",
                [*wanted, regional],
            ).fetchall()
        counted = ((str(p), int(n or 0), int(first)) for p, n, first in found)
        return region_of(counted, self.places)


@dataclass(frozen=True)
class _LatestDays:
    """The picks per series and day (`LATEST_DAYS`, in order of days, then positions) held in
    memory: the rows with the facts' position column (`_top` as `file_row_number`), and per
    row its day number, its series (a code per distinct place and SERIES, missing values
    alike as GROUP BY makes them), its indicator's and place's codes (-1: none) with the code
    of each value."""

    table: pa.Table
    days: np.ndarray
    top: np.ndarray
    series: np.ndarray
    indicator: tuple[np.ndarray, dict[str, int]]
    place: tuple[np.ndarray, dict[str, int]]

    @staticmethod
    def of(table: pa.Table, keys: list[str]) -> _LatestDays:
        """The file's rows `table`, their series being of the columns `keys`."""
        table = table.rename_columns([_POS if c == "_top" else c for c in table.column_names])
        series = np.zeros(table.num_rows, dtype=np.int64)
        for key in keys:  # each key's codes folded into the series' (a pair at a time)
            codes, _ = _codes(table.column(key))
            series = pd.factorize(series * (int(codes.max(initial=-1)) + 2) + codes + 1)[0]
        days = table.column("as_of").to_numpy().astype("datetime64[D]").astype(np.int64)
        empty: tuple[np.ndarray, dict[str, int]] = (np.full(table.num_rows, -1, dtype=np.int64), {})
        return _LatestDays(
            table=table,
            days=days,
            top=np.asarray(table.column(_POS).to_numpy(), dtype=np.int64),
            series=np.asarray(series, dtype=np.int64),
            indicator=_codes(table.column("indicator")) if "indicator" in keys else empty,
            place=_codes(table.column("place")) if "place" in keys else empty,
        )

    def picked(self, filters: Filters, placeless: bool) -> pa.Table:
        """The rows of the latest fact of each series in view (`picks_sql`: of the rows on its
        days, of its indicators and places, naming a place unless `placeless`, each series'
        last: its last day's pick), in order of the facts' positions."""
        lo, hi = ((d - _EPOCH).days for d in (filters.start, filters.end))
        rows = np.arange(
            np.searchsorted(self.days, lo, side="left"),
            np.searchsorted(self.days, hi, side="right"),
        )
        if filters.indicators:
            rows = rows[_coded_in(self.indicator, rows, filters.indicators)]
        if filters.places:
            rows = rows[_coded_in(self.place, rows, filters.places)]
        if not placeless:
            rows = rows[self.place[0][rows] >= 0]
        backwards = rows[::-1]  # a series' last row is its latest day's pick
        _, last = np.unique(self.series[backwards], return_index=True)
        chosen = backwards[last]
        return self.table.take(pa.array(chosen[np.argsort(self.top[chosen])]))


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, dict[str, int]]:
    """Each value's code (-1 where missing) and each value's code."""
    if pa.types.is_null(column.type):
        return np.full(len(column), -1, dtype=np.int64), {}
    encoded = pc.dictionary_encode(column.combine_chunks())
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, {v: k for k, v in enumerate(encoded.dictionary.to_pylist())}


def _coded_in(
    coded: tuple[np.ndarray, dict[str, int]], rows: np.ndarray, wanted: tuple[str, ...]
) -> np.ndarray:
    """Of the rows `rows`, whether each one's value (`coded`: codes and each value's code) is
    one of `wanted`."""
    codes, known = coded
    return np.isin(codes[rows], [known[w] for w in wanted if w in known])


@dataclass(frozen=True)
class _HeldArrays:
    """The narrowing's arrays of every held cell (`narrowing.arrays`), the rows of the additive
    aid questions' cells among them (`summed_at`), those cells and their donor lines' arrays
    (`donor_lines.arrays`)."""

    narrowing: dict[str, np.ndarray]
    summed_at: np.ndarray
    summed: pa.Table
    donors: donor_lines.Arrays


@dataclass(frozen=True)
class _HeldView:
    """`_HeldArrays` taken at the held cells of one view."""

    narrowing: dict[str, np.ndarray]
    summed: pa.Table
    donors: donor_lines.Arrays


def _days_where(filters: Filters) -> tuple[str, list]:
    """The SQL condition of the filters on the series' days (`_where`'s, on their day) and its
    parameters."""
    sql = ["day BETWEEN ? AND ?"]
    params: list[object] = [filters.start, filters.end]
    for column, values in (("indicator", filters.indicators), ("place", filters.places)):
        if values:
            sql.append(f"list_contains(?::VARCHAR[], {column})")
            params.append(list(values))
    return " AND ".join(sql), params


def _member(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Per value (fact positions), whether it is one of `known`."""
    if not len(values) or not len(known):
        return np.zeros(len(values), dtype=bool)
    return np.isin(
        np.asarray(values, dtype=np.int64), np.asarray(known, dtype=np.int64), kind="table"
    )


#: Rows of the facts `_rows_at` keeps once read, per store, at most.
MAX_NEIGHBOURS = 50_000

#: Runs of days a read of the facts near the series' ends asks for at most (more are merged).
MAX_RUNS = 64


def _on_days(lo: pa.ChunkedArray, hi: pa.ChunkedArray) -> str:
    """An SQL condition on `as_of`: within one of the spans of days `lo` to `hi` (days since
    1970), as runs of days, so DuckDB reads only the row groups of those days (one range from
    the first day to the last would read months between a series ended long ago and the
    others)."""
    starts = np.asarray(lo.to_numpy(zero_copy_only=False), dtype=np.int64)
    ends = np.asarray(hi.to_numpy(zero_copy_only=False), dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    runs: list[list[int]] = []
    for a, b in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        if runs and a <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    if len(runs) > MAX_RUNS:
        runs = [[runs[0][0], max(b for _, b in runs)]]
    dates = [[_EPOCH + dt.timedelta(days=d) for d in run] for run in runs]
    spans = [f"as_of BETWEEN DATE '{a.isoformat()}' AND DATE '{b.isoformat()}'" for a, b in dates]
    return "(" + " OR ".join(spans) + ")"


def _donor_sums(lines: list[Line]) -> dict[tuple[str, str], list[DonorSum]]:
    """The additive aid questions' donor lines (`donor_lines`) by question, as the estimates
    read them: per question, one `DonorSum` per unit."""
    out: dict[tuple[str, str], list[DonorSum]] = {}
    for (i, s, u, reports, agree), group in groupby(
        lines, key=lambda x: (x.indicator, x.subtype, x.unit, x.reports, x.agree)
    ):
        found = tuple(_donor_line(x) for x in group)
        out.setdefault((i, s), []).append(DonorSum(i, s or None, u, reports, agree, found))
    return out


def _donor_line(line: Line) -> DonorLine:
    """A donor's line as the estimates read it."""
    return DonorLine(
        name=line.name,
        values=line.values,
        uppers=line.uppers,
        ranged=line.ranged,
        qualifiers=line.qualifiers,
        unit=line.unit,
        as_of=np.datetime64(line.day, "D").astype(dt.date),
        note=line.note,
        figure_ids=tuple(x for text in line.cited for x in _split_ids(text))[:MAX_PART_SOURCES],
    )


def _cited(found: list[Estimate]) -> tuple[set[str], set[str]]:
    """The ids of the facts the estimates headline and of every figure they cite (their own
    sources, their parts', those above the whole, the whole behind, the unconfirmed)."""
    lines = [
        line
        for e in found
        for line in (*e.parts, *e.above_whole, *e.unconfirmed, e.whole_behind)
        if line is not None
    ]
    sources = [s for e in found for s in e.sources] + [s for line in lines for s in line.sources]
    return {e.fact_id for e in found if e.fact_id}, {s.figure for s in sources if s.figure}


def _states(rows: pd.DataFrame) -> dict[str, str | None]:
    """Each row's review state by id (None where it has none), of the rows read whole."""
    rows = rows[rows["id"].notna().to_numpy()]
    ids = rows["id"].astype(object).astype(str).to_numpy()
    review = rows["review"].astype(object)
    states = review.where(review.notna(), None).to_numpy()
    return dict(zip(ids.tolist(), [None if r is None else str(r) for r in states], strict=True))


def write_startup(query: StoreQuery, filters: Filters, estimates: list[Estimate]) -> None:
    """What a new app process on `query`'s store reads for its first page instead of scanning
    the figures and facts (`STARTUP`, `LATEST`), asked of the store as the app would ask it:
    `filters` is the default view and `estimates` its headline estimates."""
    figures = sorted(
        {s.figure for e in estimates for p in e.parts for s in p.sources if s.figure}
        | {s.figure for e in estimates for s in e.sources if s.figure}
    )
    facts = sorted({e.fact_id for e in estimates if e.fact_id})
    found = {
        "format": STARTUP_FORMAT,
        "categories": {t: query._categories_of(t) for t in TABLES},
        "review": {
            "facts": query.review_states("facts", facts),
            "figures": query.review_states("figures", figures),
        },
    }
    latest = query.latest_rows(filters, placeless=True)
    write_frame(latest.assign(**{_LATEST_POS: latest.index.to_numpy()}), query.store / LATEST)
    text = json.dumps(found, ensure_ascii=False)
    (query.store / STARTUP).write_text(text, encoding="utf-8")


def _rule_frames(
    sources: list, ids: list, notes: list[str], articles: frozenset[str], titles: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """The narrowing's lookup tables (see `StoreQuery._rule_tables`) from the distinct
    `sources`, `source_ids` and note cells of the facts."""
    keys = {v: source_keys(v) for v in sources}
    modes = reading()
    return {
        "_indep": pd.DataFrame(
            {
                "sources": pd.Series(sources, dtype=object),
                "n": pd.Series([len(keys[v]) for v in sources], dtype="int64"),
                "reporter": pd.Series([reporter(v, titles) for v in sources], dtype=object),
                "label": pd.Series([_first_label(v) for v in sources], dtype=object),
            }
        ),
        "_keys": pd.DataFrame(
            {
                "sources": pd.Series([v for v in sources for _ in keys[v]], dtype=object),
                "key": pd.Series([k for v in sources for k in keys[v]], dtype=object),
            }
        ),
        "_scopes": pd.DataFrame(
            {
                "note": pd.Series(notes, dtype=object),
                "kind": pd.Series([scope_kind(v) for v in notes], dtype=object),
            }
        ),
        "_extracted": pd.DataFrame(
            {
                "source_ids": pd.Series(
                    [v for v in ids if v is not None and all_extracted(v, articles)],
                    dtype=object,
                )
            }
        ),
        "_modes": pd.DataFrame(
            {
                "indicator": pd.Series([k[0] for k in modes], dtype=object),
                "subtype": pd.Series([k[1] for k in modes], dtype=object),
                "mode": pd.Series(list(modes.values()), dtype=object),
            }
        ),
    }
