"""Where a command may write: never over, around or into the data folder it reads.

`build --out` replaces a whole folder and `export --out` a file, so a slip of the keyboard
(`--out data`, `--out .`, `--out data/places.csv`) would otherwise delete what it was built from.
A folder `build` made carries a marker file; any other non-empty folder is refused.
"""

from __future__ import annotations

from pathlib import Path

from loaders.read.folder import BUILD_FILES

#: The file `build` leaves in its output folder: the folder may be replaced by the next build.
BUILD_MARKER = ".situation-build"


class UnsafeOutput(ValueError):
    """An output path that would overwrite input or a folder `build` did not make."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, data_root: Path, folder: bool) -> None:
    """Refuse `out` (a folder for `build`, a file for `export`) when it is, holds or lies inside
    the data folder, or (a folder) is a non-empty folder that no earlier build made."""
    target, data = out.resolve(), data_root.resolve()
    what = "folder" if folder else "file"
    if _within(target, data):
        place = "is" if target == data else "is inside"
        raise UnsafeOutput(
            f"--out {out} {place} the data folder {data_root}; writing there would replace the"
            f" input: choose an output {what} outside it"
        )
    if _within(data, target):
        raise UnsafeOutput(
            f"--out {out} holds the data folder {data_root}; replacing it would delete the input:"
            f" choose an output {what} outside it"
        )
    if not folder:
        if target.is_dir():
            raise UnsafeOutput(f"--out {out} is a folder; give the name of a file to write")
        return
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"--out {out} is a file; give a folder for the tables")
    if target.is_dir() and not is_build(target):
        raise UnsafeOutput(
            f"--out {out} is a folder that an earlier build did not make (no {BUILD_MARKER} in"
            " it) and it is not empty; build replaces the whole folder, so give a new or empty one"
        )


def is_build(folder: Path) -> bool:
    """Whether `folder` may be replaced by a build: empty, marked by an earlier build, or holding
    only the tables a build writes (a build made before the marker existed)."""
    names = {p.name for p in folder.iterdir()}
    return not names or BUILD_MARKER in names or names <= set(BUILD_FILES.values())


def mark_build(folder: Path) -> None:
    """Leave the marker that says `folder` is a build's output."""
    (folder / BUILD_MARKER).write_text(
        "made by `python -m loaders build`; the next build replaces this folder whole\n",
        encoding="utf-8",
    )
