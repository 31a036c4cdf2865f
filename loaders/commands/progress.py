"""Progress bars for long commands: shown on a terminal, silent when output is piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; draws a rich progress bar on stderr only when it is a terminal."""
    if not sys.stderr.isatty():
        yield _ignore
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance


def _ignore(n: int = 1) -> None:
    """Advance no bar (output is piped)."""
