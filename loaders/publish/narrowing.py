"""The narrowing: the rows of a view the headline rules can read, worked out on arrays from its
rule cells (`rule_days`), so a new period sorts its cells instead of asking every fact.

Per series (`_key`) and day, of the strong facts (not single-source extracted): the rules' pick
(whole, from its cell: within a stock's window too, so every day's pick and every weak fact is
whole); the first and last listed next to a day with a weak fact of the question (the outlier
rule's neighbours, read whole; within a stock's window too, so the window's other facts are
never a neighbour); a stock series' first fact (the rules meet series in the order of their
first facts: incidents, parts of a breakdown); for a stock, every fact within WINDOW_DAYS of
the series' last day (its range and agreement: a window row naming the series and days `_lo`
to `_hi`; its facts are read as arrays of the few columns a range and agreement need,
`estimates.WindowReports`).
Of an indicator's other entries and of an additive aid question, each series' last day's pick
only (it dates the view); every weak fact. The series' last pick stands for the facts of the
series left out (`_n`: a donor estimate counts them).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.facts.estimates import WINDOW_DAYS

#: The cells' columns the narrowing reads.
COLUMNS = (
    "_key",
    "_d",
    "_mode",
    "_i",
    "_s",
    "_t",
    "_p",
    "_weak",
    "_best",
    "_first",
    "_last",
    "_cnt",
)
#: A row of the narrowing: a fact's position, how many facts it stands for, and for a window
#: row its series (`_i`, `_s`, `_t`, `_p`) and days `_lo` to `_hi`; a pick's day as both
#: (a series' last pick, a weak fact: none).
SCHEMA = pa.schema(
    [
        ("_pos", pa.int64()),
        ("_n", pa.int64()),
        ("_window", pa.bool_()),
        ("_i", pa.string()),
        ("_s", pa.string()),
        ("_t", pa.string()),
        ("_p", pa.string()),
        ("_lo", pa.int64()),
        ("_hi", pa.int64()),
    ]
)
_LOW, _HIGH = -(2**31), 2**31 - 1


def _ints(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)


def _day_keys(question: np.ndarray, day: np.ndarray) -> np.ndarray:
    """One integer per question and day, in their order (days within 2**32 of 1970)."""
    return question.astype(np.int64) * (1 << 34) + (day + (1 << 33))


def _last_of_each(group: np.ndarray, *by: np.ndarray) -> np.ndarray:
    """The row of each group that comes last by `by` (the first array the most significant),
    in the groups' order."""
    at = np.lexsort((*reversed(by), group))
    return at[np.r_[group[at][1:] != group[at][:-1], True]]


def arrays(cells: pa.Table) -> dict[str, np.ndarray]:
    """The cells' COLUMNS the narrowing reads, as one array per row's field (a row's arrays
    taken at any rows are those of the cells at those rows: `narrowed_of` of a slice)."""
    best = cells.column("_best").combine_chunks()
    question = pc.binary_join_element_wise(
        cells.column("_i").fill_null(""), cells.column("_s").fill_null(""), "\0"
    )
    mode = np.asarray(cells.column("_mode").to_numpy(zero_copy_only=False), dtype=object)
    return {
        "key": _ints(cells.column("_key")),
        "d": _ints(cells.column("_d")),
        "n": _ints(best.field("n")),
        "v": np.asarray(best.field("v").to_numpy(zero_copy_only=False), dtype=float),
        "p": _ints(best.field("p")),
        "first": _ints(cells.column("_first")),
        "last": _ints(cells.column("_last")),
        "cnt": _ints(cells.column("_cnt").cast(pa.int64())),
        "weak": np.asarray(cells.column("_weak").fill_null(False).to_numpy(zero_copy_only=False)),
        "question": _ints(pc.dictionary_encode(question.combine_chunks()).indices),
        "stock": mode == "stock",
        "daily": np.isin(mode, ["stock", "latest"]),
        "dated": np.isin(mode, ["other", "sum"]),
    }


def narrowed_of(cells: pa.Table, found: dict[str, np.ndarray] | None = None) -> pa.Table:
    """The narrowing of the cells in view (their COLUMNS; `found`: their `arrays`, when made
    already), as SCHEMA rows."""
    if not cells.num_rows:
        return SCHEMA.empty_table()
    a = arrays(cells) if found is None else found
    weak = a["weak"]
    weak_days = np.unique(_day_keys(a["question"][weak], a["d"][weak]))
    parts = [_daily(cells, a, np.flatnonzero(~weak & a["daily"]), weak_days)]
    dated = np.flatnonzero(~weak & a["dated"])
    if len(dated):
        ends = dated[_last_of_each(a["key"][dated], *(a[k][dated] for k in ("d", "n", "v", "p")))]
        parts.append(_plain(a["p"][ends]))
    parts.append(_plain(a["p"][weak]))
    return pa.concat_tables(parts)


def _plain(positions: np.ndarray) -> pa.Table:
    """Rows standing for themselves, with no days."""
    found = _picks(positions, 1, np.zeros(len(positions), dtype=np.int64))
    nulls = pa.nulls(len(positions), pa.int64())
    return found.set_column(7, "_lo", nulls).set_column(8, "_hi", nulls)


def _groups(a: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The cells `rows` as one group per series and day, in that order: its series, day, pick,
    first and last listed, count, a cell of it (`one`), and its series' last day, facts and
    the days before and after it."""
    day_key = _day_keys(a["key"][rows], a["d"][rows])
    # One sort: by series and day, then as a day's pick is chosen (each group's last is it).
    by = np.lexsort((a["p"][rows], a["v"][rows], a["n"][rows], day_key))
    order, sorted_key = rows[by], day_key[by]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    ends = np.r_[starts[1:] - 1, len(order) - 1]
    key, d = a["key"][order][starts], a["d"][order][starts]
    g = {
        "key": key,
        "d": d,
        "best": a["p"][order[ends]],
        "first": np.minimum.reduceat(a["first"][order], starts),
        "last": np.maximum.reduceat(a["last"][order], starts),
        "count": np.add.reduceat(a["cnt"][order], starts),
        "one": np.minimum.reduceat(order, starts),  # its first cell (`rows` are in order)
    }
    opens = np.r_[True, key[1:] != key[:-1]]
    closes = np.r_[key[1:] != key[:-1], True]
    g["series"] = np.cumsum(opens) - 1
    g["opens"] = np.flatnonzero(opens)
    g["end"] = d[closes][g["series"]]
    g["total"] = np.add.reduceat(g["count"], g["opens"])[g["series"]]
    g["prev"] = np.where(opens, _LOW, np.r_[_LOW, d[:-1]])
    g["next"] = np.where(closes, _HIGH, np.r_[d[1:], _HIGH])
    return g


def _daily(
    cells: pa.Table, a: dict[str, np.ndarray], rows: np.ndarray, weak_days: np.ndarray
) -> pa.Table:
    """The narrowing's rows of the stock and latest-per-donor series (`rows`: their strong
    cells): per series and day, its pick, the neighbours of a weak fact, a stock's window."""
    if not len(rows):
        return SCHEMA.empty_table()
    g = _groups(a, rows)
    question, stock = a["question"][g["one"]], a["stock"][g["one"]]
    end_day = g["d"] == g["end"]
    window = stock & (g["d"] >= g["end"] - WINDOW_DAYS)
    best, first, last = g["best"], g["first"], g["last"]
    kept = stock | end_day
    firsts = _any_weak(weak_days, question, g["prev"], g["d"], True)
    firsts[g["opens"]] |= stock[g["opens"]]  # a series' first fact: where the rules meet it
    firsts &= ~(kept & (first == best))
    lasts = _any_weak(weak_days, question, g["d"], g["next"], False)
    lasts &= ~(kept & (last == best)) & ~(firsts & (last == first))
    picks = np.where(window, g["count"], kept.astype(np.int64) + firsts + lasts)
    stands = g["total"] - np.add.reduceat(picks, g["opens"])[g["series"]] + 1
    ends = window & end_day
    n_best = np.where(end_day, stands, 1)
    texts = cells.select(["_i", "_s", "_t", "_p"]).take(pa.array(g["one"][ends]))
    return pa.concat_tables(
        [
            _picks(best[kept], n_best[kept], g["d"][kept]),
            _picks(first[firsts], 1, g["d"][firsts]),
            _picks(last[lasts], 1, g["d"][lasts]),
            _windows(best[ends], stands[ends], texts, g["end"][ends]),
        ]
    )


def _picks(positions: np.ndarray, n: np.ndarray | int, days: np.ndarray) -> pa.Table:
    """Picked facts (standing for `n` facts each), each on its day."""
    size = len(positions)
    return pa.table(
        {
            "_pos": pa.array(positions, pa.int64()),
            "_n": pa.array(np.broadcast_to(np.asarray(n, dtype=np.int64), (size,))),
            "_window": pa.array(np.zeros(size, dtype=bool)),
            **{c: pa.nulls(size, pa.string()) for c in ("_i", "_s", "_t", "_p")},
            "_lo": pa.array(days, pa.int64()),
            "_hi": pa.array(days, pa.int64()),
        },
        schema=SCHEMA,
    )


def _windows(best: np.ndarray, n: np.ndarray, series: pa.Table, end: np.ndarray) -> pa.Table:
    """Window rows: each stock series' last pick (standing for `n` facts), its series and the
    days of its window."""
    return pa.table(
        {
            "_pos": pa.array(best, pa.int64()),
            "_n": pa.array(n, pa.int64()),
            "_window": pa.array(np.ones(len(best), dtype=bool)),
            **{c: series.column(c).cast(pa.string()) for c in ("_i", "_s", "_t", "_p")},
            "_lo": pa.array(end - WINDOW_DAYS, pa.int64()),
            "_hi": pa.array(end, pa.int64()),
        },
        schema=SCHEMA,
    )


def _any_weak(
    weak_days: np.ndarray, question: np.ndarray, low: np.ndarray, high: np.ndarray, right: bool
) -> np.ndarray:
    """Per group: whether a weak fact of its question lies on a day after `low` and up to
    `high` (`right`), or from `low` and before `high`."""
    if right:
        lo = np.searchsorted(weak_days, _day_keys(question, low), side="right")
        hi = np.searchsorted(weak_days, _day_keys(question, high), side="right")
    else:
        lo = np.searchsorted(weak_days, _day_keys(question, low), side="left")
        hi = np.searchsorted(weak_days, _day_keys(question, high), side="left")
    return np.asarray(hi > lo)
