"""The review log (review.csv): every maintainer's decision about a figure, one row each.

Accepting, rejecting and correcting a figure each add a row (who, when, what, why); the log is
append-only, so the Sources page can say who changed what and when, and a figure's review state
is its last decision."""

from __future__ import annotations

from pathlib import Path

from loaders.model.problems import Report
from loaders.model.records import Decision
from loaders.read.csvrows import model_rows

REVIEW_COLUMNS = tuple(Decision.model_fields)


def read_review_log(
    path: Path, report: Report, root: Path | None = None
) -> list[tuple[int, Decision]]:
    """The well-formed rows of the review log, each with its line; a bad row is reported."""
    return model_rows(path, report, root, ("figure_id", "action", "who", "when"), Decision)
