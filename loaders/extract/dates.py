"""Dates named in a sentence ("on Friday", "yesterday", "27 September", "Sept. 28, 2023", "le 23
septembre", "am 15. März", "26 de abril", "24 февраля"), resolved against the article's date.

Spans are found with the month, weekday and relative-day words of the language file and resolved
from the same file (its twelve month patterns in calendar order, weekdays from Monday, relative
days), relative to the article's date, with the two rules wire copy needs: a weekday that is the
article's own weekday means that day (not a week earlier), and a day and month with no year take
the year that puts them nearest the article. A language is then fully described by its file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.model.languages import language

#: A year: four digits not part of a longer number ('2,023', '2023.5'); a comma or full stop
#: after it ends a phrase ('En 2023, ...').
YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(?:19|20)\d\d(?!\d|[.,]\d)")


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
    nth = _alt(d["ordinals"])
    return re.compile(
        r"(?<!\w)(?:(?P<iso>\d{4}-\d{2}-\d{2}\b)"
        rf"|(?P<dmy>\d{{1,2}}{nth}?(?:\s+{of})?\s+{month}(?:,?\s+\d{{4}})?(?!\w))"
        rf"|(?P<mdy>{month}\s+\d{{1,2}}{nth}?(?:,?\s+\d{{4}})?(?![\w]))"
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
    found = _calendar_day(text, code)
    if found is None:
        return None
    day, month, year = found
    years = [year] if year is not None else [base.year - 1, base.year, base.year + 1]
    options = []
    for y in years:
        try:
            options.append(dt.date(y, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - base).days)) if options else None


@cache
def _calendar_patterns(code: str) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    """A day, month and year written out (in either order, or in digits), and the twelve month
    patterns of the language file in calendar order."""
    d = language(code).dates
    months = [re.compile(m + r"\.?", re.I) for m in d["months"]]
    month = _alt(d["months"]) + r"\.?"
    of = _alt(d.get("day_month_joins", [])) if d.get("day_month_joins") else "(?!)"
    nth = _alt(d["ordinals"])
    pattern = re.compile(
        r"(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
        rf"|(?P<dd>\d{{1,2}}){nth}?(?:\s+{of})?\s+(?P<dm>{month})(?:,?\s+(?P<dy>\d{{4}}))?"
        rf"|(?P<mm>{month})\s+(?P<md>\d{{1,2}}){nth}?(?:,?\s+(?P<my>\d{{4}}))?"
        r"|(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})[./](?P<ny>\d{4}))",
        re.I,
    )
    return pattern, months


def _calendar_day(text: str, code: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of a written date, else None."""
    pattern, months = _calendar_patterns(code)
    m = pattern.fullmatch(text)
    if m is None:
        return None
    if m.group("iy"):
        return int(m.group("id")), int(m.group("im")), int(m.group("iy"))
    if m.group("nd"):
        first, second = int(m.group("nd")), int(m.group("nm"))
        if language(code).dates["numeric_order"] == "mdy":
            first, second = second, first
        return first, second, int(m.group("ny"))
    word, day, year = (
        (m.group("dm"), m.group("dd"), m.group("dy"))
        if m.group("dd")
        else (m.group("mm"), m.group("md"), m.group("my"))
    )
    month = next((i + 1 for i, p in enumerate(months) if p.fullmatch(word)), None)
    if month is None:
        return None
    return int(day), month, int(year) if year else None


def find_dates(text: str, base: dt.date, code: str = "en") -> list[DateSpan]:
    """Every date expression in `text` (in the language `code`) that resolves against `base`."""
    spans = []
    for m in _date_pattern(code).finditer(text):
        day = resolve(m.group(0), base, code)
        if day is not None:
            spans.append(DateSpan(m.start(), m.end(), m.group(0), day))
    return spans


@cache
def _month_year_pattern(code: str) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    """A month and a year ("June 2018", "junio de 2018"), and the twelve month patterns."""
    d = language(code).dates
    joins = d.get("day_month_joins") or []
    join = rf"(?:\s+{_alt(joins)})?" if joins else ""
    pattern = re.compile(
        rf"(?<!\w)(?P<m>{_alt(d['months'])})\.?{join},?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I
    )
    return pattern, [re.compile(m, re.I) for m in d["months"]]


def written_dates(text: str, code: str = "en") -> list[dt.date]:
    """Every date `text` writes out with its year, in the language `code`: a day ("7 August
    2018", "2018-08-07", "28.09.2023") or a month ("June 2018", the month's first day). These
    need no article date to resolve."""
    out = []
    for m in _date_pattern(code).finditer(text):
        found = m.group("iso") or m.group("num") or m.group("dmy") or m.group("mdy")
        if found and re.search(r"\d{4}", found):
            day = resolve(found, dt.date(2000, 1, 1), code)
            if day is not None:
                out.append(day)
    pattern, months = _month_year_pattern(code)
    for m in pattern.finditer(text):
        month = next((i + 1 for i, p in enumerate(months) if p.fullmatch(m.group("m"))), None)
        if month is not None:
            out.append(dt.date(int(m.group("y")), month, 1))
    return out


def bare_years(text: str, until: int) -> list[int]:
    """The years `text` names as four digits (YEAR) up to the year `until`, when it names at
    least two: one such number alone may be a count ('2019 people')."""
    found = [int(m.group()) for m in YEAR.finditer(text)]
    found = [y for y in found if y <= until]
    return found if len(found) >= 2 else []
