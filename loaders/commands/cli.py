"""The command line of SPEC section 3 (validate, extract, build) and the maintainers' and analysts'
commands (export, schema, review, add-article, places add, init). Every command finds its data
folder the same way (`_folder`), and everything printed passes through `say`.

pandas, the extractor and the dataset are imported by the commands that use them, not here: a
`build` with nothing to do checks the store's manifest and exits without them (they were most
of its time)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.commands.progress import progress
from loaders.model.problems import Report
from loaders.publish.destination import UnsafeOutput, check_output, mark_build
from loaders.read.articles import read_article, read_registry
from loaders.read.characters import visible
from loaders.read.csvrows import parse_date
from loaders.read.folder import (
    BUILD_FILES,
    ENVIRONMENT,
    MAX_ARTICLE_BYTES,
    DataFolder,
    NoDataFolder,
    UnsafePath,
    read_text,
)
from loaders.read.gazetteer import Gazetteer, read_places
from loaders.read.routes import read_routes
from loaders.read.world import World, attach

if TYPE_CHECKING:
    from loaders.model.records import RegistryRow
    from loaders.publish.current import Counts

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class UsageError(Exception):
    """The command line names no usable folder; exit status 2."""


def printable(text: str) -> str:
    """`text` with terminal control characters (escape sequences included) and invisible
    bidirectional or zero-width characters shown as '?', one character for one so offsets
    still hold."""
    return visible(_CONTROL.sub("?", text))


def say(text: str, err: bool = False) -> None:
    """Print a line that may hold data (file names, article text) safely to the terminal."""
    print(printable(text), file=sys.stderr if err else sys.stdout)


def _folder(args: argparse.Namespace, writes: bool = False) -> DataFolder:
    """The data folder of any command: the positional DIR or --data (the same thing), else the
    rule of `DataFolder.choose`. A command that `writes` refuses the checkout's own data folder
    unless it was named (DIR, --data or $SITUATION_DATA): `./data` found by default is never
    written."""
    given = [v for v in (getattr(args, "dir", None), getattr(args, "data", None)) if v]
    if len(given) == 2 and Path(given[0]).resolve() != Path(given[1]).resolve():
        raise UsageError(f"two data folders given ({given[0]} and --data {given[1]}); give one")
    try:
        folder = DataFolder.choose(given[0] if given else None)
    except NoDataFolder as exc:
        raise UsageError(str(exc)) from exc
    if writes and not given and not os.environ.get(ENVIRONMENT) and folder.is_bundled():
        raise UsageError(
            f"{folder.root} is the checkout's own data folder and was not named; give the folder"
            f" to change with --data DIR (--data {folder.root} to change the bundled data)"
        )
    return folder


def _load(folder: DataFolder):
    from loaders.facts.dataset import load_dataset

    with progress("Reading articles", folder.article_count()) as advance:
        return load_dataset(folder, advance=advance)


def cmd_validate(args: argparse.Namespace) -> int:
    from loaders.connect.freshness import check_freshness

    data = _folder(args)
    dataset = _load(data)
    sources = check_freshness(data, dataset.report, dt.datetime.now(dt.UTC))
    if args.json:
        rows = [p.model_dump(mode="json") for p in dataset.report.problems]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for line in dataset.report.lines():
            say(line)
    errors = len(dataset.report.errors)
    warnings = len(dataset.report) - errors
    synced = f", {len(sources)} synced sources" if sources else ""
    print(
        f"{len(dataset.figures)} figures, {len(dataset.facts)} facts, {len(dataset.places)} places,"
        f" {len(dataset.events)} events{synced}; {errors} errors, {warnings} warnings",
        file=sys.stderr,
    )
    return 1 if errors else 0


def cmd_problems(args: argparse.Namespace) -> int:
    """The catalogue of problem types: one line each, or the README's Markdown table."""
    from loaders.model.problem_types import CATALOGUE, markdown

    if args.markdown:
        print(markdown(), end="")
        return 0
    width = max(len(k.code) for k in CATALOGUE)
    for kind in CATALOGUE:
        print(f"{kind.code:<{width}}  {kind.severity.value:<7}  {kind.description}")
    return 0


def _gazetteer(data: DataFolder, report: Report) -> Gazetteer:
    gazetteer = read_places(data.places, report, root=data.root)
    read_routes(data.routes, report, gazetteer, root=data.root)
    return gazetteer


def cmd_extract(args: argparse.Namespace) -> int:
    from loaders.extract.figures import extract_article
    from loaders.facts.dataset import declared_countries

    data = _folder(args)
    setup = Report()
    gazetteer = _gazetteer(data, setup)
    texts = [read_text(Path(n), Report(), limit=MAX_ARTICLE_BYTES) for n in args.files]
    world = World.open()
    # The situation's declared countries, as the build reads them: names resolve the same.
    attach(gazetteer, world, [t for t in texts if t], declared_countries(data, world, setup))
    failed = False
    figures = []
    for name in args.files:
        path = Path(name)
        report = Report()
        if not path.exists():
            say(f"{path}:0: file: no such file", err=True)
            failed = True
            continue
        registry: dict[str, RegistryRow] = {}
        for candidate in (DataFolder(path.parent.parent).registry, data.registry):
            if candidate.is_file():
                registry = {**read_registry(candidate, Report()), **registry}
        article = read_article(path, report, registry)
        for line in report.lines():
            say(line, err=True)
        if article is None:
            failed = True
            continue
        figures.extend(extract_article(article, gazetteer))
    rows = [f.model_dump(mode="json") for f in figures]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for f in figures:
            hedge = "" if f.qualifier == "exact" else f" ({f.qualifier})"
            say(
                f"{f.source}:{f.start}-{f.end}: {f.indicator}/{f.subtype or '-'} "
                f"{f.value:g}{hedge} {f.unit} as of {f.as_of} at {f.place or '?'}"
            )
    return 1 if failed else 0


def _store_path(args: argparse.Namespace, folder: DataFolder) -> Path:
    """Where the store goes: --store, else the folder's own. Refused: among the folder's
    articles or tables (it would be read as data), the data folder itself or a folder holding
    it, and a non-empty folder that is not a store (a build replaces it whole)."""
    from loaders.publish.stored import MANIFEST

    store = Path(args.store) if getattr(args, "store", None) else folder.store
    target, root = store.resolve(), folder.root.resolve()
    for data in (folder.articles_dir.resolve(), folder.figures_dir.resolve()):
        if target == data or data in target.parents:
            raise UsageError(f"--store {store} is inside {data}, where it would be read as data")
    if target == root or target in root.parents:
        raise UsageError(f"--store {store} holds the data folder; give a folder of its own")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise UsageError(
            f"--store {store} is a folder with files that is not a store (no {MANIFEST});"
            " a build replaces the whole folder, so give a new or empty one"
        )
    return store


def cmd_build(args: argparse.Namespace) -> int:
    from loaders.publish.current import current_store

    if args.with_parent is not None:
        from loaders.commands.lifetime import end_with_parent

        end_with_parent(args.with_parent)
    folder = _folder(args)
    store = _store_path(args, folder)
    if args.out:
        check_output(Path(args.out), folder.root, folder=True)
    scanned = None
    if not args.out:
        counts, scanned = current_store(folder, store)
        if counts is not None:
            return _already_built(store, counts)
    from loaders.publish.store import build_store  # the build itself: pandas, the extractor

    inner = None
    if args.workers is not None or args.scheduler:
        from loaders.commands.cluster import DaskParts

        inner = DaskParts(args.workers or None, args.scheduler)
    with progress("Reading articles", folder.article_count()) as advance:
        dataset, counts = build_store(folder, store, inner=inner, advance=advance, scanned=scanned)
    if args.out:
        _write_out(dataset, Path(args.out), None if counts.parts == 1 else store)
    for line in dataset.report.lines():
        say(line, err=True)
    say(counts.line(), err=True)
    say(
        f"wrote {counts.figures} figures, {counts.facts} facts,"
        f" {len(dataset.places)} places, {len(dataset.sources)} sources,"
        f" {len(dataset.events)} events to {store}" + (f" and {args.out}" if args.out else ""),
        err=True,
    )
    return 1 if dataset.report.errors else 0


def _already_built(store: Path, counts: Counts) -> int:
    """What a build says when the store holds what it would write (`current_store`): the
    problems its build reported, what it holds, and that nothing was written."""
    from loaders.publish.current import stored_problems

    report = stored_problems(store)
    for line in report.lines():
        say(line, err=True)
    say(counts.line(), err=True)
    say(f"the store {store} is up to date: nothing changed since it was built", err=True)
    return 1 if report.errors else 0


def _write_out(dataset, out: Path, store: Path | None = None) -> None:
    """The validated tables as CSV files in `out` (SPEC section 3), swapped in whole; the
    figures and facts read from `store` when the build made them in several date parts (then
    by date, and every row is held in memory to write them)."""
    import pandas as pd

    from loaders.publish.output import replace_folder, write_csv

    if store is not None:
        from loaders.publish.frames import read_frame

        tables = {n: read_frame(store / f"{n}.parquet") for n in ("figures", "facts")}
        shown = {n: t[[c for c in t.columns if not c.startswith("_")]] for n, t in tables.items()}
        dataset = dataclasses.replace(dataset, **shown)
    problems = pd.DataFrame(
        [p.model_dump(mode="json") for p in dataset.report.problems],
        columns=["path", "line", "field", "code", "type", "message", "severity"],
    )
    tables = {
        "figures": dataset.figures,
        "facts": dataset.facts,
        "places": dataset.places,
        "sources": dataset.sources,
        "events": dataset.events,
        "problems": problems,
    }

    def write(folder: Path) -> None:
        for name, table in tables.items():
            write_csv(table, folder / BUILD_FILES[name])
        mark_build(folder)

    replace_folder(out, write)


def cmd_export(args: argparse.Namespace) -> int:
    from loaders.facts.selection import Filters, apply, date_bounds
    from loaders.publish.exports import render
    from loaders.publish.output import atomic_write_text

    data = _folder(args)
    check_output(Path(args.out), data.root, folder=False)
    dataset = _load(data)
    lo, hi = date_bounds(dataset.facts)
    try:
        start = parse_date(args.start) if args.start else lo
        end = parse_date(args.end) if args.end else hi
    except ValueError as exc:
        say(f"export: --start/--end: {exc}; write dates as YYYY-MM-DD", err=True)
        return 2
    split = lambda v: tuple(x.strip() for x in (v or "").split(",") if x.strip())  # noqa: E731
    filters = Filters(start, end, split(args.indicator), split(args.place))
    unknown = [p for p in filters.places if p not in set(dataset.places["id"])]
    if unknown:
        say(f"export: unknown place id(s) {', '.join(unknown)}", err=True)
        return 2
    figures = apply(dataset.figures, filters)
    facts = apply(dataset.facts, filters)
    listed = filters.places or None  # every place decides what is this situation's
    with progress(f"Writing {args.format}", 1) as advance:
        text = render(args.format, figures, facts, dataset.places, listed)
        atomic_write_text(Path(args.out), text)
        advance(1)
    say(f"wrote {len(figures)} figures as {args.format} to {args.out}", err=True)
    return 1 if dataset.report.errors else 0


def cmd_estimates(args: argparse.Namespace) -> int:
    """The overview's headline estimates for a period and places: a table, or JSON (--json)."""
    from loaders.facts.estimates import estimates
    from loaders.facts.selection import Filters, apply, data_period
    from loaders.publish.estimate_records import estimate_records

    dataset = _load(_folder(args))
    period = data_period(dataset.facts) if len(dataset.facts) else None
    try:
        start = parse_date(args.start) if args.start else None
        end = parse_date(args.end) if args.end else None
    except ValueError as exc:
        say(f"estimates: --start/--end: {exc}; write dates as YYYY-MM-DD", err=True)
        return 2
    places = tuple(p.strip() for p in (args.place or "").split(",") if p.strip())
    unknown = [p for p in places if p not in set(dataset.places["id"])]
    if unknown:
        say(f"estimates: unknown place id(s) {', '.join(unknown)}", err=True)
        return 2
    records: list[dict] = []
    if period is not None:
        filters = Filters(start or period.start, end or period.end, (), places)
        titles = dict(zip(dataset.sources["id"], dataset.sources["title"], strict=True))
        names = dict(zip(dataset.places["id"], dataset.places["name"], strict=True))
        found = estimates(apply(dataset.facts, filters), dataset.figures, dataset.places, titles)
        records = estimate_records(found, names, titles)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif not records:
        say("no estimate: no reported figure in this view answers a headline question")
    else:
        for r in records:
            _say_estimate(r)
    return 1 if dataset.report.errors else 0


def _amount(p: dict) -> str:
    """A breakdown line's value with its hedge, as the command prints it."""
    from loaders.model.amounts import hedged

    return hedged(p["value"], p["value_max"], p["qualifier"], short=False)


def _say_estimate(r: dict) -> None:
    """One estimate as lines of text: what, how much, when, where, flags, breakdown, sources."""
    from loaders.model.amounts import hedged

    what = r["indicator"] + (f"/{r['subtype']}" if r["subtype"] else "")
    amount = hedged(r["value"], r["value_max"], r["qualifier"], short=False) + f" {r['unit']}"
    where = f" · {r['place_name']}" if r["place_name"] else ""
    scope = f" [{r['scope']}]" if r["scope"] else ""
    flags = f"  ({', '.join(r['flags'])})" if r["flags"] else ""
    say(f"{what}{scope}: {amount} as of {r['as_of']}{where}{flags}")
    for p in r["parts"]:
        say(f"    {p['label']}: {_amount(p)} ({p['as_of']})")
    for p in r["above_whole"]:
        say(
            f"    higher than the whole, not one of its parts: {p['label']}: {_amount(p)}"
            f" ({p['as_of']})"
        )
    if r["whole_behind"]:
        p = r["whole_behind"]
        say(f"    the whole situation's latest figure is lower: {_amount(p)} ({p['as_of']})")
    for s in r["sources"][:3]:
        say(f"    source: {s['outlet'] or s['title']} {s['url']}".rstrip())


def cmd_schema(args: argparse.Namespace) -> int:
    from loaders.publish.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        say(str(path))
    return 0


def _review(article, figures, console) -> None:
    from loaders.publish.review import render_review

    safe = article.model_copy(update={"body": printable(article.body), "id": printable(article.id)})
    render_review(safe, figures, console)


def cmd_review(args: argparse.Namespace) -> int:
    from rich.console import Console

    from loaders.extract.figures import extract_article
    from loaders.read.corrections import read_corrections

    data = _folder(args)
    report = Report()
    gazetteer = _gazetteer(data, report)
    registry = read_registry(data.registry, report, root=data.root)
    article = read_article(Path(args.article), report, registry)
    for line in report.lines():
        say(line, err=True)
    if article is None:
        return 1
    figures = extract_article(article, gazetteer)
    ids = {f.id for f in figures}
    for _, c in read_corrections(data.corrections, Report(), data.root):
        if c.figure_id in ids:
            say(f"correction on {c.figure_id}: {c.action} ({c.reason})", err=True)
    _review(article, figures, Console(highlight=False))
    return 0


def cmd_add_article(args: argparse.Namespace) -> int:
    from loaders.commands.maintain import MaintainError, add_article

    data = _folder(args, writes=True)
    if not args.file:
        if not args.url:
            say("add-article: give a FILE, or --url ADDRESS to fetch the article", err=True)
            return 2
        return _add_from_url(args, data)
    if not args.date:
        say("add-article: --date is required with a FILE; write YYYY-MM-DD", err=True)
        return 2
    try:
        date = parse_date(args.date)
    except ValueError:
        say(f"add-article: --date {args.date!r} is not a date; write YYYY-MM-DD", err=True)
        return 2
    try:
        target = add_article(
            data,
            Path(args.file),
            date,
            args.outlet,
            args.url,
            args.title,
            args.id,
            args.note,
            args.language,
        )
    except (MaintainError, UnsafePath) as exc:
        say(f"add-article: {exc}", err=True)
        return 1
    say(f"added {target} and its row in {data.registry}", err=True)
    _show_added(data, target)
    return 0


def _show_added(data: DataFolder, target: Path) -> None:
    from rich.console import Console

    from loaders.extract.figures import extract_article

    report = Report()
    article = read_article(target, report, read_registry(data.registry, report))
    if article is not None:
        figures = extract_article(article, _gazetteer(data, Report()))
        _review(article, figures, Console())


def _add_from_url(args: argparse.Namespace, data: DataFolder) -> int:
    """add-article --url: fetch the page (the sources' network rules), keep its main text."""
    from loaders.connect.fetch_one import add_url

    date = None
    if args.date:
        try:
            date = parse_date(args.date)
        except ValueError:
            say(f"add-article: --date {args.date!r} is not a date; write YYYY-MM-DD", err=True)
            return 2
    report = Report()
    status, detail = add_url(
        data, args.url, report, date, args.outlet, args.title, args.language, args.note
    )
    for line in report.lines():
        say(line, err=True)
    if status == "merged":
        say(
            f"add-article: the same story is article {detail}; this outlet was added to it",
            err=True,
        )
        return 0
    if status != "new":
        say(f"add-article: {detail or 'the page is in the folder already'}", err=True)
        return 1
    target = data.article(detail)
    say(f"added {target} and its row in {data.registry}", err=True)
    _show_added(data, target)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from loaders.connect.run import run_sync

    data = _folder(args)
    return run_sync(data, args.source, args.now, args.every, not args.no_digest, say)


def _country_codes(text: str) -> list[str] | None:
    """The ISO codes of the comma-separated countries of `init --countries`; None (with a
    message) when one names no country."""
    from loaders.read.world import World, country_named, not_a_country

    codes: list[str] = []
    world = World.open() if text.strip() else None
    for name in (n.strip() for n in text.split(",")):
        if not name or world is None:
            continue
        found = country_named(world, name)
        if found is None:
            say(f"init: --countries: {not_a_country(world, name)}", err=True)
            return None
        if found.country not in codes:
            codes.append(found.country)
    return codes


def cmd_init(args: argparse.Namespace) -> int:
    from loaders.read.articles import REGISTRY_COLUMNS
    from loaders.read.corrections import COLUMNS as CORRECTION_COLUMNS
    from loaders.read.events import EVENT_COLUMNS
    from loaders.read.folder import init
    from loaders.read.gazetteer import PLACE_COLUMNS

    headers = {
        "registry": REGISTRY_COLUMNS,
        "places": PLACE_COLUMNS,
        "events": EVENT_COLUMNS,
        "corrections": CORRECTION_COLUMNS,
    }
    countries = _country_codes(args.countries or "")
    if countries is None:
        return 2
    try:
        made = init(Path(args.folder), headers, title=args.title or "", countries=countries)
    except FileExistsError as exc:
        say(f"init: {exc}", err=True)
        return 1
    for path in made:
        say(str(path))
    say(
        f"made {args.folder}: add places with `python -m loaders places add NAME --data"
        f" {args.folder}` and articles with `python -m loaders add-article FILE --date"
        f" YYYY-MM-DD --data {args.folder}`; serve it with SITUATION_DATA={args.folder}",
        err=True,
    )
    return 0


def cmd_places_add(args: argparse.Namespace) -> int:
    from loaders.commands.geocoder import MAX_RESULTS
    from loaders.commands.maintain import (
        MaintainError,
        add_place,
        offline_candidates,
        online_candidates,
    )

    data = _folder(args, writes=True)
    try:
        if args.online:
            found, dropped = online_candidates(args.name, domain=args.geocoder, scheme=args.scheme)
            if dropped:
                say(
                    f"places add: {dropped} of the geocoder's answers left out (coordinates off"
                    " Earth, a name or country that is not plain text, or past the first"
                    f" {MAX_RESULTS})",
                    err=True,
                )
        else:
            found = offline_candidates(args.name)
    except MaintainError as exc:
        say(f"places add: {exc}", err=True)
        return 1
    if args.geonames_id:
        found = [c for c in found if c.geonames_id == args.geonames_id]
    if not found:
        where = (
            "the geocoder"
            if args.online
            else "the world gazetteer (Natural Earth countries and regions, GeoNames cities)"
        )
        say(f"places add: {args.name!r} not found in {where}", err=True)
        return 1
    if len(found) > 1 and args.pick is None:
        say(f"{len(found)} places are called {args.name!r}; run again with --pick N:")
        for n, c in enumerate(found, start=1):
            say(f"  {n}. {c.detail} ({c.lat}, {c.lon})")
        return 1
    chosen = (
        found[(args.pick or 1) - 1] if args.pick is None or 1 <= args.pick <= len(found) else None
    )
    if chosen is None:
        say(f"places add: --pick must be between 1 and {len(found)}", err=True)
        return 2
    aliases = [a.strip() for a in (args.aliases or "").split("|") if a.strip()]
    try:
        row = add_place(data, chosen, args.id, aliases, args.kind, args.parent)
    except MaintainError as exc:
        say(f"places add: {exc}", err=True)
        return 1
    within = f" in {row['parent']}" if row.get("parent") else ""
    say(
        f"added {row['id']} ({row['name']}{within}, {row['lat']}, {row['lon']})"
        f" from {row['source']}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per job."""
    p = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Read, validate and normalise the figures of a situation's data folder.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    _reading_commands(sub)
    _output_commands(sub)
    _maintainer_commands(sub)
    return p


Subcommands = argparse._SubParsersAction


def _reading_commands(sub: Subcommands) -> None:
    """validate, extract and build: reading a data folder."""
    v = sub.add_parser("validate", help="check every data file; one line per problem")
    _dir(v)
    v.add_argument(
        "--json",
        action="store_true",
        help="print the problems as a JSON array of records (code, severity, path, line, field,"
        " message)",
    )
    v.set_defaults(func=cmd_validate)
    pt = sub.add_parser("problems", help="the catalogue of problem types: code, severity, meaning")
    pt.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    pt.set_defaults(func=cmd_problems)
    e = sub.add_parser("extract", help="figures read from article files")
    e.add_argument("files", nargs="+", help="article .txt files (need not be in data/)")
    e.add_argument("--json", action="store_true", help="print a JSON array of figure records")
    _data(e)
    e.set_defaults(func=cmd_extract)
    b = sub.add_parser("build", help="write the validated tables (the store, and CSV with --out)")
    _dir(b)
    b.add_argument("--out", help="also write the tables as CSV files in this folder")
    b.add_argument("--store", help="where the store goes (default: DIR/.store)")
    b.add_argument(
        "--workers",
        type=int,
        nargs="?",
        const=0,
        metavar="N",
        help="extract on a local Dask cluster of N processes (no N: one per core)",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on an existing Dask cluster (tcp://HOST:PORT)",
    )
    b.add_argument(
        "--with-parent",
        type=int,
        metavar="PID",
        help="end, leaving the store as it was, when process PID, which started this one, ends"
        " (the dashboard's background builds)",
    )
    b.set_defaults(func=cmd_build)


def _output_commands(sub: Subcommands) -> None:
    """export, estimates, schema and review: what the data say, written or shown."""
    x = sub.add_parser("export", help="the filtered figures as csv, hxl, json or geojson")
    _dir(x)
    x.add_argument("--format", choices=["csv", "hxl", "json", "geojson"], required=True)
    x.add_argument("--start", help="first day, YYYY-MM-DD")
    x.add_argument("--end", help="last day, YYYY-MM-DD")
    x.add_argument("--indicator", help="comma-separated indicators")
    x.add_argument("--place", help="comma-separated place ids")
    x.add_argument("--out", required=True, help="file to write")
    x.set_defaults(func=cmd_export)
    es = sub.add_parser("estimates", help="the overview's headline estimates, or --json")
    _dir(es)
    es.add_argument("--start", help="first day, YYYY-MM-DD (default: the overview's period)")
    es.add_argument("--end", help="last day, YYYY-MM-DD")
    es.add_argument("--place", help="comma-separated place ids")
    es.add_argument("--json", action="store_true", help="a JSON array in screen order")
    es.set_defaults(func=cmd_estimates)
    s = sub.add_parser("schema", help="write the JSON Schemas of the data files")
    s.add_argument("--out", required=True, help="folder to write them to")
    s.set_defaults(func=cmd_schema)
    r = sub.add_parser("review", help="an article with its figures highlighted")
    r.add_argument("article", help="the article's .txt file")
    _data(r)
    r.set_defaults(func=cmd_review)


def _maintainer_commands(sub: Subcommands) -> None:
    """add-article, places, sync and init: changing a data folder."""
    a = sub.add_parser(
        "add-article",
        help="copy an article into the data folder (or fetch it with --url) and register it",
    )
    a.add_argument("file", nargs="?", help="the article's text file; leave out to fetch --url")
    a.add_argument(
        "--date", help="publication date, YYYY-MM-DD (with --url alone: the page's own date)"
    )
    a.add_argument("--outlet", default="")
    a.add_argument(
        "--language", default="", help="en, fr, de, es or ru (default: detected from the text)"
    )
    a.add_argument(
        "--url", default="", help="the article's address; without FILE, its page is fetched"
    )
    a.add_argument("--title", default="")
    a.add_argument("--id", help="article id (default: DATE-OUTLET-FILENAME)")
    a.add_argument("--note", default="")
    _data(a)
    a.set_defaults(func=cmd_add_article)
    pl = sub.add_parser("places", help="the gazetteer")
    plsub = pl.add_subparsers(dest="places_command", required=True)
    pa = plsub.add_parser("add", help="add a place found in GeoNames (or online with --online)")
    pa.add_argument("name")
    pa.add_argument("--id", help="gazetteer id (default: from the name)")
    pa.add_argument("--aliases", help="other names, '|'-separated")
    pa.add_argument(
        "--kind", choices=["city", "town", "village", "checkpoint", "region", "country"]
    )
    pa.add_argument("--pick", type=int, help="which candidate, when several are listed")
    pa.add_argument(
        "--parent", help="the place it lies in: an id or a name (a country, region or city)"
    )
    pa.add_argument("--geonames-id", type=int, help="choose the candidate with this GeoNames id")
    pa.add_argument("--online", action="store_true", help="ask a geocoder (Nominatim's search API)")
    pa.add_argument("--geocoder", default="nominatim.openstreetmap.org", help="geocoder host")
    pa.add_argument("--scheme", default="https", choices=["https", "http"])
    _data(pa)
    pa.set_defaults(func=cmd_places_add)
    sy = sub.add_parser("sync", help="fetch what the sources in sources.yaml published since")
    _dir(sy)
    sy.add_argument("--source", action="append", metavar="NAME", help="only this source (now)")
    sy.add_argument("--now", action="store_true", help="every source now, due or not")
    sy.add_argument("--every", metavar="DURATION", help="keep running: a pass every 15m, 1h...")
    sy.add_argument("--no-digest", action="store_true", help="send no digest after the sync")
    sy.set_defaults(func=cmd_sync)
    i = sub.add_parser("init", help="make a new situation's data folder (layout and boundaries)")
    i.add_argument("folder", help="the folder to make")
    i.add_argument("--title", help="the situation's name, shown on every page (situation.yaml)")
    i.add_argument(
        "--countries",
        metavar="C,...",
        help="the countries the situation is in: ISO codes or names, comma-separated (AF or"
        " Afghanistan); figures placed elsewhere never make its headlines",
    )
    i.set_defaults(func=cmd_init)


FOLDER_HELP = (
    "data folder (default: $SITUATION_DATA, else ./data if it exists; the checkout's own data"
    " is never used unless named)"
)


def _data(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help=FOLDER_HELP)


def _dir(p: argparse.ArgumentParser) -> None:
    """DIR as a positional argument (SPEC section 3) or as --data, the same for every command."""
    p.add_argument("dir", nargs="?", metavar="DIR", help=FOLDER_HELP)
    _data(p)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, UnsafeOutput) as exc:
        say(f"{args.command}: {exc}", err=True)
        return 2
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        say(f"{args.command}: cannot use{where}: {exc.strerror or exc}", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
