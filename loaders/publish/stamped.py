"""Parquet files the build stamps with what they hold (their format, and what else a reader
must know) in the file's own metadata, so a reader tells a file of this build's making from an
older one without opening its rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def stamp_of(path: Path) -> dict[bytes, bytes] | None:
    """The metadata the build stamped on the file at `path`; None when there is no readable
    Parquet file there."""
    try:
        return dict(pq.read_schema(path).metadata or {})
    except (OSError, pa.ArrowException):
        return None


def write_stamped(table: pa.Table, path: Path, stamp: dict[bytes, bytes], row_group: int) -> None:
    """Write `table` at `path` as zstd Parquet in row groups of `row_group` rows, stamped."""
    pq.write_table(
        table.replace_schema_metadata(stamp), path, compression="zstd", row_group_size=row_group
    )
