"""Maintainers' review decisions, written to the data folder: accept, reject or correct a figure.

The same files and the same lock as the command line: a reject or a correction is a row of
corrections.csv in its existing format, and every decision (accept included) is a row of the
review log (review.csv). Two maintainers deciding about one figure at once lose nothing: each
says which version of the figure they saw (`figure_version`), and a decision about a figure that
changed since is refused with what the other maintainer did."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from loaders.facts.corrections import apply_corrections
from loaders.model.problems import Report
from loaders.model.records import CORRECTABLE_FIELDS, Correction, Decision
from loaders.publish.output import atomic_write, locked
from loaders.read.corrections import COLUMNS as CORRECTION_COLUMNS
from loaders.read.corrections import read_corrections
from loaders.read.folder import CORRECTIONS_FILE, DataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.review_log import REVIEW_COLUMNS, read_review_log


class ReviewError(Exception):
    """A decision that cannot be written; the message says why and nothing was changed."""


class ReviewConflict(ReviewError):
    """Someone else decided about the figure since it was shown; `since` lists what they did."""

    def __init__(self, figure_id: str, since: list[Decision], by_hand: int) -> None:
        self.since = since
        said = [describe(d) for d in since]
        if by_hand:
            said.append(f"{by_hand} change(s) written into {CORRECTIONS_FILE} by hand")
        super().__init__(
            f"figure {figure_id} changed while you were looking at it: "
            + "; ".join(said)
            + ". Nothing of yours was written; look at it again and decide."
        )


def describe(d: Decision) -> str:
    """'corrected value 800 → 850 (reason) by a@b at 2026-12-06 10:02 UTC'."""
    when = d.when.strftime("%Y-%m-%d %H:%M UTC")
    what = {
        "accept": "accepted",
        "reject": f"rejected ({d.reason})",
        "correct": f"corrected {d.field} {d.old} → {d.new} ({d.reason})",
    }[d.action]
    return f"{what} by {d.who} at {when}"


def figure_versions(data: DataFolder) -> dict[str, tuple[int, int]]:
    """Per figure id: how many review-log rows and corrections rows name it. What a maintainer
    saw is passed back with their decision, to detect a change in between."""
    out: dict[str, tuple[int, int]] = {}
    for _, d in read_review_log(data.review_log, Report(), data.root):
        log, fixes = out.get(d.figure_id, (0, 0))
        out[d.figure_id] = (log + 1, fixes)
    for _, c in read_corrections(data.corrections, Report(), data.root):
        log, fixes = out.get(c.figure_id, (0, 0))
        out[c.figure_id] = (log, fixes + 1)
    return out


def figure_version(data: DataFolder, figure_id: str) -> tuple[int, int]:
    """`figure_versions` of one figure."""
    return figure_versions(data).get(figure_id, (0, 0))


def checked_correction(
    figure: dict, field: str, value: str, reason: str, gazetteer: Gazetteer
) -> Correction:
    """The correction of one field, checked as the loaders check corrections.csv (a place must
    be in the gazetteer, a value a number, a date not in the future, a subtype one the indicator
    has); ReviewError with the loaders' own message otherwise."""
    if field not in CORRECTABLE_FIELDS:
        raise ReviewError(
            f"{field!r} cannot be corrected (fields: {', '.join(CORRECTABLE_FIELDS)})"
        )
    correction = Correction(
        figure_id=str(figure["id"]), action="replace", field=field, value=value, reason=reason
    )
    report = Report()
    apply_corrections(pd.DataFrame([figure]), [(1, correction)], gazetteer, report, "correction")
    if report.problems:
        raise ReviewError("; ".join(p.message for p in report.problems))
    return correction


def decide(
    data: DataFolder,
    figure: dict,
    action: str,
    who: str,
    seen: tuple[int, int],
    gazetteer: Gazetteer,
    field: str = "",
    value: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> Decision:
    """Write one decision about `figure` (a row of the figures table as shown), under the data
    folder's lock; refuses (ReviewConflict) when the figure's version is no longer `seen`."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    old = "" if field == "" else _text(figure.get(field))
    try:
        decision = Decision(
            figure_id=str(figure["id"]),
            action=action,
            field=field,
            old=old,
            new=value if action == "correct" else "",
            reason=reason.strip(),
            who=who,
            when=now,
        )
    except ValidationError as exc:
        raise ReviewError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from exc
    correction = None
    if action == "correct":
        correction = checked_correction(figure, field, value, decision.reason, gazetteer)
    elif action == "reject":
        correction = Correction(
            figure_id=decision.figure_id, action="reject", reason=decision.reason
        )
    with locked(data.root):
        now_version = figure_version(data, decision.figure_id)
        if now_version != tuple(seen):
            log = read_review_log(data.review_log, Report(), data.root)
            mine = [d for _, d in log if d.figure_id == decision.figure_id]
            since = mine[seen[0] :]
            raise ReviewConflict(decision.figure_id, since, by_hand=0 if since else 1)
        if correction is not None:
            rewrite_register(
                data.corrections, CORRECTION_COLUMNS, lambda rows: _put(rows, correction)
            )
        rewrite_register(
            data.review_log,
            REVIEW_COLUMNS,
            lambda rows: rows.append(decision.model_dump(mode="json")),
        )
    return decision


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _put(rows: list[dict], correction: Correction) -> None:
    """Add the correction's row; a second replace of the same field replaces the first (one
    row per figure and field, as corrections.csv requires)."""
    new = correction.model_dump()
    for row in rows:
        if (
            correction.action == "replace"
            and row.get("figure_id") == correction.figure_id
            and row.get("action") == "replace"
            and row.get("field") == correction.field
        ):
            row.update(new)
            return
    rows.append(new)


def rewrite_register(
    path: Path, columns: tuple[str, ...], change: Callable[[list[dict]], None]
) -> None:
    """Read a register's rows, change them, and write it back whole and atomically, keeping the
    file's own header (and any columns it has besides `columns`)."""
    old = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    reader = csv.DictReader(io.StringIO(old, newline=""))
    header = list(reader.fieldnames or columns)
    rows = [dict(r) for r in reader]
    change(rows)
    header += [c for c in columns if c not in header]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in header})
    atomic_write(path, lambda tmp: tmp.write_text(buffer.getvalue(), encoding="utf-8"))
