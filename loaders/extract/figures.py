"""The extractor: from an article's body to figure records, each with its hedge, date, place and the
sentence it came from.

A number becomes a figure only when its words say what it counts (a head noun such as "armoured
vehicles", "tons", "$", or a cue such as "killed", "fled", "live" in its clause). Anything else
(ages, years, durations, vague amounts) is left out: a missed figure is better than a wrong one.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cache

from loaders.extract import cues, meaning, shares
from loaders.extract.dates import DateSpan, find_dates
from loaders.extract.numbers import NumberSpan, find_numbers
from loaders.extract.place_words import Speaker, kind_of, with_kinds, within
from loaders.extract.sentences import Sentence, split_sentences
from loaders.extract.tables import Cell, table_cells
from loaders.model.languages import codes, detect, language
from loaders.model.records import (
    ALL_SIDES_NOTE,
    EXACT,
    MORE_THAN,
    SOME_NOTE,
    Article,
    Figure,
    Method,
    Modality,
    Qualifier,
    listed_note,
    part_note,
    taken_note,
    unknown_place_note,
)
from loaders.model.vocabulary import VOCABULARY
from loaders.read.articles import Dateline, find_dateline, later_datelines
from loaders.read.characters import LOWER_CLASS
from loaders.read.gazetteer import Gazetteer, Mention
from loaders.read.world import CITY


@dataclass
class _Num:
    """A number in a sentence with what surrounds it; offsets are sentence-relative."""

    span: NumberSpan
    start: int  # of the whole expression: hedge, currency, range
    end: int
    value: float
    value_max: float | None = None
    qualifier: Qualifier = EXACT
    currency: str | None = None


@dataclass(frozen=True)
class _Reading:
    indicator: str
    subtype: str | None
    unit: str
    value_factor: float = 1.0
    note: str = ""
    #: False when the cue is not in the number's own clause (a list item may read better as the
    #: item before it).
    own: bool = True


#: The reading of a count of people its own words say is of none of the vocabulary's entries
#: (visits to doctors): no figure, and no list item after it takes another item's reading.
_NO_COUNT = _Reading("", None, "people")


@dataclass
class _SentenceContext:
    """What a sentence can borrow from around it: the lead of a list, the sentences before."""

    cues: cues.Cues
    lead: Sentence | None
    before: list[Sentence]
    #: The sentence itself.
    sentence: str = ""
    #: The reading of the last count of people in the sentences before.
    previous: _Reading | None = None
    #: Places a figure naming none may take from the earlier sentences of its paragraph, nearest
    #: first (`_lendable`), and those of them people did not leave (for displacement).
    earlier_places: list[str] = field(default_factory=list)
    earlier_arrivals: list[str] = field(default_factory=list)
    #: A place the gazetteer lacks that the sentences before set the scene in, nearer than any
    #: place it knows ('En Zimbaue, ...'): figures naming no place are there.
    earlier_scene: str | None = None
    #: The one place the article names as where people went, if it names one (`_destinations`).
    article_destination: str | None = None
    wide: str = ""
    #: The sentence and the two before it within its paragraph, with the list's lead.
    near: str = ""
    _seen: dict = field(default_factory=dict)
    #: Answers computed once per sentence, whatever the number of figures in it.
    cache: dict = field(default_factory=dict)

    def mention_starts(self, mentions: list[Mention]) -> list[int]:
        """Start offsets of the sentence's place mentions (computed once)."""
        key = ("starts", len(mentions))
        if key not in self.cache:
            self.cache[key] = [m.start for m in mentions]
        return self.cache[key]

    def kind_only(self, mentions: list[Mention]) -> set[int]:
        """The ids of the sentence's mentions naming a kind without a name ('the province'),
        worked out once: most sentences have none."""
        if "kind_only" not in self.cache:
            self.cache["kind_only"] = {id(m) for m in mentions if _is_anaphora(self.cues, m)}
        return self.cache["kind_only"]

    def in_sentence(self, pattern: re.Pattern[str]) -> bool:
        """Whether the sentence itself matches `pattern` (asked once per sentence)."""
        key = ("sentence", pattern.pattern)
        if key not in self.cache:
            self.cache[key] = pattern.search(self.sentence) is not None
        return self.cache[key]

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether the sentence, the two before it or the list's lead match `pattern` (asked
        once per sentence, however many numbers it has)."""
        if pattern.pattern not in self._seen:
            self._seen[pattern.pattern] = pattern.search(self.wide) is not None
        return self._seen[pattern.pattern]

    def mentions_near(self, pattern: re.Pattern[str]) -> bool:
        """Whether the sentence, the two before it in its paragraph or the list's lead match
        `pattern`: a topic a paragraph before set ('the Government's Humanitarian Center') does
        not make the next paragraph's '20,892 vehicles crossed the bridge' aid trucks."""
        key = ("near", pattern.pattern)
        if key not in self.cache:
            self.cache[key] = pattern.search(self.near) is not None
        return self.cache[key]


def figure_id(source: str, *parts: object) -> str:
    """A short id that stays the same when the same file is read again."""
    key = "|".join([source, *map(str, parts)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def article_language(article: Article) -> str:
    """The article's language as its front matter or registry row gives it; when that is missing
    or not one the extractor reads, the language its words are in."""
    given = (article.language or "").lower()
    if given in codes():
        return given
    return detect(article.body)


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Figure]:
    """Every figure in the article's body."""
    gazetteer = gazetteer or Gazetteer()
    body = article.body
    c = cues.cues_for(article_language(article))
    dateline = find_dateline(body) or next(
        (d for d in later_datelines(body) if gazetteer.lookup(d.name) is not None), None
    )
    dateline_place = gazetteer.lookup(dateline.name) if dateline else None
    sentences = split_sentences(body, c.code)
    lede = _paragraph_at(sentences, dateline.start) if dateline else 0
    figures: list[Figure] = []
    lead: Sentence | None = None
    mentions_cache = _mentions_by_sentence(body, sentences, gazetteer, c, dateline)
    destination = _destinations(c, sentences, mentions_cache, gazetteer)
    cells = table_cells(sentences)
    previous: _Reading | None = None
    left_from: Figure | None = None  # the last count of people who moved, if it names a start
    asked: set[str] = set()  # the currencies of the appeals read so far
    for i, sentence in enumerate(sentences):
        if i in cells:
            figures.extend(_cell_figures(article, sentence, cells[i], c, gazetteer))
            continue
        prev = sentences[i - 1] if i else None
        if prev is not None and prev.text.rstrip().endswith(":"):
            lead = prev
        elif not _is_list_item(sentence.text):
            lead = None
        numbers = find_numbers(sentence.text, c.code)
        if not numbers:
            continue  # most sentences: nothing to read, no context to build
        context = _context_of(c, sentences, i, lead, previous, mentions_cache, gazetteer)
        context.article_destination = destination
        found = _sentence_figures(
            article,
            sentence,
            context,
            gazetteer,
            _dateline_country(gazetteer, dateline_place.id)
            if dateline_place and sentence.paragraph == lede
            else None,
            sentences,
            (dateline.start, dateline.prefix_end) if dateline else (0, 0),
            mentions_cache[i],
            numbers,
        )
        if not found:
            continue
        found = _parts_without_total(c, sentence, _parts_of_totals(found))
        found = _shares_of_appeals(c, sentence.text, sentence.start, found, asked)
        found = _from_where_the_whole_left(c, sentence.text, found, left_from)
        asked.update(f.unit for f in found if (f.indicator, f.subtype) == ("aid", "appeal"))
        figures.extend(found)
        people = [f for f in found if f.unit == "people" and not f.derived]
        if people:
            last = people[-1]
            previous = _Reading(str(last.indicator), last.subtype, "people")
            left_from = last if last.indicator in VOCABULARY.movement_indicators() else None
    figures = _in_the_articles_country(figures, _article_country(gazetteer, mentions_cache))
    return _repeated_as_background(_rounded_as_background(figures, body), article.date, body)


def _from_where_the_whole_left(
    c: cues.Cues, text: str, found: list[Figure], whole: Figure | None
) -> list[Figure]:
    """The counts of a sentence that opens with a word of inclusion ("Из них в Польшу выехали
    3,09 миллиона", "Of them, ...", "Davon ...") after a count of people who left a place are
    parts of those people: each of their kind that names where people went and not where they
    came from came from that place."""
    start = c.inclusion.match(text.lstrip(" \"'“«(-"))
    if whole is None or whole.origin is None or start is None:
        return found
    return [
        f.model_copy(update={"origin": whole.origin})
        if f.indicator == whole.indicator
        and f.origin is None
        and f.destination not in (None, whole.origin)
        else f
        for f in found
    ]


def _article_country(gazetteer: Gazetteer, mentions_cache: list[list[Mention]]) -> str | None:
    """The one declared country every place an article names lies in, when the situation
    declares several (a report on Malawi alone in a Malawi and Mozambique situation); None
    when it names places of two countries, a place of none, or no place."""
    if len(gazetteer.declared) < 2:
        return None
    found: set[str | None] = set()
    for mentions in mentions_cache:
        found.update(within(gazetteer, m.place_id, "country") for m in mentions)
        if len(found) > 1:
            return None
    country = next(iter(found), None)
    return country if country in gazetteer.declared else None


def _in_the_articles_country(figures: list[Figure], country: str | None) -> list[Figure]:
    """Figures with no place of their own, of an article about one of the situation's declared
    countries only (`_article_country`): that country's ('the death toll has risen to 225',
    in a report on Malawi, is Malawi's, not the whole of a cyclone that also hit Mozambique);
    never people who left it, another event's figures, nor figures of a place the gazetteer
    lacks."""
    if country is None:
        return figures
    return [
        f.model_copy(update={"place": country})
        if f.place is None
        and not f.background
        and f.origin != country
        and f.note != ALL_SIDES_NOTE
        and not f.note.startswith(unknown_place_note(""))  # somewhere it does not know
        else f
        for f in figures
    ]


def _shares_of_appeals(
    c: cues.Cues, text: str, offset: int, found: list[Figure], asked: set[str]
) -> list[Figure]:
    """Money read as funding only from the sentences around it (its own names no funding) that
    its clause says is planned ('7,2 миллиарда долларов — планируется оказать жертвам конфликта
    в Сирии'), after an appeal in the same currency, is the share of that appeal planned for a
    place or a group: an appeal too, not money given. Money its own sentence calls given,
    allocated or collected stays funding."""
    if not asked or c.cue("aid", "funding").search(text):
        return found
    words = meaning.meaning_words(c.code)
    out = []
    for f in found:
        if (f.indicator, f.subtype) == ("aid", "funding") and f.unit in asked:
            start, end = (f.start or offset) - offset, (f.end or offset) - offset
            lo, hi = meaning.clause(words, text, start, end)
            said = meaning.modality(words, text[lo:start], text[end:hi])
            if said == Modality.projected:
                f = f.model_copy(update={"subtype": "appeal"})
        out.append(f)
    return out


#: How much of a total its parts may leave out (a few people counted under neither part).
_PARTS_SHARE = 0.02


def _parts_of_totals(found: list[Figure]) -> list[Figure]:
    """Figures that break down a total their sentence gives first ('2,192 sought medical
    help, 1,033 were hospitalised, 1,139 were treated as outpatients'): two or more figures of
    the total's kind and place right after it, each smaller, that add up to it (within
    _PARTS_SHARE, never above it), are its parts, noted as such (`part_note`), not competing
    counts of the same thing. Parts about other places are already a breakdown by place and
    stay as they are."""
    out = list(found)
    for i, total in enumerate(out):
        if total.unit != "people" or total.derived or total.note or total.value_max is not None:
            continue
        run: list[int] = []
        for j in range(i + 1, len(out)):
            f = out[j]
            if f.derived:
                continue
            if (f.indicator, f.subtype, f.unit) != (total.indicator, total.subtype, total.unit):
                continue
            if f.place != total.place or f.value >= total.value or f.value_max is not None:
                break
            run.append(j)
        added = sum(out[j].value for j in run)
        if len(run) >= 2 and total.value * (1 - _PARTS_SHARE) <= added <= total.value:
            for j in run:
                if not out[j].note:
                    out[j] = out[j].model_copy(update={"note": part_note(total.value)})
    return out


def _parts_without_total(c: cues.Cues, sentence: Sentence, found: list[Figure]) -> list[Figure]:
    """Counts of one kind, place and day that a sentence lists one after another, joined by a
    comma or a word of a list, whose head words repeat with a word that tells them apart ('9
    blessés graves et 246 blessés plus légèrement touchés', '9 seriously injured and 246
    lightly injured'): groups with no one in common, each a part of their sum (`part_note`),
    none the whole count (246 is not the injured of the cyclone, 255 are)."""
    out = list(found)
    run: list[int] = []
    for j in range(len(out) + 1):
        if j < len(out) and run and _next_part(c, sentence, out[run[-1]], out[j]):
            run.append(j)
            continue
        if len(run) >= 2 and not any(out[k].note for k in run):
            total = sum(out[k].value for k in run)
            for k in run:
                out[k] = out[k].model_copy(update={"note": part_note(total)})
        run = [j] if j < len(out) and _may_be_part(out[j]) else []
    return out


def _may_be_part(f: Figure) -> bool:
    """Whether a figure may be one of several groups its sentence lists (`_parts_without_total`)."""
    return f.unit == "people" and not f.derived and not f.note and f.value_max is None


#: Words after a listed count, up to the next number or the end of its part of the sentence.
_WORDS_AFTER = re.compile(r"[^\d.;:,]{0,60}")
_A_WORD = re.compile(r"[^\W\d_]+")
_COMMA = re.compile(",")


def _next_part(c: cues.Cues, sentence: Sentence, before: Figure, f: Figure) -> bool:
    """Whether `f` is the next group of a list `before` opens: the same kind, place and day,
    with only words and a comma or a word of a list between them (not a comma and a word
    opening a clause of its own), and the words after each sharing a word (their head) but
    not all of them."""
    if not _may_be_part(f) or (f.indicator, f.subtype, f.place, f.as_of) != (
        before.indicator,
        before.subtype,
        before.place,
        before.as_of,
    ):
        return False
    if before.end is None or f.start is None or f.end is None:
        return False
    text, base = sentence.text, sentence.start
    between = text[before.end - base : f.start - base]
    join = c.place_list_word.search(between) or _COMMA.search(between)
    if join is None or re.search(r"[\d.;:]", between) or c.clause_join.search(between):
        return False  # ', and 30 were killed in the previous quake': a clause of its own
    after = _WORDS_AFTER.match(text, f.end - base)
    first = {w.lower() for w in _A_WORD.findall(between[: join.start()])}
    second = {w.lower() for w in _A_WORD.findall(after.group() if after else "")}
    return bool(first & second) and first != second


#: How close a round figure must be to a precise one to be it, rounded ('Eine Viertelmillion
#: Flüchtlinge' for 254,000).
_ROUNDED_SHARE = 0.03


def _in_heading(body: str, figure: Figure) -> bool:
    """Whether `figure` stands in a title or heading: a line of its own, short, that ends with
    no sentence mark ('Eine Viertelmillion Flüchtlinge innerhalb Georgiens'). A heading says
    again what the text tells; a sentence of the body tells something of its own."""
    at = figure.start or 0
    end = body.find("\n", at)
    line = body[body.rfind("\n", 0, at) + 1 : len(body) if end < 0 else end].strip()
    return 0 < len(line) <= _HEADING_CHARS and line[-1] not in _SENTENCE_ENDS


#: The longest line read as a heading, and the marks that end a sentence in every language the
#: extractor reads (a heading has none).
_HEADING_CHARS = 200
_SENTENCE_ENDS = frozenset(".!?…;")


def _repeated_as_background(figures: list[Figure], published: dt.date, body: str) -> list[Figure]:
    """A figure with no date of its own (dated the article's day), in a heading, that repeats
    exactly the value of a figure of the same kind the article marks as about another event or
    period is that figure said again, as a headline says its body's ("34 тысячи пострадавших"
    over a look back at a flood ten years before: its lede's 'более 34 тысяч' of 7 July 2012):
    about that event too, and of its day. In a sentence of the body the same value may be
    today's ('Floods killed 12 people' beside 'in 2012 a flood killed 12')."""
    earlier: dict[tuple, dt.date] = {}
    for g in figures:
        if g.background and g.as_of != published:
            earlier.setdefault((g.indicator, g.subtype, g.unit, g.value), g.as_of)
    if not earlier:
        return figures
    out = []
    for f in figures:
        day = earlier.get((f.indicator, f.subtype, f.unit, f.value))
        if day is not None and not f.background and f.as_of == published and _in_heading(body, f):
            f = f.model_copy(update={"background": True, "as_of": day})
        out.append(f)
    return out


def _rounded_as_background(figures: list[Figure], body: str) -> list[Figure]:
    """A round figure (two significant digits at most) in a heading ('Eine Viertelmillion
    Flüchtlinge innerhalb Georgiens') within _ROUNDED_SHARE of a precise figure of the same
    kind that the article marks as about another event ('with earlier conflicts' refugees,
    254,000') is that figure rounded, and about that event too. In a sentence of the body a
    round figure is its own ('At least 100 people were killed' beside 'in 2010 a quake killed
    103')."""
    precise: dict[tuple, list[float]] = {}
    for g in figures:
        if g.background and _significant(g.value) > 2:
            precise.setdefault((g.indicator, g.subtype, g.unit), []).append(g.value)
    if not precise:
        return figures
    for values in precise.values():
        values.sort()
    return [
        f.model_copy(update={"background": True})
        if not f.background
        and _significant(f.value) <= 2
        and _in_heading(body, f)
        and _near_one_of(f.value, precise.get((f.indicator, f.subtype, f.unit), []))
        else f
        for f in figures
    ]


def _near_one_of(value: float, ordered: list[float]) -> bool:
    """Whether `value` is within _ROUNDED_SHARE of one of `ordered` (sorted): the values
    around it are the only candidates (from value / (1 + share) to value / (1 - share))."""
    i = bisect.bisect_left(ordered, value / (1 + _ROUNDED_SHARE))
    return i < len(ordered) and ordered[i] <= value / (1 - _ROUNDED_SHARE)


def _significant(value: float) -> int:
    """How many significant digits a whole number has (250,000: 2; 254,000: 3)."""
    digits = str(round(abs(value))).rstrip("0")
    return len(digits) or 1


def _destinations(
    c: cues.Cues,
    sentences: list[Sentence],
    mentions_cache: list[list[Mention]],
    gazetteer: Gazetteer,
) -> str | None:
    """The one country the article's first paragraph names after a word of going (`going_to`:
    'Die Fluchtbewegung aus der Ukraine nach Deutschland'), not one people left nor an event's;
    None when it names none or several, or the article names other destinations later."""
    found = {
        m.place_id
        for sentence, mentions in zip(sentences, mentions_cache, strict=True)
        for m in mentions
        if c.going_to.search(sentence.text, max(0, m.start - _ORIGIN_REACH), m.start)
        and not _left_or_event(c, sentence.text, m)
        and (sentence.paragraph > 0 or kind_of(gazetteer, m.place_id) == "country")
    }
    lede = {
        m.place_id
        for sentence, mentions in zip(sentences, mentions_cache, strict=True)
        if sentence.paragraph == 0
        for m in mentions
        if m.place_id in found
    }
    return found.pop() if len(found) == 1 and lede == found else None


def _paragraph_at(sentences: list[Sentence], offset: int) -> int:
    """The paragraph of the sentence holding body offset `offset` (the dateline's: its lede)."""
    return next((s.paragraph for s in sentences if s.start <= offset < s.end), 0)


def _dateline_country(gazetteer: Gazetteer, place_id: str) -> str:
    """What a dateline lends the lede's figures that name no place: the country it lies in (the
    reporter wrote from Beirut; the toll is Lebanon's, not the city's), or itself when none."""
    return within(gazetteer, place_id, "country") or place_id


def _context_of(
    c: cues.Cues,
    sentences: list[Sentence],
    i: int,
    lead: Sentence | None,
    previous: _Reading | None,
    mentions_cache: list[list[Mention]],
    gazetteer: Gazetteer,
) -> _SentenceContext:
    """What sentence `i` can borrow: the places of the earlier sentences of its paragraph
    (`_lendable`), the two sentences before it, the lead of its list."""
    sentence = sentences[i]
    earlier, arrivals, scene = _lendable(c, sentences, i, mentions_cache, gazetteer)
    before = sentences[max(0, i - 2) : i]
    wide = " ".join([s.text for s in before] + [sentence.text])
    near = " ".join([s.text for s in before if s.paragraph == sentence.paragraph] + [sentence.text])
    if lead is not None:
        wide, near = lead.text + " " + wide, lead.text + " " + near
    return _SentenceContext(
        cues=c,
        lead=lead,
        before=before,
        sentence=sentence.text,
        previous=previous,
        earlier_places=earlier,
        earlier_arrivals=arrivals,
        earlier_scene=scene,
        wide=wide,
        near=near,
    )


#: Kinds of place a figure may take from a sentence before the one right before it.
_WIDE_KINDS = frozenset({"region", "country"})


def _lendable(
    c: cues.Cues,
    sentences: list[Sentence],
    i: int,
    mentions_cache: list[list[Mention]],
    gazetteer: Gazetteer,
) -> tuple[list[str], list[str], str | None]:
    """(the places a figure of sentence `i` naming none may take, nearest first; those of them
    people did not leave; the name of a place the gazetteer lacks that sets the scene nearer
    than any of them): the places of the sentence before, and the regions and countries of a
    few more before it in the paragraph, up to one whose scene is a place the gazetteer lacks
    ('En Zimbaue, el número de muertos ...': the next sentence's injured are Zimbabwe's, not
    Mozambique's). A city named sentences earlier is a detail (the hospital in Osh), not where
    a toll given later for the whole crisis happened."""
    earlier: list[str] = []
    arrivals: list[str] = []
    unknown: list[str] = []
    for j in range(i - 1, max(-1, i - 1 - _PLACE_LOOKBACK), -1):
        if sentences[j].paragraph != sentences[i].paragraph:
            break
        text = sentences[j].text
        if (scene := _unknown_place_nearer(c, text, 0, len(text), mentions_cache[j])) is not None:
            if not earlier:  # 'En Zimbaue, ... 185 y 259.': what follows is there too
                unknown.append(scene)
            break
        for place, m in _lent_by(c, text, mentions_cache[j], gazetteer):
            if place is None:  # a list no place holds: what follows is about all of them
                return earlier, arrivals, None
            if j < i - 1 and kind_of(gazetteer, place) not in _WIDE_KINDS:
                continue
            if _speaking_city(c, text, m, gazetteer):
                continue
            earlier.append(place)
            if not _left_or_event(c, text, m):
                arrivals.append(place)
    return earlier, arrivals, (unknown[0] if unknown else None)


def _speaking_city(c: cues.Cues, text: str, m: Mention, gazetteer: Gazetteer) -> bool:
    """Whether a city is named only as the seat of who speaks ('según las autoridades de
    Ereván'): it names a government, not where the next sentence's toll happened. A country
    so named ('el gobierno de Honduras') still lends itself: a government counts its own."""
    before = c.speakers_before
    if before is None or kind_of(gazetteer, m.place_id) != "city":
        return False
    return before.search(text, max(0, m.start - _ORIGIN_REACH * 2), m.start) is not None


def _lent_by(
    c: cues.Cues, text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[tuple[str | None, Mention]]:
    """The places a sentence lends the figures after it, last named first, each with the
    mention that names it: a list of places with a word join ("три провинции - Баглан, Тахар
    и Бадахшан", "an der Grenze zwischen Irak und Iran") lends the one place they all lie in
    (Afghanistan), or None when none holds them all, never its last item alone; never a place
    after a count's word of inclusion, where a part of it is ('dont près de la moitié dans la
    région du Menabe')."""
    owned = [m for m in mentions if _counted_at(c, text, m)]
    if len(owned) > 1:  # '1,617 people in Aragatsotn region, ..., 1,237 in Tavush region'
        return [
            (_common_place(gazetteer, _innermost(gazetteer, {m.place_id for m in owned})), owned[0])
        ]
    out: list[tuple[str | None, Mention]] = []
    inclusion = c.inclusion.search(text)
    if inclusion and re.search(r"\d", text[: inclusion.start()]):
        # '27.000 déplacés, dont près de la moitié dans la région du Menabe': a part's place
        mentions = [m for m in mentions if m.start < inclusion.start()]
    k = len(mentions) - 1
    while k >= 0:
        first = k
        while first > 0 and _joined(c, text, mentions[first - 1], mentions[first]):
            first -= 1
        run = mentions[first : k + 1]
        listed = _innermost(gazetteer, {m.place_id for m in run})
        if len(listed) > 1 and c.place_list_word.search(text, run[0].start, run[-1].end):
            out.append((_common_place(gazetteer, listed), run[0]))
        else:
            out.extend((m.place_id, m) for m in reversed(run))
        k = first - 1
    return out


#: How far before a place the words saying people left it, or an event there, may start
#: ("fled from the", "the outbreak of war in").
_ORIGIN_REACH = 20
#: How far before a place the words saying people left it may start, a list's first item
#: included ("from the southern and").
_LEFT_REACH = 40


def _event_at(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether an event is named right before the place ("the war in Ukraine"), the place is
    one of a list relating the sides of one ("the fighting between Georgia and Russia"), or it
    is joined to the displaced it names ("Ukraine-Flüchtlinge"): not where people are."""
    if text.startswith("-", m.end) and c.displaced_head.match(text[m.end : m.end + _NEAR]):
        return True
    if c.place_between_listed.search(text, max(0, m.start - _BETWEEN_LIST_REACH), m.start):
        return True
    return c.event_place.search(text, max(0, m.start - _ORIGIN_REACH), m.start) is not None


#: How far before a place of a list its 'between' may start ("zwischen Georgien und ").
_BETWEEN_LIST_REACH = 60


def _left_or_event(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether people left the place ("fled from"), it is an event's ("the war in"), or they
    are on their way to it ("rumbo a Estados Unidos"): not where they are."""
    return _event_at(c, text, m) or _left(c, text, m) or _heading_to(c, text, m)


def _heading_to(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether people are on their way to the place, not yet there ('rumbo a', 'bound for')."""
    return c.heading_to.search(text, max(0, m.start - _LEFT_REACH), m.start) is not None


def _left(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether people left the place: a word of leaving before it ("fled from", "from the
    southern and") or right after it ("Украину покинули", "die Ukraine verlassen")."""
    if _came_from(c, text, m):
        return True
    return c.origin_after.match(text, m.end) is not None


def _cell_figures(
    article: Article, cell: Sentence, where: Cell, c: cues.Cues, gazetteer: Gazetteer
) -> list[Figure]:
    """The figure of a table cell, read as the cell followed by its column header ("220
    Deaths"); its quote is the whole row. An empty or zero cell gives none."""
    text = f"{cell.text} {where.header}"
    numbers = find_numbers(text, c.code)[:1]
    if not numbers or numbers[0].end > len(cell.text) or numbers[0].value == 0:
        return []
    context = _SentenceContext(cues=c, lead=None, before=[], sentence=text, wide=text)
    virtual = Sentence(cell.start, cell.start + len(text), text, cell.paragraph)
    found = _sentence_figures(article, virtual, context, gazetteer, None, [], (0, 0), [], numbers)
    row = article.body[where.row_start : where.row_end]
    where_row = _row_place(c, row, gazetteer)
    return [
        f.model_copy(update={"quote": row, **(where_row if f.place is None else {})})
        for f in found
        if not f.derived
    ]


def _row_place(c: cues.Cues, row: str, gazetteer: Gazetteer) -> dict[str, str]:
    """What a table row's label says of where its cells are: the place it names ('Punjab'),
    else, for a name the gazetteer lacks ('Khyber Pukhtunkhwa', 'FATA'), the note of a place
    it lacks (a part, never the whole: a table by area); nothing for a totals row (no label)
    or a label that is no name."""
    label = row.split("\n", 1)[0].strip()
    if not label or not label[0].isupper() or any(ch.isdigit() for ch in label):
        return {}
    found = gazetteer.mentions(label, c.name_endings)
    if found:
        return {"place": found[0].place_id}
    return {"note": unknown_place_note(label)}


#: How far before a place a speaker's words may start ("the Taliban regime in").
_ATTRIBUTION_REACH = 50


def _mentions_by_sentence(
    body: str,
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    c: cues.Cues,
    dateline: Dateline | None = None,
) -> list[list[Mention]]:
    """Place mentions of each sentence (offsets relative to it), found in one pass over the body;
    a place where a speaker sits ("the regime in Kabul said") or named as who did something
    ("the republics recognised by Russia", `_agent`) is no figure's place and is left out, for
    its own sentence and for the sentences after it; nor is the dateline's place ('YEREVAN,
    September 26. /TASS/.', which the splitter may make a sentence of its own: it lends the
    lede its country, never itself); kind words read (`with_kinds`: 'the province of Herat' is
    the province, 'in the province' names it again)."""
    starts = [s.start for s in sentences]
    out: list[list[Mention]] = [[] for _ in sentences]
    skip = (dateline.start, dateline.prefix_end) if dateline else (0, 0)
    named = [
        m
        for m in gazetteer.mentions(body, c.name_endings)
        if not c.attribution.search(body, max(0, m.start - _ATTRIBUTION_REACH), m.start)
        and not _agent(c, body, m)
        and not skip[0] <= m.start < skip[1]
    ]
    for m in with_kinds(body, named, gazetteer, c):
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sentences[i].end:
            s = sentences[i]
            out[i].append(replace(m, start=m.start - s.start, end=m.end - s.start))
    return out


def _agent(c: cues.Cues, body: str, m: Mention) -> bool:
    """Whether the place is named as who did something (`grammar: agent`: 'recognised by
    Russia', 'von Russland anerkannten Republiken'), not where anything happened."""
    lo = max(0, m.start - _ATTRIBUTION_REACH)
    return any(
        before.search(body, lo, m.start) and after.match(body, m.end) for before, after in c.agent
    )


def _is_list_item(text: str) -> bool:
    return bool(re.match(r"\s*(?:[-•*–—·]|\d+[.)]\s)", text))


#: How far around a number its words are read (characters); bounds the work per number, so
#: extraction stays linear in the length of a sentence.
_WINDOW = 240
#: How far back a currency or "between" may be, or forward a unit.
_NEAR = 60
#: "Mr Zakaryan, 28, who...": a number between commas after a name is an age.
_AGE_AFTER_NAME = re.compile(r"(?:(?!" + LOWER_CLASS + r")[^\W\d_])[\w'’-]+,\s*$")
#: How far back a hedge may start (the longest hedge phrase is shorter).
_HEDGE_REACH = 40
#: How far before a date to look for what makes it the start of a count ("since the start of
#: the Russian invasion on"): a short clause.
_PERIOD_START_REACH = 60


def _sentence_figures(
    article: Article,
    sentence: Sentence,
    context: _SentenceContext,
    gazetteer: Gazetteer,
    dateline_place: str | None,
    sentences: list[Sentence],
    dateline: tuple[int, int] = (0, 0),
    sentence_mentions: list[Mention] | None = None,
    numbers: list[NumberSpan] | None = None,
) -> list[Figure]:
    c = context.cues
    text = sentence.text
    found = numbers if numbers is not None else find_numbers(text, c.code)
    if not found:
        return []
    dates = find_dates(text, article.date, c.code)
    lead_dates = find_dates(context.lead.text, article.date, c.code) if context.lead else []
    numbers = [n for n in found if not _in_date(n, dates, text) and not _is_year(c, n, text)]
    nums = _merge_ranges(c, text, [_with_surroundings(c, text, n) for n in numbers])
    nums = [n for n in nums if not c.not_a_figure_after.match(text, n.end)]
    if sentence_mentions is None:
        sentence_mentions = gazetteer.mentions(text, context.cues.name_endings)
    mentions = [
        m for m in sentence_mentions if not dateline[0] <= sentence.start + m.start < dateline[1]
    ]
    readings = _readings(c, text, nums, context)
    not_speakers = _no_speakers(mentions)  # once per sentence: what places all but displacement
    date_starts = [d.start for d in dates]
    lead_date = next((d.date for d in reversed(lead_dates) if d.date <= article.date), None)
    out: list[Figure] = []
    for num, reading in zip(nums, readings, strict=True):
        if reading is None or not _allowed(reading):
            continue
        as_of = _as_of(c, text, num, dates, date_starts, lead_date, article.date)
        placing = mentions if reading.indicator == "displaced" else not_speakers
        place, reading = _placed_and_noted(
            num, reading, (mentions, placing), sentence, context, dateline_place, gazetteer
        )
        figure = _figure(article, sentence, num, reading, as_of, place)
        figure = meaning.read_meaning(c.code, text, num.start, num.end, mentions, figure)
        figure = _others_of_its_group(c, text, num, figure, out, sentence.start)
        if out and _listed_after(c, text, out[-1], sentence.start, num.start):
            figure = figure.model_copy(update={"background": True})
        out.append(figure)
        out.extend(_derived(c, article, sentence, num, figure, mentions))
    return out


def _others_of_its_group(
    c: cues.Cues, text: str, num: _Num, figure: Figure, before: list[Figure], offset: int
) -> Figure:
    """The figure, noted with the group the count before it in its sentence names right after
    its number, when a word of `grammar: others` follows its own number and it has no note
    ('77 health workers were killed, and 74 others were injured': health workers too, never
    the whole toll of the injured). `offset`: where the sentence starts in the body."""
    if figure.note or not before or not c.others.match(text, num.end):
        return figure
    last = before[-1]
    group = last.note.strip()
    if not group or last.end is None:
        return figure
    after = text[last.end - offset : last.end - offset + len(group) + 2].lstrip()
    return figure.model_copy(update={"note": group}) if after.startswith(group) else figure


def _placed_and_noted(
    num: _Num,
    reading: _Reading,
    mentions: tuple[list[Mention], list[Mention]],
    sentence: Sentence,
    context: _SentenceContext,
    dateline_place: str | None,
    gazetteer: Gazetteer,
) -> tuple[str | None, _Reading]:
    """A number's place, and its reading with the note its place or words give it (a part of
    a country, where casualties were taken, a place the gazetteer lacks, some of its kind).
    `mentions`: the sentence's places, and those that may place this reading."""
    c, text = context.cues, sentence.text
    every, placing = mentions
    if reading.indicator == "casualties" and c.all_sides.search(text, *_clause_bounds(text, num)):
        return None, replace(reading, note=ALL_SIDES_NOTE)  # '400 muertos en ambos bandos'
    place = _place(c, text, num, reading, placing, sentence, context, dateline_place, gazetteer)
    place = _all_of_list(c, text, num, place, every, gazetteer, context.cache)
    if place is None and reading.indicator in _LIST_BEFORE:
        place = _list_before(c, text, num, placing, gazetteer)
    if not reading.note:
        reading = replace(reading, note=_some_of_a_country(c, text, num, place, every, gazetteer))
    if place is None and reading.indicator == "displaced":
        place = _article_destination(c, text, num, every, context)
    if reading.indicator == "casualties" and not reading.note:
        reading = _noted_if_taken(c, text, num, placing, reading, gazetteer)
    if place is None and not reading.note:
        reading = _noted_if_unknown(c, text, num, placing, reading, context)
    if reading.unit == "people" and not reading.note:
        reading = _noted_if_some_of_its_kind(c, text, num, reading, place)
    return place, reading


#: How far apart two figures of one list may be ("195 morts et 400.000 sinistrés").
_LIST_GAP = 40


def _listed_after(c: cues.Cues, text: str, before: Figure, offset: int, start: int) -> bool:
    """Whether a figure comes right after a figure about another event or period in a list of
    counts ('en 2022 avec 195 morts et 400.000 sinistrés'): it is about the same one."""
    if not before.background or before.end is None:
        return False
    gap = text[before.end - offset : start]
    return len(gap) <= _LIST_GAP and not re.search(r"[;:.!?]", gap) and bool(c.list_join.match(gap))


def _allowed(reading: _Reading) -> bool:
    """Whether the vocabulary has this indicator and subtype, in this unit."""
    return _in_vocabulary(reading.indicator, reading.subtype, reading.unit)


@cache
def _in_vocabulary(indicator: str, subtype: str | None, unit: str) -> bool:
    return VOCABULARY.entry(indicator, subtype) is not None and (
        VOCABULARY.unit_fits(indicator, subtype, unit)
    )


def _readings(c: cues.Cues, text: str, nums: list[_Num], context: _SentenceContext) -> list:
    """What each number counts. A number whose own words do not say may take the reading of the
    list item before it ("412 deaths in the north, 288 in Ardel and 57 in Kessa"); the part of a
    partitive reads the words after its whole ("61,300 of the 95,000 residents have fled"), and
    the whole is a population; items after "including" share their head's reading."""
    readings: list[_Reading | None] = []
    including: _Reading | None = None  # the head of an "including" list being read
    # Which numbers count things ("120 camps"), asked once per number.
    things = [_of_things(c, text[n.end : n.end + _NEAR]) for n in nums]
    for k, num in enumerate(nums):
        left_limit = max(nums[k - 1].end if k else 0, num.start - _WINDOW)
        right_limit = min(_next_count(text, nums, things, k), num.end + _WINDOW)
        whole = k + 1 < len(nums) and c.partitive.match(text[num.end : nums[k + 1].start])
        part = k > 0 and c.partitive.match(text[nums[k - 1].end : num.start])
        if whole:  # the part: read past its whole
            after_whole = nums[k + 2].start if k + 2 < len(nums) else len(text)
            right_limit = min(after_whole, nums[k + 1].end + _WINDOW)
        if part:
            # The whole is a population only when its part is a figure.
            own_part = readings[-1] if readings else None
            readings.append(_whole_reading(c, text, num, right_limit) if own_part else None)
            continue
        reading = _read(c, text, num, left_limit, right_limit, context, first=k == 0)
        if k == 0 and context.previous is not None and _opens_with_inclusion(c, text, num):
            # "… killed 331 civilians. Among them were 19 children."
            including = context.previous
            reading = _included(c, text, num, context.previous, reading)
        elif k == 0 and reading is None and _continues_sentence(c, text, num, context):
            # "Floods displaced 4,500 people in Ardel. Another 3,000 in Kessa."
            reading = replace(context.previous, own=False) if context.previous else None
        j = _previous_item(things, readings)
        prev = readings[j] if j is not None else None
        if j is not None and prev is not None and k and not whole:
            gap = text[nums[j].end : num.start]
            if c.anaphora.search(gap) and (reading is None or not reading.own):
                reading = prev  # "5,770 people in five shelters, while in Tibu the figure is 5,860"
            elif c.inclusion.search(gap) and len(gap) <= _NEAR:
                including = prev
                reading = _included(c, text, num, prev, reading)
            elif reading is None and prev.indicator == "buildings" and c.list_join.match(gap):
                # "1,300 houses were destroyed and 4,000 damaged": the head noun carries over.
                reading = _read_buildings(c, "", _clip_right(c, text[num.end : right_limit]))
            elif (reading is None or not reading.own) and _continues_list(c, text, gap, num, prev):
                reading = prev if including is None else _included(c, text, num, including, None)
            else:
                including = None
        readings.append(reading)
    return _range_start(c, text, nums, _shared_head(c, text, nums, readings))


def _range_start(
    c: cues.Cues, text: str, nums: list[_Num], readings: list[_Reading | None]
) -> list[_Reading | None]:
    """ "From 695,000 at the end of 2015, the number of refugees had risen to 3,929,560": the
    start of a change reads as its end."""
    for k, reading in enumerate(readings):
        if reading is not None or not c.range_from.search(
            text, max(0, nums[k].start - 20), nums[k].start
        ):
            continue
        for j in range(k + 1, len(nums)):
            if readings[j] is not None and c.range_to_before.search(
                text, max(0, nums[j].start - 10), nums[j].start
            ):
                readings[k] = readings[j]
                break
    return readings


def _of_things(c: cues.Cues, right: str) -> bool:
    """Whether a number is followed by a noun of things or a unit ("120 camps", "six tonnes")."""
    return c.thing_after.match(right) is not None


def _previous_item(things: list[bool], readings: list[_Reading | None]) -> int | None:
    """The index of the list item before the number being read: the last number read, passing
    over counts of things between ("1,738 persons are in 55 camps in Thrissur and 1,702 in
    Alappuzha")."""
    for j in range(len(readings) - 1, -1, -1):
        if readings[j] is not None or not things[j]:
            return j
    return None


def _shared_head(
    c: cues.Cues, text: str, nums: list[_Num], readings: list[_Reading | None]
) -> list[_Reading | None]:
    """ "610 destroyed and 2,590 damaged houses": items of a list before the head noun take the
    head from the last item, each with its own cue."""
    for k in range(len(nums) - 2, -1, -1):
        after = readings[k + 1]
        if readings[k] is not None or after is None or after.indicator != "buildings":
            continue
        gap = text[nums[k].end : nums[k + 1].start]
        if c.list_join.match(gap) and len(gap) <= _NEAR:
            readings[k] = _read_buildings(c, "", gap)
    return readings


def _group(m: re.Match[str]) -> str:
    """The name of the alternative that matched (every alternative of these patterns is a named
    group)."""
    return m.lastgroup or ""


def _continues_sentence(c: cues.Cues, text: str, num: _Num, context: _SentenceContext) -> bool:
    """Whether a sentence goes on with the list of counts of the sentence before: it opens with
    its number (after a word such as "another" or "and" at most), and the number is followed by
    where it was counted ("in Kessa"), with no noun of its own."""
    if context.previous is None or not c.continuation.fullmatch(text[: num.start]):
        return False
    right = text[num.end : num.end + _NEAR]
    return c.place_after.match(right) is not None


def _opens_with_inclusion(c: cues.Cues, text: str, num: _Num) -> bool:
    """Whether the sentence opens with "including", "among them", "darunter" before its first
    number, or with the number and a partitive pronoun ("519 davon", "300 of them",
    `grammar: of_them`): some of the count before."""
    if not text[: num.start].strip(" \"'“«(-") and c.of_them.match(text, num.end):
        return True
    m = c.inclusion.search(text, 0, num.start)
    return m is not None and not text[: m.start()].strip(" \"'“«(-") and num.start <= _NEAR


def _next_count(text: str, nums: list[_Num], things: list[bool], k: int) -> int:
    """Where the words of number k stop: at the next number, unless that one counts things
    ("4,778 people are still in 120 relief camps": the camps are part of the phrase)."""
    j = k + 1
    while j < len(nums) and things[j]:
        j += 1
    return nums[j].start if j < len(nums) else len(text)


def _whole_reading(c: cues.Cues, text: str, num: _Num, right_limit: int) -> _Reading | None:
    """The whole of a partitive: a population when its head names people, else nothing."""
    right = _clip_right(c, text[num.end : right_limit])
    if c.people_head.match(right) and not c.armed_head.match(right) and not num.currency:
        return _Reading("population", None, "people")
    return None


def _included(
    c: cues.Cues, text: str, num: _Num, head: _Reading, own: _Reading | None
) -> _Reading | None:
    """An item after "including": its head's reading, with the group it names as subtype where
    the head's indicator has one (displaced children, population of women)."""
    right = _clip_right(c, text[num.end : num.end + _NEAR])
    group = next(
        (g for g in ("pregnant_women", "children", "women", "elderly") if _group_head(c, g, right)),
        None,
    )
    if group is None:
        return own or head
    sub = group if head.indicator == "population" else None
    if head.indicator == "displaced" and group == "children":
        sub = "children"
    if sub is None:
        if head.indicator != "casualties":
            return None  # a group the indicator has no subtype for ("displaced women")
        return _Reading(head.indicator, head.subtype, head.unit, note=group.replace("_", " "))
    return _Reading(head.indicator, sub, head.unit)


def _group_head(c: cues.Cues, group: str, right: str) -> bool:
    m = c.groups[group].search(right[:40])
    return m is not None and not re.search(r"\d", right[: m.start()])


def _continues_list(
    c: cues.Cues, text: str, gap: str, num: _Num, prev: _Reading | None = None
) -> bool:
    """Whether the number is the next item of a list whose item before it stated the cue: the
    gap is short, holds a list join and no cue of another entry than that item's, and no other
    noun follows the number."""
    # "A (8,000) and B (1,000)": a count in brackets after a name is a list item, however long
    # the name.
    bracketed = text[: num.start].rstrip().endswith("(")
    if len(gap) > (2 * _NEAR if bracketed else _NEAR) or not c.list_join.match(gap):
        return False
    own = (prev.indicator, prev.subtype) if prev is not None else None
    if c.other_nouns.search(gap) or any(
        p.search(gap) for ind, sub, p in c.entry_cues if (ind, sub) != own
    ):
        return False
    right = text[num.end : num.end + _NEAR]
    if _counts_things(c, right) or c.trapped.search(_clip_right(c, right)):
        return False  # "113 missing, 152 buried in the ground": trapped, not missing
    own_head = (
        c.vehicle_head,
        c.tonnes_after,
        c.kilos_after,
        c.buildings_head,
        *(p for _, p in c.weapon_heads),
    )
    return not any(p.match(right) for p in own_head)


def _in_date(n: NumberSpan, dates: list[DateSpan], text: str) -> bool:
    """Inside a date, or the end of a span of days ("between May 3 and 9", "3-9 May")."""
    for d in dates:
        if d.start < n.end and n.start < d.end:
            return True
        if (
            not n.words
            and n.value <= 31
            and n.start >= d.end
            and re.fullmatch(r"\s*(?:[-–—]|\w{1,3})\s*", text[d.end : n.start])
        ):
            return True
    return False


def _is_year(c: cues.Cues, n: NumberSpan, text: str) -> bool:
    """A four-digit number from 1800 to 2100 is a year, unless a count noun follows it ("2053
    people", "1407 Todesopfer")."""
    return (
        not n.words
        and not n.has_scale
        and re.fullmatch(r"\d{4}", n.text) is not None
        and 1800 <= n.value <= 2100
        and not c.people_next.match(text, n.end, n.end + _NEAR)
    )


def _with_surroundings(c: cues.Cues, text: str, n: NumberSpan) -> _Num:
    num = _Num(span=n, start=n.start, end=n.end, value=n.value)
    near = max(0, n.start - 12)
    cur = cues.CURRENCY_BEFORE.search(text, near, n.start)
    if cur:
        if cur.group("usd"):
            num.currency = "USD"
        elif cur.group("sym"):
            num.currency = cues.CURRENCY_SYMBOLS[cur.group("sym")]
        else:
            num.currency = cur.group("code").upper()
        num.start = cur.start()
    after = c.currency_after.match(text, n.end, n.end + _NEAR)
    if after:
        word = after.group("word")
        code = after.group("code")
        currency = code.upper() if code else cues.currency_word(c, word)
        if currency and (num.currency in (None, currency)):
            num.currency = currency
            num.end = after.end()
    # One search for every hedge, in the few words before the number.
    m = c.hedge_any.search(text, max(0, num.start - _HEDGE_REACH), num.start)
    if m is not None:
        qualifier = Qualifier(_group(m))
        particle = c.over_as_particle.search(text, max(0, num.start - _HEDGE_REACH), num.start)
        if not (qualifier is MORE_THAN and particle):
            num.qualifier = qualifier
            num.start = m.start()
    if num.qualifier is EXACT:
        for qualifier, pattern in c.hedge_after:
            m = pattern.match(text, num.end, num.end + _NEAR)
            if m:
                num.qualifier = qualifier
                num.end = m.end()
                break
    return num


def _merge_ranges(c: cues.Cues, text: str, nums: list[_Num]) -> list[_Num]:
    """'between 50 and 1,000', '50-1,000', '50 to 1,000' become one number with value_max."""
    out: list[_Num] = []
    i = 0
    while i < len(nums):
        cur = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if nxt is not None and cur.qualifier is EXACT:
            gap = text[cur.end : nxt.start]
            near = max(0, cur.start - _NEAR)
            before = text[near : cur.start]
            between = c.range_between.search(before)
            between = between if between and c.range_join_and.match(gap) else None
            dash = c.range_join_dash.match(gap) and not c.range_from.search(before)
            if (between or dash) and nxt.qualifier is EXACT:
                low, high = cur.value, nxt.value
                if nxt.span.has_scale and not cur.span.has_scale and low * 1000 <= high:
                    digits = re.sub(r"[^\d.]", "", nxt.span.text) or "1"
                    with contextlib.suppress(ValueError):
                        low *= nxt.span.value / float(digits)
                if low < high:
                    start = near + between.start() if between else cur.start
                    merged = _Num(
                        span=nxt.span,
                        start=start,
                        end=nxt.end,
                        value=low,
                        value_max=high,
                        currency=cur.currency or nxt.currency,
                    )
                    out.append(merged)
                    i += 2
                    continue
        out.append(cur)
        i += 1
    return out


def _clip_right(c: cues.Cues, segment: str) -> str:
    cuts = [m.start() for p in (c.clause_break, c.temporal_break) if (m := p.search(segment))]
    return segment[: min(cuts)] if cuts else segment


def _clip_left(c: cues.Cues, segment: str) -> str:
    last = None
    for last in c.left_break.finditer(segment):  # noqa: B007
        pass
    return segment[last.end() :] if last else segment


def _read(
    c: cues.Cues,
    text: str,
    num: _Num,
    left_limit: int,
    right_limit: int,
    context: _SentenceContext,
    first: bool = False,
) -> _Reading | None:
    """What the number counts, or None when its words do not say."""
    after = text[num.end : right_limit]
    near = max(left_limit, num.start - _HEDGE_REACH)
    if _not_a_count(c, text, num, after, near):
        return None
    local_right = _clip_right(c, after)
    local_left = _clip_left(c, text[left_limit : num.start])
    if num.currency:
        return _read_money(c, num.currency, local_left + " " + local_right, context)
    decided, goods = _read_goods(c, text, num, after, local_left, local_right, near, context)
    if decided:
        return goods
    if _counts_things(c, local_right) or _number_of_things(c, text, num, local_left, context):
        return None
    if _total_of_things(c, text, left_limit, local_left):
        return None
    # The lead-in of a sentence's first number may state the cue of a list ("Displaced by
    # province: Port Amir (12,000), ...").
    wide_left = text[max(0, num.start - _WINDOW) : num.start] if first else ""
    return _read_people(c, text, num, local_left, local_right, wide_left, context)


def _not_a_count(c: cues.Cues, text: str, num: _Num, after: str, near: int) -> bool:
    """Whether the number is plainly no count: a word says so, "one of the ...", an age."""
    if c.not_a_figure_after.match(after) or c.not_a_figure_before.search(text, near, num.start):
        return True
    if num.span.words and num.value == 1 and c.one_of.match(after):
        return True  # "one of the refugees"
    age = _AGE_AFTER_NAME.search(text, near, num.start) and after.lstrip().startswith(",")
    return bool(age and not num.currency)  # "Mr Zakaryan, 28, who..." is an age


def _read_money(
    c: cues.Cues, currency: str, clause: str, context: _SentenceContext
) -> _Reading | None:
    """An amount of money: an appeal, or funding where the sentence speaks of it (not a price)."""
    if c.price.search(clause) or context.in_sentence(c.allowance):
        return None  # a price, or '40,000 AMD for rent ... to each person every month'
    if c.cue("aid", "appeal").search(clause):
        return _Reading("aid", "appeal", currency)
    if context.mentions(c.cue("aid", "funding")):
        return _Reading("aid", "funding", currency)
    return None


def _read_goods(
    c: cues.Cues,
    text: str,
    num: _Num,
    after: str,
    local_left: str,
    local_right: str,
    near: int,
    context: _SentenceContext,
) -> tuple[bool, _Reading | None]:
    """(whether the number counts goods: a weight, weapons, vehicles, buildings; what it is
    then, None when it is goods but not a figure of the vocabulary)."""
    weight = c.tonnes_after.match(after) or c.kilos_after.match(after)
    if weight and c.indefinite_before.search(text, near, num.start):
        return True, None  # "a 25 kg sack of rice": a size, not an amount delivered
    tonnage = context.mentions(c.cue("aid", "tonnage")) if weight else False
    if c.tonnes_after.match(after):
        aid = tonnage and not c.not_aid_cargo.search(after[:40])
        return True, _Reading("aid", "tonnage", "tonnes") if aid else None
    if c.kilos_after.match(after):
        return True, _Reading("aid", "tonnage", "tonnes", value_factor=0.001) if tonnage else None
    for subtype, pattern in c.weapon_heads:
        if pattern.match(local_right):
            surrendered = context.mentions(c.surrender)
            return True, _Reading("weapons_surrendered", subtype, "items") if surrendered else None
    if c.vehicle_head.match(local_right):
        aid = context.mentions_near(c.cue("aid", "vehicles")) and not c.military.search(local_right)
        return True, _Reading("aid", "vehicles", "vehicles") if aid else None
    if c.buildings_head.match(local_right):
        # "damaged or destroyed" is one count: read up to the end of the clause's punctuation.
        clause_end = re.search(r"[,;:()]", after)
        return True, _read_buildings(
            c, local_left, after[: clause_end.start()] if clause_end else after
        )
    return False, None


def _counts_things(c: cues.Cues, right: str) -> bool:
    """Whether the number counts things, not people: the nearest noun after it (or after "of
    the": "two of the teams") names things."""
    of = c.partitive_start.match(right)
    if of is not None:
        right = right[of.end() :]
    things = c.not_people_head.match(right)
    if things is None:
        return False
    people = c.people_head.match(right)
    # "displaced households": a people word right before the noun is its adjective.
    return (
        people is None
        or people.end() > things.end()
        or re.fullmatch(r"\s+\S+", right[people.end() : things.end()]) is not None
    )


def _number_of_things(
    c: cues.Cues, text: str, num: _Num, local_left: str, context: _SentenceContext
) -> bool:
    """ "The number of households ... rose to 57,534": the count is of what "the number of"
    names, when that is in the number's clause (the sentence is searched once)."""
    all_ends = _number_of_ends(c, text, context)
    if not all_ends:
        return False
    ends = [e for e in all_ends if num.start - len(local_left) <= e <= num.start]
    return bool(ends) and c.not_people_head.match(text[ends[-1] : ends[-1] + _NEAR]) is not None


def _total_of_things(c: cues.Cues, text: str, left_limit: int, local_left: str) -> bool:
    """Whether the number is a total that a word of its clause (`grammar: anaphora`) refers
    back to the count right before it in its sentence, and that count is of things ('106 air
    strikes ... were recorded, bringing the total number of since the beginning to 9,073'):
    the total counts those things, never the people an earlier sentence counted."""
    after_count = left_limit > 0 and text[left_limit - 1].isdigit()
    return (
        after_count
        and _of_things(c, text[left_limit : left_limit + _NEAR])
        and c.anaphora.search(local_left) is not None
    )


def _read_buildings(c: cues.Cues, left: str, right: str) -> _Reading | None:
    """Houses damaged or destroyed; a combined "damaged or destroyed" count is damaged."""
    clause = left + " " + right
    if c.cue("buildings", "damaged").search(clause):
        return _Reading("buildings", "damaged", "buildings")
    if c.cue("buildings", "destroyed").search(clause):
        return _Reading("buildings", "destroyed", "buildings")
    return None


#: How many earlier sentences of a paragraph may lend a figure their place.
_PLACE_LOOKBACK = 5

#: A cue after the number ("800 were registered") binds more tightly than one before it.
_LEFT_PENALTY = 10
#: How far before a count of people a population word ("live", "reside") outweighs other cues.
_POPULATION_REACH = 25


def _nearest(pattern: re.Pattern[str], left: str, right: str) -> int | None:
    """Distance from the number to the nearest match of `pattern` in its left or right context
    (a cue to the right wins over any cue to the left)."""
    m = pattern.search(right)
    if m is not None:
        return m.start()
    best = None
    for m in pattern.finditer(left):
        best = len(left) - m.end() + _LEFT_PENALTY + 10_000
    return best


def _read_people(
    c: cues.Cues,
    text: str,
    num: _Num,
    local_left: str,
    local_right: str,
    wide_left: str,
    context: _SentenceContext,
) -> _Reading | None:
    head = c.people_head.match(local_right) or c.people_head_cased.match(local_right)
    note = ""
    if head:
        group = c.group_notes.search(local_right[: head.end()])
        note = group.group(0).lower() if group else ""
    scopes = [(local_left, local_right)]
    if wide_left:
        scopes.append((wide_left, local_right))
    if head:  # the wide window only for a number with a head (scanning it costs per number)
        window_left = text[max(0, num.start - _WINDOW) : num.start]
        window_right = _before_count_of_things(c, text[num.end : num.end + _WINDOW])
        scopes.append((window_left, window_right))
    for n, (left, right) in enumerate(scopes):
        head_end = head.end() if head is not None and right is local_right else 0
        reading = _classify_people(
            c, left, right, head is not None, local_right, note, context, head_end
        )
        if reading is not None and _trapped(c, local_left, _predicate(text, num), reading, head):
            return None
        if reading is not None and _found_safe(c, text, num, reading):
            return _NO_COUNT
        if reading is not None and _care_sought_in_a_flood(c, left, right, reading, context):
            return _NO_COUNT
        if reading is not None:
            reading = _where_they_live(c, text, num.end + head.end(), reading) if head else reading
            return reading if n == 0 else replace(reading, own=False)
    subject = _number_of_subject(c, text, num, context)
    if subject is not None:
        # "the number of refugees ... had skyrocketed to 3,929,560": the subject says.
        head_match = c.people_head.match(subject)
        reading = _classify_people(
            c, local_left, subject, head_match is not None, subject, "", context
        )
        if reading is not None:
            return reading
    if context.previous is not None and c.anaphora.search(local_left):
        return replace(context.previous, own=False)  # "the number has risen to 27,000"
    return None


#: The end of the stretch after a number that its list's shared words may fill: a clause break
#: or another number ("three children and a man apparently trapped inside,").
_PREDICATE_END = re.compile(r"[,;:.!?()\d]")


def _predicate(text: str, num: _Num) -> str:
    """The words after the number up to its clause's end or the next number, within _WINDOW:
    where what befell a list's people is said once for all ('three children and a man
    apparently trapped inside')."""
    stretch = text[num.end : num.end + _WINDOW]
    end = _PREDICATE_END.search(stretch)
    return stretch[: end.start()] if end else stretch


def _trapped(
    c: cues.Cues, left: str, right: str, reading: _Reading, head: re.Match[str] | None
) -> bool:
    """Whether a casualty or displacement count's own words say its people are trapped or
    buried under something ("152 im Boden begrabene Opfer", "60 victims buried under the mud",
    "to search for three children ... apparently trapped inside"), nearer than any cue of
    what it was read as but its head noun ("victims" is who they are, not what befell them):
    their fate is not known, so they are neither killed nor missing, and they did not flee."""
    if reading.indicator not in ("casualties", "displaced"):
        return False
    trapped = _nearest(c.trapped, left, right)
    if trapped is None:
        return False
    skip = head.end() if head is not None else 0
    own = right[skip:].rjust(len(right))
    entries = {reading.subtype} | ({None} if reading.indicator == "displaced" else set())
    found = [_nearest(c.cue(reading.indicator, s), left, own) for s in entries]
    cues_at = [d for d in found if d is not None]
    return not cues_at or trapped < min(cues_at)


def _found_safe(c: cues.Cues, text: str, num: _Num, reading: _Reading) -> bool:
    """Whether a count of missing people is of people its sentence says were found safe
    (`context: found_safe`), before the next number or a comma opening another clause ("More
    than 700 people who were considered missing ... have been identified as safe"): no longer
    missing, so no casualty count."""
    if (reading.indicator, reading.subtype) != ("casualties", "missing"):
        return False
    after = text[num.end : num.end + _WINDOW]
    ends = [m.start() for m in (re.search(r"[\d;]", after), c.comma_break.search(after)) if m]
    return c.found_safe.search(after, 0, min(ends, default=len(after))) is not None


def _care_sought_in_a_flood(
    c: cues.Cues, left: str, right: str, reading: _Reading, context: _SentenceContext
) -> bool:
    """Whether an injured count's nearest cue says its people sought medical help (`context:
    sought_care`, "почти 14 тысяч человек обратились за медпомощью") in a disaster that hurts
    few but reaches many (`context: affected_events`: a flood, a drought) named in its sentence
    or the two before: a count of visits to doctors, not of casualties. After a clash or a quake
    a health ministry's count of those who sought care is its count of the injured."""
    if (reading.indicator, reading.subtype) != ("casualties", "injured"):
        return False
    care = _nearest(c.sought_care, left, right)
    if care is None or care != _nearest(c.cue("casualties", "injured"), left, right):
        return False
    return context.mentions(c.affected_events)


def _affected_not_injured(
    c: cues.Cues,
    indicator: str,
    subtype: str | None,
    distance: int,
    left: str,
    right: str,
    context: _SentenceContext,
) -> bool:
    """Whether the nearest cue, an injured one, is a word that means people affected in a
    disaster of a kind the sentence (or the two before it) names ("34 тысячи пострадавших" in a
    flood: everyone the water reached; after a quake or an attack they are the injured)."""
    if (indicator, subtype) != ("casualties", "injured"):
        return False
    if _nearest(c.affected_not_injured, left, right) != distance:
        return False
    return context.mentions(c.affected_events)


def _where_they_live(c: cues.Cues, text: str, head_end: int, reading: _Reading) -> _Reading:
    """A displacement count made more specific by a relative clause right after its head noun
    ("70.821 Personen, die in 141 Lagern leben": accommodated; "people who registered")."""
    if reading.indicator != "displaced" or reading.subtype is not None:
        return reading
    opener = c.relative_people.match(text, head_end)
    if opener is None:
        return reading
    clause = _clip_right(c, text[opener.end() : opener.end() + _WINDOW])
    for subtype in ("accommodated", "registered"):
        if c.cue("displaced", subtype).search(clause):
            return replace(reading, subtype=subtype)
    return reading


_NUMBER = re.compile(r"\d(?:[\d.,]*\d)?")


def _before_count_of_things(c: cues.Cues, right: str) -> str:
    """The words after a number up to the next count of things ('113 personas fueron rescatadas
    ... y 281 escuelas han resultado afectadas'): a cue after that count is that count's."""
    for m in _NUMBER.finditer(right):
        after = right[m.end() :]
        if c.not_people_head.match(after) or c.buildings_head.match(after):
            return right[: m.start()]
    return right


def _number_of_subject(c: cues.Cues, text: str, num: _Num, context: _SentenceContext) -> str | None:
    """The noun phrase after the last "the number of" before the number in its sentence, up to
    the end of its clause."""
    ends = [e for e in _number_of_ends(c, text, context) if num.start - _WINDOW <= e < num.start]
    if not ends:
        return None
    return _clip_right(c, text[ends[-1] : num.start])


def _number_of_ends(c: cues.Cues, text: str, context: _SentenceContext) -> list[int]:
    """Where each "the number of" of the sentence ends (searched once per sentence)."""
    key = ("number of", c.code)
    if key not in context.cache:
        context.cache[key] = [m.end() for m in c.number_of.finditer(text)]
    return context.cache[key]


def _classify_people(
    c: cues.Cues,
    left: str,
    right: str,
    has_head: bool,
    local_right: str,
    note: str,
    context: _SentenceContext,
    head_end: int = 0,
) -> _Reading | None:
    """What a count of people counts, from the cues around it: people served, a population,
    the nearest cue of the vocabulary's people entries, else None."""
    found = _people_cues(c, left, right, head_end)
    served = _served(c, left, local_right, found)
    if served is not None:
        return served
    armed = has_head and c.armed_head.match(local_right) is not None
    if not armed and _is_population(c, left, right, has_head, found):
        return _population(c, has_head, local_right)
    registered = _nearest(c.cue("displaced", "registered"), left, right)
    if not found and registered is not None and context.mentions(c.cue("displaced", None)):
        found.append((registered, len(cues.PEOPLE_ENTRIES), "displaced", "registered"))
    if found:
        return _nearest_cue_reading(c, found, left, right, has_head, local_right, note, context)
    if not has_head:
        subtype = _displaced_subtype(c, left, right, None)
        if subtype in ("registered", "accommodated") and context.mentions(c.cue("displaced", None)):
            return _Reading("displaced", subtype, "people")
    if armed:
        return None
    population = _nearest(c.cue("population", None), left, right)
    if population is not None and (has_head or c.strong_population.search(left)):
        return _population(c, has_head, local_right)
    if has_head and c.possessive.search(left):
        return _population(c, has_head, local_right)  # "Gaza's 2.3 million people"
    return None


#: A people entry's cue found near a number: (distance, priority, indicator, subtype).
_Cue = tuple[int, int, str, str | None]


def _served(c: cues.Cues, left: str, local_right: str, found: list[_Cue]) -> _Reading | None:
    """People reached by assistance (or targeted: "will provide food to 180,000 people" is a
    plan), when a word for it is just before the number and no casualty cue is nearer."""
    near_left = left[-_NEAR:]
    if c.care_for.search(near_left):  # "supplies to care for 250 seriously injured people"
        return _Reading("assistance", "targeted", "people")
    served = c.cue("assistance", "reached").search(near_left) or c.cue(
        "assistance", "targeted"
    ).search(near_left)
    if not served or c.displaced_head.match(local_right):
        return None
    served_at = len(near_left) - served.end() + _LEFT_PENALTY + 10_000
    if any(ind == "casualties" and d <= served_at for d, _, ind, _ in found):
        return None
    # "food for 20,000 displaced people"
    if c.cue("assistance", "targeted").search(left):
        return _Reading("assistance", "targeted", "people")
    return _Reading("assistance", "reached", "people")


def _is_population(c: cues.Cues, left: str, right: str, has_head: bool, found: list[_Cue]) -> bool:
    """Whether a population word is next to the number ("a city of 310,000", "31 million
    inhabitants", unless a verb after says what befell them: "4,000 residents received aid"),
    or before it, nearer than every other cue ("In the province live 1.2 million people")."""
    adjacent = c.population_before.search(left[-30:]) or (
        c.strong_population.match(right[:15].strip(" -")) and not any(d < 10_000 for d, *_ in found)
    )
    if adjacent:
        return True
    if not has_head or any(d < 10_000 for d, *_ in found):
        return False
    near = c.cue("population", None).search(left[-_POPULATION_REACH:])
    return near is not None and all(
        d > 10_000 + _LEFT_PENALTY + len(left[-_POPULATION_REACH:]) - near.end() for d, *_ in found
    )


def _nearest_cue_reading(
    c: cues.Cues,
    found: list[_Cue],
    left: str,
    right: str,
    has_head: bool,
    local_right: str,
    note: str,
    context: _SentenceContext,
) -> _Reading:
    """The reading of the nearest cue; a displacement takes the most specific subtype said."""
    distance, _, indicator, subtype = min(found)
    if _affected_not_injured(c, indicator, subtype, distance, left, right, context):
        return _Reading("affected", None, "people")
    if indicator != "displaced":
        return _Reading(
            indicator, subtype, "people", note=note if indicator == "casualties" else ""
        )
    specific = [f for f in found if f[2] == "displaced" and f[3] is not None]
    if subtype is None and specific:
        subtype = min(specific)[3]
    if subtype is None:
        if _group_head(c, "children", local_right) and has_head:
            return _Reading("displaced", "children", "people")
        subtype = _displaced_subtype(c, left, right, context)
    return _Reading("displaced", subtype, "people")


def _population(c: cues.Cues, has_head: bool, local_right: str) -> _Reading:
    """A population count, of a group when its head names one; refugees a place is home to are
    displaced people, not its population."""
    if has_head and c.displaced_head.match(local_right):
        return _Reading("displaced", None, "people")
    return _Reading("population", _population_group(c, has_head, local_right), "people")


def _people_cues(c: cues.Cues, left: str, right: str, head_end: int = 0) -> list[_Cue]:
    """(distance, priority, indicator, subtype) of every people entry whose cue is in the
    context: its nearest match to the right of the number, else its nearest to the left (one
    pass over each side for all entries). A cue that is the head noun itself ("1,560 refugees")
    yields to a verb after it ("were transferred", "returned")."""
    distance: dict[int, int] = {}
    in_head: dict[int, int] = {}
    for m in c.people_any.finditer(right):
        entry = int(_group(m)[1:])
        (in_head if m.end() <= head_end else distance).setdefault(entry, m.start())
    if not distance or any(cues.PEOPLE_ENTRIES[e][0] != "displaced" for e in in_head):
        # Only a noun naming the displaced yields; "injured people were treated" stays injured.
        for entry, d in in_head.items():
            distance[entry] = min(d, distance.get(entry, d))
    if len(distance) < len(cues.PEOPLE_ENTRIES):
        on_left: dict[int, int] = {}
        for m in c.people_any.finditer(left):
            on_left[int(_group(m)[1:])] = len(left) - m.end() + _LEFT_PENALTY + 10_000
        for i, d in on_left.items():
            distance.setdefault(i, d)
    return [(d, i, *cues.PEOPLE_ENTRIES[i]) for i, d in distance.items()]


def _population_group(c: cues.Cues, has_head: bool, local_right: str) -> str | None:
    """The group a population count names ("12,000 children"), else None (everyone)."""
    for group in ("pregnant_women", "children", "women", "elderly"):
        if has_head and _group_head(c, group, local_right):
            return group
    return None


def _displaced_subtype(
    c: cues.Cues, left: str, right: str, context: _SentenceContext | None
) -> str | None:
    """The subtype whose cue is nearest the number; 'daily' may also come from the sentence."""
    found = [
        (d, subtype)
        for subtype in ("registered", "accommodated", "daily")
        if (d := _nearest(c.cue("displaced", subtype), left, right)) is not None
    ]
    if found:
        return min(found)[1]
    if c.cumulative.search(left) or c.cumulative.search(right):
        return None  # "a total of ... since", "so far": a running total
    if _on_one_day(c, left, right):
        return "daily"  # "1,650 people arrived today", "754 crossed on Saturday"
    return (
        "daily"
        if context is not None and context.in_sentence(c.cue("displaced", "daily"))
        else None
    )


def _on_one_day(c: cues.Cues, left: str, right: str) -> bool:
    """Whether the movement the number counts happened on one day: a day named after its verb
    ("arrived today", "crossed on Sunday"), or right after the number and its head noun when
    the words before it name the movement ("crossed on Sunday, 754 on Saturday"; never with
    another verb between: "another 6,000 individuals were waiting on Monday" waited, not
    arrived, that day), or just before the number in the same clause ("today, 42,000 people
    arrived")."""
    moved = c.cue("displaced", None)
    day = c.one_day.search(right)
    if day is not None and (
        moved.search(right, 0, day.start())
        or (_bare(c, right[: day.start()]) and moved.search(left))
    ):
        return True
    day = None
    for day in c.one_day.finditer(left[-25:]):  # noqa: B007
        pass
    return (
        day is not None
        and not re.search(r"[:;\"“”«»]", left[-25:][day.end() :])
        and moved.search(right) is not None
    )


def _bare(c: cues.Cues, words: str) -> bool:
    """Whether `words`, right after a number, are its head noun at most ("754", "754 people")."""
    head = c.people_head.match(words)
    return not words[head.end() if head else 0 :].strip()


def _as_of(
    c: cues.Cues,
    text: str,
    num: _Num,
    dates: list[DateSpan],
    date_starts: list[int],
    lead_date: dt.date | None,
    published: dt.date,
) -> dt.date:
    """The date nearest the number in its sentence (not one in a 'before ...' phrase after it,
    nor one in or after a dash's aside opened after it, nor one a count started from: 'since 19
    September'), one right after it first ('667 crossed
    on Sunday 14th August, 754 on Saturday 13th August': the 13th; 'from 100 on Monday to 200 on
    Tuesday'), else the date of the list's lead, else the article's date. Never after publication.
    Only the nearest date on each side is weighed, so a sentence of many dates costs no more per
    number."""
    i = bisect.bisect_left(date_starts, num.end)
    candidates = [
        d
        for d in dates[max(0, i - 1) : i + 1]
        if d.date <= published
        and not c.period_start.search(text, max(0, d.start - _PERIOD_START_REACH), d.start)
        and not _event_day(c, text, d)
    ]
    usable = [
        d
        for d in candidates
        if not (
            d.start >= num.end
            and (
                d.start - num.end > _WINDOW
                or c.temporal_break.search(text, num.end, d.start) is not None
                or _ASIDE_OPENS.search(text, num.end, d.start) is not None
            )
        )
    ]
    if usable:
        nearest = min(usable, key=lambda d: _date_distance(text, num, d))
        return nearest.date
    return lead_date or published


def _event_day(c: cues.Cues, text: str, d: DateSpan) -> bool:
    """Whether the day is an event's, not a count's ('killed in Tuesday night's earthquake',
    'tués dans le séisme de mardi'): the toll is reported later, of the article's day."""
    return (
        c.event_day_after.match(text, d.end) is not None
        or c.event_day_before.search(text, max(0, d.start - _PERIOD_START_REACH), d.start)
        is not None
    )


_BREAK = re.compile(r"[,;:()]")

#: An aside opened by a dash after a number: a date in it or after it is the aside's, not the
#: number's ("At least 600,000 people – many of whom found themselves neck deep in water on
#: Saturday – have been forced to flee"). A bracket may hold the number's own date ("225
#: deaths (as of 14 March)").
_ASIDE_OPENS = re.compile(r"\s[–—-]{1,2}\s")


#: What may stand between a number and the date that is its own: a word or two, no mark ("754
#: on Saturday 13th August", "200 am Montag").
_OWN_DATE_GAP = re.compile(r"\s*(?:[^\W\d_]+\s+){0,2}")


def _date_distance(text: str, num: _Num, d: DateSpan) -> tuple[bool, int]:
    """How far a date is from a number: whether it is other than right after the number, then
    the characters between them."""
    if d.start >= num.end:
        right_after = _OWN_DATE_GAP.fullmatch(text, num.end, d.start) is not None
        return not right_after, d.start - num.end
    return True, abs(num.start - d.end)


def _clause_bounds(text: str, num: _Num) -> tuple[int, int]:
    """The number's clause for its place: from after the last , ; : ( before it, to the next."""
    near = max(0, num.start - _WINDOW)
    lo = max((m.end() for m in _BREAK.finditer(text, near, num.start)), default=near)
    found = _BREAK.search(text, num.end, num.end + _WINDOW)
    return lo, found.start() if found else min(len(text), num.end + _WINDOW)


def _article_destination(
    c: cues.Cues, text: str, num: _Num, mentions: list[Mention], context: _SentenceContext
) -> str | None:
    """Where displaced people with no place of their own are: the one place the article names
    as where people went ('Die Fluchtbewegung aus der Ukraine nach Deutschland ...': the
    253,157 arrivals counted later are Germany's), when its clause says nothing of where they
    went; none when the clause does ('crossed into neighbouring countries') or names where
    they left by a name the gazetteer lacks (`_left_unknown`), or the article names several
    destinations."""
    if context.article_destination is None:
        return None
    lo, hi = _clause_bounds(text, num)
    named = [m for m in mentions if lo <= m.start and m.end <= hi]
    if _left_unknown(c, text, lo, hi, named):
        return None  # 'évacué ... de Palma': Palma may lie in it
    for word in c.destination_word.finditer(text, lo, hi):
        if not any(0 <= m.start - word.end() <= _ORIGIN_REACH for m in named):
            return None
    return context.article_destination


def _place(
    c: cues.Cues,
    text: str,
    num: _Num,
    reading: _Reading,
    mentions: list[Mention],
    sentence: Sentence,
    context: _SentenceContext,
    dateline_place: str | None,
    gazetteer: Gazetteer,
) -> str | None:
    """The place named in the number's clause (for displacement, where people arrived), or the
    only place named before that clause in its part of the sentence; else the last place named
    earlier in the paragraph; else, in the lede, the dateline. None rather than a guess when the
    sentence names several other places, or only places after the number's clause (nor after
    a clause of its own within it: '... 200 000 personnes et la province la plus touchée est le
    Sanmatenga')."""
    lo, hi = _place_clause(c, text, num)
    starts = [m.start for m in mentions] if len(mentions) < 8 else context.mention_starts(mentions)
    window = mentions[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]
    in_clause = [m for m in window if m.end <= hi]
    if reading.indicator in _GIVEN:  # never where aid came from ('помощи из России')
        in_clause = [m for m in in_clause if not _came_from(c, text, m)]
        in_clause = _where_it_went(c, text, in_clause, gazetteer)
    if in_clause and reading.indicator == "casualties":
        in_clause = [m for m in in_clause if not _taken_to(c, text, m)]
        if not in_clause:  # only where they were taken: where they were hurt is not said
            return None
    if in_clause:
        candidates = (
            _arrival_places(c, text, in_clause) if reading.indicator == "displaced" else in_clause
        )
        if not candidates:  # only the place of the event people fled: where they are is not said
            return None
        return _clause_place(c, text, num, candidates, gazetteer)
    apposed = _apposed(c, text, lo, num, mentions)
    if apposed is not None:
        return apposed
    if reading.indicator == "displaced" and c.going_to_name.search(text, num.end, hi):
        return None  # where they went is said, by a name the gazetteer does not know
    if _unknown_place_nearer(c, text, lo, hi, mentions):
        return None
    # A kind named again after the clause ('... du pays') adds nothing the sentences before
    # did not say: it neither places the figure nor keeps it from borrowing their place.
    kinds = context.kind_only(mentions)
    named = [m for m in mentions if m.end <= lo or id(m) not in kinds] if kinds else mentions
    if named:
        displaced = reading.indicator == "displaced"
        return _only_place_before(c, text, named, lo, displaced, context.cache)
    if reading.indicator == "displaced" and _left_unknown(c, text, lo, hi, mentions):
        return None  # 'evacuated ... from Palma': an earlier place may hold Palma
    lent = context.earlier_arrivals if reading.indicator == "displaced" else context.earlier_places
    lent = [p for p in lent if _holds(gazetteer, p, num, reading)]
    if lent:
        return lent[0]
    return dateline_place  # given in the dateline's paragraph only


def _clause_place(
    c: cues.Cues, text: str, num: _Num, candidates: list[Mention], gazetteer: Gazetteer
) -> str:
    """Of the places of a number's clause, its own ('6 en Guerrero y 1 en Oaxaca': 1's is
    Oaxaca, not the nearer Guerrero), else the innermost when all lie in it ("in fight for
    Libya's Tripoli": Tripoli), else the nearest."""
    own = [m for m in candidates if _own_place(c, text, num, m)]
    if own:
        return own[0].place_id
    inner = _innermost(gazetteer, {m.place_id for m in candidates})
    if len(inner) == 1 and len(candidates) > 1:
        return next(iter(inner))
    best = min(candidates, key=lambda m: min(abs(m.start - num.end), abs(num.start - m.end)))
    return best.place_id


def _place_clause(c: cues.Cues, text: str, num: _Num) -> tuple[int, int]:
    """The bounds of the clause a number's place is looked for in: its clause (`_clause_bounds`),
    the one before too when only a word of having stands between ('followed by Peru, with
    768,000'), up to a new subject after the number."""
    lo, hi = _clause_bounds(text, num)
    if lo and c.count_with.fullmatch(text, lo, num.start):
        lo = _clause_bounds(text, replace(num, start=lo - 1))[0]
    subject = c.new_subject.search(text, num.end, hi)
    return lo, subject.start() if subject else hi


def _holds(gazetteer: Gazetteer, place_id: str, num: _Num, reading: _Reading) -> bool:
    """Whether a place an earlier sentence lends can be the count's: a count of people above
    the population of a city (GeoNames') is not about that city alone ('Some 80 percent of
    capital city Manila was submerged. ... some 1.8 million people have been affected': the
    storm's, Manila having 1.6 million). People who fled there may outnumber it."""
    if reading.unit != "people" or reading.indicator == "displaced" or gazetteer.world is None:
        return True
    place = gazetteer.world.get(place_id)
    if place is None or place.rank != CITY or not place.population:
        return True
    return num.value <= place.population


def _unknown_place_nearer(
    c: cues.Cues, text: str, lo: int, hi: int, mentions: list[Mention]
) -> str | None:
    """The name the gazetteer lacks by which the number's clause (lo..hi), or the sentence's
    opening words, say where something happened, if any, after every place it knows ('... in the
    Artibonite region, with another 14 deaths in neighboring Central Plateau.', 'En Zimbaue, el
    número de muertos ... entre 185 y 259'): the figure is that place's, so it borrows none
    (the gazetteer never guesses). A name in another clause ('que ha tocado a Cuba en la
    actual temporada ... en el Atlántico, dejó cinco muertos') sets no scene."""
    # The clause and the opening words only: each number costs its clause, not the sentence.
    opening = len(text) - len(text.lstrip())
    first = c.locative_name.match(text, opening, hi) if opening < lo else None
    last = None
    for m in [*([first] if first else []), *c.locative_name.finditer(text, lo, hi)]:
        lo_name, hi_name = m.span("name")
        if c.calendar_word.match(m.group("name")):
            continue  # "in September."
        if m.group("next") is not None and not _scene_word(c, m.group("next")):
            continue  # "in Israeli strikes": an adjective
        if c.attribution.search(text, max(0, lo_name - _ATTRIBUTION_REACH), lo_name):
            continue  # "the Taliban regime in Kabul through ...": where a speaker sits
        if not any(x.start < hi_name and x.end > lo_name for x in mentions):
            last = m
    if last is None:
        return None
    if any(x.start >= last.end("name") and x.end <= hi for x in mentions):
        return None
    return last.group("name")


def _left_unknown(c: cues.Cues, text: str, lo: int, hi: int, mentions: list[Mention]) -> str | None:
    """The name the gazetteer lacks by which the number's clause (lo..hi) says where people
    left after a verb of leaving ('has evacuated more than 280 of the most vulnerable people
    from Palma', `grammar: left_from`), if any: the count is about that place; an earlier
    sentence's place may hold it ('flee towards several districts across Cabo Delgado'), so it
    is never where they went."""
    for m in c.left_name.finditer(text, lo, hi):
        lo_name, hi_name = m.span("name")
        if c.calendar_word.match(m.group("name")):
            continue  # "fled from Monday"
        if not any(x.start < hi_name and x.end > lo_name for x in mentions):
            return m.group("name")
    return None


def _apposed(c: cues.Cues, text: str, lo: int, num: _Num, mentions: list[Mention]) -> str | None:
    """The place right before the comma that opens the number's clause, when the clause opens
    with a word about it (`grammar: apposition`: 'Following Jordan is Iraq, home to 215369
    Syrian refugees', 'Egypt, which is accommodating'): the count is that place's, not the
    sentence's other places'."""
    if lo == 0 or text[lo - 1] != "," or not c.apposition.match(text, lo, num.start):
        return None
    before = text[: lo - 1].rstrip()
    at = next((i for i, m in enumerate(mentions) if m.end == len(before)), None)
    if at is None or (at > 0 and _joined(c, text, mentions[at - 1], mentions[at])):
        return None  # the last of a list ('India, Bangladesh and Pakistan, where 50 died')
    if _after_a_name_listed(c, text, mentions[at].start):
        return None  # 'India, Bangladesh, Tibet and Pakistan, where 50 died': Tibet unknown
    return mentions[at].place_id


#: The last word before a place, and up to three words between them.
_WORD_BEFORE = re.compile(
    r"(?P<name>[^\W\d_][\w'’-]*)(?P<between>[^\w]*(?:" + LOWER_CLASS + r"[\w'’]*[^\w]*){0,3})$"
)


def _after_a_name_listed(c: cues.Cues, text: str, start: int) -> bool:
    """Whether a capitalised name, known to the gazetteer or not, stands right before the
    place at `start` with only a list join between, and the language's articles and words of
    place (`grammar: articles`, `locative`): 'Tibet and Pakistan', 'au Tibet et au Pakistan':
    the place ends a list."""
    m = _WORD_BEFORE.search(text, max(0, start - _NEAR), start)
    if m is None or not m.group("name")[0].isupper():
        return False
    return _list_join(c, m.group("between"))


def _list_join(c: cues.Cues, between: str) -> bool:
    """Whether `between` (the text between two names) is only spaces and list joins, one at
    least; with a word join, the language's words of place may come with it ('Alep et à
    Homs', 'Alepo y en Homs', 'Алеппо и в Хомсе', 'in Aleppo und in Homs', `grammar: locative`
    and `place_list: words`), not an article
    ('from southern Lebanon and the Bekaa region' is no list of where people are)."""
    if c.place_list_word.search(between):
        g = language(c.code).grammar
        small = {w.lower() for w in g.get("locative", [])}
        small |= {w.lower() for w in (g.get("place_list") or {}).get("words") or []}
        between = " ".join(w for w in between.split(" ") if w.strip().lower() not in small)
    return bool(between.strip()) and c.place_list.fullmatch(between) is not None


def _scene_word(c: cues.Cues, word: str) -> bool:
    """Whether the word right after a name a locative opens makes it the scene of a count: the
    count itself ('In Zimbawe 100 people died'), a cue of a count of people ('В Зимбауе
    погибли 100 человек', 'En Zimbaue murieron 100 personas') or a word no adjective comes
    before (the language's `stopwords`: 'the death toll in Hazara has increased to 44'), not a
    noun the name qualifies ('in Israeli strikes')."""
    return (
        word[0].isdigit()
        or c.people_any.fullmatch(word) is not None
        or word.lower() in _stopwords(c.code)
    )


@cache
def _stopwords(code: str) -> frozenset[str]:
    """The language's stopwords, in lower case."""
    return frozenset(w.lower() for w in language(code).stopwords)


#: Indicators of aid given and people reached: about where the aid went, never the donor's
#: country it came from ("около шести тонн помощи из России" for Syrians: not Russia's).
_GIVEN = frozenset({"aid", "assistance"})


def _noted_if_unknown(
    c: cues.Cues,
    text: str,
    num: _Num,
    mentions: list[Mention],
    reading: _Reading,
    context: _SentenceContext,
) -> _Reading:
    """The reading of a figure with no place, noted as about a place the gazetteer lacks
    (`unknown_place_note`) when its clause, or the sentences it would borrow a place from, set
    the scene there ('En Zimbaue, el número de muertos se encuentra entre 185 y 259'): a part
    of the situation, never its whole."""
    lo, hi = _clause_bounds(text, num)
    scene = _unknown_place_nearer(c, text, lo, hi, mentions)
    if scene is None and reading.indicator == "displaced":
        scene = _left_unknown(c, text, lo, hi, mentions)
    if scene is None and not mentions:
        scene = context.earlier_scene
    if scene is None:
        return reading
    return replace(reading, note=unknown_place_note(scene))


def _noted_if_taken(
    c: cues.Cues,
    text: str,
    num: _Num,
    mentions: list[Mention],
    reading: _Reading,
    gazetteer: Gazetteer,
) -> _Reading:
    """The reading, noted 'taken to PLACE' (`taken_note`) when the number's clause says where
    the casualties were taken ('200 Verletzte wurden ... nach Teheran gebracht'): some of
    them, a subgroup, never a count of all the injured."""
    lo, hi = _clause_bounds(text, num)
    taken = next(
        (m for m in mentions if lo <= m.start and m.end <= hi and _taken_to(c, text, m)), None
    )
    if taken is None or taken.place_id not in gazetteer.places:
        return reading
    return replace(reading, note=taken_note(gazetteer.places[taken.place_id].name))


def _noted_if_some_of_its_kind(
    c: cues.Cues, text: str, num: _Num, reading: _Reading, place: str | None = None
) -> _Reading:
    """The reading, noted some of those counted (`SOME_NOTE`) when a partitive right after the
    number names people of its own kind ('at least 21 of the deceased ... were civilians'):
    part of a toll whose whole is not given; or, the count placed nowhere, refers back to a
    count before it (`grammar: of_them`: 'displaced nearly 800,000 people ..., with at least
    half a million of them in the first four months'), as does a sentence opening with the
    count and its partitive pronoun, wherever it is ('519 davon seien ... beerdigt'): some of
    them, never a report of the whole. '2,000 of the residents fled' are all the displaced
    (residents are no displacement cue), and '61,300 of the 95,000' names its whole. A
    partitive pronoun followed by the count's own cue takes those of its kind out of a group
    of another ('27.732 han recibido asistencia de salud, 4.605 de ellas por heridas': the
    injured among those treated), a whole count of its kind."""
    right = text[num.end : num.end + _NEAR]
    opens = not text[: num.start].strip(" \"'“«(-")  # '519 davon ...': some of the count before
    them = c.of_them.match(right)
    if (place is None or opens) and them:
        own = c.cue(reading.indicator, reading.subtype).search(right, them.end())
        if own is None or own.start() - them.end() > _OWN_CUE_GAP:
            return replace(reading, note=SOME_NOTE)
    of = c.partitive_start.match(right)
    noun = _NOUN_AFTER_PARTITIVE.match(right, of.end()) if of else None
    if noun is None or not c.cue(reading.indicator, reading.subtype).search(noun.group()):
        return reading
    return replace(reading, note=SOME_NOTE)


#: At most this many characters between a partitive pronoun and the count's own cue naming
#: which of them it counts ('de ellas por heridas', 'of them for injuries').
_OWN_CUE_GAP = 12
#: The word after a partitive, if it is a word, not a number: the noun it takes a part of.
_NOUN_AFTER_PARTITIVE = re.compile(r"[^\W\d_][\w'’-]*")


#: How far after a number its own 'in X' may name a place ('74 muertos en').
_OWN_PLACE_REACH = 30


def _own_place(c: cues.Cues, text: str, num: _Num, m: Mention) -> bool:
    """Whether the mention is the number's own place: right after it, with at most a word or
    two and a word of place between ('1 en Oaxaca', '45 muertos en Puebla')."""
    gap = m.start - num.end
    if not 0 <= gap <= _OWN_PLACE_REACH:
        return False
    between = text[num.end : m.start]
    return c.own_place.fullmatch(between) is not None


def _counted_at(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether the mention is some number's own place (`_own_place`: '1,617 people in
    Aragatsotn region'): a sentence naming several so is a breakdown, and lends the figures
    after it the place they all lie in, never its last item."""
    window = text[max(0, m.start - _OWN_PLACE_REACH - 1) : m.start]
    return any(
        c.own_place.fullmatch(window, d.end()) is not None for d in re.finditer(r"\d", window)
    )


def _taken_to(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether the mention comes right after a word of going to a place (`going_to`: '200
    Verletzte wurden ... nach Teheran gebracht'): where the injured or the dead were taken,
    never where they were hurt."""
    return c.going_to.search(text, max(0, m.start - _LEFT_REACH), m.start) is not None


def _where_it_went(
    c: cues.Cues, text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """Of the places of aid's clause, those it went to, when a word of destination names one
    ('Russia delivered 12 tonnes of aid to Syria': not the donor), with the places inside them
    ('arrived in the Tigray region's capital of Mekelle'); else all of them."""
    went = {
        m.place_id
        for m in mentions
        if c.destination.search(text, max(0, m.start - _ORIGIN_REACH), m.start)
    }
    if not went:
        return mentions
    return [m for m in mentions if went.intersection(gazetteer.chain(m.place_id))]


def _came_from(c: cues.Cues, text: str, m: Mention) -> bool:
    """Whether the mention comes right after a word of coming from ('from', 'из', 'aus'),
    before any words of its kind ('de la ville de Goré'), and no word of nearness ('près de la
    ville de Goré')."""
    end, near = meaning.before_place(meaning.meaning_words(c.code), text, m.start)
    return not near and c.origin.search(text, max(0, end - _LEFT_REACH), end) is not None


def _no_speakers(mentions: list[Mention]) -> list[Mention]:
    """The mentions but the countries named by who speaks ('Kyrgyz authorities'), which place
    displacement figures only (`Speaker`)."""
    if not any(isinstance(m, Speaker) for m in mentions):
        return mentions
    return [m for m in mentions if not isinstance(m, Speaker)]


def _all_of_list(
    c: cues.Cues,
    text: str,
    num: _Num,
    place: str | None,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    cache: dict,
) -> str | None:
    """The place of a figure whose place is named, nearest the number, in a list of places with
    a word join ('1,407 killed in Palu, Sigi and Parigi Moutong'): the figure is about all of
    them, so its place is the nearest one they all lie in (Central Sulawesi; with names the
    gazetteer lacks, the country of the known ones), or none when no place holds them all
    (Germany and Belgium: the whole situation). A list after 'between' relates its places, and
    'Herat, Afghanistan' is Herat. Otherwise `place` as it is."""
    named = mentions
    at = _nearest_of(named, place, num, cache)
    if at is None:
        return place
    lo, hi = 0, len(text)
    first, last = at, at
    while first > 0 and _joined(c, text, named[first - 1], named[first]):
        first -= 1
    while last + 1 < len(named) and _joined(c, text, named[last], named[last + 1]):
        last += 1
    start, end = named[first].start, named[last].end
    unknown = 0  # names of the list the gazetteer lacks ('Palu, Sigi and Parigi Moutong')
    while (before := _name_before(c, text, max(lo, start - _LIST_REACH), start)) is not None:
        unknown, start = unknown + 1, before
    while (after := _name_after(c, text, end, hi)) is not None:
        unknown, end = unknown + 1, after
    listed = _innermost(gazetteer, {m.place_id for m in named[first : last + 1]})
    if len(listed) == 1 and not unknown:  # 'Herat, Afghanistan': a place and where it lies
        return next(iter(listed))
    opening = text[max(0, start - _BETWEEN_REACH) : start]
    worded = c.place_list_word.search(text, start, end) is not None  # 'A, B and C'
    if not worded or c.place_between.search(opening):
        return place
    if unknown:  # where the unknown ones are is not known: the countries of the known ones
        listed = {_common_place(gazetteer, {p}, top=True) or p for p in listed}
    return _common_place(gazetteer, listed)


#: Indicators a list of places opening the number's sentence places (not people who moved,
#: whose list may be where they came from).
_LIST_BEFORE = frozenset({"casualties", "affected", "in_need", "buildings"})


def _list_before(
    c: cues.Cues, text: str, num: _Num, mentions: list[Mention], gazetteer: Gazetteer
) -> str | None:
    """The place of a figure with none of its own after a list of places that opens its part of
    the sentence ('In Donetsk and Luhansk, in the east of the country, 54 people were killed'):
    the nearest place they all lie in, as for a list in the number's clause (`_all_of_list`);
    None when no place holds them all, or the places are not one worded list ('between')."""
    part = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, num.start)), default=0)
    before = [m for m in mentions if part <= m.start and m.end <= num.start]
    runs: list[list[Mention]] = []
    for m in before:
        if runs and _joined(c, text, runs[-1][-1], m):
            runs[-1].append(m)
        else:
            runs.append([m])
    run = next((r for r in runs if len({m.place_id for m in r}) > 1), None)
    if run is None:
        return None
    start, end = run[0].start, run[-1].end
    if c.place_list_word.search(text, start, end) is None or c.place_between.search(
        text[max(0, start - _BETWEEN_REACH) : start]
    ):
        return None
    common = _common_place(gazetteer, {m.place_id for m in run})
    # Any other place named there holds the list ('... in the east of the country'), or
    # the number is not the list's alone.
    wider = set(gazetteer.chain(common))
    if common is None or any(m.place_id not in wider for m in before if m not in run):
        return None
    return common


def _some_of_a_country(
    c: cues.Cues,
    text: str,
    num: _Num,
    place: str | None,
    mentions: list[Mention],
    gazetteer: Gazetteer,
) -> str:
    """The note of a figure placed in a country whose part of the sentence, up to its clause's
    end, names a list of its regions or cities ('in den Separatistengebieten Donezk und Luhansk
    im Osten des Landes 54 Menschen': Ukraine): those places only (`listed_note`), a part of
    the country, never its whole; else ''. A list after 'between' relates its places."""
    if place is None or kind_of(gazetteer, place) != "country":
        return ""
    hi = _clause_bounds(text, num)[1]
    lo = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, num.start)), default=0)
    inside = [
        m
        for m in mentions
        if lo <= m.start
        and m.end <= hi
        and m.place_id != place
        and place in gazetteer.chain(m.place_id)
    ]
    names = list(dict.fromkeys(gazetteer.places[m.place_id].name for m in inside))
    if not inside or c.place_between.search(
        text[max(0, inside[0].start - _BETWEEN_REACH) : inside[0].start]
    ):
        return ""
    if len(names) == 1:  # 'в Алеппо и Джармане': a name the gazetteer lacks listed with it
        span = _name_span_after(c, text, inside[0].end, hi)
        if span is None or not c.place_list_word.search(text, inside[0].end, span[0]):
            return ""
        if any(x.start == span[0] for x in mentions):
            return ""  # a place the gazetteer knows, elsewhere
        return listed_note([names[0], text[span[0] : span[1]]])
    if c.place_list_word.search(text, inside[0].start, inside[-1].end) is None:
        return ""
    return listed_note(names)


def _nearest_of(mentions: list[Mention], place: str | None, num: _Num, cache: dict) -> int | None:
    """The index of the mention of `place` nearest the number (the earlier one on a tie), or
    None. The mentions of each place are indexed once per sentence and the nearest is found
    among the two on either side of the number, so a sentence listing many places and numbers
    stays linear: mentions do not overlap, so the distance falls then rises along them."""
    if place is None:
        return None
    if "by_place" not in cache:
        by_place: dict[str, list[int]] = {}
        for i, m in enumerate(mentions):
            by_place.setdefault(m.place_id, []).append(i)
        cache["by_place"] = by_place
    mine = cache["by_place"].get(place)
    if not mine:
        return None
    k = bisect.bisect_left(mine, num.start, key=lambda i: mentions[i].start)
    near = mine[max(0, k - 2) : k + 2]
    return min(
        near, key=lambda i: min(abs(mentions[i].start - num.end), abs(num.start - mentions[i].end))
    )


def _innermost(gazetteer: Gazetteer, places: set[str]) -> set[str]:
    """`places` less those another of them lies in ('Herat, Afghanistan': Herat)."""
    above = {up for place in places for up in gazetteer.chain(place)[1:]}
    return places - above or places


#: A name of a list the gazetteer lacks: capitalised words ('Parigi Moutong').
_NAME = (
    r"(?:(?!"
    + LOWER_CLASS
    + r")[^\W\d_])[\w'’-]*(?:\s+(?:(?!"
    + LOWER_CLASS
    + r")[^\W\d_])[\w'’-]*){0,3}"
)
_NAME_AT = re.compile(_NAME)
_NAME_END = re.compile(r"(?<![\w'’-])" + _NAME + r"$")
#: How far before a list's first known place an unknown name of it may start.
_LIST_REACH = 60


def _name_after(c: cues.Cues, text: str, end: int, hi: int) -> int | None:
    """Where a name the gazetteer lacks ends, when list joins then such a name follow `end`
    within the clause; else None (`_name_span_after`)."""
    span = _name_span_after(c, text, end, hi)
    return span[1] if span else None


def _name_span_after(c: cues.Cues, text: str, end: int, hi: int) -> tuple[int, int] | None:
    """Where a name the gazetteer lacks starts and ends, when list joins then such a name
    follow `end` within the clause, a word join maybe followed by the word of place again
    ('Alep et à Zarmana', `grammar: locative`); else None."""
    joins = c.place_list.match(text, end, hi)
    if joins is None or not text[end : joins.end()].strip():
        return None
    if c.place_list_word.search(text, end, joins.end()):
        again = c.locative_name.match(text, joins.end(), hi)
        if again is not None:
            return again.span("name")
    name = _NAME_AT.match(text, joins.end(), hi)
    return name.span() if name else None


def _name_before(c: cues.Cues, text: str, lo: int, start: int) -> int | None:
    """Where a name the gazetteer lacks starts, when such a name then list joins come right
    before `start`; else None."""
    head = text[lo:start]
    for m in re.finditer(r"(?<![\w'’-])(?=(?:(?!" + LOWER_CLASS + r")[^\W\d_]))", head):
        name = _NAME_AT.match(head, m.start())
        if name is None:
            continue
        rest = head[name.end() :]
        if rest.strip() and c.place_list.fullmatch(rest):
            return lo + m.start()
    return None


#: How far before a list of places its 'between' may start (with an article: 'zwischen dem').
_BETWEEN_REACH = 20


def _joined(c: cues.Cues, text: str, a: Mention, b: Mention) -> bool:
    """Whether only spaces and list joins stand between two mentions, one at least a join
    (`_list_join`)."""
    return _list_join(c, text[a.end : b.start])


def _common_place(gazetteer: Gazetteer, places: set[str], top: bool = False) -> str | None:
    """The nearest place every one of `places` is or lies in (by `parent`), or None; with
    `top`, the farthest (the country)."""
    chains = [gazetteer.chain(place) for place in places]
    shared = set(chains[0]).intersection(*map(set, chains[1:]))
    order = reversed(chains[0]) if top else iter(chains[0])
    return next((p for p in order if p in shared), None)


#: What ends one part of a sentence and starts another ("...; while its neighbour ...").
_STRONG_BREAK = re.compile(r"[;:]")


def _is_anaphora(c: cues.Cues, m: Mention) -> bool:
    """Whether the mention names a kind without a name ('the province', 'du pays')."""
    return any(p.fullmatch(m.text) for p in c.kind_anaphora.values())


def _only_place_before(
    c: cues.Cues, text: str, mentions: list[Mention], lo: int, displaced: bool, cache: dict
) -> str | None:
    """The only place named before the number's clause, in its part of the sentence (after any
    ';'), for displacement its only destination; None when there is none or several. A place
    after the number's clause is in a comment on it (a part: 'most of them in Goris'; a
    consequence: 'causing panic as far away as Quito'), never the place of the whole count.
    Answered from what is worked out once per sentence (`_PlaceRuns`), so a sentence listing
    many places and numbers stays linear."""
    key = ("runs", len(mentions))
    if key not in cache:
        cache[key] = _PlaceRuns.of(c, text, mentions)
    return cache[key].only_before(lo, displaced)


@dataclass(frozen=True)
class _Run:
    """Some of a sentence's mentions, in order: where each ends, and for each the index of the
    next one naming another place (so whether a stretch names one place is one comparison)."""

    starts: list[int]
    ends: list[int]
    ids: list[str]
    other: list[int]

    @classmethod
    def of(cls, mentions: list[Mention]) -> _Run:
        """The run of `mentions` (in the sentence's order)."""
        other = [len(mentions)] * len(mentions)
        for i in range(len(mentions) - 2, -1, -1):
            same = mentions[i + 1].place_id == mentions[i].place_id
            other[i] = other[i + 1] if same else i + 1
        return cls(
            [m.start for m in mentions],
            [m.end for m in mentions],
            [m.place_id for m in mentions],
            other,
        )

    def only(self, start: int, lo: int) -> tuple[bool, str | None]:
        """(whether any mention lies within start..lo, the one place they all name or None)."""
        i, j = bisect.bisect_left(self.starts, start), bisect.bisect_right(self.ends, lo)
        if i >= j:
            return False, None
        return True, (self.ids[i] if self.other[i] >= j else None)


@dataclass(frozen=True)
class _PlaceRuns:
    """A sentence's place mentions as `_Run`s (all; arrivals; those not left), and where its
    parts (after a ';' or ':') start."""

    every: _Run
    arrivals: _Run
    not_left: _Run
    not_event: _Run
    part_starts: list[int]
    #: Where a clause joined by a comma and a word starts (", and in Kyrgyzstan, 59 ...").
    clause_starts: list[int]

    @classmethod
    def of(cls, c: cues.Cues, text: str, mentions: list[Mention]) -> _PlaceRuns:
        """The runs of `mentions` in `text`."""
        some = [m for m in mentions if not _event_at(c, text, m) and not _heading_to(c, text, m)]
        some = _not_locating(c, text, some)
        dest = [m for m in some if c.destination.search(text, max(0, m.start - 20), m.start)]
        not_left = [m for m in some if not _left(c, text, m)]
        breaks = [m.end() for m in _STRONG_BREAK.finditer(text)]
        joins = sorted(breaks + [m.end() for m in c.clause_join.finditer(text)])
        runs = (_Run.of(mentions), _Run.of(dest), _Run.of(not_left), _Run.of(some))
        return cls(*runs, breaks, joins)

    def only_before(self, lo: int, displaced: bool) -> str | None:
        """The only place named in the part of the sentence before `lo` (for displacement: the
        only destination, else the only place not left, else the only place but an event's):
        in the clause `lo` is in when it names one ('In Tajikistan, 39 were killed, and in
        Kyrgyzstan, 59': Kyrgyzstan for 59), else in the part after any ';' or ':'."""
        for starts in (self.clause_starts, self.part_starts):
            k = bisect.bisect_right(starts, lo)
            found, place = self._only(starts[k - 1] if k else 0, lo, displaced)
            if found:
                return place
        return None

    def _only(self, start: int, lo: int, displaced: bool) -> tuple[bool, str | None]:
        """(whether a place is named within start..lo, the only one or None)."""
        for run in (self.arrivals, self.not_left) if displaced else ():
            found, place = run.only(start, lo)
            if found:
                return found, place
        return (self.not_event if displaced else self.every).only(start, lo)


def _arrival_places(c: cues.Cues, text: str, mentions: list[Mention]) -> list[Mention]:
    """Places people arrived in ("to Goris"), else those they did not leave; never a place
    they left ("27,000 from the southern and Bekaa regions": none), nor the place of an event
    ("since the war in Ukraine": not where refugees are)."""
    mentions = [m for m in mentions if not _event_at(c, text, m) and not _heading_to(c, text, m)]
    mentions = _not_locating(c, text, mentions)
    dest = [m for m in mentions if c.destination.search(text, max(0, m.start - 20), m.start)]
    not_origin = [m for m in mentions if not _left(c, text, m)]
    return dest or not_origin


def _not_locating(c: cues.Cues, text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions but those locating the place named right before their comma ("Hodeida, the
    main port city in Yemen", `grammar: describing`): a description of that place, never
    where its displaced people went (the displaced population of Hodeida is Hodeida's)."""
    ends = {m.end for m in mentions}
    return [m for m in mentions if not cues.locates_one_before(c.locating, text, m, ends)]


def _figure(
    article: Article,
    sentence: Sentence,
    num: _Num,
    reading: _Reading,
    as_of: dt.date,
    place: str | None,
) -> Figure:
    start = sentence.start + num.start
    end = sentence.start + num.end
    value = num.value * reading.value_factor
    value_max = num.value_max * reading.value_factor if num.value_max is not None else None
    return Figure(
        id=figure_id(article.id, start, end, reading.indicator, reading.subtype, False),
        source=article.id,
        indicator=reading.indicator,
        subtype=reading.subtype,
        value=value,
        value_max=value_max,
        unit=reading.unit,
        qualifier=num.qualifier,
        as_of=as_of,
        place=place,
        quote=sentence.text,
        start=start,
        end=end,
        derived=False,
        method=Method.extracted,
        note=reading.note,
        source_outlet=article.outlet,
        source_url=article.url,
        published=article.date,
    )


def _derived(
    c: cues.Cues,
    article: Article,
    sentence: Sentence,
    num: _Num,
    base: Figure,
    mentions: list[Mention],
) -> list[Figure]:
    """The figures a share derives from a count ('800 displaced people, half of whom are
    children' also gives 400 children; `extract/shares.py`): the claim of its base, of a share
    of the people, each a new record validated again. A share in a place is a part of the
    count, placed at the first place named after its words when there is one."""
    out: list[Figure] = []
    for share in shares.shares_of(c, sentence.text, num.start, num.end, base):
        if not _allowed(_Reading(share.indicator, share.subtype, "people")):
            continue
        start, end = sentence.start + share.start, sentence.start + share.end
        update: dict[str, object] = {}
        if share.indicator == "displaced" and base.indicator != "displaced":
            update["destination"] = base.place  # its place is where they are, as a count's
        if share.part_from is not None:
            update["note"] = part_note(base.value)
            there = next((m for m in mentions if m.start >= share.part_from), None)
            if there is not None:
                update["place"] = there.place_id
                if share.indicator == "displaced":
                    update["destination"] = there.place_id
        out.append(
            Figure(
                **{
                    **base.model_dump(),
                    "id": figure_id(article.id, start, end, share.indicator, share.subtype, True),
                    "indicator": share.indicator,
                    "subtype": share.subtype,
                    "value": round(base.value * share.factor, 6),
                    "value_max": _times(base.value_max, share.factor),
                    "qualifier": share.qualifier,
                    "start": start,
                    "end": end,
                    "derived": True,
                    **update,
                }
            )
        )
    return out


def _times(value: float | None, factor: float) -> float | None:
    """`value` times `factor`, rounded as a figure's value; None stays None."""
    return round(value * factor, 6) if value is not None else None
