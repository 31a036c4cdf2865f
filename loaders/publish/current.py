"""Whether a store is up to date, checked without building it: the build lock, what a build did
(`Counts`), the check itself (`current_store`) and the problems the last build reported.

A `build` with nothing to do ends here. This module imports no part of the build (no pandas, no
extractor, no dataset): they were most of such a build's time, for a check that reads the
manifest and the inputs' stat.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.model.problems import Report
from loaders.model.records import Problem
from loaders.publish.stored import (
    MANIFEST,
    Scanned,
    build_version,
    manifest_stamp,
    read_manifest,
    scan_against,
)
from loaders.read.folder import DataFolder

PROBLEM_FIELDS = tuple(Problem.model_fields)


@dataclass
class Counts:
    """What a build did."""

    extracted: int = 0
    reused: int = 0
    tables_read: int = 0
    tables_reused: int = 0
    hashed: int = 0  # input files read for their hash (the rest: stat unchanged)
    inputs: int = 0
    figures: int = 0
    facts: int = 0
    #: Date parts the figures were consolidated in (`load_in_parts`).
    parts: int = 0

    def line(self) -> str:
        return (
            f"{self.extracted:,} articles extracted, {self.reused:,} reused;"
            f" {self.tables_read:,} tables read, {self.tables_reused:,} reused;"
            f" {self.hashed:,} of {self.inputs:,} input files hashed;"
            f" {self.figures:,} figures consolidated in {self.parts:,} date parts"
        )


def build_lock(target: Path) -> Path:
    """The lock file builds of the store `target` take turns on: beside it, not in it (the store
    is swapped whole), e.g. `DIR/.store.lock` for `DIR/.store`."""
    return target.absolute().parent / f".{target.name.lstrip('.')}.lock"


@contextlib.contextmanager
def one_build(target: Path) -> Iterator[None]:
    """Hold the store's build lock (released when the build ends or its process dies)."""
    lock = build_lock(target)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def current_store(
    folder: DataFolder, target: Path, today: dt.date | None = None
) -> tuple[Counts | None, Scanned | None]:
    """What the store at `target` holds when a build now would write it again as it is: built
    from this folder, on this day, by this version (`build_version`), and every input's content
    the same (read only for the files whose stat changed, as a rebuild does); else None, with
    what was scanned for the build to start from. When only stats changed (a file touched, or
    copied back), the manifest is brought up to date, so the app no longer sees the folder
    changed; the tables are left as they are."""
    today = today or dt.date.today()
    with one_build(target):
        stamp = manifest_stamp(target)
        manifest = read_manifest(target)
        if not manifest:
            return None, None
        inputs = scan_against(folder, manifest)
        known = {f["path"]: f.get("sha256") for f in manifest.get("inputs", [])}
        if (
            manifest.get("today") != today.isoformat()
            or manifest.get("folder") != str(folder.root.absolute())
            or manifest.get("build") != build_version()
            or {n: f["sha256"] for n, f in inputs.files.items()} != known
        ):
            return None, Scanned(manifest, inputs, stamp)
        did = manifest.get("did", {})
        counts = Counts(
            reused=len(manifest.get("articles", {})),
            tables_reused=len(manifest.get("tables", {})),
            hashed=inputs.hashed,
            inputs=len(inputs.files),
            figures=int(did.get("figures", 0)),
            facts=int(did.get("facts", 0)),
            parts=int(did.get("parts", 0)),
        )
        fresh = [{"path": k, **v} for k, v in sorted(inputs.files.items())]
        if inputs.hashed or fresh != manifest["inputs"]:
            manifest |= {"inputs": fresh, "scanned_ns": inputs.scanned_ns, "did": vars(counts)}
            scratch = target / f".{MANIFEST}.tmp"
            scratch.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, target / MANIFEST)
        return counts, None


#: The problems a build reported, as JSON records beside `problems.parquet`: what a build with
#: nothing to do prints again, read without Arrow (whose import was a third of such a build).
PROBLEMS_JSON = "problems.json"


def write_problems(store: Path, report: Report) -> None:
    """The problems of `report` as `stored_problems` reads them (PROBLEMS_JSON)."""
    rows = [p.model_dump(mode="json") for p in report.problems]
    (store / PROBLEMS_JSON).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def stored_problems(store: Path) -> Report:
    """The problems a store's build reported, in their order (from PROBLEMS_JSON; a store
    written before it had one: from `problems.parquet`)."""
    report = Report()
    try:
        rows = json.loads((store / PROBLEMS_JSON).read_text(encoding="utf-8"))
    except FileNotFoundError:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(store / "problems.parquet").read(columns=list(PROBLEM_FIELDS))
        rows = table.to_pylist()
    report.problems = [Problem(**row) for row in rows]
    return report
