"""Many viewers on one app process: sessions speaking Streamlit's own websocket protocol (no
browser), all at once, on 127.0.0.1 only. Each session asks for the five pages in turn; the time
of a page run is from the request to the server's 'script finished'. Bounded in sessions, runs
and seconds.

`python -m bench.sessions [DATA] [--sessions 20] [--runs 5]` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from bench.browser import ROOT, serve
from loaders.read.folder import BUNDLED

PAGES = ("", "timeline", "map", "sources", "data")
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

    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
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


def run(data_dir: Path, sessions: int = 20, runs: int = 5) -> dict:
    """Page-run times with one session alone, then with `sessions` at once; server memory."""
    proc, base = serve(ROOT / "dashboard" / "app.py", {"SITUATION_DATA": str(data_dir)})
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


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.sessions")
    p.add_argument("data", nargs="?", default=str(BUNDLED))
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    print(json.dumps(run(Path(args.data), min(args.sessions, 50), min(args.runs, 20)), indent=2))


if __name__ == "__main__":
    main()
