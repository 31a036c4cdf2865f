"""Sentences keep their offsets; abbreviations and decimals do not end them; lines always do."""

from __future__ import annotations

from loaders.extract.sentences import split_sentences


def test_offsets_point_into_the_body():
    body = "First one. Second one!\nThird line"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third line"]
    assert all(body[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1]


def test_abbreviations_and_decimals_do_not_split():
    body = "Mr. Smith said $11.5 million arrived on Sept. 28 in the U.S. capital. Then more."
    assert [s.text for s in split_sentences(body)] == [
        "Mr. Smith said $11.5 million arrived on Sept. 28 in the U.S. capital.",
        "Then more.",
    ]


def test_quotes_close_the_sentence():
    body = "The situation was “horrible”. Food was scarce."
    assert [s.text for s in split_sentences(body)] == [
        "The situation was “horrible”.",
        "Food was scarce.",
    ]
