"""Maintainers' corrections (corrections.csv): the rows that reject a figure or replace a field
of it, by id. They are applied to the figures in `facts/corrections.py`."""

from __future__ import annotations

from pathlib import Path

from loaders.model.problems import Report
from loaders.model.records import Correction
from loaders.read.csvrows import model_rows

COLUMNS = tuple(Correction.model_fields)


def read_corrections(
    path: Path, report: Report, root: Path | None = None
) -> list[tuple[int, Correction]]:
    """The well-formed rows of corrections.csv, each with its line."""
    return model_rows(path, report, root, ("figure_id", "action", "reason"), Correction)
