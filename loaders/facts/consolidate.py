"""Consolidation: figures about the same thing become facts listing all their sources.

Figures are about the same thing when indicator, subtype, date, place, unit, note and what they
mean (modality, origin, destination, rate period, background) agree. Within
that, each distinct claim (value, upper bound, hedge) is one fact. When sources make different
claims, every claim stays a fact of its own, flagged `disputed`, with the others named: nothing is
averaged or dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.facts.kernels import codes, days, group_codes, group_codes_at
from loaders.model.amounts import hedged
from loaders.model.records import Fact
from loaders.read.columns import hex_ids
from loaders.read.gazetteer import normalize

SEP = " | "
#: What a figure means beyond its subject (SPEC section 1).
MEANING = ("modality", "origin", "destination", "per", "background")
SUBJECT = ("indicator", "subtype", "as_of", "place", "unit", "note", *MEANING)
#: What makes a series: a subject but for its day and place.
SERIES = ("indicator", "subtype", "unit", "note", *MEANING)
CLAIM = ("value", "value_max", "qualifier")
FACT_COLUMNS: tuple[str, ...] = tuple(Fact.model_fields)
#: How many disagreeing claims a fact lists by name; the rest are counted.
MAX_LISTED = 5
OTHERS_SEP = "; "


def _unique_join(values) -> str:
    seen: dict[str, None] = {}
    for v in values:
        if isinstance(v, str) and v:
            seen.setdefault(v, None)
    return SEP.join(seen)


def _first_text(values) -> str:
    for v in values:
        if isinstance(v, str) and v:
            return v
    return ""


def _object_frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A frame of these arrays as they are: text stays Python strings (pandas would convert it)."""
    return pd.DataFrame({k: pd.Series(v, dtype=v.dtype, copy=False) for k, v in columns.items()})


def _hex_ids(frame: pd.DataFrame) -> np.ndarray:
    hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hex_ids(hashes).to_numpy(zero_copy_only=False).astype(object)


def consolidate(figures: pd.DataFrame) -> pd.DataFrame:
    """The facts table: one row per claim, with every source that makes it.

    Work is done per group with numpy; only groups with several figures, and subjects with
    several claims, go through Python, so a million single-source rows consolidate in seconds."""
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})
    keys = _claim_keys(figures)
    codes = group_codes(keys, list(keys.columns))
    uniq, first, sizes = np.unique(codes, return_index=True, return_counts=True)
    facts = keys.iloc[first].reset_index(drop=True)
    for column, values in _sources_per_claim(figures, codes, first, sizes).items():
        facts[column] = pd.Series(values, dtype=values.dtype, index=facts.index)
    facts["value_max"] = facts["value_max"].astype(object).where(facts["value_max"] >= 0, None)
    subject_codes = group_codes(facts, list(SUBJECT))
    facts["disputed"] = np.bincount(subject_codes)[subject_codes] > 1
    facts["other_values"] = pd.Series(
        _other_claims(facts, subject_codes), dtype=object, index=facts.index
    )
    fact_days = facts["as_of"].to_numpy().astype("datetime64[D]")
    facts["id"] = pd.Series(_fact_ids(facts, fact_days), dtype=object, index=facts.index)
    return _finished(facts, fact_days)


def _text(figures: pd.DataFrame, column: str) -> np.ndarray:
    """A column's values as Python strings ('' where missing or where there is no column)."""
    if column not in figures.columns:
        return np.full(len(figures), "", dtype=object)
    values = figures[column].to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        values = np.array([str(v) for v in values], dtype=object)
    return values


def _claim_keys(figures: pd.DataFrame) -> pd.DataFrame:
    """What makes a claim, per figure: its subject (dates as day numbers, texts as strings) and
    its value, upper bound (-1 for none) and hedge."""
    return _object_frame(
        {
            "indicator": _text(figures, "indicator"),
            "subtype": _text(figures, "subtype"),
            "as_of": days(figures).view(np.int64),
            "place": _text(figures, "place"),
            "unit": _text(figures, "unit"),
            "note": _text(figures, "note"),
            **_meaning_keys(figures),
            "value": figures["value"].astype(float).to_numpy(),
            "value_max": pd.to_numeric(figures["value_max"], errors="coerce")
            .fillna(-1.0)
            .to_numpy(),
            "qualifier": _text(figures, "qualifier"),
        }
    )


def _sources_per_claim(
    figures: pd.DataFrame, codes: np.ndarray, first: np.ndarray, sizes: np.ndarray
) -> dict[str, np.ndarray]:
    """The source columns of each claim (group of `codes`): its first figure's, and for a claim
    several figures make, every source, URL and figure id joined and the outlets counted."""
    label = np.where(
        _text(figures, "source_outlet") != "",
        _text(figures, "source_outlet"),
        _text(figures, "source"),
    )
    source, url, fid = _text(figures, "source"), _text(figures, "source_url"), _text(figures, "id")
    quote, correction = _text(figures, "quote"), _text(figures, "correction")
    corrected = (
        figures["corrected"].fillna(False).astype(bool).to_numpy()
        if "corrected" in figures.columns
        else np.zeros(len(figures), dtype=bool)
    )
    out = {
        "sources": label[first].copy(),
        "source_ids": source[first].copy(),
        "urls": url[first].copy(),
        "figure_ids": fid[first].copy(),
        "quote": quote[first].copy(),
        "corrected": corrected[first].copy(),
        "correction": correction[first].copy(),
        "n_sources": np.ones(len(first), dtype=int),
    }
    multi = np.flatnonzero(sizes > 1)
    if not len(multi):
        return out
    order = np.argsort(codes, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    outlet: dict[str, str] = {}  # each label normalised once: outlets repeat across claims
    for g in multi:
        members = order[starts[g] : starts[g] + sizes[g]]
        out["sources"][g] = _unique_join(label[members])
        out["source_ids"][g] = _unique_join(source[members])
        out["urls"][g] = _unique_join(url[members])
        out["figure_ids"][g] = _unique_join(fid[members])
        out["quote"][g] = _first_text(quote[members])
        out["corrected"][g] = bool(corrected[members].any())
        out["correction"][g] = _unique_join(correction[members])
        out["n_sources"][g] = len(
            {outlet.get(v) or outlet.setdefault(v, normalize(v)) for v in label[members] if v}
        )
    return out


def _other_claims(facts: pd.DataFrame, subject_codes: np.ndarray) -> np.ndarray:
    """For each disputed fact, the other claims about its subject as text ('' for the rest)."""
    other = np.full(len(facts), "", dtype=object)
    disputed = facts["disputed"].to_numpy()
    if not disputed.any():
        return other
    value = facts["value"].to_numpy()
    value_max = facts["value_max"].to_numpy(dtype=object)
    qualifier = facts["qualifier"].to_numpy(dtype=object)
    sources = facts["sources"].to_numpy(dtype=object)
    members_of = np.flatnonzero(disputed)
    members_of = members_of[np.argsort(subject_codes[members_of], kind="stable")]
    cuts = np.flatnonzero(np.diff(subject_codes[members_of])) + 1
    for members in np.split(members_of, cuts):
        # Only the first few claims of a subject are named, so only they need a text each;
        # every later claim of the subject names the same ones.
        head = members[: MAX_LISTED + 1].tolist()
        texts = {
            i: f"{hedged(value[i], value_max[i], qualifier[i], short=False)} ({sources[i]})"
            for i in head
        }
        for i in [*head, None] if len(members) > len(head) else head:
            listed = [t for j, t in texts.items() if j != i][:MAX_LISTED]
            more = len(members) - 1 - len(listed)
            others = OTHERS_SEP.join(listed + ([f"and {more} more"] if more > 0 else []))
            if i is None:
                other[members[len(head) :]] = others
            else:
                other[i] = others
    return other


def _fact_ids(facts: pd.DataFrame, fact_days: np.ndarray) -> np.ndarray:
    """Each fact's id: a hash of its subject and claim (and of its meaning, when it says more
    than a reported count)."""
    plain = [c for c in SUBJECT if c not in MEANING]
    identity = facts[plain + list(CLAIM)].assign(
        as_of=np.datetime_as_string(fact_days, unit="D").astype(object)
    )
    ids = _hex_ids(identity)
    # What a figure means enters its fact's id only when it says more than a reported count,
    # so the facts of plain counts keep the ids they had before these fields existed.
    said = _says_more(facts)
    if said.any():
        ids[said] = _hex_ids(identity[said].join(facts.loc[said, list(MEANING)]))
    return ids


def _finished(facts: pd.DataFrame, fact_days: np.ndarray) -> pd.DataFrame:
    """The facts as the table holds them (missing texts as None, dates as dates), by indicator,
    date and subtype (no subtype first), ties in order of first appearance."""
    for column in ("subtype", "place", "origin", "destination", "per"):
        facts[column] = facts[column].replace("", None)
    facts["background"] = facts["background"] == "true"
    facts["as_of"] = pd.Series(fact_days.astype(object), dtype=object, index=facts.index)
    order = np.lexsort(
        (
            pd.factorize(facts["subtype"], sort=True)[0],
            fact_days,
            pd.factorize(facts["indicator"], sort=True)[0],
        )
    )
    return facts[list(FACT_COLUMNS)].iloc[order]


def _meaning_keys(figures: pd.DataFrame) -> dict[str, np.ndarray]:
    """The meaning columns as texts to group on: a missing modality is `reported`, background
    is 'true' or 'false'."""
    modality = _text(figures, "modality")
    background = _truths(figures, "background")
    return {
        "modality": np.where(modality == "", "reported", modality).astype(object),
        "origin": _text(figures, "origin"),
        "destination": _text(figures, "destination"),
        "per": _text(figures, "per"),
        "background": np.where(background, "true", "false").astype(object),
    }


def _truths(figures: pd.DataFrame, column: str) -> np.ndarray:
    """Whether each value of a column reads as true (True, or a text 'true' in any case)."""
    if column not in figures.columns:
        return np.zeros(len(figures), dtype=bool)
    values = figures[column]
    if values.dtype == bool:
        return values.to_numpy()
    texts = pd.Series(_text(figures, column), dtype=object)
    return (texts.str.lower() == "true").to_numpy(dtype=bool)


def _says_more(facts: pd.DataFrame) -> np.ndarray:
    """Rows whose meaning is more than a reported count (projected, moved, a rate, background)."""
    return (
        (facts["modality"] != "reported")
        | (facts["origin"] != "")
        | (facts["destination"] != "")
        | (facts["per"] != "")
        | (facts["background"] != "false")
    ).to_numpy()


def fewer_others(text: str, keep: int) -> str:
    """An `other_values` text naming at most `keep` claims, the rest counted ('and 7 more')."""
    parts = text.split(OTHERS_SEP) if text else []
    more = 0
    if parts and parts[-1].startswith("and ") and parts[-1].endswith(" more"):
        counted = parts[-1][4:-5].replace(",", "")
        if counted.isdigit():
            more, parts = int(counted), parts[:-1]
    if len(parts) <= keep:
        return text
    more += len(parts) - keep
    return OTHERS_SEP.join([*parts[:keep], f"and {more:,} more"])


def _latest_groups(facts: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """The series of each row for `latest_by_place`: its place and SERIES, where a count that
    names no origin is of the series of the one origin the counts of its place and kind name
    when they name one ('2.3 million refugees in Poland' and, later, 3.09 million who left
    Ukraine for Poland are one series: the older is no latest figure of its own); with two
    origins or none it stays apart."""
    others = [c for c in SERIES if c in facts.columns and c != "origin"]
    key = group_codes_at(facts, ["place", *others], rows)
    if "origin" not in facts.columns or not len(rows):
        return key
    origin = codes(facts, "origin")[rows].astype(np.int64)
    known = origin >= 0
    if known.any() and not known.all():
        lowest = np.full(int(key.max()) + 1, np.iinfo(np.int64).max)
        highest = np.full(int(key.max()) + 1, -1)
        np.minimum.at(lowest, key[known], origin[known])
        np.maximum.at(highest, key[known], origin[known])
        single = (highest >= 0) & (lowest == highest)
        origin = np.where(~known & single[key], highest[key], origin)
    return pd.factorize(key * (int(origin.max()) + 2) + origin + 1)[0]


def latest_by_place(facts: pd.DataFrame, placeless: bool = False) -> pd.DataFrame:
    """For each place and series (SERIES: indicator, subtype, unit, note, meaning), its latest
    fact; of claims on the same day, the one most sources make, then the highest (as the
    overview's estimates pick a day's claim), then the later row. Rows come
    out by date (then sources, then table order). The one rule for the map, the Data page and
    the exports: chosen in one pass over integer codes, dates and counts (only the chosen rows
    are sorted), so a million facts take a few hundredths of a second. With `placeless`, the
    series that name no place count too (the whole situation's, from articles that name none:
    the overview's table lists them)."""
    if facts.empty:
        return facts
    rows = np.arange(len(facts)) if placeless else np.flatnonzero(facts["place"].notna().to_numpy())
    if not len(rows):
        return facts.iloc[:0]
    group = _latest_groups(facts, rows)
    day = days(facts)[rows].astype(np.int64)
    n = pd.to_numeric(facts["n_sources"]).to_numpy()[rows].astype(np.int64)
    score = (day - day.min()) * (int(n.max()) + 1) + n
    best = np.full(int(group.max()) + 1, -1, dtype=np.int64)
    np.maximum.at(best, group, score)
    top = np.flatnonzero(score == best[group])
    values = facts["value"] if "value" in facts else pd.Series(0.0, index=facts.index)
    value = pd.to_numeric(values).to_numpy(dtype=float)[rows]
    # Of those, the highest value (the estimates' pick of a day), then the later row.
    order = top[np.lexsort((top, value[top], group[top]))]
    last = np.r_[group[order][1:] != group[order][:-1], True]
    chosen = np.full(len(best), -1, dtype=np.int64)
    chosen[group[order[last]]] = order[last]
    chosen = chosen[chosen >= 0]
    chosen = chosen[np.lexsort((chosen, n[chosen], day[chosen]))]
    return facts.iloc[rows[chosen]]
