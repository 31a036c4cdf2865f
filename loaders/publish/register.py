"""Adding an article to a data folder: its file and its registry row, written the one way every
command does it (`add-article`, `sync`), so the readers see the same files whoever wrote them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from loaders.model.problems import Report
from loaders.publish.output import atomic_write, atomic_write_text
from loaders.read.articles import REGISTRY_COLUMNS, read_registry
from loaders.read.folder import DataFolder
from loaders.read.gazetteer import normalize


class ArticleExists(Exception):
    """The id is taken (a file or a registry row); nothing was changed."""


def slug(text: str) -> str:
    """'Reuters: 84,700 flee' -> 'reuters-84-700-flee'."""
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:80] or "article"


def append_csv_row(path: Path, columns: tuple[str, ...], row: dict[str, object]) -> None:
    """Append one row, rewriting the file atomically (header written if the file is new). The
    row follows the file's own header, so a file with its columns in another order, or without
    an optional column, stays aligned."""
    old = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    header = next(csv.reader(io.StringIO(old)), []) if old.strip() else []
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header or list(columns), lineterminator="\n", extrasaction="ignore"
    )
    if not old.strip():
        writer.writeheader()
    writer.writerow({k: row.get(k, "") for k in header or columns})
    if old and not old.endswith("\n"):
        old += "\n"
    text = old + buffer.getvalue()
    atomic_write_text(path, text)


def write_article(data: DataFolder, article_id: str, raw: bytes, row: dict[str, object]) -> Path:
    """Write the article's bytes and append its registry row (`row` holds the registry's
    columns but the id). The caller holds the folder's lock (`output.locked`); an id that is
    taken raises ArticleExists and changes nothing; an unsafe id raises UnsafePath."""
    target = data.article(article_id)
    registry = read_registry(data.registry, Report())
    leftover = article_id not in registry and _interrupted_copy(target, raw)
    if (target.exists() or target.is_symlink()) and not leftover:
        raise ArticleExists(f"{target} exists already; choose another --id (nothing was changed)")
    if article_id in registry:
        raise ArticleExists(
            f"{data.registry.name} already has id {article_id!r} (nothing was changed)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda tmp: tmp.write_bytes(raw))
    try:
        append_csv_row(data.registry, REGISTRY_COLUMNS, {**row, "id": article_id})
    except BaseException:
        target.unlink(missing_ok=True)  # one transaction: no article without its row
        raise
    return target


def _interrupted_copy(target: Path, raw: bytes) -> bool:
    """Whether `target` is this very article left without its registry row by a run that was
    killed between the two writes: the re-run completes it instead of refusing."""
    return target.is_file() and not target.is_symlink() and target.read_bytes() == raw


def free_id(data: DataFolder, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... : the first id neither a file nor a registry row
    has (the caller holds the folder's lock)."""
    taken = set(read_registry(data.registry, Report()))
    candidate, n = wanted, 1
    while candidate in taken or data.article(candidate).exists():
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
