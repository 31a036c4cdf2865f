"""The code's layout: each stage of `loaders/` imports only from the stages before it, and the
loaders never import the dashboard or Streamlit (README, "Design notes")."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

#: The stages of `loaders/`, in the order data flows through them; `dashboard/` stands on top.
STAGES = ("model", "read", "extract", "facts", "publish", "connect", "commands")


def _imported(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """Every module an import names (at any depth, relative ones resolved within `package`)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def upward_imports(module: str, source: str) -> list[str]:
    """The imports in `source` (the module `module`, e.g. 'loaders.read.events') that run against
    the flow: a later stage, the dashboard, or Streamlit from the loaders."""
    parts = module.split(".")
    if parts[0] != "loaders":
        return []
    own = STAGES.index(parts[1]) if len(parts) > 2 else len(STAGES)
    package = ".".join(parts[:-1])
    wrong = []
    for line, name in _imported(ast.parse(source), package):
        top = name.split(".")
        later = top[0] == "loaders" and len(top) > 1 and top[1] in STAGES[own + 1 :]
        if later or top[0] in ("dashboard", "streamlit"):
            wrong.append(f"{module}:{line} imports {name}")
    return sorted(set(wrong))


def _modules(folder: Path) -> list[tuple[str, Path]]:
    return [
        (".".join(path.relative_to(ROOT).with_suffix("").parts), path)
        for path in sorted(folder.rglob("*.py"))
    ]


def test_every_loaders_folder_is_a_known_stage():
    """A new folder is placed in the flow before its imports can be checked."""
    folders = {p.name for p in (ROOT / "loaders").iterdir() if (p / "__init__.py").exists()}
    assert folders == set(STAGES)


def test_no_stage_imports_a_later_one():
    wrong = []
    for module, path in _modules(ROOT / "loaders"):
        wrong += upward_imports(module, path.read_text(encoding="utf-8"))
    assert wrong == []


def test_the_check_sees_every_form_of_an_upward_import():
    """Plain, from-, relative and function-level imports of a later stage are all caught; the
    same stage and earlier ones are not."""
    planted = {
        "import loaders.facts.dataset": True,
        "from loaders.publish import exports": True,
        "from ..facts import dataset": True,
        "from ..commands.cli import main": True,
        "def f():\n    from loaders.facts.selection import apply": True,
        "import streamlit as st": True,
        "from dashboard import data": True,
        "from loaders.read.folder import DataFolder": False,
        "from . import folder": False,
        "from loaders.model.records import Figure": False,
        "import pandas": False,
    }
    for source, upward in planted.items():
        assert bool(upward_imports("loaders.read.events", source)) is upward, source
