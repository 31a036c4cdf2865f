"""`python -m loaders sync`: each source that is due is asked for what is new, and what it gives
is written into the folder. Fetching runs without the folder's lock (it may take minutes);
writing the files and the state takes the lock, re-reads the state and de-duplicates again, so
two syncs at once, or a sync and an `add-article`, neither lose nor repeat an article."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from loaders.connect.base import Batch, Context
from loaders.connect.kinds import KINDS
from loaders.connect.net import Fetcher, FetchError, canonical
from loaders.connect.spec import SourcesFile, SourceSpec, read_sources
from loaders.connect.state import SyncState, read_state, write_state
from loaders.connect.store import write_item, write_table
from loaders.model.problem_types import (
    INVALID_VALUE,
    SYNC_FAILED,
    SYNC_ITEM,
    UNKNOWN_SOURCE,
    UNKNOWN_VALUE,
)
from loaders.model.problems import Report, unknown_fields
from loaders.publish.output import locked
from loaders.read.articles import read_registry
from loaders.read.folder import DataFolder
from loaders.read.gazetteer import Gazetteer, read_places
from loaders.read.routes import read_routes


@dataclass
class Outcome:
    """What one source's sync did."""

    name: str
    ran: bool = False
    unchanged: bool = False
    articles: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    rows: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def one_line(text: str, limit: int = 500) -> str:
    """A message on one line, at most `limit` characters (exceptions may quote a whole page)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def due(spec: SourceSpec, state: SyncState, now: dt.datetime) -> bool:
    """Whether the source should be asked now: never synced, or its schedule has passed since
    its last attempt (a failing source is retried on its schedule, not in a loop)."""
    last = state.sources.get(spec.name)
    when = (last.last_attempt or last.last_success) if last else None
    return when is None or now >= when + spec.schedule


def check_sources(data: DataFolder, report: Report) -> SourcesFile:
    """The folder's sources.yaml with each kind's own checks; a source with a problem is
    reported (path:line: field: message) and left out."""
    found = read_sources(data.sources, report, data.root)
    kept = []
    for spec in found.sources:
        line = spec.line
        kind = KINDS.get(spec.kind)
        if kind is None:
            report.add(
                str(data.sources),
                line,
                "kind",
                UNKNOWN_VALUE,
                **unknown_fields("kind", spec.kind, sorted(KINDS)),
            )
            continue
        problems = kind.check(spec)
        for name, message in problems:
            report.add(str(data.sources), line, name, INVALID_VALUE, reason=message)
        if not problems:
            kept.append(spec)
    return found.model_copy(update={"sources": kept})


def places(data: DataFolder) -> Gazetteer:
    """The folder's gazetteer, routes included, to match the places sources name (its problems
    are `validate`'s to report)."""
    gazetteer = Gazetteer()
    if data.places.exists():
        read_places(data.places, Report(), gazetteer, root=data.root)
        read_routes(data.routes, Report(), gazetteer, root=data.root)
    return gazetteer


def sync(
    data: DataFolder,
    report: Report,
    names: list[str] | None = None,
    force: bool = False,
    environ: Mapping[str, str] | None = None,
    now: Callable[[], dt.datetime] = now_utc,
    fetcher: Fetcher | None = None,
) -> list[Outcome]:
    """Sync the sources that are due (all named ones, or every one with `force`); problems go to
    `report` at the source's line in sources.yaml."""
    environ = os.environ if environ is None else environ
    config = check_sources(data, report)
    specs = config.sources
    if names:
        unknown = [n for n in names if n not in {s.name for s in specs}]
        for name in unknown:
            report.add(
                str(data.sources), 0, "name", UNKNOWN_SOURCE, reason=f"no source {name!r}", hint=""
            )
        specs = [s for s in specs if s.name in names]
    fetcher = fetcher or Fetcher(config.network)
    gazetteer = places(data)
    state = read_state(data.sync_state, report, data.root)
    outcomes = []
    for spec in specs:
        if not (force or names) and not due(spec, state, now()):
            outcomes.append(Outcome(spec.name))
            continue
        outcomes.append(_one(data, spec, fetcher, gazetteer, environ, now, report))
    return outcomes


def _one(
    data: DataFolder,
    spec: SourceSpec,
    fetcher: Fetcher,
    gazetteer: Gazetteer,
    environ: Mapping[str, str],
    now: Callable[[], dt.datetime],
    report: Report,
) -> Outcome:
    label, line = str(data.sources), spec.line
    outcome = Outcome(spec.name, ran=True)
    state = read_state(data.sync_state, Report(), data.root)
    known = frozenset(canonical(u) for u in state.urls()) | frozenset(
        canonical(r.url) for r in read_registry(data.registry, Report()).values() if r.url
    )
    started = now()
    context = Context(
        fetcher, state.source(spec.name).model_copy(deep=True), environ, gazetteer, started, known
    )
    try:
        batch = KINDS[spec.kind](spec, context).collect()
    except FetchError as exc:
        outcome.error = one_line(str(exc))
        batch = None
    except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
        outcome.error = one_line(f"{spec.kind} connector failed ({type(exc).__name__}: {exc})")
        batch = None
    with locked(data.root):
        state = read_state(data.sync_state, Report(), data.root)
        record = state.source(spec.name)
        record.last_attempt = started
        if batch is None:
            record.last_error, record.last_error_at = outcome.error, started
            report.add(label, line, spec.name, SYNC_FAILED, reason=outcome.error)
        else:
            _write(data, spec, batch, state, now(), outcome, report)
            record.last_success = started
            record.last_error = ""
            if batch.problems:  # ask afresh next time, so what was left out is tried again
                record.etag, record.last_modified = "", ""
            else:
                record.etag = batch.etag if batch.etag is not None else record.etag
                if batch.last_modified is not None:
                    record.last_modified = batch.last_modified
            record.newest = batch.newest or record.newest
            record.remember(batch.seen)
            record.added = len(outcome.articles) + outcome.rows
            record.warnings = outcome.warnings[:20]
            outcome.unchanged = batch.unchanged
        write_state(data.sync_state, state)
    return outcome


def _write(
    data: DataFolder,
    spec: SourceSpec,
    batch: Batch,
    state: SyncState,
    now: dt.datetime,
    outcome: Outcome,
    report: Report,
) -> None:
    label, line = str(data.sources), spec.line
    for name, message in batch.problems:
        outcome.warnings.append(one_line(message))
        report.add(label, line, name, SYNC_ITEM, source=spec.name, reason=one_line(message))
    registry = read_registry(data.registry, Report()).values()
    registry_urls = {canonical(r.url) for r in registry if r.url}
    for item in batch.articles:
        if canonical(item.url) in registry_urls:
            continue
        status, detail = write_item(data, item, spec.name, state, now)
        if status == "new":
            outcome.articles.append(detail)
        elif status == "merged":
            outcome.merged.append(detail)
        elif detail:
            outcome.warnings.append(one_line(detail))
            report.add(label, line, "item", SYNC_ITEM, source=spec.name, reason=detail)
    for table in batch.tables:
        outcome.rows += write_table(data, table)
