"""Figures past the largest value their unit allows (`limits` in the vocabulary): each is a
problem line and is left out, so no card shows a count of people above the world's population,
and no sum of figures can overflow to infinity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.model.problem_types import IMPLAUSIBLE_VALUE
from loaders.model.problems import Report
from loaders.model.vocabulary import VOCABULARY
from loaders.read.folder import DataFolder


def within_limits(figures: pd.DataFrame, folder: DataFolder, report: Report) -> pd.DataFrame:
    """`figures` without the rows whose value or upper bound is past its unit's limit, each
    reported against the file it came from."""
    if figures.empty:
        return figures
    units = figures["unit"].astype(str)
    limit = units.map({u: VOCABULARY.max_value(u) for u in units.unique()}).to_numpy(float)
    value = pd.to_numeric(figures["value"], errors="coerce").to_numpy(float)
    vmax = pd.to_numeric(figures["value_max"], errors="coerce").to_numpy(float)
    with np.errstate(invalid="ignore"):
        past = (value > limit) | (np.nan_to_num(vmax, nan=0.0) > limit)
    for i in np.flatnonzero(past):
        row = figures.iloc[i]
        biggest = max(value[i], 0 if np.isnan(vmax[i]) else vmax[i])
        extracted = row.get("method") == "extracted"
        where = (
            folder.articles_dir / f"{row['source']}.txt"
            if extracted
            else folder.figures_dir / f"{row['source']}.csv"
        )
        report.add(
            str(where),
            0,
            "value" if value[i] > limit[i] else "value_max",
            IMPLAUSIBLE_VALUE,
            value=f"{biggest:.6g} {row['unit']}",
            indicator=row["indicator"],
            limit=f"{limit[i]:,.0f} {row['unit']}",
        )
    return figures[~past].reset_index(drop=True) if past.any() else figures
