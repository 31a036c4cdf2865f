"""Tables as Parquet files and back: a frame written with its pandas metadata, and read again as
the loaders made it (Python strings and `datetime.date` objects where they held them, repeated
texts as categoricals). The store's tables, its parts and a build's scratch files all go through
here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """`frame` as a Parquet file (zstd; no pandas index)."""
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, compression="zstd")


def read_frame(path: Path) -> pd.DataFrame:
    """A published table as the loaders make it: text as Python strings (None when missing),
    dates as `datetime.date`, repeated texts as categoricals where they were written so, and a
    column that held Python objects (numbers with gaps) as objects again."""
    return frame_of(pq.read_table(path))


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
