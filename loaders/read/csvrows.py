"""CSV rows with the line each starts on, so every problem can name its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable


def csv_rows(
    text: str, required: Iterable[str], label: str, report
) -> list[tuple[int, dict[str, str]]] | None:
    """(line, row) for every record of `text`, cells stripped; None, with one problem per missing
    column, when a required column is absent."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    for column in missing:
        report.add(label, 1, column, "missing-column", f"required column {column!r} is missing")
    if missing:
        return None
    rows, end = [], 1
    for raw in reader:
        rows.append((end + 1, {k: (v or "").strip() for k, v in raw.items() if k is not None}))
        end = reader.line_num
    return rows
