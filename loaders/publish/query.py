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
import threading
from collections.abc import Iterator
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import Protocol

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loaders.facts.consolidate import SERIES
from loaders.facts.estimates import (
    FACT_FIELDS,
    MAX_PART_SOURCES,
    OUTLIER_RATIO,
    QUESTIONS,
    REGION_INDICATORS,
    STANDS_FOR,
    WINDOW_DAYS,
    Basis,
    DonorLine,
    DonorSum,
    Estimate,
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
from loaders.facts.selection import Filters, Period, apply, data_period, selected_rows
from loaders.publish.frames import frame_of, pandas_kinds, read_frame, write_frame
from loaders.publish.summary import FORMAT as SUMMARY_FORMAT
from loaders.publish.summary import SUMMARY, default_filters, estimate_of, period_of

#: What a new app process reads instead of scanning the figures and facts (written by the build
#: beside `summary.json`): each categorical column's values, and the review states of the facts
#: and figures behind the default view's estimates (`STARTUP`); the facts the default view's
#: latest-by-place table picks from, with their positions (`LATEST`).
STARTUP = "startup.json"
LATEST = "latest.parquet"
STARTUP_FORMAT = 1
_LATEST_POS = "_position"
#: The review states of a fact a person checked (`review_state.reviewed`).
REVIEWED = ("accepted", "corrected")
TABLES = ("figures", "facts")
#: DuckDB's memory for one app process: it spills to disk beyond this, so a query over ten
#: million rows does not grow the server.
MEMORY_LIMIT = "1GB"
_POS = "file_row_number"
#: The rows of a view the headline rules can read, as positions, with how many facts each
#: stands for. Per series (question, place and note; for a donor question, unit and donor
#: instead of place: finer than any series the rules form) and day, of the strong facts (not
#: single-source extracted): the one the rules pick (most independent sources, then highest,
#: then last); for a stock, every fact within WINDOW_DAYS of the series' last day; each
#: single-source extracted fact and the strong facts next to it in the outlier rule (of each
#: series, the last on its day or before and the first on its day or after). Of an
#: indicator's other entries, each series' last day's pick only (the newest day of the view).
#: A series' last pick stands for the facts of the series left out (a donor estimate counts
#: them). An additive aid question's rows are added up in SQL (`_SUMMED`): of its series, as of
#: an indicator's other entries, only the last day's pick is read (it dates the view), found
#: without grouping by day.
#: `{view}` is the facts in view that may be reported counts, with their day number `_dayn`.
_NARROW = f"""
WITH v AS (
  SELECT f.{_POS} AS _pos, f._dayn AS _d, f.value AS _v, coalesce(k.n, 0) AS _n,
    coalesce(k.n, 0) <= 1 AND e.source_ids IS NOT NULL AND m.mode IS NOT NULL AS _weak,
    coalesce(m.mode, 'other') AS _mode, f.indicator AS _i, coalesce(f.subtype, '') AS _s,
    {{{{'i': f.indicator, 's': coalesce(f.subtype, ''), 't': f.note,
      'p': CASE WHEN m.mode IN ('sum', 'latest') THEN NULL ELSE f.place END,
      'u': CASE WHEN m.mode IN ('sum', 'latest') THEN f.unit END,
      'l': CASE WHEN m.mode IN ('sum', 'latest') AND coalesce(f.note, '') = ''
        THEN k.label
      END}}}} AS _k
  FROM ({{view}}) f
  LEFT JOIN _indep k ON k.sources = f.sources
  LEFT JOIN _extracted e ON e.source_ids = f.source_ids
  LEFT JOIN _modes m ON m.indicator = f.indicator AND m.subtype = coalesce(f.subtype, '')
),
weak AS (SELECT DISTINCT _i, _s, _d FROM v WHERE _weak),
d AS (
  SELECT _k, _d, any_value(_mode) AS _mode, any_value(_i) AS _i, any_value(_s) AS _s,
    max({{{{'n': _n, 'v': _v, 'p': _pos}}}}).p AS _best, min(_pos) AS _first,
    max(_pos) AS _last, count(*) AS _cnt, list(_pos) FILTER (WHERE _mode = 'stock') AS _all
  FROM v WHERE NOT _weak AND _mode IN ('stock', 'latest') GROUP BY _k, _d
),
ends AS (
  SELECT max({{{{'d': _d, 'n': _n, 'v': _v, 'p': _pos}}}}).p AS _pos
  FROM v WHERE NOT _weak AND _mode IN ('other', 'sum') GROUP BY _k
),
b AS (
  SELECT *, max(_d) OVER w AS _end, sum(_cnt) OVER w AS _total,
    coalesce(lag(_d) OVER (w ORDER BY _d), -2147483648) AS _prev,
    coalesce(lead(_d) OVER (w ORDER BY _d), 2147483647) AS _next
  FROM d WINDOW w AS (PARTITION BY _k)
),
c AS (
  SELECT _k, _d, _best, _d = _end AS _end_day, _total,
    list_distinct(list_concat([
      CASE WHEN _mode = 'stock' OR _d = _end THEN _best END,
      CASE WHEN EXISTS (SELECT 1 FROM weak WHERE weak._i = b._i AND weak._s = b._s
        AND weak._d > b._prev AND weak._d <= b._d) THEN _first END,
      CASE WHEN EXISTS (SELECT 1 FROM weak WHERE weak._i = b._i AND weak._s = b._s
        AND weak._d >= b._d AND weak._d < b._next) THEN _last END],
      CASE WHEN _d >= _end - {WINDOW_DAYS} THEN _all END)) AS _picked
  FROM b
),
s AS (SELECT *, sum(len(_picked)) OVER (PARTITION BY _k) AS _n_picked FROM c),
kept AS (
  SELECT _pos, CASE WHEN _pos = _best AND _end_day THEN _total - _n_picked + 1 ELSE 1 END
    AS _stands_for
  FROM (SELECT *, unnest(_picked) AS _pos FROM s)
  UNION ALL
  SELECT _pos, 1 FROM ends
  UNION ALL
  SELECT _pos, 1 FROM v WHERE _weak
)
"""

#: The additive aid questions' donor lines (`DonorLine`), worked out from every fact in view as
#: `estimates._by_donor` and `_deliveries` do: per question and unit, the single-source
#: extracted facts far from the strong ones around them (the last on the nearest day before,
#: the first on the nearest day after) left out; of the rest, each donor's best report of each
#: day (most independent sources, then highest, then last); those sorted by note, value, day
#: and position, a report of the same note and value within WINDOW_DAYS of the one before it
#: being the same delivery again; each delivery's first report under its donor's line. One row
#: per line, in that order, with its question's count of reports and independent sources.
#: `{view}` is the facts in view that may be reported counts, with their day number `_dayn`.
_SUMMED = f"""
WITH r AS (
  SELECT f.{_POS} AS _pos, f._dayn AS _d, f.value AS _v,
    CASE WHEN isnan(f.value_max) THEN NULL ELSE f.value_max END AS _vmax,
    f.qualifier AS _q, f.unit AS _u, coalesce(f.note, '') AS _who, f.figure_ids AS _ids,
    f.indicator AS _i, coalesce(f.subtype, '') AS _s, f.sources AS _src,
    coalesce(k.n, 0) AS _n, coalesce(k.n, 0) <= 1 AND e.source_ids IS NOT NULL AS _weak,
    CASE WHEN coalesce(f.note, '') <> '' THEN f.note
      ELSE coalesce(k.reporter, 'not stated') END AS _donor
  FROM ({{view}}) f
  JOIN _modes m ON m.indicator = f.indicator AND m.subtype = coalesce(f.subtype, '')
    AND m.mode = 'sum'
  JOIN _scopes c ON c.note = coalesce(f.note, '') AND c.kind NOT IN ('projection', 'subgroup')
  LEFT JOIN _indep k ON k.sources = f.sources
  LEFT JOIN _extracted e ON e.source_ids = f.source_ids
  WHERE f.unit IS NOT NULL
),
strong AS (
  SELECT _i, _s, _u, _d, arg_min(_v, _pos) AS _first, arg_max(_v, _pos) AS _last
  FROM r WHERE NOT _weak GROUP BY _i, _s, _u, _d
),
before AS (
  SELECT w._pos, w._v, CASE WHEN b._last > 0 THEN b._last END AS _near
  FROM (SELECT * FROM r WHERE _weak) w
  ASOF LEFT JOIN strong b ON w._i = b._i AND w._s = b._s AND w._u = b._u AND w._d >= b._d
),
after AS (
  SELECT w._pos, CASE WHEN a._first > 0 THEN a._first END AS _near
  FROM (SELECT * FROM r WHERE _weak) w
  ASOF LEFT JOIN strong a ON w._i = a._i AND w._s = a._s AND w._u = a._u AND w._d <= a._d
),
far AS (
  SELECT b._pos FROM before b JOIN after a ON a._pos = b._pos
  WHERE coalesce(b._near, a._near) IS NOT NULL
    AND (b._v > {OUTLIER_RATIO} * greatest(b._near, a._near)
      OR b._v * {OUTLIER_RATIO} < least(b._near, a._near))
),
s AS (SELECT * FROM r WHERE _pos NOT IN (SELECT _pos FROM far)),
t AS (
  SELECT *, row_number() OVER (PARTITION BY _i, _s, _u ORDER BY _who, _v, _d, _pos) AS _o
  FROM s WHERE _pos IN (
    SELECT max({{{{'n': _n, 'v': _v, 'p': _pos}}}}).p FROM s GROUP BY _i, _s, _u, _donor, _d)
),
chained AS (
  SELECT *, coalesce(lag(_v) OVER w <> _v OR _d - lag(_d) OVER w > {WINDOW_DAYS}, true) AS _new
  FROM t WINDOW w AS (PARTITION BY _i, _s, _u, _who ORDER BY _o)
),
numbered AS (
  SELECT *, sum(_new::INTEGER) OVER (PARTITION BY _i, _s, _u, _who ORDER BY _o
    ROWS UNBOUNDED PRECEDING) AS _chain
  FROM chained
),
lined AS (
  SELECT *, first_value(_donor) OVER (PARTITION BY _i, _s, _u, _who, _chain ORDER BY _o)
    AS _line
  FROM numbered
),
lines AS (
  SELECT _i, _s, _u, _line, min(_o) AS _order,
    list(_v ORDER BY _o) FILTER (WHERE _new) AS _values,
    list(coalesce(_vmax, _v) ORDER BY _o) FILTER (WHERE _new) AS _uppers,
    coalesce(bool_or(_vmax IS NOT NULL) FILTER (WHERE _new), false) AS _ranged,
    list(DISTINCT _q) FILTER (WHERE _new) AS _quals,
    arg_max({{{{'d': _d, 't': _who}}}}, {{{{'d': _d, 'o': -_o}}}}) FILTER (WHERE _new) AS _last,
    list_slice(list(_ids ORDER BY _o), 1, {MAX_PART_SOURCES}) AS _cited
  FROM lined GROUP BY _i, _s, _u, _line
),
counted AS (SELECT _i, _s, _u, count(*) AS _reports FROM s GROUP BY _i, _s, _u),
agreeing AS (
  SELECT t._i, t._s, t._u, count(DISTINCT k.key) AS _agree
  FROM t JOIN _keys k ON k.sources = t._src GROUP BY t._i, t._s, t._u
)
SELECT l._i, l._s, l._u, c._reports, coalesce(a._agree, 0), l._line, l._values, l._uppers,
  l._ranged, l._quals, l._last, l._cited
FROM lines l JOIN counted c USING (_i, _s, _u) LEFT JOIN agreeing a USING (_i, _s, _u)
ORDER BY l._i, l._s, l._u, l._order
"""


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

    def review_states(self, table: str, ids: list[str]) -> dict[str, str]: ...

    def source_rows(self, table: str, source: str) -> pd.DataFrame: ...

    def batches(
        self, table: str, filters: Filters, size: int = 50_000
    ) -> Iterator[pd.DataFrame]: ...

    def estimates(self, filters: Filters, review_only: bool = False) -> list[Estimate]: ...


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

    def review_states(self, table: str, ids: list[str]) -> dict[str, str]:
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
        self._con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
        self._lock = threading.Lock()
        self._categories: dict[str, dict[str, list]] = {}
        self._articles: frozenset[str] | None = None
        self.kinds = {t: pandas_kinds(pq.read_schema(self._path(t))) for t in TABLES}
        self.columns = {t: list(pq.read_schema(self._path(t)).names) for t in TABLES}

    def _path(self, table: str) -> Path:
        return self.store / f"{table}.parquet"

    def _source(self, table: str) -> str:
        path = str(self._path(table)).replace("'", "''")
        return f"read_parquet('{path}', file_row_number = true)"

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
        if self.summary:
            return period_of(self.summary["period"])
        return data_period(self.rows("facts", Filters(dt.date.min, dt.date.max)))

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

    def _arrow_frame(self, table: str, result: pa.Table) -> pd.DataFrame:
        """Rows read by DuckDB (with their positions) as the table in memory has them, indexed
        by position."""
        positions = result.column(_POS).to_numpy()
        result = result.drop_columns(
            [c for c in result.column_names if c not in self.columns[table]]
        )
        frame = frame_of(result, self.kinds[table], self._categories_of(table))
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
        day's most sourced, last listed: `latest_by_place`), and every fact of the indicators
        `moves` naming an origin and a destination (the map's flows): picking from these gives
        what picking from all the facts in view gives. With `placeless`, also the latest of
        each series that names no place (the whole situation's, which the map shows at its only
        declared country). Their positions are found from the few columns that choose them (one
        grouped pass), then only those rows are read whole. The default view's are read from
        what the build wrote (`LATEST`)."""
        drawn = not moves and not placeless and self._default(filters)
        if drawn and (self.store / LATEST).is_file():
            return self._latest_file()
        where, params = self._where("facts", filters)
        series = ", ".join(f'"{c}"' for c in ("place", *SERIES) if c in self.columns["facts"])
        placed = "" if placeless else " AND place IS NOT NULL"
        sql = (
            f"SELECT max({{'d': as_of, 'n': n_sources, 'p': {_POS}}}).p"
            f" FROM {self._source('facts')} WHERE {where}{placed} GROUP BY {series}"
        )
        if moves and {"origin", "destination"} <= set(self.columns["facts"]):
            sql += (
                f" UNION SELECT {_POS} FROM {self._source('facts')} WHERE {where}"
                " AND list_contains(?::VARCHAR[], indicator)"
                " AND origin IS NOT NULL AND destination IS NOT NULL"
            )
            params = [*params, *params, list(moves)]
        found = sorted(int(p) for (p,) in self._execute(sql, params).fetchall())
        return self._at(found)

    def _at(self, positions: list[int]) -> pd.DataFrame:
        """The facts at `positions` (sorted), whole."""
        sql = (
            f"SELECT * FROM {self._source('facts')}"
            f" WHERE {_POS} IN (SELECT unnest(?::BIGINT[])) ORDER BY {_POS}"
        )
        return self._frame("facts", sql, [positions])

    def _latest_file(self) -> pd.DataFrame:
        """The default view's `latest_rows`, as the build wrote them (`LATEST`)."""
        frame = read_frame(self.store / LATEST)
        positions = frame.pop(_LATEST_POS).to_numpy()
        frame.index = pd.Index(positions)
        return frame

    def indicator_counts(self, filters: Filters | None = None) -> dict[str, int]:
        """How many facts of each indicator (in view, or in all)."""
        where, params = self._where("facts", filters) if filters else ("true", [])
        found = self._execute(
            f"SELECT indicator, count(*) FROM {self._source('facts')} WHERE {where}"
            " GROUP BY indicator",
            params,
        ).fetchall()
        return {str(i): int(n) for i, n in found if i is not None and n > 0}

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

    def review_states(self, table: str, ids: list[str]) -> dict[str, str]:
        if "review" not in self.columns[table] or not ids:
            return {}
        known = self.startup.get("review", {}).get(table, {})
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
        view = Filters(filters.start, filters.end, tuple(sorted(wanted)), filters.places)
        where, params = self._where("facts", view)
        if review_only and "review" in self.columns["facts"]:
            where += f" AND review IN {REVIEWED}"
        articles = self._rule_tables()
        summed = self._summed(where, params)
        facts = self._narrowed(where, params)
        cited = [
            i
            for found in summed.values()
            for one in found
            for line in one.lines
            for i in line.figure_ids
        ]
        figures = self._figures_of(facts, cited)
        rules = basis(facts, figures, self.places, _titles(self.sources), articles)
        return estimates_in(rules, region=self._region(where, params), summed=summed)

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

    def _narrowed(self, where: str, params: list) -> pd.DataFrame:
        """The facts in view the headline rules can read (`_NARROW`), with the columns the
        rules use and how many facts each stands for (STANDS_FOR)."""
        self._rule_tables()
        columns = self.columns["facts"]
        view = self._counted_view(where, params)
        read = ", ".join(f'f."{c}"' for c in (*FACT_FIELDS, "_as_of_day") if c in columns)
        sql = _NARROW.format(view=view) + (
            f"SELECT {read}, f.{_POS}, kept._stands_for AS {STANDS_FOR}"
            f" FROM {self._source('facts')} f JOIN kept ON kept._pos = f.{_POS}"
            f" WHERE {where} ORDER BY f.{_POS}"
        )
        return self._frame("facts", sql, params + params, extra=(STANDS_FOR,))

    def _counted_view(self, where: str, params: list) -> str:
        """The facts in view that may be reported counts (by their meaning columns), with
        their day number `_dayn`: what `_NARROW` and `_SUMMED` read."""
        columns = self.columns["facts"]
        day = "_as_of_day" if "_as_of_day" in columns else "as_of"
        counted = [
            f"coalesce({c}, {d}) = {d}"
            for c, d in (("modality", "'reported'"), ("background", "false"))
            if c in columns
        ] + (["per IS NULL"] if "per" in columns else [])
        return (
            f"SELECT *, date_diff('day', DATE '1970-01-01', CAST({day} AS DATE)) AS _dayn"
            f" FROM {self._source('facts')} WHERE {' AND '.join([where, *counted])}"
        )

    def _summed(self, where: str, params: list) -> dict[tuple[str, str], list[DonorSum]]:
        """The additive aid questions' donor lines in view (`_SUMMED`), by question."""
        self._rule_tables()
        added = sorted({i for (i, _), mode in reading().items() if mode == "sum"})
        where, params = f"{where} AND list_contains(?::VARCHAR[], indicator)", [*params, added]
        rows = self._execute(_SUMMED.format(view=self._counted_view(where, params)), params)
        out: dict[tuple[str, str], list[DonorSum]] = {}
        for (i, s, u, reports, agree), found in groupby(rows.fetchall(), key=lambda r: r[:5]):
            lines = tuple(
                DonorLine(
                    name=str(name),
                    values=tuple(float(v) for v in values),
                    uppers=tuple(float(v) for v in uppers),
                    ranged=bool(ranged),
                    qualifiers=tuple(str(q) for q in qualifiers),
                    unit=str(u),
                    as_of=np.datetime64(int(last["d"]), "D").astype(dt.date),
                    note=str(last["t"]),
                    figure_ids=tuple(x for text in cited for x in _split_ids(text))[
                        :MAX_PART_SOURCES
                    ],
                )
                for *_, name, values, uppers, ranged, qualifiers, last, cited in found
            )
            one = DonorSum(str(i), s or None, str(u), int(reports), int(agree), lines)
            out.setdefault((str(i), str(s)), []).append(one)
        return out

    def _figures_of(self, facts: pd.DataFrame, more: list[str] | None = None) -> pd.DataFrame:
        """The figures behind `facts` (and the figures `more`), with the columns the rules
        read."""
        columns = [
            c
            for c in ("id", "source", "method", "source_outlet", "source_url", _POS)
            if c in self.columns["figures"] or c == _POS
        ]
        ids = pa.table(
            {
                "id": pa.array(
                    sorted(
                        {i for t in facts["figure_ids"].dropna() for i in _split_ids(t)}
                        | set(more or ())
                    ),
                    pa.string(),
                )
            }
        )
        with self._lock:
            cursor = self._con.cursor()
        cursor.register("_wanted", ids)
        sql = (
            f"SELECT {', '.join(columns)} FROM {self._source('figures')}"
            f" WHERE id IN (SELECT id FROM _wanted) ORDER BY {_POS}"
        )
        result = cursor.sql(sql).to_arrow_table()
        positions = result.column(_POS).to_numpy()
        result = result.drop_columns([_POS])
        frame = frame_of(result, self.kinds["figures"], self._categories_of("figures"))
        frame.index = pd.Index(positions)
        return frame

    def _region(self, where: str, params: list) -> str | None:
        """The situation's region in view (`region_of`): per place, its facts in view and its
        first position among all facts."""
        found = self._execute(
            f"SELECT place, count(*) FILTER (WHERE {where}), min({_POS})"
            f" FROM {self._source('facts')} WHERE place IS NOT NULL"
            " AND list_contains(?::VARCHAR[], indicator) GROUP BY place",
            [*params, sorted(REGION_INDICATORS)],
        ).fetchall()
        return region_of(((str(p), int(n), int(first)) for p, n, first in found), self.places)


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
    latest = query.latest_rows(filters)
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
