"""Timing helpers: medians of repetitions, peak memory in a child process."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


PEAK_SCRIPT = """
import json, sys
from pathlib import Path
from loaders.read.gazetteer import read_places
from loaders.read.routes import read_routes
from loaders.model.problems import Report
from loaders.read.folder import DataFolder
from loaders.read.tables import read_table
import pandas as pd
report = Report()
folder = DataFolder(Path(sys.argv[2]))
gaz = read_places(folder.places, report)
read_routes(folder.routes, report, gaz)
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1])
base = rss()
if sys.argv[3] == "build":
    table = read_table(Path(sys.argv[1]), gaz, report)
else:
    table = pd.read_csv(sys.argv[1])
# VmHWM, not ru_maxrss: on Linux a child inherits its parent's ru_maxrss across fork and exec.
peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
print(json.dumps({"base_kb": base, "peak_kb": peak, "rows": len(table)}))
"""


def peak_memory_mb(path: str, data_dir: str, mode: str) -> float:
    """Peak memory added by building (or plainly reading) one table, in a fresh process, in MB."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, path, data_dir, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return (result["peak_kb"] - result["base_kb"]) / 1024
