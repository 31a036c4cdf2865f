"""Curated figure tables (figures/*.csv): read into columns of text, then checked and normalised
a whole column at a time (`table_checks`). Arrow's multi-threaded reader takes plain files; files it
cannot read exactly (a cell spanning lines, a wrong cell count, bad encoding, odd headers) go
through Python's csv module, which gives exact line numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from loaders.model.problem_types import EMPTY_TABLE, MISSING_COLUMN, TOO_LARGE, WRONG_CELL_COUNT
from loaders.model.problems import Report, closest
from loaders.model.records import REVIEW_FIELDS, Figure
from loaders.read.characters import clean_column
from loaders.read.columns import Coded, found
from loaders.read.csvrows import semicolons, unreadable_row
from loaders.read.folder import MAX_TABLE_BYTES, check_file, decode, read_file
from loaders.read.gazetteer import Gazetteer
from loaders.read.table_checks import validate

#: Tables with more rows are refused; split them by year or region.
MAX_TABLE_ROWS = 5_000_000


REQUIRED_COLUMNS = ("as_of", "indicator", "value", "unit")


FIGURE_COLUMNS: tuple[str, ...] = tuple(f for f in Figure.model_fields if f not in REVIEW_FIELDS)


def empty_figures() -> pd.DataFrame:
    """A figures table with no rows and every column of the Figure model."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FIGURE_COLUMNS})


#: Columns read as codes into their distinct values (few distinct texts in a curated table).
CODED_COLUMNS = (
    "as_of",
    "indicator",
    "subtype",
    "unit",
    "qualifier",
    "place",
    "note",
    "source_outlet",
    "published",
    "modality",
    "origin",
    "destination",
    "per",
    "background",
)


#: Columns with mostly distinct texts, kept as Arrow strings.
PLAIN_COLUMNS = ("value", "value_max", "source_url")


_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


#: Arrow's reader parses blocks of this size in parallel; larger blocks mean fewer chunks to walk.
_BLOCK_BYTES = 4 << 20
#: The fast reader's header must end within this many bytes.
_HEADER_BYTES = 65536


@dataclass
class _Columns:
    """The cells of a table: coded and plain text columns (stripped), and each row's line."""

    coded: dict[str, Coded]
    plain: dict[str, pa.ChunkedArray]
    lines: np.ndarray
    header: list[str]
    #: Plain columns known to hold a space somewhere (None: not looked at, so any may).
    spaced: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.lines)


def _header(path: Path) -> list[str] | None:
    """The header's cells, or None when the file's start is not plain UTF-8 CSV or the header
    does not end within _HEADER_BYTES (the careful reader takes those)."""
    try:
        with path.open("rb") as fh:
            start = fh.read(_HEADER_BYTES)
        if (b"\n" not in start and len(start) == _HEADER_BYTES) or b"\x00" in start:
            return None
        first = start.split(b"\n", 1)[0].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        cells = next(csv.reader([first]), [])
    except csv.Error:  # a lone carriage return, a stray quote: the careful reader says where
        return None
    return cells if any(c.strip() for c in cells) else None


def _read_fast(path: Path) -> _Columns | None:
    """Arrow's multi-threaded reader; None when the file needs the careful reader instead (bad
    encoding, a row with the wrong number of cells, a cell spanning lines, odd headers)."""
    header = _header(path)
    if header is None or '"' in ",".join(header):
        return None
    names = [c.strip() for c in header]
    if len(set(names)) != len(names):
        return None
    types = {
        raw: _DICTIONARY if name in CODED_COLUMNS else pa.string()
        for raw, name in zip(header, names, strict=True)
    }
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=_BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowException, OSError, ValueError):
        return None
    coded, plain, spaced = {}, {}, set()
    for raw, name in zip(header, names, strict=True):
        column = table.column(raw)
        if name in CODED_COLUMNS:
            merged = column.unify_dictionaries() if column.num_chunks > 1 else column
            for chunk in merged.chunks[:1]:
                if any("\n" in v or "\r" in v for v in chunk.dictionary.to_pylist()):
                    return None
            coded[name] = Coded.from_arrow(merged)
        else:
            present = found(column, b"\n", b"\r", b" ")
            if b"\n" in present or b"\r" in present:
                return None
            if b" " in present:
                spaced.add(name)
            if name in PLAIN_COLUMNS:
                column = clean_column(column)
                plain[name] = pc.utf8_trim_whitespace(column) if _untrimmed(column) else column
    pa.default_memory_pool().release_unused()  # the parser's buffers, freed but still held
    lines = np.arange(2, table.num_rows + 2, dtype=np.int32)
    return _Columns(coded, plain, lines, names, frozenset(spaced))


def _untrimmed(column: pa.ChunkedArray) -> bool:
    """Whether any string may start or end with a space (checked on its first and last bytes)."""
    for chunk in column.chunks:
        n = len(chunk)
        if n == 0 or chunk.buffers()[2] is None:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
            chunk.offset : chunk.offset + n + 1
        ]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        filled = offsets[1:] > offsets[:-1]
        edges = np.concatenate([data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]])
        if ((edges <= 0x20) | (edges >= 0x80)).any():
            return True
    return False


def _read_careful(path: Path, label: str, report: Report) -> _Columns | None:
    """Python's csv module, row by row: precise lines for encoding and cell-count problems."""
    raw = read_file(path, report, label, MAX_TABLE_BYTES)
    text = None if raw is None else decode(raw, report, label)
    if text is None:
        return None
    if not text.strip():
        report.add(label, 1, "file", EMPTY_TABLE)
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines, end = [], [], 0
    try:
        header = [c.strip() for c in next(reader, [])]
        end = reader.line_num
        for cells in reader:
            line, end = end + 1, reader.line_num
            if len(cells) != len(header) and any(c.strip() for c in cells):
                report.add(
                    label,
                    line,
                    "row",
                    WRONG_CELL_COUNT,
                    cells=len(cells),
                    header=len(header),
                )
                continue
            rows.append(cells if cells else [""] * len(header))
            lines.append(line)
    except csv.Error as exc:
        unreadable_row(report, label, end + 1, exc)
        if not end:
            return None
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    coded, plain = {}, {}
    for name in dict.fromkeys(header):
        if name not in CODED_COLUMNS and name not in PLAIN_COLUMNS:
            continue  # a column no figure reads: 20,000 of them took 10 s to strip
        cells = frame[name] if frame[name].ndim == 1 else frame[name].iloc[:, 0]
        stripped = cells.astype(object).map(str.strip)
        if name in CODED_COLUMNS:
            codes, values = pd.factorize(stripped)
            coded[name] = Coded(codes, np.asarray(values, dtype=object))
        elif name in PLAIN_COLUMNS:
            plain[name] = pa.chunked_array([pa.array(stripped.tolist(), pa.string())])
    return _Columns(coded, plain, np.array(lines, dtype=int), header)


def read_table(
    path: Path, gazetteer: Gazetteer, report: Report, today: dt.date | None = None
) -> pd.DataFrame:
    """The good rows of one curated table as figures; every problem goes to `report`."""
    label = str(path)
    today = today or dt.date.today()
    if not check_file(path, report, label, MAX_TABLE_BYTES):
        return empty_figures()
    cols = _read_fast(path) or _read_careful(path, label, report)
    if cols is None:
        return empty_figures()
    n = len(cols)
    if n > MAX_TABLE_ROWS:
        report.add(
            label,
            0,
            "file",
            TOO_LARGE,
            size=f"{n:,} rows",
            limit=f"{MAX_TABLE_ROWS:,}",
            advice="split the table",
        )
        return empty_figures()
    missing = [c for c in REQUIRED_COLUMNS if c not in cols.header]
    if missing and semicolons(cols.header, missing, label, report):
        return empty_figures()
    for column in missing:
        hint = closest(column, [c for c in cols.header if c not in REQUIRED_COLUMNS])
        extra = f"; is {hint!r} meant to be it?" if hint else ""
        report.add(
            label,
            1,
            column,
            MISSING_COLUMN,
            column=column,
            detail=f"{extra} (required: {', '.join(REQUIRED_COLUMNS)})",
        )
    if missing:
        return empty_figures()
    coded = {c: cols.coded.get(c) or Coded.constant(n) for c in CODED_COLUMNS}
    empty_text = pa.chunked_array([pa.repeat("", n).cast(pa.string())])
    plain = {c: cols.plain.get(c, empty_text) for c in PLAIN_COLUMNS}
    if n == 0:
        return empty_figures()
    spaced = cols.spaced is None or "source_url" in cols.spaced
    return validate(path, coded, plain, cols.lines, gazetteer, report, today, spaced)
