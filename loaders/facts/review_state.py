"""Review state: for every figure and fact, whether a person has checked it, and who and when.

A figure is `rejected` (in corrections.csv, left out of every table), `corrected` (a field
replaced), `accepted` (a maintainer accepted it, or it is a row of a curated table, which a person
wrote), or `unreviewed` (read by the extractor, nobody has looked). A fact takes the most
reviewed state of its figures: one checked source is enough to call the claim checked."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.model.records import REVIEW_FIELDS, Decision
from loaders.read.folder import CORRECTIONS_FILE

#: Columns added to the figures (and rejected) tables.
REVIEW_COLUMNS = REVIEW_FIELDS
#: Who reviewed a curated row, and a change written into corrections.csv by hand.
CURATED = "curated table"
BY_HAND = CORRECTIONS_FILE
#: Order of a fact's states: the most reviewed of its figures wins.
_RANK = {"unreviewed": 0, "accepted": 1, "corrected": 2}
_BY_RANK = np.array(list(_RANK), dtype=object)
_SEPARATOR = " | "


def _last(decisions: list[Decision], actions: tuple[str, ...]) -> dict[str, Decision]:
    """The last decision per figure among `actions`."""
    return {d.figure_id: d for d in decisions if d.action in actions}


def _stamp(decision: Decision | None) -> tuple[str, str]:
    if decision is None:
        return BY_HAND, ""
    return decision.who, decision.when.strftime("%Y-%m-%d %H:%M UTC")


def with_review(figures: pd.DataFrame, decisions: list[Decision]) -> pd.DataFrame:
    """`figures` with its review state, reviewer and time (REVIEW_COLUMNS)."""
    out = figures.copy()
    n = len(out)
    state = np.full(n, "unreviewed", dtype=object)
    who = np.full(n, "", dtype=object)
    when = np.full(n, "", dtype=object)
    if n:
        accepted = _last(decisions, ("accept",))
        corrected = _last(decisions, ("correct",))
        ids = out["id"].to_numpy(dtype=object)
        curated = (out["method"].astype(str) == "curated").to_numpy()
        state[curated] = "accepted"
        who[curated] = CURATED
        marked = (
            out["corrected"].fillna(False).astype(bool).to_numpy()
            if "corrected" in out
            else np.zeros(n, dtype=bool)
        )
        for i in np.flatnonzero(marked):
            state[i] = "corrected"
            who[i], when[i] = _stamp(corrected.get(ids[i]))
        # Only the figures a decision names are looked at, found in one pass over the ids.
        named = np.flatnonzero(~marked & pd.Index(ids).isin(list(accepted)))
        for i in named:
            state[i] = "accepted"
            who[i], when[i] = _stamp(accepted[ids[i]])
    for column, values in zip(REVIEW_COLUMNS, (state, who, when), strict=True):
        out[column] = pd.Series(values, index=out.index, dtype=object)
    return out


def rejected_review(rejected: pd.DataFrame, decisions: list[Decision]) -> pd.DataFrame:
    """The rejected figures with state `rejected` and who rejected them, when."""
    out = rejected.copy()
    last = _last(decisions, ("reject",))
    stamps = [_stamp(last.get(fid)) for fid in out.get("id", pd.Series(dtype=object))]
    values = (["rejected"] * len(out), [s[0] for s in stamps], [s[1] for s in stamps])
    for column, column_values in zip(REVIEW_COLUMNS, values, strict=True):
        out[column] = pd.Series(column_values, index=out.index, dtype=object)
    return out


def fact_review(facts: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """Each fact's review state: the most reviewed state of the figures behind it."""
    if facts.empty:
        return pd.Series([], dtype=object)
    states = figures["review"].to_numpy(dtype=object)
    rank = pd.Series(
        pd.Series(states, dtype=object).map(_RANK).fillna(0).astype(int).to_numpy(),
        index=pd.Index(figures["id"].to_numpy(dtype=object), dtype=object),
    )
    rank = rank[~rank.index.duplicated()]
    ids = facts["figure_ids"].astype(object).fillna("").to_numpy(dtype=object)
    single = np.array([_SEPARATOR not in i for i in ids], dtype=bool)
    out = np.zeros(len(ids), dtype=int)
    out[single] = rank.reindex(pd.Index(ids[single], dtype=object)).fillna(0).astype(int).to_numpy()
    several = np.flatnonzero(~single)
    if len(several):
        split = [str(ids[i]).split(_SEPARATOR) for i in several]
        owner = np.repeat(several, [len(one) for one in split])
        each = pd.Index([one for ids_of in split for one in ids_of], dtype=object)
        np.maximum.at(out, owner, rank.reindex(each).fillna(0).astype(int).to_numpy())
    return pd.Series(_BY_RANK[out], index=facts.index, dtype=object)


def reviewed(states: pd.Series | np.ndarray) -> np.ndarray:
    """Whether each state means a person checked the figure or fact."""
    return np.isin(np.asarray(states, dtype=object), ["accepted", "corrected"])
