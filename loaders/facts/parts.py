"""The units a load is made of: one article file (read, then its figures extracted) and one curated
table. Each unit depends only on its own file, its registry row, the gazetteer and the loaders'
code, so a store can keep a unit's result and reuse it while none of those changed, and a cluster
can work on many units at once; `Parts` is the plain way, one after the other in this process.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from loaders.extract.dates import bare_years, written_dates
from loaders.extract.figures import article_language, extract_article
from loaders.model.problem_types import (
    DATE_BEFORE_TEXT,
    FUTURE_DATE,
    PLACEHOLDER_DATE,
    UNKNOWN_DATELINE,
)
from loaders.model.problems import Report
from loaders.model.records import Article, Problem, RegistryRow
from loaders.read.articles import find_dateline, listed_articles, read_article
from loaders.read.boundaries import Boundary, read_boundaries
from loaders.read.folder import PLACES_FILE, DataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.tables import FIGURE_COLUMNS, empty_figures, read_table

#: Problem types whose presence means a result depended on the day it was made (a date after
#: "today" is refused, and is fine some days later).
TODAY_TYPES = frozenset({FUTURE_DATE.code})


@dataclass(frozen=True)
class ArticleJob:
    """One article file to read: its path, the label problems name, its registry row (if any),
    the folder it must stay inside, and the day dates are checked against."""

    path: Path
    label: str
    row: RegistryRow | None
    root: Path
    today: dt.date


@dataclass(frozen=True)
class StoredRows:
    """An article's figures as a store kept them: `count` rows from `first` of a table holding
    many articles' figures, read once for all of them rather than row by row."""

    table: pa.Table
    first: int
    count: int

    def __len__(self) -> int:
        return self.count


@dataclass
class ArticlePart:
    """What one article file gives: the article (None when unusable), its figures (as rows of
    plain values, or where a store kept them, so thousands of articles make one table at once),
    its problems."""

    article: Article | None
    rows: list[dict] | StoredRows
    problems: list[Problem]

    @property
    def dated(self) -> bool:
        """Whether the result depends on the day it was made (see TODAY_TYPES)."""
        return any(p.code in TODAY_TYPES for p in self.problems)


@dataclass
class TablePart:
    """What one curated table gives: its good rows as figures and its problems."""

    figures: pd.DataFrame
    problems: list[Problem]

    @property
    def dated(self) -> bool:
        return any(p.code in TODAY_TYPES for p in self.problems)


def article_jobs(folder: DataFolder, report: Report, today: dt.date) -> list[ArticleJob]:
    """Every article file of the folder as a job, in file order; registry problems reported."""
    registry, files = listed_articles(folder, report)
    return [
        ArticleJob(f, str(f), registry.get(folder.article_id(f)), folder.root, today) for f in files
    ]


#: An article whose every written-out date is more than this many days after its own date was
#: not written on that date (a placeholder such as 2000-01-01 for an unknown one).
TEXT_AFTER_DATE_DAYS = 730
#: The days tools write for an unknown date (Excel's, Unix's and a round year's first day).
PLACEHOLDER_DAYS = frozenset({dt.date(1900, 1, 1), dt.date(1970, 1, 1), dt.date(2000, 1, 1)})


def read_and_extract(job: ArticleJob, gazetteer: Gazetteer) -> ArticlePart:
    """Read one article and extract its figures; a dateline naming an unknown place is a
    warning (figures without a place in their sentence cannot be placed). An article dated
    years before every date its text writes out (a day or a month with its year, or years
    named twice or more) is left out with an error (`date-before-text`):
    read against a placeholder date, its figures would be dated, and told from another year's
    (`background`), against the wrong day; so is one dated on a placeholder day whose text
    names no date of that year to confirm it (`placeholder-date`)."""
    report = Report()
    registry = {job.row.id: job.row} if job.row is not None else {}
    article = read_article(job.path, report, registry, job.label, job.root, job.today)
    if article is None:
        return ArticlePart(None, [], report.problems)
    named = written_dates(article.body, article_language(article)) + [
        dt.date(y, 1, 1) for y in bare_years(article.body, job.today.year)
    ]
    if named and min(named) - article.date > dt.timedelta(days=TEXT_AFTER_DATE_DAYS):
        first, last = min(named), max(named)
        said = str(first) if first == last else f"{first} to {last}"
        report.add(article.path, 1, "date", DATE_BEFORE_TEXT, date=article.date, named=said)
        return ArticlePart(None, [], report.problems)
    if article.date in PLACEHOLDER_DAYS and not _names_year(article.body, article.date.year):
        report.add(article.path, 1, "date", PLACEHOLDER_DATE, date=article.date)
        return ArticlePart(None, [], report.problems)
    rows = [f.model_dump() for f in extract_article(article, gazetteer)]
    line = find_dateline(article.body)
    if line and gazetteer.lookup(line.name) is None:
        report.add(
            article.path,
            1,
            "dateline",
            UNKNOWN_DATELINE,
            name=line.name,
            file=PLACES_FILE,
        )
    return ArticlePart(article, rows, report.problems)


def _names_year(text: str, year: int) -> bool:
    """Whether `text` writes `year` out (in a date or alone)."""
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def read_table_part(path: Path, gazetteer: Gazetteer, today: dt.date) -> TablePart:
    """One curated table's good rows and problems."""
    report = Report()
    figures = read_table(path, gazetteer, report, today)
    return TablePart(figures, report.problems)


class Parts:
    """Reads and extracts the units one after the other in this process."""

    def articles(
        self,
        jobs: list[ArticleJob],
        gazetteer: Gazetteer,
        advance: Callable[[int], None] | None = None,
    ) -> list[ArticlePart]:
        """One part per job, in the jobs' order; `advance(1)` after each."""
        out = []
        for job in jobs:
            out.append(read_and_extract(job, gazetteer))
            if advance:
                advance(1)
        return out

    def boundaries(self, folder: DataFolder, report: Report) -> list[Boundary]:
        """The map's outlines (countries and areas), problems to `report`."""
        return read_boundaries(folder.countries, report, folder.root)

    def tables(self, paths: list[Path], gazetteer: Gazetteer, today: dt.date) -> list[TablePart]:
        """One part per table, in the paths' order."""
        return [read_table_part(path, gazetteer, today) for path in paths]


def figure_rows_frame(parts: list[ArticlePart]) -> pd.DataFrame:
    """The figures of every article part as one table, in the parts' order (each column of the
    type a table made of all their rows at once gets)."""
    if not any(isinstance(part.rows, StoredRows) for part in parts):
        rows = [row for part in parts if isinstance(part.rows, list) for row in part.rows]
        return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)) if rows else empty_figures()
    table = figure_rows_table(parts)
    return table.to_pandas() if len(table) else empty_figures()


def figure_rows_table(parts: list[ArticlePart]) -> pa.Table:
    """The figures of every article part as one Arrow table, in the parts' order: the rows a
    store kept taken in runs (consecutive articles of one stored table are one slice), the
    others' rows made a table a run at a time; each column of one type over all of them."""
    pieces: list[pa.Table] = []
    run: list = []  # a stored table, the first row of the run, the row after it
    fresh: list[dict] = []

    def close() -> None:
        if run:
            pieces.append(run[0].slice(run[1], run[2] - run[1]).select(FIGURE_COLUMNS))
            run.clear()
        if fresh:
            pieces.append(pa.Table.from_pylist(fresh).select(FIGURE_COLUMNS))
            fresh.clear()

    for part in parts:
        rows = part.rows
        if isinstance(rows, StoredRows):
            if fresh or not (run and run[0] is rows.table and run[2] == rows.first):
                close()
                run.extend([rows.table, rows.first, rows.first])
            run[2] += rows.count
        elif rows:
            if run:
                close()
            fresh.extend(rows)
    close()
    if not pieces:
        return pa.table({c: pa.array([], pa.null()) for c in FIGURE_COLUMNS})
    plain = [t.replace_schema_metadata(None) for t in pieces]
    table = pa.concat_tables(plain, promote_options="permissive").combine_chunks()
    return _nulls_typed_null(table)


def _nulls_typed_null(table: pa.Table) -> pa.Table:
    """The table with every column holding no value typed null, as a table made from rows
    types it: a column of a stored part keeps its type when the rows that gave it values are
    gone (an article deleted), so a rebuild would write another schema than a cold build."""
    for i, name in enumerate(table.column_names):
        column = table.column(i)
        if column.null_count == len(column) and not pa.types.is_null(column.type):
            table = table.set_column(i, name, pa.nulls(len(column)))
    return table
