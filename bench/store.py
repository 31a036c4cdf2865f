"""The store, each figure against a peer measured in the same run:

- `store_build_<N>_vs_duckdb`: `python -m loaders build` of a folder with N table rows (in
  tables of at most 5 M rows: 10 M is two files) against DuckDB reading the same CSV files and
  writing them as Parquet, each in a fresh process with its peak memory
  (`store_build_<N>_peak_mb`, `duckdb_csv_to_parquet_<N>_peak_mb`); the 10 M-row figures are
  `python -m bench.store --rows 10000000 --restart 10000000 --no-cluster`;
- `extract_two_workers_vs_one`: extraction of real article text (the development corpus) on a
  Dask cluster of two worker processes against one (cluster start not counted), and the
  workers' CPU time in all (`extract_two_workers_cpu_vs_one`: what splitting costs, which a
  busy machine changes less than the wall time), with the load (`extract_workers_load`);
- `restart_<N>_s`: a new app process on a folder whose store is built, until the overview is
  fully drawn in Chromium, against a bare page's server started and drawn the same way; then
  each page drawn in that process in a new tab (`page_draw_<page>_<N>_s`, against the bare
  page's draw in a new tab on its own server: `page_draw_<page>_<N>_vs_bare`; and again:
  `page_again_<page>_<N>_s`), the server's memory after them (`server_rss_<N>_mb`,
  `server_peak_<N>_mb`), and each page's rerun with a period no page showed before under
  AppTest (`rerun_<page>_<N>_s`, the slowest as `rerun_<N>_s`), against the same page's rerun
  with that period right after (`rerun_same_<page>_<N>_s`, `rerun_<page>_<N>_vs_same`) and a
  trivial page's rerun (`rerun_trivial_<N>_s`); and the overview's first new period in a new
  process once the first page's readying for new views has ended, as for a reader who looks at
  the first page before changing the dates (`rerun_overview_after_look_<N>_s`; the overview's
  `rerun_overview_<N>_s` changes them at once). At 10 M rows on a folder built once:
  `python -m bench.store --restart 10000000 --folder FOLDER`.

All table rows are SYNTHETIC (`bench/synthetic.py`), in temporary folders. The rebuild after
one changed article among 10,000 and the restart of such a folder are `bench/articles.py`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.synthetic import write_table
from loaders.read.folder import BUNDLED, DataFolder

ROOT = Path(__file__).resolve().parent.parent
#: A restart on a busy machine may take minutes to draw; beyond this it counts as failed.
DRAW_TIMEOUT_MS = 600_000
#: One synthetic table holds at most this many rows (the loaders refuse larger tables).
TABLE_ROWS = 5_000_000

BUILD_SCRIPT = """
import json, sys, time
from loaders.commands import cli
start, cpu = time.perf_counter(), time.process_time()
status = cli.main(["build", sys.argv[1], "--store", sys.argv[2], *sys.argv[3:]])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
print(json.dumps({"status": status, "seconds": seconds, "cpu": cpu, "peak_kb": peak}))
"""


def label(rows: int) -> str:
    """10_000 -> '10k', 1_000_000 -> '1m'."""
    if rows >= 1_000_000:
        return f"{rows // 1_000_000}m"
    return f"{rows // 1_000}k" if rows >= 1_000 else str(rows)


def folder_with_rows(target: Path, rows: int) -> DataFolder:
    """The bundled registers with SYNTHETIC tables of `rows` rows in all."""
    shutil.copytree(BUNDLED, target)
    folder = DataFolder(target)
    done, n = 0, 0
    while done < rows:
        size = min(TABLE_ROWS, rows - done)
        write_table(folder.figures_dir / f"synthetic_{n}.csv", size, seed=11 + n)
        done, n = done + size, n + 1
    return folder


def timed_build(folder: DataFolder, store: Path, *extra: str) -> dict:
    """A build in a fresh process: its wall time (in the process) and peak memory."""
    out = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(folder.root), str(store), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["said"] = next((line for line in out.stderr.splitlines() if "extracted" in line), "")
    return result


PEER_SCRIPT = """
import json, sys, time
import duckdb
names = ", ".join(repr(f) for f in sys.argv[2:])
start = time.perf_counter()
with duckdb.connect() as con:
    con.execute(
        f"COPY (SELECT * FROM read_csv([{names}], all_varchar = true))"
        f" TO '{sys.argv[1]}' (FORMAT parquet, COMPRESSION zstd)"
    )
seconds = time.perf_counter() - start
peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
print(json.dumps({"seconds": seconds, "peak_kb": peak}))
"""


def duckdb_peer(files: list[Path], out: Path) -> dict:
    """DuckDB reading the CSV files and writing one Parquet file, in a fresh process as the
    build is: its seconds and peak memory."""
    found = subprocess.run(
        [sys.executable, "-c", PEER_SCRIPT, str(out), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def build_vs_duckdb(tmp: Path, rows: int) -> dict:
    """The build of a folder of `rows` rows against DuckDB's CSV-to-Parquet; the folder and its
    store are kept for `restart` (one build of each size per run)."""
    folder = folder_with_rows(tmp / f"rows-{rows}", rows)
    built = timed_build(folder, folder.store)
    peer = duckdb_peer(folder.tables(), tmp / f"duckdb-{rows}.parquet")
    (tmp / f"duckdb-{rows}.parquet").unlink()
    key = label(rows)
    return {
        f"store_build_{key}_s": round(built["seconds"], 2),
        f"store_build_{key}_peak_mb": round(built["peak_kb"] / 1024),
        f"store_build_{key}_said": built["said"],
        f"duckdb_csv_to_parquet_{key}_s": round(peer["seconds"], 2),
        f"duckdb_csv_to_parquet_{key}_peak_mb": round(peer["peak_kb"] / 1024),
        f"store_build_{key}_vs_duckdb": round(built["seconds"] / peer["seconds"], 1),
        f"store_build_{key}_load": _load(),
    }


def _load() -> float:
    """The machine's load average over the last minute (figures on a shared machine are read
    with it)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _corpus_folder(target: Path, megabytes: float) -> DataFolder:
    """The development corpus's real articles written as article files (repeated under new ids
    until `megabytes` of text), in a folder with the bundled registers."""
    from bench.extraction import articles

    shutil.copytree(BUNDLED, target)
    folder = DataFolder(target)
    found, origin = articles(1000)
    size, n = 0, 0
    while size < megabytes * 1e6 and found:
        a = found[n % len(found)]
        head = f"---\ndate: {a.date}\nlanguage: {a.language}\n---\n"
        (folder.articles_dir / f"a{n:05}.txt").write_text(head + a.body, encoding="utf-8")
        size, n = size + len(a.body.encode("utf-8")), n + 1
    return folder


def _one_per_language(jobs: list) -> list:
    """The first article job of each language the articles are written in (their front
    matter's `language`)."""
    first: dict[str, object] = {}
    for job in jobs:
        head = job.path.read_text(encoding="utf-8").split("\n---\n", 1)[0].splitlines()
        language = next((line[9:].strip() for line in head if line.startswith("language:")), "")
        first.setdefault(language, job)
    return list(first.values())


def workers(tmp: Path, megabytes: float) -> dict:
    """Extraction of real text on one Dask worker process and on two (each cluster started
    before the clock, and each worker warmed with an article of every language: what a worker
    pays once, its imports and each language's compiled patterns, about 1.3 s, is not what
    splitting the work costs per article): the wall time, and the workers' CPU time in all."""
    from distributed import Client, LocalCluster

    from loaders.commands.cluster import DaskParts, extract_batch
    from loaders.facts.parts import article_jobs
    from loaders.model.problems import Report
    from loaders.read.gazetteer import read_places

    folder = _corpus_folder(tmp / "corpus", megabytes)
    report = Report()
    gazetteer = read_places(folder.places, report)
    jobs = article_jobs(folder, report, __import__("datetime").date.today())
    out = {}
    for n in (1, 2):
        with (
            LocalCluster(
                n_workers=n, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
            ) as cluster,
            Client(cluster) as client,
        ):
            parts = DaskParts(scheduler=cluster.scheduler_address)
            parts.articles(jobs[:4], gazetteer)  # warm: the client and the scheduler
            client.run(extract_batch, _one_per_language(jobs), gazetteer)  # and every worker
            cpu = sum(client.run(time.process_time).values())
            start = time.perf_counter()
            parts.articles(jobs, gazetteer)
            out[f"extract_dask_{n}_workers_s"] = round(time.perf_counter() - start, 2)
            cpu = sum(client.run(time.process_time).values()) - cpu
            out[f"extract_dask_{n}_workers_cpu_s"] = round(cpu, 2)
    out["extract_dask_megabytes"] = megabytes
    out["extract_two_workers_vs_one"] = round(
        out["extract_dask_1_workers_s"] / out["extract_dask_2_workers_s"], 2
    )
    # What two workers cost in all against one (1.0: no work lost to splitting): read beside
    # the load, since on a busy machine the second worker finds no free core.
    out["extract_two_workers_cpu_vs_one"] = round(
        out["extract_dask_2_workers_cpu_s"] / out["extract_dask_1_workers_cpu_s"], 2
    )
    out["extract_workers_load"] = _load()
    return out


def _memory_mb(pid: int) -> tuple[int, int]:
    """A process's resident memory now and at its peak (MB)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            name, value = line.split(":")
            found[name] = int(value.split()[0]) // 1024
    return found.get("VmRSS", 0), found.get("VmHWM", 0)


def restart(tmp: Path, rows: int, pages: bool = True, built: Path | None = None) -> dict:
    """A new app process on a built store until the overview is drawn, against a bare page's
    new process until its chart is drawn; then (`pages`) every page's draw in that process (a
    new browser tab, caches warm from the overview only) and again (the same view: a rerun),
    and the server's memory after them, each page's draw against the bare page's in a new tab
    on its own server (`page_draw_<page>_<N>_vs_bare`); then every page's rerun with a new
    period under AppTest (`bench/app.py`) on the same store, against the same page's rerun with
    that period (`rerun_<page>_<N>_vs_same`). `built`: a folder of `rows` rows whose store is
    built, kept after (`--folder`); else the run's own, removed after."""
    from playwright.sync_api import sync_playwright

    from bench import app
    from bench.browser import BARE, CHROMIUM, FLAGS, PAGES, _time_to_draw, compiled, serve

    folder = DataFolder(built or tmp / f"rows-{rows}")
    if not (folder.store / "manifest.json").is_file():  # not built by `build_vs_duckdb`
        folder = folder_with_rows(tmp / f"rows-{rows}", rows)
        timed_build(folder, folder.store)
    compiled()
    bare = tmp / "bare.py"
    bare.write_text(BARE, encoding="utf-8")
    key = label(rows)
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, script, env in (
            ("restart", ROOT / "dashboard" / "app.py", {"SITUATION_DATA": str(folder.root)}),
            ("restart_bare", bare, {}),
        ):
            start = time.perf_counter()
            proc, url = serve(script, env)
            try:
                _time_to_draw(browser, url + "/", 1, timeout=DRAW_TIMEOUT_MS)
                out[f"{name}_{key}_s"] = round(time.perf_counter() - start, 2)
                if name == "restart":
                    out[f"server_after_restart_{key}_mb"] = _memory_mb(proc.pid)[0]
                if name == "restart_bare" and pages:
                    (bare_draw,) = _time_to_draw(browser, url + "/", 1, timeout=DRAW_TIMEOUT_MS)
                    out[f"page_draw_bare_{key}_s"] = round(bare_draw, 2)
                if name == "restart" and pages:
                    for page, path in PAGES.items():
                        (first,) = _time_to_draw(browser, url + path, 1, timeout=DRAW_TIMEOUT_MS)
                        (again,) = _time_to_draw(browser, url + path, 1, timeout=DRAW_TIMEOUT_MS)
                        out[f"page_draw_{page}_{key}_s"] = round(first, 2)
                        out[f"page_again_{page}_{key}_s"] = round(again, 2)
                    rss, peak = _memory_mb(proc.pid)
                    out[f"server_rss_{key}_mb"], out[f"server_peak_{key}_mb"] = rss, peak
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        browser.close()
    out[f"restart_{key}_vs_bare"] = round(out[f"restart_{key}_s"] / out[f"restart_bare_{key}_s"], 2)
    if pages:
        for page in PAGES:
            out[f"page_draw_{page}_{key}_vs_bare"] = round(
                out[f"page_draw_{page}_{key}_s"] / out[f"page_draw_bare_{key}_s"], 2
            )
        reruns = app.run(folder.root, 1)
        out[f"rerun_trivial_{key}_s"] = reruns["rerun_trivial_s"]
        for page in app.PAGES:
            out[f"rerun_{page}_{key}_s"] = reruns[f"rerun_{page}_s"]
            out[f"rerun_same_{page}_{key}_s"] = reruns[f"rerun_same_{page}_s"]
            out[f"rerun_{page}_{key}_vs_same"] = round(
                reruns[f"rerun_{page}_s"] / max(reruns[f"rerun_same_{page}_s"], 1e-3), 1
            )
        out[f"rerun_{key}_s"] = max(out[f"rerun_{page}_{key}_s"] for page in app.PAGES)
        out[f"rerun_first_load_{key}_s"] = reruns["first_load_s"]
        out[f"rerun_overview_after_look_{key}_s"] = app.first_after_look(folder.root)
    if built is None:
        shutil.rmtree(folder.root)
    return out


def _logged(found: dict) -> dict:
    """`found`, also printed at once to stderr (a long run that fails later keeps it)."""
    print(json.dumps(found), file=sys.stderr, flush=True)
    return found


def run(
    tmp: Path,
    rows: list[int],
    megabytes: float,
    restarts: list[int],
    cluster: bool = True,
) -> dict:
    """Every store figure; the largest size of each also under a size-free key (the table's):
    `store_build_vs_duckdb`, `restart_overview_s` (with `store_*_size`
    saying the size), and `extract_two_workers_vs_one` when `cluster`."""
    out: dict = {}
    for n in rows:
        out.update(_logged(build_vs_duckdb(tmp, n)))
    if rows:
        out["store_build_vs_duckdb"] = out[f"store_build_{label(max(rows))}_vs_duckdb"]
        out["store_build_peak_mb"] = out[f"store_build_{label(max(rows))}_peak_mb"]
        out["store_build_rows"] = max(rows)
    if cluster:
        out.update(_logged(workers(tmp, megabytes)))
    for n in restarts:
        try:
            out.update(_logged(restart(tmp, n)))
        except Exception as exc:  # noqa: BLE001 - the other figures stand; say why this one failed
            out[f"restart_{label(n)}_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    if restarts and f"restart_{label(max(restarts))}_s" in out:
        biggest = label(max(restarts))
        out["restart_overview_s"] = out[f"restart_{biggest}_s"]
        out["restart_rows"] = max(restarts)
        for name in ("server_rss", "server_peak"):
            if f"{name}_{biggest}_mb" in out:
                out[f"{name}_mb"] = out[f"{name}_{biggest}_mb"]
        if f"rerun_{biggest}_s" in out:
            out["rerun_store_s"] = out[f"rerun_{biggest}_s"]
    return out


if __name__ == "__main__":
    import argparse
    import tempfile

    p = argparse.ArgumentParser(prog="python -m bench.store")
    p.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    p.add_argument("--megabytes", type=float, default=5)
    p.add_argument("--restart", type=int, nargs="*", default=[1_000_000])
    p.add_argument("--no-cluster", action="store_true", help="leave out the two-worker figure")
    p.add_argument(
        "--folder",
        type=Path,
        help="only the restart, pages and reruns, on this folder of --restart rows (built, kept)",
    )
    args = p.parse_args()
    if args.folder:
        with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
            found = restart(Path(tmp), args.restart[0], built=args.folder)
        print(json.dumps(found, indent=1))
        raise SystemExit(0)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        print(
            json.dumps(
                run(
                    Path(tmp),
                    args.rows,
                    args.megabytes,
                    args.restart,
                    cluster=not args.no_cluster,
                ),
                indent=1,
            )
        )
