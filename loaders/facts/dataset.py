"""Loading a data folder: every file read, every problem reported, every good row kept.

This is the one entry point the command line and the dashboard use: `load_dataset(folder)` gives
the validated tables (figures, facts, places, sources, events, routes) and the report of problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from loaders.extract.figures import article_language
from loaders.facts.combine import combine
from loaders.facts.consolidate import consolidate
from loaders.facts.limits import within_limits
from loaders.facts.parts import Parts, article_jobs, figure_rows_frame
from loaders.facts.review_state import fact_review, rejected_review, with_review
from loaders.model.problem_types import (
    DUPLICATE_SOURCE,
    MISSING_FOLDER,
    OUTSIDE_FOLDER,
    TOO_MANY_ROWS,
    UNKNOWN_PLACE,
    UNKNOWN_SOURCE,
    hint,
)
from loaders.model.problems import Report, closest
from loaders.model.records import Article, Decision, Event
from loaders.model.situation import Situation
from loaders.read.boundaries import Boundary
from loaders.read.corrections import apply_corrections, read_corrections
from loaders.read.csvrows import csv_rows, date_problem
from loaders.read.folder import PLACES_FILE, DataFolder, read_text
from loaders.read.gazetteer import PLACE_COLUMNS, Gazetteer, normalize, read_places
from loaders.read.review_log import read_review_log
from loaders.read.routes import read_routes
from loaders.read.situation import read_situation
from loaders.read.tables import empty_figures
from loaders.read.world import World, attach

EVENT_COLUMNS = ("date", "title", "place", "source", "note")
#: At most this many key events are read (a problem line for the rest): the timeline and the
#: page list every one.
MAX_EVENTS = 500
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
    report = Report()
    if not folder.root.is_dir():
        report.add(str(folder.root), 0, "folder", MISSING_FOLDER)
    gazetteer = read_places(folder.places, report, root=folder.root)
    routes = read_routes(folder.routes, report, gazetteer, root=folder.root)

    attach(gazetteer, World.open(), lambda: _article_texts(folder))
    parts = parts or Parts()
    jobs = article_jobs(folder, report, today)
    done = parts.articles(jobs, gazetteer, advance)
    articles = [p.article for p in done if p.article is not None]
    for part in done:
        report.problems.extend(part.problems)
    frames = [figure_rows_frame(done)]
    tables = _usable_tables(folder, {a.id for a in articles}, report)
    table_rows: dict[str, pd.DataFrame] = {}
    for path, part in zip(tables, parts.tables(tables, gazetteer, today), strict=True):
        report.problems.extend(part.problems)
        table_rows[path.stem] = part.figures
        frames.append(part.figures)
    figures = combine(frames)
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
    rejected = rejected_review(rejected, decisions)
    facts = consolidate(figures)
    facts["review"] = fact_review(facts, figures)
    article_ids = {a.id for a in articles}
    events = read_events(folder.events, report, gazetteer, article_ids, today, folder.root)
    named = [figures[c] for c in ("place", "origin", "destination") if c in figures]
    keep_places(gazetteer, set(pd.concat([*named, events["place"]]).dropna().astype(str)))
    sources = _sources(articles, tables, figures, table_rows)
    # The regions' outlines come from the gazetteer (a store's saved outlines may hold them).
    outlines = [b for b in parts.boundaries(folder, report) if b.kind != "region"]
    boundaries = outlines + region_outlines(gazetteer)
    return Dataset(
        figures=figures,
        facts=facts,
        places=places_frame(gazetteer, boundaries),
        sources=sources,
        events=events,
        routes=routes,
        articles=articles,
        report=report,
        gazetteer=gazetteer,
        boundaries=boundaries,
        rejected=rejected,
        decisions=decisions,
        situation=read_situation(folder, report),
    )


def region_outlines(gazetteer: Gazetteer) -> list[Boundary]:
    """The outline of every region of the gazetteer that is a world region (Natural Earth
    admin-1), as a boundary of kind 'region' with the place's id: the map outlines those with
    figures."""
    if gazetteer.world is None:
        return []
    out = []
    for world_id, pid in gazetteer.world_ids.items():
        place = gazetteer.places.get(pid)
        if place is None or place.kind != "region":
            continue
        rings = gazetteer.world.outline(world_id)
        if rings:
            polygons = tuple((tuple((float(x), float(y)) for x, y in ring),) for ring in rings)
            out.append(Boundary(pid, place.name, polygons, "region", tuple(place.aliases)))
    return out


def _article_texts(folder: DataFolder) -> list[str]:
    """The text of every article file, read as it is (for the situation's countries only)."""
    texts = (read_text(p, Report(), root=folder.root) for p in folder.article_files())
    return [t for t in texts if t]


def keep_places(gazetteer: Gazetteer, named: set[str]) -> None:
    """The folder's own places, and of the world gazetteer's those a figure or an event names
    (with the places they lie in): the same whether a figure was extracted now or reused from
    an earlier build, and not every town an article mentions in passing."""
    if gazetteer.world is None:
        return
    for pid in sorted(named):
        if pid not in gazetteer.places and (found := gazetteer.world.get(pid)):
            gazetteer.adopt(found)
    keep = set(gazetteer.places) - gazetteer.adopted
    for pid in named:
        while pid and pid in gazetteer.places and pid not in keep:
            keep.add(pid)
            pid = gazetteer.places[pid].parent or ""
    for pid in [p for p in gazetteer.places if p not in keep]:
        del gazetteer.places[pid]


def _usable_tables(folder: DataFolder, article_ids: set[str], report: Report) -> list[Path]:
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


def places_frame(gazetteer: Gazetteer, boundaries: list[Boundary] | None = None) -> pd.DataFrame:
    """The gazetteer as a table (routes included, kind 'route', without coordinates).

    A country with no coordinates of its own gets its boundary's label point, and the column
    `coordinates_from` says which it is."""
    points = {}
    for boundary in boundaries or []:
        place = gazetteer.names.get(normalize(boundary.name))
        if place:
            points.setdefault(place, boundary.label_point())
    rows = []
    for p in gazetteer.places.values():
        row = {
            **p.model_dump(),
            "aliases": "|".join(p.aliases),
            "kind": str(p.kind.value if hasattr(p.kind, "value") else p.kind),
            "coordinates_from": gazetteer.coordinates_from.get(
                p.id, PLACES_FILE if p.lat is not None else ""
            ),
        }
        if p.lat is None and p.id in points:
            row["lon"], row["lat"] = (round(v, 5) for v in points[p.id])
            row["coordinates_from"] = "label point of its Natural Earth boundary"
        rows.append(row)
    columns = [*PLACE_COLUMNS, "coordinates_from"]
    return pd.DataFrame(rows, columns=columns)


def read_events(
    path: Path,
    report: Report,
    gazetteer: Gazetteer,
    article_ids: set[str],
    today: dt.date | None = None,
    root: Path | None = None,
) -> pd.DataFrame:
    """Key events; each must cite an article id or a URL, and name a known place if any."""
    today = today or dt.date.today()
    label = str(path)
    if not path.exists():
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    text = read_text(path, report, label, root=root)
    if text is None:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    records = csv_rows(text, ("date", "title", "source"), label, report)
    if records is None:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    if len(records) > MAX_EVENTS:
        report.add(
            label,
            records[MAX_EVENTS][0],
            "row",
            TOO_MANY_ROWS,
            count=f"{len(records):,}",
            things="events",
            limit=f"{MAX_EVENTS:,}",
            why="key events are the few that explain the figures",
            advice="keep the ones that matter",
        )
        records = records[:MAX_EVENTS]
    rows = []
    for line, raw in records:
        values = {k: raw.get(k, "") for k in EVENT_COLUMNS}
        ok = True
        place_name = values["place"]
        if place_name:
            place = gazetteer.lookup(place_name)
            if place is None:
                near = gazetteer.suggest(place_name)
                report.add(
                    label,
                    line,
                    "place",
                    UNKNOWN_PLACE,
                    name=place_name,
                    known="in the gazetteer",
                    hint=hint(gazetteer.names[near] if near else None),
                    advice="",
                )
                ok = False
            else:
                values["place"] = place.id
        source = values["source"]
        if source and not source.startswith(("http://", "https://")) and source not in article_ids:
            report.add(
                label,
                line,
                "source",
                UNKNOWN_SOURCE,
                reason=f"{source!r} is neither an article id nor a URL",
                hint=hint(closest(source, sorted(article_ids))),
            )
            ok = False
        try:
            event = Event(**{**values, "place": values["place"] or None})
        except ValidationError as exc:
            report.add_invalid(label, line, exc, values)
            continue
        wrong = date_problem(event.date, today)
        if wrong:
            report.add(label, line, "date", wrong[0], **wrong[1])
            ok = False
        if ok:
            rows.append(event.model_dump())
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def _sources(
    articles: list[Article],
    tables: list[Path],
    figures: pd.DataFrame,
    table_rows: dict[str, pd.DataFrame],
) -> pd.DataFrame:
    counts = figures["source"].value_counts().to_dict() if not figures.empty else {}
    rows = [
        {
            "id": a.id,
            "kind": "article",
            "path": a.path,
            "date": a.date,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.url,
            "language": article_language(a),
            "note": a.note,
            "figures": counts.get(a.id, 0),
        }
        for a in articles
    ]
    for path in tables:
        table = table_rows.get(path.stem, empty_figures())
        outlets = table["source_outlet"].replace("", pd.NA).dropna().nunique() if len(table) else 0
        dates = pd.Series(table["as_of"]).dropna() if len(table) else pd.Series([], dtype=object)
        rows.append(
            {
                "id": path.stem,
                "kind": "table",
                "path": str(path),
                "date": dates.max() if len(dates) else None,
                "title": path.stem.replace("_", " "),
                "outlet": f"{outlets} outlets (one source URL per row)",
                "url": "",
                "language": "",
                "note": "Curated figure table; each row names its own outlet and URL.",
                "figures": counts.get(path.stem, 0),
            }
        )
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
