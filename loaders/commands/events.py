"""Adding a key event (events.csv) from the browser: checked by the loaders' own reader before
it is written, under the data folder's lock."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from loaders.commands.decisions import ReviewError, rewrite_register
from loaders.model.problems import Report
from loaders.publish.output import locked
from loaders.read.events import EVENT_COLUMNS, read_events
from loaders.read.folder import EVENTS_FILE, DataFolder
from loaders.read.gazetteer import Gazetteer


def add_event(
    data: DataFolder,
    gazetteer: Gazetteer,
    article_ids: set[str],
    date: dt.date,
    title: str,
    source: str,
    place: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> dict[str, str]:
    """Append one key event; ReviewError, with the reader's message and nothing written, when
    the row is not one the loaders would accept (unknown place or source, a future date, no
    title)."""
    row = {
        "date": date.isoformat(),
        "title": title.strip(),
        "place": place.strip(),
        "source": source.strip(),
        "note": note.strip(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / EVENTS_FILE
        rewrite_register(path, EVENT_COLUMNS, lambda rows: rows.append(row))
        report = Report()
        read_events(path, report, gazetteer, article_ids, today)
    if report.problems:
        raise ReviewError("; ".join(f"{p.field}: {p.message}" for p in report.problems))
    with locked(data.root):
        rewrite_register(data.events, EVENT_COLUMNS, lambda rows: rows.append(row))
    return row
