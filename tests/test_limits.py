"""Limits: oversized inputs are refused with the limit named and the rest loads; loading stays
linear in the input."""

from __future__ import annotations

import time

import pytest

from loaders.extract.figures import extract_article
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read import articles as articles_module
from loaders.read import tables as tables_module
from loaders.read.articles import MAX_ARTICLE_BYTES, read_article
from tests.conftest import ROOT, article

PARAGRAPH = (
    "YEREVAN - More than 84,700 refugees had arrived in Armenia by Friday, officials said. "
    "At least 200 people were killed and more than 400 injured. Moscow said six armoured vehicles"
    " and 800 rifles were handed over. The ICRC delivered 70 tonnes of humanitarian aid.\n"
)


def test_article_over_the_limit_is_refused_and_the_rest_loads(data_copy):
    big = data_copy / "articles" / "huge.txt"
    big.write_bytes(b" date 2023-09-30 " + b"a" * MAX_ARTICLE_BYTES)
    data = load_dataset(data_copy)
    (problem,) = data.report.problems
    assert (problem.type, problem.path) == ("too-large", str(big))
    assert f"{MAX_ARTICLE_BYTES:,}" in problem.message
    assert (data.figures["method"] == "extracted").sum() == 9


def test_one_megabyte_line_loads(tmp_path, gazetteer):
    path = tmp_path / "line.txt"
    line = (PARAGRAPH.replace("\n", " ") * 4000)[:1_000_000]
    path.write_text(" date 2023-09-30 " + line, encoding="utf-8")
    report = Report()
    art = read_article(path, report)
    assert report.problems == [] and len(art.body) == 1_000_000
    figures = extract_article(art, gazetteer)
    assert len(figures) > 1000


def test_table_over_the_row_limit_is_refused(data_copy, monkeypatch):
    monkeypatch.setattr(tables_module, "MAX_TABLE_ROWS", 10)
    data = load_dataset(data_copy)
    problems = data.report.problems
    assert problems and {p.type for p in problems} == {"too-large"}
    assert all("over the limit of 10" in p.message for p in problems)
    assert data.figures["method"].eq("curated").sum() == 0  # every table was over the limit
    assert (data.figures["method"] == "extracted").sum() == 9  # the articles still load


#: A tenfold input may take at most this many times as long (linear is 10, quadratic 100).
LINEAR_BOUND = 25


def _best_of(fn, repeat=3, under=0.0):
    """The shortest of `repeat` timed runs of `fn`; with `under`, it stops at the first run
    shorter than that: the shortest of all would be too, so the later runs cannot change
    whether the best is under the bound, only cost time (a large input's run is the longest
    part of these tests)."""
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if times[-1] < under:
            break
    return min(times)


def _linear(small, large) -> tuple[float, float]:
    """The best times of `small` and of `large` (ten times its size) out of three runs each,
    for `t_large / t_small < LINEAR_BOUND`."""
    t_small = _best_of(small)
    return t_small, _best_of(large, under=LINEAR_BOUND * t_small)


@pytest.mark.parametrize("size", [200])
def test_extraction_time_is_linear(gazetteer, size):
    small = article(PARAGRAPH * size)
    large = article(PARAGRAPH * size * 10)
    t_small, t_large = _linear(
        lambda: extract_article(small, gazetteer), lambda: extract_article(large, gazetteer)
    )
    assert t_large / t_small < LINEAR_BOUND, (t_small, t_large)


def test_table_load_time_is_linear(tmp_path, gazetteer):
    row = "2023-09-28,displaced,,{n},,people,exact,Armenia,,Outlet,https://example.org/{n},\n"
    header = (
        "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,"
        "source_outlet,source_url,published\n"
    )
    for name, rows in (("small", 5_000), ("large", 50_000)):
        (tmp_path / f"{name}.csv").write_text(
            header + "".join(row.format(n=n) for n in range(rows))
        )
    t_small, t_large = _linear(
        lambda: tables_module.read_table(tmp_path / "small.csv", gazetteer, Report()),
        lambda: tables_module.read_table(tmp_path / "large.csv", gazetteer, Report()),
    )
    assert t_large / t_small < LINEAR_BOUND, (t_small, t_large)


def test_limits_are_documented():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{articles_module.MAX_ARTICLE_BYTES:,}" in text
    assert f"{tables_module.MAX_TABLE_ROWS:,}" in text


# One long sentence (no full stop): extraction must stay linear in its length too. Each fixture
# is named after the input that once took cubic time (a 10 KB listing took 34 s).
def _listing(size: int) -> str:
    places = ["Goris", "Stepanakert", "Yerevan", "Vayk", "Kornidzor", "Lachin", "Sisian"]
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"{places[n % len(places)]} {1000 + n * 7:,} refugees")
        n += 1
    return "Arrivals were recorded in " + ", ".join(parts) + "."


@pytest.fixture
def sentence_listing_places_and_numbers():
    return _listing


@pytest.fixture
def sentence_of_digits_separated_by_spaces():
    return lambda size: "1 " * (size // 2)


@pytest.fixture
def sentence_of_digits_joined_by_hyphens():
    return lambda size: "1-" * (size // 2)


@pytest.fixture
def sentence_listing_counts_in_places_the_gazetteer_lacks():
    """Each count's place looked for a place the gazetteer lacks over the whole sentence."""

    def make(size: int) -> str:
        items, n = [], 0
        while sum(map(len, items)) < size:
            items.append(f"{1000 + n * 7:,} people were killed in Foo Bar")
            n += 1
        return "In Zimbaue " + ", ".join(items) + "."

    return make


@pytest.mark.parametrize(
    "make",
    [
        "sentence_listing_places_and_numbers",
        "sentence_of_digits_separated_by_spaces",
        "sentence_of_digits_joined_by_hyphens",
        "sentence_listing_counts_in_places_the_gazetteer_lacks",
    ],
)
def test_extraction_time_is_linear_in_a_sentence(gazetteer, make, request):
    build = request.getfixturevalue(make)
    small, large = article(build(4_000)), article(build(40_000))
    extract_article(small, gazetteer)  # warm the caches
    found: list = []

    def read_large() -> None:
        found[:] = extract_article(large, gazetteer)  # kept: the count is checked below

    t_small, t_large = _linear(lambda: extract_article(small, gazetteer), read_large)
    assert t_large / t_small < LINEAR_BOUND, (t_small, t_large)
    assert len(found) >= (1000 if "listing" in make else 0)
