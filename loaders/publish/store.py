"""The store: a situation's validated tables as Parquet, built once and then incrementally.

`build` writes the store (by default `DIR/.store/`, see `DataFolder.store`): the published tables
(figures, facts, sources, places, events, problems, rejected, articles with their text), the parts
an earlier build made (each article's figures and problems, each table's rows and problems), and
`manifest.json`: every input file (path, size, content hash), the loaders' code version and what
the build did. A rebuild keys each part on its file's content hash, its registry row, the
gazetteer and the code version, and reuses every part whose key is unchanged; the new store is
written beside the old one and swapped in whole (`replace_folder`), so a reader never sees half a
store. Nothing here is ever read as data: the store holds no article or table of the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeGuard

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loaders.facts.dataset import Dataset, load_dataset
from loaders.facts.parts import (
    ArticleJob,
    ArticlePart,
    Parts,
    StoredRows,
    TablePart,
    figure_rows_table,
    read_table_part,
)
from loaders.facts.selection import data_period, prepared, spans_stretches
from loaders.model.problems import Report
from loaders.model.records import Article, Problem
from loaders.publish.current import PROBLEM_FIELDS, Counts, one_build, write_problems
from loaders.publish.frames import arrow_of, write_as_one, write_frame
from loaders.publish.output import replace_folder
from loaders.publish.partitioned import PART_ROWS, InParts, load_in_parts
from loaders.publish.query import StoreQuery, write_startup
from loaders.publish.stored import (
    FORMAT,
    MANIFEST,
    Scanned,
    build_version,
    code_version,
    read_boundaries_json,
    read_manifest,
    scan_against,
    write_boundaries_json,
)
from loaders.publish.summary import (
    SUMMARY,
    default_filters,
    estimate_of,
    period_of,
    summary,
    summary_json,
)
from loaders.read.boundaries import Boundary
from loaders.read.folder import BOUNDARIES_DIR, DataFolder
from loaders.read.gazetteer import Gazetteer

#: The published tables, by name (`{name}.parquet`).
TABLES = ("figures", "facts", "places", "sources", "events", "problems", "rejected", "articles")
PARTS_DIR = "parts"
#: A build's intermediate files, inside the new store until it is swapped in.
SCRATCH = "scratch"
#: The fewest bytes of an input that give one figure (a table row holds a date, an indicator, a
#: value and a unit; an article sentence a number and a word): a bound on what an input gives.
MIN_FIGURE_BYTES = 8
ARTICLE_FIELDS = tuple(Article.model_fields)


def _key(*items: str) -> str:
    return hashlib.sha256("\0".join(items).encode()).hexdigest()[:32]


def _rebased(problem: dict, name: str, label: str) -> dict[str, str]:
    """The `path` of a problem an earlier build reported of the input `name` (a file's path in
    the folder), naming it `label` as this build does: a part is keyed on the file's name in the
    folder and its content, so a folder moved, or built from another directory, reuses its
    parts, whose problems named the file where it was then. A path of another file is kept."""
    path = str(problem["path"])
    if path == name or path.endswith(("/" + name, os.sep + name.replace("/", os.sep))):
        return {"path": label}
    return {}


def _frame_of(table: pa.Table) -> pd.DataFrame:
    """A Parquet table as plain Python values (None for missing), as the loaders make them."""
    return pd.DataFrame(
        {
            name: pd.Series(table.column(name).to_pylist(), dtype=object)
            for name in table.column_names
        }
    )


class StoreParts(Parts):
    """Parts that reuse an earlier build's: a part whose key is unchanged is read from the old
    store, the rest are made by `inner` (this process, or a Dask cluster)."""

    def __init__(
        self,
        folder: DataFolder,
        old: Path | None,
        inner: Parts,
        today: dt.date,
        scanned: Scanned | None = None,
    ):
        self.folder = folder
        self.old = old
        self.inner = inner
        self.today = today.isoformat()
        if old is not None and scanned is not None and scanned.still(old):
            self.manifest, self.inputs = scanned.manifest, scanned.inputs
        else:
            self.manifest = read_manifest(old) if old else {}
            self.inputs = scan_against(folder, self.manifest)
        self.code = code_version()
        self.counts = Counts(hashed=self.inputs.hashed, inputs=len(self.inputs.files))
        self.article_jobs: list[ArticleJob] = []
        self.article_keys: list[str] = []
        self.article_parts: list[ArticlePart] = []
        self.table_entries: dict[str, dict] = {}
        self.target: Path | None = None  # the new store, where table parts go as they are read
        self.gazetteer_key = ""
        self.maps_key = ""
        self.maps_from: Path | None = None  # the old store's outlines, when reused

    def _gazetteer(self, gazetteer: Gazetteer | None = None) -> str:
        """The key of what a part's places depend on: places.csv, routes, and the world
        gazetteer behind them (its index and the situation's countries)."""
        names = [self.folder.relative(p) for p in (self.folder.places, self.folder.routes)]
        world = (
            f"world={gazetteer.world.path.name} scope={','.join(sorted(gazetteer.scope))}"
            if gazetteer is not None and gazetteer.world is not None
            else "world="
        )
        return _key(self.code, world, *(f"{n}={self.inputs.hash_of(n)}" for n in names))

    def fits_one_part(self, part_rows: int) -> bool:
        """Whether the folder's figures surely fit one date part of `part_rows`: the last build
        made one part of its figures, and each input added or changed since gives at most one
        figure per MIN_FIGURE_BYTES of its size."""
        did = self.manifest.get("did", {})
        if did.get("parts") != 1:
            return False
        known = {f["path"]: f.get("sha256") for f in self.manifest.get("inputs", [])}
        new = sum(f["size"] for n, f in self.inputs.files.items() if known.get(n) != f["sha256"])
        return int(did.get("figures", part_rows)) + new // MIN_FIGURE_BYTES <= part_rows

    def _usable(self, entry: dict | None, key: str) -> TypeGuard[dict]:
        """Whether an old store's entry holds the part for `key`, made on a day it still holds."""
        return (
            entry is not None
            and entry.get("key") == key
            and entry.get("dated", "") in ("", self.today)
        )

    def articles(
        self,
        jobs: list[ArticleJob],
        gazetteer: Gazetteer,
        advance: Callable[[int], None] | None = None,
    ) -> list[ArticlePart]:
        self.gazetteer_key = self._gazetteer(gazetteer)
        old_entries = self.manifest.get("articles", {}) if self.manifest else {}
        keys = []
        names = [self.folder.relative(job.path) for job in jobs]
        for job, name in zip(jobs, names, strict=True):
            row = job.row.model_dump_json() if job.row is not None else ""
            # Keyed on the file's name in the folder, not the path problems name it by: a folder
            # moved (or built from another directory) reuses every part (`_cached_articles`).
            keys.append(_key(self.gazetteer_key, name, self.inputs.hash_of(name), row))
        reuse = {
            i
            for i, (name, key) in enumerate(zip(names, keys, strict=True))
            if self._usable(old_entries.get(name), key)
        }
        cached = self._cached_articles({keys[i]: (names[i], jobs[i].label) for i in reuse})
        reuse = {i for i in reuse if keys[i] in cached}
        fresh = [job for i, job in enumerate(jobs) if i not in reuse]
        made = iter(self.inner.articles(fresh, gazetteer, advance))
        out = []
        for i, key in enumerate(keys):
            if i in reuse:
                out.append(cached[key])
                if advance:
                    advance(1)
            else:
                out.append(next(made))
        self.counts.reused += len(reuse)
        self.counts.extracted += len(fresh)
        self.article_jobs, self.article_keys, self.article_parts = jobs, keys, out
        return out

    def _cached_articles(self, wanted: dict[str, tuple[str, str]]) -> dict[str, ArticlePart]:
        """The old store's parts with these keys, each (`wanted`: its file's name in the folder
        and the path problems name it by now) naming its file as this build does."""
        if not wanted or self.old is None:
            return {}
        where = self.old / PARTS_DIR
        try:
            meta = pq.read_table(where / "articles.parquet").to_pylist()
            figures = pq.read_table(where / "article_figures.parquet")
            problems = pq.read_table(where / "article_problems.parquet").to_pylist()
        except (OSError, pa.ArrowException):
            return {}
        by_key: dict[str, list[Problem]] = {}
        for row in problems:
            if row["key"] in wanted:
                name, label = wanted[row["key"]]
                by_key.setdefault(row["key"], []).append(
                    Problem(**{f: row[f] for f in PROBLEM_FIELDS} | _rebased(row, name, label))
                )
        out = {}
        for row in meta:
            if row["key"] not in wanted:
                continue
            rows = StoredRows(figures, row["first"], row["rows"])
            fields = {f: row[f] for f in ARTICLE_FIELDS} | {"path": wanted[row["key"]][1]}
            article = Article(**fields) if row["usable"] else None
            out[row["key"]] = ArticlePart(article, rows, by_key.get(row["key"], []))
        return out

    def boundaries(self, folder: DataFolder, report: Report) -> list[Boundary]:
        """The old store's decoded outlines when no map file changed and reading them reported
        nothing; else read again."""
        maps = {n: h for n, h in self.inputs.files.items() if n.startswith(BOUNDARIES_DIR + "/")}
        self.maps_key = _key(self.code, json.dumps(sorted(maps.items())))
        old = self.old / "boundaries.json" if self.old else None
        if old and self.manifest.get("maps") == self.maps_key and old.is_file():
            self.maps_from = old
            return read_boundaries_json(old)
        found = Report()
        outlines = super().boundaries(folder, found)
        report.problems.extend(found.problems)
        if found.problems:
            self.maps_key = ""
        return outlines

    def tables(self, paths: list[Path], gazetteer: Gazetteer, today: dt.date) -> list[TablePart]:
        old_entries = self.manifest.get("tables", {}) if self.manifest else {}
        out = []
        for path in paths:
            name = self.folder.relative(path)
            key = _key(
                self.gazetteer_key or self._gazetteer(gazetteer), name, self.inputs.hash_of(name)
            )
            entry = old_entries.get(name)
            usable = self._usable(entry, key)
            part = self._cached_table(entry, name, str(path)) if usable and entry else None
            if part is None:
                part = read_table_part(path, gazetteer, today)
                self.counts.tables_read += 1
            else:
                self.counts.tables_reused += 1
            self.table_entries[name] = {"key": key, "dated": self.today if part.dated else ""}
            self._put_table(key, part)
            out.append(part)
        return out

    def _put_table(self, key: str, part: TablePart) -> None:
        """A table part into the new store (`target`) at once, so no table's rows wait in
        memory for the others'; rows unchanged since the old store are linked, not copied. Its
        problems are written as this build names the file (the folder may have moved)."""
        if self.target is None:
            raise ValueError("a store's parts need the new store's folder (target)")
        path = self.target / PARTS_DIR / "tables" / f"{key}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self._link_unchanged(path):
            _write(part.figures, path)
        problems = [p.model_dump(mode="json") for p in part.problems]
        _write(
            pd.DataFrame(problems, columns=list(PROBLEM_FIELDS)),
            path.with_suffix(".problems.parquet"),
        )

    def _cached_table(self, entry: dict, name: str, label: str) -> TablePart | None:
        """The old store's part of the table `name`, its problems naming it `label`."""
        if self.old is None:
            return None
        where = self.old / PARTS_DIR / "tables" / f"{entry['key']}.parquet"
        try:
            figures = pq.read_table(where).to_pandas()
            problems = _frame_of(pq.read_table(where.with_suffix(".problems.parquet")))
        except (OSError, pa.ArrowException):
            return None
        rows = problems.to_dict("records")
        return TablePart(figures, [Problem(**r | _rebased(r, name, label)) for r in rows])

    def write_parts(self, target: Path) -> None:
        """This build's article parts into the new store at `target` (its table parts are
        there already)."""
        where = target / PARTS_DIR
        (where / "tables").mkdir(parents=True, exist_ok=True)
        meta: list[dict] = []
        first = 0
        problem_rows: list[dict] = []
        for key, part in zip(self.article_keys, self.article_parts, strict=True):
            fields = part.article.model_dump() if part.article else dict.fromkeys(ARTICLE_FIELDS)
            usable = part.article is not None
            meta.append({"key": key, "usable": usable, "first": first, "rows": len(part.rows)})
            meta[-1].update(fields)
            first += len(part.rows)
            problem_rows += [{"key": key, **p.model_dump(mode="json")} for p in part.problems]
        columns = ["key", "usable", "first", "rows", *ARTICLE_FIELDS]
        _write(pd.DataFrame(meta, columns=columns), where / "articles.parquet")
        figures = figure_rows_table(self.article_parts)
        pq.write_table(figures, where / "article_figures.parquet", compression="zstd")
        problems = pd.DataFrame(problem_rows, columns=["key", *PROBLEM_FIELDS])
        _write(problems, where / "article_problems.parquet")

    def _link_unchanged(self, path: Path) -> bool:
        """Link the rows of the table part the old store holds to `path` in the new one; False,
        with nothing linked, when the old store does not hold them."""
        if self.old is None:
            return False
        old = self.old / PARTS_DIR / "tables" / path.name
        if not old.is_file():
            return False
        _link(old, path)
        return True

    def manifest_of(self, today: dt.date) -> dict:
        """What the new store's manifest says: inputs, code, parts' keys, what was done."""
        articles = {
            self.folder.relative(job.path): {"key": key, "dated": self.today if part.dated else ""}
            for job, key, part in zip(
                self.article_jobs, self.article_keys, self.article_parts, strict=True
            )
        }
        return {
            "format": FORMAT,
            "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "today": today.isoformat(),
            "code": self.code,
            "build": build_version(),
            "folder": str(self.folder.root.absolute()),
            "scanned_ns": self.inputs.scanned_ns,
            "inputs": [{"path": k, **v} for k, v in sorted(self.inputs.files.items())],
            "articles": articles,
            "tables": self.table_entries,
            "maps": self.maps_key,
            "did": vars(self.counts),
        }


def in_one_pass(
    folder: DataFolder,
    today: dt.date,
    advance: Callable[[int], None] | None,
    parts: Parts,
    scratch: Path,
) -> InParts:
    """What `load_in_parts` gives for a folder whose figures fit one date part, loaded in one
    pass in memory (`load_dataset`, as before builds were partitioned): the same tables and
    problems, without spilling the figures to scratch files between the steps: the prepared
    figures and facts are held (as Arrow for `write_as_one`, and as frames for the summary)."""
    scratch.mkdir(parents=True, exist_ok=True)
    dataset = load_dataset(folder, today, advance, parts)
    held = {"figures": prepared(dataset.figures), "facts": prepared(dataset.facts)}
    rows = {"figures": len(dataset.figures), "facts": len(dataset.facts)}
    tables = {name: arrow_of(frame) for name, frame in held.items()}
    return InParts(dataset, [tables["figures"]], [tables["facts"]], rows, held)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write(frame: pd.DataFrame, path: Path) -> None:
    """`frame` as a Parquet file (zstd; no pandas index)."""
    write_frame(frame, path)


def published(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The tables a store publishes beside the figures and facts (which a build writes a date
    part at a time, `write_as_one`), by name, as loaded."""
    problems = pd.DataFrame(
        [p.model_dump(mode="json") for p in dataset.report.problems],
        columns=list(PROBLEM_FIELDS),
    )
    articles = pd.DataFrame(
        [a.model_dump() for a in dataset.articles], columns=list(ARTICLE_FIELDS)
    )
    return {
        "places": dataset.places,
        "sources": dataset.sources,
        "events": dataset.events,
        "problems": problems,
        "rejected": dataset.rejected,
        "articles": articles,
    }


def build_store(
    folder: DataFolder,
    target: Path,
    inner: Parts | None = None,
    today: dt.date | None = None,
    advance: Callable[[int], None] | None = None,
    part_rows: int = PART_ROWS,
    scanned: Scanned | None = None,
) -> tuple[Dataset, Counts]:
    """Build (or rebuild) the store at `target` from `folder`: parts reused from the store
    already there, the rest made by `inner`; the figures and facts made a date part of about
    `part_rows` figures at a time (`load_in_parts`: the dataset returned holds them only when
    they were one part); the new store swapped in whole (`scanned`: the check before it, see
    `current_store`). Builds of one store take turns
    (`build_lock`): two app processes starting at once on one folder do not both extract
    everything, the second reuses what the first wrote."""
    with one_build(target):
        today = today or dt.date.today()
        old = target if read_manifest(target) else None
        parts = StoreParts(folder, old, inner or Parts(), today, scanned)
        built: list[Dataset] = []

        def write(fresh: Path) -> None:
            parts.target = fresh
            scratch = fresh / SCRATCH
            if parts.fits_one_part(part_rows):
                loaded = in_one_pass(folder, today, advance, parts, scratch)
            else:
                loaded = load_in_parts(folder, today, advance, parts, scratch, part_rows)
            dataset = loaded.dataset
            parts.counts.figures, parts.counts.facts = loaded.rows["figures"], loaded.rows["facts"]
            parts.counts.parts = len(loaded.figures)
            parts.write_parts(fresh)
            write_as_one(loaded.figures, fresh / "figures.parquet")
            write_as_one(loaded.facts, fresh / "facts.parquet")
            shutil.rmtree(fresh / SCRATCH)
            for name, frame in published(dataset).items():
                _write(frame, fresh / f"{name}.parquet")
            write_problems(fresh, dataset.report)
            (fresh / "routes.json").write_text(json.dumps(dataset.routes), encoding="utf-8")
            _write_outlines(fresh, dataset, parts.maps_from)
            query = StoreQuery(fresh, dataset.places, dataset.sources)
            query.write_rule_days()
            query.write_held_cells()
            query.write_series_days()
            query.write_latest_days()
            query.write_window_facts()
            found = _write_summary(fresh, dataset, parts.counts.parts == 1, loaded.held)
            _startup(fresh, dataset, found)
            manifest = json.dumps(parts.manifest_of(today), ensure_ascii=False)  # C encoder
            (fresh / MANIFEST).write_text(manifest, encoding="utf-8")
            built.append(dataset)

        replace_folder(target, write)
        return built[0], parts.counts


def _write_outlines(fresh: Path, dataset: Dataset, maps_from: Path | None) -> None:
    """The map's outlines in the new store: linked from the old store when the places did not
    change, else written from the dataset's boundaries."""
    if maps_from is not None:
        _link(maps_from, fresh / "boundaries.json")
        return
    write_boundaries_json(fresh / "boundaries.json", dataset.boundaries)


def _write_summary(
    fresh: Path, dataset: Dataset, in_memory: bool, held: dict[str, pd.DataFrame]
) -> dict:
    """Write and return the new store's `summary.json`: worked out from the figures and facts
    in memory when the build held them (one part; `held`: already prepared), else read from
    the written store."""
    review_only = dataset.situation.review.headline == "reviewed"
    if in_memory:
        figures = held["figures"] if held else prepared(dataset.figures)
        facts = held["facts"] if held else prepared(dataset.facts)
        found = summary(figures, facts, dataset.places, dataset.sources, review_only)
    else:
        found = store_summary(fresh, dataset.places, dataset.sources, review_only)
    (fresh / SUMMARY).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return found


def _startup(store: Path, dataset: Dataset, found: dict) -> None:
    """What a new app process's first page reads instead of scanning the figures and facts
    (`write_startup`), for the default view of the summary `found`."""
    query = StoreQuery(store, dataset.places, dataset.sources)
    estimates = [estimate_of(e) for e in found["estimates"]]
    write_startup(query, default_filters(period_of(found["period"])), estimates)


def store_summary(
    store: Path, places: pd.DataFrame, sources: pd.DataFrame, review_only: bool
) -> dict:
    """The summary (`summary.json`) of the figures and facts written at `store`, read from
    them: the default period from the facts' days, and the default view's estimates as the
    app asks the store for any view's (`StoreQuery.estimates`), so no step of the build holds
    every fact at once."""
    facts = pq.ParquetFile(store / "facts.parquet")
    column = next((c for c in ("_as_of_day", "as_of") if c in facts.schema_arrow.names), None)
    days = pq.read_table(store / "facts.parquet", columns=[column]).column(column)
    dated = pd.DataFrame({"as_of": days.to_numpy()})
    if spans_stretches(dated) and "source_ids" in facts.schema_arrow.names:
        # Dates years apart (rare): the main stretch is the one with the most sources.
        ids = pq.read_table(store / "facts.parquet", columns=["source_ids"]).column("source_ids")
        dated["source_ids"] = ids.to_pandas().astype(str).to_numpy()
    period = data_period(dated)
    query = StoreQuery(store, places, sources)
    estimates = query.estimates(default_filters(period), review_only)
    rows = {"figures": pq.ParquetFile(store / "figures.parquet").metadata.num_rows}
    rows["facts"] = facts.metadata.num_rows
    return summary_json(period, estimates, rows, review_only)
