"""The situation's settings file (`situation.yaml`, SPEC section 2): read into `Situation`."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from loaders.model.problems import Report
from loaders.model.records import Situation
from loaders.read.folder import read_text


def read_situation(path: Path, report: Report, root: Path | None = None) -> Situation:
    """The settings; defaults (no title) when the file is missing, with each bad key reported."""
    label = str(path)
    if not path.exists():
        return Situation()
    text = read_text(path, report, label, root=root)
    if text is None:
        return Situation()
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        report.add(label, line, "file", "invalid-yaml", f"not valid YAML: {exc}"[:300])
        return Situation()
    if values is None:
        return Situation()
    if not isinstance(values, dict):
        report.add(label, 1, "file", "invalid-value", "expected keys such as 'title: ...'")
        return Situation()
    try:
        return Situation.model_validate(values)
    except ValidationError as exc:
        report.add_invalid(label, 0, exc, values)
        good = {k: v for k, v in values.items() if k in Situation.model_fields}
        try:
            return Situation.model_validate(good)
        except ValidationError:
            return Situation()
