"""Places named with their kind, read with the words of each language file (`grammar: place_*`).

'The province of Herat' and 'Herat Province' are the province, not its namesake city; 'Ошской
области' (a name made an adjective before its kind) is the Osh region; 'in the province', 'the
city's', 'на юге страны' name, without a name, the last place of that kind named before (or the
one of that kind the last named place lies in). A kind word changes or adds a mention only when
the gazetteer answers with exactly one place: never a guess.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from loaders.extract.cues import Cues
from loaders.read.gazetteer import Gazetteer, Mention, normalize

#: How far before a name its kind words may start ("the province of").
KIND_REACH = 40
#: The gazetteer's kinds of place each kind word of the language files names.
KINDS = {
    "city": frozenset({"city", "town", "village"}),
    "region": frozenset({"region"}),
    "country": frozenset({"country"}),
}
#: World ranks of a region (loaders/read/world.py): a kind word asks for that rank first.
_REGION_RANK = 1


def with_kinds(text: str, mentions: list[Mention], gazetteer: Gazetteer, c: Cues) -> list[Mention]:
    """`mentions` of `text` (in order) with the kind words around them read: a name with a kind
    word is the place of that kind ('the province of Herat'); a name made an adjective before a
    kind word is added ('Ошской области'), then each kind named without a name ('the
    province')."""
    named = [_as_kind(text, m, gazetteer, c) for m in mentions]
    named = _merge(named, _adjectives(text, named, gazetteer, c))
    named = _merge(named, _sides(text, named, gazetteer, c))
    named = _merge(named, _sides(text, named, gazetteer, c, speakers=True))
    return _merge(named, _anaphora(text, named, gazetteer, c))


def kind_of(gazetteer: Gazetteer, place_id: str) -> str | None:
    """'city', 'region' or 'country': the kind word a gazetteer place answers to, if any."""
    place = gazetteer.places.get(place_id)
    if place is None:
        return None
    kind = str(getattr(place.kind, "value", place.kind))
    return next((k for k, kinds in KINDS.items() if kind in kinds), None)


def within(gazetteer: Gazetteer, place_id: str | None, kind: str) -> str | None:
    """The place itself when it is of `kind`, else the nearest place of `kind` it lies in."""
    return next((p for p in gazetteer.chain(place_id) if kind_of(gazetteer, p) == kind), None)


def _as_kind(text: str, m: Mention, gazetteer: Gazetteer, c: Cues) -> Mention:
    """The mention as the place of the kind its words name ('the province of Herat': the
    province Herat lies in, or of that name), else as it is."""
    for kind in KINDS:
        before, after = c.kind_before.get(kind), c.kind_after.get(kind)
        said = (
            before is not None and before.search(text, max(0, m.start - KIND_REACH), m.start)
        ) or (after is not None and after.match(text, m.end))
        if not said or kind_of(gazetteer, m.place_id) == kind:
            continue
        found = _named(gazetteer, m.text, kind) or within(gazetteer, m.place_id, kind)
        if found:
            return Mention(found, m.start, m.end, m.text)
    return m


def _named(gazetteer: Gazetteer, name: str, kind: str) -> str | None:
    """The only region of the situation's countries with this name (for kind 'region'), else
    the place the name resolves to, taken as of `kind` or the place of `kind` it lies in."""
    own = gazetteer.names.get(normalize(name))
    if own is not None:
        return within(gazetteer, own, kind)
    world = gazetteer.world
    if world is None:
        return None
    if kind == "region":
        regions = [
            p
            for p in world.candidates(name)
            if p.rank == _REGION_RANK and (not gazetteer.scope or p.country in gazetteer.scope)
        ]
        if len(regions) == 1:
            return gazetteer.adopt(regions[0])
    found = world.resolve(name, gazetteer.scope)
    return within(gazetteer, gazetteer.adopt(found), kind) if found is not None else None


def _adjectives(text: str, taken: list[Mention], gazetteer: Gazetteer, c: Cues) -> list[Mention]:
    """Names made adjectives before a kind word ('в Ошской области'): the place of that kind
    exactly one of the name's forms (`adjective_stems`) gives."""
    if c.kind_adjective is None:
        return []
    out = []
    starts = [m.start for m in taken]
    for match in c.kind_adjective.finditer(text):
        if _overlaps(match.start(), match.end(), taken, starts):
            continue
        kind = next(k[2:] for k, v in match.groupdict().items() if k.startswith("k_") and v)
        stem = match.group("stem")
        forms = [stem + end for end in c.adjective_stems.get(match.group("join"), ("",))]
        found = {p for form in forms if (p := _named(gazetteer, form, kind))}
        if len(found) == 1:
            out.append(Mention(found.pop(), match.start(), match.end(), match.group(0)))
    return out


@dataclass(frozen=True)
class Speaker(Mention):
    """A country named by the people's adjective of who speaks or acts ('Kyrgyz authorities
    have evacuated 5,000 people and claim 136,000 displaced'): a government counts and moves
    the displaced on its own side, so it is the place of displacement figures; of no other
    (a toll it gives may be the other side's)."""


def _sides(
    text: str, taken: list[Mention], gazetteer: Gazetteer, c: Cues, speakers: bool = False
) -> list[Mention]:
    """Countries named by their people's adjective beside a word for a side ('on the Tajik
    side', 'с таджикской стороны'), or, with `speakers`, for its authorities ('Kyrgyz
    authorities': `Speaker`s): the country the adjective's start names (`side_country`)."""
    out: list[Mention] = []
    starts = [m.start for m in taken]
    kind = Speaker if speakers else Mention
    for pattern in c.speakers if speakers else c.side:
        for match in pattern.finditer(text):
            start, end = match.span("adj")
            if _overlaps(start, end, taken, starts):
                continue
            found = side_country(gazetteer, match.group("adj"), c.side_endings)
            if found:
                out.append(kind(found, start, end, match.group("adj")))
    return out


#: The fewest letters of an adjective's start that may name a country ('Iraq', 'Chad').
MIN_SIDE_STEM = 4


def side_country(gazetteer: Gazetteer, adjective: str, endings: tuple[str, ...]) -> str | None:
    """The country a people's adjective names ('Tajik': Tajikistan, 'Lebanese': Lebanon,
    'таджикской': Таджикистан): of the adjective, or of it less one of `endings`, the longest
    start of at least MIN_SIDE_STEM letters that begins a name of some country, when it begins
    the names of exactly one (of the situation's countries, else of all); else None."""
    if gazetteer.world is None:
        return None
    word = normalize(adjective)
    stems = {word} | {word[: -len(e)] for e in endings if e and word.endswith(e)}
    for stem in sorted((s for s in stems if len(s) >= MIN_SIDE_STEM), key=len, reverse=True):
        found = gazetteer.world.countries_starting(stem)
        if not found:
            continue
        inside = [p for p in found if p.country in gazetteer.scope]
        chosen = inside if len(inside) == 1 else found
        return gazetteer.adopt(chosen[0]) if len(chosen) == 1 else None
    return None


def _anaphora(text: str, named: list[Mention], gazetteer: Gazetteer, c: Cues) -> list[Mention]:
    """Kinds named without a name ('in the province'): the last place of that kind named
    before, or the one of that kind the last named place lies in. A kind word right before a
    name ('the province of Paktika') is that name's, not an anaphora."""
    out = []
    starts = [m.start for m in named]
    for kind, pattern in c.kind_anaphora.items():
        for match in pattern.finditer(text):
            if _overlaps(match.start(), match.end(), named, starts) or _names_next(
                text, match, named, starts, c, kind
            ):
                continue
            earlier = named[: bisect.bisect_left(starts, match.start())]
            found = next(
                (p for m in reversed(earlier) if (p := within(gazetteer, m.place_id, kind))), None
            )
            if found:
                out.append(Mention(found, match.start(), match.end(), match.group(0)))
    return out


def _names_next(
    text: str, match: re.Match[str], named: list[Mention], starts: list[int], c: Cues, kind: str
) -> bool:
    """Whether the kind word is the one before a name ('the province of Paktika')."""
    before = c.kind_before.get(kind)
    i = bisect.bisect_left(starts, match.end())
    if before is None or i >= len(named) or named[i].start - match.start() > KIND_REACH:
        return False
    return before.search(text, match.start(), named[i].start) is not None


def _overlaps(start: int, end: int, mentions: list[Mention], starts: list[int]) -> bool:
    """Whether start..end overlaps one of `mentions` (in order, apart; `starts` their starts)."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and mentions[i].end > start


def _merge(kept: list[Mention], more: list[Mention]) -> list[Mention]:
    """`kept` and those of `more` that overlap none of them (nor an earlier one), in order."""
    out = list(kept)
    for m in sorted(more, key=lambda m: m.start):
        starts = [k.start for k in out]
        if not _overlaps(m.start, m.end, out, starts):
            out.insert(bisect.bisect_left(starts, m.start), m)
    return out
