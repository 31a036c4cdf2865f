"""The overview's list of key events as one Markdown text: the date, title and place of each, its
note and a link to its source. One element for the whole list, made once per view: a Markdown
element per event cost every session a message per event on every run."""

from __future__ import annotations

import pandas as pd

from dashboard.links import markdown_link, source_href
from dashboard.text import escape_markdown as md


def events_markdown(
    events: pd.DataFrame, place_names: dict[str, str], titles: dict[str, str], situation: str = ""
) -> str:
    """The events by date, one paragraph each ('' when there are none); a source without its
    own address links to the Sources page of `situation`."""
    if events.empty:
        return ""
    paragraphs = []
    for event in events.sort_values("date").itertuples(index=False):
        place = place_names.get(event.place, "") if isinstance(event.place, str) else ""
        href = source_href(event.source, event.source, situation=situation)
        source = markdown_link(titles.get(event.source, event.source), href)
        paragraphs.append(
            f"**{md(str(event.date))}** · {md(event.title)}"
            + (f" · {md(place)}" if place else "")
            + f"  \n:gray[{md(event.note)}] · source: {source}"
        )
    return "\n\n".join(paragraphs)
