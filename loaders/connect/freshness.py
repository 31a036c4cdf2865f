"""How fresh each source is: its last successful sync, its last error and when it is next due,
from sources.yaml and the sync state, as `validate` prints it and the dashboard shows it.

A source is `fresh` until its schedule has passed since its last successful sync, then `due`;
`overdue` once half a schedule more has passed (a timer every few minutes would have synced
it); `failing` when its last attempt failed; `never synced` before its first success. As HDX
marks datasets fresh, due or overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.model.problem_types import (
    SOURCE_FAILING,
    SOURCE_NEVER_SYNCED,
    SOURCE_OVERDUE,
    ProblemType,
)
from loaders.model.problems import Report
from loaders.read.folder import DataFolder

#: Columns of the freshness table, in order.
COLUMNS = (
    "source",
    "kind",
    "schedule",
    "last_success",
    "last_error",
    "last_error_at",
    "next_due",
    "added",
    "line",
    "warnings",
)


@dataclass(frozen=True)
class SourceFreshness:
    """One source's freshness facts; `status` depends on the time it is asked at."""

    source: str
    kind: str
    schedule: dt.timedelta
    last_success: dt.datetime | None
    last_error: str
    last_error_at: dt.datetime | None
    next_due: dt.datetime | None
    added: int
    line: int
    warnings: tuple[str, ...] = ()

    def status(self, now: dt.datetime) -> str:
        if self.last_error and (
            self.last_success is None
            or (self.last_error_at is not None and self.last_error_at >= self.last_success)
        ):
            return "failing"
        if self.last_success is None or self.next_due is None:
            return "never synced"
        if now < self.next_due:
            return "fresh"
        if now < self.next_due + self.schedule / 2:
            return "due"
        return "overdue"


def freshness(data: DataFolder, report: Report) -> list[SourceFreshness]:
    """Every declared source's freshness; sources.yaml's problems go to `report`."""
    if not data.sources.exists():
        return []
    # The connectors, the sync state and their records: only with sources.yaml (every start of
    # the app asks, and most folders have none).
    from loaders.connect.state import read_state
    from loaders.connect.sync import check_sources

    config = check_sources(data, report)
    state = read_state(data.sync_state, report, data.root)
    out = []
    for spec in config.sources:
        record = state.sources.get(spec.name)
        success = record.last_success if record else None
        out.append(
            SourceFreshness(
                source=spec.name,
                kind=spec.kind,
                schedule=spec.schedule,
                last_success=success,
                last_error=record.last_error if record else "",
                last_error_at=record.last_error_at if record else None,
                next_due=success + spec.schedule if success else None,
                added=record.added if record else 0,
                line=spec.line,
                warnings=tuple(record.warnings) if record else (),
            )
        )
    return out


def age(span: dt.timedelta) -> str:
    """'3 h', '2 d', '12 min': a span as people say it."""
    minutes = int(abs(span.total_seconds()) // 60)
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def explain(row: SourceFreshness, now: dt.datetime) -> str:
    """One sentence about a source that is not fresh."""
    from loaders.connect.spec import format_duration

    status = row.status(now)
    if status == "failing":
        return SOURCE_FAILING.message(error=row.last_error)
    if status == "never synced":
        return SOURCE_NEVER_SYNCED.message()
    assert row.next_due is not None
    return (
        f"{status}: last synced {when(row.last_success)},"
        f" due {age(now - row.next_due)} ago (every {format_duration(row.schedule)})"
    )


def _stale(row: SourceFreshness, now: dt.datetime) -> tuple[ProblemType, dict] | None:
    """The warning for a source that is overdue, failing or never synced, with its fields."""
    from loaders.connect.spec import format_duration

    status = row.status(now)
    if status == "failing":
        return SOURCE_FAILING, {"error": row.last_error}
    if status == "never synced":
        return SOURCE_NEVER_SYNCED, {}
    if status == "overdue" and row.next_due is not None:
        return SOURCE_OVERDUE, {
            "last": when(row.last_success),
            "late": age(now - row.next_due),
            "every": format_duration(row.schedule),
        }
    return None


def when(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def check_freshness(data: DataFolder, report: Report, now: dt.datetime) -> list[SourceFreshness]:
    """`freshness`, with a warning for every source that is overdue, failing or never synced
    (at its line in sources.yaml), as `validate` prints them."""
    rows = freshness(data, report)
    for row in rows:
        if found := _stale(row, now):
            report.add(str(data.sources), row.line, row.source, found[0], **found[1])
    return rows
