"""The headline rules' choices per series and day (`rule_days.parquet`), written by the build
beside the facts, so a new period reads thousands of rows instead of every fact in view.

One row (a cell) per question's series (indicator, subtype, note, and place, or for a donor
question unit and first source label) and day, of the facts that may be reported counts, in four
sets (`_set`): 0, every fact; 1, the facts a person checked (a situation whose headlines are of
reviewed facts only); 2 and 3, the same with a donor question's series split by place too (a
view of some places): how many facts, the one the rules pick of them (most independent sources, then
highest, then last) with the fields the rules read and its figures' sources, the first and
last listed. A single-source fact read by the extractor is a cell of its own (the outlier rule
looks at each). A view's narrowing (`narrowing`) and donor sums (`donor_lines`) are then worked out
on the cells in view; only the rows near each series' last day (its range and agreement) and the
outlier rule's neighbours are read from the facts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.facts.estimates import FACT_FIELDS
from loaders.publish.stamped import stamp_of, write_stamped

RULE_DAYS = "rule_days.parquet"
#: Written in the file's key-value metadata: a file of another format is made again.
FORMAT = "4"
FORMAT_KEY = b"rule_days_format"
ARTICLES_KEY = b"rule_days_articles"
#: Rows of a row group: a view reads the row groups of its set and days only.
ROW_GROUP = 16_384
#: What names a series of the cells (`_key` numbers them).
SERIES = ("_i", "_s", "_t", "_p", "_u", "_l")
#: Facts read at a time while making the cells (whole days: a run of days of about this many).
CHUNK_FACTS = 1_000_000
#: The sets of cells (see above), each written as row groups of its own.
SETS = (0, 1, 2, 3)
_POS = "file_row_number"
#: The figures' columns a headline's sources are made of (`estimates._refs`), with `review`.
REF_FIELDS = ("id", "source", "method", "source_outlet", "source_url", "review")


#: The cells' query (`cells_sql` fills it in): per fine group of facts the rules' pick, then
#: each set's cells merged from the fine groups.
_CELLS = """
WITH f AS (
  SELECT f.{_POS} AS _pos, f.*,
    date_diff('day', DATE '1970-01-01', CAST(f.{day} AS DATE)) AS _d,
    coalesce(k.n, 0) AS _n, coalesce(m.mode, 'other') AS _mode,
    coalesce(k.n, 0) <= 1 AND e.source_ids IS NOT NULL AND m.mode IS NOT NULL AS _weak,
    CASE WHEN m.mode IN ('sum', 'latest') AND coalesce(f.note, '') = '' THEN k.label END
      AS _l,
    CASE WHEN coalesce(f.note, '') <> '' THEN f.note
      ELSE coalesce(k.reporter, 'not stated') END AS _donor,
    f.unit IS NOT NULL AND coalesce(c.kind NOT IN ('projection', 'subgroup'), false)
      AS _summable,
    {review} AS _rev, coalesce(y.keys, []) AS _keys
  FROM {facts} f
  LEFT JOIN _indep k ON k.sources = f.sources
  LEFT JOIN _extracted e ON e.source_ids = f.source_ids
  LEFT JOIN _modes m ON m.indicator = f.indicator AND m.subtype = coalesce(f.subtype, '')
  LEFT JOIN _scopes c ON c.note = coalesce(f.note, '')
  LEFT JOIN (SELECT sources, list(key ORDER BY key) AS keys FROM _keys GROUP BY sources) y
    ON y.sources = f.sources
  WHERE {where}
),
fine AS (
  SELECT f.indicator AS _i, coalesce(f.subtype, '') AS _s, f.note AS _t,
    CASE WHEN f._mode IN ('sum', 'latest') THEN NULL ELSE f.place END AS _p,
    CASE WHEN f._mode IN ('sum', 'latest') THEN f.unit END AS _u, f._l,
    f.place AS _place, min(f._donor) AS _donor, f._mode, f._rev, f._d, f._weak,
    f._summable, CASE WHEN f._weak THEN f._pos END AS _alone,
    count(*) AS _cnt, max({{'n': f._n, 'v': f.value, 'p': f._pos}}) AS _best,
    min(f._pos) AS _first, max(f._pos) AS _last,
    arg_min(f.value, f._pos) AS _first_v, arg_max(f.value, f._pos) AS _last_v,
    arg_max({{{payload}}}, {{'n': f._n, 'v': f.value, 'p': f._pos}}) AS _row,
    arg_max(f._keys, {{'n': f._n, 'v': f.value, 'p': f._pos}}) AS _keys
  FROM f
  GROUP BY _i, _s, _t, _p, _u, f._l, _place, f._mode, f._rev, f._d, f._weak, f._summable,
    _alone
),
refs AS (
  SELECT c._best.p AS _pos,
    list({{{refs}}} ORDER BY w.k) FILTER (WHERE g.id IS NOT NULL) AS _refs
  FROM fine c,
    LATERAL (SELECT unnest(string_split(coalesce(c._row.figure_ids, ''), ' | ')) AS id,
      generate_subscripts(string_split(coalesce(c._row.figure_ids, ''), ' | '), 1) AS k) w
  LEFT JOIN {figures} g ON g.id = w.id
  GROUP BY c._best.p
),
cells AS (
  SELECT s._set, c._i, c._s, c._t, c._p, c._u, c._l,
    CASE WHEN s._set < 2 AND c._mode IN ('sum', 'latest') THEN NULL ELSE c._place END
      AS _place,
    min(c._donor) AS _donor, c._mode, c._d, c._weak, c._summable, c._alone,
    sum(c._cnt) AS _cnt, max(c._best) AS _best, min(c._first) AS _first,
    max(c._last) AS _last, arg_min(c._first_v, c._first) AS _first_v,
    arg_max(c._last_v, c._last) AS _last_v, arg_max(c._row, c._best) AS _row,
    arg_max(c._keys, c._best) AS _keys,
    arg_max(coalesce(r._refs, []), c._best) AS _refs
  FROM fine c
  JOIN (VALUES (0), (1), (2), (3)) s(_set)
    ON (s._set IN (0, 2) OR c._rev) AND (s._set < 2 OR c._mode IN ('sum', 'latest'))
  LEFT JOIN refs r ON r._pos = c._best.p
  GROUP BY ALL
)
SELECT * EXCLUDE (_alone),
  CASE WHEN isnan(_row.value_max) THEN NULL ELSE _row.value_max END AS _vmax,
  _row.qualifier AS _q, _row.figure_ids AS _ids
FROM cells
"""


def cells_sql(
    facts: str,
    figures: str,
    columns: list[str],
    figure_columns: list[str],
    indicators: list[str],
    days: tuple[dt.date, dt.date] | None = None,
) -> str:
    """The query making the cells from `facts` and `figures` (DuckDB sources read with their
    positions) and the narrowing's lookup tables (`StoreQuery._rule_tables`): `columns` and
    `figure_columns` are the tables' columns (an older store's may lack some), `indicators`
    the questions' (the facts of other indicators are no headline's); `days`, the first and
    last day of the facts read (a cell is of one day: the cells of a store are made a run of
    days at a time, in bounded memory)."""
    day = "_as_of_day" if "_as_of_day" in columns else "as_of"
    counted = [
        f"coalesce(f.{c}, {d}) = {d}"
        for c, d in (("modality", "'reported'"), ("background", "false"))
        if c in columns
    ] + (["f.per IS NULL"] if "per" in columns else [])
    review = "coalesce(f.review IN ('accepted', 'corrected'), false)"
    if "review" not in columns:
        review = "true"
    payload = ", ".join(
        f"'{c}': f.\"{c}\"" for c in (*FACT_FIELDS, "_as_of_day", "review") if c in columns
    )
    refs = ", ".join(
        f"'{c}': g.\"{c}\"" if c in figure_columns else f"'{c}': NULL::VARCHAR" for c in REF_FIELDS
    )
    questions = ", ".join("'" + i.replace("'", "''") + "'" for i in indicators) or "NULL"
    where = " AND ".join([f"f.indicator IN ({questions})", *counted])
    if days is not None:
        where += f" AND f.as_of BETWEEN DATE '{days[0]}' AND DATE '{days[1]}'"
    return _CELLS.format(
        day=day,
        review=review,
        facts=facts,
        figures=figures,
        where=where,
        payload=payload,
        refs=refs,
        _POS=_POS,
    )


def numbered_sql(cells: str, where: str = "true") -> str:
    """The cells of the table `cells` (`cells_sql`'s rows) that `where` keeps, each with its
    series' number `_key` (the series in order of their keys), so a view groups and orders
    series on an integer."""
    same = " AND ".join(f"c.{k} IS NOT DISTINCT FROM k.{k}" for k in SERIES)
    keys = ", ".join(SERIES)
    return f"""
WITH k AS (
  SELECT {keys}, row_number() OVER (ORDER BY {keys}) AS _key
  FROM (SELECT DISTINCT {keys} FROM {cells})
)
SELECT c.*, k._key FROM {cells} c JOIN k ON {same} WHERE {where}
ORDER BY c._set, c._d, k._key, c._place, c._best.p
"""


def rule_days_file(path: Path) -> frozenset[str] | None:
    """The sources whose figures the extractor read, as the build wrote them with the cells at
    `path`; None when there is no such file or it is of another format (made again)."""
    meta = stamp_of(path)
    if meta is None or meta.get(FORMAT_KEY) != FORMAT.encode():
        return None
    return frozenset(json.loads(meta.get(ARTICLES_KEY, b"[]")))


def write_rule_days(cells: pa.Table, articles: frozenset[str], path: Path) -> None:
    """Write the cells (`cells_sql`'s rows) with their format and the sources whose figures
    the extractor read."""
    meta = {FORMAT_KEY: FORMAT.encode(), ARTICLES_KEY: json.dumps(sorted(articles)).encode()}
    write_stamped(cells, path, meta, ROW_GROUP)


#: The cells of every fact (set 0) with the columns a view of every place reads, in order of
#: their days, as one uncompressed Arrow record batch: a process memory-maps it instead of
#: reading set 0 from `RULE_DAYS` (0.43 s of CPU at 10 M rows, the first new period's largest
#: part) and holding its copy.
HELD_CELLS = "held_cells.arrow"
HELD_FORMAT = "1"
HELD_FORMAT_KEY = b"held_cells_format"


def write_held_cells(cells: pa.Table, path: Path) -> None:
    """Write the held cells (`cells`: set 0's rows in order of days, as a view reads them) as
    one record batch, stamped with their format and that of the rule cells they come from."""
    stamp = {HELD_FORMAT_KEY: f"{HELD_FORMAT}/{FORMAT}".encode()}
    table = cells.combine_chunks().replace_schema_metadata(stamp)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=max(table.num_rows, 1))


def open_held_cells(path: Path) -> pa.Table | None:
    """The held cells the build wrote at `path`, memory-mapped (the pages a view reads are
    read from the file, and shared between processes); None when there is no such file or it
    is of another format."""
    if not path.exists():
        return None
    try:
        table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    except (OSError, pa.ArrowException):
        return None
    if (table.schema.metadata or {}).get(HELD_FORMAT_KEY) != f"{HELD_FORMAT}/{FORMAT}".encode():
        return None
    return table


def refs_frame(refs: pa.ChunkedArray) -> pd.DataFrame:
    """The figures' sources listed in a column of `_refs` lists, one row per figure."""
    found = pc.list_flatten(refs.combine_chunks()) if len(refs) else pa.array([])
    if not len(found):
        return pd.DataFrame(columns=list(REF_FIELDS))
    return pa.Table.from_struct_array(found).to_pandas()
