"""Writing tables: CSV and JSON in the SPEC's forms, each file replaced atomically."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import overload

import pandas as pd

from loaders.read.csvrows import NUMBER

#: Mode of a new file: readable by the dashboard's service account whoever wrote it.
NEW_FILE_MODE = 0o644
#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, then rename over `path`, so an
    interrupted run leaves the old file whole. The file keeps the mode of the one it replaces
    (0644 when new); the temporary file is removed on any failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """`atomic_write` of a text, in UTF-8."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where the system
    cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, bytes(a), at_fdcwd, bytes(b), rename_exchange) == 0


def replace_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Fill a new folder beside `target` with `write(folder)`, then swap it in whole: a reader
    (or a `kill -9`) sees the old tables or the new ones, never a mix. The new folder is removed
    if writing fails; one left by a killed run is removed by the next, and one a running build holds
    (a lock on the folder) is left alone, so two builds to one OUT both finish whole."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    claim = _claim(fresh, wait=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        if stale != fresh and _abandoned(stale):
            shutil.rmtree(stale, ignore_errors=True)
    try:
        write(fresh)
        os.chmod(fresh, 0o755)
        if not target.exists():
            os.replace(fresh, target)
        elif _exchange(fresh, target):
            shutil.rmtree(fresh, ignore_errors=True)  # now holds the old tables
        else:
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            )
            os.replace(target, old / "old")
            os.replace(fresh, target)
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        os.close(claim)


def _claim(folder: Path, wait: bool) -> int:
    """An open descriptor of `folder` holding an exclusive lock on it: the folder is in use by a
    running build (the lock goes with the process, so a killed build's folder is free)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BaseException:
        os.close(fd)
        raise
    return fd


def _abandoned(folder: Path) -> bool:
    """Whether a temporary folder is left by a build that no longer runs (no one holds it)."""
    try:
        os.close(_claim(folder, wait=False))
    except BlockingIOError:
        return False
    except OSError:
        return not folder.exists()
    return True


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (a hidden lock file in it) while registers are read
    and rewritten, so two maintainers' commands at once neither lose nor repeat rows."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: object) -> object: ...
def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe so it shows
    as the text it is; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_cells(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell neutralised (numbers are written by pandas, never as text)."""
    out = df.copy()
    for column in out.columns:
        cells = out[column]
        if isinstance(cells.dtype, pd.CategoricalDtype):
            renamed = [neutralise(c) for c in cells.cat.categories]
            if len(set(renamed)) == len(renamed):
                out[column] = cells.cat.rename_categories(renamed)
            else:  # '=x' and "'=x" both present: fall back to cell by cell
                out[column] = cells.astype(object).map(neutralise)
        elif cells.dtype == object or isinstance(cells.dtype, pd.StringDtype):
            texts = cells.map(lambda v: v if isinstance(v, str) else "", na_action="ignore")
            risky = texts.str.startswith(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                risky &= ~texts.str.fullmatch(NUMBER.pattern).fillna(False).astype(bool)
                out[column] = cells.where(~risky, "'" + texts)
    return out


def public(df: pd.DataFrame) -> pd.DataFrame:
    """The table without its working columns (named with a leading '_', such as the day column of
    a prepared table): what readers and files see."""
    return df[[c for c in df.columns if not str(c).startswith("_")]]


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with numbers as plain numerals (no '.0' on whole numbers), offsets as integers and
    missing values empty. Working columns (named with a leading '_') are left out."""
    out = public(df).copy()
    for column in ("value", "value_max", "lat", "lon"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64")
    for column in ("start", "end", "geonames_id", "line", "figures", "n_sources"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    return out


def csv_text(df: pd.DataFrame) -> str:
    """`df` as CSV text, numbers plain and formula cells neutralised: what every CSV the
    project writes holds."""
    return safe_cells(csv_ready(df)).to_csv(index=False, float_format="%.15g")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """`df` as UTF-8 CSV at `path` (formula cells neutralised), atomically."""
    ready = safe_cells(csv_ready(df))
    atomic_write(path, lambda tmp: ready.to_csv(tmp, index=False, float_format="%.15g"))


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, missing values as null."""
    text = csv_ready(df).to_json(orient="records", date_format="iso", force_ascii=False)
    rows = json.loads(text)
    for row in rows:
        for key, value in row.items():
            if (
                isinstance(value, str)
                and len(value) >= 10
                and value[4:5] == "-"
                and "T00:00" in value
            ):
                row[key] = value[:10]
    return rows
