"""Consolidation: figures about the same thing become facts listing all their sources.

Figures are about the same thing when indicator, subtype, date, place, unit and note agree. Within
that, each distinct claim (value, upper bound, hedge) is one fact. When sources make different
claims, every claim stays a fact of its own, flagged `disputed`, with the others named: nothing is
averaged or dropped.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from loaders.models import Fact

SEP = " | "
SUBJECT = ("indicator", "subtype", "as_of", "place", "unit", "note")
CLAIM = ("value", "value_max", "qualifier")
FACT_COLUMNS: tuple[str, ...] = tuple(Fact.model_fields)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def claim_text(value: float, value_max: float | None, qualifier: str) -> str:
    """A claim as a reader would say it: '> 800', 'up to 120,000', '50-1,000'."""
    if value_max is not None and not pd.isna(value_max):
        return f"{_fmt(value)}-{_fmt(value_max)}"
    prefix = {
        "exact": "",
        "more_than": "> ",
        "at_least": "≥ ",
        "up_to": "up to ",
        "about": "~",
        "almost": "almost ",
    }.get(qualifier, "")
    return prefix + _fmt(value)


def _unique_join(values: pd.Series) -> str:
    seen: dict[str, None] = {}
    for v in values:
        if isinstance(v, str) and v:
            seen.setdefault(v, None)
    return SEP.join(seen)


def _first_text(values: pd.Series) -> str:
    for v in values:
        if isinstance(v, str) and v:
            return v
    return ""


def consolidate(figures: pd.DataFrame) -> pd.DataFrame:
    """The facts table: one row per claim, with every source that makes it."""
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})
    df = figures.copy()
    df["label"] = df["source_outlet"].where(df["source_outlet"].astype(bool), df["source"])
    keys = pd.DataFrame(
        {
            "indicator": df["indicator"].astype(str),
            "subtype": df["subtype"].fillna("").astype(str),
            "as_of": df["as_of"].astype(str),
            "place": df["place"].fillna("").astype(str),
            "unit": df["unit"].astype(str),
            "note": df["note"].fillna("").astype(str),
            "value": df["value"].astype(float),
            "value_max": pd.to_numeric(df["value_max"], errors="coerce").fillna(-1.0),
            "qualifier": df["qualifier"].astype(str),
        }
    )
    for column, default in (("corrected", False), ("correction", "")):
        if column not in df.columns:
            df[column] = default
    df = pd.concat(
        [keys, df[["id", "source", "label", "source_url", "quote", "corrected", "correction"]]],
        axis=1,
    )
    grouped = df.groupby(list(SUBJECT) + list(CLAIM), sort=True, dropna=False)
    facts = grouped.agg(
        sources=("label", _unique_join),
        source_ids=("source", _unique_join),
        urls=("source_url", _unique_join),
        figure_ids=("id", _unique_join),
        quote=("quote", _first_text),
        corrected=("corrected", "any"),
        correction=("correction", _unique_join),
        n_sources=("label", "nunique"),
    ).reset_index()
    facts["value_max"] = facts["value_max"].where(facts["value_max"] >= 0, None)
    facts["claim"] = [
        claim_text(v, m, q)
        for v, m, q in zip(facts["value"], facts["value_max"], facts["qualifier"], strict=True)
    ]
    per_subject = facts.groupby(list(SUBJECT), dropna=False)["claim"].transform("count")
    facts["disputed"] = per_subject > 1
    facts["other_values"] = ""
    if facts["disputed"].any():
        disputed = facts[facts["disputed"]]
        summary = disputed.groupby(list(SUBJECT), dropna=False).apply(
            lambda g: list(zip(g.index, g["claim"] + " (" + g["sources"] + ")", strict=True)),
            include_groups=False,
        )
        for entries in summary:
            for idx, _ in entries:
                facts.at[idx, "other_values"] = "; ".join(t for i, t in entries if i != idx)
    facts["id"] = [
        hashlib.sha1("|".join(map(str, row)).encode("utf-8")).hexdigest()[:12]
        for row in facts[list(SUBJECT) + list(CLAIM)].itertuples(index=False)
    ]
    for column in ("subtype", "place"):
        facts[column] = facts[column].replace("", None)
    facts["n_sources"] = facts["n_sources"].astype(int)
    return facts[list(FACT_COLUMNS)].sort_values(
        ["indicator", "as_of", "subtype"], na_position="first"
    )
