"""CSV rows with the line each starts on, so every problem can name its line; and the one way
numbers and dates written in data files are read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from loaders.model.problem_types import (
    EARLY_DATE,
    FUTURE_DATE,
    INVALID_CSV,
    MISSING_COLUMN,
    SEMICOLON_SEPARATED,
    ProblemType,
)
from loaders.model.problems import Report
from loaders.read.folder import read_text

Record = TypeVar("Record", bound=BaseModel)

#: A number as data files write it: ASCII digits, an optional sign, point and exponent. No
#: thousands separators, underscores, spaces or other scripts' digits ('٣٠٠٠', ' 1_000 ').
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
#: The same, as a regular expression for Arrow's column-at-a-time checks.
NUMBER_PATTERN = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: A date as data files write it: YYYY-MM-DD in ASCII digits (no week dates, no '20230928').
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
#: The earliest date a figure, article or event may carry.
EARLIEST = dt.date(1900, 1, 1)
#: Python's csv module refuses cells longer than this; the limit is reported, not raised.
CELL_LIMIT = csv.field_size_limit()


def parse_number(text: str) -> float:
    """The number `text` writes (whitespace around it allowed); ValueError for anything else."""
    stripped = text.strip()
    if not NUMBER.fullmatch(stripped) or not math.isfinite(float(stripped)):
        raise ValueError(f"{text!r} is not a number; write digits only (11500000, not 11,500,000)")
    return float(stripped)


def parse_date(text: str) -> dt.date:
    """The date `text` writes as YYYY-MM-DD; ValueError for anything else."""
    stripped = text.strip()
    if not DATE.fullmatch(stripped):
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD")
    return dt.date.fromisoformat(stripped)


def date_problem(value: dt.date, today: dt.date) -> tuple[ProblemType, dict] | None:
    """The problem type and its fields when `value` cannot be a data date (after today, or
    before 1900), or None."""
    if value > today:
        return FUTURE_DATE, {"date": value, "today": today.isoformat()}
    if value < EARLIEST:
        return EARLY_DATE, {"date": value, "year": EARLIEST.year}
    return None


def check_date(value: dt.date, today: dt.date) -> str | None:
    """Why `value` cannot be a data date (after today, or before 1900), or None."""
    found = date_problem(value, today)
    return found[0].message(**found[1]) if found else None


def csv_rows(
    text: str, required: Iterable[str], label: str, report
) -> list[tuple[int, dict[str, str]]] | None:
    """(line, row) for every record of `text`, cells stripped; None, with one problem per missing
    column, when a required column is absent. A cell over the csv module's limit ends the file
    with a problem naming its line; the rows before it are kept."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        report.add(label, 1, "file", INVALID_CSV, part="the header", reason=exc, advice="")
        return None
    missing = [c for c in required if c not in fieldnames]
    if missing and semicolons(fieldnames, missing, label, report):
        return None
    for column in missing:
        report.add(label, 1, column, MISSING_COLUMN, column=column, detail="")
    if missing:
        return None
    rows, end = [], 1
    try:
        for raw in reader:
            rows.append((end + 1, {k: (v or "").strip() for k, v in raw.items() if k is not None}))
            end = reader.line_num
    except csv.Error as exc:
        unreadable_row(report, label, end + 1, exc)
    return rows


def unreadable_row(report: Report, label: str, line: int, exc: csv.Error) -> None:
    """The problem line for a row the csv module cannot read (an unclosed quote, a cell over
    the limit): what is wrong, and that the rows after it are not read."""
    report.add(
        label,
        line,
        "row",
        INVALID_CSV,
        part="this row",
        reason=exc,
        advice=f"; a cell is limited to {CELL_LIMIT:,} characters and quotes must be closed;"
        " the rows after it are not read",
    )


def semicolons(header: list[str], missing: Iterable[str], label: str, report: Report) -> bool:
    """Whether the header is separated by ';' (as spreadsheets in many European locales save
    CSV) and holds the missing columns that way; reported once, naming the separator."""
    cells = {c.strip() for cell in header for c in cell.split(";")}
    if not any(";" in cell for cell in header) or not set(missing) <= cells:
        return False
    report.add(
        label,
        1,
        "file",
        SEMICOLON_SEPARATED,
    )
    return True


def model_rows(
    path: Path, report: Report, root: Path | None, required: tuple[str, ...], model: type[Record]
) -> list[tuple[int, Record]]:
    """The well-formed rows of a register CSV (corrections, the review log) as `model` records,
    each with its line; a missing file is no rows, a bad row a problem line."""
    label = str(path)
    if not path.exists():
        return []
    text = read_text(path, report, label, root=root)
    if text is None:
        return []
    out = []
    for line, raw in csv_rows(text, required, label, report) or []:
        values = {k: raw.get(k, "") for k in model.model_fields}
        try:
            out.append((line, model(**values)))
        except ValidationError as exc:
            report.add_invalid(label, line, exc, values)
    return out
