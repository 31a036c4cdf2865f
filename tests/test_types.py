"""The type checker: mypy, configured in pyproject.toml (`[tool.mypy]`), finds nothing in
`loaders/` and `dashboard/`. It runs as a test so pytest-xdist overlaps it with the others."""

from __future__ import annotations

import ast
import tomllib

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


def test_no_module_of_ours_imports_a_library_mypy_does_not_follow():
    """pyproject.toml lets mypy skip some libraries reached only through streamlit's modules
    (`follow_imports = "skip"`): inside them their types are Any. A module of ours importing one
    would be checked against Any, so none does."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    skipped = {
        module.removesuffix(".*")
        for override in settings["tool"]["mypy"]["overrides"]
        if override.get("follow_imports") == "skip"
        for module in override["module"]
    }
    assert skipped
    imported = set()
    for package in ("loaders", "dashboard"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {(path, alias.name.split(".")[0]) for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add((path, node.module.split(".")[0]))
    assert [(str(path), name) for path, name in imported if name in skipped] == []
