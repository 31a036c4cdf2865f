"""A folder of situation folders: one deployment serving several situations.

`$SITUATIONS` names a folder whose sub-folders are data folders (SPEC section 2), each with its
`situation.yaml`. A situation is known by its folder's name, which is what an address may name
(`?situation=NAME`): only the names listed here are ever opened, so no name read from an address
becomes a path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from loaders.model.problem_types import INVALID_SITUATION_NAME, MISSING_FOLDER
from loaders.model.problems import Report
from loaders.read.folder import SITUATION_FILE, DataFolder
from loaders.read.situation import read_situation

ENVIRONMENT = "SITUATIONS"
#: A situation's name: letters, digits, '-' and '_', starting with a letter or digit.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class SituationFolder:
    """One situation of the deployment: its name (in addresses), folder and title."""

    name: str
    folder: DataFolder
    title: str


def situations_root(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder of situation folders ($SITUATIONS), or None when the deployment serves one
    situation."""
    environ = os.environ if environ is None else environ
    value = environ.get(ENVIRONMENT, "").strip()
    return Path(value) if value else None


def situation_folders(root: Path, report: Report) -> tuple[SituationFolder, ...]:
    """The situations in `root`, by title: every sub-folder with a `situation.yaml` whose name is
    a valid situation name. A sub-folder with a situation file and another name is reported and
    left out; `root` that is not a folder is reported."""
    if not root.is_dir():
        report.add(str(root), 0, "folder", MISSING_FOLDER, what=f"folder (${ENVIRONMENT})")
        return ()
    found = []
    for entry in sorted(root.iterdir()):
        if not (entry.is_dir() and (entry / SITUATION_FILE).is_file()):
            continue
        if not NAME.fullmatch(entry.name):
            report.add(
                str(entry),
                0,
                "folder",
                INVALID_SITUATION_NAME,
            )
            continue
        folder = DataFolder(entry)
        title = read_situation(folder, report).title or entry.name
        found.append(SituationFolder(entry.name, folder, title))
    return tuple(sorted(found, key=lambda s: (s.title.casefold(), s.name)))


def named(situations: tuple[SituationFolder, ...], name: str) -> SituationFolder | None:
    """The situation called `name` (an address's value, untrusted), or None."""
    return next((s for s in situations if s.name == name), None)
