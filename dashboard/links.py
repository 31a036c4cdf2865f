"""Links to sources and tables people can read: pure helpers any page can call.

Every number leads to its source: a table row to its URL, an extracted figure to the Sources page
with its article open and the figure highlighted (`/sources?article=...&figure=...`). Only http(s)
addresses become links; labels are escaped, addresses percent-encoded, so no data text can make
Markdown do anything but show a link.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from urllib.parse import quote, urlencode

import pandas as pd

from dashboard.labels import QUALIFIER_LABELS
from dashboard.text import escape_markdown
from loaders.commands.decisions import describe
from loaders.facts.selection import Period
from loaders.model.amounts import hedged
from loaders.model.vocabulary import VOCABULARY

SOURCES_PAGE = "/sources"
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def safe_url(url: object) -> str:
    """The address when it is an http(s) URL without spaces or quotes, else ''."""
    text = str(url or "").strip()
    return text if _SAFE_URL.match(text) else ""


def situation_query(situation: str) -> dict[str, str]:
    """The address's part that names the situation, when the deployment serves several (links
    open a new page, which knows the situation only from its address)."""
    return {"situation": situation} if situation else {}


def sources_page_href(article: str, figure: str = "", situation: str = "") -> str:
    """The Sources page with this article open and, if given, this figure highlighted, in the
    situation `situation` ('' when the deployment serves one)."""
    params = situation_query(situation) | {"article": article}
    params |= {"figure": figure} if figure else {}
    return f"{SOURCES_PAGE}?{urlencode(params)}"


def source_href(url: str = "", article: str = "", figure: str = "", situation: str = "") -> str:
    """Where a source opens: its own web address if it has one, else its article on the
    Sources page; '' when there is neither."""
    if safe_url(url):
        return safe_url(url)
    return sources_page_href(article, figure, situation) if article else ""


def markdown_link(label: str, href: str) -> str:
    """A Markdown link whose label shows literally and whose address cannot end early."""
    text = escape_markdown(label or href)
    if not href:
        return text
    return f"[{text}]({quote(href, safe=':/?&=#%+,;@~!$*')})"


def _link_key(label: str, url: str, article: str, figure: str) -> tuple[str, ...]:
    """What tells two links apart: their label and where they open (`source_href`), without
    building the address (its own web address, else its article and figure)."""
    safe = safe_url(url)
    if safe:
        return (label, "url", safe)
    return (label, "article", article, figure or "") if article else (label,)


def links_markdown(refs: Iterable, limit: int = 4, situation: str = "") -> str:
    """Sources as links separated by ' · ', the first `limit` named and the rest counted; each
    ref has `label`, `url`, `article` and `figure`."""
    seen: set[tuple[str, ...]] = set()
    shown: list[str] = []
    for ref in refs:
        key = _link_key(ref.label, ref.url, ref.article, ref.figure)
        if key not in seen:
            seen.add(key)
            # Only the named ones get their address: an estimate may rest on thousands of sources.
            if len(shown) < limit:
                href = source_href(ref.url, ref.article, ref.figure, situation)
                shown.append(markdown_link(ref.label, href))
    more = len(seen) - limit
    return " · ".join(shown) + (f" · and {more} more" if more > 0 else "")


def left_out_markdown(period: Period, page: str = "/", situation: str = "") -> str:
    """What the default period leaves out, with a link to the same page over all dates."""
    rows = "figure" if period.left_out == 1 else "figures"
    dates = {"start": period.first.isoformat(), "end": period.last.isoformat()}
    query = urlencode(situation_query(situation) | dates)
    return (
        f"Showing {period.start.isoformat()} to {period.end.isoformat()}, where the data are:"
        f" {period.left_out} {rows} outside it left out."
        f" [Show all dates ({period.first} to {period.last})]({quote(page)}?{query})"
    )


def _present(value: object) -> bool:
    return not (value is None or (isinstance(value, float) and math.isnan(value)) or value == "")


def readable_table(
    table: pd.DataFrame,
    place_names: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    situation: str = "",
) -> pd.DataFrame:
    """A figure or fact table as people read it: labels instead of codes (indicator, subtype,
    hedge, place, and where people came from when any row says; article titles for source
    ids), empty cells instead of None, the value with
    its hedge and thousands separators, and a `link` column (the source URL, or the Sources
    page of `situation` for an extracted figure) for st.column_config.LinkColumn."""
    names = place_names or {}
    out = pd.DataFrame(index=table.index)
    if "as_of" in table:
        out["as of"] = pd.to_datetime(table["as_of"]).dt.strftime("%Y-%m-%d")
    if "indicator" in table:
        out["what"] = [
            VOCABULARY.label(i, s if _present(s) else None)
            for i, s in zip(
                table["indicator"], table.get("subtype", [None] * len(table)), strict=True
            )
        ]
    if "value" in table:
        out["value"] = [
            hedged(v, m if _present(m) else None, q, u)
            for v, m, q, u in zip(
                table["value"], table["value_max"], table["qualifier"], table["unit"], strict=True
            )
        ]
    if "qualifier" in table:
        out["hedge"] = table["qualifier"].map(lambda q: QUALIFIER_LABELS.get(q, q or ""))
    if "place" in table:
        out["place"] = table["place"].map(lambda p: names.get(p, p) if _present(p) else "")
    if "origin" in table and any(_present(o) for o in table["origin"]):  # rows of a place apart
        out["from"] = table["origin"].map(lambda p: names.get(p, p) if _present(p) else "")
    if "note" in table:
        out["note"] = table["note"].astype(object).fillna("")
    label_column = "sources" if "sources" in table else "source_outlet"
    if label_column in table:
        title_of = titles or {}
        out["source"] = [
            " | ".join(title_of.get(part, part) for part in str(text).split(" | "))
            if _present(text)
            else ""
            for text in table[label_column].astype(object)
        ]
    if "review" in table:
        out["review"] = table["review"].astype(object).fillna("unreviewed").to_numpy()
    cells = [_cells(table, name) for name in _LINK_COLUMNS]
    out["link"] = [_row_href(row, situation) for row in zip(*cells, strict=True)]
    return out


#: The columns a row's link is made from, in the order `_row_href` reads them.
_LINK_COLUMNS = ("urls", "source_url", "source_ids", "source", "figure_ids", "id")


def _cells(table: pd.DataFrame, name: str) -> list:
    """The column's values (None in each row when the table has no such column)."""
    return table[name].tolist() if name in table else [None] * len(table)


def _row_href(cells: tuple, situation: str) -> str:
    """Where a table row's link opens (`cells`: its _LINK_COLUMNS): its first web address,
    else its first source's article on the Sources page with its first figure marked ('' when
    it has neither)."""
    urls, source_url, source_ids, source, figure_ids, figure_id = cells
    listed = str(urls or source_url or "").split(" | ")
    url = next((u for u in listed if safe_url(u)), "")
    if url:
        return url
    article = str(source_ids or source or "").split(" | ")[0]
    figure = str(figure_ids or figure_id or "").split(" | ")[0]
    return sources_page_href(article, figure, situation) if article else ""


def review_history(decisions: list, figure_ids: set[str]) -> list[str]:
    """The review log's rows about these figures as plain sentences, newest first: what was
    done to which figure, by whom, when, why."""
    return [
        f"figure {d.figure_id}: {describe(d)}"
        for d in reversed(decisions)
        if d.figure_id in figure_ids
    ]
