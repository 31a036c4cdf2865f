"""Reading articles: the three date sources, the body and its offsets, and the broken cases."""

from __future__ import annotations

import datetime as dt
import shutil

from loaders.model.problems import Report
from loaders.read.articles import find_dateline, read_article, read_articles, read_registry
from tests.conftest import DATA, FIXTURES

SEED_AFP = DATA / "articles" / "2023-09-23-afp-kornidzor-separatists-negotiate-withdrawal.txt"
SEED_OTHER = DATA / "articles" / "2023-09-23-separatists-hand-over-weapons-aid-delivered.txt"


def test_seed_header_gives_the_date_and_the_body_follows_on_the_same_line():
    report = Report()
    art = read_article(SEED_AFP, report)
    assert report.problems == []
    assert (art.date, art.date_source) == (dt.date(2023, 9, 23), "header")
    assert art.body.startswith("KORNIDZOR, Armenia - Nagorno-Karabakh separatists")
    raw = SEED_AFP.read_text(encoding="utf-8")
    assert raw[art.body_offset :] == art.body


def test_registry_gives_the_date_of_the_second_seed():
    report = Report()
    registry = read_registry(DATA / "articles.csv", report)
    art = read_article(SEED_OTHER, report, registry)
    assert report.problems == []
    assert (art.date, art.date_source) == (dt.date(2023, 9, 23), "registry")
    assert "inferred" in art.note
    assert art.body == SEED_OTHER.read_text(encoding="utf-8")


def test_front_matter_gives_date_and_metadata():
    report = Report()
    art = read_article(FIXTURES / "articles" / "front_matter.txt", report)
    assert report.problems == []
    assert (art.date, art.date_source, art.outlet, art.title) == (
        dt.date(2023, 9, 30),
        "front_matter",
        "Test wire",
        "A test article",
    )
    assert art.body.startswith("GORIS, Armenia")


def test_article_without_date_is_an_error_naming_the_file():
    report = Report()
    path = FIXTURES / "articles" / "no_date.txt"
    assert read_article(path, report) is None
    (problem,) = report.problems
    assert (problem.path, problem.line, problem.field, problem.type) == (
        str(path),
        1,
        "date",
        "no-date",
    )
    assert "articles.csv" in problem.message and "date:" in problem.message


def test_article_not_utf8_names_the_line_and_byte():
    report = Report()
    path = FIXTURES / "articles" / "not_utf8.txt"
    assert read_article(path, report) is None
    (problem,) = report.problems
    assert (problem.line, problem.type) == (1, "not-utf8")
    assert "0xe9" in problem.message and "UTF-8" in problem.message


def test_empty_article_is_an_error():
    report = Report()
    assert read_article(FIXTURES / "articles" / "empty.txt", report) is None
    assert [p.type for p in report.problems] == ["empty-article"]


def test_registry_row_for_a_missing_file_and_the_rest_loads(tmp_path):
    folder = tmp_path / "data"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(FIXTURES / "articles" / "articles.csv", folder / "articles.csv")
    for name in ("registry_date.txt", "front_matter.txt"):
        shutil.copy(FIXTURES / "articles" / name, folder / "articles" / name)
    report = Report()
    articles = read_articles(folder, report)
    assert sorted(a.id for a in articles) == ["front_matter", "registry_date"]
    (problem,) = report.problems
    assert (problem.line, problem.field, problem.type) == (3, "id", "missing-file")
    assert "articles/missing_file.txt" in problem.message


def test_dateline():
    line = find_dateline("YEREVAN, Sept 29 (Reuters) - More than 84,700 people")
    assert line.name == "Yerevan"
    assert find_dateline("KORNIDZOR, Armenia - Nagorno").name == "Kornidzor"
    assert find_dateline("Negotiations between Armenian separatists") is None
    assert find_dateline("YEREVAN, September 26. /TASS/. An earlier statement").name == "Yerevan"
    assert find_dateline("He said the ratio was 3/4/. Then") is None
