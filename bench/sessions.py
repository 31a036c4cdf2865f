"""Many viewers on one app process: sessions speaking Streamlit's own websocket protocol (no
browser), all at once, on 127.0.0.1 only. Each session asks for the five pages in turn; the time
of a page run is from the request to the server's 'script finished'. Bounded in sessions, runs
and seconds.

`python -m bench.sessions [DATA] [--sessions 100] [--runs 2] [--processes 2]` prints the figures
as JSON (at most 200 sessions, 20 runs each, 4 processes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path

from bench.browser import ROOT, serve
from dashboard.pages import VIEWER_PAGES
from loaders.read.folder import BUNDLED

#: Each page's name as the browser asks for it ("" for the default page).
PAGES = tuple(p.address.strip("/") for p in VIEWER_PAGES)
RUN_TIMEOUT_S = 300


def _memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) memory of a process in MB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return round(values["VmRSS"], 1), round(values["VmHWM"], 1)


async def _session(
    url: str, pages: list[str], times: list[float], sent: list[tuple[int, int]] | None = None
) -> None:
    """One session asking for `pages` in turn; each run's time goes to `times`, and the messages
    and bytes the server sent for it to `sent`."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    # No keepalive pings: a busy server answers them late, and the figure wanted is how long
    # its page runs take, not whether it keeps a ping deadline.
    async with websockets.connect(
        url, subprotocols=["streamlit"], max_size=None, ping_interval=None
    ) as ws:
        for page in pages:
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = page
            start = time.perf_counter()
            await ws.send(msg.SerializeToString())
            count = size = 0
            while True:
                raw = await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S)
                count, size = count + 1, size + len(raw)
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                if forward.WhichOneof("type") == "script_finished":
                    break
            times.append(time.perf_counter() - start)
            if sent is not None:
                sent.append((count, size))


def _turns(offset: int, runs: int) -> list[str]:
    """`runs` pages in turn, starting at the `offset`-th."""
    return [PAGES[(offset + n) % len(PAGES)] for n in range(runs)]


def _cpu_s(pid: int) -> float:
    """CPU time a process has used so far (user and system, every thread), in seconds."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: Runs of each page by one session alone (the first of them draws it, the rest are reruns).
ALONE_RUNS = 6


def alone(url: str, pid: int, runs: int = ALONE_RUNS) -> dict:
    """Each page run by one session alone: the median run (wall), the server's CPU per run (all
    its threads: the script and the sending), and what a rerun without changes sends."""
    out = {}
    for page in PAGES:
        name = page or "overview"
        times: list[float] = []
        sent: list[tuple[int, int]] = []
        cpu = _cpu_s(pid)
        asyncio.run(_session(url, [page] * runs, times, sent))
        out[f"session_alone_{name}_s"] = round(statistics.median(times), 3)
        out[f"session_cpu_{name}_s"] = round((_cpu_s(pid) - cpu) / runs, 3)
        out[f"session_rerun_{name}_kb"] = round(statistics.median(b for _, b in sent[1:]) / 1024, 1)
        out[f"session_rerun_{name}_messages"] = int(statistics.median(n for n, _ in sent[1:]))
    return out


async def _all(url: str, sessions: int, runs: int) -> list[float]:
    times: list[float] = []
    await asyncio.gather(*(_session(url, _turns(i, runs), times) for i in range(sessions)))
    return times


#: Bounds of a measurement: sessions at once, runs each, app processes.
MAX_SESSIONS, MAX_RUNS, MAX_PROCESSES = 200, 20, 4


def measure(url: str, pid: int, sessions: int, runs: int, alone_runs: int = ALONE_RUNS) -> dict:
    """Page-run times of the app at `url` (its process `pid`, data already loaded) with one
    session alone (`alone_runs` of each page), then with `sessions` at once; the process's
    memory."""
    pages = alone(url, pid, alone_runs)
    idle_mb, _ = _memory_mb(pid)
    start = time.perf_counter()
    loaded = asyncio.run(_all(url, sessions, runs))
    wall = time.perf_counter() - start
    rss_mb, peak_mb = _memory_mb(pid)
    loaded.sort()
    singles = [pages[f"session_alone_{page or 'overview'}_s"] for page in PAGES]
    return {
        **pages,
        "sessions": sessions,
        "session_runs": len(loaded),
        "session_alone_median_s": round(statistics.median(singles), 3),
        "sessions_median_s": round(statistics.median(loaded), 3),
        "sessions_p90_s": round(loaded[int(0.9 * (len(loaded) - 1))], 3),
        "sessions_wall_s": round(wall, 1),
        "sessions_server_idle_mb": idle_mb,
        "sessions_server_rss_mb": rss_mb,
        "sessions_server_peak_mb": peak_mb,
    }


def run(
    data_dir: Path, sessions: int = 20, runs: int = 5, app: Path = ROOT / "dashboard" / "app.py"
) -> dict:
    """`measure` on a new app process on `data_dir`."""
    sessions, runs = min(sessions, MAX_SESSIONS), min(runs, MAX_RUNS)
    proc, base = serve(app, {"SITUATION_DATA": str(data_dir)})
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        asyncio.run(_all(url, 1, 1))  # loads the data once
        return measure(url, proc.pid, sessions, runs)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def _spread(urls: list[str], sessions: int, runs: int) -> list[list[float]]:
    """`sessions` sessions spread over the processes in turn (as nginx's ip_hash pins each
    client to one), all at once; the page-run times of each process's sessions."""
    times: list[list[float]] = [[] for _ in urls]
    await asyncio.gather(
        *(
            _session(urls[i % len(urls)], _turns(i, runs), times[i % len(urls)])
            for i in range(sessions)
        )
    )
    return times


def measure_spread(urls: list[str], pids: list[int], sessions: int, runs: int) -> dict:
    """`sessions` sessions spread over the app processes at `urls` (their `pids`, data already
    loaded): page-run times and memory, of all and of each process."""
    start = time.perf_counter()
    each = asyncio.run(_spread(urls, sessions, runs))
    wall = time.perf_counter() - start
    rss = [_memory_mb(pid)[0] for pid in pids]
    loaded = sorted(t for times in each for t in times)
    prefix = f"sessions_{len(urls)}proc"
    return {
        f"{prefix}_sessions": sessions,
        f"{prefix}_median_s": round(statistics.median(loaded), 3),
        f"{prefix}_p90_s": round(loaded[int(0.9 * (len(loaded) - 1))], 3),
        f"{prefix}_wall_s": round(wall, 1),
        f"{prefix}_rss_mb": round(sum(rss), 1),
        **{
            f"{prefix}_{n + 1}_median_s": round(statistics.median(t), 3) for n, t in enumerate(each)
        },
        **{f"{prefix}_{n + 1}_rss_mb": mb for n, mb in enumerate(rss)},
    }


def run_processes(
    data_dir: Path,
    sessions: int = 100,
    runs: int = 2,
    processes: int = 2,
    app: Path = ROOT / "dashboard" / "app.py",
) -> dict:
    """The README's recipe for many viewers: `processes` app processes on their own ports, the
    sessions spread over them (`measure_spread`)."""
    sessions, runs = min(sessions, MAX_SESSIONS), min(runs, MAX_RUNS)
    processes = max(1, min(processes, MAX_PROCESSES))
    servers = [serve(app, {"SITUATION_DATA": str(data_dir)}) for _ in range(processes)]
    urls = [base.replace("http://", "ws://") + "/_stcore/stream" for _, base in servers]
    try:
        for url in urls:
            asyncio.run(_all(url, 1, 1))  # each loads the data once
        return measure_spread(urls, [proc.pid for proc, _ in servers], sessions, runs)
    finally:
        for proc, _ in servers:
            proc.terminate()
        for proc, _ in servers:
            proc.wait(timeout=30)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.sessions")
    p.add_argument("data", nargs="?", default=str(BUNDLED))
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--processes", type=int, default=1, help="app processes (the README recipe)")
    p.add_argument("--app", default=str(ROOT / "dashboard" / "app.py"), help="the app to serve")
    args = p.parse_args()
    if args.processes > 1:
        result = run_processes(
            Path(args.data), args.sessions, args.runs, args.processes, Path(args.app)
        )
    else:
        result = run(Path(args.data), args.sessions, args.runs, Path(args.app))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
