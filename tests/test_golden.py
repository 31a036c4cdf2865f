"""The two seed articles: exactly the nine figures, and golden files for every field.

Regenerate the golden files only on purpose: `pytest tests/test_golden.py --update-golden`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.extract.figures import extract_article
from loaders.model.problems import Report
from loaders.read.articles import read_article, read_registry
from tests.conftest import DATA

GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted((DATA / "articles").glob("*.txt"))

EXPECTED = {
    "2023-09-23-afp-kornidzor-separatists-negotiate-withdrawal": [
        ("weapons_surrendered", "armoured_vehicles", 6, "exact", False, "six"),
        ("weapons_surrendered", "small_arms", 800, "more_than", False, "more than 800"),
        ("population", None, 120000, "up_to", False, "up to 120,000"),
    ],
    "2023-09-23-separatists-hand-over-weapons-aid-delivered": [
        ("weapons_surrendered", "armoured_vehicles", 6, "exact", False, "six"),
        ("weapons_surrendered", "small_arms", 800, "more_than", False, "more than 800"),
        ("weapons_surrendered", "munitions", 5000, "almost", False, "almost 5,000"),
        ("aid", "tonnage", 50, "exact", False, "50"),
        ("displaced", None, 800, "more_than", False, "more than 800"),
        ("displaced", "children", 400, "more_than", True, "half"),
    ],
}


def _figures(path: Path):
    report = Report()
    article = read_article(path, report, read_registry(DATA / "articles.csv", report))
    assert report.problems == []
    return article, extract_article(article, _gazetteer())


def _gazetteer():
    from loaders.read.gazetteer import read_places
    from loaders.read.routes import read_routes

    report = Report()
    gaz = read_places(DATA / "places.csv", report)
    read_routes(DATA / "routes.geojson", report, gaz)
    return gaz


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_gives_exactly_its_figures(path):
    article, figures = _figures(path)
    got = [
        (f.indicator, f.subtype, f.value, f.qualifier, f.derived, article.body[f.start : f.end])
        for f in figures
    ]
    assert got == EXPECTED[path.stem]
    assert all(f.quote and f.quote in article.body for f in figures)
    assert all(str(f.as_of) == "2023-09-23" for f in figures)


def test_population_is_placed_in_nagorno_karabakh():
    _, figures = _figures(SEEDS[0])
    (population,) = [f for f in figures if f.indicator == "population"]
    assert population.place == "nagorno_karabakh"


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_golden(path, request):
    _, figures = _figures(path)
    data = [f.model_dump(mode="json") for f in figures]
    golden = GOLDEN / f"{path.stem}.json"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), "no golden file: run pytest with --update-golden once, then review it"
    assert data == json.loads(golden.read_text(encoding="utf-8"))
