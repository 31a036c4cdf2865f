"""The `sync` command's passes: sync, say what happened, send the digest; with `--every`, again
after each interval."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from loaders.connect.digest import build, send, snapshot
from loaders.connect.net import Fetcher
from loaders.connect.spec import parse_duration
from loaders.connect.sync import Outcome, check_sources, sync
from loaders.model.problems import Report
from loaders.read.folder import DataFolder


def describe(outcome: Outcome) -> str:
    """One line per source for the terminal."""
    if not outcome.ran:
        return f"{outcome.name}: not due"
    if outcome.error:
        return f"{outcome.name}: failed: {outcome.error}"
    if outcome.unchanged:
        return f"{outcome.name}: unchanged since the last sync"
    parts = [
        _count(len(outcome.articles), "new article"),
        _count(len(outcome.merged), "more outlet") + " for articles already in",
        _count(outcome.rows, "new table row"),
    ]
    left_out = f"; {_count(len(outcome.warnings), 'item')} left out" if outcome.warnings else ""
    return f"{outcome.name}: {', '.join(parts)}{left_out}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def one_pass(
    data: DataFolder,
    names: list[str] | None,
    force: bool,
    digest: bool,
    say: Callable[..., None],
    fetcher: Fetcher | None = None,
) -> int:
    """Sync once; 1 when a source failed or sources.yaml has an error, else 0."""
    report = Report()
    config = check_sources(data, Report())
    wants_digest = digest and config.digest is not None
    before = snapshot(data)[0] if wants_digest else None
    fetcher = fetcher or Fetcher(config.network)
    outcomes = sync(data, report, names, force, fetcher=fetcher)
    for outcome in outcomes:
        say(describe(outcome))
    for line in report.lines():
        say(line, err=True)
    if not outcomes and not report.errors:
        say(f"no sources: declare them in {data.sources}", err=True)
    if before is not None and config.digest is not None:
        after, dataset = snapshot(data)
        added = [a for o in outcomes for a in o.articles]
        text = build(data.root.name, before, after, dataset, added)
        if text.empty:
            say("digest: nothing new, nothing sent")
        else:
            problems = send(text, config.digest, fetcher, os.environ)
            for problem in problems:
                say(f"digest: {problem}", err=True)
            if not problems:
                say(f"digest sent: {text.subject()}")
    failed = any(o.error for o in outcomes) or bool(report.errors)
    return 1 if failed else 0


def run_sync(
    data: DataFolder,
    names: list[str] | None,
    force: bool,
    every: str | None,
    digest: bool,
    say: Callable[..., None],
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """One pass, or with `every` a pass after each interval until interrupted."""
    if every:
        try:
            interval = parse_duration(every).total_seconds()
        except ValueError as exc:
            say(f"sync: --every: {exc}", err=True)
            return 2
    while True:
        code = one_pass(data, names, force, digest, say)
        if not every:
            return code
        try:
            sleep(interval)
        except KeyboardInterrupt:
            return code
