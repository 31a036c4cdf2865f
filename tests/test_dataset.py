"""Loading a data folder (loaders/facts/dataset.py): what a maintainer is told about the folder
as a whole."""

from __future__ import annotations

from loaders.facts.dataset import load_dataset
from tests.conftest import loaders_cli

#: Test text written for the defect (not from an article): three dated reports of one crisis
#: and one whose unknown date was written as a placeholder.
ARTICLES = {
    "2023-10-07-first.txt": ("2023-10-07", "Floods displaced 4,500 people in the valley."),
    "2023-10-09-second.txt": ("2023-10-09", "Floods have displaced 6,000 people so far."),
    "2023-10-12-third.txt": ("2023-10-12", "The floods displaced more than 7,200 people."),
    "undated.txt": ("2000-01-01", "About 9,000 people fled the floods, officials said."),
}


def test_an_article_dated_decades_from_the_others_gets_a_problem_line(tmp_path):
    folder = tmp_path / "floods"
    assert loaders_cli("init", folder, "--title", "Valley floods").returncode == 0
    for name, (date, text) in ARTICLES.items():
        (folder / "articles" / name).write_text(f"---\ndate: {date}\n---\n{text}\n", "utf-8")
    data = load_dataset(folder)
    (far,) = [p for p in data.report.problems if p.code == "far-date"]
    assert far.path.endswith("undated.txt") and far.field == "date"
    assert "2000-01-01 is 24 years before" in far.message
    assert "(2023-10-07 to 2023-10-12)" in far.message
    assert len(data.figures) == 4  # nothing is lost: its figure stays, out of the default period
    shown = loaders_cli("estimates", folder, "--json")
    assert '"as_of": "2023-10-12"' in shown.stdout and "2000-01-01" not in shown.stdout


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
