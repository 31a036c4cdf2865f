"""`add-article --url`: one page fetched under the folder's network rules (sources.yaml), its main
text kept as an article like any synced one."""

from __future__ import annotations

import dataclasses
import datetime as dt

from loaders.connect.net import Fetcher, FetchError, canonical
from loaders.connect.pages import fetch_page, page_article
from loaders.connect.state import read_state, write_state
from loaders.connect.store import write_item
from loaders.connect.sync import check_sources, now_utc
from loaders.model.problems import Report
from loaders.publish.output import locked
from loaders.read.articles import read_registry
from loaders.read.folder import DataFolder


def add_url(
    data: DataFolder,
    url: str,
    report: Report,
    date: dt.date | None = None,
    outlet: str = "",
    title: str = "",
    language: str = "",
    note: str = "",
    fetcher: Fetcher | None = None,
) -> tuple[str, str]:
    """('new', article id), or ('skipped', why): the page is fetched (robots.txt obeyed, only
    http(s), no private address unless sources.yaml allows it), its main text kept."""
    config = check_sources(data, report)
    fetcher = fetcher or Fetcher(config.network)
    registry = read_registry(data.registry, Report())
    if any(canonical(r.url) == canonical(url) for r in registry.values() if r.url):
        return "skipped", f"{url} is in {data.registry.name} already"
    try:
        item = page_article(fetch_page(fetcher, url), outlet, language)
    except FetchError as exc:
        return "skipped", str(exc)
    changes: dict = {"note": note or "added with add-article --url"}
    if date is not None:
        changes["published"] = dt.datetime.combine(date, dt.time(), dt.UTC)
    if title:
        changes["title"] = title
    item = dataclasses.replace(item, **changes)
    with locked(data.root):
        state = read_state(data.sync_state, report, data.root)
        result = write_item(data, item, "add-article", state, now_utc())
        write_state(data.sync_state, state)
    return result
