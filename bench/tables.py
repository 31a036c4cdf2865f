"""Building (reading and fully validating) curated tables of 10 k to 1 M rows vs pandas.read_csv."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from bench.measure import median_time, peak_memory_mb
from bench.synthetic import write_table
from loaders.model.problems import Report
from loaders.read.gazetteer import Gazetteer
from loaders.read.tables import read_table


def run(gazetteer: Gazetteer, data_dir: Path, sizes: list[int], repeat: int) -> dict:
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        for rows in sizes:
            path = write_table(Path(tmp) / f"synthetic_{rows}.csv", rows)
            plain = median_time(lambda p=path: pd.read_csv(p), repeat)
            build = median_time(lambda p=path: read_table(p, gazetteer, Report()), repeat)
            label = f"{rows // 1000}k" if rows < 1_000_000 else f"{rows // 1_000_000}m"
            out[f"build_{label}_s"] = round(build, 3)
            out[f"read_csv_{label}_s"] = round(plain, 3)
            out[f"build_{label}_vs_read_csv"] = round(build / plain, 2)
        largest = path
        size_mb = largest.stat().st_size / 1e6
        out["largest_table_file_mb"] = round(size_mb, 1)
        out["largest_build_peak_mb"] = round(
            peak_memory_mb(str(largest), str(data_dir), "build"), 1
        )
        out["largest_read_csv_peak_mb"] = round(
            peak_memory_mb(str(largest), str(data_dir), "read"), 1
        )
        out["largest_build_peak_vs_file"] = round(out["largest_build_peak_mb"] / size_mb, 2)
    return out
