"""The type checker: mypy, configured in pyproject.toml (`[tool.mypy]`), finds nothing in
`loaders/` and `dashboard/`. It runs as a test so pytest-xdist overlaps it with the others."""

from __future__ import annotations

import pytest
from mypy import api

from tests.conftest import ROOT

CONFIG = str(ROOT / "pyproject.toml")


def _mypy(cache: str, *targets: str) -> tuple[int, str]:
    stdout, stderr, status = api.run(["--config-file", CONFIG, "--cache-dir", cache, *targets])
    return status, stdout + stderr


@pytest.fixture(scope="module")
def cache(pytestconfig: pytest.Config) -> str:
    """mypy's cache in pytest's cache folder: a rerun checks only what changed, and a fresh
    clone makes it on its first run."""
    assert pytestconfig.cache is not None
    return str(pytestconfig.cache.mkdir("mypy"))


def test_loaders_and_dashboard_type_check_clean(cache: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)  # the configured packages are found from the project's folder
    status, output = _mypy(cache)
    assert status == 0, output


def test_the_configuration_checks_untyped_functions_and_optionals(cache: str, tmp_path):
    """The settings that matter are in force: the body of a function without annotations is
    checked, and a None default does not make a parameter optional."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        "def untyped(x):\n"
        "    count: int = 'text'\n"
        "    return count\n"
        "\n"
        "def implicit(x: int = None) -> int:\n"
        "    return x\n"
    )
    status, output = _mypy(cache, str(planted))
    assert status == 1
    assert "planted.py:2: error: Incompatible types in assignment" in output
    assert "planted.py:5: error: Incompatible default for parameter" in output
