"""Finding numbers in text, with exact offsets, in the formats of the article's language: digits
("4,300", "70.000", "70 000", "3,50,000", "11.5 million", "38,5 тысячи", "$5bn") and words ("six",
"twenty-five", "zehntausend", "двух тысяч", "half a million").

Number words are converted with `text2num` where it covers the language, else with the small word
table of the language file (Russian). Vague amounts ("dozens", "thousands of", "tens of
thousands") are not numbers and are never returned. Every pattern here is anchored at a digit or
a word start and looks at a bounded stretch of text, so the cost is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from text_to_num import text2num

from loaders.model.languages import Language, language
from loaders.read.characters import LOWER_CLASS

_SPACES = " \u00a0\u202f\u2009"
_ANY_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class NumberSpan:
    """A number in text: where it is (end exclusive), what it says, and its value."""

    start: int
    end: int
    value: float
    text: str
    words: bool
    has_scale: bool


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    """The compiled number patterns of one language."""

    digits: re.Pattern[str]
    words: re.Pattern[str] | None
    a_scale: re.Pattern[str] | None
    vague_after: re.Pattern[str]
    decimal: str
    scales: tuple[tuple[re.Pattern[str], float], ...]
    glued: dict[str, float]
    word_scales: dict[str, float]
    number_words: frozenset[str]
    token: re.Pattern[str]
    text2num: str | None
    table: dict[str, float]
    and_word: str
    exclude: frozenset[str]
    #: The number words themselves when they are plain words (a set test is cheaper than a search).
    gate_words: frozenset[str] | None
    #: The words of a text, as the gate reads them (ASCII letters when the number words are).
    gate_letters: re.Pattern[str]
    #: A scale word right after a number phrase ("zehn Milliarden", "two million").
    scale_after: re.Pattern[str]
    #: Whole phrases with a fixed value ("Viertelmillion", "a quarter of a million").
    phrases: tuple[tuple[re.Pattern[str], float], ...]
    #: The longest literal word of each phrase: a text without any has none of them.
    phrase_gate: tuple[str, ...]
    #: Scale words that are a number on their own ("mille réfugiés", "mil personas").
    bare_scales: frozenset[str]
    #: "six million and a half": half a scale more.
    and_a_half: re.Pattern[str]
    has_and_a_half: bool
    #: A digit phrase written with the other decimal mark before a scale ("35.5 тысячи").
    other_decimal: re.Pattern[str]
    #: A word of place right after a word (`grammar: locative`: "una en la andina de
    #: Pichincha"): no article stands before it, so the word is "one".
    place_after: re.Pattern[str]
    #: Words for one more ("otra", "another", `numbers: another_one`): one, as an item of a list
    #: of counts only ("una en la andina de Pichincha y otra en la de Chimborazo").
    another_one: re.Pattern[str]


@cache
def patterns(code: str) -> _Patterns:
    """Number patterns for the language `code`, compiled once."""
    lang: Language = language(code)
    n = lang.numbers
    scales = {str(k): float(v) for k, v in n.get("scales", {}).items()}
    glued = {str(k): float(v) for k, v in n.get("glued_scales", {}).items()}
    scale_alt = _alternation(scales)
    word_scales = {str(k).lower(): float(v) for k, v in n.get("word_scales", {}).items()}
    table = {str(k).lower(): float(v) for k, v in n.get("word_table", {}).items()}
    token = n.get("word_token") or (_alternation(table) if table else "")
    token = f"(?:{token})" if token else ""
    dozen = _alternation(n.get("dozen", [])) or "(?!)"
    words, a_scale = _word_patterns(n, token, dozen, word_scales)
    vague = _alternation(n.get("vague_after", [])) or "(?!)"
    phrases = n.get("phrases", {})
    return _Patterns(
        digits=_digits(n, scale_alt, glued),
        words=words,
        a_scale=a_scale,
        vague_after=re.compile(rf"\s*(?:{vague})", re.I),
        decimal=n["decimal"],
        scales=tuple((re.compile(k, re.I), v) for k, v in scales.items()),
        glued={k.lower(): v for k, v in glued.items()},
        word_scales=word_scales,
        number_words=frozenset(),
        token=re.compile(rf"(?<!\w){_initials(token, dozen)}(?:{token}|{dozen})(?!\w)", re.I)
        if token
        else re.compile("(?!)"),
        text2num=n.get("text2num"),
        table=table,
        and_word=n.get("and_word", ""),
        exclude=frozenset(w.lower() for w in n.get("not_numbers", [])),
        gate_words=(gate := _plain_words(token, dozen)),
        gate_letters=_ASCII_WORD if gate and all(w.isascii() for w in gate) else _LETTERS,
        scale_after=re.compile(r"[ \u00a0]+(?P<scale>" + (scale_alt or "(?!)") + r")(?!\w)", re.I),
        phrases=tuple(
            (re.compile(r"(?<![\w-])(?:" + str(k) + r")(?![\w-])", re.I), float(v))
            for k, v in phrases.items()
        ),
        phrase_gate=tuple(
            max(re.findall(r"[^\W\d_]+", str(k).replace("\\s", " ")), key=len).lower()
            for k in phrases
        ),
        has_and_a_half=bool(n.get("and_a_half")),
        bare_scales=frozenset(str(w).lower() for w in n.get("bare_scales", [])),
        and_a_half=re.compile(
            r"\s+(?:" + (_alternation(n.get("and_a_half", [])) or "(?!)") + r")(?![\w-])", re.I
        ),
        other_decimal=_other_decimal(n, scale_alt),
        another_one=re.compile(
            r"(?<![\w-])(?:" + (_alternation(n.get("another_one", [])) or "(?!)") + r")(?![\w-])",
            re.I,
        ),
        place_after=re.compile(
            r"\s+(?:" + (_alternation(lang.grammar.get("locative") or []) or "(?!)") + r")\s", re.I
        ),
    )


def _digits(n: dict, scale_alt: str, glued: dict[str, float]) -> re.Pattern[str]:
    """A number written in digits, in the language's grouping and decimal mark, with the scale
    word or glued scale after it ("1.5 million", "20k")."""
    dec = re.escape(n["decimal"])
    alts = []
    if n.get("lakh_grouping"):
        alts.append(r"\d{1,2},(?:\d{2},)+\d{3}(?![\d])")
    for g in (re.escape(g) for g in n.get("group", [])):
        alts.append(rf"\d{{1,3}}(?:{g}\d{{3}})+(?:{dec}\d+)?")
    if n["decimal"] == ",":
        alts.append(r"\d{1,3}(?:,\d{3}){2,}")  # "1,408,055" is never a decimal
    alts.append(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d])(?:{dec}\d+)?")
    alts.append(rf"\d+(?:{dec}\d+)?")
    glued_alt = _alternation(glued) if glued else "(?!)"
    return re.compile(
        r"(?=\d)(?<![\w.,:/])(?<![^\W\d]-)"
        r"(?P<num>" + "|".join(alts) + r")"
        r"(?:(?P<sp>[ \u00a0]?)(?P<scale>(?:" + (scale_alt or "(?!)") + r"))(?!\w)"
        r"|(?P<short>" + glued_alt + r"))?"
        r"(?![\w]|[.,]\d|:\d|/\d|\.(?-i:" + LOWER_CLASS + "))",
        re.I,
    )


def _word_patterns(
    n: dict, token: str, dozen: str, word_scales: dict[str, float]
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(a number in words, "a million" / "half a dozen"): None where the language has none."""
    indefinite = _alternation(n.get("indefinite", [])) or "(?!)"
    half = _alternation(n.get("half", [])) or "(?!)"
    and_word = n.get("and_word", "")
    words = a_scale = None
    if token:
        joiner = rf"(?:\s+{and_word}\s+|\s+|-)" if and_word else r"(?:\s+|-)"
        words = re.compile(
            rf"(?<![\w-])(?:(?P<half>(?:{half})\s+)|(?P<a>(?:{indefinite})\s+))?"
            rf"(?P<words>{token}(?:{joiner}{token})*)"
            rf"(?P<dozen>\s+(?:{dozen}))?(?![\w-])",
            re.I,
        )
    if word_scales:
        a_scale = re.compile(
            rf"(?<![\w-])(?P<half>(?:{half})\s+)?(?:{indefinite})\s+"
            rf"(?P<scale>{_alternation(word_scales)}|{dozen})(?![\w-])",
            re.I,
        )
    return words, a_scale


def _other_decimal(n: dict, scale_alt: str) -> re.Pattern[str]:
    """A digit phrase written with the other decimal mark before a scale ("35.5 тысячи"), in a
    language whose decimal mark is a comma."""
    return re.compile(
        r"(?<![\w.,])(?P<int>\d{1,3})\.(?P<frac>\d{1,2})[ \u00a0](?P<scale>"
        + (scale_alt if scale_alt and n["decimal"] == "," else "(?!)")
        + r")(?!\w)",
        re.I,
    )


def _top_level(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost alternation ("(?:a|b)" and "a|b" alike)."""
    while pattern.startswith("(?:") and pattern.endswith(")") and _closes_at_end(pattern):
        pattern = pattern[3:-1]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif ch == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def _closes_at_end(pattern: str) -> bool:
    depth = 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(pattern) - 1:
            return False
    return True


def _plain_words(*patterns: str) -> frozenset[str] | None:
    """The words of alternations of plain words ("(?:one|two)"), else None."""
    words = [a for p in patterns for a in _top_level(p)]
    if all(_LETTERS.fullmatch(w) for w in words):
        return frozenset(w.lower() for w in words)
    return None


def _initials(*patterns: str) -> str:
    """A lookahead on the letters number words can start with: the word search then skips most
    positions at once. Empty when some alternative does not start with a plain letter."""
    letters = set()
    for pattern in patterns:
        for alternative in _top_level(pattern):
            if not alternative[:1].isalpha():
                return ""
            letters.update({alternative[0].lower(), alternative[0].upper()})
    return "(?=[" + "".join(sorted(letters)) + "])"


def _scale_factor(p: _Patterns, word: str) -> float:
    for pattern, factor in p.scales:
        if pattern.fullmatch(word):
            return factor
    return p.glued.get(word.lower(), 1.0)


@lru_cache(maxsize=8192)
def words_to_number(phrase: str, code: str = "en") -> float | None:
    """The value of a number phrase in the language `code` ("one hundred and twenty thousand",
    "zehntausend", "двух тысяч"), else None."""
    p = patterns(code)
    cleaned = re.sub(r"[\u2010\u2011]", "-", phrase.strip().lower())
    cleaned = re.sub(r"\s+", " ", cleaned)
    if p.text2num:
        try:
            return float(text2num(cleaned, p.text2num))
        except ValueError:
            return None
    return _from_table(cleaned, p)


def _from_table(phrase: str, p: _Patterns) -> float | None:
    """Sum of units, tens and hundreds, times each scale word: "двести тысяч" = 200,000."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", phrase):
        if word == p.and_word:
            continue
        value = p.table.get(word)
        if value is None:
            return None
        if value >= 1000:
            total += max(current, 1.0) * value
            current = 0.0
        else:
            current += value
        seen = True
    return total + current if seen else None


def parse_digits(num: str, decimal: str = ".") -> float | None:
    """The value of a digit string with group separators and a decimal mark, else None."""
    if decimal == "," and re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", num):
        return float(num.replace(",", ""))
    if decimal == ",":
        cleaned = re.sub(rf"[.{_SPACES}]", "", num).replace(",", ".")
    else:
        cleaned = re.sub(rf"[,{_SPACES}]", "", num)
    try:
        return float(cleaned)
    except ValueError:
        return None


def find_numbers(text: str, code: str = "en") -> list[NumberSpan]:
    """Every number expression in `text` read in the language `code`, in order, no overlaps."""
    p = patterns(code)
    found: list[NumberSpan] = []
    for m in p.digits.finditer(text) if _ANY_DIGIT.search(text) else ():
        value = parse_digits(m.group("num"), p.decimal)
        if value is None:
            continue
        scale = m.group("scale") or m.group("short") or ""
        if re.fullmatch(r"\d{1,3}[.,]000", m.group("num")) and not scale:
            value = float(m.group("num")[:-4]) * 1000  # "11.000" is 11,000
        if scale:
            value *= _scale_factor(p, scale)
        found.append(
            NumberSpan(m.start(), m.end(), value, m.group(0), words=False, has_scale=bool(scale))
        )
    # Most sentences have no number word: a single token search decides whether to look.
    if p.gate_words is not None:
        possible = not p.gate_words.isdisjoint(p.gate_letters.findall(text.lower()))
    else:
        possible = p.token.search(text) is not None
    if p.words is not None and possible:
        if p.a_scale is not None:
            for m in p.a_scale.finditer(text):
                word = m.group("scale").lower()
                value = p.word_scales.get(word, 12.0)
                if m.group("half"):
                    value /= 2
                found.append(
                    NumberSpan(m.start(), m.end(), value, m.group(0), True, word in p.word_scales)
                )
        for m in p.words.finditer(text):
            span = _word_span(text, m, p, code)
            if span is not None:
                found.append(span)
    found.extend(_fixed_forms(text, p))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    result: list[NumberSpan] = []
    for span in found:
        if result and span.start < result[-1].end:
            continue
        if span.words and p.vague_after.match(text, span.end):
            continue
        result.append(span)
    result = _broken_groups(text, _thousands_and_units(text, result))
    return [_and_a_half(text, p, s) for s in result] if p.has_and_a_half else result


#: Digits with a leading zero ('00', '05'): in prose, never a group of thousands.
_LEADING_ZERO = re.compile(r"0\d")


def _broken_groups(text: str, spans: list[NumberSpan]) -> list[NumberSpan]:
    """The spans less a number cut short ('plus de 400 00 femmes': a group of thousands with a
    digit missing): digits with a leading zero one space after a number, and that number;
    what was meant is not known, and '400' or '0' would be a wrong count. (A table's cells,
    '04' on a line of its own, stay.)"""
    drop: set[int] = set()
    for i in range(1, len(spans)):
        span, before = spans[i], spans[i - 1]
        if span.words or before.words or not _LEADING_ZERO.match(span.text):
            continue
        if text[before.end : span.start] == " ":
            drop.update((i - 1, i))
    return [s for i, s in enumerate(spans) if i not in drop] if drop else spans


def _fixed_forms(text: str, p: _Patterns) -> list[NumberSpan]:
    """Phrases with a fixed value ("Viertelmillion"), a word for one more as an item of a list
    of counts ("y otra en la de Chimborazo"), and digits with the other decimal mark before a
    scale word ("35.5 тысячи" where the decimal mark is a comma: a group of thousands always has
    three digits)."""
    out: list[NumberSpan] = []
    lowered = text.lower() if p.phrase_gate else ""
    for (pattern, value), word in zip(p.phrases, p.phrase_gate, strict=True):
        if word not in lowered:
            continue
        for m in pattern.finditer(text):
            out.append(NumberSpan(m.start(), m.end(), value, m.group(0), True, True))
    for m in p.another_one.finditer(text):
        if _list_item(text, m.start(), m.end(), p):
            out.append(NumberSpan(m.start(), m.end(), 1.0, m.group(0), True, False))
    if p.decimal == "," and "." in text:
        for m in p.other_decimal.finditer(text):
            value = float(f"{m.group('int')}.{m.group('frac')}")
            value *= _scale_factor(p, m.group("scale"))
            out.append(NumberSpan(m.start(), m.end(), value, m.group(0), False, True))
    return out


def _and_a_half(text: str, p: _Patterns, span: NumberSpan) -> NumberSpan:
    """ "six million and a half" is 6.5 million: half of the phrase's last scale more."""
    if not span.has_scale or span.value < 1000:
        return span
    m = p.and_a_half.match(text, span.end)
    if m is None:
        return span
    scale = 1000.0
    while scale * 1000 <= span.value:
        scale *= 1000
    return NumberSpan(
        span.start, m.end(), span.value + scale / 2, text[span.start : m.end()], span.words, True
    )


def _thousands_and_units(text: str, found: list[NumberSpan]) -> list[NumberSpan]:
    """ "81 тысячи 139" is 81,139: a count of thousands followed by the units, nothing between."""
    if len(found) < 2:
        return found
    out: list[NumberSpan] = []
    for span in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.has_scale
            and not span.has_scale
            and not span.words
            and span.value < 1000
            and prev.value % 1000 == 0
            and prev.value < 1e6
            and text[prev.end : span.start] == " "
            and re.fullmatch(r"\d{1,3}", span.text)
        ):
            out[-1] = NumberSpan(
                prev.start,
                span.end,
                prev.value + span.value,
                text[prev.start : span.end],
                False,
                True,
            )
            continue
        out.append(span)
    return out


#: A phrase of more tokens than this is cut: no number is written with more words.
_MAX_TOKENS = 12
#: Before an item of a list of counts: a comma, or "and" (filled in per language).
_LIST_BEFORE = r"(?:,|\s{and_word})\s*$"


def _list_item(text: str, start: int, end: int, p: _Patterns) -> bool:
    """Whether a word that is both an article and "one" ("un", "ein", "один") stands as an item
    of a list of counts ("huit morts, un disparu et 88 blessés"): a count before it in the
    list, and only one word, then the list goes on or ends, after it, or a word of place right
    after it, where no article stands ("siete en la costera de Guayas, una en la andina")."""
    before = text[max(0, start - 40) : start]
    joined = re.search(_LIST_BEFORE.format(and_word=re.escape(p.and_word or ",")), before)
    if (
        joined is None
        or not _ANY_DIGIT.search(before[: joined.start()] or "")
        and not (p.token.search(before[: joined.start()]))
    ):
        return False
    return (
        re.match(
            r"\s+[^\W\d_]+(?:\s*[,;.]|\s+" + re.escape(p.and_word or ",") + r"\s|\s*$)", text[end:]
        )
        is not None
        or p.place_after.match(text, end) is not None
    )


def _word_span(text: str, m: re.Match[str], p: _Patterns, code: str) -> NumberSpan | None:
    words = m.group("words")
    start = m.start("words")
    prefix_a = m.group("a")
    tokens = list(re.finditer(r"[^\s-]+(?:-[^\s-]+)*", words))[:_MAX_TOKENS]
    while len(tokens) > 1 and p.and_word and tokens[0].group(0).lower() == p.and_word:
        tokens.pop(0)  # "und ein Baby": a phrase never starts with "and"
    if tokens and tokens[0].start():
        shift = tokens[0].start()
        start += shift
        words = words[shift:]
        tokens = list(re.finditer(r"[^\s-]+(?:-[^\s-]+)*", words))[:_MAX_TOKENS]
    if (
        len(tokens) == 1
        and tokens[0].group(0).lower() in p.exclude
        and not _list_item(text, start, start + tokens[0].end(), p)
    ):
        return None
    # Shrink from the right until the phrase reads as a number ("six and seven" -> "six").
    for n in range(len(tokens), 0, -1):
        phrase = words[: tokens[n - 1].end()]
        lowered = phrase.lower().split()
        if lowered[-1] == p.and_word:
            continue
        value = words_to_number(phrase, code)
        if value is None:
            continue
        end = start + len(phrase)
        first = lowered[0].split("-")[0]
        bare = first in p.bare_scales
        if first in p.word_scales and not (prefix_a or m.group("half") or bare):
            return None
        if m.group("half") and first in p.word_scales:
            value /= 2
            start = m.start()
        elif prefix_a and first in p.word_scales:
            start = m.start()
        if n == len(tokens) and m.group("dozen"):
            value *= 12
            end = m.end("dozen")
        has_scale = any(w in p.word_scales for w in lowered)
        after = p.scale_after.match(text, end)
        if after is not None:  # "zehn Milliarden": a number word, then a scale word
            value *= _scale_factor(p, after.group("scale"))
            end, has_scale = after.end(), True
        return NumberSpan(start, end, value, text[start:end], words=True, has_scale=has_scale)
    return None
