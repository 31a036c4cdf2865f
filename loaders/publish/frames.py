"""Tables as Parquet files and back: a frame written with its pandas metadata, and read again as
the loaders made it (Python strings and `datetime.date` objects where they held them, repeated
texts as categoricals). The store's tables, its parts and a build's scratch files all go through
here. A build's scratch files (a path ending in `SCRATCH_SUFFIX`) are Arrow IPC files with lz4
buffers instead: written and read back once each, they cost a tenth of Parquet's encoding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.parquet as pq

#: The suffix of a scratch file: Arrow IPC (Feather v2), lz4-compressed.
SCRATCH_SUFFIX = ".arrow"
#: Rows of a row group of the store's figures and facts (`write_as_one`): sorted by date, a
#: question about a few days (the facts near a series' last day) decodes the row groups of those
#: days only, not a date part of a million rows.
ROW_GROUP = 65_536


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """`frame` as a Parquet file (zstd; no pandas index), or a scratch file (`SCRATCH_SUFFIX`)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if Path(path).suffix == SCRATCH_SUFFIX:
        feather.write_feather(table, path, compression="lz4")
    else:
        pq.write_table(table, path, compression="zstd")


def write_rows(frame: pd.DataFrame, order: np.ndarray, path: Path) -> None:
    """`frame.iloc[order]` written as `write_frame` writes it, its rows taken in Arrow."""
    table = pa.Table.from_pandas(frame, preserve_index=False).take(pa.array(order))
    if Path(path).suffix == SCRATCH_SUFFIX:
        feather.write_feather(table, path, compression="lz4")
    else:
        pq.write_table(table, path, compression="zstd")


def read_frame(path: Path) -> pd.DataFrame:
    """A published table as the loaders make it: text as Python strings (None when missing),
    dates as `datetime.date`, repeated texts as categoricals where they were written so, and a
    column that held Python objects (numbers with gaps) as objects again."""
    return frame_of(read_arrow(path))


def read_arrow(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A table written by `write_frame` (Parquet or a scratch file), as Arrow."""
    if Path(path).suffix == SCRATCH_SUFFIX:
        return feather.read_table(path, columns=columns)
    return pq.read_table(path, columns=columns)


def _schema(path: Path | pa.Table) -> pa.Schema:
    if isinstance(path, pa.Table):
        return path.schema
    if Path(path).suffix == SCRATCH_SUFFIX:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).schema
    return pq.read_schema(path)


def pandas_kinds(schema: pa.Schema) -> dict[str, dict]:
    """Per column, what pandas wrote it from (the Parquet file's pandas metadata)."""
    meta = json.loads((schema.metadata or {}).get(b"pandas", b"{}"))
    return {c.get("name"): c for c in meta.get("columns", [])}


def frame_of(
    table: pa.Table,
    kinds: dict[str, dict] | None = None,
    categories: dict[str, list] | None = None,
) -> pd.DataFrame:
    """An Arrow table read from a published table (`kinds`: its columns' pandas metadata, read
    from `table` itself when None) as `read_frame` gives it; a text column written as a
    categorical but read as text (DuckDB's answer) becomes one again, over `categories`."""
    kinds = pandas_kinds(table.schema) if kinds is None else kinds
    numpy = {name: str(c.get("numpy_type")) for name, c in kinds.items()}
    texts = [
        name
        for name, kind in zip(table.column_names, table.schema.types, strict=True)
        if (pa.types.is_string(kind) or pa.types.is_large_string(kind))
        and numpy.get(name, "object") == "object"
    ]
    frame = table.drop_columns(texts).to_pandas(date_as_object=True)
    for name in texts:
        values = table.column(name).to_numpy(zero_copy_only=False)
        frame[name] = pd.Series(values, dtype=object, index=frame.index)
    frame = frame[table.column_names]
    frame.columns = pd.Index(table.column_names)
    for name, column in kinds.items():
        kind = str(column.get("numpy_type"))
        if name not in frame:
            continue
        if column.get("pandas_type") == "categorical" and not isinstance(
            frame[name].dtype, pd.CategoricalDtype
        ):
            cats = (categories or {}).get(name)
            frame[name] = pd.Categorical(frame[name].astype(object), categories=cats)
        elif kind.startswith("datetime64[") and str(frame[name].dtype) != kind:
            frame[name] = frame[name].astype(kind)  # Parquet has no seconds: ms on disk
        elif column.get("pandas_type") == "date" and frame[name].dtype != object:
            frame[name] = pd.Series(
                [None if pd.isna(v) else v.date() for v in frame[name]],
                dtype=object,
                index=frame.index,
            )
    objects = {name for name, kind in numpy.items() if kind == "object"}
    for name in objects & set(frame.columns):
        if frame[name].dtype != object and not isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def arrow_of(frame: pd.DataFrame) -> pa.Table:
    """`frame` as `write_frame` writes it, kept in memory (a piece of `write_as_one`)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_as_one(pieces: Sequence[Path | pa.Table], path: Path) -> None:
    """Parquet files of one table's parts (the same columns, each written by `write_frame`, or
    held in memory as `arrow_of` makes them) as one file at `path`, a part at a time: a column
    of one type throughout (a part whose column is empty takes the others' type), and each
    categorical over every part's values, sorted (as `prepared` makes them for the whole
    table), so the file reads as if written at once."""
    schemas = [_schema(p) for p in pieces]
    fields = []
    for name in schemas[0].names:
        kinds = [s.field(name).type for s in schemas if s.field(name).type != pa.null()]
        if any(pa.types.is_dictionary(k) for k in kinds):
            fields.append(pa.field(name, _DICTIONARY))
        elif kinds:
            fields.append(pa.unify_schemas([pa.schema([(name, k)]) for k in kinds]).field(name))
        else:
            fields.append(pa.field(name, pa.null()))
    target = pa.schema(fields, metadata=schemas[0].metadata)
    values = {
        f.name: pa.array(_values(pieces, f.name), pa.string())
        for f in fields
        if pa.types.is_dictionary(f.type)
    }
    with pq.ParquetWriter(path, target, compression="zstd") as writer:
        for piece in pieces:
            table = _piece(piece)
            columns = [
                _recoded(table.column(f.name), values[f.name])
                if f.name in values
                else table.column(f.name).cast(f.type)
                for f in fields
            ]
            writer.write_table(pa.Table.from_arrays(columns, schema=target), ROW_GROUP)


_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def _piece(piece: Path | pa.Table, columns: list[str] | None = None) -> pa.Table:
    """A piece of `write_as_one`: held in memory, or read from its file."""
    if isinstance(piece, pa.Table):
        return piece.select(columns) if columns is not None else piece
    return read_arrow(piece, columns=columns)


def _values(pieces: Sequence[Path | pa.Table], name: str) -> list[str]:
    """The distinct values of a column over every piece, sorted."""
    found: set[str] = set()
    for piece in pieces:
        column = _piece(piece, columns=[name]).column(name)
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type):
                found.update(v for v in chunk.dictionary.to_pylist() if v is not None)
            else:
                found.update(v for v in pc.unique(chunk).to_pylist() if v is not None)
    return sorted(found)


def _recoded(column: pa.ChunkedArray, values: pa.Array) -> pa.ChunkedArray:
    """A text or dictionary column as indices into `values` (which holds every value of it)."""
    chunks = []
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            at = pc.index_in(chunk.dictionary.cast(pa.string()), value_set=values)
            indices = pc.take(at, chunk.indices)
        else:
            indices = pc.index_in(chunk.cast(pa.string()), value_set=values)
        chunks.append(pa.DictionaryArray.from_arrays(indices.cast(pa.int32()), values))
    return pa.chunked_array(chunks, type=_DICTIONARY)
