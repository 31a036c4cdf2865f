"""The Review page's builders (pure): the queue of extracted figures by article, newest first;
each figure's sentence with its number highlighted, as safe Markdown; what the extractor read."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.labels import INDICATOR_LABELS, QUALIFIER_LABELS, SUBTYPE_LABELS
from dashboard.text import Segment, paragraph_markdown
from loaders.model.amounts import hedged

#: Figures shown per page of the queue (each has its own buttons and forms).
QUEUE_PAGE = 15
#: What the extractor read, in the order shown (columns the truthful rules add shown if present).
READING = (
    ("indicator", "indicator"),
    ("subtype", "subtype"),
    ("value", "value"),
    ("qualifier", "hedge"),
    ("as_of", "as of"),
    ("place", "place"),
    ("note", "note"),
    ("modality", "reported or projected"),
    ("destination", "destination"),
)


@dataclass(frozen=True)
class QueueFilters:
    """What the maintainer asked to see: one article or all, some indicators or all, states."""

    article: str = ""
    indicators: tuple[str, ...] = ()
    states: tuple[str, ...] = ("unreviewed",)


def queue(
    figures: pd.DataFrame, rejected: pd.DataFrame, sources: pd.DataFrame, wanted: QueueFilters
) -> pd.DataFrame:
    """Extracted figures (rejected ones too) within `wanted`, by article newest first, then in
    reading order; with the article's date and title as `article_date`, `article_title`."""
    frames = [f for f in (figures, rejected) if len(f) and "review" in f]
    if not frames:
        return pd.DataFrame(columns=["id", "source", "review", "article_date", "article_title"])
    rows = pd.concat(
        [f.drop(columns=[c for c in f.columns if c.startswith("_")]) for f in frames],
        ignore_index=True,
    )
    rows = rows[rows["method"].astype(str) == "extracted"]
    if wanted.article:
        rows = rows[rows["source"].astype(str) == wanted.article]
    if wanted.indicators:
        rows = rows[rows["indicator"].astype(str).isin(wanted.indicators)]
    if wanted.states:
        rows = rows[rows["review"].isin(wanted.states)]
    meta = sources.set_index("id")
    dates = rows["source"].astype(str).map(meta["date"].astype(str)) if len(meta) else ""
    titles = rows["source"].astype(str).map(meta["title"]) if len(meta) else ""
    rows = rows.assign(article_date=dates, article_title=titles)
    rows["article_title"] = rows["article_title"].fillna("").astype(str)
    rows = rows.assign(_start=pd.to_numeric(rows["start"], errors="coerce").fillna(0))
    rows = rows.sort_values(["article_date", "source", "_start"], ascending=[False, True, True])
    return rows.drop(columns=["_start"]).reset_index(drop=True)


def left(figures: pd.DataFrame) -> tuple[int, int]:
    """(extracted figures nobody has reviewed, extracted figures in all)."""
    if not len(figures) or "review" not in figures:
        return 0, 0
    extracted = figures["method"].astype(str) == "extracted"
    return int((figures["review"][extracted] == "unreviewed").sum()), int(extracted.sum())


def sentence_markdown(quote: str, body: str, start: object, end: object) -> str:
    """The figure's sentence as safe Markdown with its number highlighted: the number is found
    at its own offsets in the article body, so a sentence with the same number twice marks the
    right one."""
    try:
        s, e = int(start), int(end)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return paragraph_markdown([Segment(quote)])
    number = body[s:e]
    at = body.find(quote, max(0, e - len(quote))) if quote else -1
    if quote and 0 <= at <= s and at + len(quote) >= e:
        cut = s - at
        segments = [
            Segment(quote[:cut]),
            Segment(number, 1),
            Segment(quote[cut + len(number) :]),
        ]
    else:
        left_edge = max(0, body.rfind("\n", 0, s) + 1, s - 300)
        right_edge = min(len(body), e + 300)
        newline = body.find("\n", e)
        if newline >= 0:
            right_edge = min(right_edge, newline)
        segments = [Segment(body[left_edge:s]), Segment(number, 1), Segment(body[e:right_edge])]
    return paragraph_markdown([seg for seg in segments if seg.text]).replace("⁽¹⁾", "")


def _present(value: object) -> bool:
    return not (value is None or value == "" or (isinstance(value, float) and pd.isna(value)))


def reading(row: pd.Series, place_names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, plain text) of each field the extractor read, in READING's order."""
    out = []
    for column, label in READING:
        if column not in row.index:
            continue
        value = row[column]
        if column == "indicator":
            text = INDICATOR_LABELS.get(str(value), str(value))
        elif column == "subtype":
            text = SUBTYPE_LABELS.get(value, str(value)) if _present(value) else "none"
        elif column == "value":
            text = hedged(
                float(value),
                row["value_max"] if _present(row.get("value_max")) else None,
                "exact",
                str(row["unit"]),
            )
        elif column == "qualifier":
            text = QUALIFIER_LABELS.get(str(value), str(value))
        elif column == "as_of":
            text = str(pd.Timestamp(value).date()) if _present(value) else ""
        elif column == "place":
            text = place_names.get(str(value), str(value)) if _present(value) else "not found"
        elif column == "destination" and _present(value):
            text = place_names.get(str(value), str(value))
        else:
            if not _present(value):
                continue
            text = str(value)
        out.append((label, text))
    return out


def field_text(row: pd.Series, field: str) -> str:
    """A field's current value as a maintainer would type it (the correction form's default)."""
    value = row.get(field)
    if not _present(value):
        return ""
    if field == "as_of":
        return str(pd.Timestamp(value).date())
    if field in ("value", "value_max") and float(value).is_integer():
        return str(int(value))
    return str(value)
