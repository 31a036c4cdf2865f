"""The Review page's builders: the queue by article newest first with its filters, the count of
what is left, and a sentence with the right number highlighted and its text escaped."""

from __future__ import annotations

import pandas as pd

from dashboard.review_queue import QueueFilters, left, queue, sentence_markdown


def figures() -> pd.DataFrame:
    rows = [
        ("a1", "old", "extracted", "displaced", "unreviewed", 5),
        ("a2", "old", "extracted", "casualties", "accepted", 1),
        ("b1", "new", "extracted", "displaced", "unreviewed", 30),
        ("b2", "new", "extracted", "displaced", "unreviewed", 2),
        ("t1", "table", "curated", "displaced", "accepted", None),
    ]
    columns = ["id", "source", "method", "indicator", "review", "start"]
    return pd.DataFrame(rows, columns=columns)


SOURCES = pd.DataFrame(
    {"id": ["old", "new", "table"], "date": ["2023-09-20", "2023-09-25", None], "title": "t"}
)


def test_newest_article_first_then_reading_order():
    rows = queue(figures(), pd.DataFrame(), SOURCES, QueueFilters())
    assert rows["id"].tolist() == ["b2", "b1", "a1"]  # curated rows are not in the queue


def test_filters_by_article_indicator_and_state():
    rows = queue(figures(), pd.DataFrame(), SOURCES, QueueFilters("old", (), ("accepted",)))
    assert rows["id"].tolist() == ["a2"]
    rows = queue(figures(), pd.DataFrame(), SOURCES, QueueFilters("", ("casualties",), ()))
    assert rows["id"].tolist() == ["a2"]


def test_left_counts_extracted_figures_nobody_reviewed():
    assert left(figures()) == (3, 4)


def test_the_number_at_its_own_offsets_is_highlighted():
    body = "Intro. Of 800 people, 800 fled *quickly*.\nNext."
    quote = "Of 800 people, 800 fled *quickly*."
    start = body.index("800 fled")
    text = sentence_markdown(quote, body, start, start + 3)
    assert text.count(":orange-background[") == 1
    assert text.startswith("Of 800 people\\, :orange-background[**800**]")
    assert "\\*quickly\\*" in text  # Markdown in the article shows as typed
