"""Finding numbers in text, with exact offsets: digits ("4,300", "11.5 million", "$5bn") and words
("six", "twenty-five", "two dozen", "half a million").

Number words are converted with `text2num` (a maintained parser of English number phrases); what it
does not cover ("dozen", "half a", "a million") is handled here. Vague amounts ("dozens",
"thousands of", "tens of thousands") are not numbers and are never returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
}

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_SCALES = ("hundred", "thousand", "million", "billion")

_WORD = r"(?:%s)" % "|".join(
    [f"{t}(?:[-\u2010\u2011 ](?:{'|'.join(_UNITS[1:10])}))?" for t in _TENS]
    + sorted(_UNITS, key=len, reverse=True)
    + list(_WORD_SCALES)
)
_WORDS_RE = re.compile(
    rf"\b(?<![\w-])(?:(?P<half>half\s+a\s+)|(?P<a>an?\s+))?"
    rf"(?P<words>{_WORD}(?:(?:\s+and\s+|\s+|-){_WORD})*)"
    rf"(?P<dozen>\s+dozen)?(?![\w-])",
    re.I,
)
_A_SCALE_RE = re.compile(
    r"\b(?<![\w-])(?P<half>half\s+)?an?\s+(?P<scale>dozen|hundred|thousand|million|billion)(?![\w-])",
    re.I,
)
_DIGITS_RE = re.compile(
    r"(?=\d)(?<![\w.,:/])(?<![A-Za-z]-)"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])"
    r"|\d+(?:\.\d+)?)"
    r"(?:(?P<sp>[ \u00a0]?)(?P<scale>million|millions|billion|thousand|hundred|mln|bln|mn|bn)"
    r"|(?P<short>m|bn|k|b))?"
    r"(?![\w]|[.,]\d|:\d|/\d)",
    re.I,
)
_NUMBER_WORDS = frozenset([*_UNITS, *_TENS, *_WORD_SCALES, "dozen"])
_LETTERS = re.compile(r"[a-z]+")
_VAGUE_AFTER = re.compile(r"\s*(?:s\b|of\s+(?:thousands|millions|hundreds))", re.I)


@dataclass(frozen=True)
class NumberSpan:
    """A number in text: where it is (end exclusive), what it says, and its value."""

    start: int
    end: int
    value: float
    text: str
    words: bool
    has_scale: bool


@lru_cache(maxsize=4096)
def words_to_number(phrase: str) -> float | None:
    """The value of an English number phrase ("one hundred and twenty thousand"), else None."""
    cleaned = re.sub(r"[\u2010\u2011]", "-", phrase.strip().lower())
    cleaned = re.sub(r"\s+", " ", cleaned)
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


def parse_digits(num: str) -> float | None:
    """The value of a digit string with thousands separators or a decimal point, else None."""
    cleaned = re.sub(r"[, \u00a0\u202f\u2009]", "", num)
    try:
        return float(cleaned)
    except ValueError:
        return None


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number expression in `text`, in order, without overlaps."""
    found: list[NumberSpan] = []
    for m in _DIGITS_RE.finditer(text):
        value = parse_digits(m.group("num"))
        if value is None:
            continue
        scale = (m.group("scale") or m.group("short") or "").lower()
        if scale:
            value *= SCALES[scale]
        found.append(
            NumberSpan(m.start(), m.end(), value, m.group(0), words=False, has_scale=bool(scale))
        )
    # A set test is much cheaper than the word patterns, and most sentences have no number word.
    words_possible = not _NUMBER_WORDS.isdisjoint(_LETTERS.findall(text.lower()))
    for m in _A_SCALE_RE.finditer(text) if words_possible else ():
        scale = m.group("scale").lower()
        value = 12.0 if scale == "dozen" else SCALES[scale]
        if m.group("half"):
            value /= 2
        found.append(NumberSpan(m.start(), m.end(), value, m.group(0), True, scale != "dozen"))
    for m in _WORDS_RE.finditer(text) if words_possible else ():
        span = _word_span(text, m)
        if span is not None:
            found.append(span)
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    result: list[NumberSpan] = []
    for span in found:
        if result and span.start < result[-1].end:
            continue
        if _VAGUE_AFTER.match(text, span.end) and span.words:
            continue
        result.append(span)
    return result


def _word_span(text: str, m: re.Match[str]) -> NumberSpan | None:
    words = m.group("words")
    start = m.start("words")
    prefix_a = m.group("a")
    # Shrink from the right until text2num accepts the phrase ("six and seven" -> "six").
    tokens = list(re.finditer(r"[^\s-]+(?:-[^\s-]+)*", words))
    for n in range(len(tokens), 0, -1):
        phrase = words[: tokens[n - 1].end()]
        value = words_to_number(phrase)
        if value is None:
            continue
        if phrase.lower().split()[-1] == "and":
            continue
        end = start + len(phrase)
        first = phrase.lower().split()[0].split("-")[0]
        if first in _WORD_SCALES and not (prefix_a or m.group("half")):
            return None
        if m.group("half") and first in _WORD_SCALES:
            value /= 2
            start = m.start()
        elif prefix_a and first in _WORD_SCALES:
            start = m.start()
        if n == len(tokens) and m.group("dozen"):
            value *= 12
            end = m.end("dozen")
        has_scale = any(w in _WORD_SCALES for w in phrase.lower().split())
        return NumberSpan(start, end, value, text[start:end], words=True, has_scale=has_scale)
    return None
