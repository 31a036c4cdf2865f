"""Each series' facts per day (`series_days.parquet`), written by the build beside the facts: what
the timeline chooses its series and points from, so its first draw reads a few thousand rows
whatever the number of facts, and never one question's facts whole.

A series is one (indicator, subtype, unit, place, note, modality, rate, background): what the
timeline draws as one line, bars or marks. Per series and day: how many facts, the first
position, and the claim most sources make (its number of sources, its first position and what a
point's hover shows of it), the point the timeline draws for that day when it bins a series.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.facts.kernels import days, group_codes_at, values_at
from loaders.publish.stamped import stamp_of, write_stamped

SERIES_DAYS = "series_days.parquet"
FORMAT = "1"
FORMAT_KEY = b"series_days_format"
#: What makes a series of one indicator (SPEC section 1's meaning columns included).
SERIES_KEYS = ("subtype", "unit", "place", "note", "modality", "per", "background")
#: What a drawn point shows (its value and hover).
POINT_COLUMNS = (
    "value",
    "value_max",
    "qualifier",
    "sources",
    "quote",
    "disputed",
    "other_values",
    "review",
)
#: Per series and day, besides the keys: the day, how many facts, the first position, the most
#: sources a claim had that day and the first position of such a claim (`lead`).
DAY_FIELDS = ("day", "count", "first", "lead_n", "lead")
_POS = "file_row_number"
ROW_GROUP = 16_384


def keys_of(columns: list[str]) -> list[str]:
    """The series keys a table with `columns` has (an older table may lack the meaning ones)."""
    return [k for k in SERIES_KEYS if k in columns]


def days_of(facts: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Per series and day of the facts at `rows` (positions in `facts`, the order of first
    appearance): the keys, DAY_FIELDS (positions as in `rows`) and the lead's POINT_COLUMNS.
    The reference of the store's `series_days`, and what the timeline works from in memory."""
    keys = keys_of(list(facts.columns))
    code = group_codes_at(facts, keys, rows)
    day = days(facts)[rows]
    n = (
        facts["n_sources"].to_numpy()[rows]
        if "n_sources" in facts
        else np.zeros(len(rows), dtype=np.int64)
    )
    order = np.lexsort((rows, -n, day, code))
    starts = np.flatnonzero(
        np.r_[True, (np.diff(code[order]) != 0) | (day[order][1:] != day[order][:-1])]
    )
    lead = rows[order][starts]
    out = {k: values_at(facts, k, lead) for k in keys}
    out |= {
        "day": day[order][starts],
        "count": np.diff(np.r_[starts, len(rows)]),
        "first": np.minimum.reduceat(rows[order], starts) if len(rows) else lead,
        "lead_n": n[order][starts],
        "lead": lead,
    }
    out |= {c: values_at(facts, c, lead) for c in POINT_COLUMNS if c in facts}
    return pd.DataFrame(out)


def series_sql(facts: str, columns: list[str]) -> str:
    """The query making the series' days of every indicator from `facts` (a DuckDB source read
    with positions): per indicator, SERIES_KEYS and day, its facts' DAY_FIELDS, the lead's
    POINT_COLUMNS (`_point`) and the latest claim most sources make (`_top`: the latest table's
    pick of the day)."""
    keys = ", ".join(f'"{k}"' for k in ("indicator", *keys_of(columns)))
    day = "_as_of_day" if "_as_of_day" in columns else "as_of"
    n = "coalesce(n_sources, 0)" if "n_sources" in columns else "0"
    lead = f"{{'n': {n}, 'q': -{_POS}}}"
    points = ", ".join(f"'{c}': \"{c}\"" for c in POINT_COLUMNS if c in columns)
    return f"""
SELECT {keys}, CAST({day} AS DATE) AS day,
  count(*) AS count, min({_POS}) AS first, max({lead}).n AS lead_n, -max({lead}).q AS lead,
  max({{'n': {n}, 'p': {_POS}}}).p AS _top, arg_max({{{points}}}, {lead}) AS _point
FROM {facts}
GROUP BY ALL
ORDER BY indicator, day, first
"""


def series_days_file(path: Path) -> bool:
    """Whether the build wrote the series' days at `path` in this format."""
    return (stamp_of(path) or {}).get(FORMAT_KEY) == FORMAT.encode()


def write_series_days(found: pa.Table, path: Path) -> None:
    """Write the series' days (`series_sql`'s rows) with their format."""
    write_stamped(found, path, {FORMAT_KEY: FORMAT.encode()}, ROW_GROUP)


def rows_of_series(facts: pd.DataFrame, rows: np.ndarray, wanted: pd.DataFrame) -> pd.DataFrame:
    """The facts at `rows` of the series `wanted` lists (by each one's first position, as
    `days_of` gives it), each with `_which`, its line in `wanted`."""
    codes = group_codes_at(facts, keys_of(list(facts.columns)), rows)
    code_at = dict(zip(rows.tolist(), codes.tolist(), strict=True))
    parts = [
        facts.iloc[rows[codes == code_at[int(first)]]].assign(_which=n)
        for n, first in enumerate(wanted["first"])
    ]
    return pd.concat(parts) if parts else facts.iloc[:0].assign(_which=0)
