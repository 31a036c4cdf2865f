"""What a figure means beyond what it counts, read from the number's clause: whether it is a
projection (a forecast, warning, plan or aim), a rate ("1,200 a day"), about another event or
period ("the 2,000 killed in the 2005 quake"), and, for people who moved, where they came from and
went. Every word is in the `meaning` section of the language files; the code is the same for all.

`read_meaning` is called once per figure by the extractor (extract/figures.py) after it has read
what the number counts; it returns the figure with these fields set (SPEC section 1).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from loaders.extract.cues import locates_one_before, locating
from loaders.extract.dates import YEAR
from loaders.model.languages import language
from loaders.model.records import Figure, Modality, agency_note
from loaders.model.vocabulary import VOCABULARY
from loaders.read.characters import LOWER_CLASS
from loaders.read.gazetteer import Mention

I = re.I  # noqa: E741

#: How far either side of a number its clause is read (characters).
_REACH = 140
#: What ends a clause in every language: a semicolon, a colon, a sentence's end, or another
#: number (its words are its own; a year is not one); the language adds its own words.
_CLAUSE_MARKS = r"[;:!?]|\.\s|(?<!\d)(?!(?:19|20)\d\d(?!\d))\d"


def _list_end(joins: list[str]) -> str:
    """The clause ends of a rate: as `_CLAUSE_MARKS`, but a number after a joining word ('and')
    continues a list, and a rate word after the list applies to all its amounts ('10,000 tons of
    food and 150,000 litres of fuel every week')."""
    plain = [w for w in joins if re.fullmatch(r"\w+", w)]
    after_join = "".join(rf"(?<!\b{w}\s)" for w in plain)
    within = r"(?<!\d)(?<!\d[,.\s\u00a0\u202f])"  # not a digit within a number ('150,000')
    return r"[;:!?]|\.\s|" + after_join + within + r"(?!(?:19|20)\d\d(?!\d))\d"


#: A year named with a figure that ended this many days before the article makes the figure
#: about an earlier period (a crisis that began in December is still reported in January).
PAST_YEAR_DAYS = 90
#: How far after a number a year makes it background ("killed in the 2005 quake").
_YEAR_AFTER = 80
#: The longest opening phrase of a sentence read as its time ("In June last year,"), characters.
_OPENER = 40
#: Where an opening phrase ends: its comma (not one inside a number: "1,000"; one after a year is).
_OPENER_END = re.compile(r",(?!\d)")
#: A count started in a year named this close before the number runs to now ("since 2015, 3,000").
_SINCE_NEAR = 40
#: Characters before a place name in which its preposition is looked for.
_BEFORE_PLACE = 32


def _alt(words: list[str]) -> str:
    words = [w for w in words or [] if w]
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" if words else "(?!)"


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + _alt(words) + r"(?!\w)", I)


@dataclass(frozen=True)
class MeaningWords:
    """The compiled `meaning` section of one language file."""

    clause_end: re.Pattern[str]
    words_end: re.Pattern[str]
    phrase_end: re.Pattern[str]
    projected: re.Pattern[str]
    not_projected: re.Pattern[str]
    per: tuple[tuple[str, re.Pattern[str]], ...]
    per_average: tuple[tuple[str, re.Pattern[str]], ...]
    average: re.Pattern[str]
    background: re.Pattern[str]
    #: A whole year named ('for all of 2017', `meaning: whole_year`), its year in group `year`.
    whole_year: re.Pattern[str]
    since_before: re.Pattern[str]
    since_any: re.Pattern[str]
    part: re.Pattern[str]
    period: re.Pattern[str]
    group_head: re.Pattern[str]
    destination_before: re.Pattern[str]
    origin_before: re.Pattern[str]
    #: A word of nearness right before a place ('près de', `meaning: near`), or of following in
    #: a ranking ('seguido de Perú', `meaning: following`): people there are near it or in it,
    #: never from it.
    near_before: re.Pattern[str]
    #: The words before a name that say its kind ('la ville de', `grammar: place_kind_before`).
    kind_before: re.Pattern[str]
    #: A word of leaving right after a place (`grammar: origin_after`, "Украину покинули").
    origin_after: re.Pattern[str]
    #: Words before a place people are on their way to (`grammar: heading_to`, "rumbo a").
    heading_before: re.Pattern[str]
    #: Text ending right before a place that locates the place before its comma ("Hodeida, the
    #: main port city in ", `grammar: describing`): no destination.
    locating: re.Pattern[str]
    #: An event right before a place ("the war in", `grammar: event_places`): people it moved
    #: came from there.
    event_before: re.Pattern[str]
    #: One aid agency's name, as written (`meaning: agency: names`), and the words naming it
    #: as a figure's source only, right before it (`source`: 'according to').
    agency: re.Pattern[str]
    agency_source: re.Pattern[str]
    #: Each incident a toll may be of (`meaning: incident`), by its key: a word of `before`,
    #: then within three words one of its names ("killed in the explosion": 'explosion'), or
    #: one of its names then a word of `after` ("the explosion killed").
    incident: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]


@cache
def meaning_words(code: str) -> MeaningWords:
    """The meaning words of language `code` (compiled once)."""
    m = language(code).meaning

    articles = _alt(language(code).grammar.get("articles", []))
    # Words that are never the adjective before a place ("fled to Poland": "to" is not one).
    function = _alt([*language(code).stopwords, *m.get("destination", []), *m.get("origin", [])])

    def before(words: list[str]) -> re.Pattern[str]:
        # The words right before a place name, with an optional article and an optional word
        # in lower case between ("ins benachbarte Usbekistan", "to neighbouring Chad").
        adjective = r"(?:(?!" + function + r"\s)(?-i:" + LOWER_CLASS + r")[\w'’-]*\s+)?"
        return re.compile(
            r"(?<!\w)" + _alt(words) + r"\s+(?:" + articles + r"\s*)?" + adjective + "$", I
        )

    after_comma = _alt(m.get("after_comma", []))
    ends = r",\s+" + after_comma + r"(?!\w)|(?<!\w)" + _alt(m.get("clause_end", []))
    return MeaningWords(
        clause_end=re.compile(_CLAUSE_MARKS + "|" + ends + r"(?!\w)", I),
        phrase_end=re.compile(r"[;:!?]|\.\s|" + ends + r"(?!\w)", I),
        words_end=re.compile(_list_end(m.get("after_comma", [])) + "|" + ends + r"(?!\w)", I),
        projected=_words(m.get("projected", [])),
        not_projected=_words(m.get("not_projected", [])),
        per=tuple((k, _words(v)) for k, v in (m.get("per") or {}).items()),
        per_average=tuple((k, _words(v)) for k, v in (m.get("per_average") or {}).items()),
        average=_words(m.get("average", [])),
        background=_words(m.get("background", [])),
        whole_year=re.compile(
            r"(?<!\w)" + _alt(m.get("whole_year", [])) + r"\s*(?P<year>(?:19|20)\d\d)(?!\d)", I
        ),
        since_before=re.compile(r"(?<!\w)" + _alt(m.get("since", [])) + r"\s.{0,30}$", I),
        since_any=_words(m.get("since", [])),
        part=_words(m.get("part", [])),
        period=_words((m.get("scope") or {}).get("period", [])),
        group_head=_group_head(m.get("scope") or {}),
        destination_before=before(m.get("destination", [])),
        origin_before=before(m.get("origin", [])),
        near_before=before([*m.get("near", []), *m.get("following", [])]),
        kind_before=_kind_before(language(code).grammar.get("place_kind_before") or {}),
        heading_before=before(language(code).grammar.get("heading_to") or []),
        locating=locating(language(code).grammar),
        origin_after=re.compile(
            r"\s*" + _alt(language(code).grammar.get("origin_after") or []) + r"(?!\w)", I
        ),
        event_before=before(language(code).grammar.get("event_places", [])),
        agency=re.compile(r"(?<!\w)" + _alt((m.get("agency") or {}).get("names", [])) + r"(?!\w)"),
        agency_source=re.compile(
            r"(?<!\w)" + _alt((m.get("agency") or {}).get("source", [])) + r"\s+(?:\w+\s+){0,2}$",
            I,
        ),
        incident=_incidents(m.get("incident") or {}),
    )


def _group_head(scope: dict) -> re.Pattern[str]:
    """A group named among the first words after the number ('77 health workers'): scope
    words are stems, matched at a word's start; a list of groups naming everyone ('men, women
    and children', `scope: everyone`) is no group but all the people counted."""
    return re.compile(
        r"^\s*(?:[\w'’-]+\s+){0,2}?(?<!\w)(?!"
        + _alt(scope.get("everyone", []))
        + r")(?P<group>"
        + _alt(scope.get("subgroup", []))
        + r")[\w'’-]*",
        I,
    )


def _kind_before(kinds: dict) -> re.Pattern[str]:
    """A word naming a place's kind right before it ('la ville de')."""
    return re.compile(r"(?<!\w)" + _alt([str(w) for ws in kinds.values() for w in ws]) + r"\s*$", I)


def clause(words: MeaningWords, text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around the number at text[start:end]: from after the last clause
    end before it (or _REACH characters back) to the next one after it."""
    lo = max(0, start - _REACH)
    for found in words.clause_end.finditer(text, lo, start):
        lo = found.end()
    after = words.clause_end.search(text, end, min(len(text), end + _REACH))
    return lo, after.start() if after else min(len(text), end + _REACH)


def _incidents(found: dict) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """(key, after a word of `before`, before a word of `after`) of each incident of `meaning:
    incident`: a word of its `before`, up to three words (an article, what blew up), maybe an
    elided article, then one of its names ('killed in the explosion'); or one of its names,
    up to three words and a word of `after` ('the explosion killed'); never a plural ('in
    attacks' are many)."""
    before, after = _alt(found.get("before") or []), _alt(found.get("after") or [])
    out = []
    for key, names in (found.get("names") or {}).items():
        name = r"(?:\w+['’])?" + _alt(names) + r"(?![\w-])"
        out.append(
            (
                key,
                re.compile(r"(?<!\w)" + before + r"\s+(?:[\w'’-]+\s+){0,3}?" + name, I),
                re.compile(r"(?<!\w)" + name + r"(?:\s+[\w'’-]+){0,3}?\s+" + after + r"(?!\w)", I),
            )
        )
    return tuple(out)


def _incident_of(words: MeaningWords, left: str, right: str) -> str | None:
    """The key of the one incident a toll's clause or the phrase before it ties it to ('68
    killed in the explosion', 'the death toll from an explosion at a fuel depot ... climbed to
    68', 'the explosion killed 68': 'explosion'), or None."""
    return next(
        (
            key
            for key, after_before, before_after in words.incident
            if after_before.search(left) or after_before.search(right) or before_after.search(left)
        ),
        None,
    )


def _phrase_left(words: MeaningWords, text: str, start: int) -> str:
    """The words of the number's clause before it, dates and other numbers included ('From 1
    December to 1 January, almost 300,000 fled')."""
    lo = max(0, start - _REACH)
    for found in words.phrase_end.finditer(text, lo, start):
        lo = found.end()
    return text[lo:start]


def modality(words: MeaningWords, left: str, right: str) -> Modality:
    """Projected when the clause has a projection word (not one that follows a count: 'more
    than expected')."""
    for side in (left, right):
        if words.projected.search(words.not_projected.sub(" ", side)):
            return Modality.projected
    return Modality.reported


def per(words: MeaningWords, left: str, right: str) -> str | None:
    """The period of a rate: 'a day' after the number, or 'daily' with an average word."""
    for period, pattern in words.per:
        if pattern.search(right):
            return period
    if words.average.search(left):
        for period, pattern in words.per_average:
            if pattern.search(right) or pattern.search(left):
                return period
    return None


def _opener(words: MeaningWords, text: str, lo: int) -> str:
    """The sentence's short opening phrase, up to its comma, when the number comes after it ('In
    June last year, a 5.9 magnitude quake killed 1,000', where the magnitude ends the number's
    clause): it sets the time of the whole sentence. Empty when
    there is none, or when it is where a count started ('Since last year, ...')."""
    found = _OPENER_END.search(text, 0, min(lo, _OPENER + 1))
    if found is None:
        return ""
    opener = text[: found.start()]
    return "" if words.since_before.search(opener) else opener


def background(
    words: MeaningWords, left: str, right: str, figure: Figure, opener: str = ""
) -> bool:
    """About another event or period: a background word in the clause or in the sentence's
    opening phrase, a year in either that ended more than PAST_YEAR_DAYS before the article
    ('En 2023, les inondations avaient fait 52 morts' in June 2024: last season's toll; 'in
    December 2023' in an article of 5 January 2024 is not), or a date two years old. A year a
    count started from is not one ('since 2015, 3,000 killed', '3,000 killed since 2015'); a
    year far before the number, in a clause of its own, is ('the largest since the 1985 quake,
    which killed 20,000')."""
    if any(words.background.search(side) for side in (left, right, opener)):
        return True
    published = figure.published or figure.as_of
    if figure.as_of.year <= published.year - 2:
        return True

    def old(year: re.Match[str], side: str, near: bool) -> bool:
        """Two or more years back and not where a count started nearby; or last year, ended
        PAST_YEAR_DAYS ago, with no word of a count starting anywhere before it ('the toll
        since the start of military events in October 2023 rose to 2,036' runs to now)."""
        number = int(year.group())
        if number <= published.year - 2:
            return not (words.since_before.search(side, 0, year.start()) and near)
        ended = dt.date(number, 12, 31)
        recent = ended >= published or (published - ended).days <= PAST_YEAR_DAYS
        return not recent and not words.since_any.search(side, 0, year.start())

    after = [int(y.group()) for y in YEAR.finditer(right, 0, _YEAR_AFTER)]
    if any(y >= published.year for y in after):
        return False  # 'from 695,000 at the end of 2015 ... to 3,929,560 by mid-2019': now
    for side in (left, opener):
        for year in YEAR.finditer(side):
            if old(year, side, len(side) - year.end() <= _SINCE_NEAR):
                return True
    return any(old(year, right, True) for year in YEAR.finditer(right, 0, _YEAR_AFTER))


def _locates_the_one_before(
    words: MeaningWords, text: str, mentions: list[Mention], i: int
) -> bool:
    """Whether mention `i` locates the place right before its comma ("Hodeida, the main port
    city in Yemen"): a description of that place, not where people went."""
    return i > 0 and locates_one_before(words.locating, text, mentions[i], {mentions[i - 1].end})


def moved(
    words: MeaningWords, text: str, lo: int, hi: int, mentions: list[Mention]
) -> tuple[str | None, str | None]:
    """(origin, destination): the places of the clause named after a word of coming from ('from
    X', 'fled X', or an event there: 'the war in X') or of going to ('to X', 'in X'); None when
    none, or several different ones."""
    origins, destinations = set(), set()
    first = bisect.bisect_left(mentions, lo, key=lambda m: m.start)  # in the sentence's order
    for i in range(first, len(mentions)):
        m = mentions[i]
        if m.start > hi:
            break
        if m.end > hi or _locates_the_one_before(words, text, mentions, i):
            continue
        end, near = before_place(words, text, m.start)
        if near:
            continue  # 'près de la ville de Goré': where they are, not where they came from
        before = text[max(0, end - _BEFORE_PLACE) : end]
        if (
            words.origin_before.search(before)
            or words.event_before.search(before)
            or words.origin_after.match(text, m.end)
        ):
            origins.add(m.place_id)
        elif words.destination_before.search(before) and not words.heading_before.search(
            text[max(0, m.start - _BEFORE_PLACE * 2) : m.start]
        ):
            destinations.add(m.place_id)
    origin = next(iter(origins)) if len(origins) == 1 else None
    destination = next(iter(destinations - origins), None) if len(destinations) == 1 else None
    return origin, destination


def before_place(words: MeaningWords, text: str, start: int) -> tuple[int, bool]:
    """(where the words before the place named at `start` end, its kind's words left out;
    whether a word of nearness or of following ends them). 'près de la ville de Goré': 'près
    de', not the kind's 'de', so near Goré, not from it; 'seguido de Perú': next in a ranking,
    not from Perú; 'fled from the city of X': 'from'."""
    kind = words.kind_before.search(text, max(0, start - 2 * _BEFORE_PLACE), start)
    end = kind.start() if kind else start
    return end, words.near_before.search(text, max(0, end - _BEFORE_PLACE), end) is not None


#: What ends one part of a sentence ('...; while ...') for a whole year named before a number.
_PART_BREAK = re.compile(r"[;:]")
#: How far before a number a whole year is looked for (characters): each number reads its own
#: stretch, so a sentence listing thousands of counts stays linear.
_YEAR_REACH = 300


def _whole_past_year(words: MeaningWords, text: str, start: int, hi: int, figure: Figure) -> bool:
    """Whether the number's part of the sentence, up to its clause's end, names a whole year
    that ended before the article ('il excède le nombre total d'arrivants au Tchad pour toute
    l'année 2017, qui s'élève à environ deux mille', in January 2018): that year's count, not
    the situation's now, however recently the year ended. Looked for _YEAR_REACH characters
    back at most."""
    near = max(0, start - _YEAR_REACH)
    part = max((m.end() for m in _PART_BREAK.finditer(text, near, start)), default=near)
    published = figure.published or figure.as_of
    return any(
        int(m.group("year")) < published.year for m in words.whole_year.finditer(text, part, hi)
    )


def _period_over_its_end(words: MeaningWords, text: str, end: int, hi: int) -> re.Match | None:
    """A count of one period stated by words that start in the number's clause and run on over
    the number that ends it ('Over 6,000 displaced in 10 days': a clause ends at a number)."""
    found = words.period.search(text, end, min(len(text), hi + _PERIOD_TAIL))
    return found if found is not None and found.start() < hi else None


#: How far past its clause's end a count's period words may run ("in 10 days").
_PERIOD_TAIL = 30


#: How far before a count of people reached its agency may be named (characters).
_AGENCY_REACH = 200


def _agency(words: MeaningWords, text: str, start: int, end: int, hi: int) -> str | None:
    """The one aid agency named as who reached the people of text[start:end]: the last named
    before it in its sentence (_AGENCY_REACH characters back at most), else the first after it
    in its clause ('reached by WFP'); never one named as the figure's source ('according to
    UNICEF')."""
    before = list(words.agency.finditer(text, max(0, start - _AGENCY_REACH), start))
    for m in [*reversed(before), *words.agency.finditer(text, end, hi)]:
        if not words.agency_source.search(text, max(0, m.start() - _AGENCY_REACH), m.start()):
            return m.group()
    return None


def _note(words: MeaningWords, text: str, at: tuple[int, int, int], indicator: str) -> str:
    """The note of a count of people at text[start:end] whose clause ends at `hi` (`at`): a
    group named in its noun phrase ('77 health workers'), a camp, one period ('during the
    weekend'), the one agency that reached them, or the one incident a toll is of; '' for
    none. The headline rules read it (loaders/facts/estimates.py, scope_kind)."""
    start, end, hi = at
    left, right = _phrase_left(words, text, start), text[end:hi]
    said = (
        words.group_head.match(right)
        or next(
            (
                found
                for pattern in (words.part, words.period)
                for side in (left, right)
                if (found := pattern.search(side))
            ),
            None,
        )
        or _period_over_its_end(words, text, end, hi)
    )
    if said:
        return said.group().strip()
    if indicator == "assistance" and (agency := _agency(words, text, start, end, hi)):
        return agency_note(agency)
    if indicator == "casualties":
        return _incident_of(words, left, right) or ""
    return ""


def read_meaning(
    code: str, text: str, start: int, end: int, mentions: list[Mention], figure: Figure
) -> Figure:
    """The figure read from text[start:end] (a sentence, offsets relative to it) with what it
    means set from its clause. A figure of people who moved (a movement indicator of the
    vocabulary) has its place where people are: where they went when the clause says, never
    only where they came from."""
    words = meaning_words(code)
    lo, hi = clause(words, text, start, end)
    left, right = text[lo:start], text[end:hi]
    after = words.words_end.search(text, end, min(len(text), end + _REACH))
    changes: dict[str, object] = {
        "per": per(words, left, text[end : after.start() if after else end + _REACH]),
        "background": background(words, left, right, figure, _opener(words, text, lo))
        or _whole_past_year(words, text, start, hi, figure),
    }
    if VOCABULARY.unit_kind(figure.unit) != "currency":  # money promised is a pledge: funding
        changes["modality"] = modality(words, left, right).value
    if figure.unit == "people" and not figure.note:
        note = _note(words, text, (start, end, hi), figure.indicator)
        if note:
            changes["note"] = note
    if figure.indicator in VOCABULARY.movement_indicators():
        origin, destination = moved(words, text, lo, hi, mentions)
        changes.update(origin=origin, destination=destination)
        if destination is not None:
            changes["place"] = destination
        elif origin is not None and figure.place == origin:
            changes["place"] = None
        elif figure.place is not None:  # where they are is where they went: one series
            changes["destination"] = figure.place
    if all(getattr(figure, k) == v for k, v in changes.items()):
        return figure
    return Figure.model_validate({**figure.model_dump(), **changes})
