"""Tests of loaders/facts/parts.py: the figures of article parts as one table."""

from __future__ import annotations

import pyarrow as pa

from loaders.facts.parts import ArticlePart, StoredRows, figure_rows_table
from loaders.read.tables import FIGURE_COLUMNS


def _row(source: str, destination: str | None) -> dict:
    """A figure row of `source` (synthetic, test data only): every column None but these."""
    row: dict = dict.fromkeys(FIGURE_COLUMNS)
    row.update(id=f"{source}-1", source=source, indicator="displaced", value=5.0)
    row["destination"] = destination
    return row


def test_a_rebuild_keeping_rows_without_a_value_types_the_column_as_a_cold_build():
    """Defect (found making displacement figures name their destination): a stored table whose
    deleted article alone gave `destination` a value kept the column typed string for the rows
    left, while a cold build from the same rows typed it null, so a rebuild wrote another
    schema than a cold build of the same folder. A column holding no value is typed null."""
    stored = pa.Table.from_pylist([_row("gone", "am"), _row("kept", None)]).select(FIGURE_COLUMNS)
    kept = ArticlePart(article=None, rows=StoredRows(stored, 1, 1), problems=[])
    rebuilt = figure_rows_table([kept])
    cold = figure_rows_table([ArticlePart(article=None, rows=[_row("kept", None)], problems=[])])
    assert rebuilt.schema == cold.schema
    assert pa.types.is_null(rebuilt.schema.field("destination").type)
    both = figure_rows_table([kept, ArticlePart(None, [_row("new", "am")], [])])
    assert both.column("destination").to_pylist() == [None, "am"]  # a value keeps its type
