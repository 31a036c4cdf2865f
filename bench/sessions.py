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


async def _session(url: str, runs: int, offset: int, times: list[float]) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    # No keepalive pings: a busy server answers them late, and the figure wanted is how long
    # its page runs take, not whether it keeps a ping deadline.
    async with websockets.connect(
        url, subprotocols=["streamlit"], max_size=None, ping_interval=None
    ) as ws:
        for n in range(runs):
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = PAGES[(offset + n) % len(PAGES)]
            start = time.perf_counter()
            await ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S)
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                if forward.WhichOneof("type") == "script_finished":
                    break
            times.append(time.perf_counter() - start)


async def _all(url: str, sessions: int, runs: int) -> list[float]:
    times: list[float] = []
    await asyncio.gather(*(_session(url, runs, i, times) for i in range(sessions)))
    return times


#: Bounds of a measurement: sessions at once, runs each, app processes.
MAX_SESSIONS, MAX_RUNS, MAX_PROCESSES = 200, 20, 4


def run(
    data_dir: Path, sessions: int = 20, runs: int = 5, app: Path = ROOT / "dashboard" / "app.py"
) -> dict:
    """Page-run times with one session alone, then with `sessions` at once; server memory."""
    sessions, runs = min(sessions, MAX_SESSIONS), min(runs, MAX_RUNS)
    proc, base = serve(app, {"SITUATION_DATA": str(data_dir)})
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        asyncio.run(_all(url, 1, 1))  # loads the data once
        alone = asyncio.run(_all(url, 1, len(PAGES)))
        idle_mb, _ = _memory_mb(proc.pid)
        start = time.perf_counter()
        loaded = asyncio.run(_all(url, sessions, runs))
        wall = time.perf_counter() - start
        rss_mb, peak_mb = _memory_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    loaded.sort()
    return {
        "sessions": sessions,
        "session_runs": len(loaded),
        "session_alone_median_s": round(statistics.median(alone), 3),
        "sessions_median_s": round(statistics.median(loaded), 3),
        "sessions_p90_s": round(loaded[int(0.9 * (len(loaded) - 1))], 3),
        "sessions_wall_s": round(wall, 1),
        "sessions_server_idle_mb": idle_mb,
        "sessions_server_rss_mb": rss_mb,
        "sessions_server_peak_mb": peak_mb,
    }


async def _spread(urls: list[str], sessions: int, runs: int) -> list[float]:
    """`sessions` sessions spread over the processes in turn (as nginx's ip_hash pins each
    client to one), all at once."""
    times: list[float] = []
    await asyncio.gather(*(_session(urls[i % len(urls)], runs, i, times) for i in range(sessions)))
    return times


def run_processes(
    data_dir: Path,
    sessions: int = 100,
    runs: int = 2,
    processes: int = 2,
    app: Path = ROOT / "dashboard" / "app.py",
) -> dict:
    """The README's recipe for many viewers: `processes` app processes on their own ports, the
    sessions spread over them; page-run times and the processes' memory."""
    sessions, runs = min(sessions, MAX_SESSIONS), min(runs, MAX_RUNS)
    processes = max(1, min(processes, MAX_PROCESSES))
    servers = [serve(app, {"SITUATION_DATA": str(data_dir)}) for _ in range(processes)]
    urls = [base.replace("http://", "ws://") + "/_stcore/stream" for _, base in servers]
    try:
        for url in urls:
            asyncio.run(_all(url, 1, 1))  # each loads the data once
        start = time.perf_counter()
        loaded = sorted(asyncio.run(_spread(urls, sessions, runs)))
        wall = time.perf_counter() - start
        rss = sum(_memory_mb(proc.pid)[0] for proc, _ in servers)
    finally:
        for proc, _ in servers:
            proc.terminate()
        for proc, _ in servers:
            proc.wait(timeout=30)
    prefix = f"sessions_{processes}proc"
    return {
        f"{prefix}_sessions": sessions,
        f"{prefix}_median_s": round(statistics.median(loaded), 3),
        f"{prefix}_p90_s": round(loaded[int(0.9 * (len(loaded) - 1))], 3),
        f"{prefix}_wall_s": round(wall, 1),
        f"{prefix}_rss_mb": round(rss, 1),
    }


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
