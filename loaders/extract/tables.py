"""Tables flattened into text: a web page's table often reaches an article as one cell per line,
column headers first, then each row as its label and its cells ("Area / Deaths / Injured / Houses
damaged / North / 220 / 1,656 / 10,586 / ..."). Each cell's column header says what it counts.

A table is recognised when a run of short lines without digits (the headers, then the first
row's label) is followed by rows of the same number n >= 2 of cells, at least two rows; a cell is
a line holding only a number or a dash (an empty cell keeps its column). A run of cells after a
label may hold several rows (a totals row has no label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.sentences import Sentence

_CELL = re.compile(r"\s*(?:\d[\d.,\s\u00a0\u202f]*|[–—-]+|[A-Za-z]\d+)\s*")
_HEADER = re.compile(r"[^\d]{1,40}")
#: Fewest rows that make a table.
_MIN_ROWS = 2


@dataclass(frozen=True)
class Cell:
    """A table cell: its column header, and the row it belongs to (body offsets)."""

    header: str
    row_start: int
    row_end: int


def _is_cell(s: Sentence) -> bool:
    return _CELL.fullmatch(s.text) is not None


def _is_header(s: Sentence) -> bool:
    return _HEADER.fullmatch(s.text) is not None


def table_cells(sentences: list[Sentence]) -> dict[int, Cell]:
    """The cells of every table among `sentences` (one line each), by sentence index."""
    out: dict[int, Cell] = {}
    i = 0
    while i < len(sentences):
        if not _is_cell(sentences[i]) or i == 0:
            i += 1
            continue
        found = _table_at(sentences, i)
        if found:
            out.update(found)
            i = max(found) + 1
        else:
            while i < len(sentences) and _is_cell(sentences[i]):
                i += 1
    return out


def _run(sentences: list[Sentence], i: int, test) -> int:
    """End (exclusive) of the run of sentences from i that pass `test`."""
    while i < len(sentences) and test(sentences[i]):
        i += 1
    return i


def _table_at(sentences: list[Sentence], first: int) -> dict[int, Cell]:
    """The table whose first cell is sentences[first], or nothing."""
    n = _run(sentences, first, _is_cell) - first
    label = first - 1
    top = label - n
    if n < 2 or top < 0 or not all(_is_header(s) for s in sentences[top : label + 1]):
        return {}
    headers = [s.text.strip() for s in sentences[top:label]]
    rows: list[tuple[int, list[int]]] = []  # (label index or -1, cell indexes)
    i = first
    row_label = label
    while i < len(sentences):
        end = _run(sentences, i, _is_cell)
        count = end - i
        if count == 0 or count % n:
            break
        for r in range(0, count, n):
            rows.append((row_label if r == 0 else -1, list(range(i + r, i + r + n))))
        if end < len(sentences) and _is_header(sentences[end]) and _is_cell_at(sentences, end + 1):
            row_label, i = end, end + 1
        else:
            break
    if len(rows) < _MIN_ROWS:
        return {}
    out: dict[int, Cell] = {}
    for row_label, cells in rows:
        start = sentences[row_label].start if row_label >= 0 else sentences[cells[0]].start
        end = sentences[cells[-1]].end
        for column, index in enumerate(cells):
            out[index] = Cell(headers[column], start, end)
    return out


def _is_cell_at(sentences: list[Sentence], i: int) -> bool:
    return i < len(sentences) and _is_cell(sentences[i])
