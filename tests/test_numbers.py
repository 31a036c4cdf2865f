"""Numbers in text: digits, scales, number words, with exact offsets; vague amounts are not."""

from __future__ import annotations

import pytest

from loaders.extract.numbers import find_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 800 firearms", [("800", 800)]),
        ("up to 120,000 people", [("120,000", 120_000)]),
        ("$11.5 million in aid", [("11.5 million", 11_500_000)]),
        ("EUR 5m", [("5m", 5_000_000)]),
        ("$2bn", [("2bn", 2_000_000_000)]),
        ("57.6 mln rounds", [("57.6 mln", 57_600_000)]),
        ("100 000 people", [("100 000", 100_000)]),
        ("100\u202f000 people", [("100\u202f000", 100_000)]),
        ("six armoured vehicles", [("six", 6)]),
        ("twenty-five killed", [("twenty-five", 25)]),
        ("one hundred and twenty thousand people", [("one hundred and twenty thousand", 120_000)]),
        ("two dozen trucks", [("two dozen", 24)]),
        ("a dozen trucks", [("a dozen", 12)]),
        ("half a million people", [("half a million", 500_000)]),
        ("a million people", [("a million", 1_000_000)]),
        ("three days and three nights", [("three", 3), ("three", 3)]),
    ],
)
def test_values_and_offsets(text, expected):
    found = find_numbers(text)
    assert [(text[n.start : n.end], n.value) for n in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "dozens of people",
        "thousands of refugees",
        "tens of thousands",
        "hundreds of families",
        "a nine-month blockade",
        "COVID-19",
        "27.09.2023",
        "at 10:30",
        "the 27th",
        "a first round",
        "millions",
    ],
)
def test_not_numbers(text):
    assert find_numbers(text) == []
