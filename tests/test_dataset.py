"""Loading a data folder (loaders/facts/dataset.py): what a maintainer is told about the folder
as a whole."""

from __future__ import annotations

import datetime as dt

from loaders.facts.dataset import load_dataset
from loaders.facts.parts import ArticleJob, read_and_extract
from loaders.read.gazetteer import Gazetteer
from tests.conftest import loaders_cli

#: Test text written for the defect (not from an article): three dated reports of one crisis
#: and one dated with a wrong year (a placeholder day is an error of its own: placeholder-date).
ARTICLES = {
    "2023-10-07-first.txt": ("2023-10-07", "Floods displaced 4,500 people in the valley."),
    "2023-10-09-second.txt": ("2023-10-09", "Floods have displaced 6,000 people so far."),
    "2023-10-12-third.txt": ("2023-10-12", "The floods displaced more than 7,200 people."),
    "undated.txt": ("2001-10-09", "About 9,000 people fled the floods, officials said."),
}


def test_an_article_dated_decades_from_the_others_gets_a_problem_line(tmp_path):
    folder = tmp_path / "floods"
    assert loaders_cli("init", folder, "--title", "Valley floods").returncode == 0
    for name, (date, text) in ARTICLES.items():
        (folder / "articles" / name).write_text(f"---\ndate: {date}\n---\n{text}\n", "utf-8")
    data = load_dataset(folder)
    (far,) = [p for p in data.report.problems if p.code == "far-date"]
    assert far.path.endswith("undated.txt") and far.field == "date"
    assert "2001-10-09 is 22 years before" in far.message
    assert "(2023-10-07 to 2023-10-12)" in far.message
    assert len(data.figures) == 4  # nothing is lost: its figure stays, out of the default period
    shown = loaders_cli("estimates", folder, "--json")
    assert '"as_of": "2023-10-12"' in shown.stdout and "2001-10-09" not in shown.stdout


def test_an_article_without_a_title_is_listed_by_its_first_line(tmp_path):
    """Defect: an untitled article was listed by its file id on the Sources page. Test text
    written for it (not from an article): a long first sentence, and a short first line."""
    folder = tmp_path / "untitled"
    assert loaders_cli("init", folder).returncode == 0
    long_lede = (
        "According to the provincial disaster agency, heavy rains that began on Monday night"
        " have displaced 3,200 people across the valley. Roads remain closed."
    )
    (folder / "articles" / "2023-10-07-x1.txt").write_text(
        f"---\ndate: 2023-10-07\n---\n{long_lede}\n", "utf-8"
    )
    (folder / "articles" / "2023-10-08-x2.txt").write_text(
        "---\ndate: 2023-10-08\n---\nFloods: 4,000 displaced\n\nThe toll rose.\n", "utf-8"
    )
    (folder / "articles" / "2023-10-09-x3.txt").write_text(
        "---\ndate: 2023-10-09\ntitle: Given title\n---\nFloods displaced 5,000 people.\n", "utf-8"
    )
    titles = dict(zip(*[load_dataset(folder).sources[c] for c in ("id", "title")], strict=True))
    assert titles["2023-10-08-x2"] == "Floods: 4,000 displaced"
    assert titles["2023-10-09-x3"] == "Given title"
    long_title = titles["2023-10-07-x1"]
    assert long_title.startswith("According to the provincial disaster agency, heavy rains")
    assert long_title.endswith("…") and len(long_title) <= 90


#: Test text written for the defect: an IOM-style report whose unknown date the corpus tool
#: wrote as 2000-01-01, and the same report with its real date.
REPORT = (
    "The situation deteriorated further in June 2018 when a military offensive began. "
    "Some 336,000 people have been displaced. In 2016, floods killed 300 people in the area."
)


def test_an_article_dated_years_before_the_dates_its_text_writes_is_left_out_until_dated(
    tmp_path,
):
    """Defect: an article whose unknown date was written as 2000-01-01 was read against that
    day: every headline was 'as of 2000-01-01', and a year its text names ('In 2016, floods
    killed 300') was after the article, so that old toll was no background and headlined. Such
    an article is an error naming its file and the dates its text writes; dated, it loads."""
    folder = tmp_path / "offensive"
    assert loaders_cli("init", folder, "--title", "Offensive").returncode == 0
    path = folder / "articles" / "report.txt"
    path.write_text(f"---\ndate: 2000-01-01\n---\n{REPORT}\n", "utf-8")
    (folder / "articles" / "count.txt").write_text(  # one number like a year: not a date
        "---\ndate: 2023-10-07\n---\nThe floods displaced 2026 people.\n", "utf-8"
    )
    data = load_dataset(folder)
    (wrong,) = [p for p in data.report.problems if p.code == "date-before-text"]
    assert wrong.severity == "error" and wrong.path.endswith("report.txt")
    assert "dated 2000-01-01, years before every date its text writes out" in wrong.message
    assert "(2016-01-01 to 2018-06-01)" in wrong.message
    assert set(data.figures["source"]) == {"count"}
    path.write_text(f"---\ndate: 2018-08-07\n---\n{REPORT}\n", "utf-8")
    data = load_dataset(folder)
    assert not [p for p in data.report.problems if p.code == "date-before-text"]
    report = data.figures[data.figures["source"] == "report"].set_index("value")
    assert bool(report.at[300.0, "background"]) and not bool(report.at[336_000.0, "background"])


def test_undated_article_naming_no_year_is_left_out_with_a_placeholder_date_error(tmp_path):
    """Defect: an article whose unknown date a tool wrote as 2000-01-01, and whose text names
    no year (so no date-before-text error), loaded as of 2000-01-01: its figures stood on the
    timeline on that day. It is an error naming its file, its date field and what would be
    right, and gives no figure; a real 1 January 2000 its text confirms still loads."""
    text = "Floods on Saturday killed 41 people and displaced 2,300 in the valley.\n"
    path = tmp_path / "undated.txt"

    def read(body: str):
        path.write_text(f"---\ndate: 2000-01-01\n---\n{body}", "utf-8")
        job = ArticleJob(path, "articles/undated.txt", None, tmp_path, dt.date(2024, 1, 1))
        return read_and_extract(job, Gazetteer())

    part = read(text)
    (wrong,) = part.problems
    assert (wrong.code, wrong.severity, wrong.path, wrong.field) == (
        "placeholder-date",
        "error",
        "articles/undated.txt",
        "date",
    )
    assert "dated 2000-01-01" in wrong.message and "give the article's real date" in wrong.message
    assert part.article is None and not part.rows
    part = read(f"On 1 January 2000, {text}")
    assert not part.problems and {r["value"] for r in part.rows} == {41, 2300}
