"""Safe configuration: XSRF protection and CORS restriction on, no telemetry, and no way for data
to reach the page as HTML."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib

from tests.conftest import ROOT
from tests.escaping import Escaping


def test_streamlit_config_is_safe_for_an_offline_deployment():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"


def test_streamlit_config_does_no_per_run_work_a_viewer_does_not_need():
    """A full garbage collection after every page run and a source watcher per session cost
    more CPU than most pages (measured by `python -m bench.sessions`): a hundred viewers on one
    process waited four times longer with them. Both are off in the shipped config."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"


def test_no_html_rendering_anywhere_in_the_code():
    pattern = re.compile(r"unsafe_allow_html|st\.html\(|components\.html|components\.v1")
    offenders = []
    for path in [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_data_text_reaches_markdown_only_through_the_escaper():
    """Every argument the dashboard hands to Streamlit's Markdown (st.markdown, caption, write,
    the alert boxes, headers, expander and widget labels, help= tooltips), in every module of
    dashboard/ and its sub-packages, is a literal, a number or date, or escaped text: made by
    the escaper or by a function whose every result is (tests/escaping.py says how that is
    proved from the source)."""
    escaping = Escaping(
        ROOT, sorted((ROOT / "dashboard").rglob("*.py")), sorted((ROOT / "loaders").rglob("*.py"))
    )
    assert {"escape_markdown", "problem_lines", "links_markdown"} <= escaping.safe_functions
    assert escaping.unescaped() == []


def _make_run(*assignments: str) -> str:
    """The command `make run` would run (printed by `make -n`, nothing started)."""
    done = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run", *assignments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={k: v for k, v in os.environ.items() if k != "HOST"},
    )
    return next(line for line in done.stdout.splitlines() if "-m dashboard" in line)


def test_make_run_listens_on_every_interface_fixed_to_loopback():
    """`make run` serves on 127.0.0.1 (the README: never expose port 8501); every interface only
    when asked with HOST=0.0.0.0, and the shipped config says loopback too."""
    assert "--server.address 127.0.0.1" in _make_run()
    assert "--server.address 0.0.0.0" in _make_run("HOST=0.0.0.0")
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
