"""The source protocol: what a connector is given and what it gives back.

A connector reads one source declared in `sources.yaml` and returns a `Batch`: articles (text
with where, when and by whom it was published) and figure tables (rows in the columns of a
curated table, each with its source). It never writes: `store` turns a batch into files through
the same code `add-article` uses, so the readers see nothing new. To add a kind of source, write
a subclass of `Connector` with its `kind`, and list it in `loaders/connect/kinds.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from loaders.connect.net import Fetcher, FetchError, canonical
from loaders.connect.spec import SourceSpec
from loaders.connect.state import SourceState
from loaders.read.gazetteer import Gazetteer


@dataclass(frozen=True)
class ArticleItem:
    """One article as a source published it; `text` is plain text (HTML already reduced)."""

    url: str
    title: str
    outlet: str
    text: str
    published: dt.datetime | None = None
    language: str = ""
    note: str = ""


@dataclass(frozen=True)
class TableItem:
    """A figure table: rows with the columns of a curated table (`FigureRow`) and the address
    of the dataset each row came from."""

    name: str
    url: str
    rows: list[dict[str, str]]


@dataclass
class Batch:
    """What one sync of one source brought: new items, the problems met on the way (each a
    field and a message), the addresses to remember as taken, and the validators of the answer
    for the next conditional request. `unchanged` is set when the source said nothing changed."""

    articles: list[ArticleItem] = field(default_factory=list)
    tables: list[TableItem] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    newest: str | None = None
    unchanged: bool = False


@dataclass
class Context:
    """Everything a connector may use: the network (only through `fetcher`), the source's state,
    the environment (credentials by name), the gazetteer (to match places) and the time."""

    fetcher: Fetcher
    state: SourceState
    environ: Mapping[str, str]
    gazetteer: Gazetteer
    now: dt.datetime
    known_urls: frozenset[str] = frozenset()  # canonical forms (`net.canonical`)

    def __post_init__(self) -> None:
        self.known_urls = frozenset(self.known_urls) | {canonical(u) for u in self.state.seen}

    def taken(self, url: str) -> bool:
        """Whether an article from this address (in any of its forms: `net.canonical`) is
        already in the folder or was seen by this source."""
        return canonical(url) in self.known_urls


class Connector:
    """Base class of every kind of source. Subclasses set `kind`, say whether the source needs a
    `url` and which `query` keys it reads, and implement `collect`."""

    kind: ClassVar[str] = ""
    needs_url: ClassVar[bool] = True
    query_keys: ClassVar[frozenset[str]] = frozenset()
    #: The environment variable read when the source names none in `credential_env`.
    credential_default: ClassVar[str] = ""

    def __init__(self, spec: SourceSpec, context: Context) -> None:
        self.spec = spec
        self.context = context

    @classmethod
    def check(cls, spec: SourceSpec) -> list[tuple[str, str]]:
        """Problems with the declaration for this kind, as (field, message)."""
        out = []
        if cls.needs_url and not spec.url:
            out.append(("url", f"a {cls.kind} source needs a url"))
        for key in spec.query:
            if key not in cls.query_keys:
                allowed = ", ".join(sorted(cls.query_keys)) or "none"
                out.append(
                    (f"query.{key}", f"unknown query key for {cls.kind} (allowed: {allowed})")
                )
        return out

    def credential(self) -> str:
        """The credential, from the environment variable the source names (or the kind's
        default); FetchError when it is not set."""
        name = self.spec.credential_env or self.credential_default
        value = self.context.environ.get(name, "") if name else ""
        if name and not value:
            raise FetchError(
                "credential", f"set the environment variable {name} (the source's credential)"
            )
        return value

    def validators(self) -> dict[str, str]:
        """Headers for a conditional request from the last answer's ETag and Last-Modified."""
        state = self.context.state
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        return headers

    def collect(self) -> Batch:  # pragma: no cover - every kind implements it
        raise NotImplementedError
