"""How `make test` shares the tests between its two workers (`-n 2 --dist loadgroup`).

A test file that sets up something once for all its tests (a module-scoped fixture: a
Streamlit server, a browser, a Dask cluster, a built store) goes to one worker whole, so that
set-up is paid once; every other test is handed out on its own, so both workers stay busy to
the end instead of one waiting for the other's longest file. Biggest units first.

pytest-xdist's own `loadgroup` reads `xdist_group` marks from the test ids, which pytest 9.2
no longer lets it rewrite (pytest-xdist issue 1386): this scheduler decides from the files.
"""

from __future__ import annotations

import ast
from pathlib import Path

from xdist.scheduler.loadscope import LoadScopeScheduling

#: Fixture scopes set up once per file: a file using one is one unit of work.
SHARED_SCOPES = {"module", "package"}


def shares_setup(source: str) -> bool:
    """Whether a test module defines a fixture of a shared scope, or imports something from
    another test module (a fixture such as test_browser's `browser`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.test_"):
            return True
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg == "scope"
                    and isinstance(value, ast.Constant)
                    and value.value in SHARED_SCOPES
                ):
                    return True
    return False


class FilesWithSharedSetup(LoadScopeScheduling):
    """One unit per file with shared set-up, one unit per test otherwise."""

    def __init__(self, config, log=None) -> None:
        super().__init__(config, log)
        self.root = Path(config.rootpath)
        self.whole_files: dict[str, bool] = {}

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        if path not in self.whole_files:
            file = self.root / path
            self.whole_files[path] = file.suffix == ".py" and shares_setup(
                file.read_text(encoding="utf-8")
            )
        return path if self.whole_files[path] else nodeid
