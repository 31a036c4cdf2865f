"""The data folder (SPEC section 2): its layout, which folder is meant, and safe reading.

This is the only module that spells the names of the data files. Every reader and every command
asks a `DataFolder` where a file is, and reads it through `read_file`/`read_text`, so that:

- the folder is chosen by one rule: an explicit argument, else `$SITUATION_DATA`, else `./data`
  when it exists; never the checkout's bundled data by accident;
- only regular files are read (a FIFO or a device is reported, never opened for reading), a
  symlink must stay inside the folder, and the size is checked before a byte is read;
- bad encoding is reported the same way for every file: `not-utf8`, with its line and column.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders.model.problem_types import (
    NOT_A_FILE,
    NOT_UTF8,
    OUTSIDE_FOLDER,
    TOO_LARGE,
    UNREADABLE,
    UTF16,
)
from loaders.model.problems import Report
from loaders.read.characters import clean

#: Folder layout (relative to the data folder).
ARTICLES_DIR = "articles"
ARTICLE_SUFFIX = ".txt"
REGISTRY_FILE = "articles.csv"
FIGURES_DIR = "figures"
TABLE_SUFFIX = ".csv"
PLACES_FILE = "places.csv"
BOUNDARIES_DIR = "boundaries"
COUNTRIES_FILE = "countries-50m.json"
ROUTES_FILE = "routes.geojson"
EVENTS_FILE = "events.csv"
CORRECTIONS_FILE = "corrections.csv"
REVIEW_FILE = "review.csv"
SITUATION_FILE = "situation.yaml"
SOURCES_FILE = "sources.yaml"
SYNC_STATE_FILE = "sync-state.json"
#: Where `build` keeps the store (Parquet tables and their manifest); never read as data.
STORE_DIR = ".store"

#: Files `build --out` writes, by table name.
BUILD_FILES = {
    "figures": "figures.csv",
    "facts": "facts.csv",
    "places": "places.csv",
    "sources": "sources.csv",
    "events": "events.csv",
    "problems": "problems.csv",
}

#: The checkout's own data folder: a template for `init`, never a default.
BUNDLED = Path(__file__).resolve().parents[2] / "data"
ENVIRONMENT = "SITUATION_DATA"

#: Size limits, checked before reading (bytes).
MAX_CSV_BYTES = 64 << 20
MAX_JSON_BYTES = 64 << 20
MAX_ARTICLE_BYTES = 5_000_000
MAX_TABLE_BYTES = 2 << 30

#: Names of editors' and commands' working files (see `ignored`).
IGNORED_SUFFIXES = (".swp", ".swo", ".swx", "~", ".bak", ".orig")
IGNORED_PREFIXES = (".#", "~$")

#: An article id: letters, digits, '.', '_' and '-', starting with a letter or digit.
ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


class NoDataFolder(Exception):
    """No folder was given and none is implied; the message says how to give one."""


class UnsafePath(ValueError):
    """A name that would leave the data folder, or is not allowed as an id."""


@dataclass(frozen=True)
class DataFolder:
    """One situation's data folder and where each of its files lives."""

    root: Path

    @classmethod
    def choose(
        cls, explicit: str | Path | None = None, environ: Mapping[str, str] | None = None
    ) -> DataFolder:
        """The folder meant: `explicit`, else $SITUATION_DATA, else ./data if it exists."""
        environ = os.environ if environ is None else environ
        if explicit:
            return cls(Path(explicit))
        if environ.get(ENVIRONMENT):
            return cls(Path(environ[ENVIRONMENT]))
        if Path("data").is_dir():
            return cls(Path("data"))
        raise NoDataFolder(
            f"no data folder: give one (--data DIR), set {ENVIRONMENT}, run from a folder that has"
            " ./data, or make a new one with `python -m loaders init DIR`"
        )

    @property
    def articles_dir(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def registry(self) -> Path:
        return self.root / REGISTRY_FILE

    @property
    def figures_dir(self) -> Path:
        return self.root / FIGURES_DIR

    @property
    def places(self) -> Path:
        return self.root / PLACES_FILE

    @property
    def boundaries_dir(self) -> Path:
        return self.root / BOUNDARIES_DIR

    @property
    def countries(self) -> Path:
        return self.boundaries_dir / COUNTRIES_FILE

    @property
    def routes(self) -> Path:
        return self.root / ROUTES_FILE

    @property
    def events(self) -> Path:
        return self.root / EVENTS_FILE

    @property
    def corrections(self) -> Path:
        return self.root / CORRECTIONS_FILE

    @property
    def situation(self) -> Path:
        return self.root / SITUATION_FILE

    def is_bundled(self) -> bool:
        """Whether this is the checkout's own data folder."""
        try:
            return self.root.resolve() == BUNDLED.resolve()
        except OSError:
            return False

    @property
    def review_log(self) -> Path:
        return self.root / REVIEW_FILE

    @property
    def sources(self) -> Path:
        """Where the situation's articles and figures are fetched from (`sync`)."""
        return self.root / SOURCES_FILE

    @property
    def sync_state(self) -> Path:
        """What each source has given so far, and when it was last synced (written by `sync`)."""
        return self.root / SYNC_STATE_FILE

    @property
    def store(self) -> Path:
        """The default store of this folder (`build` writes it, the dashboard reads it)."""
        return self.root / STORE_DIR

    def inputs(self) -> list[Path]:
        """Every file the loaders read, in a stable order: the registers, the map's files, the
        articles and the tables. Anything else in the folder (the store, an editor's swap file,
        notes) is not an input and changes nothing."""
        return self._fixed_inputs() + self.article_files() + self.tables()

    def _fixed_inputs(self) -> list[Path]:
        """The registers and the map's files there are (the inputs not listed from a folder)."""
        registers = (
            self.registry,
            self.places,
            self.routes,
            self.events,
            self.corrections,
            self.review_log,
            self.situation,
            self.sources,
            self.sync_state,
            self.countries,
        )
        maps = sorted(
            p for p in self.boundaries_dir.glob("*") if p.is_file() and not ignored(p.name)
        )
        return [p for p in registers if p.is_file()] + [p for p in maps if p not in registers]

    def input_stats(self) -> list[tuple[str, os.stat_result]]:
        """Each input (`inputs`, in the same order) by its name relative to the folder, with
        its `stat`; one gone since it was listed is left out. The articles and tables are
        stat-ed from their folders' listing (`os.scandir` entries, no `Path` made for each):
        the app checks a folder of 10,000 articles against its store at every page run."""
        found = []
        for path in self._fixed_inputs():
            with contextlib.suppress(OSError):
                found.append((self.relative(path), path.stat()))
        listed = ((self.articles_dir, ARTICLE_SUFFIX), (self.figures_dir, TABLE_SUFFIX))
        for folder, suffix in listed:
            prefix = self.relative(folder)
            for entry in _entries(folder, suffix):
                with contextlib.suppress(OSError):
                    found.append((f"{prefix}/{entry.name}", entry.stat()))
        return found

    def relative(self, path: Path) -> str:
        """`path` relative to the folder, with '/' (as manifests name files). A path made from
        the folder's own (every listing's) is cut as text: a folder of 10,000 articles asks
        for each at every build and start, and `Path.relative_to` would cost a second."""
        text, root = str(path), str(self.root)
        if root != "." and text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def article(self, article_id: str) -> Path:
        """Where the article with this id lives; refuses ids that are paths or odd names."""
        if not ARTICLE_ID.fullmatch(article_id or "") or ".." in article_id:
            raise UnsafePath(
                f"{article_id!r} is not a valid article id: use letters, digits, '.', '_' and '-'"
                " (at most 200, no '..', no '/')"
            )
        path = self.articles_dir / f"{article_id}{ARTICLE_SUFFIX}"
        if not self.contains(path):
            raise UnsafePath(f"{path} is outside the data folder {self.root}")
        return path

    def article_files(self) -> list[Path]:
        return _listed(self.articles_dir, ARTICLE_SUFFIX)

    def article_count(self) -> int:
        """How many article files there are (`article_files`, without a `Path` for each)."""
        return len(_entries(self.articles_dir, ARTICLE_SUFFIX))

    def tables(self) -> list[Path]:
        return _listed(self.figures_dir, TABLE_SUFFIX)

    def contains(self, path: Path) -> bool:
        """Whether `path`, with every link followed, is inside this folder."""
        return _inside(path, self.root)

    def article_id(self, path: Path) -> str:
        """The id a file stands for: its name without '.txt', composed (NFC), so a name saved
        decomposed (as macOS does) still finds its registry row."""
        name = (
            path.name[: -len(ARTICLE_SUFFIX)] if path.name.endswith(ARTICLE_SUFFIX) else path.stem
        )
        return clean(name)

    def relative_article(self, article_id: str) -> str:
        """'articles/ID.txt', for messages."""
        return f"{ARTICLES_DIR}/{article_id}{ARTICLE_SUFFIX}"

    def signature(self) -> tuple:
        """(relative path, mtime, size) of every regular file: changes when any data file does.
        The store is left out (a build changes no input), and so are working files (`ignored`:
        an editor's swap file must not force a reload). Walked with `os.scandir` (the app asks
        when the folder changed since its store was built, at 10,000 articles: a `Path` per
        file cost most of a restart's first page)."""
        if not self.root.is_dir():
            return ()
        out: list[tuple[str, int, int]] = []
        _signed(str(self.root), "", out)
        return tuple(sorted(out))


def _signed(folder: str, prefix: str, out: list[tuple[str, int, int]]) -> None:
    """`DataFolder.signature`'s entries of `folder` (named `prefix` + name) into `out`: every
    regular file (links followed), in every folder below (links to folders not followed), the
    top folder's store left out."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if not prefix and entry.name == STORE_DIR:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _signed(entry.path, f"{prefix}{entry.name}{os.sep}", out)
                continue
            info = entry.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and not ignored(entry.name):
            out.append((prefix + entry.name, info.st_mtime_ns, info.st_size))


def ignored(name: str) -> bool:
    """Whether a file is an editor's or a command's working file, never data: a swap file
    ('.x.txt.swp'), a backup ('x.txt~'), an Emacs lock ('.#x.txt'), a write in progress
    ('.x.csv.1a2b.tmp'), the folder's lock ('.lock') and its store's build lock ('.store.lock').
    It is not read and does not force a reload."""
    return (
        name.endswith(IGNORED_SUFFIXES)
        or name.startswith(IGNORED_PREFIXES)
        or (name.startswith(".") and name.endswith((".tmp", ".lock")))
    )


def _listed(folder: Path, suffix: str) -> list[Path]:
    """The files of `folder` whose name ends in `suffix`, working files left out, by name (as
    `Path` sorts them in one folder; sorting the names is ten times cheaper)."""
    return [folder / entry.name for entry in _entries(folder, suffix)]


def _entries(folder: Path, suffix: str) -> list[os.DirEntry]:
    """`_listed`'s files as the folder's listing gives them (name and a cached `stat`)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as listing:
        found = [e for e in listing if e.name.endswith(suffix) and not ignored(e.name)]
    return sorted(found, key=lambda entry: entry.name)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _open(path: Path, report: Report, label: str, limit: int, root: Path | None) -> int | None:
    """A file descriptor for a regular file within the size limit, or None with the reason."""
    if root is not None and path.is_symlink() and not _inside(path, root):
        report.add(label, 0, "file", OUTSIDE_FOLDER)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        report.add(label, 0, "file", UNREADABLE, reason=exc.strerror)
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        report.add(label, 0, "file", NOT_A_FILE)
        return None
    if info.st_size > limit:
        os.close(fd)
        report.add(
            label,
            0,
            "file",
            TOO_LARGE,
            size=f"{info.st_size:,} bytes",
            limit=f"{limit:,} bytes for this file",
            advice="split it or check that it is the right file",
        )
        return None
    return fd


def check_file(
    path: Path,
    report: Report,
    label: str | None = None,
    limit: int = MAX_CSV_BYTES,
    root: Path | None = None,
) -> bool:
    """Whether `path` is a regular file within `limit` bytes (and, with `root`, not a link out
    of it); reports why not."""
    fd = _open(path, report, label or str(path), limit, root)
    if fd is None:
        return False
    os.close(fd)
    return True


def read_file(
    path: Path,
    report: Report,
    label: str | None = None,
    limit: int = MAX_CSV_BYTES,
    root: Path | None = None,
) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None, reported, otherwise."""
    label = label or str(path)
    fd = _open(path, report, label, limit, root)
    if fd is None:
        return None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        report.add(label, 0, "file", UNREADABLE, reason=exc.strerror)
        return None
    if len(raw) > limit:  # grew while being read
        report.add(
            label,
            0,
            "file",
            TOO_LARGE,
            size="the file (it grew while being read)",
            limit=f"{limit:,} bytes",
            advice="check that it is the right file",
        )
        return None
    return raw


def _utf16(raw: bytes) -> bool:
    """Whether the bytes are UTF-16: its byte-order mark, or (without one) a zero byte in every
    other place at the start, as Latin text in UTF-16 has."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    start = raw[:512]
    if len(start) < 4:
        return False
    return start[1::2].count(0) > len(start) // 4 or start[0::2].count(0) > len(start) // 4


def decode(raw: bytes, report: Report, label: str) -> str | None:
    """UTF-8 text (a leading BOM dropped) as every reader keeps it (`characters.clean`: NFC,
    invisible controls removed); None, with the line and column of the first bad byte
    reported, when it is not UTF-8 (a UTF-16 file is named as one)."""
    if _utf16(raw):
        report.add(
            label,
            1,
            "encoding",
            UTF16,
        )
        return None
    try:
        return clean(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(
            label,
            line,
            "encoding",
            NOT_UTF8,
            byte=raw[exc.start],
            column=column,
        )
        return None


def read_text(
    path: Path,
    report: Report,
    label: str | None = None,
    limit: int = MAX_CSV_BYTES,
    root: Path | None = None,
) -> str | None:
    """A file's UTF-8 text, through `read_file` and `decode`."""
    label = label or str(path)
    raw = read_file(path, report, label, limit, root)
    return None if raw is None else decode(raw, report, label)


def init(
    target: Path,
    headers: dict[str, tuple[str, ...]],
    template: Path = BUNDLED,
    title: str = "",
    countries: list[str] | None = None,
) -> list[Path]:
    """Make a new situation's data folder: the layout, each register with its header row only
    (`headers` by attribute: 'registry', 'places', 'events', 'corrections'), an empty routes
    file, `situation.yaml` with its title (and `countries`, ISO codes, when given), and the
    country boundaries copied from `template`
    (not the template's own area outlines, which belong to its situation). Refuses a folder
    that has data."""
    folder = DataFolder(target)
    files = {name: getattr(folder, name) for name in headers}
    existing = [p for p in (*files.values(), folder.routes, folder.situation) if p.exists()]
    if existing:
        raise FileExistsError(f"{existing[0]} exists already; init makes new folders only")
    made = []
    for path in (folder.articles_dir, folder.figures_dir, folder.boundaries_dir):
        path.mkdir(parents=True, exist_ok=True)
        made.append(path)
    for name, path in files.items():
        path.write_text(",".join(headers[name]) + "\n", encoding="utf-8")
        made.append(path)
    folder.routes.write_text('{"type": "FeatureCollection", "features": []}\n', encoding="utf-8")
    made.append(folder.routes)
    wanted: dict[str, object] = {"title": title}
    if countries:
        wanted["countries"] = list(countries)
    settings = yaml.safe_dump(wanted, allow_unicode=True, sort_keys=False)
    folder.situation.write_text(settings, encoding="utf-8")
    made.append(folder.situation)
    source = DataFolder(template).boundaries_dir
    for item in sorted(source.iterdir()) if source.is_dir() else []:
        if item.is_file() and not item.name.endswith(".geojson") and not ignored(item.name):
            shutil.copyfile(item, folder.boundaries_dir / item.name)
            made.append(folder.boundaries_dir / item.name)
    return made
