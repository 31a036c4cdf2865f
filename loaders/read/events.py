"""Key events (events.csv): what happened, when and where, each citing an article or a URL.

Each row must cite an article id or a URL and name a known place if any; a bad row is reported
with its line and left out, the others are kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from loaders.model.problem_types import TOO_MANY_ROWS, UNKNOWN_PLACE, UNKNOWN_SOURCE, hint
from loaders.model.problems import Report, closest
from loaders.model.records import Event
from loaders.read.csvrows import csv_rows, date_problem
from loaders.read.folder import read_text
from loaders.read.gazetteer import Gazetteer

EVENT_COLUMNS = ("date", "title", "place", "source", "note")
#: At most this many key events are read (a problem line for the rest): the timeline and the
#: page list every one.
MAX_EVENTS = 500


def read_events(
    path: Path,
    report: Report,
    gazetteer: Gazetteer,
    article_ids: set[str],
    today: dt.date | None = None,
    root: Path | None = None,
) -> pd.DataFrame:
    """Key events; each must cite an article id or a URL, and name a known place if any."""
    today = today or dt.date.today()
    label = str(path)
    records = _event_records(path, report, label, root)
    rows = []
    for line, raw in records:
        event = _event(line, raw, label, report, gazetteer, article_ids, today)
        if event is not None:
            rows.append(event.model_dump())
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def _event_records(
    path: Path, report: Report, label: str, root: Path | None
) -> list[tuple[int, dict[str, str]]]:
    """The rows of events.csv with their lines, at most MAX_EVENTS (a problem line for more)."""
    if not path.exists():
        return []
    text = read_text(path, report, label, root=root)
    if text is None:
        return []
    records = csv_rows(text, ("date", "title", "source"), label, report)
    if records is None:
        return []
    if len(records) > MAX_EVENTS:
        report.add(
            label,
            records[MAX_EVENTS][0],
            "row",
            TOO_MANY_ROWS,
            count=f"{len(records):,}",
            things="events",
            limit=f"{MAX_EVENTS:,}",
            why="key events are the few that explain the figures",
            advice="keep the ones that matter",
        )
        records = records[:MAX_EVENTS]
    return records


def _event(
    line: int,
    raw: dict[str, str],
    label: str,
    report: Report,
    gazetteer: Gazetteer,
    article_ids: set[str],
    today: dt.date,
) -> Event | None:
    """The event of one row, or None when something in it is wrong (each problem reported)."""
    values = {k: raw.get(k, "") for k in EVENT_COLUMNS}
    place_ok = _resolve_place(values, line, label, report, gazetteer)
    source_ok = _check_source(values["source"], line, label, report, article_ids)
    try:
        event = Event(**{**values, "place": values["place"] or None})
    except ValidationError as exc:
        report.add_invalid(label, line, exc, values)
        return None
    wrong = date_problem(event.date, today)
    if wrong:
        report.add(label, line, "date", wrong[0], **wrong[1])
        return None
    return event if place_ok and source_ok else None


def _resolve_place(
    values: dict[str, str], line: int, label: str, report: Report, gazetteer: Gazetteer
) -> bool:
    """Replace the row's place name by the place's id; False (reported) for an unknown place."""
    name = values["place"]
    if not name:
        return True
    place = gazetteer.lookup(name)
    if place is None:
        near = gazetteer.suggest(name)
        report.add(
            label,
            line,
            "place",
            UNKNOWN_PLACE,
            name=name,
            known="in the gazetteer",
            hint=hint(gazetteer.names[near] if near else None),
            advice="",
        )
        return False
    values["place"] = place.id
    return True


def _check_source(
    source: str, line: int, label: str, report: Report, article_ids: set[str]
) -> bool:
    """Whether the row cites an article id or a URL (or nothing); a wrong one is reported."""
    if not source or source.startswith(("http://", "https://")) or source in article_ids:
        return True
    report.add(
        label,
        line,
        "source",
        UNKNOWN_SOURCE,
        reason=f"{source!r} is neither an article id nor a URL",
        hint=hint(closest(source, sorted(article_ids))),
    )
    return False
