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
from functools import cached_property
from pathlib import Path
from typing import Protocol

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from loaders.facts.consolidate import SERIES
from loaders.facts.estimates import FACT_FIELDS, QUESTIONS, Basis, Estimate, basis, estimates_in
from loaders.facts.review_state import reviewed
from loaders.facts.selection import Filters, Period, apply, data_period, selected_rows
from loaders.publish.frames import frame_of, pandas_kinds
from loaders.publish.summary import FORMAT as SUMMARY_FORMAT
from loaders.publish.summary import SUMMARY, default_filters, estimate_of, period_of

#: The review states of a fact a person checked (`review_state.reviewed`).
REVIEWED = ("accepted", "corrected")
TABLES = ("figures", "facts")
#: DuckDB's memory for one app process: it spills to disk beyond this, so a query over ten
#: million rows does not grow the server.
MEMORY_LIMIT = "1GB"
_POS = "file_row_number"


class Query(Protocol):
    """The questions pages ask of the figures and facts."""

    @property
    def period(self) -> Period: ...

    def count(self, table: str, filters: Filters) -> int: ...

    def rows(
        self, table: str, filters: Filters, offset: int = 0, limit: int | None = None
    ) -> pd.DataFrame: ...

    def latest_rows(self, filters: Filters, moves: tuple[str, ...] = ()) -> pd.DataFrame: ...

    def indicator_counts(self, filters: Filters | None = None) -> dict[str, int]: ...

    def without_place(self, filters: Filters) -> int: ...

    def source_counts(self, filters: Filters) -> dict[str, int]: ...

    def review_states(self, table: str, ids: list[str]) -> dict[str, str]: ...

    def source_rows(self, table: str, source: str) -> pd.DataFrame: ...

    def estimates(self, filters: Filters, review_only: bool = False) -> list[Estimate]: ...


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

    def latest_rows(self, filters: Filters, moves: tuple[str, ...] = ()) -> pd.DataFrame:
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
        try:
            found = json.loads((self.store / SUMMARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if found.get("format") == SUMMARY_FORMAT else {}

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

    def _frame(self, table: str, sql: str, params: list) -> pd.DataFrame:
        """The rows a query gives, as the table in memory has them, indexed by position."""
        result = self._execute(sql, params).to_arrow_table()
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

    def latest_rows(self, filters: Filters, moves: tuple[str, ...] = ()) -> pd.DataFrame:
        """The facts in view that the latest fact of each place and series can be (the latest
        day's most sourced, last listed: `latest_by_place`), and every fact of the indicators
        `moves` naming an origin and a destination (the map's flows): picking from these gives
        what picking from all the facts in view gives."""
        where, params = self._where("facts", filters)
        series = ", ".join(f'"{c}"' for c in ("place", *SERIES) if c in self.columns["facts"])
        rank = (
            f"row_number() OVER (PARTITION BY {series}"
            f" ORDER BY as_of DESC, n_sources DESC, {_POS} DESC)"
        )
        keep = "(place IS NOT NULL AND _rank = 1)"
        if moves and {"origin", "destination"} <= set(self.columns["facts"]):
            keep += (
                " OR (list_contains(?::VARCHAR[], indicator)"
                " AND origin IS NOT NULL AND destination IS NOT NULL)"
            )
            params = [*params, list(moves)]
        sql = (
            f"SELECT * EXCLUDE (_rank) FROM (SELECT *, {rank} AS _rank"
            f" FROM {self._source('facts')} WHERE {where}) WHERE {keep} ORDER BY {_POS}"
        )
        return self._frame("facts", sql, params)

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
        found = self._execute(
            f"SELECT id, review FROM {self._source(table)} WHERE list_contains(?::VARCHAR[], id)",
            [list(ids)],
        ).fetchall()
        return dict(found)

    def source_rows(self, table: str, source: str) -> pd.DataFrame:
        sql = f"SELECT * FROM {self._source(table)} WHERE source = ? ORDER BY {_POS}"
        return self._frame(table, sql, [source])

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
        read = ", ".join(
            f'"{c}"' for c in (*FACT_FIELDS, "_as_of_day") if c in self.columns["facts"]
        )
        facts = self._frame(
            "facts",
            f"SELECT {read}, {_POS} FROM {self._source('facts')} WHERE {where} ORDER BY {_POS}",
            params,
        )
        columns = [
            c
            for c in ("id", "source", "method", "source_outlet", "source_url", _POS)
            if c in self.columns["figures"] or c == _POS
        ]
        figures = self._frame(
            "figures",
            f"SELECT {', '.join(columns)} FROM {self._source('figures')} WHERE id IN"
            f" (SELECT DISTINCT unnest(string_split(figure_ids, ' | '))"
            f" FROM {self._source('facts')} WHERE {where}) ORDER BY {_POS}",
            params,
        )
        return estimates_in(basis(facts, figures, self.places, _titles(self.sources)))
