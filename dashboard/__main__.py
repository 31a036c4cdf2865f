"""`python -m dashboard [OPTION ...]`: serve the app, as `streamlit run dashboard/app.py
[OPTION ...]` does (the same options, the same `.streamlit/config.toml`), with the first page's
imports and reads started at once on a thread of their own (`dashboard/warm.py`), while the
server starts and a browser loads Streamlit's JavaScript: a new process then draws its first
page sooner. Streamlit's own command line runs the server, in this process."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard import warm

APP = Path(__file__).resolve().parent / "app.py"


def main(argv: list[str]) -> None:
    """Start the warm-up, then hand over to `streamlit run` on the app (it never returns)."""
    from streamlit.web import cli

    warm.start()
    cli.main(["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
