"""Writing what connectors bring into the folder, through the code `add-article` uses and the
project's atomic writers, so the existing readers read it unchanged. The caller holds the
folder's lock.

An article file opens with front matter:

```
---
date: "2026-11-30"
title: "..."
outlet: "Daily Planet (AFP)"
url: "https://dailyplanet.example/..."
language: "en"
published: "2026-11-30T08:10:00+00:00"
retrieved: "2026-12-06T09:40:00+00:00"
synced_from: "planet-feed"
outlets: "Daily Planet <https://...>; The Courier <https://...>"
note: "Also printed by The Courier: one story, counted as one source."
---
```

The same story printed by several outlets (`text.same_story`) is one article: its `outlets`
lists every outlet and address, `note` says so for readers, and `outlet` names the first outlet
with the wire it carries, so the headline rules count it once. Only the front matter of an
article is ever rewritten, never its text, so figure offsets and ids stay as they were.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import yaml

from loaders.connect.base import ArticleItem, TableItem
from loaders.connect.hxltables import TABLE_COLUMNS
from loaders.connect.net import canonical
from loaders.connect.state import Story, SyncState
from loaders.connect.text import SAME_STORY, numbers, same_story, signature
from loaders.model.languages import codes as language_codes
from loaders.model.languages import detect
from loaders.model.problems import Report
from loaders.publish.output import atomic_write, write_csv
from loaders.publish.register import free_id, slug, write_article
from loaders.read.folder import MAX_ARTICLE_BYTES, DataFolder, read_file

#: An article shorter than this is not kept (a short press release still is).
MIN_ARTICLE_CHARS = 100
#: Outlets named in one article's front matter at most.
MAX_OUTLETS = 30
#: A story is compared with this many of the latest stories (the same wire story is printed
#: within days, not months).
RECENT_STORIES = 2000


@dataclass
class Written:
    """What one batch changed: new articles, articles that gained an outlet, new table rows,
    and items left out (field, message)."""

    articles: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    rows: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)


def wire_of(text: str, outlet: str) -> str:
    """The news agency whose copy this is, when the outlet or the text's opening names one
    ('KAPAN (AFP) -', '... (Reuters)'); '' otherwise."""
    from loaders.facts import estimates

    wires = getattr(estimates, "WIRES", ())
    head = f"{outlet} {text[:300]}"
    for wire in wires:
        for form in (f"({wire})", f"- {wire}", f"— {wire}", f"{wire} -", f"{wire} —"):
            if form in head:
                return wire
    return ""


def _outlet_name(outlet: str, wire: str) -> str:
    if not wire or wire in outlet:
        return outlet or wire
    return f"{outlet} ({wire})" if outlet else wire


def _date(item: ArticleItem, now: dt.datetime) -> tuple[dt.date | None, str]:
    """The article's date and, when it is not the published one, why."""
    today = now.date()
    if item.published is None:
        return today, "undated by its source; dated the day it was retrieved"
    day = item.published.astimezone(dt.UTC).date()
    if day > today:
        return today, f"its source dates it {day}, after the day it was retrieved; dated {today}"
    if day.year < 1900:
        return None, f"its source dates it {day}"
    return day, ""


def render(fields: dict[str, str], body: str) -> bytes:
    """Front matter (every value a double-quoted YAML scalar) and the body."""
    lines = ["---"]
    lines += [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items() if v]
    lines += ["---", ""]
    return ("\n".join(lines) + body.rstrip("\n") + "\n").encode("utf-8")


def write_item(
    data: DataFolder, item: ArticleItem, source: str, state: SyncState, now: dt.datetime
) -> tuple[str, str]:
    """Add one article, or one more outlet to the article that already has its story.
    Returns ('new' or 'merged' or 'skipped', the article id or why it was skipped)."""
    text = item.text.strip()
    if len(text) < MIN_ARTICLE_CHARS:
        return "skipped", f"{item.url}: only {len(text)} characters of text; not an article"
    if canonical(item.url) in {canonical(u) for u in state.urls()}:
        return "skipped", ""
    fingerprint = (signature(text), numbers(text))
    wire = wire_of(text, item.outlet)
    for story in _candidates(state, fingerprint[0]):
        if same_story(fingerprint, (story.signature, story.numbers)):
            return _merge(data, story, item, state)
    day, why = _date(item, now)
    if day is None:
        return "skipped", f"{item.url}: {why}; not added"
    language = item.language if item.language in language_codes() else detect(text)
    outlet = _outlet_name(item.outlet, wire)
    notes = [n for n in (item.note, why) if n]
    fields = {
        "date": day.isoformat(),
        "title": item.title,
        "outlet": outlet,
        "url": item.url,
        "language": language,
        "published": item.published.isoformat() if item.published else "",
        "retrieved": now.isoformat(timespec="seconds"),
        "synced_from": source,
        "outlets": f"{item.outlet or outlet} <{item.url}>",
        "note": "; ".join(notes),
    }
    raw = render(fields, text)
    if len(raw) > MAX_ARTICLE_BYTES:
        return "skipped", f"{item.url}: {len(raw):,} bytes is over the article limit; not added"
    wanted = f"{day.isoformat()}-{slug(outlet or source)[:40]}-{slug(item.title or 'article')[:60]}"
    article_id = free_id(data, wanted.strip("-"))
    write_article(
        data,
        article_id,
        raw,
        {
            "date": day.isoformat(),
            "title": item.title,
            "outlet": outlet,
            "url": item.url,
            "language": language,
            "note": f"synced from {source}",
        },
    )
    state.add_story(
        Story(
            id=article_id,
            outlets=[(item.outlet or outlet, item.url)],
            signature=fingerprint[0],
            numbers=fingerprint[1],
        )
    )
    return "new", article_id


def _candidates(state: SyncState, signature_: list[int]) -> list[Story]:
    """The recent stories whose fingerprints share enough values with `signature_` to be the
    same story, newest first (one vectorised comparison, not one loop per story)."""
    recent = [s for s in state.stories[-RECENT_STORIES:] if len(s.signature) == len(signature_)]
    if not recent:
        return []
    shared = (
        np.array([s.signature for s in recent], dtype=np.uint64)
        == np.array(signature_, dtype=np.uint64)
    ).mean(axis=1)
    return [recent[i] for i in np.flatnonzero(shared >= SAME_STORY)[::-1]]


def _merge(data: DataFolder, story: Story, item: ArticleItem, state: SyncState):
    """Add the outlet and address to the story's article: only its front matter changes."""
    if any(canonical(url) == canonical(item.url) for _, url in story.outlets):
        return "skipped", ""
    story.outlets.append((item.outlet or "an outlet", item.url))
    path = data.article(story.id)
    raw = read_file(path, Report(), str(path), MAX_ARTICLE_BYTES, data.root)
    parsed = _split(raw.decode("utf-8")) if raw else None
    if parsed is None:  # edited by hand or gone: remember the outlet, leave the file alone
        return "merged", story.id
    fields, body = parsed
    shown = story.outlets[:MAX_OUTLETS]
    fields["outlets"] = "; ".join(f"{name} <{url}>" for name, url in shown)
    others = [name for name, _ in story.outlets[1:]]
    fields["note"] = "; ".join(
        [n for n in str(fields.get("note", "")).split("; ") if n and not n.startswith("Also ")]
        + [f"Also printed by {', '.join(others)}: one story, counted as one source"]
    )
    new = render(fields, body)
    atomic_write(path, lambda tmp: tmp.write_bytes(new))
    return "merged", story.id


def _split(text: str) -> tuple[dict[str, str], str] | None:
    """(front matter, body) of a file `render` wrote; None for any other shape."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0 or end > 16_384:
        return None
    try:
        fields = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return None
    if not isinstance(fields, dict):
        return None
    return {str(k): str(v) for k, v in fields.items() if v is not None}, text[end + 5 :]


def write_table(data: DataFolder, table: TableItem) -> int:
    """Replace the source's figure table whole; the number of rows it did not have before."""
    path = data.figures_dir / f"{table.name}.csv"
    frame = pd.DataFrame(
        [{k: r.get(k, "") for k in TABLE_COLUMNS} for r in table.rows], columns=list(TABLE_COLUMNS)
    ).astype(str)
    old: set[tuple] = set()
    if path.exists():
        try:
            before = pd.read_csv(path, dtype=str, keep_default_na=False)
            old = set(
                before.reindex(columns=list(TABLE_COLUMNS)).fillna("").itertuples(index=False)
            )
        except (ValueError, OSError):
            old = set()
    new_rows = sum(1 for row in frame.itertuples(index=False) if tuple(row) not in old)
    if new_rows or len(old) != len(frame):
        write_csv(frame, path)
    return new_rows
