"""Reading articles: the text files, their dates and metadata, and the articles.csv registry.

An article's date comes from, in order: a YAML front-matter block, the seed form (the text begins
with ` date YYYY-MM-DD `), its registry row. The body is what follows any header; figure offsets
count in it, so the body is never altered (no stripping, no newline translation).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from loaders.model.problems import Report
from loaders.model.records import Article, RegistryRow
from loaders.read.csvrows import csv_rows

#: Articles larger than this are refused: pasted text of a few pages is kilobytes.
MAX_ARTICLE_BYTES = 5_000_000

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SEED_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+")
_DATELINE = re.compile(
    r"\A\s*(?P<name>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*){0,3})"
    r"(?:,[^\n\-–—(]{1,40})?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-–—]{1,2}[ \t]"
)
REGISTRY_COLUMNS = ("id", "date", "title", "outlet", "url", "language", "note")


@dataclass(frozen=True)
class Dateline:
    """The place name an article opens with ('KORNIDZOR, Armenia - ...'), as written."""

    name: str
    start: int
    end: int
    prefix_end: int


def find_dateline(body: str) -> Dateline | None:
    """The wire-style dateline at the start of the body, if there is one."""
    m = _DATELINE.match(body)
    if not m or len(m.group("name")) < 3:
        return None
    return Dateline(m.group("name").title(), m.start("name"), m.end("name"), m.end())


def read_registry(
    path: Path, report: Report, label: str | None = None, lines: dict[str, int] | None = None
) -> dict[str, RegistryRow]:
    """Rows of articles.csv by id; every bad row is reported and skipped. `lines`, if given, is
    filled with the line of each id."""
    label = label or str(path)
    rows: dict[str, RegistryRow] = {}
    if not path.exists():
        return rows
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(label, 0, "file", "encoding", f"not valid UTF-8 ({exc.reason}); save as UTF-8")
        return rows
    for line, raw in csv_rows(text, ("id", "date"), label, report) or []:
        values = {k: v for k, v in raw.items() if k in REGISTRY_COLUMNS}
        if not values.get("date"):
            values.pop("date", None)
        if lines is not None:
            lines.setdefault(values.get("id", ""), line)
        try:
            row = RegistryRow(**values)
        except ValidationError as exc:
            report.add_invalid(label, line, exc, values)
            continue
        if row.id in rows:
            report.add(label, line, "id", "duplicate-row", f"article id {row.id!r} is listed twice")
            continue
        rows[row.id] = row
    return rows


def _front_matter(block: str) -> dict[str, object]:
    data = yaml.safe_load(block) or {}
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping of keys to values")
    return data


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def read_article(
    path: Path,
    report: Report,
    registry: dict[str, RegistryRow] | None = None,
    label: str | None = None,
) -> Article | None:
    """Read one article file; report what is wrong with it and return None when it is unusable."""
    label = label or str(path)
    article_id = path.stem
    reg = (registry or {}).get(article_id)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.add(label, 0, "file", "unreadable", f"cannot read the file: {exc.strerror}")
        return None
    if len(raw) > MAX_ARTICLE_BYTES:
        report.add(
            label,
            0,
            "file",
            "too-large",
            f"{len(raw):,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes for one article;"
            " split it or check that it is really one article",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(
            label,
            line,
            "encoding",
            "not-utf8",
            f"byte 0x{raw[exc.start]:02x} at column {column} is not valid UTF-8;"
            " re-save the file as UTF-8 (it may be Windows-1252 or Latin-1)",
        )
        return None

    offset = 1 if text.startswith("\ufeff") else 0
    meta: dict[str, object] = {}
    date: dt.date | None = None
    date_source = "registry"
    fm = _FRONT_MATTER.match(text, offset)
    seed = _SEED_HEADER.match(text[offset:]) if not fm else None
    if fm:
        try:
            meta = _front_matter(fm.group(1))
        except (yaml.YAMLError, ValueError) as exc:
            report.add(label, 1, "front_matter", "invalid-front-matter", f"cannot read it: {exc}")
            meta = {}
        offset = fm.end()
        if "date" in meta:
            try:
                date, date_source = _as_date(meta["date"]), "front_matter"
            except ValueError:
                report.add(
                    label,
                    2,
                    "date",
                    "invalid-date",
                    f"{meta['date']!r} is not a date; write it as YYYY-MM-DD",
                )
    elif seed:
        try:
            date, date_source = dt.date.fromisoformat(seed.group(1)), "header"
        except ValueError:
            report.add(label, 1, "date", "invalid-date", f"{seed.group(1)!r} is not a real date")
        offset += seed.end()

    if reg and reg.date:
        if date is None:
            date = reg.date
        elif date != reg.date:
            report.add(
                label,
                1,
                "date",
                "date-mismatch",
                f"the file says {date}, articles.csv says {reg.date}; the file's date is used",
                severity="warning",
            )
    body = text[offset:]
    if not body.strip():
        report.add(label, 1, "body", "empty-article", "the article has no text")
        return None
    if date is None:
        report.add(
            label,
            1,
            "date",
            "no-date",
            "the article has no date: add a front-matter block (---, date: YYYY-MM-DD, ---),"
            f" or a row for id {article_id!r} with a date in articles.csv",
        )
        return None

    def pick(key: str) -> str:
        if meta.get(key) not in (None, ""):
            return str(meta[key])
        return str(getattr(reg, key, "") or "") if reg else ""

    return Article(
        id=article_id,
        path=label,
        date=date,
        date_source=date_source,
        title=pick("title"),
        outlet=pick("outlet"),
        url=pick("url"),
        language=pick("language") or "en",
        note=pick("note"),
        body=body,
        body_offset=offset,
    )


def read_articles(folder: Path, report: Report) -> list[Article]:
    """Every article under `folder`/articles with the registry applied; missing files reported."""
    registry_path = folder / "articles.csv"
    lines: dict[str, int] = {}
    registry = read_registry(registry_path, report, str(registry_path), lines)
    articles_dir = folder / "articles"
    files = sorted(articles_dir.glob("*.txt")) if articles_dir.is_dir() else []
    present = {f.stem for f in files}
    if registry_path.exists():
        for article_id in registry:
            if article_id not in present:
                report.add(
                    str(registry_path),
                    lines.get(article_id, 0),
                    "id",
                    "missing-file",
                    f"no file articles/{article_id}.txt for this row;"
                    " add the file or remove the row",
                )
    articles = []
    for f in files:
        art = read_article(f, report, registry, str(f))
        if art is not None:
            articles.append(art)
    return articles
