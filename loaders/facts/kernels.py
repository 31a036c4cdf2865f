"""Table kernels: a column's dates as days, its values as integer codes, rows grouped by codes,
values read at given rows without copying. Pandas and numpy only, no knowledge of what the
columns mean: selection, consolidation, the estimates and the dashboard's charts share them."""

from __future__ import annotations

import numpy as np
import pandas as pd


def day_column(date_column: str) -> str:
    """The name of the datetime column a prepared table carries beside `date_column`."""
    return f"_{date_column}_day"


def days(df: pd.DataFrame, date_column: str = "as_of") -> np.ndarray:
    """The dates of a column as datetime64[D]: read from a prepared table's day column (a cheap
    cast), else converted from the dates themselves."""
    prepared_days = day_column(date_column)
    if prepared_days in df.columns:
        return df[prepared_days].to_numpy().astype("datetime64[D]")
    return pd.to_datetime(df[date_column]).to_numpy(dtype="datetime64[D]")


def codes(df: pd.DataFrame, column: str) -> np.ndarray:
    """An integer per row naming its value of `column` (-1 for missing); free for categoricals."""
    if isinstance(df[column].dtype, pd.CategoricalDtype):
        return df[column].cat.codes.to_numpy()
    return pd.factorize(df[column])[0]


def values_at(df: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    """The values of `column` at the given rows as Python objects (None where missing), read
    without copying the column: categoricals through their codes, numpy columns by view."""
    series = df[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = np.append(np.asarray(series.cat.categories, dtype=object), None)
        return categories[series.cat.codes.to_numpy()[rows]]
    if isinstance(series.dtype, np.dtype):
        return series.to_numpy()[rows].astype(object)
    return series.iloc[rows].to_numpy(dtype=object, na_value=None)


def distinct_at(df: pd.DataFrame, column: str, rows: np.ndarray) -> list:
    """The distinct values of `column` among the given rows (missing values left out)."""
    if not len(rows):
        return []
    if isinstance(df[column].dtype, pd.CategoricalDtype):
        categories = df[column].cat.categories
        counts = np.bincount(df[column].cat.codes.to_numpy()[rows] + 1, minlength=1)
        return [categories[c - 1] for c in np.flatnonzero(counts) if c > 0]
    return [v for v in pd.unique(values_at(df, column, rows)) if not pd.isna(v)]


def group_codes_at(df: pd.DataFrame, columns: list[str], rows: np.ndarray) -> np.ndarray:
    """`group_codes` for the given rows only, read from per-column codes of the whole table (free
    for categoricals), so no column is copied."""
    code = np.zeros(len(rows), dtype=np.int64)
    for column in columns:
        column_codes = codes(df, column)[rows]
        width = int(column_codes.max(initial=-1)) + 2
        if int(code.max(initial=0)) >= (1 << 62) // width:  # keep the product within int64
            code = pd.factorize(code)[0].astype(np.int64)
        code = code * width + column_codes + 1
    return pd.factorize(code)[0]


def group_codes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row naming its combination of `columns` (missing values included), built
    from per-column codes so that no text is iterated in Python."""
    return group_codes_at(df, columns, np.arange(len(df)))
