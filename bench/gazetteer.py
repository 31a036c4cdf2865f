"""The world gazetteer: a name lookup against reading the bundled places.csv, and `places add`
into a new folder against the command line starting and doing nothing (`--help`), in one run.

The index is built first if missing (once per machine; not timed here, it is what the cache is
for). Names looked up are real place names; no data is written outside temporary folders."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import median_time
from loaders.model.problems import Report
from loaders.read.folder import BUNDLED, DataFolder
from loaders.read.gazetteer import read_places
from loaders.read.world import World

NAMES = ("Arménie", "Kharkiv", "Харьков", "North Darfur", "Springfield", "Adré", "Goris", "Tchad")


def run(repeat: int) -> dict:
    world = World.open()
    lookup = median_time(lambda: [world.resolve(n, {"SD", "TD"}) for n in NAMES], max(3, repeat))
    lookup /= len(NAMES)
    places = median_time(lambda: read_places(DataFolder(BUNDLED).places, Report()), max(3, repeat))
    cli = [sys.executable, "-m", "loaders"]
    start_only = median_time(lambda: subprocess.run([*cli, "--help"], capture_output=True), repeat)

    def add() -> None:
        with tempfile.TemporaryDirectory(prefix="bench-places-") as tmp:
            folder = Path(tmp) / "s"
            subprocess.run([*cli, "init", folder], capture_output=True, check=True)
            subprocess.run(
                [*cli, "places", "add", "Geneina", "--parent", "Western Darfur", "--data", folder],
                capture_output=True,
                check=True,
            )

    add_s = median_time(add, repeat)
    return {
        "world_lookup_ms": round(lookup * 1000, 3),
        "world_lookup_vs_read_places": round(lookup / places, 3),
        "places_add_s": round(add_s, 2),
        "places_add_vs_cli_start": round(add_s / start_only, 2),
    }
