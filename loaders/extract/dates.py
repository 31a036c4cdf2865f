"""Dates named in a sentence ("on Friday", "yesterday", "27 September", "Sept. 28, 2023", "le 23
septembre", "am 15. März", "26 de abril", "24 февраля"), resolved against the article's date.

Spans are found with the month, weekday and relative-day words of the language file; the words are
resolved by `dateparser` in that language relative to the article's date, with two corrections wire
copy needs: a weekday that is the article's own weekday means that day (not a week earlier), and a
day and month with no year take the year that puts them nearest the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import dateparser

from loaders.model.languages import language


@dataclass(frozen=True)
class DateSpan:
    """A date named in text (end exclusive) and the day it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" if words else "(?!)"


@cache
def _date_pattern(code: str) -> re.Pattern[str]:
    d = language(code).dates
    month = _alt(d["months"]) + r"\.?"
    of = _alt(d.get("day_month_joins", [])) if d.get("day_month_joins") else "(?!)"
    return re.compile(
        r"(?<!\w)(?:(?P<iso>\d{4}-\d{2}-\d{2}\b)"
        rf"|(?P<dmy>\d{{1,2}}(?:st|nd|rd|th|er|\.)?(?:\s+{of})?\s+{month}(?:,?\s+\d{{4}})?(?!\w))"
        rf"|(?P<mdy>{month}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?![\w]))"
        r"|(?P<num>\d{1,2}[./]\d{1,2}[./]\d{4}\b)"
        rf"|(?P<weekday>{_alt(d['weekdays'])}(?!\w))"
        rf"|(?P<rel>{_alt(list(d['relative']))}(?!\w)))",
        re.I,
    )


@lru_cache(maxsize=8192)
def resolve(expression: str, base: dt.date, code: str = "en") -> dt.date | None:
    """The day `expression` refers to in an article dated `base`, or None."""
    d = language(code).dates
    text = re.sub(r"\s+", " ", expression.strip().lower())
    weekdays = [w.lower() for w in d["weekdays"]]
    for index, pattern in enumerate(weekdays):
        if re.fullmatch(pattern, text):
            back = (base.weekday() - index % 7) % 7
            return base - dt.timedelta(days=back)
    for pattern, days_back in d["relative"].items():
        if re.fullmatch(pattern, text, re.I):
            return base - dt.timedelta(days=int(days_back))
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    parsed = dateparser.parse(expression, languages=[language(code).code], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if not re.search(r"\d{4}", expression):
        options = []
        for year in (base.year - 1, base.year, base.year + 1):
            try:
                options.append(day.replace(year=year))
            except ValueError:
                continue
        day = min(options, key=lambda d: abs((d - base).days))
    return day


def find_dates(text: str, base: dt.date, code: str = "en") -> list[DateSpan]:
    """Every date expression in `text` (in the language `code`) that resolves against `base`."""
    spans = []
    for m in _date_pattern(code).finditer(text):
        day = resolve(m.group(0), base, code)
        if day is not None:
            spans.append(DateSpan(m.start(), m.end(), m.group(0), day))
    return spans
