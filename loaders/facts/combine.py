"""Figures read from articles and from curated tables, as one table of plain Python values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.model.records import Figure
from loaders.read.tables import FIGURE_COLUMNS, empty_figures


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Figures tables from articles and curated files as one, every text and date column holding
    Python objects and None for a missing value, as pydantic models and the exports expect."""
    frames = [f.drop(columns=["line"], errors="ignore") for f in frames if not f.empty]
    if not frames:
        return empty_figures()
    columns = {}
    for name in FIGURE_COLUMNS:
        parts = [_objects(f[name]) for f in frames]
        columns[name] = np.concatenate(parts) if len(parts) > 1 else parts[0]
    out = pd.DataFrame({k: pd.Series(v, dtype=object, copy=False) for k, v in columns.items()})
    out["value"] = out["value"].astype(float)
    out["derived"] = out["derived"].astype(bool)
    out["corrected"] = out["corrected"].astype(bool)
    out["background"] = out["background"].fillna(False).astype(bool)
    return out


def _objects(column: pd.Series) -> np.ndarray:
    """A column's values as Python objects, None where missing."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.asarray(column.cat.categories, dtype=object)
        return np.append(categories, [None])[column.cat.codes.to_numpy()]
    if isinstance(column.dtype, pd.ArrowDtype | pd.StringDtype):
        arrow = pa.chunked_array(pa.array(column.array))
        if pa.types.is_date32(arrow.type):  # numpy turns days into datetime.date objects
            days = arrow.to_numpy().astype("datetime64[D]")
            values = days.astype(object)
            values[np.isnat(days)] = None
            return values
        values = arrow.to_numpy(zero_copy_only=False).astype(object, copy=False)
        if pa.types.is_null(arrow.type):
            return np.full(len(values), None, dtype=object)
        return values
    return column.to_numpy(dtype=object, na_value=None)


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """Extracted figures as a table with the same columns as curated ones."""
    if not figures:
        return empty_figures()
    return pd.DataFrame([f.model_dump() for f in figures], columns=list(FIGURE_COLUMNS))
