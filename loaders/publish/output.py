"""Writing tables: CSV and JSON in the SPEC's forms, each file replaced atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over `path`, so an
    interrupted run leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def public(df: pd.DataFrame) -> pd.DataFrame:
    """The table without its working columns (named with a leading '_', such as the day column of
    a prepared table): what readers and files see."""
    return df[[c for c in df.columns if not str(c).startswith("_")]]


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with numbers as plain numerals (no '.0' on whole numbers), offsets as integers and
    missing values empty. Working columns (named with a leading '_') are left out."""
    out = public(df).copy()
    for column in ("value", "value_max", "lat", "lon"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64")
    for column in ("start", "end", "geonames_id", "line", "figures", "n_sources"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    return out


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """`df` as UTF-8 CSV at `path`, atomically."""
    ready = csv_ready(df)
    atomic_write(path, lambda tmp: ready.to_csv(tmp, index=False, float_format="%.15g"))


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, missing values as null."""
    text = csv_ready(df).to_json(orient="records", date_format="iso", force_ascii=False)
    rows = json.loads(text)
    for row in rows:
        for key, value in row.items():
            if (
                isinstance(value, str)
                and len(value) >= 10
                and value[4:5] == "-"
                and "T00:00" in value
            ):
                row[key] = value[:10]
    return rows
