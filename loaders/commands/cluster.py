"""Extraction on Dask: `build --workers N` (a local cluster of N processes) or `build --scheduler
ADDRESS` (an existing cluster: `dask scheduler` and `dask worker ADDRESS` on any machines that can
import the loaders). Articles go to the workers in batches, the gazetteer once to each; results
come back in the articles' order, so a build gives the same tables as one process."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from loaders.facts.parts import ArticleJob, ArticlePart, Parts, read_and_extract
from loaders.read.gazetteer import Gazetteer

#: Batches per worker: enough to balance uneven articles, few enough to keep overhead small.
BATCHES_PER_WORKER = 4
#: At most this many articles per batch, so progress moves and memory per task stays small.
MAX_BATCH = 200


def extract_batch(jobs: list[ArticleJob], gazetteer: Gazetteer) -> list[ArticlePart]:
    """What a worker runs: read and extract each article of the batch."""
    return [read_and_extract(job, gazetteer) for job in jobs]


def batches(jobs: list[ArticleJob], workers: int) -> list[list[ArticleJob]]:
    """The jobs cut into consecutive batches, about BATCHES_PER_WORKER per worker."""
    size = max(1, min(MAX_BATCH, -(-len(jobs) // max(1, workers * BATCHES_PER_WORKER))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


class DaskParts(Parts):
    """Articles extracted on a Dask cluster, started only when some article needs extracting;
    tables are read here (Arrow's reader uses every core of this machine already)."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        self.workers = workers
        self.scheduler = scheduler
        self.used_workers = 0

    @contextlib.contextmanager
    def _client(self) -> Iterator:
        from distributed import Client, LocalCluster

        if self.scheduler:
            with Client(self.scheduler, timeout="30s") as client:
                client.wait_for_workers(1, timeout=60)
                yield client
            return
        n = self.workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
                local_directory=_scratch(),
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client

    def articles(
        self,
        jobs: list[ArticleJob],
        gazetteer: Gazetteer,
        advance: Callable[[int], None] | None = None,
    ) -> list[ArticlePart]:
        if not jobs:
            return []
        from distributed import as_completed

        with self._client() as client:
            self.used_workers = len(client.scheduler_info(n_workers=-1)["workers"])
            shared = client.scatter(gazetteer, broadcast=True)
            parts = batches(jobs, max(1, self.used_workers))
            futures = client.map(extract_batch, parts, gazetteer=shared, pure=False)
            done: dict[int, list[ArticlePart]] = {}
            index = {f.key: i for i, f in enumerate(futures)}
            for future in as_completed(futures):
                done[index[future.key]] = future.result()
                if advance:
                    advance(len(done[index[future.key]]))
        return [part for i in range(len(parts)) for part in done[i]]


def _scratch() -> str:
    """A folder for the workers' spill files, outside the data folder."""
    import tempfile

    return str(Path(tempfile.gettempdir()) / "situation-dask")
