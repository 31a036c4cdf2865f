"""A command that ends with the process that started it: the dashboard starts a build in the
background when its folder changed, and that build must not run on after the server stops."""

from __future__ import annotations

import os
import signal
import threading
import time
from types import FrameType

#: How often the parent is looked for (seconds): a stopped server's build ends within this.
CHECK_S = 0.5


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM as an exit of the main thread, so a build being written is removed on the way
    out (`replace_folder`) and its lock let go: the store stays as it was."""
    raise SystemExit(128 + signum)


def end_with_parent(parent: int) -> None:
    """Exit (SIGTERM, handled as an exit) once `parent`, the process that started this one, has
    ended, or at once if it already has: this process is then adopted by another and its
    parent id is no longer `parent` (a process id may be reused; this process's parent id,
    once changed, never comes back). Call from the main thread."""
    signal.signal(signal.SIGTERM, _stop)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(CHECK_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
