"""Article text on screen: split into paragraphs with each figure's span marked, and escaped so
that Markdown, HTML and Streamlit's own directives in an article show as the characters they are.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from loaders.read.characters import INVISIBLE

_PUNCTUATION = frozenset(string.punctuation)
_JOINER = "\u2060"  # invisible; breaks Markdown autolinks without changing what is read
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


#: What `escape_markdown` writes for each character it changes (None: dropped; a later entry
#: wins over an earlier one).
_ESCAPED: dict[int, str | None] = (
    {code: None for code in (*range(32), *range(0x7F, 0xA0))}
    | {ord(char): None for char in INVISIBLE}
    | {ord("\t"): " "}
    | {ord(char): "\\" + char for char in _PUNCTUATION}
    | {ord(char): "\\" + char + _JOINER for char in ":@"}
)


def escape_markdown(text: str) -> str:
    """Every ASCII punctuation character backslash-escaped (CommonMark allows it for all of
    them), an invisible word joiner after ':', '@' and 'www' (so bare web and mail addresses are
    not turned into links), control characters and invisible bidirectional or zero-width ones
    dropped (a right-to-left override would make "3 killed" read "300"); what remains is shown
    literally by st.markdown. One translation table (a card's lines call it hundreds of
    times a rerun)."""
    return re.sub(r"(?i)(www)(?=\\\.)", "\\1" + _JOINER, text.translate(_ESCAPED))


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph: plain text, or the span of figure number `figure` (1-based)."""

    text: str
    figure: int | None = None


def paragraphs(body: str, spans: list[tuple[int, int]]) -> list[list[Segment]]:
    """The body's paragraphs (one per non-empty line), each split at the figures' spans."""
    ordered = sorted(
        ((s, e, n) for n, (s, e) in enumerate(spans, start=1) if s is not None and e is not None),
        key=lambda t: (t[0], -t[1]),
    )
    out = []
    for m in re.finditer(r"[^\n]+", body):
        start, end = m.start(), m.end()
        segments: list[Segment] = []
        cursor = start
        for s, e, n in ordered:
            if s < cursor or s >= end or e > end:
                continue
            if s > cursor:
                segments.append(Segment(body[cursor:s]))
            segments.append(Segment(body[s:e], n))
            cursor = e
        if cursor < end:
            segments.append(Segment(body[cursor:end]))
        if any(seg.text.strip() for seg in segments):
            out.append(segments)
    return out


def paragraph_markdown(segments: list[Segment]) -> str:
    """One paragraph as safe Markdown: text escaped, figures highlighted and numbered."""
    parts = []
    for seg in segments:
        if seg.figure is None:
            parts.append(escape_markdown(seg.text))
        else:
            mark = f"⁽{f'{seg.figure:d}'.translate(_SUPERSCRIPT)}⁾"
            parts.append(f":orange-background[**{escape_markdown(seg.text)}**{mark}]")
    return "".join(parts).strip()
