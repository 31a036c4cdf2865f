"""The sources table of a load: every article and curated table, with how many figures it gave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.model.records import Article

SOURCE_COLUMNS = (
    "id",
    "kind",
    "path",
    "date",
    "title",
    "outlet",
    "url",
    "language",
    "note",
    "figures",
)


def sources_frame(
    articles: list[Article],
    tables: list[Path],
    counts: dict[str, int],
    table_rows: dict[str, TableRows],
) -> pd.DataFrame:
    """One row per article and per figure table: `counts`, the figures of each source after
    corrections (`source_counts`); `table_rows`, what each table's rows say (`table_rows_of`)."""
    rows = [_article_row(a, counts.get(a.id, 0)) for a in articles]
    for path in tables:
        table = table_rows.get(path.stem, TableRows())
        rows.append(_table_row(path, table, counts.get(path.stem, 0)))
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))


def source_counts(figures: pd.DataFrame) -> dict[str, int]:
    """How many figures each source gives (a load in parts adds up its parts' counts)."""
    return figures["source"].value_counts().to_dict() if not figures.empty else {}


@dataclass(frozen=True)
class TableRows:
    """What a curated table's sources row says of its rows: how many outlets they name and
    their latest date."""

    outlets: int = 0
    latest: object = None


def table_rows_of(table: pd.DataFrame) -> TableRows:
    """The outlets and latest date of one curated table's good rows."""
    if not len(table):
        return TableRows()
    outlets = table["source_outlet"].replace("", pd.NA).dropna().nunique()
    dates = pd.Series(table["as_of"]).dropna()
    return TableRows(int(outlets), dates.max() if len(dates) else None)


def _article_row(a: Article, figures: int) -> dict[str, object]:
    """The sources row of one article."""
    # Imported here: the app imports this module for its columns, never the extractor.
    from loaders.extract.figures import article_language

    return {
        "id": a.id,
        "kind": "article",
        "path": a.path,
        "date": a.date,
        "title": a.title or first_line(a.body),
        "outlet": a.outlet,
        "url": a.url,
        "language": article_language(a),
        "note": a.note,
        "figures": figures,
    }


#: The longest title made from an untitled article's first line (characters, "…" included).
TITLE_LENGTH = 90
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


def first_line(body: str) -> str:
    """A readable title for an article that has none: its first non-empty line, up to the end
    of its first sentence, shortened at a word to TITLE_LENGTH characters with "…" (never the
    file's id); empty for an empty body."""
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    line = _SENTENCE_END.split(line, maxsplit=1)[0]
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] or line[: TITLE_LENGTH - 1]
    return cut.rstrip(" ,;:–—-") + "…"


def _table_row(path: Path, table: TableRows, figures: int) -> dict[str, object]:
    """The sources row of one curated table: its latest date and how many outlets its rows name."""
    return {
        "id": path.stem,
        "kind": "table",
        "path": str(path),
        "date": table.latest,
        "title": path.stem.replace("_", " "),
        "outlet": f"{table.outlets} outlets (one source URL per row)",
        "url": "",
        "language": "",
        "note": "Curated figure table; each row names its own outlet and URL.",
        "figures": figures,
    }
