"""Figures a count's words derive from it by a share (SPEC section 1, `derived`): a share of it
that is a group ("800 displaced people, half of whom are children": 400 children), a share of it
in one place ("27.000 déplacés, dont près de la moitié se trouve dans la région du Menabe": about
13,500 there, a part of the 27,000), a share of it that something befell, the share named before
it ("the displacement of more than half of the city's population of 600,000": more than 300,000
displaced), and the whole population it is a share of ("unos 4,5 millones de personas, la mitad
de la población hondureña": about 9 million people).

The words are each language file's `grammar` (`shares`, `share_of`, `share_groups`, `share_in`,
`share_population`, `of_words`, and its `inclusion` words and hedges); the code is the same
for every language. A share's own hedge is the derived figure's ("nearly half"), else the count's.
Every function here is pure: the extractor (extract/figures.py) makes the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract import cues
from loaders.model.records import Figure, Qualifier

#: How far before or after a count its share's words may be (characters).
_SHARE_REACH = 240
#: What may stand between a word of what befell people and the share named before a count:
#: nothing, or one short word ("the displacement of half of", "le déplacement de la moitié").
_CUE_JOIN = re.compile(r"\s*(?:[^\W\d]{1,4}\s+)?")


@dataclass(frozen=True)
class Share:
    """A figure derived from a count: its entry, the count's value times `factor`, its hedge,
    and the sentence-relative offsets of the share's words ("half")."""

    indicator: str
    subtype: str | None
    factor: float
    qualifier: Qualifier
    start: int
    end: int
    #: For a share in a place: where the words naming the place start (sentence-relative); the
    #: figure is a part of the count.
    part_from: int | None = None


def shares_of(c: cues.Cues, text: str, start: int, end: int, base: Figure) -> list[Share]:
    """The figures derived from the count of `base` written at `text[start:end]`."""
    if base.unit != "people":
        return []
    found = [_share_before(c, text, start, base)]
    tail = text[end : end + _SHARE_REACH]
    for read in (_group_share, _part_share, _whole_share):
        m = read(c, tail, base)
        if m is not None:
            found.append(_shifted(m, end))
            break
    return [s for s in found if s is not None]


def _shifted(share: Share, by: int) -> Share:
    """`share` with its offsets moved from a window's to the sentence's."""
    part = share.part_from + by if share.part_from is not None else None
    return Share(
        share.indicator,
        share.subtype,
        share.factor,
        share.qualifier,
        share.start + by,
        share.end + by,
        part,
    )


def _after(pattern: re.Pattern[str], tail: str) -> re.Match[str] | None:
    """The share right after a count, in its clause: no number nor clause mark between."""
    m = pattern.search(tail)
    if not m or re.search(r"[\d.;:]", tail[: m.start()]):
        return None
    return m


def _share_value(c: cues.Cues, m: re.Match[str]) -> float:
    """The share a match names, as a fraction ("half", "1/3", "30%")."""
    if m.group("frac"):
        return c.shares[re.sub(r"[-\s]+", " ", m.group("frac").lower())]
    return float(m.group("pct").replace(",", ".")) / 100


def _hedge(m: re.Match[str]) -> Qualifier | None:
    """The hedge right before a share ("more than half"), or None."""
    for name, value in m.groupdict().items():
        if name.startswith("h_") and value:
            return Qualifier(name[2:])
    return None


def _group_share(c: cues.Cues, tail: str, base: Figure) -> Share | None:
    """', half of whom are children': a group of the displaced or of a population."""
    m = _after(c.derived, tail)
    if m is None or base.indicator not in ("displaced", "population"):
        return None
    group = c.share_groups.get(m.group("group").lower(), m.group("group").lower())
    if base.indicator == "displaced" and group != "children":
        return None
    qualifier = _hedge(m) or base.qualifier
    share = _share_value(c, m)
    return Share(base.indicator, group, share, qualifier, m.start("share"), m.end("share"))


def _part_share(c: cues.Cues, tail: str, base: Figure) -> Share | None:
    """', dont près de la moitié se trouve dans la région du Menabe': part of the count, there."""
    m = _after(c.share_part, tail)
    if m is None:
        return None
    qualifier = _hedge(m) or base.qualifier
    share = _share_value(c, m)
    return Share(
        base.indicator, base.subtype, share, qualifier, m.start("share"), m.end("share"), m.end()
    )


def _whole_share(c: cues.Cues, tail: str, base: Figure) -> Share | None:
    """', la mitad de la población hondureña': the count is that share of the population, which
    is the count divided by it. A share more or less than said ("more than half") bounds the
    whole on the other side: no figure."""
    m = _after(c.share_whole, tail)
    if m is None or base.indicator == "population":
        return None
    between = tail[m.end("share") : m.end()]
    starts = (w.start() for w in re.finditer(r"(?<!\S)\S", between))
    things = (c.not_people_head.match(between[i:]) for i in starts)  # 'the camp population'
    if any(things) or any(
        cues.PEOPLE_ENTRIES[int((w.lastgroup or "e0")[1:])][0] != "population"
        for w in c.people_any.finditer(between)
    ):
        return None  # 'half the displaced population', 'of the camp population': not everyone
    hedge = _hedge(m)
    if hedge not in (None, Qualifier("about")):
        return None
    share = _share_value(c, m)
    qualifier = hedge or base.qualifier
    return Share("population", None, 1 / share, qualifier, m.start("share"), m.end("share"))


def _share_before(c: cues.Cues, text: str, start: int, base: Figure) -> Share | None:
    """'the displacement of more than half of the city's population of 600,000': the share
    of the count that the word right before the share says what befell (not a population: a
    share of one is of a place of its own)."""
    lo = max(0, start - _SHARE_REACH)
    before = text[lo:start]
    m = c.share_before.search(before)
    if m is None:
        return None
    cue = None
    # A cue may look ahead at the share's words ('déplacement de près de'), or end where the
    # words before the share do ('affected\\s*$'): both readings.
    for w in [*c.people_any.finditer(before, 0, m.start()), *c.people_any.finditer(before)]:
        if w.end() <= m.start() and _CUE_JOIN.fullmatch(before, w.end(), m.start()):
            cue = w if cue is None or w.end() >= cue.end() else cue
    if cue is None:
        return None
    indicator, subtype = cues.PEOPLE_ENTRIES[int((cue.lastgroup or "e0")[1:])]
    if indicator == "population":
        return None
    qualifier = _hedge(m) or base.qualifier
    share = _share_value(c, m)
    return Share(indicator, subtype, share, qualifier, lo + m.start("share"), lo + m.end("share"))
