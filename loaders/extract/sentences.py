"""Splitting an article body into paragraphs and sentences, keeping offsets into the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj st no nos vs etc approx est inc ltd co corp "
    "dept jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e a.m p.m gov "
    "sen rep".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u0400-\u04ff-])")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    """One sentence: body offsets (end exclusive), its text, and the paragraph it belongs to."""

    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 24) : dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of `body`; a line break always ends a sentence (lists, bulletins, headings)."""
    sentences: list[Sentence] = []
    for p_index, para in enumerate(_PARAGRAPH.finditer(body)):
        start = para.start()
        text = para.group(0)
        cut = 0
        for m in _BOUNDARY.finditer(text):
            if m.group(0)[0] == "." and len(m.group(0)) == 1 and _is_abbreviation(text, m.start()):
                continue
            _append(sentences, body, start + cut, start + m.end(), p_index)
            cut = m.end()
        _append(sentences, body, start + cut, para.end(), p_index)
    return sentences


def _append(out: list[Sentence], body: str, start: int, end: int, paragraph: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, body[start:end], paragraph))
