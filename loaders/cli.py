"""The command line of SPEC section 3: validate, extract, build."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.articles import read_article, read_registry
from loaders.dataset import load_dataset
from loaders.extract import extract_article
from loaders.gazetteer import Gazetteer, read_places, read_routes
from loaders.output import write_csv
from loaders.problems import Report

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def _default_dir() -> Path:
    return Path("data") if Path("data").is_dir() else DEFAULT_DATA


def cmd_validate(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dir or _default_dir())
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
    dataset = load_dataset(args.dir or _default_dir())
    out = Path(args.out)
    write_csv(dataset.figures, out / "figures.csv")
    write_csv(dataset.facts, out / "facts.csv")
    write_csv(dataset.places, out / "places.csv")
    write_csv(dataset.sources, out / "sources.csv")
    write_csv(dataset.events, out / "events.csv")
    problems = [p.model_dump(mode="json") for p in dataset.report.problems]
    import pandas as pd

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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
