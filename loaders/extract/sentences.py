"""Splitting an article body into paragraphs and sentences, keeping offsets into the body.

Everything about a language's sentences is in its file's `sentences:` section: the marks that
end one (`ends`: `.`, `!`, `?`, `…`), the closing quotes and brackets that may follow them
(`closers`), what may open the next sentence before its first letter (`openers`), whether that
letter is a capital (`cased`; any letter in a script without capitals), and the abbreviations
after which a dot ends nothing. A sentence ends at an end mark (with any closers) before a
space and a capital of any script ("Über", "Écoles", "Около"), a digit or an opener, unless the
word before the dot is an abbreviation or a single letter, or the dot is a day's ordinal mark
before a month (the file's `dates:`: "14. August"). A line break ends a sentence, except
inside one: a line that ends without punctuation and is followed by a line starting in lower
case is one sentence wrapped over two lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.model.languages import language

_PARAGRAPH = re.compile(r"[^\n]+")
#: A line that a sentence continues past: it ends in a letter, digit or comma.
_OPEN_LINE = re.compile(r"[\w,]\s*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: body offsets (end exclusive), its text, and the paragraph it belongs to."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class _Marks:
    """How sentences of one language end and start (its file's `sentences:`)."""

    #: An end mark with any closing quotes or brackets, then a space.
    end: re.Pattern[str]
    openers: frozenset[str]
    cased: bool
    #: Lower-cased abbreviations, without their final dot.
    abbreviations: frozenset[str]
    #: A day's number, its ordinal mark and a month ("14. August"): a dot in it ends nothing.
    day_and_month: re.Pattern[str]


def _any(marks: list[str]) -> str:
    return "[" + "".join(re.escape(str(m)) for m in marks) + "]"


@cache
def _marks(code: str) -> _Marks:
    """The sentence marks of the language `code`."""
    s = language(code).sentences
    dates = language(code).dates
    ordinals = "|".join(dates.get("ordinals") or []) or "(?!)"
    months = "|".join(dates.get("months") or []) or "(?!)"
    return _Marks(
        end=re.compile(_any(s["ends"]) + "+" + _any(s["closers"]) + r"*(?=\s+)"),
        openers=frozenset(str(m) for m in s["openers"]),
        cased=bool(s["cased"]),
        abbreviations=frozenset(str(w).lower().rstrip(".") for w in s.get("abbreviations", [])),
        day_and_month=re.compile(rf"\d{{1,2}}(?:{ordinals})\s+(?:{months})(?!\w)", re.I),
    )


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 24) : dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in abbreviations or (len(token) == 1 and token.isalpha())


def _in_a_date(text: str, dot: int, marks: _Marks) -> bool:
    """Whether the dot is a day's ordinal mark before its month ("am Sonntag, 14. August")."""
    day = re.search(r"(?<!\d)\d{1,2}$", text[max(0, dot - 3) : dot])
    if day is None:
        return False
    start = dot - len(day.group())
    found = marks.day_and_month.match(text, start)
    return found is not None and found.end() > dot + 1


def _starts_sentence(text: str, at: int, marks: _Marks) -> bool:
    """Whether the text after a space at `at` opens a sentence: a capital of any script (any
    letter where the language has no capitals), a digit, or an opener or dash before one."""
    i = at
    while i < len(text) and text[i].isspace():
        i += 1
    while i < len(text) and text[i] in marks.openers:
        i += 1
    if i >= len(text):
        return False
    ch = text[i]
    letter = ch.isupper() if marks.cased else ch.isalpha()
    return letter or ch.isdigit() or text[i - 1 : i] in ("-", "–", "—")


def _lines(body: str) -> list[tuple[int, int]]:
    """The body's lines as (start, end), a sentence wrapped over lines joined into one."""
    out: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(body):
        start, end = m.span()
        if not body[start:end].strip():
            continue
        if out and _continues(body, out[-1], start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _continues(body: str, previous: tuple[int, int], start: int) -> bool:
    """A line break inside a sentence: the line before ends without punctuation, and this line
    starts in lower case right after a single line break."""
    if body[previous[1] : start].count("\n") != 1:
        return False
    first = body[start : start + 1]
    return first.islower() and _OPEN_LINE.search(body, previous[0], previous[1]) is not None


def split_sentences(body: str, code: str = "en") -> list[Sentence]:
    """Sentences of `body` read in the language `code`; a line break ends a sentence (lists,
    bulletins, headings) unless the sentence plainly continues on the next line."""
    marks = _marks(code)
    sentences: list[Sentence] = []
    for p_index, (start, end) in enumerate(_lines(body)):
        text = body[start:end]
        cut = 0
        for m in marks.end.finditer(text):
            if not _starts_sentence(text, m.end(), marks):
                continue
            if m.group(0) == "." and (
                _is_abbreviation(text, m.start(), marks.abbreviations)
                or _in_a_date(text, m.start(), marks)
            ):
                continue
            _append(sentences, body, start + cut, start + m.end(), p_index)
            cut = m.end()
        _append(sentences, body, start + cut, end, p_index)
    return sentences


def _append(out: list[Sentence], body: str, start: int, end: int, paragraph: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, body[start:end], paragraph))
