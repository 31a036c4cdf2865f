"""Each stock series' reported counts in order of series and day (`window_facts.arrow`, with
its index `window_index.parquet`), written by the build beside the facts: the reports near a
stock series' last day that its range, agreement, dispute and staleness read (`WindowReports`).
A view reads them as slices of the memory-mapped file, a few thousand rows per series, where
reading them from the facts scanned every fact on the windows' days (630 k at 10 M rows, and a
series that ended months before the others added its days' facts too).

The file holds, per fact that may be a reported count (`counted`) of a question read as a stock
(`estimates.reading`), its day number (`_dayn`), value, upper bound (NaN when it has none),
`sources` cell and position among the facts (`_pos`), sorted by series (indicator, subtype or
"", note, place: what `WindowReports` names a series by), day and position. The index holds one
row per series and day with how many facts it has there, in the same order, so a series' days
are one run of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from loaders.facts.estimates import reading
from loaders.publish.stamped import stamp_of, write_stamped

WINDOW_FACTS = "window_facts.arrow"
WINDOW_INDEX = "window_index.parquet"
FORMAT = "1"
FORMAT_KEY = b"window_facts_format"
#: Rows per record batch of the written file.
BATCH = 65_536
_POS = "file_row_number"
_ORDER = "_i, _s, _t NULLS FIRST, _p NULLS FIRST, _dayn"
#: A series' code and a day number as one sortable number: code * 2**32 + day + 2**31.
_SHIFT = 2**32
_BIAS = 2**31

Series = tuple[str, str, str | None, str | None]


def counted(columns: list[str]) -> list[str]:
    """The SQL conditions on a fact (of a table with `columns`) that may be a reported count
    (by its meaning columns): what a stock's range and agreement read."""
    return [
        f"coalesce({c}, {d}) = {d}"
        for c, d in (("modality", "'reported'"), ("background", "false"))
        if c in columns
    ] + (["per IS NULL"] if "per" in columns else [])


def day_number(columns: list[str]) -> str:
    """The SQL expression of a fact's day as days since 1970 (`_dayn`)."""
    day = "_as_of_day" if "_as_of_day" in columns else "as_of"
    return f"date_diff('day', DATE '1970-01-01', CAST({day} AS DATE))"


def window_sql(facts: str, columns: list[str]) -> tuple[str, str]:
    """The queries making the file's rows and its index from `facts` (a DuckDB source read with
    positions)."""
    stock = sorted(k for k, mode in reading().items() if mode == "stock")
    if not stock or "indicator" not in columns:
        which = "false"
    else:
        subtype = "coalesce(subtype, '')" if "subtype" in columns else "''"
        which = " OR ".join(
            f"(indicator = {_text(i)} AND {subtype} = {_text(s)})" for i, s in stock
        )
    keys = [
        "indicator AS _i",
        "coalesce(subtype, '') AS _s" if "subtype" in columns else "'' AS _s",
        "note AS _t" if "note" in columns else "NULL::VARCHAR AS _t",
        "place AS _p" if "place" in columns else "NULL::VARCHAR AS _p",
    ]
    value_max = "value_max" if "value_max" in columns else "NULL::DOUBLE"
    rows = (
        f"SELECT {', '.join(keys)}, {day_number(columns)} AS _dayn, CAST(value AS DOUBLE) AS value,"
        f" coalesce(CAST({value_max} AS DOUBLE), 'NaN'::DOUBLE) AS value_max,"
        f" CAST(sources AS VARCHAR) AS sources, {_POS} AS _pos FROM {facts}"
        f" WHERE as_of IS NOT NULL AND ({which}) AND {' AND '.join(['true', *counted(columns)])}"
    )
    return (
        f"SELECT _dayn, value, value_max, sources, _pos FROM ({rows}) ORDER BY {_ORDER}, _pos",
        f"SELECT _i, _s, _t, _p, _dayn, count(*) AS n FROM ({rows}) GROUP BY ALL ORDER BY {_ORDER}",
    )


def _text(value: str) -> str:
    """`value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def write_window_facts(index: pa.Table, rows: pa.RecordBatchReader, store: Path) -> None:
    """Write the file from `rows` (streamed: never held whole) and its `index`, stamped with
    their format (the index last: a store whose index is missing or of another format is read
    from its facts)."""
    path = store / WINDOW_FACTS
    schema = rows.schema.with_metadata({FORMAT_KEY: FORMAT.encode()})
    written = 0
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for batch in rows:
            if batch.num_rows:
                writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
                written += batch.num_rows
    total = int(np.asarray(index.column("n").to_numpy(), dtype=np.int64).sum())
    if total != written:  # the two queries disagree: no index, so the facts are read instead
        raise ValueError(f"{path}: {written} rows written, the index counts {total}")
    write_stamped(index, store / WINDOW_INDEX, {FORMAT_KEY: FORMAT.encode()}, BATCH)


@dataclass(frozen=True)
class WindowFile:
    """The file memory-mapped (its pages are read as a view touches them, and shared between
    processes), with its index: each series' code, and per series and day its key
    (`_SHIFT`) and first row (`starts`, one more at the end)."""

    rows: pa.Table
    series: dict[Series, int]
    keys: np.ndarray
    starts: np.ndarray

    def rows_of(self, spans: list[tuple[Series, int, int]]) -> tuple[np.ndarray, pa.Table]:
        """The rows of each span (a series and its first and last day numbers): per row, its
        span's line in `spans`, and the rows (`_dayn`, `value`, `value_max`, `sources`,
        `_pos`)."""
        which: list[np.ndarray] = []
        parts: list[pa.Table] = []
        for k, (series, lo, hi) in enumerate(spans):
            code = self.series.get(series)
            if code is None or lo > hi:
                continue
            a = np.searchsorted(self.keys, _key(code, lo), side="left")
            b = np.searchsorted(self.keys, _key(code, hi), side="right")
            first, last = int(self.starts[a]), int(self.starts[b])
            if last > first:
                parts.append(self.rows.slice(first, last - first))
                which.append(np.full(last - first, k, dtype=np.int64))
        if not parts:
            return np.zeros(0, dtype=np.int64), self.rows.slice(0, 0)
        return np.concatenate(which), pa.concat_tables(parts)


def _key(code: int, day: int) -> int:
    return code * _SHIFT + day + _BIAS


def open_window(store: Path) -> WindowFile | None:
    """The store's window file with its index; None when the build wrote none of this format
    (an older store: its facts are read instead)."""
    index_path, path = store / WINDOW_INDEX, store / WINDOW_FACTS
    if (stamp_of(index_path) or {}).get(FORMAT_KEY) != FORMAT.encode() or not path.exists():
        return None
    index = pq.read_table(index_path)
    rows = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    if (rows.schema.metadata or {}).get(FORMAT_KEY) != FORMAT.encode():
        return None
    # The index is in order of series: a series is a run of its rows.
    columns = [
        np.asarray(index.column(c).to_pylist(), dtype=object) for c in ("_i", "_s", "_t", "_p")
    ]
    opens = np.ones(index.num_rows, dtype=bool)
    changed = np.zeros(max(index.num_rows - 1, 0), dtype=bool)
    for column in columns:
        changed |= column[1:] != column[:-1]
    opens[1:] = changed
    code = np.cumsum(opens) - 1
    series: dict[Series, int] = {
        (columns[0][n], columns[1][n], columns[2][n], columns[3][n]): int(code[n])
        for n in np.flatnonzero(opens)
    }
    day = np.asarray(index.column("_dayn").to_numpy(), dtype=np.int64)
    n = np.asarray(index.column("n").to_numpy(), dtype=np.int64)
    return WindowFile(
        rows=rows,
        series=series,
        keys=code * _SHIFT + day + _BIAS,
        starts=np.concatenate([[0], np.cumsum(n)]),
    )
