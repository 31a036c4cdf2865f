"""Extraction on Dask: a real `dask scheduler` and two `dask worker` processes on 127.0.0.1 build
the same store as one process."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import article
from loaders.commands import cli
from loaders.commands.cluster import DaskParts, batches
from loaders.publish.frames import read_frame
from loaders.publish.store import build_store
from loaders.read.folder import DataFolder

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-thread workers, importing this checkout's loaders; stopped
    (and killed if need be) after the module."""
    where = tmp_path_factory.mktemp("cluster")
    address_file = where / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    common = ["--no-dashboard", "--host", "127.0.0.1"]
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--port", "0", "--scheduler-file", address_file, *common],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes = [scheduler]
    try:
        deadline = time.monotonic() + 120
        while not address_file.is_file() and time.monotonic() < deadline:
            if scheduler.poll() is not None:
                pytest.fail("the dask scheduler stopped at once")
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        for n in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--name",
                        f"w{n}",
                        *common,
                        "--local-directory",
                        where / f"w{n}",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory) -> DataFolder:
    """SYNTHETIC: the bundled folder's registers with 24 generated articles and a bad one."""
    import shutil

    root = tmp_path_factory.mktemp("situation") / "data"
    shutil.copytree(ROOT / "data", root)
    rng = random.Random(3)
    for n in range(24):
        text = f"---\ndate: 2023-09-{20 + n % 10}\n---\n" + article(rng, paragraphs=8)
        (root / "articles" / f"synthetic-{n:02}.txt").write_text(text, encoding="utf-8")
    (root / "articles" / "undated.txt").write_text("No date and 30 people.", encoding="utf-8")
    return DataFolder(root)


def test_batches_keep_order_and_cover_every_job():
    jobs = list(range(1001))
    cut = batches(jobs, 2)
    assert [j for b in cut for j in b] == jobs
    assert max(len(b) for b in cut) <= 200 and len(cut) >= 8


def test_two_dask_workers_build_what_one_process_builds(cluster, synthetic_folder, tmp_path):
    one, _ = build_store(synthetic_folder, tmp_path / "one", today=TODAY)
    parts = DaskParts(scheduler=cluster)
    two, counts = build_store(synthetic_folder, tmp_path / "two", inner=parts, today=TODAY)
    assert parts.used_workers == 2
    assert counts.extracted == len(synthetic_folder.article_files())
    assert len(one.figures) > 150  # enough to spread over several batches
    pd.testing.assert_frame_equal(two.figures, one.figures)
    pd.testing.assert_frame_equal(two.facts, one.facts)
    assert [str(p) for p in two.report.problems] == [str(p) for p in one.report.problems]
    for name in ("figures", "facts", "sources", "problems", "articles"):
        pd.testing.assert_frame_equal(
            read_frame(tmp_path / "two" / f"{name}.parquet"),
            read_frame(tmp_path / "one" / f"{name}.parquet"),
        )


def test_build_takes_the_scheduler_address(cluster, synthetic_folder, tmp_path, capsys):
    store = tmp_path / "store"
    argv = ["build", str(synthetic_folder.root), "--store", str(store), "--scheduler", cluster]
    n = len(synthetic_folder.article_files())
    assert cli.main(argv) == 1  # the undated article is an error
    assert f"{n} articles extracted, 0 reused" in capsys.readouterr().err
    assert cli.main(argv) == 1
    assert f"0 articles extracted, {n} reused" in capsys.readouterr().err
