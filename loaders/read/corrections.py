"""Maintainers' corrections (corrections.csv): reject a figure or replace a field of it, by id.

Figure ids are stable, so corrections survive re-extraction. A corrected figure says so
(`corrected`, `correction`); a rejected one leaves every table and is kept aside with its reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
from loaders.read.csvrows import check_date, model_rows, parse_date, parse_number
from loaders.read.gazetteer import Gazetteer

COLUMNS = tuple(Correction.model_fields)


def read_corrections(
    path: Path, report: Report, root: Path | None = None
) -> list[tuple[int, Correction]]:
    """The well-formed rows of corrections.csv, each with its line."""
    return model_rows(path, report, root, ("figure_id", "action", "reason"), Correction)


def _parse(field: str, raw: str, gazetteer: Gazetteer, today: dt.date) -> object:
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
    nullable = (
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
    clean = {
        k: (None if k in nullable and not isinstance(v, str) and pd.isna(v) else v)
        for k, v in row.items()
        if k in Figure.model_fields
    }
    Figure(**clean)


def apply_corrections(
    figures: pd.DataFrame,
    corrections: list[tuple[int, Correction]],
    gazetteer: Gazetteer,
    report: Report,
    label: str,
    today: dt.date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures with corrections applied, rejected figures with their reasons). A correction
    given twice, or a replace of a figure already rejected, is reported and not applied."""
    today = today or dt.date.today()
    if not corrections:
        return figures, figures.iloc[0:0].assign(reason="")
    figures = figures.copy()
    figures["corrected"] = figures.get("corrected", False)
    figures["correction"] = figures.get("correction", "")
    position = {fid: i for i, fid in enumerate(figures["id"])}
    rejected: dict[int, str] = {}
    seen: dict[tuple[str, str, str], int] = {}
    rejected_on: dict[str, int] = {}
    for line, c in corrections:
        key = (c.figure_id, c.action, c.field if c.action == "replace" else "")
        if key in seen:
            report.add(
                label,
                line,
                "figure_id",
                DUPLICATE_ROW,
                what=f"this {c.action} of {c.figure_id!r}"
                + (f" ({c.field})" if key[2] else "")
                + f" is already given on line {seen[key]}",
                advice="keep one",
            )
            continue
        seen[key] = line
        if c.action == "replace" and c.figure_id in rejected_on:
            report.add(
                label,
                line,
                "action",
                CONFLICTING_CORRECTION,
                id=c.figure_id,
                first=rejected_on[c.figure_id],
            )
            continue
        if c.figure_id not in position:
            report.add(
                label,
                line,
                "figure_id",
                UNKNOWN_ID,
                id=c.figure_id,
                hint=hint(closest(c.figure_id, list(position))),
            )
            continue
        i = position[c.figure_id]
        if c.action == "reject":
            rejected[i] = c.reason
            rejected_on[c.figure_id] = line
            continue
        if c.field not in CORRECTABLE_FIELDS:
            report.add(
                label,
                line,
                "field",
                UNKNOWN_FIELD,
                name=c.field,
                hint=hint(closest(c.field, CORRECTABLE_FIELDS)),
                fields=", ".join(CORRECTABLE_FIELDS),
            )
            continue
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
            continue
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
    keep = [i for i in range(len(figures)) if i not in rejected]
    out = figures.iloc[keep].reset_index(drop=True)
    gone = figures.iloc[sorted(rejected)].copy()
    gone["reason"] = [rejected[i] for i in sorted(rejected)]
    return out, gone.reset_index(drop=True)
