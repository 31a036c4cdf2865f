"""`python -m bench [--tiny]`: every benchmark, one table, and bench/results.json.

Each figure is measured in the same run as its peer and given as a ratio (machines are noisy);
times are medians of at least three repetitions (one with --tiny, the smoke test's size).
Extraction is measured on real article text (the development corpus next to the project; the
synthetic articles stand in when it is absent, and `extract_text` says which). All other data is
SYNTHETIC, generated here from a seed, written only to temporary folders.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import time
from pathlib import Path

from bench import app, articles, browser, extraction, sessions, store, tables
from bench import gazetteer as world_bench
from bench.synthetic import write_table
from loaders.model.problems import Report
from loaders.read.folder import BUNDLED, DataFolder
from loaders.read.gazetteer import read_places
from loaders.read.routes import read_routes

ROOT = Path(__file__).resolve().parent.parent
DATA = DataFolder(BUNDLED)
TARGETS = {
    # On real article text, one core (0.6-0.7 MB/s when it was first measured there).
    "extract_mb_per_s": (">=", 0.6),
    "extract_vs_quantulum3": (">=", 50),
    "build_1m_vs_read_csv": ("<=", 3),
    "build_1m_peak_mb": ("<=", "3 x file"),
    "rerun_1m_s": ("<=", 0.25),
    "rerun_1m_vs_trivial": ("<=", 6),
    "payload_1m_vs_1k": ("<=", 1.5),
    "page_load_vs_bare": ("<=", 1.5),
    **{f"page_load_{page}_vs_bare": ("<=", 1.5) for page in browser.PAGES},
    "rerun_data_s": ("<=", 0.25),
    # A name lookup costs less than reading the bundled places.csv; `places add` (init and add
    # into a new folder) less than three starts of the command line.
    "world_lookup_vs_read_places": ("<=", 1),
    "places_add_vs_cli_start": ("<=", 3),
    # A folder of 10,000 articles (bench/articles.py): the rebuild after one changed article,
    # and a new app process until its overview's cards are drawn.
    "store_rebuild_one_s": ("<=", 10),
    "restart_overview_articles_s": ("<=", 2),
    # The store (bench/store.py): a restart at 1 M rows.
    "extract_two_workers_vs_one": (">=", 1.7),
    "restart_overview_s": ("<=", 2),
    # Every page's rerun with a new period, the app reading a built store of the restart's size.
    "rerun_store_s": ("<=", 0.5),
}
#: Reported against their peer without a target: the build against DuckDB's CSV-to-Parquet.
STORE_KEYS = (
    "store_build_vs_duckdb",
    "store_build_peak_mb",
    "store_build_rows",
    "store_rebuild_articles",
    "store_rebuild_one_vs_cold",
    "store_rebuild_one_vs_hash",
    "store_rebuild_load",
    "restart_articles_vs_bare",
    "restart_articles_load",
    "restart_rows",
    "extract_two_workers_cpu_vs_one",
    "extract_workers_load",
    "server_rss_mb",
    "server_peak_mb",
)
#: Reported without a target: 100 sessions at once against one app process, then spread over
#: two processes (the README's recipe for many viewers).
SESSION_KEYS = (
    "session_alone_median_s",
    "sessions",
    "sessions_median_s",
    "sessions_p90_s",
    "sessions_server_rss_mb",
    "sessions_server_peak_mb",
    "sessions_2proc_median_s",
    "sessions_2proc_p90_s",
    "sessions_2proc_rss_mb",
)


def _met(key: str, results: dict) -> str:
    op, target = TARGETS[key]
    value = results.get(key)
    if value is None:
        return "not run"
    if target == "3 x file":
        target = 3 * results["largest_table_file_mb"]
    return "met" if (value >= target if op == ">=" else value <= target) else "NOT met"


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("--tiny", action="store_true", help="tiny sizes, one repetition (smoke test)")
    p.add_argument("--skip-browser", action="store_true")
    p.add_argument("--skip-sessions", action="store_true")
    p.add_argument("--skip-store", action="store_true")
    p.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = p.parse_args()
    repeat = 1 if args.tiny else 3
    big_rows = 2_000 if args.tiny else 1_000_000
    report = Report()
    gazetteer = read_places(DATA.places, report)
    read_routes(DATA.routes, report, gazetteer)
    results: dict = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "synthetic": True,
        "repeat": repeat,
    }
    started = time.time()
    results.update(
        extraction.run(gazetteer, 0.05 if args.tiny else 20, 0.02 if args.tiny else 0.3, repeat)
    )
    sizes = [1_000, 2_000] if args.tiny else [10_000, 100_000, 1_000_000]
    results.update(tables.run(gazetteer, DATA.root, sizes, repeat))
    results["build_1m_vs_read_csv"] = results[f"build_{'2k' if args.tiny else '1m'}_vs_read_csv"]
    results["build_1m_peak_mb"] = results["largest_build_peak_mb"]
    results.update(world_bench.run(repeat))
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        for folder, rows in ((big, big_rows), (small, 1_000)):
            shutil.copytree(DATA.root, folder)
            write_table(DataFolder(folder).figures_dir / "synthetic.csv", rows)
        results.update(app.run(big, repeat))
        if not args.skip_browser:
            results.update(browser.run(big, small, repeat))
    if not args.skip_store:
        with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
            results.update(
                store.run(
                    Path(tmp),
                    [2_000] if args.tiny else [1_000_000],
                    2,
                    [] if args.tiny or args.skip_browser else [1_000_000],
                    cluster=not args.tiny,
                )
            )
        with tempfile.TemporaryDirectory(prefix="bench-articles-") as tmp:
            results.update(
                articles.run(
                    Path(tmp),
                    20 if args.tiny else 10_000,
                    browser=not (args.tiny or args.skip_browser),
                    unchanged=not args.tiny,
                )
            )
    if not args.skip_sessions:
        count, runs = (3, 2) if args.tiny else (100, 2)
        results.update(sessions.run(DATA.root, count, runs))
        results.update(sessions.run_processes(DATA.root, count, runs, processes=2))
    results["seconds"] = round(time.time() - started, 1)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'key':26} {'value':>14}  target      status")
    for key, (op, target) in TARGETS.items():
        value = results.get(key, "-")
        print(f"{key:26} {value!s:>14}  {op} {target!s:8}  {_met(key, results)}")
    for key in (*STORE_KEYS, *SESSION_KEYS):
        print(f"{key:26} {results.get(key, '-')!s:>14}")
    print(
        f"(extraction on {results['extract_text']}; other data synthetic; medians of {repeat};"
        f" details in {args.out})"
    )


if __name__ == "__main__":
    main()
