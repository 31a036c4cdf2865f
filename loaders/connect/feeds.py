"""RSS and Atom feeds (feedparser): each new item's page is fetched for its main text; an item
whose page cannot be had is taken from the feed's own full text when it carries one, else left
for the next sync."""

from __future__ import annotations

import calendar
import datetime as dt

from loaders.connect.base import ArticleItem, Batch, Connector
from loaders.connect.net import FetchError, check_url
from loaders.connect.pages import MIN_TEXT_CHARS, fetch_page, page_article
from loaders.connect.text import html_to_text


class Feed(Connector):
    """An RSS or Atom feed (`url`); `pages: false` takes the text from the feed alone."""

    kind = "feed"

    def collect(self) -> Batch:
        import feedparser

        answer = self.context.fetcher.get(
            self.spec.url,
            headers={
                "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9",
                **self.validators(),
            },
        )
        if answer.status == 304:
            return Batch(unchanged=True)
        parsed = feedparser.parse(answer.body, sanitize_html=True, resolve_relative_uris=False)
        if not parsed.entries and (parsed.bozo or "title" not in parsed.feed):
            reason = getattr(parsed, "bozo_exception", "no items and no title")
            raise FetchError("malformed", f"{self.spec.url} is not an RSS or Atom feed: {reason}")
        outlet = self.spec.outlet or str(parsed.feed.get("title", ""))[:200]
        batch = Batch(
            etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified")
        )
        entries = sorted(parsed.entries, key=_when)[-self.spec.max_items :]
        for entry in entries:
            self._take(entry, outlet, batch)
        return batch

    def _take(self, entry, outlet: str, batch: Batch) -> None:
        link = str(entry.get("link", "")).strip()
        try:
            check_url(link)
        except FetchError as exc:
            batch.problems.append(("item", f"an item without a usable link: {exc}"))
            return
        if self.context.taken(link):
            return
        source = entry.get("source") or {}
        item_outlet = str(source.get("title", "") or "")[:200] or outlet
        published = _published(entry)
        title = html_to_text(str(entry.get("title", "")))[:300]
        try:
            if not self.spec.pages:
                raise FetchError("skipped", "pages: false")
            item = page_article(fetch_page(self.context.fetcher, link), item_outlet)
            item = ArticleItem(
                url=link,
                title=title or item.title,
                outlet=item_outlet or item.outlet,
                text=item.text,
                published=published or item.published,
                language=self.spec.language,
            )
        except FetchError as exc:
            text = _feed_text(entry)
            if len(text) < MIN_TEXT_CHARS:
                if exc.kind != "skipped":
                    batch.problems.append(("item", f"{exc}; tried again at the next sync"))
                return
            note = "" if exc.kind == "skipped" else f"text from the feed: the page gave {exc.kind}"
            item = ArticleItem(link, title, item_outlet, text, published, self.spec.language, note)
        batch.articles.append(item)
        batch.seen.append(link)


def _feed_text(entry) -> str:
    """The fullest text the feed carries for an item (its content, else its summary)."""
    contents = [str(c.get("value", "")) for c in entry.get("content", []) or []]
    best = max([*contents, str(entry.get("summary", ""))], key=len)
    return html_to_text(best)


def _published(entry) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)


def _when(entry) -> float:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return calendar.timegm(parsed) if parsed else 0.0
