"""Shared fixtures: the bundled data folder, its gazetteer, and a helper to extract from text."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from loaders.extract.figures import extract_article
from loaders.model.problems import Report
from loaders.model.records import Article, Figure
from loaders.read.gazetteer import Gazetteer, read_places
from loaders.read.routes import read_routes

settings.register_profile(
    "default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "slow", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """`pytest -m slow` runs the property tests with 10,000 examples each."""
    if "slow" in (config.getoption("markexpr", "") or "") and "not slow" not in config.getoption(
        "markexpr", ""
    ):
        settings.load_profile("slow")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadgroup` (as `make test` runs): a file with shared set-up on one worker, every
    other test on its own (tests/scheduling.py)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from tests.scheduling import FilesWithSharedSetup

    return FilesWithSharedSetup(config, log)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of the seed articles from the current extractor",
    )


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    report = Report()
    gaz = read_places(DATA / "places.csv", report)
    read_routes(DATA / "routes.geojson", report, gaz)
    assert not report.problems, report.lines()
    return gaz


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def article(
    body: str, date: str = "2023-09-28", article_id: str = "test-article", language: str = ""
) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        date=dt.date.fromisoformat(date),
        date_source="header",
        body=body,
        language=language,
    )


def extract(
    body: str, gazetteer: Gazetteer, date: str = "2023-09-28", language: str = ""
) -> list[Figure]:
    """Figures of `body` as an article of `date`, in `language` (detected when empty)."""
    return extract_article(article(body, date, language=language), gazetteer)


def loaders_cli(
    *args: object,
    cwd: Path = ROOT,
    timeout: float = 120,
    env: dict | None = None,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """`python -m loaders ARGS` as a user runs it, with its output captured: by default `main`
    called here, in the environment, folder and output streams of a run of its own, with the
    exit code and traceback a process would give (a new process paid a second of imports, on
    each of about a hundred calls); with `process`, a real `python -m loaders` (what `timeout`
    bounds: a test of a hang, of the entry point, of signals)."""
    if process:
        return subprocess.run(
            [sys.executable, "-m", "loaders", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    from loaders.commands.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with _as_a_process(cwd, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors, as `sys.exit` gives them
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception:  # what Python prints and exits with for an uncaught exception
            traceback.print_exc(file=err)
            code = 1
    return subprocess.CompletedProcess(
        [sys.executable, "-m", "loaders", *argv], code, out.getvalue(), err.getvalue()
    )


@contextlib.contextmanager
def _as_a_process(cwd: Path, env: dict | None) -> Iterator[None]:
    """The working folder and, when given, the whole environment of a process, for a block."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
