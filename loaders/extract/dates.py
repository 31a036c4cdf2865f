"""Dates named in a sentence ("on Friday", "yesterday", "27 September", "Sept. 28, 2023"), resolved
against the article's date.

Spans are found here; the words are resolved by `dateparser` relative to the article's date, with
two corrections wire copy needs: a weekday that is the article's own weekday means that day (not a
week earlier), and a day and month with no year take the year that puts them nearest the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_RE = re.compile(
    r"\b(?:(?P<iso>\d{4}-\d{2}-\d{2}\b)"
    r"|(?P<dmy>\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+\d{4})?(?![\w]))"
    r"|(?P<mdy>" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?![\w]))"
    r"|(?P<num>\d{1,2}[./]\d{1,2}[./]\d{4}\b)"
    r"|(?P<weekday>(?:%s)\b)"
    % "|".join(_WEEKDAYS)
    + r"|(?P<rel>(?:yesterday|today|tonight|last\s+night"
    r"|this\s+(?:morning|afternoon|evening))\b))",
    re.I,
)


@dataclass(frozen=True)
class DateSpan:
    """A date named in text (end exclusive) and the day it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date


@lru_cache(maxsize=8192)
def resolve(expression: str, base: dt.date) -> dt.date | None:
    """The day `expression` refers to in an article dated `base`, or None."""
    text = re.sub(r"\s+", " ", expression.strip().lower())
    if text in _WEEKDAYS:
        back = (base.weekday() - _WEEKDAYS.index(text)) % 7
        return base - dt.timedelta(days=back)
    if text in ("yesterday", "last night"):
        return base - dt.timedelta(days=1)
    if text in ("today", "tonight") or text.startswith("this "):
        return base
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
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


def find_dates(text: str, base: dt.date) -> list[DateSpan]:
    """Every date expression in `text` that resolves against `base`."""
    spans = []
    for m in _DATE_RE.finditer(text):
        day = resolve(m.group(0), base)
        if day is not None:
            spans.append(DateSpan(m.start(), m.end(), m.group(0), day))
    return spans
