"""The additive aid questions' donor lines (`estimates.DonorLine`) from the rule cells in view
(`rule_days`), as `estimates._by_donor` and `_deliveries` work them out from every fact, on
arrays: a new period costs a sort of its donor-days, not a query of windows over them.

Per question and unit: the single-source extracted reports far from the strong ones around them
(the last of the nearest day before, the first of the nearest day after) left out; of the rest,
each donor's best report of each day (most independent sources, then highest, then last); those
sorted by note, value, day and position, a report of the same note and value within WINDOW_DAYS
of the one before it being the same delivery again; each delivery's first report under its
donor's line. One `Line` per line, in the order of the questions (indicator, subtype, unit) and
of each line's first report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.facts.estimates import MAX_PART_SOURCES, OUTLIER_RATIO, WINDOW_DAYS

#: The cells' columns the lines are made of.
COLUMNS = (
    "_i",
    "_s",
    "_u",
    "_t",
    "_d",
    "_donor",
    "_weak",
    "_cnt",
    "_best",
    "_first",
    "_first_v",
    "_last",
    "_last_v",
    "_keys",
    "_vmax",
    "_q",
    "_ids",
)


@dataclass(frozen=True)
class Line:
    """One donor's line of one question and unit, with the question's counts."""

    indicator: str
    subtype: str
    unit: str
    reports: int  # the question's reports counted (far single-source ones left out)
    agree: int  # independent sources of each donor's best report of each day
    name: str
    values: tuple[float, ...]
    uppers: tuple[float, ...]
    ranged: bool
    qualifiers: tuple[str, ...]
    day: int  # of its last delivery (days since 1970-01-01)
    note: str  # of that delivery
    cited: tuple[str, ...]  # the figure ids cells of its first MAX_PART_SOURCES reports
    cited_at: tuple[int, ...]  # their facts' positions


def _coded(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """A text column as (codes, values): its distinct texts sorted ('' for a missing one), and
    each row's code into them (so codes order as the texts do, as SQL orders them)."""
    found = pc.dictionary_encode(column.fill_null("").combine_chunks())
    values = np.asarray(found.dictionary.to_pylist(), dtype=object)
    order = np.argsort(values, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[found.indices.to_numpy(zero_copy_only=False)], values[order]


def _numbers(cells: pa.Table, name: str, kind: type = float) -> np.ndarray:
    return np.asarray(cells.column(name).to_numpy(zero_copy_only=False), dtype=kind)


#: The cells' text columns, each read as codes into its sorted values.
TEXTS = ("_i", "_s", "_u", "_t", "_donor", "_q")


Arrays = tuple[dict[str, np.ndarray], dict[str, np.ndarray]]


def arrays(cells: pa.Table) -> Arrays:
    """The cells' columns as arrays (texts as codes: TEXTS), with `q` numbering each question
    and unit in their texts' order and `_best`'s fields as `n`, `v`, `p`; and each text
    column's values. Codes keep the texts' order, so the arrays taken at some rows (`at`)
    are, to `lines_of`, those of the cells at those rows."""
    coded = {c: _coded(cells.column(c)) for c in TEXTS}
    best = cells.column("_best").combine_chunks()
    vmax = cells.column("_vmax").cast(pa.float64()).fill_null(np.nan)
    q = coded["_i"][0]
    for name in ("_s", "_u"):
        q = q * len(coded[name][1]) + coded[name][0]
    found = {c: codes for c, (codes, _) in coded.items()} | {
        "q": pd.factorize(q, sort=True)[0],
        "d": _numbers(cells, "_d", np.int64),
        "weak": cells.column("_weak").fill_null(False).to_numpy(zero_copy_only=False),
        "cnt": _numbers(cells, "_cnt", np.int64),
        "n": np.asarray(best.field("n").to_numpy(zero_copy_only=False), dtype=np.int64),
        "v": np.asarray(best.field("v").to_numpy(zero_copy_only=False), dtype=float),
        "p": np.asarray(best.field("p").to_numpy(zero_copy_only=False), dtype=np.int64),
        "first": _numbers(cells, "_first", np.int64),
        "first_v": _numbers(cells, "_first_v"),
        "last": _numbers(cells, "_last", np.int64),
        "last_v": _numbers(cells, "_last_v"),
        "vmax": np.asarray(vmax.to_numpy(zero_copy_only=False), dtype=float),
        "row": np.arange(cells.num_rows),
    }
    return found, {c: values for c, (_, values) in coded.items()}


def _day_keys(q: np.ndarray, d: np.ndarray) -> np.ndarray:
    """One integer per question and day, in their order."""
    return q.astype(np.int64) * (1 << 32) + (d + (1 << 31))


def _far(a: dict[str, np.ndarray]) -> np.ndarray:
    """Per cell: whether it is a single-source extracted report far from the strong reports
    around it (OUTLIER_RATIO): the last value of the nearest strong day on or before its day,
    the first value of the nearest on or after it (of its question and unit)."""
    far = np.zeros(len(a["d"]), dtype=bool)
    weak, strong = np.flatnonzero(a["weak"]), np.flatnonzero(~a["weak"])
    if not len(weak) or not len(strong):
        return far
    key = _day_keys(a["q"], a["d"])
    by_first = strong[np.lexsort((a["first"][strong], key[strong]))]
    starts = np.flatnonzero(np.r_[True, key[by_first][1:] != key[by_first][:-1]])
    days, first_v = key[by_first][starts], a["first_v"][by_first][starts]
    by_last = strong[np.lexsort((a["last"][strong], key[strong]))]
    ends = np.flatnonzero(np.r_[key[by_last][1:] != key[by_last][:-1], True])
    last_v = a["last_v"][by_last][ends]
    mine, top = key[weak], len(days) - 1
    before = np.searchsorted(days, mine, side="right") - 1
    after = np.searchsorted(days, mine, side="left")
    b, n = np.clip(before, 0, top), np.clip(after, 0, top)
    has_before = (before >= 0) & (days[b] >> 32 == a["q"][weak]) & (last_v[b] > 0)
    has_after = (after <= top) & (days[n] >> 32 == a["q"][weak]) & (first_v[n] > 0)
    high = np.maximum(
        np.where(has_before, last_v[b], -np.inf), np.where(has_after, first_v[n], -np.inf)
    )
    low = np.minimum(
        np.where(has_before, last_v[b], np.inf), np.where(has_after, first_v[n], np.inf)
    )
    v = a["v"][weak]
    far[weak] = (has_before | has_after) & ((v > OUTLIER_RATIO * high) | (v * OUTLIER_RATIO < low))
    return far


def _picked(a: dict[str, np.ndarray], kept: np.ndarray) -> np.ndarray:
    """Of the cells `kept`, each donor's best of each day (most independent sources, then
    highest, then last: `_best`), in the order of their question, note, value, day and
    position (the order a delivery is chained in)."""
    donor = a["_donor"][kept]
    key = _day_keys(a["q"][kept], a["d"][kept])
    order = np.lexsort((a["p"][kept], a["v"][kept], a["n"][kept], key, donor))
    group = (donor[order], key[order])
    last = np.r_[(group[0][1:] != group[0][:-1]) | (group[1][1:] != group[1][:-1]), True]
    best = kept[order[last]]
    return best[np.lexsort(tuple(a[k][best] for k in ("p", "d", "v", "_t", "q")))]


def at(found: Arrays, rows: np.ndarray | slice) -> Arrays:
    """The `arrays` of some cells taken at `rows` (sorted positions, or a slice: views of the
    arrays), as those of the cells at `rows`."""
    picked = {k: v[rows] for k, v in found[0].items() if k != "row"}
    return picked | {"row": np.arange(len(picked["d"]))}, found[1]


def lines_of(cells: pa.Table, found: Arrays | None = None) -> list[Line]:
    """The donor lines of the cells in view of the additive questions (COLUMNS of the cells
    whose `_mode` is 'sum' and that are `_summable`; `found`: their `arrays`, when made
    already), in order."""
    if not cells.num_rows:
        return []
    a, texts = arrays(cells) if found is None else found
    kept = np.flatnonzero(~_far(a))
    t = _picked(a, kept)
    q, who, v, d = a["q"][t], a["_t"][t], a["v"][t], a["d"][t]
    same = np.r_[False, (q[1:] == q[:-1]) & (who[1:] == who[:-1])]
    again = same & np.r_[False, (v[1:] == v[:-1]) & (d[1:] - d[:-1] <= WINDOW_DAYS)]
    new = ~again
    line = a["_donor"][t][new][np.cumsum(new) - 1]
    reports = np.bincount(a["q"][kept], weights=a["cnt"][kept]).astype(np.int64)
    agree = _agreeing(cells.column("_keys").take(pa.array(t)), q)
    picked = {k: v[t] for k, v in a.items()}
    # Each question's lines in the order of their first report (`t` is in question order).
    code = pd.factorize(q * (int(line.max()) + 1) + line)[0]
    order = np.argsort(code, kind="stable")
    starts = np.flatnonzero(np.r_[True, code[order][1:] != code[order][:-1]])
    lines = np.split(order, starts[1:])
    cited = np.concatenate([rows[:MAX_PART_SOURCES] for rows in lines]) if lines else order
    ids = dict(
        zip(
            cited.tolist(),
            cells.column("_ids").take(pa.array(picked["row"][cited])).to_pylist(),
            strict=True,
        )
    )
    return [
        _line(picked, texts, ids, rows, new, int(reports[q[rows[0]]]), agree.get(q[rows[0]], 0))
        for rows in lines
    ]


def _agreeing(keys: pa.ChunkedArray, q: np.ndarray) -> dict[int, int]:
    """Per question: how many distinct independent sources the rows' `keys` lists name."""
    keys = keys.combine_chunks()
    per_row = pc.list_value_length(keys).fill_null(0).to_numpy(zero_copy_only=False)
    flat = pc.dictionary_encode(pc.list_flatten(keys)).indices.to_numpy(zero_copy_only=False)
    pairs = np.unique(
        np.repeat(q, per_row).astype(np.int64) * (int(flat.max(initial=0)) + 1) + flat
    )
    found, counts = np.unique(pairs // (int(flat.max(initial=0)) + 1), return_counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))


def _line(
    t: dict[str, np.ndarray],
    texts: dict[str, np.ndarray],
    ids: dict[int, str],
    rows: np.ndarray,
    new: np.ndarray,
    reports: int,
    agree: int,
) -> Line:
    """One donor's line: the rows `rows` (in order) of the picked cells `t` it holds (`ids`:
    the figure ids cell of each of the first MAX_PART_SOURCES rows of every line)."""
    fresh = rows[new[rows]]
    vmax, value = t["vmax"][fresh], t["v"][fresh]
    last = fresh[np.lexsort((fresh, -t["d"][fresh]))[0]]
    cited = rows[:MAX_PART_SOURCES]
    first = rows[0]
    return Line(
        indicator=str(texts["_i"][t["_i"][first]]),
        subtype=str(texts["_s"][t["_s"][first]]),
        unit=str(texts["_u"][t["_u"][first]]),
        reports=reports,
        agree=agree,
        name=str(texts["_donor"][t["_donor"][first]]),
        values=tuple(value.tolist()),
        uppers=tuple(np.where(np.isnan(vmax), value, vmax).tolist()),
        ranged=bool((~np.isnan(vmax)).any()),
        qualifiers=tuple(str(texts["_q"][x]) for x in dict.fromkeys(t["_q"][fresh].tolist())),
        day=int(t["d"][last]),
        note=str(texts["_t"][t["_t"][last]]),
        cited=tuple(ids[k] for k in cited.tolist()),
        cited_at=tuple(t["p"][cited].tolist()),
    )
