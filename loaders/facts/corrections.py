"""Maintainers' corrections applied to the figures: reject a figure or replace a field of it.

The rows come from `read/corrections.py`; figure ids are stable, so corrections survive
re-extraction. A corrected figure says so (`corrected`, `correction`); a rejected one leaves every
table and is kept aside with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from pydantic import ValidationError

from loaders.model.problem_types import (
    CONFLICTING_CORRECTION,
    DUPLICATE_ROW,
    INVALID_VALUE,
    UNKNOWN_FIELD,
    UNKNOWN_ID,
    hint,
)
from loaders.model.problems import Report, closest
from loaders.model.records import CORRECTABLE_FIELDS, Correction, Figure
from loaders.read.csvrows import check_date, parse_date, parse_number
from loaders.read.gazetteer import Gazetteer

#: Figure fields that may be empty (missing) once a correction is applied.
_NULLABLE = (
    "start",
    "end",
    "value_max",
    "place",
    "subtype",
    "published",
    "origin",
    "destination",
    "per",
)


def apply_corrections(
    figures: pd.DataFrame,
    corrections: list[tuple[int, Correction]],
    gazetteer: Gazetteer,
    report: Report,
    label: str,
    today: dt.date | None = None,
    every_id: Callable[[], list[str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures with corrections applied, rejected figures with their reasons). A correction
    given twice, or a replace of a figure already rejected, is reported and not applied.
    `every_id` gives the ids a correction naming no figure is matched against for a hint (by
    default `figures`' own; a build in parts applies each part's corrections to that part)."""
    today = today or dt.date.today()
    if not corrections:
        return figures, figures.iloc[0:0].assign(reason="")
    figures = figures.copy()
    figures["corrected"] = figures.get("corrected", False)
    figures["correction"] = figures.get("correction", "")
    ledger = _Ledger({fid: i for i, fid in enumerate(figures["id"])}, every_id)
    for line, c in corrections:
        i = ledger.admit(line, c, label, report)
        if i is None:
            continue
        if c.action == "reject":
            ledger.reject(i, line, c)
        elif _known_field(c, line, label, report):
            _replace(figures, i, c, line, label, report, gazetteer, today)
    return _split_rejected(figures, ledger.rejected)


@dataclass
class _Ledger:
    """What the corrections read so far did: which figures they reject, which rows they gave."""

    position: dict[str, int]
    every_id: Callable[[], list[str]] | None = None
    rejected: dict[int, str] = field(default_factory=dict)
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)
    rejected_on: dict[str, int] = field(default_factory=dict)

    def admit(self, line: int, c: Correction, label: str, report: Report) -> int | None:
        """The position of the figure a correction applies to, or None (reported) when it is a
        repeat, a replace of a rejected figure or names no figure."""
        key = (c.figure_id, c.action, c.field if c.action == "replace" else "")
        if key in self.seen:
            report.add(
                label,
                line,
                "figure_id",
                DUPLICATE_ROW,
                what=f"this {c.action} of {c.figure_id!r}"
                + (f" ({c.field})" if key[2] else "")
                + f" is already given on line {self.seen[key]}",
                advice="keep one",
            )
            return None
        self.seen[key] = line
        if c.action == "replace" and c.figure_id in self.rejected_on:
            report.add(
                label,
                line,
                "action",
                CONFLICTING_CORRECTION,
                id=c.figure_id,
                first=self.rejected_on[c.figure_id],
            )
            return None
        if c.figure_id not in self.position:
            report.add(
                label,
                line,
                "figure_id",
                UNKNOWN_ID,
                id=c.figure_id,
                hint=hint(
                    closest(c.figure_id, self.every_id() if self.every_id else [*self.position])
                ),
            )
            return None
        return self.position[c.figure_id]

    def reject(self, i: int, line: int, c: Correction) -> None:
        """Set the figure at position `i` aside with the correction's reason."""
        self.rejected[i] = c.reason
        self.rejected_on[c.figure_id] = line


def _known_field(c: Correction, line: int, label: str, report: Report) -> bool:
    """Whether a replace names a field that may be corrected (reported, with a hint, if not)."""
    if c.field in CORRECTABLE_FIELDS:
        return True
    report.add(
        label,
        line,
        "field",
        UNKNOWN_FIELD,
        name=c.field,
        hint=hint(closest(c.field, CORRECTABLE_FIELDS)),
        fields=", ".join(CORRECTABLE_FIELDS),
    )
    return False


def _replace(
    figures: pd.DataFrame,
    i: int,
    c: Correction,
    line: int,
    label: str,
    report: Report,
    gazetteer: Gazetteer,
    today: dt.date,
) -> None:
    """Set one field of the figure at position `i` (in place) and note the change on it; a value
    the field cannot hold, or that leaves no valid figure, is reported and changes nothing."""
    row = figures.iloc[i].to_dict()
    old = row.get(c.field)
    try:
        row[c.field] = _parse(c.field, c.value, gazetteer, today)
        _check(row)
    except (ValueError, ValidationError) as exc:
        message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        report.add(
            label, line, "value", INVALID_VALUE, reason=f"{c.value!r} for {c.field}: {message}"
        )
        return
    column = figures.columns.get_loc(c.field)
    if figures[c.field].dtype != object:
        figures[c.field] = figures[c.field].astype(object)
    figures.iat[i, column] = row[c.field]
    note = f"{c.field}: {old} -> {row[c.field]} ({c.reason})"
    figures.iat[i, figures.columns.get_loc("corrected")] = True
    previous = figures.iat[i, figures.columns.get_loc("correction")]
    figures.iat[i, figures.columns.get_loc("correction")] = "; ".join(
        t for t in (previous, note) if t
    )


def _split_rejected(
    figures: pd.DataFrame, rejected: dict[int, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the figures kept, the rejected ones with a `reason` column), each renumbered from 0."""
    keep = [i for i in range(len(figures)) if i not in rejected]
    out = figures.iloc[keep].reset_index(drop=True)
    gone = figures.iloc[sorted(rejected)].copy()
    gone["reason"] = [rejected[i] for i in sorted(rejected)]
    return out, gone.reset_index(drop=True)


def _parse(field: str, raw: str, gazetteer: Gazetteer, today: dt.date) -> object:
    """The value a correction writes for `field`, as the figure holds it; ValueError if wrong."""
    if field in ("value", "value_max"):
        return None if raw == "" and field == "value_max" else parse_number(raw)
    if field == "as_of":
        date = parse_date(raw)
        why = check_date(date, today)
        if why:
            raise ValueError(why)
        return date
    if field == "subtype":
        return raw or None
    if field == "per":
        return raw.lower() or None
    if field == "modality":
        return raw.lower() or "reported"
    if field == "background":
        if raw.lower() not in ("true", "false", ""):
            raise ValueError("write true or false")
        return raw.lower() == "true"
    if field in ("place", "origin", "destination"):
        if not raw:
            return None
        place = gazetteer.lookup(raw)
        if place is None:
            raise ValueError(f"{raw!r} is not in the gazetteer")
        return place.id
    return raw


def _check(row: dict) -> None:
    """Raise if the corrected row is no longer a valid figure."""
    clean = {
        k: (None if k in _NULLABLE and not isinstance(v, str) and pd.isna(v) else v)
        for k, v in row.items()
        if k in Figure.model_fields
    }
    Figure(**clean)
