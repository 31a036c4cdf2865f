"""The extractor: from an article's body to figure records, each with its hedge, date, place and the
sentence it came from.

A number becomes a figure only when its words say what it counts (a head noun such as "armoured
vehicles", "tons", "$", or a cue such as "killed", "fled", "live" in its clause). Anything else
(ages, years, durations, vague amounts) is left out: a missed figure is better than a wrong one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from loaders.extract import cues
from loaders.extract.dates import DateSpan, find_dates
from loaders.extract.numbers import NumberSpan, find_numbers
from loaders.extract.sentences import Sentence, split_sentences
from loaders.model.records import Article, Figure, Indicator, Method, Qualifier
from loaders.read.articles import find_dateline
from loaders.read.gazetteer import Gazetteer, Mention


@dataclass
class _Num:
    """A number in a sentence with what surrounds it; offsets are sentence-relative."""

    span: NumberSpan
    start: int  # of the whole expression: hedge, currency, range
    end: int
    value: float
    value_max: float | None = None
    qualifier: Qualifier = Qualifier.exact
    currency: str | None = None


@dataclass(frozen=True)
class _Reading:
    indicator: Indicator
    subtype: str | None
    unit: str
    value_factor: float = 1.0
    note: str = ""


@dataclass
class _Context:
    """What a sentence can borrow from around it: the lead of a list, the sentences before."""

    lead: Sentence | None
    before: list[Sentence]
    #: Places named in the earlier sentences of the same paragraph, nearest first (a few at most).
    earlier_places: list[str] = field(default_factory=list)
    wide: str = ""
    _seen: dict = field(default_factory=dict)

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether the sentence, the two before it or the list's lead match `pattern` (asked
        once per sentence, however many numbers it has)."""
        if pattern.pattern not in self._seen:
            self._seen[pattern.pattern] = pattern.search(self.wide) is not None
        return self._seen[pattern.pattern]


def figure_id(source: str, *parts: object) -> str:
    """A short id that stays the same when the same file is read again."""
    key = "|".join([source, *map(str, parts)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Figure]:
    """Every figure in the article's body."""
    gazetteer = gazetteer or Gazetteer()
    body = article.body
    dateline = find_dateline(body)
    dateline_place = gazetteer.lookup(dateline.name) if dateline else None
    sentences = split_sentences(body)
    figures: list[Figure] = []
    lead: Sentence | None = None
    mentions_cache = _mentions_by_sentence(body, sentences, gazetteer)
    for i, sentence in enumerate(sentences):
        prev = sentences[i - 1] if i else None
        if prev is not None and prev.text.rstrip().endswith(":"):
            lead = prev
        elif not _is_list_item(sentence.text):
            lead = None
        earlier = []
        for j in range(i - 1, max(-1, i - 1 - _PLACE_LOOKBACK), -1):
            if sentences[j].paragraph != sentence.paragraph:
                break
            earlier.extend(m.place_id for m in reversed(mentions_cache[j]))
        before = sentences[max(0, i - 2) : i]
        wide = " ".join([s.text for s in before] + [sentence.text])
        if lead is not None:
            wide = lead.text + " " + wide
        context = _Context(lead=lead, before=before, earlier_places=earlier, wide=wide)
        figures.extend(
            _sentence_figures(
                article,
                sentence,
                context,
                gazetteer,
                dateline_place.id if dateline_place else None,
                sentences,
                dateline.prefix_end if dateline else 0,
                mentions_cache[i],
            )
        )
    return figures


def _mentions_by_sentence(
    body: str, sentences: list[Sentence], gazetteer: Gazetteer
) -> list[list[Mention]]:
    """Place mentions of each sentence (offsets relative to it), found in one pass over the body."""
    starts = [s.start for s in sentences]
    out: list[list[Mention]] = [[] for _ in sentences]
    for m in gazetteer.mentions(body):
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sentences[i].end:
            s = sentences[i]
            out[i].append(Mention(m.place_id, m.start - s.start, m.end - s.start, m.text))
    return out


def _is_list_item(text: str) -> bool:
    return bool(re.match(r"\s*(?:[-•*–—·]|\d+[.)]\s)", text))


def _sentence_figures(
    article: Article,
    sentence: Sentence,
    context: _Context,
    gazetteer: Gazetteer,
    dateline_place: str | None,
    sentences: list[Sentence],
    dateline_end: int = 0,
    sentence_mentions: list[Mention] | None = None,
) -> list[Figure]:
    text = sentence.text
    found = find_numbers(text)
    if not found:
        return []
    dates = find_dates(text, article.date)
    lead_dates = find_dates(context.lead.text, article.date) if context.lead else []
    numbers = [
        n
        for n in found
        if not any(d.start < n.end and n.start < d.end for d in dates) and not _is_year(n, text)
    ]
    nums = _merge_ranges(text, [_with_surroundings(text, n) for n in numbers])
    nums = [n for n in nums if not cues.NOT_A_FIGURE_AFTER.match(text[n.end :])]
    if sentence_mentions is None:
        sentence_mentions = gazetteer.mentions(text)
    mentions = [m for m in sentence_mentions if sentence.start + m.start >= dateline_end]
    out: list[Figure] = []
    for k, num in enumerate(nums):
        left_limit = nums[k - 1].end if k else 0
        right_limit = nums[k + 1].start if k + 1 < len(nums) else len(text)
        reading = _read(text, num, left_limit, right_limit, context)
        if reading is None:
            continue
        as_of = _as_of(text, num, dates, lead_dates, article.date)
        place = _place(text, num, reading, mentions, sentence, context, dateline_place)
        figure = _figure(article, sentence, num, reading, as_of, place)
        if figure is None:
            continue
        out.append(figure)
        derived = _derived(article, sentence, num, reading, figure, right_limit)
        if derived is not None:
            out.append(derived)
    return out


def _is_year(n: NumberSpan, text: str) -> bool:
    return (
        not n.words
        and not n.has_scale
        and re.fullmatch(r"\d{4}", n.text) is not None
        and 1800 <= n.value <= 2100
    )


def _with_surroundings(text: str, n: NumberSpan) -> _Num:
    num = _Num(span=n, start=n.start, end=n.end, value=n.value)
    left = text[: n.start]
    cur = cues.CURRENCY_BEFORE.search(left)
    if cur:
        if cur.group("usd"):
            num.currency = "USD"
        elif cur.group("sym"):
            num.currency = cues.CURRENCY_SYMBOLS[cur.group("sym")]
        else:
            num.currency = cur.group("code").upper()
        num.start = cur.start()
        left = text[: num.start]
    after = cues.CURRENCY_AFTER.match(text[n.end :])
    if after:
        word = after.group("word")
        code = after.group("code")
        currency = (
            code.upper() if code else cues.CURRENCY_WORDS.get(re.sub(r"\s+", " ", word.lower()))
        )
        if currency and (num.currency in (None, currency)):
            num.currency = currency
            num.end = n.end + after.end()
    for qualifier, pattern in cues.HEDGE_BEFORE:
        m = pattern.search(left)
        if not m:
            continue
        if qualifier is Qualifier.more_than and cues.OVER_AS_PARTICLE.search(left):
            continue
        num.qualifier = qualifier
        num.start = m.start()
        break
    if num.qualifier is Qualifier.exact:
        for qualifier, pattern in cues.HEDGE_AFTER:
            m = pattern.match(text[num.end :])
            if m:
                num.qualifier = qualifier
                num.end += m.end()
                break
    return num


def _merge_ranges(text: str, nums: list[_Num]) -> list[_Num]:
    """'between 50 and 1,000', '50-1,000', '50 to 1,000' become one number with value_max."""
    out: list[_Num] = []
    i = 0
    while i < len(nums):
        cur = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if nxt is not None and cur.qualifier is Qualifier.exact:
            gap = text[cur.end : nxt.start]
            before = text[: cur.start]
            between = cues.RANGE_BETWEEN.search(before) and cues.RANGE_JOIN_AND.match(gap)
            dash = cues.RANGE_JOIN_DASH.match(gap) and not cues.RANGE_FROM.search(before)
            if (between or dash) and nxt.qualifier is Qualifier.exact:
                low, high = cur.value, nxt.value
                if nxt.span.has_scale and not cur.span.has_scale and low * 1000 <= high:
                    scale = nxt.span.value / float(re.sub(r"[^\d.]", "", nxt.span.text) or 1)
                    low *= scale
                if low < high:
                    start = cues.RANGE_BETWEEN.search(before).start() if between else cur.start
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


def _clip_right(text: str, start: int, limit: int) -> str:
    segment = text[start:limit]
    cuts = [m.start() for p in (cues.CLAUSE_BREAK, cues.TEMPORAL_BREAK) if (m := p.search(segment))]
    return segment[: min(cuts)] if cuts else segment


def _clip_left(text: str, limit: int, end: int) -> str:
    segment = text[limit:end]
    breaks = list(cues.LEFT_BREAK.finditer(segment))
    return segment[breaks[-1].end() :] if breaks else segment


def _read(
    text: str, num: _Num, left_limit: int, right_limit: int, context: _Context
) -> _Reading | None:
    """What the number counts, or None when its words do not say."""
    after = text[num.end : right_limit]
    before = text[left_limit : num.start]
    if cues.NOT_A_FIGURE_AFTER.match(after) or cues.NOT_A_FIGURE_BEFORE.search(before):
        return None
    if num.span.words and num.value == 1 and re.match(r"\s+of\b", after):
        return None  # "one of the refugees"
    if re.search(r"[A-Z][\w'’-]+,\s*$", before) and re.match(r"\s*,", after) and not num.currency:
        return None  # "Mr Zakaryan, 28, who..." is an age
    local_right = _clip_right(text, num.end, right_limit)
    local_left = _clip_left(text, left_limit, num.start)
    sentence_ctx = text
    wide_ctx = context.wide

    if num.currency:
        if context.mentions(cues.AID) and not cues.PRICE.search(local_left + local_right):
            return _Reading(Indicator.aid, "funding", num.currency)
        return None
    if cues.TONNES_AFTER.match(after):
        if re.match(
            r"^\s*(?:metric\s+)?\w+\s+of\s+(?:ammunition|explosives|munitions)", after, re.I
        ):
            return None
        return _Reading(Indicator.aid, "tonnage", "tonnes") if context.mentions(cues.AID) else None
    if cues.KILOS_AFTER.match(after):
        if context.mentions(cues.AID):
            return _Reading(Indicator.aid, "tonnage", "tonnes", value_factor=0.001)
        return None
    for subtype, pattern in cues.WEAPON_HEADS:
        if pattern.match(local_right):
            if context.mentions(cues.SURRENDER):
                return _Reading(Indicator.weapons_surrendered, subtype, "items")
            return None
    if cues.VEHICLE_HEAD.match(local_right):
        if cues.AID.search(sentence_ctx) and not re.search(
            r"armou?red|military", local_right, re.I
        ):
            return _Reading(Indicator.aid, "vehicles", "vehicles")
        return None
    if cues.NOT_PEOPLE_HEAD.match(local_right):
        return None
    return _read_people(num, local_left, local_right, sentence_ctx, wide_ctx)


#: How many earlier sentences of a paragraph may lend a figure their place.
_PLACE_LOOKBACK = 5

#: A cue after the number ("800 were registered") binds more tightly than one before it.
_LEFT_PENALTY = 10


def _nearest(pattern: re.Pattern[str], left: str, right: str) -> int | None:
    """Distance from the number to the nearest match of `pattern` in its left or right context."""
    best = None
    for m in pattern.finditer(right):
        best = m.start() if best is None else min(best, m.start())
    for m in pattern.finditer(left):
        d = len(left) - m.end() + _LEFT_PENALTY
        best = d if best is None else min(best, d)
    return best


def _read_people(
    num: _Num, local_left: str, local_right: str, sentence_ctx: str, wide_ctx: str
) -> _Reading | None:
    head = cues.PEOPLE_HEAD.match(local_right)
    note = ""
    if head:
        group = cues.GROUP_NOTES.search(local_right[: head.end()])
        note = group.group(0).lower() if group else ""
    for scope_left, scope_right in ((local_left, local_right), ("", sentence_ctx)):
        if scope_right is sentence_ctx and not head:
            return None
        reading = _classify_people(
            scope_left, scope_right, head is not None, local_right, note, sentence_ctx, wide_ctx
        )
        if reading is not None:
            return reading
    return None


def _classify_people(
    left: str,
    right: str,
    has_head: bool,
    local_right: str,
    note: str,
    sentence: str,
    wide: str,
) -> _Reading | None:
    casualty = [
        (d, sub) for sub, p in cues.CASUALTY_CUES if (d := _nearest(p, left, right)) is not None
    ]
    displaced = _nearest(cues.DISPLACED, left, right)
    population = _nearest(cues.POPULATION, left, right)
    if casualty:
        _, subtype = min(casualty)
        return _Reading(Indicator.casualties, subtype, "people", note=note)
    if displaced is not None:
        if cues.CHILDREN.search(local_right[:40]) and has_head:
            return _Reading(Indicator.displaced, "children", "people")
        return _Reading(Indicator.displaced, _displaced_subtype(left, right, sentence), "people")
    if not has_head:
        subtype = _displaced_subtype(left, right, "")
        if subtype in ("registered", "accommodated") and cues.DISPLACED.search(wide):
            return _Reading(Indicator.displaced, subtype, "people")
    strong = re.search(r"\b(?:population|inhabitants|home\s+to)\b", left, re.I)
    if not has_head and displaced is None:
        for subtype in ("registered", "accommodated"):
            pattern = dict(cues.DISPLACED_SUBTYPES)[subtype]
            if pattern.search(left + " " + right) and cues.DISPLACED.search(wide):
                return _Reading(Indicator.displaced, subtype, "people")
    if population is not None and (has_head or strong):
        group = None
        if cues.CHILDREN.search(local_right[:40]):
            group = "children"
        return _Reading(Indicator.population, group, "people")
    return None


def _displaced_subtype(left: str, right: str, sentence: str) -> str | None:
    """The subtype whose cue is nearest the number; 'daily' may also come from the sentence."""
    found = [
        (d, subtype)
        for subtype, pattern in cues.DISPLACED_SUBTYPES
        if (d := _nearest(pattern, left, right)) is not None
    ]
    if found:
        return min(found)[1]
    daily = dict(cues.DISPLACED_SUBTYPES)["daily"]
    return "daily" if sentence and daily.search(sentence) else None


def _as_of(
    text: str, num: _Num, dates: list[DateSpan], lead_dates: list[DateSpan], published: dt.date
) -> dt.date:
    """The date nearest the number in its sentence (not one in a 'before ...' phrase after it),
    else the date of the list's lead, else the article's date. Never after publication."""
    usable = [
        d
        for d in dates
        if d.date <= published
        and not (d.start >= num.end and cues.TEMPORAL_BREAK.search(text[num.end : d.start]))
    ]
    if usable:
        nearest = min(usable, key=lambda d: min(abs(d.start - num.end), abs(num.start - d.end)))
        return nearest.date
    usable = [d for d in lead_dates if d.date <= published]
    return usable[-1].date if usable else published


_DESTINATION = re.compile(r"\b(?:in|into|to|reached|entered|at)\s+(?:the\s+)?$", re.I)
_ORIGIN = re.compile(r"\b(?:from|left|fled|leaving|out\s+of)\s+(?:the\s+)?$", re.I)


def _place(
    text: str,
    num: _Num,
    reading: _Reading,
    mentions: list[Mention],
    sentence: Sentence,
    context: _Context,
    dateline_place: str | None,
) -> str | None:
    """The place named in the number's clause (for displacement, where people arrived), or the
    sentence's only place; else the last place named earlier in the paragraph; else, in the lede,
    the dateline. None rather than a guess when the sentence names several other places."""
    lo = max((m.end() for m in re.finditer(r"[,;:()]", text[: num.start])), default=0)
    hi = min(
        (num.end + m.start() for m in re.finditer(r"[,;:()]", text[num.end :])), default=len(text)
    )
    in_clause = [m for m in mentions if m.start >= lo and m.end <= hi]
    candidates = in_clause or mentions
    if reading.indicator is Indicator.displaced and candidates:
        mentions = candidates
        dest = [m for m in mentions if _DESTINATION.search(text[: m.start])]
        not_origin = [m for m in mentions if not _ORIGIN.search(text[: m.start])]
        candidates = dest or not_origin or mentions
    if in_clause or len({m.place_id for m in candidates}) == 1:
        best = min(candidates, key=lambda m: min(abs(m.start - num.end), abs(num.start - m.end)))
        return best.place_id
    if mentions:
        return None  # the sentence names several places, none in the number's clause
    if context.earlier_places:
        return context.earlier_places[0]
    return dateline_place if sentence.paragraph == 0 else None


def _figure(
    article: Article,
    sentence: Sentence,
    num: _Num,
    reading: _Reading,
    as_of: dt.date,
    place: str | None,
) -> Figure | None:
    start = sentence.start + num.start
    end = sentence.start + num.end
    value = num.value * reading.value_factor
    value_max = num.value_max * reading.value_factor if num.value_max is not None else None
    return Figure(
        id=figure_id(article.id, start, end, reading.indicator.value, reading.subtype, False),
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
    article: Article,
    sentence: Sentence,
    num: _Num,
    reading: _Reading,
    base: Figure,
    right_limit: int,
) -> Figure | None:
    """'800 displaced people, half of whom are children' also gives 400 children."""
    if reading.unit != "people" or reading.indicator not in (
        Indicator.displaced,
        Indicator.population,
    ):
        return None
    text = sentence.text
    tail = text[num.end :]
    m = cues.DERIVED.search(tail)
    if not m or re.search(r"\d", tail[: m.start()]) or re.search(r"[.;:]", tail[: m.start()]):
        return None
    group = m.group("group").lower()
    if group in ("minors",):
        group = "children"
    if reading.indicator is Indicator.displaced and group != "children":
        return None
    if m.group("frac"):
        share = cues.FRACTIONS[re.sub(r"[-\s]+", " ", m.group("frac").lower())]
    else:
        share = float(m.group("pct")) / 100
    start = sentence.start + num.end + m.start("share")
    end = sentence.start + num.end + m.end("share")
    # The same claim as its base, of a share of the people: a new record, validated again.
    return Figure(
        **{
            **base.model_dump(),
            "id": figure_id(article.id, start, end, reading.indicator.value, group, True),
            "subtype": group,
            "value": round(base.value * share, 6),
            "value_max": round(base.value_max * share, 6) if base.value_max is not None else None,
            "start": start,
            "end": end,
            "derived": True,
        }
    )
