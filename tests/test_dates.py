"""Dates in a sentence resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.extract.dates import find_dates, resolve

SATURDAY = dt.date(2023, 9, 23)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Friday", dt.date(2023, 9, 22)),
        ("Wednesday", dt.date(2023, 9, 20)),
        ("Saturday", SATURDAY),  # the article's own weekday is that day, not a week before
        ("Sunday", dt.date(2023, 9, 17)),
        ("yesterday", dt.date(2023, 9, 22)),
        ("today", SATURDAY),
        ("19 September", dt.date(2023, 9, 19)),
        ("September 19", dt.date(2023, 9, 19)),
        ("Sept. 19, 2023", dt.date(2023, 9, 19)),
        ("2023-09-21", dt.date(2023, 9, 21)),
        ("21.09.2023", dt.date(2023, 9, 21)),
    ],
)
def test_resolve(expression, expected):
    assert resolve(expression, SATURDAY) == expected


def test_year_is_the_one_nearest_the_article():
    assert resolve("30 December", dt.date(2024, 1, 2)) == dt.date(2023, 12, 30)
    assert resolve("2 January", dt.date(2023, 12, 30)) == dt.date(2024, 1, 2)


def test_find_dates_gives_offsets():
    text = "The separatists said on Friday they were negotiating."
    (span,) = find_dates(text, SATURDAY)
    assert text[span.start : span.end] == "Friday"
    assert span.date == dt.date(2023, 9, 22)


def test_no_dates_in_plain_numbers():
    assert find_dates("more than 800 firearms and 24 hours", SATURDAY) == []


@pytest.mark.parametrize(
    ("code", "text", "days_back"),
    [
        ("en", "Last week the agency reported", 7),
        ("en", "as counted two days ago", 2),
        ("en", "the day before yesterday", 2),
        ("fr", "La semaine dernière, l'agence a compté", 7),
        ("fr", "il y a deux jours", 2),
        ("de", "In der vergangenen Woche meldete das Amt", 7),
        ("de", "vor drei Tagen", 3),
        ("es", "La semana pasada la agencia informó", 7),
        ("es", "hace dos días", 2),
        ("ru", "На прошлой неделе агентство сообщило", 7),
        ("ru", "два дня назад", 2),
    ],
)
def test_weeks_and_days_ago_in_every_language(code, text, days_back):
    (span,) = find_dates(text, SATURDAY, code)
    assert span.date == SATURDAY - dt.timedelta(days=days_back)


@pytest.mark.parametrize("code", ["en", "fr", "de", "es", "ru"])
def test_every_language_file_lists_the_twelve_months_in_order(code):
    from loaders.model.languages import language

    assert len(language(code).dates["months"]) == 12


@pytest.mark.parametrize(
    ("code", "expression", "expected"),
    [
        ("de", "15. Sept.", dt.date(2023, 9, 15)),
        ("de", "3. Okt. 2023", dt.date(2023, 10, 3)),
        ("fr", "23 septembre", dt.date(2023, 9, 23)),
        ("es", "26 de agosto", dt.date(2023, 8, 26)),
        ("ru", "24 февраля", dt.date(2024, 2, 24)),  # the nearest year
        ("en", "30 February", None),
    ],
)
def test_written_dates_resolve_from_the_language_file(code, expression, expected):
    assert resolve(expression, SATURDAY, code) == expected
