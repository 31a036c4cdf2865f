"""What the map says about each place: its latest facts, its headline, its hover text.

Read from the facts table in one pass over integer codes, so a million facts cost little.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.labels import safe, series_label
from loaders.facts.estimates import headline_mask, in_situation
from loaders.model.amounts import hedged
from loaders.model.vocabulary import VOCABULARY


@dataclass(frozen=True)
class PlaceHeadline:
    """A place's headline: its latest figure of the first subject in the vocabulary's order."""

    place: str
    indicator: str
    subtype: str | None
    value: float
    unit: str
    text: str
    short: str = ""
    note: str = ""


#: A question of the vocabulary: (indicator, subtype).
Question = tuple[str, str | None]


def headlines(
    latest: pd.DataFrame, places: pd.DataFrame | None = None, lead: Question | None = None
) -> dict[str, PlaceHeadline]:
    """Per place, from its latest facts (`latest_by_place`) that may headline: the decision of
    the overview's estimates (`headline_mask`), so a projection, a rate or a figure about another
    event never labels a place, nor (with `places` and the situation's countries declared) a
    toll placed outside them. Each place answers `lead` (the question of the situation's
    headline, `landing.standing`) when it has a figure of it, so neighbours read alike
    ('39 killed' beside '59 killed', not '> 2,000 fled'); else its first question in the
    vocabulary's order."""
    if latest.empty:
        return {}
    latest = latest[headline_mask(latest, places)]
    if latest.empty:
        return {}
    df = latest.assign(
        _order=[
            -1 if lead == (i, sub) else VOCABULARY.order(i, sub)
            for i, s in zip(latest["indicator"], latest["subtype"], strict=True)
            for sub in [s if isinstance(s, str) else None]
        ],
        _day=pd.to_datetime(latest["as_of"]),
    ).sort_values(["place", "_order", "_day", "n_sources"], ascending=[True, True, False, False])
    out = {}
    firsts = df.drop_duplicates("place")
    one_year = firsts["_day"].dt.year.nunique() == 1
    for fact in firsts.itertuples(index=False):
        subtype = fact.subtype if isinstance(fact.subtype, str) else None
        entry = VOCABULARY.entry(fact.indicator, subtype)
        what = entry.label if entry and entry.label != "total" else ""
        what = what or VOCABULARY.indicator_label(fact.indicator).lower()
        value_max = None if pd.isna(fact.value_max) else float(fact.value_max)
        amount = hedged(fact.value, value_max, fact.qualifier, fact.unit)
        day = pd.Timestamp(fact.as_of)
        out[fact.place] = PlaceHeadline(
            place=fact.place,
            indicator=fact.indicator,
            subtype=subtype,
            value=float(fact.value),
            unit=str(fact.unit),
            text=safe(f"{amount} {what}, {day.day} {day:%b}{'' if one_year else f' {day:%Y}'}"),
            short=safe(f"{amount} {what}"),
            note=safe(textwrap.shorten(fact.note, 30, placeholder="…")) if fact.note else "",
        )
    return out


def place_hovers(
    pts: pd.DataFrame, latest: pd.DataFrame, places: pd.DataFrame | None = None
) -> list[str]:
    """Per place: its name and kind, then each of its latest facts with date and sources; a fact
    that may not headline says why ('projected', 'another situation's': the decision of the
    labels, with every place of `places`)."""
    facts: dict[str, list[str]] = {}
    columns = ["place", "indicator", "subtype", "value", "value_max", "qualifier", "unit"]
    columns += ["as_of", "note", "sources"]
    counts = headline_mask(latest) if len(latest) else np.zeros(0, dtype=bool)
    ours = (
        in_situation(latest, places)
        if places is not None and len(latest)
        else np.ones(len(latest), dtype=bool)
    )
    meaning = [
        _meaning_label(row) or ("" if here else "another situation's")
        for row, here in zip(_meaning_rows(latest), ours, strict=True)
    ]
    counts = counts & ours
    for k, fact in enumerate(latest[columns].astype(object).itertuples(index=False)):
        subtype = fact.subtype if isinstance(fact.subtype, str) else None
        value_max = None if pd.isna(fact.value_max) else float(fact.value_max)
        note = fact.note if isinstance(fact.note, str) else ""
        scope = f" [{safe(textwrap.shorten(note, 40, placeholder='…'))}]" if note else ""
        if not counts[k]:
            scope += f" ({meaning[k] or 'not a count'})"
        facts.setdefault(fact.place, []).append(
            f"{series_label(fact.indicator, subtype)}{scope}: "
            f"{hedged(fact.value, value_max, fact.qualifier, fact.unit)} ({fact.as_of}; "
            f"{safe(textwrap.shorten(str(fact.sources), 50, placeholder='…'))})"
        )
    return [
        "<br>".join([f"<b>{label}</b> ({kind})", *facts.get(place, ["no figures in this view"])])
        for place, label, kind in zip(pts["id"], pts["label"], pts["kind"], strict=True)
    ]


def _meaning_rows(latest: pd.DataFrame) -> list[dict]:
    """Each fact's meaning columns (defaults where a table has none)."""
    defaults = {"modality": "reported", "per": None, "background": False}
    present = [c for c in defaults if c in latest.columns]
    rows = latest[present].astype(object).to_dict("records") if present else []
    return [{**defaults, **r} for r in rows] or [dict(defaults) for _ in range(len(latest))]


def _meaning_label(row: dict) -> str:
    """What a fact that is not a reported count is: 'projected', 'per day', 'background'."""
    said = []
    if row.get("modality") == "projected":
        said.append("projected")
    if isinstance(row.get("per"), str) and row["per"]:
        said.append(f"per {row['per']}")
    if row.get("background") is True:
        said.append("another event or period")
    return ", ".join(said)
