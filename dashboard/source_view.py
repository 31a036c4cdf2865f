"""What the Sources page shows of one source: its title and details, the article's text with its
figures marked (the linked one in another colour), its figures as people read them, what
maintainers rejected and its review history. Pure: the loaded data in, Markdown and tables out;
made once per data load, source and linked figure for every session (`dashboard/shared.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.data import AppData
from dashboard.links import readable_table, review_history, safe_url
from dashboard.text import escape_markdown as md
from dashboard.text import paragraph_markdown, paragraphs

#: The columns of the rejected figures' table, where the data has them.
REJECTED_COLUMNS = ["id", "indicator", "subtype", "value", "reason", "reviewed_by", "reviewed_at"]


@dataclass(frozen=True)
class SourceView:
    """One source as the page draws it; `*_md` fields are safe Markdown ('' when there is
    nothing to show)."""

    title_md: str
    details_md: str  # date, outlet, file, a link to the original, the note
    kind: str  # article or table
    linked_md: str  # the linked figure: what, value, date, place, quote
    text_md: str  # the article's paragraphs with their figures marked
    figures: pd.DataFrame | pa.Table  # as people read them, numbered as in the text
    rejected: pd.DataFrame | pa.Table  # (tables shared by sessions are Arrow: sent as they are)
    history_md: str  # who reviewed which figure, newest first


def source_view(data: AppData, chosen: str, figure: str, titles: dict[str, str]) -> SourceView:
    """The source `chosen` (one of `data.sources`), with the figure `figure` linked ('' for
    none); `titles` are the sources' titles by id."""
    meta = data.sources.set_index("id").loc[chosen]
    url = safe_url(meta["url"])
    details = (
        f"{meta['date']} · {md(meta['outlet'] or 'outlet not recorded')} ·"
        f" {md(Path(meta['path']).name)}"
        + (f" · [{md('original')}]({url})" if url else "")
        + (f"  \n{md(meta['note'])}" if meta["note"] else "")
    )
    figures = (
        data.figures[data.figures["source"] == chosen].sort_values("start").reset_index(drop=True)
    )
    picked = figures.index[figures["id"] == figure].tolist() if figure else []
    body = data.bodies.get(chosen, "") if meta["kind"] == "article" else ""
    rejected = (
        data.rejected[data.rejected["source"] == chosen] if len(data.rejected) else data.rejected
    )
    history = review_history(data.decisions, {*figures["id"], *rejected.get("id", [])})
    return SourceView(
        title_md=md(titles.get(chosen, chosen)),
        details_md=details,
        kind=str(meta["kind"]),
        linked_md=_linked(figures, picked[0], data.place_names) if picked else "",
        text_md=_text(body, figures, picked[0] + 1 if picked else None),
        figures=_figures(figures, body, picked, data.place_names, meta["kind"] == "article"),
        rejected=rejected[[c for c in REJECTED_COLUMNS if c in rejected]],
        history_md="\n".join(f"- {md(line)}" for line in history),
    )


def _linked(figures: pd.DataFrame, n: int, place_names: dict[str, str]) -> str:
    row = figures.loc[n]
    text = readable_table(figures.loc[[n]], place_names).iloc[0]
    return (
        f"Figure {n + 1}: **{md(text['what'])}** {md(text['value'])} as of {md(text['as of'])}"
        + (f" · {md(text['place'])}" if text["place"] else "")
        + (f"  \n“{md(str(row['quote']))}”" if row["quote"] else "")
    )


def _text(body: str, figures: pd.DataFrame, linked: int | None) -> str:
    """The article as Markdown paragraphs, each figure marked and numbered; the linked one in
    blue with a pointer."""
    if not body:
        return ""
    spans = list(zip(figures["start"].astype(int), figures["end"].astype(int), strict=True))
    out = []
    for paragraph in paragraphs(body, spans):
        markdown = paragraph_markdown(paragraph)
        for segment in paragraph:
            if linked is not None and segment.figure == linked:
                plain = paragraph_markdown([segment])
                marked = plain.replace(":orange-background[", ":blue-background[", 1)
                markdown = markdown.replace(plain, marked + " :blue[**◀ linked figure**]")
        out.append(markdown)
    return "\n\n".join(out)


def _figures(
    figures: pd.DataFrame,
    body: str,
    picked: list[int],
    place_names: dict[str, str],
    article: bool,
) -> pd.DataFrame:
    """The source's figures as people read them: numbered as in the text, the words each was
    read from (for an article), the linked one marked."""
    if figures.empty:
        return pd.DataFrame()
    table = readable_table(figures, place_names)
    table.insert(0, "#", range(1, len(figures) + 1))
    if article:
        ends = zip(figures["start"], figures["end"], strict=True)
        table.insert(1, "text", [body[int(s) : int(e)] for s, e in ends])
    table.insert(0, "linked", ["▶" if i in picked else "" for i in range(len(figures))])
    table["id"] = figures["id"]
    return table.drop(columns=["source"])
