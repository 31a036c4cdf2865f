"""A build's load in date parts, so the figures of a large folder are never all in memory at once.

`load_in_parts` runs what `load_dataset` runs (read, extract, correct, check limits, review,
consolidate) and reports the same problems in the same order, but holds one source's figures at
a time while reading (the articles', or one curated table's: at most `MAX_TABLE_ROWS` rows),
then slices of `part_rows` of them while correcting and checking, then one *date part* at a
time: the figures of a run of whole days, about `part_rows` of them. A fact is made of figures
about the same subject, and a subject includes its day, so consolidating each date part
gives the facts consolidating everything gives. Each part's figures and facts, sorted by date
(`prepared`), are written in date order: one after the other they are the tables `prepared`
makes of `load_dataset`'s (a test compares them). Between the steps figures wait as Parquet
files in a scratch folder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.facts.combine import combine
from loaders.facts.consolidate import consolidate
from loaders.facts.corrections import apply_corrections
from loaders.facts.dataset import (
    Dataset,
    events_and_outlines,
    open_places,
    report_far_dates,
    usable_tables,
)
from loaders.facts.kernels import days
from loaders.facts.limits import within_limits
from loaders.facts.parts import Parts, article_jobs, figure_rows_frame
from loaders.facts.places_table import places_frame
from loaders.facts.review_state import fact_review, rejected_review, with_review
from loaders.facts.selection import prepared, prepared_unsorted
from loaders.facts.sources_table import TableRows, sources_frame, table_rows_of
from loaders.model.problems import Report
from loaders.model.records import Article, Correction, Decision, Problem
from loaders.publish.frames import (
    SCRATCH_SUFFIX,
    read_arrow,
    read_frame,
    write_frame,
    write_rows,
)
from loaders.read.corrections import read_corrections
from loaders.read.folder import DataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.review_log import read_review_log
from loaders.read.situation import read_situation
from loaders.read.tables import empty_figures

#: Figures per date part: a part's figures and facts in pandas take about 2-3 KB a row at peak.
PART_ROWS = 1_000_000
_PLACE_COLUMNS = ("place", "origin", "destination")


@dataclass
class InParts:
    """What a load in parts gives: the dataset (its figures and facts only when the load was
    one part, else empty tables), and each date part's prepared figures and facts as Parquet
    files, in date order (a load in one pass holds them in memory instead, as Arrow, and the
    prepared frames in `held`)."""

    dataset: Dataset
    figures: list[Path] | list[pa.Table]
    facts: list[Path] | list[pa.Table]
    rows: dict[str, int]
    held: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class _Sources:
    """Each source's figures (uncorrected) spilled to Parquet, and what the later steps need
    to know of all of them: the rows of each day, and which source holds the figure each
    correction names (the last one, as a correction applies to the last figure of an id)."""

    scratch: Path
    named: set[str]
    files: list[Path] = field(default_factory=list)
    day_rows: Counter = field(default_factory=Counter)
    holder: dict[str, int] = field(default_factory=dict)

    def add(self, figures: pd.DataFrame, rows: int) -> None:
        """One source's figures as read (`combine` makes them plain values), in slices of at
        most `rows` rows, each a file of its own that the later steps take one at a time."""
        for start in range(0, len(figures), rows):
            self._add(combine([figures.iloc[start : start + rows]]))

    def _add(self, figures: pd.DataFrame) -> None:
        n = len(self.files)
        self.files.append(self.scratch / f"source-{n}{SCRATCH_SUFFIX}")
        write_frame(figures, self.files[-1])
        found, counts = np.unique(days(figures), return_counts=True)
        self.day_rows.update(dict(zip(found.tolist(), counts.tolist(), strict=True)))
        for fid in figures["id"][figures["id"].isin(self.named)]:
            self.holder[fid] = n

    def every_id(self) -> list[str]:
        """Every figure id (for a hint when a correction names none of them)."""
        return [
            fid
            for path in self.files
            for fid in read_arrow(path, columns=["id"]).column("id").to_pylist()
        ]


def date_cuts(day_rows: Counter, part_rows: int) -> np.ndarray:
    """The first day of every date part but the first: whole days, about `part_rows` figures
    each (a day with more makes a part of its own)."""
    cuts, held = [], 0
    for day in sorted(day_rows):
        if held and held + day_rows[day] > part_rows:
            cuts.append(day)
            held = 0
        held += day_rows[day]
    return np.array(cuts, dtype="datetime64[D]")


@dataclass
class _Checks:
    """The steps after reading, applied to one source's figures at a time, their problems kept
    apart and reported in `load_dataset`'s order at the end (corrections by line, then limits
    in figure order)."""

    folder: DataFolder
    gazetteer: Gazetteer
    today: dt.date
    corrections: list[tuple[int, Correction]]
    decisions: list[Decision]
    every_id: Callable[[], list[str]]
    fixes: list[tuple[int, Problem]] = field(default_factory=list)
    limits: Report = field(default_factory=Report)
    rejected: list[pd.DataFrame] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    objects: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    #: No figures, with the columns and types of the first source's (uncorrected).
    template: pd.DataFrame = field(default_factory=empty_figures)

    def corrected(
        self, figures: pd.DataFrame, group: list[tuple[int, Correction]], hint: bool = False
    ) -> pd.DataFrame:
        """`figures` with the corrections of `group` applied (rejected ones set aside)."""
        found = Report()
        figures, rejected = apply_corrections(
            figures,
            group,
            self.gazetteer,
            found,
            str(self.folder.corrections),
            self.today,
            self.every_id if hint else None,
        )
        self.fixes += [(p.line, p) for p in found.problems]
        if len(rejected):
            self.rejected.append(rejected)
        return figures

    def checked(self, figures: pd.DataFrame) -> pd.DataFrame:
        """Limits and review state; what the sources table and the places need is counted."""
        figures = within_limits(figures, self.folder, self.limits)
        figures = with_review(figures, self.decisions)
        self.objects |= {c for c in figures.columns if figures[c].dtype == object}
        if len(figures):
            self.counts.update(figures["source"].value_counts().to_dict())
            for column in _PLACE_COLUMNS:
                if column in figures:
                    self.named |= {str(v) for v in pd.unique(figures[column]) if not pd.isna(v)}
        return figures

    def problems(self) -> list[Problem]:
        return [p for _, p in sorted(self.fixes, key=lambda pair: pair[0])] + self.limits.problems


def load_in_parts(
    folder: DataFolder,
    today: dt.date,
    advance: Callable[[int], None] | None,
    parts: Parts,
    scratch: Path,
    part_rows: int = PART_ROWS,
) -> InParts:
    """Read and validate everything under `folder` as `load_dataset` does, one source and then
    one date part at a time (see the module's docstring); intermediate files go to `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    report = Report()
    gazetteer, routes = open_places(folder, report)
    fixes = Report()  # read now for the ids they name; reported where load_dataset does
    corrections = read_corrections(folder.corrections, fixes, folder.root)
    sources = _Sources(scratch, {c.figure_id for _, c in corrections})
    articles, tables, table_rows = _read_sources(
        folder, report, (parts, gazetteer, today), advance, sources, part_rows
    )
    report.problems.extend(fixes.problems)
    review = Report()
    decisions = [d for _, d in read_review_log(folder.review_log, review, folder.root)]
    checks = _Checks(folder, gazetteer, today, corrections, decisions, sources.every_id)
    pieces = _checked_pieces(sources, checks, date_cuts(sources.day_rows, part_rows), scratch)
    report.problems.extend(checks.problems())
    report.problems.extend(review.problems)
    figures, facts, only = _date_parts(pieces, checks, scratch)
    rejected = (
        pd.concat(checks.rejected, ignore_index=True)
        if checks.rejected
        else checks.template.assign(reason="")
    )
    events, boundaries = events_and_outlines(
        folder, report, gazetteer, parts, articles, today, set(checks.named)
    )
    dataset = Dataset(
        figures=only[0] if only else empty_figures(),
        facts=only[1] if only else consolidate(empty_figures()),
        places=places_frame(gazetteer, boundaries),
        sources=sources_frame(articles, tables, dict(checks.counts), table_rows),
        events=events,
        routes=routes,
        articles=articles,
        report=report,
        gazetteer=gazetteer,
        boundaries=boundaries,
        rejected=rejected_review(rejected, decisions),
        decisions=decisions,
        situation=read_situation(folder, report),
    )
    rows = {"figures": sum(n for _, n in figures), "facts": sum(n for _, n in facts)}
    return InParts(dataset, [p for p, _ in figures], [p for p, _ in facts], rows)


def _read_sources(
    folder: DataFolder,
    report: Report,
    reading: tuple[Parts, Gazetteer, dt.date],
    advance: Callable[[int], None] | None,
    sources: _Sources,
    part_rows: int,
) -> tuple[list[Article], list[Path], dict[str, TableRows]]:
    """The articles (their figures extracted) and then each usable figure table, read in turn
    into `sources` as `load_dataset` reads them, with their problems; each table's rows in
    short."""
    parts, gazetteer, today = reading
    done = parts.articles(article_jobs(folder, report, today), gazetteer, advance)
    articles = [p.article for p in done if p.article is not None]
    for part in done:
        report.problems.extend(part.problems)
    sources.add(figure_rows_frame(done), part_rows)
    del done
    tables = usable_tables(folder, {a.id for a in articles}, report)
    table_rows: dict[str, TableRows] = {}
    for path in tables:
        (table,) = parts.tables([path], gazetteer, today)
        report.problems.extend(table.problems)
        table_rows[path.stem] = table_rows_of(table.figures)
        sources.add(table.figures, part_rows)
        del table
    report_far_dates(articles, report)
    return articles, tables, table_rows


def _checked_pieces(
    sources: _Sources, checks: _Checks, cuts: np.ndarray, scratch: Path
) -> list[list[Path]]:
    """Each slice of the sources' figures corrected and checked, cut into date parts: per part,
    its pieces (one per slice with figures on its days), in the sources' order."""
    pieces: list[list[Path]] = [[] for _ in range(len(cuts) + 1)]
    held: dict[int, list[tuple[int, Correction]]] = {n: [] for n in range(len(sources.files))}
    unknown: list[tuple[int, Correction]] = []
    for line, c in checks.corrections:
        n = sources.holder.get(c.figure_id)
        (unknown if n is None else held[n]).append((line, c))
    for n, path in enumerate(sources.files):
        raw = read_frame(path)
        checks.template = raw.iloc[0:0] if n == 0 else checks.template
        figures = checks.checked(checks.corrected(raw, held[n]))
        del raw
        part = np.searchsorted(cuts, days(figures), side="right")
        for k in np.unique(part):
            pieces[k].append(scratch / f"checked-{k}-{n}{SCRATCH_SUFFIX}")
            write_frame(figures[part == k].reset_index(drop=True), pieces[k][-1])
        del figures
    if unknown:  # named figures no source has: reported with a hint from every id
        checks.corrected(checks.template, unknown, hint=True)
    return pieces


def _date_parts(
    pieces: list[list[Path]], checks: _Checks, scratch: Path
) -> tuple[
    list[tuple[Path, int]], list[tuple[Path, int]], tuple[pd.DataFrame, pd.DataFrame] | None
]:
    """Each date part's figures and facts, prepared, as files with their row counts; and the
    figures and facts themselves when there is one part (as `load_dataset` gives them)."""
    figures_out: list[tuple[Path, int]] = []
    facts_out: list[tuple[Path, int]] = []
    kept = [p for p in pieces if p] or [[]]
    only = None
    for k, part in enumerate(kept):
        figures = _figures_of(part, checks)
        facts = consolidate(figures)
        facts["review"] = fact_review(facts, figures)
        for name, frame, out in (("figures", figures, figures_out), ("facts", facts, facts_out)):
            out.append((scratch / f"{name}-{k}{SCRATCH_SUFFIX}", len(frame)))
            _write_prepared(frame, out[-1][0])
        if len(kept) == 1:
            only = (figures, facts)
        del figures, facts
    return figures_out, facts_out, only


def _write_prepared(frame: pd.DataFrame, path: Path) -> None:
    """`prepared(frame)` written to `path`, its rows sorted in Arrow."""
    if frame.empty or "as_of" not in frame.columns:
        write_frame(prepared(frame), path)
        return
    columns, order = prepared_unsorted(frame)
    write_rows(columns, order, path)


def _figures_of(part: list[Path], checks: _Checks) -> pd.DataFrame:
    """A date part's figures, its pieces in the sources' order, every column of the type it
    has in the whole table (a correction may have made a column hold Python objects)."""
    if not part:
        return checks.checked(checks.corrected(empty_figures(), []))
    frames = [read_frame(p) for p in part]
    figures = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in checks.objects:
        if column in figures and figures[column].dtype != object:
            figures[column] = figures[column].astype(object)
    return figures
