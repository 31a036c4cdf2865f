"""Characters that lie, read as a user would meet them: a right-to-left override that turns
3 into 300 on screen, one letter written two ways (NFC and NFD), look-alike and zero-width
letters in names and outlets, a byte-order mark, UTF-16 and ';'-separated files, a file name
with no Latin letter."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata

import pandas as pd

from dashboard.text import escape_markdown
from loaders.commands.cli import printable
from loaders.extract.figures import extract_article
from loaders.facts.consolidate import consolidate
from loaders.facts.estimates import independence_key
from loaders.model.problems import Report
from loaders.read.articles import read_article, read_articles
from loaders.read.gazetteer import read_places
from loaders.read.tables import read_table
from tests.conftest import FIXTURES
from tests.conftest import loaders_cli as run

TEXT = FIXTURES / "hostile" / "text"
TODAY = dt.date(2024, 1, 1)


def test_right_to_left_override_made_3_killed_read_as_300(gazetteer):
    """'3', U+202E, '00': the extractor read 3 while a browser drew 300. The override is
    removed when the file is read, so what is extracted is what is drawn; the terminal shows
    any such character as '?'."""
    report = Report()
    article = read_article(TEXT / "rlo_three_killed.txt", report, today=TODAY)
    assert article is not None and "\u202e" not in article.body
    (figure,) = [f for f in extract_article(article, gazetteer) if f.subtype == "killed"]
    shown = escape_markdown(article.body[figure.start : figure.end])
    assert figure.value == 300 and "300" in shown
    assert escape_markdown("3\u202e00") == "300"
    assert printable("3\u202e00 killed") == "3?00 killed"


def test_bom_before_the_front_matter_left_the_article_undated():
    report = Report()
    article = read_article(TEXT / "bom_front_matter.txt", report, today=TODAY)
    assert report.problems == []
    assert article is not None and article.date == dt.date(2023, 9, 28)
    assert article.date_source == "front_matter" and article.body.startswith("GORIS")


def test_nfd_place_name_in_a_table_was_dropped_as_an_unknown_place(gazetteer):
    report = Report()
    figures = read_table(TEXT / "nfd_place.csv", gazetteer, report, TODAY)
    assert report.problems == []
    assert figures["place"].tolist() == ["lachin"]


def test_nfd_file_name_did_not_find_its_registry_row(tmp_path):
    """macOS saves 'laçın.txt' decomposed; the registry row says it composed."""
    folder = tmp_path / "data"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles.csv").write_text("id,date\n2023-09-28-laçın,2023-09-28\n", "utf-8")
    name = unicodedata.normalize("NFD", "2023-09-28-laçın.txt")
    shutil.copy(TEXT / "bom_front_matter.txt", folder / "articles" / name)
    report = Report()
    (article,) = read_articles(folder, report, TODAY)
    assert report.problems == []
    assert article.date == dt.date(2023, 9, 28) and article.id == "2023-09-28-laçın"


def test_look_alike_and_zero_width_letters_made_three_goris():
    """A Cyrillic 'о' and a zero-width space make names that look like 'Goris' and compared
    apart; they fold to one name, reported, and every spelling finds the one place."""
    report = Report()
    gazetteer = read_places(TEXT / "look_alike_places.csv", report)
    clashes = [p for p in report.problems if p.type == "ambiguous-alias"]
    assert [p.line for p in clashes] == [3, 4]
    assert all("goris" in p.message for p in clashes)
    assert {gazetteer.lookup(n).id for n in ("Goris", "G\u043eris", "Go\u200bris")} == {"goris"}


def test_one_outlet_spelt_three_ways_counted_as_three_sources(gazetteer):
    """'Reuters', 'Reutеrs' (Cyrillic е) and 'Reu\u200bters' are one outlet: with Azatutyun,
    two sources, not four."""
    report = Report()
    figures = read_table(TEXT / "outlet_spellings.csv", gazetteer, report, TODAY)
    assert report.problems == [] and len(figures) == 4
    (fact,) = consolidate(figures).itertuples()
    assert fact.n_sources == 2
    assert len({independence_key(o) for o in figures["source_outlet"]}) == 2


def test_utf16_file_was_called_maybe_windows_1252(gazetteer):
    report = Report()
    read_table(TEXT / "utf16.csv", gazetteer, report, TODAY)
    (problem,) = report.problems
    assert problem.type == "utf16" and "UTF-16" in problem.message
    assert "Windows-1252" not in problem.message


def test_semicolon_csv_got_missing_column_lines_that_never_mention_semicolons(gazetteer):
    report = Report()
    read_table(TEXT / "semicolons.csv", gazetteer, report, TODAY)
    (problem,) = report.problems
    assert problem.type == "semicolon-separated" and "';'" in problem.message


def test_non_latin_file_name_got_the_id_article(data_copy):
    source = TEXT / "беженцы.txt"
    first = run("add-article", source, "--date", "2023-09-28", "--data", data_copy)
    assert first.returncode == 0, first.stderr
    registry = pd.read_csv(data_copy / "articles.csv", keep_default_na=False)
    new_id = registry["id"].iloc[-1]
    assert new_id.startswith("2023-09-28-article-") and len(new_id) > len("2023-09-28-article-")
    assert (data_copy / "articles" / f"{new_id}.txt").read_bytes() == source.read_bytes()
