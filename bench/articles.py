"""A situation folder of many articles (issue 20: 10,000), each figure against a peer measured in
the same run, with the load average it was measured at (this machine is shared):

- `store_cold_build_<N>_articles_s`: `python -m loaders build` of the folder with no store yet;
- `store_rebuild_one_<N>_s` (and `store_rebuild_one_s`): the rebuild after one article's text
  changed, and `store_rebuild_none_<N>_s` with nothing changed, against `folder_hash_<N>_s`
  (reading and hashing every input file of the folder: what a rebuild that trusted no file's
  stat would cost before any work) and the cold build (`store_rebuild_one_vs_cold`); each build
  also as its process's CPU time (`..._cpu_s`); with `unchanged`, also
  `store_rebuild_moved_<N>_s`: the rebuild after the folder was moved (renamed) with its store,
  every part reused (a part is keyed on its file's path inside the folder);
- `restart_overview_<N>_articles_s` (and `restart_overview_articles_s`): a new app process on
  the built store (started as `make run` starts it: `python -m dashboard`, the first page's
  work begun with the process) until the overview is drawn in Chromium (the script done, its
  headline cards shown), against a bare page's new process drawn the same way
  (`restart_articles_vs_bare`); each server's CPU time until then (`..._cpu_s`,
  `restart_overview_<N>_cpu_vs_bare`), which a busy machine changes less than the wall time;
  medians of RESTARTS starts of each, the app's and the bare page's alternated, with their
  ranges (`..._range`).

The articles are SYNTHETIC folders of real text: the development corpus's bodies (news as
published, five languages) written again and again under new ids, each copy with its own date,
outlet and title; when the corpus is not next to the project, `bench/synthetic.py`'s articles
stand in (`articles_text` says which). Everything is written to a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import statistics
import time
from pathlib import Path

from bench.browser import FLAGS
from bench.evaluate import UNKNOWN_DAY
from bench.extraction import articles as corpus_articles
from bench.sessions import _cpu_s
from bench.store import ROOT, label, timed_build
from bench.synthetic import article as synthetic_article
from loaders.read.folder import BUNDLED, DataFolder

#: A restart on a busy machine may take minutes to draw; beyond this it counts as failed.
DRAW_TIMEOUT_MS = 600_000
#: The overview has drawn its headline cards (or says why there are none).
CARDS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  return !!document.querySelector('[data-testid="stMetric"]');
}"""
OUTLETS = ("Wire", "Daily", "Herald", "Courier", "Post", "Monitor", "Observer", "Tribune")


def folder_of_articles(target: Path, count: int, seed: int = 3) -> tuple[DataFolder, str]:
    """The bundled registers and `count` article files of real text (see the module), and where
    the text comes from."""
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns(".store"))
    folder = DataFolder(target)
    found, origin = corpus_articles(100)
    rng = random.Random(seed)
    for n in range(count):
        if found:
            a = found[n % len(found)]
            start = a.date if a.date != UNKNOWN_DAY else dt.date(2023, 9, 20)
            day = start + dt.timedelta(days=rng.randint(0, 20))
            title = json.dumps(f"{a.title or 'Report'} ({n})", ensure_ascii=False)
            head = (
                f"---\ndate: {day}\nlanguage: {a.language}\n"
                f"outlet: {rng.choice(OUTLETS)} {n % 97}\ntitle: {title}\n---\n"
            )
            body = a.body
        else:
            head = f"---\ndate: 2023-09-{20 + n % 10}\n---\n"
            body = synthetic_article(rng, paragraphs=6)
        (folder.articles_dir / f"copy-{n:05}.txt").write_text(head + body, encoding="utf-8")
    return folder, origin if found else "synthetic"


def folder_hash(folder: DataFolder) -> float:
    """Seconds to read and hash every input file of the folder."""
    start = time.perf_counter()
    for path in folder.inputs():
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def change_one(folder: DataFolder) -> Path:
    """One article's text changed (a figure added at its end)."""
    path = sorted(folder.articles_dir.glob("copy-*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nAbout 70 people fled.\n")
    return path


#: Restarts of each server (the app's and the bare page's, alternated): single starts on a
#: busy machine vary by a second and more.
RESTARTS = 3


def restart(folder: DataFolder, key: str, repeat: int = RESTARTS) -> dict:
    """A new app process on the folder's built store until the overview's cards are drawn,
    against a bare page's new process until its chart is drawn, `repeat` times each, the two
    alternated (which starts first alternates too): the medians, with each figure's range
    (`..._range`: the lowest and highest start)."""
    from playwright.sync_api import sync_playwright

    from bench.browser import BARE, CHROMIUM, compiled

    compiled()
    bare = folder.root.parent / "bare.py"
    bare.write_text(BARE, encoding="utf-8")
    servers = {
        "restart_overview": (ROOT / "dashboard" / "app.py", folder.root, CARDS),
        "restart_bare": (bare, None, None),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in range(repeat):
            for name in sorted(servers, reverse=n % 2 == 1):
                runs[name].append(_started(browser, *servers[name]))
        browser.close()
    out: dict = {}
    for name, found in runs.items():
        walls, cpus = [w for w, _ in found], [c for _, c in found]
        out[f"{name}_{key}_articles_s"] = round(statistics.median(walls), 2)
        out[f"{name}_{key}_articles_cpu_s"] = round(statistics.median(cpus), 2)
        out[f"{name}_{key}_articles_range"] = f"{min(walls):.2f}-{max(walls):.2f}"
        out[f"{name}_{key}_articles_cpu_range"] = f"{min(cpus):.2f}-{max(cpus):.2f}"
    out[f"restart_overview_{key}_vs_bare"] = round(
        out[f"restart_overview_{key}_articles_s"] / out[f"restart_bare_{key}_articles_s"], 2
    )
    out[f"restart_overview_{key}_cpu_vs_bare"] = round(
        out[f"restart_overview_{key}_articles_cpu_s"] / out[f"restart_bare_{key}_articles_cpu_s"],
        2,
    )
    return out


def _started(browser, script: Path, data: Path | None, drawn: str | None) -> tuple[float, float]:
    """Seconds from starting a server of `script` (on the data folder `data`) until its first
    page is drawn (`drawn`, else the bare page's DRAWN) in a new browser tab, and the server's
    CPU time until then."""
    from bench.browser import DRAWN, serve

    start = time.perf_counter()
    proc, url = serve(script, {"SITUATION_DATA": str(data)} if data else {})
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function(drawn or DRAWN, timeout=DRAW_TIMEOUT_MS)
        found = (time.perf_counter() - start, _cpu_s(proc.pid))
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return found


def _load() -> float:
    """The machine's load average over the last minute (the figures are read against it)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _build(folder: DataFolder, name: str, out: dict) -> dict:
    """A build of the folder's store in a fresh process: its wall and CPU time under `name`."""
    built = timed_build(folder, folder.store)
    out[f"{name}_s"], out[f"{name}_cpu_s"] = round(built["seconds"], 2), round(built["cpu"], 2)
    return built


def run(tmp: Path, count: int, browser: bool = True, unchanged: bool = True) -> dict:
    """Every figure of a folder of `count` articles (`unchanged`: also a rebuild with nothing
    changed), each with the load average it was measured at; the size-free keys
    `store_rebuild_one_s`, `restart_overview_articles_s` and their ratios name this size."""
    folder, origin = folder_of_articles(tmp / "many", count)
    key = label(count)
    out: dict = {"articles_text": origin, "store_rebuild_articles": count}
    cold = _build(folder, f"store_cold_build_{key}_articles", out)
    out[f"folder_hash_{key}_s"] = round(folder_hash(folder), 3)
    if unchanged:
        _build(folder, f"store_rebuild_none_{key}", out)
    change_one(folder)
    one = _build(folder, f"store_rebuild_one_{key}", out)
    out["store_rebuild_load"] = _load()
    out[f"store_rebuild_one_{key}_said"] = one["said"]
    out["store_rebuild_one_s"] = out[f"store_rebuild_one_{key}_s"]
    out["store_rebuild_one_vs_cold"] = round(one["seconds"] / cold["seconds"], 3)
    out["store_rebuild_one_vs_hash"] = round(one["seconds"] / out[f"folder_hash_{key}_s"], 1)
    if unchanged:
        folder = DataFolder(folder.root.rename(folder.root.with_name("moved")))
        moved = _build(folder, f"store_rebuild_moved_{key}", out)
        out[f"store_rebuild_moved_{key}_said"] = moved["said"]
    if browser:
        out.update(restart(folder, key))
        out["restart_articles_load"] = _load()
        out["restart_overview_articles_s"] = out[f"restart_overview_{key}_articles_s"]
        out["restart_articles_vs_bare"] = out[f"restart_overview_{key}_vs_bare"]
    shutil.rmtree(folder.root)
    return out


if __name__ == "__main__":
    import argparse
    import tempfile

    p = argparse.ArgumentParser(prog="python -m bench.articles")
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--no-browser", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-articles-") as tmp:
        print(json.dumps(run(Path(tmp), args.articles, not args.no_browser), indent=1))
