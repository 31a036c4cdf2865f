"""Reading situation.yaml: the settings of one data folder, defaults when the file is absent."""

from __future__ import annotations

import yaml
from pydantic import ValidationError

from loaders.model.problem_types import INVALID_VALUE, INVALID_YAML
from loaders.model.problems import Report
from loaders.model.situation import Situation
from loaders.read.folder import DataFolder, read_text


def read_situation(data: DataFolder, report: Report) -> Situation:
    """The folder's settings; a file that is not valid YAML or has an unknown key is reported
    (file, key, what is wrong) and the defaults are used."""
    path = data.situation
    if not path.exists():
        return Situation()
    label = str(path)
    text = read_text(path, report, label, root=data.root)
    if text is None:
        return Situation()
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        report.add(label, line, "file", INVALID_YAML, reason=f"not valid YAML: {exc}")
        return Situation()
    if not isinstance(raw, dict):
        report.add(label, 1, "file", INVALID_YAML, reason="expected keys and values (a mapping)")
        return Situation()
    try:
        return Situation(**raw)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            report.add(label, 0, where, INVALID_VALUE, reason=error["msg"])
        return Situation()
