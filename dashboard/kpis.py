"""KPI cards: the latest fact per indicator and subtype within the filter, with its hedge, date,
sources, the change since the one before, and a warning when sources disagree."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.labels import SUBTYPE_LABELS, hedged, series_label

#: Which cards come first; anything else in the data follows.
ORDER = [
    ("population", None),
    ("displaced", None),
    ("displaced", "daily"),
    ("displaced", "registered"),
    ("displaced", "accommodated"),
    ("displaced", "children"),
    ("aid", "tonnage"),
    ("aid", "funding"),
    ("aid", "vehicles"),
    ("weapons_surrendered", "armoured_vehicles"),
    ("weapons_surrendered", "small_arms"),
    ("weapons_surrendered", "munitions"),
    ("weapons_surrendered", "other"),
    ("casualties", "killed"),
    ("casualties", "injured"),
    ("casualties", "missing"),
]


@dataclass(frozen=True)
class Kpi:
    """One card."""

    indicator: str
    subtype: str | None
    label: str
    value_text: str
    as_of: str
    place: str
    n_sources: int
    sources: str
    delta: str | None
    change_text: str
    note: str
    correction: str
    disputed_text: str
    fact_id: str


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _pick(same_day: pd.DataFrame) -> pd.Series:
    """Of several claims for one day, the one most sources make (then the first listed)."""
    return same_day.sort_values("n_sources", ascending=False, kind="stable").iloc[0]


def kpis(facts: pd.DataFrame, place_names: dict[str, str] | None = None) -> list[Kpi]:
    """The cards for the (already filtered) facts."""
    if facts.empty:
        return []
    place_names = place_names or {}
    df = facts.copy()
    df["subtype_key"] = df["subtype"].map(_none).fillna("").astype(str)
    df["as_of"] = df["as_of"].astype(str)
    keys = [
        (i, s or None)
        for i, s in dict.fromkeys(zip(df["indicator"], df["subtype_key"], strict=True))
    ]
    ordered = [k for k in ORDER if k in keys] + [k for k in keys if k not in ORDER]
    cards = []
    for indicator, subtype in ordered:
        rows = df[(df["indicator"] == indicator) & (df["subtype_key"] == (subtype or ""))]
        if indicator == "aid" and subtype == "funding":
            rows = rows[rows["unit"] == rows.sort_values("as_of").iloc[-1]["unit"]]
        last_day = rows["as_of"].max()
        fact = _pick(rows[rows["as_of"] == last_day])
        same_subject = (rows["place"].map(_none).fillna("") == (_none(fact["place"]) or "")) & (
            rows["note"].fillna("") == (fact["note"] or "")
        )
        earlier = rows[same_subject & (rows["as_of"] < last_day)]
        delta, change = None, "no earlier figure for the same place in this view"
        if len(earlier):
            prev_day = earlier["as_of"].max()
            prev = _pick(earlier[earlier["as_of"] == prev_day])
            prev_text = hedged(
                prev["value"], _none(prev["value_max"]), prev["qualifier"], prev["unit"]
            )
            change = f"previously {prev_text} on {prev_day}"
            comparable = _none(fact["value_max"]) is None and _none(prev["value_max"]) is None
            if comparable and prev["unit"] == fact["unit"] and indicator != "aid":
                diff = float(fact["value"]) - float(prev["value"])
                delta = f"{diff:+,.0f} since {prev_day}"
        disputed = ""
        if bool(fact["disputed"]):
            disputed = f"Sources disagree for {last_day}: also {fact['other_values']}"
        label = (
            series_label(indicator, subtype)
            if indicator != "aid"
            else f"Aid: {SUBTYPE_LABELS.get(subtype, subtype)}"
        )
        place = _none(fact["place"])
        cards.append(
            Kpi(
                indicator=indicator,
                subtype=subtype,
                label=label,
                value_text=hedged(
                    fact["value"], _none(fact["value_max"]), fact["qualifier"], fact["unit"]
                ),
                as_of=last_day,
                place=place_names.get(place, place or "place not stated"),
                n_sources=int(fact["n_sources"]),
                sources=str(fact["sources"]),
                delta=delta,
                change_text=change,
                note=str(fact["note"] or ""),
                correction=str(fact.get("correction", "") or "")
                if fact.get("corrected", False)
                else "",
                disputed_text=disputed,
                fact_id=str(fact["id"]),
            )
        )
    return cards
