"""The catalogue of problem types: every problem reported comes from it, `validate --json` and the
README show its codes, and the README's list is the catalogue's own."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from loaders.model import problem_types
from loaders.model.problem_types import BY_CODE, CATALOGUE, INVALID_DATE, TOO_LARGE, markdown
from loaders.model.problems import Report
from tests.conftest import loaders_cli as run

ROOT = Path(__file__).resolve().parent.parent
#: Packages whose code reports problems (the catalogue module itself excepted).
SOURCES = ("loaders", "dashboard", "bench", "scripts")
#: Calls through which a problem is made or reported.
REPORTING = {"add", "flag", "at", "failed", "Problem"}
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _source_files() -> list[Path]:
    files = [p for root in SOURCES for p in (ROOT / root).rglob("*.py")]
    return [p for p in files if p.name != "problem_types.py"]


def _called(node: ast.Call) -> str:
    return getattr(node.func, "attr", None) or getattr(node.func, "id", "")


def test_no_problem_is_reported_with_a_literal_code():
    """A code typed at a call site (`report.add(..., "invalid-value", ...)`, `Problem(code=...)`)
    would bypass the catalogue; every reporting call names a catalogue entry instead."""
    found = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _called(node) not in REPORTING:
                continue
            values = [*node.args, *(k.value for k in node.keywords)]
            literal = [
                v.value
                for v in values
                if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value in BY_CODE
            ]
            typed = [k.arg for k in node.keywords if k.arg in ("code", "type", "type_")]
            if _called(node) == "add" and len(node.args) >= 4:  # Report.add's type, a string?
                kind = node.args[3]
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    literal.append(kind.value)
            if literal or typed:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {literal or typed}")
    assert found == []


def test_report_accepts_only_catalogue_entries():
    report = Report()
    with pytest.raises(TypeError, match="catalogue entry"):
        report.add("x.csv", 2, "date", "invalid-date", value="x", what="a date", advice="")
    report.add("x.csv", 2, "date", INVALID_DATE, value="2023-13-01", what="a date", advice="")
    (problem,) = report.problems
    assert (problem.code, problem.type, problem.severity) == (
        "invalid-date",
        "invalid-date",
        "error",
    )
    assert problem.message == "'2023-13-01' is not a date"


def test_a_message_needs_exactly_its_templates_fields():
    with pytest.raises(TypeError, match="missing \\['limit'\\]"):
        TOO_LARGE.message(size="3 bytes", advice="split it")
    with pytest.raises(TypeError, match="unexpected \\['colour'\\]"):
        TOO_LARGE.message(size="3 bytes", limit="2 bytes", advice="split it", colour="red")


def test_each_entry_is_declared_once_and_used():
    """Codes are unique kebab-case names, descriptions one line, and every entry is reported
    somewhere (an entry nothing uses is a stale declaration)."""
    assert len(BY_CODE) == len(CATALOGUE) > 40
    assert all(KEBAB.fullmatch(k.code) for k in CATALOGUE)
    assert all(k.description and "\n" not in k.description for k in CATALOGUE)
    names = {n for n, v in vars(problem_types).items() if v in CATALOGUE and n.isupper()}
    text = "\n".join(p.read_text(encoding="utf-8") for p in _source_files())
    assert sorted(n for n in names if not re.search(rf"\b{n}\b", text)) == []


def test_the_readme_lists_the_catalogue_as_generated():
    """The README's table is `python -m loaders problems --markdown`; after a change to the
    catalogue, paste that output between the README's problem-types markers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- problem-types:[^>]*-->\n(.*?)<!-- /problem-types -->", readme, re.S)
    assert section is not None
    assert section.group(1) == markdown()
    assert all(f"| `{k.code}` | {k.severity.value} |" in section.group(1) for k in CATALOGUE)


def test_validate_json_gives_each_problem_with_its_code(tmp_path: Path):
    folder = tmp_path / "situation"
    (folder / "figures").mkdir(parents=True)
    (folder / "articles").mkdir()
    (folder / "figures" / "counts.csv").write_text("indicator;value\ndisplaced;3\n")
    result = run("validate", folder, "--json")
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    codes = {r["code"] for r in rows}
    assert {"missing-file", "missing-column"} <= codes
    for r in rows:
        assert r["type"] == r["code"] and r["severity"] == BY_CODE[r["code"]].severity.value
        assert {"path", "line", "field", "message"} <= set(r)
    listed = run("problems")
    assert listed.returncode == 0 and all(k.code in listed.stdout for k in CATALOGUE)
