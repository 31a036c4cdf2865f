"""A build in date parts (`loaders/publish/partitioned.py`): the store it writes, part by part, is
the store one part writes, and what loading the whole folder in memory gives."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loaders.facts.dataset import load_dataset
from loaders.facts.parts import Parts
from loaders.facts.selection import prepared
from loaders.publish.frames import read_frame
from loaders.publish.partitioned import date_cuts, load_in_parts
from loaders.publish.store import PROBLEM_FIELDS, SUMMARY, TABLES, build_store
from loaders.publish.summary import summary
from loaders.read.folder import DataFolder

TODAY = dt.date(2026, 12, 6)
#: Figures per date part small enough that the bundled folder makes many parts.
SMALL_PARTS = 25


@pytest.fixture
def folder_with_corrections(data_copy: Path) -> DataFolder:
    """The bundled folder with corrections that reach across date parts: a figure rejected, a
    value replaced (its column then holds Python objects), a date moved months away, a
    correction given twice, one naming no figure; and a figure accepted in the review log."""
    folder = DataFolder(data_copy)
    figures = load_dataset(folder, TODAY).figures
    curated = figures[figures["method"] == "curated"]["id"].tolist()
    extracted = figures[figures["method"] == "extracted"]["id"].tolist()
    gone, valued, moved, accepted = curated[0], curated[-1], extracted[0], extracted[-1]
    lines = [
        f"{gone},reject,,,a duplicate of another row",
        f"{valued},replace,value,123,typo in the table",
        f"{moved},replace,as_of,2023-01-15,the report was about January",
        f"{gone},reject,,,said twice",
        f"{gone[:-2]}zz,reject,,,no such figure",
    ]
    (data_copy / "corrections.csv").write_text(
        "figure_id,action,field,value,reason\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    folder.review_log.write_text(
        f"figure_id,action,field,old,new,reason,who,when\n"
        f"{accepted},accept,,,,,editor@example.org,2026-12-01T10:00:00+00:00\n",
        encoding="utf-8",
    )
    return folder


def _problems(rows) -> list[dict]:
    dumped = [p.model_dump(mode="json") if hasattr(p, "model_dump") else p for p in rows]
    return [{f: row[f] for f in PROBLEM_FIELDS} for row in dumped]


def test_a_build_in_date_parts_writes_what_one_part_writes(folder_with_corrections, tmp_path):
    folder = folder_with_corrections
    loaded = load_dataset(folder, TODAY)
    codes = {p.code for p in loaded.report.problems}
    assert {"duplicate-row", "unknown-id"} <= codes  # the corrections did reach the figures
    assert len(loaded.rejected) == 1 and loaded.figures["corrected"].sum() == 2
    in_parts = load_in_parts(folder, TODAY, None, Parts(), tmp_path / "scratch", SMALL_PARTS)
    assert len(in_parts.figures) >= 4
    one, many = tmp_path / "one", tmp_path / "many"
    whole, _ = build_store(folder, one, today=TODAY)
    parted, _ = build_store(folder, many, today=TODAY, part_rows=SMALL_PARTS)
    assert _problems(parted.report.problems) == _problems(loaded.report.problems)
    pd.testing.assert_frame_equal(whole.figures, loaded.figures)
    pd.testing.assert_frame_equal(whole.facts, loaded.facts)
    for name in TABLES:
        pd.testing.assert_frame_equal(
            read_frame(many / f"{name}.parquet"), read_frame(one / f"{name}.parquet")
        )
    pd.testing.assert_frame_equal(read_frame(one / "figures.parquet"), prepared(loaded.figures))
    pd.testing.assert_frame_equal(read_frame(one / "facts.parquet"), prepared(loaded.facts))
    pd.testing.assert_frame_equal(
        read_frame(one / "rejected.parquet"), loaded.rejected, check_dtype=False
    )
    in_memory = summary(
        prepared(loaded.figures), prepared(loaded.facts), loaded.places, loaded.sources, False
    )
    written = json.loads((many / SUMMARY).read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(in_memory, ensure_ascii=False))
    assert written["estimates"]


def test_date_parts_are_whole_days_of_about_the_rows_asked():
    day = np.datetime64("2023-09-01", "D")
    rows = Counter({day: 5, day + 1: 5, day + 2: 30, day + 3: 1, day + 4: 9})
    cuts = date_cuts(rows, 10)
    assert cuts.tolist() == [day + 2, day + 3]
    parts = np.searchsorted(cuts, np.array(sorted(rows), dtype="datetime64[D]"), side="right")
    assert parts.tolist() == [0, 0, 1, 2, 2]
