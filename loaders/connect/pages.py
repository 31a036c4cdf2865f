"""Web pages: one address, its main text (trafilatura), title, date and site name. Used by the
`page` kind (one page, taken once), by feeds for each item's page, and by `add-article --url`."""

from __future__ import annotations

import datetime as dt

from loaders.connect.base import ArticleItem, Batch, Connector
from loaders.connect.net import Fetcher, FetchError, Response
from loaders.connect.text import main_text, page_title

#: A page whose main text is shorter than this holds no article (a cookie wall, an index).
MIN_TEXT_CHARS = 200
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def fetch_page(fetcher: Fetcher, url: str) -> Response:
    """The page's answer: robots.txt obeyed, HTML (or plain text) only."""
    answer = fetcher.get(url, page=True, headers={"Accept": "text/html,application/xhtml+xml"})
    kind = answer.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError("malformed", f"{url} is {kind or 'of no type'}, not a web page")
    return answer


def page_article(answer: Response, outlet: str = "", language: str = "") -> ArticleItem:
    """The article on a fetched page: its main text, never its markup. FetchError('no-text')
    when the page holds too little text to be an article."""
    markup = answer.text()
    text = main_text(markup, answer.url)
    if len(text) < MIN_TEXT_CHARS:
        raise FetchError(
            "no-text", f"{answer.url} has no article text ({len(text)} characters found)"
        )
    meta = _metadata(markup, answer.url)
    return ArticleItem(
        url=answer.url,
        title=meta.get("title") or page_title(markup),
        outlet=outlet or meta.get("sitename", ""),
        text=text,
        published=meta.get("date"),
        language=language,
    )


def _metadata(markup: str, url: str) -> dict:
    """Title, site name and publication date as the page declares them (trafilatura)."""
    from trafilatura import extract_metadata

    try:
        meta = extract_metadata(markup, default_url=url)
    except Exception:  # noqa: BLE001 - hostile markup must not stop a sync
        return {}
    if meta is None:
        return {}
    out: dict = {"title": (meta.title or "")[:300], "sitename": (meta.sitename or "")[:200]}
    try:
        out["date"] = (
            dt.datetime.fromisoformat(meta.date).replace(tzinfo=dt.UTC) if meta.date else None
        )
    except ValueError:
        out["date"] = None
    return out


class Page(Connector):
    """One web page (`url`), taken once: later syncs skip it as seen."""

    kind = "page"

    def collect(self) -> Batch:
        url = self.spec.url
        if self.context.taken(url):
            return Batch(unchanged=True)
        item = page_article(fetch_page(self.context.fetcher, url), self.spec.outlet)
        return Batch(articles=[item], seen=[url])
