"""Loading a data folder: every file read, every problem reported, every good row kept.

This is the one entry point the command line and the dashboard use: `load_dataset(folder)` runs
the pipeline (read, extract, correct, consolidate) and gives the validated tables (figures, facts,
places, sources, events, routes) and the report of problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.facts.combine import combine
from loaders.facts.consolidate import consolidate
from loaders.facts.corrections import apply_corrections
from loaders.facts.limits import within_limits
from loaders.facts.parts import Parts, article_jobs, figure_rows_frame
from loaders.facts.places_table import keep_places, places_frame, region_outlines
from loaders.facts.review_state import fact_review, rejected_review, with_review
from loaders.facts.selection import main_stretch, stretches
from loaders.facts.sources_table import TableRows, source_counts, sources_frame, table_rows_of
from loaders.model.problem_types import (
    DUPLICATE_SOURCE,
    FAR_DATE,
    INVALID_VALUE,
    MISSING_FOLDER,
    OUTSIDE_FOLDER,
)
from loaders.model.problems import Report
from loaders.model.records import Article, Decision
from loaders.model.situation import Situation
from loaders.read.boundaries import Boundary
from loaders.read.corrections import read_corrections
from loaders.read.events import read_events
from loaders.read.folder import DataFolder, read_text
from loaders.read.gazetteer import Gazetteer, read_places
from loaders.read.review_log import read_review_log
from loaders.read.routes import read_routes
from loaders.read.situation import read_situation
from loaders.read.world import World, WorldPlace, attach, country_named, not_a_country


@dataclass
class Dataset:
    """The validated tables of one data folder and what was wrong with it."""

    figures: pd.DataFrame
    facts: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    routes: list[dict]
    articles: list[Article]
    report: Report
    gazetteer: Gazetteer = field(repr=False)
    boundaries: list[Boundary] = field(default_factory=list, repr=False)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    decisions: list[Decision] = field(default_factory=list, repr=False)
    situation: Situation = field(default_factory=Situation, repr=False)


def load_dataset(
    folder: DataFolder | Path | str,
    today: dt.date | None = None,
    advance: Callable[[int], None] | None = None,
    parts: Parts | None = None,
) -> Dataset:
    """Read and validate everything under `folder` (SPEC section 2); `advance(1)` is called after
    each article, for a progress bar. `parts` reads and extracts the articles and tables (by
    default one after the other in this process; a store reuses what an earlier build made)."""
    folder = folder if isinstance(folder, DataFolder) else DataFolder(Path(folder))
    today = today or dt.date.today()
    parts = parts or Parts()
    report = Report()
    gazetteer, routes = open_places(folder, report)
    read = _read_sources(folder, report, gazetteer, today, parts, advance)
    report_far_dates(read.articles, report)
    figures, rejected, decisions = _checked_figures(folder, report, gazetteer, today, read.figures)
    facts = consolidate(figures)
    facts["review"] = fact_review(facts, figures)
    named = [figures[c] for c in ("place", "origin", "destination") if c in figures]
    places = set(pd.concat(named).dropna().astype(str)) if named else set()
    events, boundaries = events_and_outlines(
        folder, report, gazetteer, parts, read.articles, today, places
    )
    return Dataset(
        figures=figures,
        facts=facts,
        places=places_frame(gazetteer, boundaries),
        sources=sources_frame(read.articles, read.tables, source_counts(figures), read.table_rows),
        events=events,
        routes=routes,
        articles=read.articles,
        report=report,
        gazetteer=gazetteer,
        boundaries=boundaries,
        rejected=rejected,
        decisions=decisions,
        situation=read_situation(folder, report),
    )


def open_places(folder: DataFolder, report: Report) -> tuple[Gazetteer, list]:
    """The folder's gazetteer (its places, the world's attached for the names its articles use)
    and routes, the first step of every load; a missing folder is a problem line."""
    if not folder.root.is_dir():
        report.add(str(folder.root), 0, "folder", MISSING_FOLDER, what="data folder")
    gazetteer = read_places(folder.places, report, root=folder.root)
    routes = read_routes(folder.routes, report, gazetteer, root=folder.root)
    world = World.open()
    declared = declared_countries(folder, world, report)
    attach(gazetteer, world, lambda: article_texts(folder), declared)
    return gazetteer, routes


def declared_countries(folder: DataFolder, world: World, report: Report) -> list[WorldPlace]:
    """The countries situation.yaml declares (`countries`), each a country of the world
    gazetteer; a name that is none is a problem line (the file's other problems are reported
    where the settings are read)."""
    found = []
    for name in read_situation(folder, Report()).countries:
        country = country_named(world, name)
        if country is None:
            report.add(
                str(folder.situation),
                0,
                "countries",
                INVALID_VALUE,
                reason=not_a_country(world, name),
            )
        elif country not in found:
            found.append(country)
    return found


def events_and_outlines(
    folder: DataFolder,
    report: Report,
    gazetteer: Gazetteer,
    parts: Parts,
    articles: list[Article],
    today: dt.date,
    named: set[str],
) -> tuple[pd.DataFrame, list[Boundary]]:
    """The key events and the map's outlines, the last step of every load; the gazetteer keeps
    only the places the figures (`named`) and events name."""
    article_ids = {a.id for a in articles}
    events = read_events(folder.events, report, gazetteer, article_ids, today, folder.root)
    keep_places(gazetteer, named | set(events["place"].dropna().astype(str)))
    # The regions' outlines come from the gazetteer (a store's saved outlines may hold them).
    outlines = [b for b in parts.boundaries(folder, report) if b.kind != "region"]
    return events, outlines + region_outlines(gazetteer)


@dataclass
class _Read:
    """What reading and extracting the sources gave: the articles read, the figure tables used,
    every figure (uncorrected) and what each table's own rows say."""

    articles: list[Article]
    tables: list[Path]
    figures: pd.DataFrame
    table_rows: dict[str, TableRows]


def _read_sources(
    folder: DataFolder,
    report: Report,
    gazetteer: Gazetteer,
    today: dt.date,
    parts: Parts,
    advance: Callable[[int], None] | None,
) -> _Read:
    """Read the articles (and extract their figures) and the figure tables, through `parts`."""
    done = parts.articles(article_jobs(folder, report, today), gazetteer, advance)
    articles = [p.article for p in done if p.article is not None]
    for part in done:
        report.problems.extend(part.problems)
    frames = [figure_rows_frame(done)]
    tables = usable_tables(folder, {a.id for a in articles}, report)
    table_rows: dict[str, TableRows] = {}
    for path, table in zip(tables, parts.tables(tables, gazetteer, today), strict=True):
        report.problems.extend(table.problems)
        table_rows[path.stem] = table_rows_of(table.figures)
        frames.append(table.figures)
    return _Read(articles, tables, combine(frames), table_rows)


def _checked_figures(
    folder: DataFolder,
    report: Report,
    gazetteer: Gazetteer,
    today: dt.date,
    figures: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Decision]]:
    """(figures corrected, within limits and with their review state; the rejected figures; the
    maintainers' decisions)."""
    figures, rejected = apply_corrections(
        figures,
        read_corrections(folder.corrections, report, folder.root),
        gazetteer,
        report,
        str(folder.corrections),
        today,
    )
    figures = within_limits(figures, folder, report)
    decisions = [d for _, d in read_review_log(folder.review_log, report, folder.root)]
    figures = with_review(figures, decisions)
    return figures, rejected_review(rejected, decisions), decisions


def report_far_dates(articles: list[Article], report: Report) -> None:
    """A warning for each article whose date lies outside the situation's main stretch of
    article dates (`main_stretch`: the one with the most articles; an unknown date filled with
    a placeholder is years from the others)."""
    if len(articles) < 2:
        return
    uniq, counts = np.unique(
        np.array([a.date for a in articles], dtype="datetime64[D]"), return_counts=True
    )
    stretch = stretches(uniq.astype(np.int64))
    if stretch[-1] == 0:
        return
    kept = uniq[stretch == main_stretch(np.bincount(stretch, weights=counts))]
    first, last = kept[0].astype(dt.date), kept[-1].astype(dt.date)
    for a in articles:
        if first <= a.date <= last:
            continue
        years = abs((a.date - (first if a.date < first else last)).days) / 365.25
        side = "before" if a.date < first else "after"
        distance = f"{years:.0f} years {side}" if years >= 1.5 else f"over a year {side}"
        report.add(
            a.path, 0, "date", FAR_DATE, date=a.date, distance=distance, first=first, last=last
        )


def article_texts(folder: DataFolder) -> list[str]:
    """The text of every article file, read as it is (for the situation's countries only)."""
    texts = (read_text(p, Report(), root=folder.root) for p in folder.article_files())
    return [t for t in texts if t]


def usable_tables(folder: DataFolder, article_ids: set[str], report: Report) -> list[Path]:
    """The figure tables to read: a link out of the folder, or a table whose id an article has
    already (a source id names one source), is reported and left out."""
    usable = []
    for path in folder.tables():
        if not folder.contains(path):
            report.add(str(path), 0, "file", OUTSIDE_FOLDER)
        elif path.stem in article_ids:
            report.add(
                str(path),
                0,
                "file",
                DUPLICATE_SOURCE,
                id=path.stem,
            )
        else:
            usable.append(path)
    return usable
