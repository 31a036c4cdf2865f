"""Each place's series' pick per day (`latest_days.parquet`), written by the build beside the
facts: what the latest-by-place table (the overview's table, the map) chooses from, so a new
period reads one row per series and day instead of every fact in view.

A series here is the latest table's (`consolidate.latest_by_place`): a place and SERIES
(indicator, subtype, unit, note and the meaning columns, origin and destination included). Per
series and day: the fact the table would pick of that day (most sources, then highest, then last
listed), whole, with its position `_top`. The latest of a series in a period is then the pick of
its last day in the period, read from this file alone.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from loaders.facts.consolidate import SERIES
from loaders.publish.stamped import stamp_of, write_stamped

LATEST_DAYS = "latest_days.parquet"
FORMAT = "2"
FORMAT_KEY = b"latest_days_format"
ROW_GROUP = 16_384
_POS = "file_row_number"


def keys_of(columns: list[str]) -> list[str]:
    """The latest table's series keys a facts table with `columns` has (an older table may lack
    the meaning ones): the place, then SERIES."""
    return [k for k in ("place", *SERIES) if k in columns]


def days_sql(facts: str, columns: list[str]) -> str:
    """The query making the picks per series and day from `facts` (a DuckDB source read with
    positions): the keys, the day `as_of` and the position of the day's pick `_top`, in the
    order of the days (a view reads the row groups of its days only)."""
    keys = ", ".join(f'"{k}"' for k in keys_of(columns))
    n = "n_sources" if "n_sources" in columns else "0"
    value = "value" if "value" in columns else "0"
    return f"""
SELECT {keys}, as_of, max({{'n': {n}, 'v': {value}, 'p': {_POS}}}).p AS _top
FROM {facts} WHERE as_of IS NOT NULL
GROUP BY ALL
ORDER BY as_of, _top
"""


def rows_sql(facts: str, columns: list[str]) -> str:
    """The query making the file from `facts`: each series' pick of each day (`days_sql`),
    whole, with its position `_top`, in the order of the days."""
    return f"""
SELECT f.* EXCLUDE ({_POS}), f.{_POS} AS _top FROM {facts} f
WHERE f.{_POS} IN (SELECT _top FROM ({days_sql(facts, columns)}))
ORDER BY f.as_of, f.{_POS}
"""


def picks_sql(source: str, columns: list[str], where: str, placeless: bool) -> str:
    """The positions of the latest fact of each series in view (`where`, on `as_of`,
    `indicator` and `place`) from the picks per day at `source`: the pick of each series' last
    day. Without `placeless`, series naming no place are left out."""
    keys = ", ".join(f'"{k}"' for k in keys_of(columns))
    placed = "" if placeless else " AND place IS NOT NULL"
    return (
        f"SELECT max({{'d': as_of, 'p': _top}}).p FROM {source}"
        f" WHERE {where}{placed} GROUP BY {keys}"
    )


def latest_days_file(path: Path) -> bool:
    """Whether the build wrote the picks per day at `path` in this format."""
    return (stamp_of(path) or {}).get(FORMAT_KEY) == FORMAT.encode()


def write_latest_days(found: pa.Table, path: Path) -> None:
    """Write the picks per day (`days_sql`'s rows) with their format."""
    write_stamped(found, path, {FORMAT_KEY: FORMAT.encode()}, ROW_GROUP)
