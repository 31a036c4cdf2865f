"""Reading articles: the text files, their dates and metadata, and the articles.csv registry.

An article's date comes from, in order: a YAML front-matter block, the seed form (the text begins
with ` date YYYY-MM-DD `), its registry row. The body is what follows any header; figure offsets
count in it, so the body is never altered beyond what every reader does (`characters.clean`: a
byte-order mark dropped, letters composed, invisible controls removed; no stripping, no newline
translation).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from loaders.model.problem_types import (
    DATE_MISMATCH,
    DUPLICATE_ROW,
    EMPTY_ARTICLE,
    INVALID_DATE,
    INVALID_FRONT_MATTER,
    MISSING_FILE,
    NO_DATE,
)
from loaders.model.problems import Report
from loaders.model.records import Article, FrontMatter, RegistryRow
from loaders.read.csvrows import csv_rows, date_problem
from loaders.read.folder import MAX_ARTICLE_BYTES, DataFolder, decode, read_file, read_text

__all__ = [
    "MAX_ARTICLE_BYTES",
    "listed_articles",
    "read_article",
    "read_articles",
    "read_registry",
]

#: A front-matter block longer than this is refused (a few keys take a few hundred bytes).
MAX_FRONT_MATTER_CHARS = 16_384

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SEED_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+")
#: How far into the body a dateline below other lines (a page's title, a caption) is looked for.
DATELINE_REACH = 1_500
_DATELINE = re.compile(
    r"(?:\A|(?<=\n))\s*(?P<name>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*){0,3})"
    r"(?:,[^\n\-–—(/]{1,40})?(?:[ \t]*\([^)\n]{1,40}\))?"
    r"[ \t]*(?:[-–—]{1,2}|/[A-Za-z-]{2,20}/\.?)[ \t]"  # ' - ', ' -- ' or TASS's ' /TASS/. '
)
#: A dateline whose place is written in title case ('Beyrouth, le 23 septembre 2024, WAFA- Le
#: ministre ...'): only with a date (a digit) between its comma and its dash, which a sentence
#: opening with a capitalised word and a dash has not.
_TITLED_DATELINE = re.compile(
    r"\A\s*(?P<name>[A-Z][^\W\d_]+(?:[ \t-][A-Z][^\W\d_]+){0,2}),[^\n\-–—(.]{0,30}\d"
    r"[^\n\-–—(.]{0,30}(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-–—]{1,2}[ \t]"
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
    """The wire-style dateline at the start of the body, if there is one: a place in capitals
    ('YEREVAN, Sept 29 (Reuters) - '), or in title case followed by a date ('Beyrouth, le 23
    septembre 2024, WAFA- ')."""
    m = _DATELINE.match(body) or _TITLED_DATELINE.match(body)
    if not m or len(m.group("name")) < 3:
        return None
    return Dateline(m.group("name").title(), m.start("name"), m.end("name"), m.end())


def later_datelines(body: str) -> list[Dateline]:
    """Datelines in capitals opening a line after the first within the body's first
    DATELINE_REACH characters ('MANILA, Nov. 13 (Xinhua) -- ' after a stored page's title and
    photo caption): a wire story's lede that a web page put below other lines. Only a place
    the gazetteer knows makes one a dateline (the caller's check): a line may open with an
    agency's name in capitals."""
    found = []
    for line in re.finditer(r"\n", body[:DATELINE_REACH]):
        m = _DATELINE.match(body, line.end())
        if m and len(m.group("name")) >= 3:
            found.append(Dateline(m.group("name").title(), m.start("name"), m.end("name"), m.end()))
    return found


def read_registry(
    path: Path,
    report: Report,
    label: str | None = None,
    lines: dict[str, int] | None = None,
    root: Path | None = None,
) -> dict[str, RegistryRow]:
    """Rows of articles.csv by id; every bad row is reported and skipped. `lines`, if given, is
    filled with the line of each id."""
    label = label or str(path)
    rows: dict[str, RegistryRow] = {}
    if not path.exists():
        return rows
    text = read_text(path, report, label, root=root)
    if text is None:
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
            report.add(
                label,
                line,
                "id",
                DUPLICATE_ROW,
                what=f"article id {row.id!r} is listed twice",
                advice="keep one",
            )
            continue
        rows[row.id] = row
    return rows


class FrontMatterError(ValueError):
    """A front-matter block that is not a flat mapping of plain values."""


def _front_matter(block: str) -> dict[str, str | None]:
    """The block's keys and values as text, read from the YAML parser's events without building
    any structure: aliases, anchors, tags, nesting and repeated keys are refused, so neither an
    alias bomb nor deep nesting can cost more than the block's length."""
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"longer than {MAX_FRONT_MATTER_CHARS:,} characters")
    data: dict[str, str | None] = {}
    key: str | None = None
    depth = 0
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError("anchors and aliases (&, *) are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > 1 or not isinstance(event, yaml.MappingStartEvent):
                raise FrontMatterError("values must be plain text, numbers or dates, not lists")
        elif isinstance(event, yaml.ScalarEvent):
            if depth != 1:
                raise FrontMatterError("front matter is not a mapping of keys to values")
            if event.tag not in (None, "!"):
                raise FrontMatterError(f"tags ({event.tag}) are not allowed")
            if key is None:
                key = event.value
                if key in data:
                    raise FrontMatterError(f"key {key!r} is given twice")
            else:
                plain = event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL")
                data[key] = None if plain else event.value
                key = None
    return data


def read_article(
    path: Path,
    report: Report,
    registry: dict[str, RegistryRow] | None = None,
    label: str | None = None,
    root: Path | None = None,
    today: dt.date | None = None,
) -> Article | None:
    """Read one article file; report what is wrong with it and return None when it is unusable.
    With `root`, a link leading out of that folder is refused."""
    label = label or str(path)
    today = today or dt.date.today()
    article_id = DataFolder(path.parent.parent).article_id(path)
    reg = (registry or {}).get(article_id)
    raw = read_file(path, report, label, MAX_ARTICLE_BYTES, root)
    if raw is None:
        return None
    text = decode(raw, report, label)  # composed, no BOM, no invisible controls
    if text is None:
        return None
    head = _header(text, label, report)
    date = _with_registry_date(head.date, reg, label, report)
    if date is not None and (wrong := date_problem(date, today)):
        report.add(label, 1, "date", wrong[0], **wrong[1])
        return None
    body = text[head.offset :]
    if not body.strip():
        report.add(label, 1, "body", EMPTY_ARTICLE)
        return None
    if date is None:
        report.add(label, 1, "date", NO_DATE, id=article_id)
        return None

    def pick(key: str) -> str:
        if getattr(head.front, key):
            return str(getattr(head.front, key))
        return str(getattr(reg, key, "") or "") if reg else ""

    return Article(
        id=article_id,
        path=label,
        date=date,
        date_source=head.date_source,
        title=pick("title"),
        outlet=pick("outlet"),
        url=pick("url"),
        language=pick("language").lower(),
        note=pick("note"),
        body=body,
        body_offset=head.offset,
    )


@dataclass(frozen=True)
class _Header:
    """What an article file says before its text: its front matter, the date it gives and
    where from, and where the text starts."""

    front: FrontMatter = field(default_factory=FrontMatter)
    date: dt.date | None = None
    date_source: str = "registry"
    offset: int = 0


def _header(text: str, label: str, report: Report) -> _Header:
    """The front-matter block at the top of the text, or the seed corpus's header line, read;
    a block or a date that cannot be read is reported and left out."""
    fm = _FRONT_MATTER.match(text)
    if fm:
        front = _front_matter_record(fm.group(1), label, report)
        if front.date is None:
            return _Header(front, offset=fm.end())
        return _Header(front, front.date, "front_matter", fm.end())
    seed = _SEED_HEADER.match(text)
    if not seed:
        return _Header()
    try:
        day = dt.date.fromisoformat(seed.group(1))
    except ValueError:
        report.add(
            label, 1, "date", INVALID_DATE, value=seed.group(1), what="a real date", advice=""
        )
        return _Header(offset=seed.end())
    return _Header(date=day, date_source="header", offset=seed.end())


def _with_registry_date(
    date: dt.date | None, reg: RegistryRow | None, label: str, report: Report
) -> dt.date | None:
    """The file's date, else the registry's; a registry date that differs from the file's is
    reported (the file's is used)."""
    if not (reg and reg.date):
        return date
    if date is None:
        return reg.date
    if date != reg.date:
        report.add(label, 1, "date", DATE_MISMATCH, file_date=date, registry_date=reg.date)
    return date


def _front_matter_record(block: str, label: str, report: Report) -> FrontMatter:
    """The front-matter block as its record (`FrontMatter`, the schema's model); a key whose
    value the record refuses is a problem line and is left out, the rest kept."""
    try:
        meta = _front_matter(block)
    except (yaml.YAMLError, ValueError) as exc:
        report.add(
            label, 1, "front_matter", INVALID_FRONT_MATTER, reason=f"cannot read it: {_short(exc)}"
        )
        return FrontMatter()
    try:
        return FrontMatter.model_validate(meta)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        for key in sorted(bad):
            if key == "date":
                report.add(
                    label,
                    2,
                    "date",
                    INVALID_DATE,
                    value=meta["date"],
                    what="a date",
                    advice="; write it as YYYY-MM-DD",
                )
            else:
                report.add(label, 2, key, INVALID_FRONT_MATTER, reason=f"{meta[key]!r} is not text")
        return FrontMatter.model_validate({k: v for k, v in meta.items() if k not in bad})


def _short(exc: Exception) -> str:
    """A parser's message on one line, without the snippet of the block it quotes."""
    return " ".join(str(exc).split())[:300]


def listed_articles(
    folder: DataFolder | Path, report: Report
) -> tuple[dict[str, RegistryRow], list[Path]]:
    """The registry's rows by id and the article files; a row without its file is reported."""
    folder = folder if isinstance(folder, DataFolder) else DataFolder(Path(folder))
    registry_path = folder.registry
    lines: dict[str, int] = {}
    registry = read_registry(registry_path, report, str(registry_path), lines, folder.root)
    files = folder.article_files()
    present = {folder.article_id(f) for f in files}
    if registry_path.exists():
        for article_id in registry:
            if article_id not in present:
                report.add(
                    str(registry_path),
                    lines.get(article_id, 0),
                    "id",
                    MISSING_FILE,
                    reason=f"no file {folder.relative_article(article_id)} for this row;"
                    " add the file or remove the row",
                )
    return registry, files


def read_articles(
    folder: DataFolder | Path, report: Report, today: dt.date | None = None
) -> list[Article]:
    """Every article of the folder with the registry applied; missing files reported."""
    folder = folder if isinstance(folder, DataFolder) else DataFolder(Path(folder))
    registry, files = listed_articles(folder, report)
    articles = []
    for f in files:
        art = read_article(f, report, registry, str(f), folder.root, today)
        if art is not None:
            articles.append(art)
    return articles
