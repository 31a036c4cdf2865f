"""Article text is shown literally: escaped Markdown, marked figure spans."""

from __future__ import annotations

import string

from dashboard.text import Segment, escape_markdown, paragraph_markdown, paragraphs


def test_every_ascii_punctuation_is_escaped():
    text = "<script>alert(1)</script> [link](http://x) ![i](y) :red[z] $x$ **b** # h"
    escaped = escape_markdown(text)
    plain = escaped.replace("\u2060", "")
    for i, char in enumerate(plain):
        if char in string.punctuation and char != "\\":
            assert plain[i - 1] == "\\", plain[: i + 1]
    # Escaping adds backslashes and joiners only: every character the reader typed is still there.
    assert plain.replace("\\", "") == text.replace("\\", "")
    assert plain.count("\\") == sum(c in string.punctuation for c in text)


def test_addresses_are_not_left_for_autolinking():
    escaped = escape_markdown("see http://x.org, www.y.org and a@b.org")
    assert "://" not in escaped and "www\\." not in escaped and "\\@b" not in escaped
    assert (
        escaped.replace("\u2060", "").replace("\\", "") == "see http://x.org, www.y.org and a@b.org"
    )


def test_every_one_of_the_32_punctuation_characters_is_escaped():
    """Not only those of a sample: '_', '~', '`' and '|' make emphasis, strike-through, code and
    tables; a missed one would turn a figure's quote into formatting."""
    for char in string.punctuation:
        escaped = escape_markdown(f"a{char}b").replace("\u2060", "")
        assert escaped == f"a\\{char}b", char


def test_control_characters_are_dropped():
    assert escape_markdown("a\x00b\x1bc\td") == "abc d"
    assert escape_markdown("a\x85b\x9b[2Jc") == "ab\\[2Jc"  # C1 controls: NEL, CSI


def test_invisible_direction_and_width_characters_are_dropped():
    """A right-to-left override or a zero-width space would make what is read differ from what
    is shown ("3 killed" shown as "dellik 3"; a hidden break inside a number)."""
    hidden = "3\u202e killed\u200b, 1\u2066 200\ufeff"
    assert escape_markdown(hidden) == "3 killed\\, 1 200"


def test_paragraphs_split_at_figures():
    body = "First line.\n\nSix tanks and more than 800 rifles."
    spans = [(13, 16), (27, 40)]
    assert body[13:16] == "Six" and body[27:40] == "more than 800"
    assert paragraphs(body, spans) == [
        [Segment("First line.")],
        [
            Segment("Six", 1),
            Segment(" tanks and "),
            Segment("more than 800", 2),
            Segment(" rifles."),
        ],
    ]


def test_paragraph_markdown_marks_and_numbers():
    md = paragraph_markdown([Segment("up to 120,000", 3), Segment(" people.")])
    assert md == ":orange-background[**up to 120\\,000**⁽³⁾] people\\."
