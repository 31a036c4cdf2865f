"""The words that tell what a number counts, compiled per language from the language files
(`loaders/model/languages/<code>.yaml`): hedges, currencies, units, head nouns, and the cues for
each vocabulary entry. Nothing here is about one crisis or one language; currency symbols and
ISO codes are the same in every language and come from the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from loaders.model.languages import Language, language
from loaders.model.records import Qualifier
from loaders.model.vocabulary import VOCABULARY
from loaders.read.characters import LOWER_CLASS
from loaders.read.gazetteer import Endings, Mention, language_endings, normalize

I = re.I  # noqa: E741

#: Currency symbols and the ISO code each stands for (the vocabulary's `currency_symbols`).
CURRENCY_SYMBOLS = dict(VOCABULARY.currency_symbols)
#: Every ISO 4217 code the vocabulary accepts, as written: in capitals, whatever the text's case.
CURRENCY_CODES = "(?-i:" + "|".join(sorted(VOCABULARY.currencies, key=len, reverse=True)) + ")"
CURRENCY_BEFORE = re.compile(
    r"(?:(?P<usd>US\s?\$|USD\s?\$?)|(?P<sym>["
    + re.escape("".join(CURRENCY_SYMBOLS))
    + r"])|(?P<code>\b(?:"
    + CURRENCY_CODES
    + r")))\s?$"
)


_NEVER = re.compile("(?!)")

#: Entries a count of people can have, most specific first (a tie goes to the first): the
#: vocabulary's `people_cues`.
PEOPLE_ENTRIES: tuple[tuple[str, str | None], ...] = VOCABULARY.people_entries()


def _key(indicator: str, subtype: str | None) -> str:
    """The cue key of a vocabulary entry in the language files: `indicator/subtype`."""
    return f"{indicator}/{subtype or ''}"


def _alt(words: list[str]) -> str:
    words = [w for w in words if w]
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" if words else "(?!)"


def _before_name(words: list[str] | None) -> re.Pattern[str] | None:
    """Any of `words` ending where it is matched up to (a name's start), or None."""
    return re.compile(r"(?<!\w)" + _alt([str(w) for w in words]) + "$", I) if words else None


def _word(words: list[str]) -> re.Pattern[str]:
    """Any of `words`, as whole words."""
    return re.compile(r"(?<!\w)" + _alt(words) + r"(?!\w)", I)


def _head(
    words: list[str], modifiers: int = 3, stop: str = "(?!)", of: str = "(?!)"
) -> re.Pattern[str]:
    """A head noun right after a number, after up to `modifiers` other words (none of them a
    function word: "195 across the region" has no head); `of` joins a scale word to its noun
    ("millones de personas")."""
    modifier = r"(?:(?!" + stop + r"\s)[\w'’-]+\s+)"
    # "85.000-Einwohner-Stadt", "a 5,000-strong crowd": the noun may be joined by a hyphen.
    return re.compile(
        r"^(?:\s*|-)(?:"
        + of
        + r"\s*)?"
        + modifier
        + "{0,"
        + str(modifiers)
        + r"}?(?:\w+['’])?"
        + _alt(words)
        + r"(?!\w)",
        I,
    )


def _head_cased(words: list[str], modifiers: int = 3) -> re.Pattern[str]:
    """Like `_head`, keeping the case of the words (for capitalised group nouns)."""
    if not words:
        return re.compile("(?!)")
    return re.compile(
        r"^\s*(?:[\w'’-]+\s+){0," + str(modifiers) + r"}?(?:\w+-)?" + _alt(words) + r"(?!\w)"
    )


@dataclass(frozen=True)
class Cues:
    """Every cue pattern of one language."""

    code: str
    hedge_before: list[tuple[Qualifier, re.Pattern[str]]]
    #: Every hedge in one pattern; the group that matched is the qualifier's name.
    hedge_any: re.Pattern[str]
    hedge_after: list[tuple[Qualifier, re.Pattern[str]]]
    over_as_particle: re.Pattern[str]
    currency_after: re.Pattern[str]
    currency_words: list[tuple[re.Pattern[str], str]]
    not_a_figure_after: re.Pattern[str]
    not_a_figure_before: re.Pattern[str]
    #: (indicator, subtype, pattern) for every vocabulary entry with cue words.
    entry_cues: list[tuple[str, str | None, re.Pattern[str]]]
    people_head: re.Pattern[str]
    #: Any noun that says a number counts something other than people.
    other_nouns: re.Pattern[str]
    #: A noun naming displaced people themselves ("refugees").
    displaced_head: re.Pattern[str]
    #: "the number", "this figure": a count of what was counted before.
    anaphora: re.Pattern[str]
    #: A people noun right after the number, with no other word between.
    people_next: re.Pattern[str]
    people_head_cased: re.Pattern[str]
    not_people_head: re.Pattern[str]
    buildings_head: re.Pattern[str]
    tonnes_after: re.Pattern[str]
    kilos_after: re.Pattern[str]
    vehicle_head: re.Pattern[str]
    weapon_heads: list[tuple[str, re.Pattern[str]]]
    groups: dict[str, re.Pattern[str]]
    group_notes: re.Pattern[str]
    surrender: re.Pattern[str]
    not_aid_cargo: re.Pattern[str]
    military: re.Pattern[str]
    price: re.Pattern[str]
    #: Money paid to each person or household ("one-time support of", "to each person").
    allowance: re.Pattern[str]
    strong_population: re.Pattern[str]
    #: A population word right before the number ("a city of", "home to", "population:").
    population_before: re.Pattern[str]
    #: A place's possessive right before the number ("Gaza's").
    #: Words right after or before a day that make it an event's day, not a count's
    #: ("Tuesday night's earthquake", "le séisme de mardi").
    event_day_after: re.Pattern[str]
    event_day_before: re.Pattern[str]
    possessive: re.Pattern[str]
    #: Words saying a count's people are trapped or buried under something: fate unknown.
    trapped: re.Pattern[str]
    #: Words saying a count's people were found safe (`context: found_safe`): no longer missing.
    found_safe: re.Pattern[str]
    #: A comma and a word that opens another clause (`grammar: left_breaks`): ", while".
    comma_break: re.Pattern[str]
    #: Kinds of disaster (`context: affected_events`, "наводнение") in which the words of
    #: `context: affected_not_injured` ("пострадавшие") mean people affected, not injured.
    affected_events: re.Pattern[str]
    affected_not_injured: re.Pattern[str]
    #: Injured cues that say people sought medical help (`context: sought_care`): visits to
    #: doctors, not casualties, in a disaster of `affected_events`.
    sought_care: re.Pattern[str]
    #: A comma and a relative pronoun of people right after a count's head noun ("people, who").
    relative_people: re.Pattern[str]
    #: Words opening a clause about the place right before its comma ("Iraq, home to").
    apposition: re.Pattern[str]
    #: People under arms, never a population.
    armed_head: re.Pattern[str]
    #: A time of one day in a count's clause ("today", "on Sunday"): a daily count.
    one_day: re.Pattern[str]
    #: A running total ("a total of", "so far", "since"): not a daily count.
    cumulative: re.Pattern[str]
    #: What may open a sentence that goes on with the list before: "Another", "And".
    continuation: re.Pattern[str]
    #: Where a count was counted, right after it: "in Kessa", "in the province of".
    place_after: re.Pattern[str]
    #: A noun of things or a unit right after a number ("120 camps", "six tonnes", "30 trucks").
    thing_after: re.Pattern[str]
    #: "of the" right after a number ("two of the teams").
    partitive_start: re.Pattern[str]
    #: A partitive and a pronoun right after a number, referring back to a count ("of them").
    of_them: re.Pattern[str]
    #: A word right after a number making its people more of the group the count before it
    #: names ("77 health workers were killed, and 74 others were injured").
    others: re.Pattern[str]
    #: After the word for one, what makes it one of a group ("one of the refugees").
    one_of: re.Pattern[str]
    #: "the number of", "la cifra de": what follows says what a later number counts.
    number_of: re.Pattern[str]
    #: An indefinite article right before the number ("a 25 kg sack").
    indefinite_before: re.Pattern[str]
    clause_break: re.Pattern[str]
    #: A clause break then an article: a new clause with a subject of its own ("... et la
    #: province la plus touchée est le Sanmatenga"), whose places are not the number's.
    new_subject: re.Pattern[str]
    left_break: re.Pattern[str]
    range_between: re.Pattern[str]
    range_join_and: re.Pattern[str]
    range_join_dash: re.Pattern[str]
    range_from: re.Pattern[str]
    #: "to" right before a number: the end of a change ("rose to 3,929,560").
    range_to_before: re.Pattern[str]
    temporal_break: re.Pattern[str]
    period_start: re.Pattern[str]
    partitive: re.Pattern[str]
    inclusion: re.Pattern[str]
    list_join: re.Pattern[str]
    destination: re.Pattern[str]
    origin: re.Pattern[str]
    #: A speaker's words right before a place ("the regime in", "told reporters in"): the place
    #: is where the speaker sits, not where the figure happened.
    attribution: re.Pattern[str]
    #: Who did something, named as a place ("recognised by Russia", "von Russland
    #: anerkannten"), or what another place follows in a ranking ("Nach Jordanien folgt der
    #: Irak mit ..."): per `grammar: agent` and `ranking` entry, the text ending right before
    #: the name and the text starting right after it (matched from the name's end).
    agent: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    #: An event right before a place ("the war in"): the event's place, not where people went.
    event_place: re.Pattern[str]
    #: A word saying where people went ("to", "into", "nach"), anywhere.
    destination_word: re.Pattern[str]
    #: Words of going to a place right before it ("nach", "fled to"; never a bare "in").
    going_to: re.Pattern[str]
    #: Case endings of place names, folded ("в Турции" names Турция).
    name_endings: Endings
    #: Places named with their kind (`grammar: place_*`, read by place_words.py): per kind, the
    #: words ending right before a name, starting right after it, and naming it without a name.
    kind_before: dict[str, re.Pattern[str]]
    kind_after: dict[str, re.Pattern[str]]
    kind_anaphora: dict[str, re.Pattern[str]]
    #: A name made an adjective before a kind word ("Ошской области"), with groups `stem`,
    #: `join` and `kind`; None in a language without them.
    kind_adjective: re.Pattern[str] | None
    #: What a name may end with instead of each `join` of `kind_adjective`.
    adjective_stems: dict[str, tuple[str, ...]]
    #: A country named by its people's adjective beside a word for its side ("on the Tajik
    #: side"): patterns with a group `adj`, and what the adjective may end with beyond the
    #: start of the country's name (folded).
    side: tuple[re.Pattern[str], ...]
    side_endings: tuple[str, ...]
    #: The same adjective before or after a word for a country's authorities ("Kyrgyz
    #: authorities", "les autorités kirghizes"): patterns with a group `adj`.
    speakers: tuple[re.Pattern[str], ...]
    #: A word for authorities right before a place's name ("the authorities of Yerevan"),
    #: matched at the name's start: the place names who speaks.
    speakers_before: re.Pattern[str] | None
    #: What may stand between the places of a list, and nothing else ("Palu, Donggala and ").
    place_list: re.Pattern[str]
    #: The joins of `place_list` that are words ("and"): a list has one ("A, B and C").
    place_list_word: re.Pattern[str]
    #: What may stand between a number and its own place: a word or two, then a word of
    #: place ("74 muertos en "; matched whole).
    own_place: re.Pattern[str]
    #: Words right before a place people are on their way to ("rumbo a"): not where they are.
    heading_to: re.Pattern[str]
    #: A word of having, alone between a comma and a number ("followed by Peru, with 768,000";
    #: matched whole): the number's place is named before the comma.
    count_with: re.Pattern[str]
    #: Words right before a count of the injured saying help is meant for them ("to care for").
    care_for: re.Pattern[str]
    #: Words saying a toll counts every side of a fight ("on both sides").
    all_sides: re.Pattern[str]
    #: A word of leaving right after a place ("Украину покинули"): people left it.
    origin_after: re.Pattern[str]
    #: A word of going right before a capitalised word ("nach Nordossetien"): a clause saying
    #: where people went, by a name.
    going_to_name: re.Pattern[str]
    #: A verb of leaving, then in its clause a word of origin and a capitalised name (group
    #: `name`: "evacuated more than 280 ... from Palma"): where people left, maybe by a name
    #: the gazetteer lacks.
    left_name: re.Pattern[str]
    #: Text ending right before a place that opens at a comma with a word of `describing`, a
    #: few words in lower case and a locative ("Hodeida, the main port city in "): the place
    #: locates the one before the comma.
    locating: re.Pattern[str]
    #: A word of where something happened, then a capitalised name ending at a mark or the
    #: sentence's end (group `name`: "in neighboring Central Plateau.", "En Zimbaue,").
    locative_name: re.Pattern[str]
    #: A month or a weekday at the start of a name ("in September."): no place.
    calendar_word: re.Pattern[str]
    #: A word ending right before a list of places that relates them ("between"): no list.
    place_between: re.Pattern[str]
    #: Text ending right before a place of such a list, its first or a later one ("between
    #: Georgia and "): the place is one side of an event, not where people are.
    place_between_listed: re.Pattern[str]
    #: A comma before a word that opens a new clause (`meaning: after_comma`: ", and in
    #: Kyrgyzstan, 59 ..."): where a part of a sentence with its own place may start.
    clause_join: re.Pattern[str]
    #: A share of the count right after it, of a group: ", half of whom are children".
    derived: re.Pattern[str]
    #: A share of the count right after it, in a place named after it: ", dont près de la
    #: moitié se trouve dans la région du Menabe" (`grammar: share_in`).
    share_part: re.Pattern[str]
    #: The count right before it as a share of a whole population: ", la mitad de la población
    #: hondureña" (`grammar: share_population`).
    share_whole: re.Pattern[str]
    #: A share of the count right after it, ending where the count starts: "displacement of
    #: more than half of the city's population of " (`grammar: of_words`).
    share_before: re.Pattern[str]
    shares: dict[str, float]
    share_groups: dict[str, str]
    cue_map: dict[tuple[str, str | None], re.Pattern[str]]
    #: The cues of every entry of PEOPLE_ENTRIES in one pattern; group `e<i>` is entry i.
    people_any: re.Pattern[str]

    def cue(self, indicator: str, subtype: str | None) -> re.Pattern[str]:
        """The cue pattern of a vocabulary entry (one that never matches when it has none)."""
        return self.cue_map.get((indicator, subtype), _NEVER)


def _fraction(value: str | float) -> float:
    """A share written as a number (0.5) or a fraction ("1/3")."""
    if isinstance(value, str) and "/" in value:
        num, den = value.split("/")
        return float(num) / float(den)
    return float(value)


@cache
def cues_for(code: str) -> Cues:
    """The compiled cues of the language `code` (English when there is no such file)."""
    lang = language(code)
    return Cues(
        code=lang.code,
        **_hedge_cues(lang),
        **_entry_cues(lang),
        **_head_cues(lang),
        **_context_cues(lang),
        **_clause_cues(lang),
        **_share_cues(lang),
        **_place_cues(lang),
    )


def _hedge_cues(lang: Language) -> dict[str, Any]:
    """Hedges before and after a number, currencies, and what makes a number no figure."""
    return {
        "hedge_before": [
            (Qualifier(q), re.compile(r"(?<![\w])" + _alt(words) + r"\s*$", I))
            for q, words in lang.hedges.items()
        ],
        # A hedge binds its number over a word of more of the same ("at least another 6,000").
        "hedge_any": re.compile(
            r"(?<![\w])(?:"
            + "|".join(f"(?P<{q}>{_alt(words)})" for q, words in lang.hedges.items())
            + r")\s*(?:"
            + _alt(lang.grammar.get("another", []))
            + r"\s+)?$",
            I,
        ),
        "hedge_after": [
            (Qualifier(q), re.compile(_alt(words), I)) for q, words in lang.hedges_after.items()
        ],
        "over_as_particle": re.compile(r"(?<![\w])" + _alt(lang.hedge_particles) + r"\s*$", I),
        "currency_after": re.compile(
            r"\s*(?:(?P<word>" + _alt(list(lang.currencies)) + r")(?!\w)"
            r"|(?P<code>" + CURRENCY_CODES + r")\b)",
            I,
        ),
        "currency_words": [(re.compile(k + "$", I), v) for k, v in lang.currencies.items()],
        "not_a_figure_after": re.compile(
            r"(?:[-\s]*" + _alt(lang.not_figures["after"]) + r"(?!\w)|[-\s]*[ap]\.m\.?|\s*%)", I
        ),
        "not_a_figure_before": re.compile(
            r"(?:(?<!\w)" + _alt(lang.not_figures["before"]) + r"\.?\s*#?\s*:?\s*$|#\s*$)", I
        ),
        "indefinite_before": re.compile(
            r"(?<!\w)" + _alt(lang.numbers.get("indefinite", [])) + r"\s+$", I
        ),
    }


def _entry_cues(lang: Language) -> dict[str, Any]:
    """The cue words of each entry of the vocabulary, and of every people entry at once."""
    entry_cues = []
    for key, words in lang.cues.items():
        indicator, _, subtype = key.partition("/")
        if words:
            entry_cues.append((indicator, subtype or None, _word(words)))
    return {
        "entry_cues": entry_cues,
        "cue_map": {(ind, sub): pattern for ind, sub, pattern in entry_cues},
        "people_any": re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                f"(?P<e{i}>{_alt(lang.cues.get(_key(ind, sub), []))})"
                for i, (ind, sub) in enumerate(PEOPLE_ENTRIES)
            )
            + r")(?!\w)",
            I,
        ),
    }


def _head_cues(lang: Language) -> dict[str, Any]:
    """The head nouns after a number: people, the displaced, goods, weapons, groups."""
    heads = lang.heads
    stop = _alt([re.escape(w) for w in lang.stopwords])
    of = _alt(lang.grammar["count_of"])
    return {
        "people_head": _head(heads["people"], 3, stop, of),
        "displaced_head": _head(heads["displaced"], 2, stop),
        "other_nouns": _word(
            heads["vehicles"] + heads["tonnes"] + heads["kilograms"] + heads["buildings"]
        ),
        "people_next": re.compile(r"\s*(?:\w+['’])?" + _alt(heads["people"]) + r"(?!\w)", I),
        "people_head_cased": _head_cased(heads["people_names"], 1),
        "of_them": re.compile(r"\s*" + _alt(lang.grammar.get("of_them") or []) + r"(?!\w)", I),
        "others": re.compile(r"\s*" + _alt(lang.grammar.get("others") or []) + r"(?!\w)", I),
        "not_people_head": _head(heads["not_people"], 2, stop),
        "buildings_head": _head(heads["buildings"], 2, stop, of),
        "tonnes_after": re.compile(r"^\s*" + _alt(heads["tonnes"]) + r"(?!\w)", I),
        "kilos_after": re.compile(r"^\s*" + _alt(heads["kilograms"]) + r"(?!\w)", I),
        "vehicle_head": _head(heads["vehicles"], 2, stop),
        "weapon_heads": [
            (key.partition("/")[2] or "small_arms", _head(words, 3, stop))
            for key, words in heads.items()
            if key.startswith("weapons_surrendered/")
        ],
        "groups": {
            name: _word(heads.get(name, []))
            for name in ("children", "women", "pregnant_women", "elderly")
        },
        "group_notes": _word(heads["groups"]),
        "armed_head": _head(heads.get("armed", []), 2, stop),
        "thing_after": re.compile(
            "|".join(
                f"(?:{p})"
                for p in (
                    _head(heads["not_people"], 2, stop).pattern,
                    r"^\s*" + _alt(heads["tonnes"]) + r"(?!\w)",
                    r"^\s*" + _alt(heads["kilograms"]) + r"(?!\w)",
                    _head(heads["vehicles"], 2, stop).pattern,
                )
            ),
            I,
        ),
    }


def _context_cues(lang: Language) -> dict[str, Any]:
    """Words in the sentence that decide a reading: surrender, prices, the military, a
    population, a possessive, one day or the total so far."""
    g = lang.grammar
    return {
        "anaphora": _word(g["anaphora"]),
        "surrender": _word(lang.context["surrender"]),
        "price": _word(lang.context["price"]),
        "allowance": _word(lang.context.get("allowance") or []),
        "not_aid_cargo": _word(lang.context["not_aid_cargo"]),
        "military": _word(lang.context["military"]),
        "trapped": _word(lang.context["trapped"]),
        "found_safe": _word(lang.context.get("found_safe") or []),
        "comma_break": re.compile(r",\s*" + _alt(g["left_breaks"]) + r"\s", I),
        "affected_events": _word(lang.context["affected_events"]),
        "affected_not_injured": _word(lang.context["affected_not_injured"]),
        "sought_care": _word(lang.context["sought_care"]),
        "relative_people": re.compile(r"\s*,\s*" + _alt(g["relative_people"]) + r"(?!\w)", I),
        "apposition": re.compile(r"\s*" + _alt(g.get("apposition") or []) + r"(?!\w)", I),
        "strong_population": _word(lang.context["strong_population"]),
        "population_before": re.compile(
            r"(?<!\w)" + _alt(lang.context["strong_population"]) + r"[\s:,]*$", I
        ),
        "possessive": re.compile(r"(?:" + _alt(g.get("possessive", [])) + r")\s*$"),
        "event_day_after": re.compile(_alt((g.get("event_day") or {}).get("after") or []), I),
        "event_day_before": re.compile(
            r"(?<!\w)" + _alt((g.get("event_day") or {}).get("before") or []) + r"\s*$", I
        ),
        "one_day": _word(g.get("one_day", [])),
        "cumulative": _word(g.get("cumulative", [])),
        "continuation": re.compile(
            r"[\s\"'“«(-]*(?:" + _alt(g.get("continuation", [])) + r"\s+)?", I
        ),
        "number_of": re.compile(r"(?<!\w)" + _alt(g.get("number_of", [])) + r"\s*", I),
        "inclusion": re.compile(r"(?<!\w)" + _alt(g["inclusion"]) + r"(?!\w)", I),
        "new_subject": re.compile(
            r"\s" + _alt(g["clause_breaks"]) + r"\s+" + _alt(g.get("articles", [])) + r"\s", I
        ),
    }


def _clause_cues(lang: Language) -> dict[str, Any]:
    """The grammar of a clause: its breaks, ranges, partitives, lists, places and periods."""
    g = lang.grammar
    #: A preposition's space, and the article that may follow it ("to the").
    article = r"\s+(?:" + _alt(g.get("articles", [])) + r"\s+)?"
    return {
        "partitive_start": re.compile(r"^\s*" + _alt(g["partitive"]) + r"\s+", I),
        "one_of": re.compile(r"\s+" + _alt(g["one_of"]) + r"(?!\w)", I),
        "place_after": re.compile(
            r"\s+" + _alt(g["destination"]) + r"\s+(?:" + _alt(lang.stopwords) + r"\s+)*"
            r"(?:[^\W\d_]+\s+(?:" + _alt(lang.stopwords) + r")\s+)?"
            r"(?-i:(?!" + LOWER_CLASS + r")[^\W\d_])",
            I,
        ),
        "clause_break": re.compile(
            r"[;:()\[\]]|,(?!\d)|\s[–—]\s|\s" + _alt(g["clause_breaks"]) + r"\s", I
        ),
        "left_break": re.compile(r"[;()\[\]]|\s" + _alt(g["left_breaks"]) + r"\s", I),
        "range_between": re.compile(r"(?<!\w)" + _alt(g["range_between"]) + r"\s*$", I),
        "range_join_and": re.compile(r"^\s*" + _alt(g["range_and"]) + r"\s*$", I),
        "range_join_dash": re.compile(r"^\s*(?:[-–—]|" + _alt(g["range_to"]) + r")\s*$", I),
        "range_from": re.compile(r"(?<!\w)" + _alt(g["range_from"]) + r"\s*$", I),
        "range_to_before": re.compile(r"(?<!\w)" + _alt(g["range_to"]) + r"\s*$", I),
        "temporal_break": re.compile(r"\s" + _alt(g["temporal_breaks"]) + r"\s", I),
        # An article may come between ("depuis le", "since the"), or the event the count started
        # from, in a few words without punctuation, then a short word ("since the Russian
        # invasion on 24 February", "seit dem Einmarsch am 24. Februar").
        "period_start": re.compile(
            r"(?<!\w)"
            + _alt(g["period_starts"])
            + r"(?:(?:\s+[^\s,;:.!?()]+){0,6}?\s+\w{1,3})?\s+$",
            I,
        ),
        "partitive": re.compile(r"^\s*" + _alt(g["partitive"]) + r"\s*$", I),
        "list_join": re.compile(r"^[\s\w'’.()\[\]-]{0,120}?(?:" + _alt(g["list_joins"]) + r")", I),
        # Also the last of a list opened by the word ("from the southern and Bekaa regions"):
        # an article, one or two words in lower case, a word of the list.
        "origin": re.compile(
            r"(?<!\w)"
            + _alt(g["origin"])
            + r"(?:"
            + article
            + r"|\s+(?:"
            + _alt(g.get("articles", []))
            + r"\s+)?(?:(?=(?-i:"
            + LOWER_CLASS
            + r"))[\w-]+\s+){1,2}"
            + _alt(
                [j for j in (g.get("place_list") or {}).get("joins") or [] if re.search(r"\w", j)]
            )
            + r"\s+)$",
            I,
        ),
        **_place_word_cues(g, article),
        "calendar_word": re.compile(
            _alt([*lang.dates.get("months", []), *lang.dates.get("weekdays", [])]) + r"(?!\w)", I
        ),
        "name_endings": language_endings(lang.code),
        "agent": _agents(g),
    }


def _share_cues(lang: Language) -> dict[str, Any]:
    """Figures derived from a share of another: of a group ("..., 40% of them children"), in a
    place ("..., dont la moitié dans la région du Menabe"), of a count after it ("the
    displacement of half of the city's 600,000"), or the whole a count is a share of ("4,5
    millones, la mitad de la población"). Each share is group `share` (the fraction, `frac`, or
    the percentage, `pct`), after a hedge whose group `h_<qualifier>` says which."""
    g = lang.grammar
    shares = {str(k).lower(): _fraction(v) for k, v in g.get("shares", {}).items()}
    hedge = "|".join(f"(?P<h_{q}>{_alt(words)})" for q, words in lang.hedges.items())
    share = (
        rf"(?:(?:{hedge or '(?!)'})\s+)?(?P<share>(?P<frac>"
        + _alt([r"[-\s]+".join(re.escape(w) for w in k.split()) for k in shares])
        + r")|(?P<pct>\d{1,3}(?:[.,]\d+)?)\s*(?:%|"
        + _alt(lang.not_figures.get("percent", ["percent", "per\\s*cent"]))
        + r"))"
    )
    lead = r",\s*(?:" + _alt(g.get("inclusion", [])) + r"\s+)?"
    of = r"\s+" + _alt(g.get("share_of", []))
    words = r"(?:[^\W\d][\w'’-]*\s+)"
    return {
        "derived": re.compile(
            lead + share + of + r"\s+(?P<group>" + _alt(list(g.get("share_groups", {}))) + ")"
            r"(?!\w)",
            I,
        ),
        "share_part": re.compile(
            lead
            + share
            + f"(?:{of})?"
            + r"\s+"
            + _alt(g.get("share_in", []))
            + r"\s+(?:[\w'’-]+\s+){0,3}?(?-i:(?!"
            + LOWER_CLASS
            + r")[^\W\d_])",
            I,
        ),
        "share_whole": re.compile(
            r",\s*"
            + share
            + r"\s+"
            + words
            + "{0,3}?"
            + _alt(g.get("share_population", []))
            + r"(?!\w)",
            I,
        ),
        "share_before": re.compile(
            r"(?<!\w)"
            + share
            + r"\s+(?:"
            + _alt(g.get("of_words", []))
            + r"\s+)?"
            + words
            + "{0,5}$",
            I,
        ),
        "shares": shares,
        "share_groups": {str(k).lower(): v for k, v in g.get("share_groups", {}).items()},
    }


def _kind_adjective(adjective: dict[str, Any]) -> re.Pattern[str] | None:
    """A name made an adjective before a kind word ('Ошской области'), with groups `stem`,
    `join` and one `k_<kind>` per kind; None when the language has no such form."""
    kinds = adjective.get("kinds") or {}
    if not (adjective.get("ending") and kinds):
        return None
    return re.compile(
        r"(?<![\w-])(?P<stem>(?-i:(?!"
        + LOWER_CLASS
        + r")[^\W\d_])[\w-]*?)"
        + adjective["ending"]
        + r"\s+(?:"
        + "|".join(f"(?P<k_{k}>{_alt(v)})" for k, v in kinds.items())
        + ")",
        I,
    )


def _place_cues(lang: Language) -> dict[str, Any]:
    """Places named with their kind: 'the province of Herat', 'Herat Province', 'in the
    province', 'Ошской области' (the language file's `grammar: place_*`)."""
    g = lang.grammar

    def per_kind(key: str, form: str) -> dict[str, re.Pattern[str]]:
        return {
            str(kind): re.compile(form.format(_alt(words)), I)
            for kind, words in (g.get(key) or {}).items()
            if words
        }

    adjective = g.get("place_adjective") or {}
    side = g.get("place_side") or {}
    return {
        "kind_before": per_kind("place_kind_before", r"(?<!\w){}\s*$"),
        "kind_after": per_kind("place_kind_after", r"\s+{}(?!\w)"),  # matched at the name's end
        "kind_anaphora": per_kind("place_anaphora", r"(?<!\w){}(?!\w)"),
        "kind_adjective": _kind_adjective(adjective),
        "adjective_stems": {
            str(k): tuple(str(x) for x in v) for k, v in (adjective.get("stems") or {}).items()
        },
        "side": tuple(re.compile(str(x), I) for x in side.get("patterns") or ()),
        "side_endings": tuple(normalize(str(x)) for x in side.get("endings") or ()),
        "speakers": tuple(re.compile(str(x), I) for x in side.get("speakers") or ()),
        "speakers_before": _before_name(side.get("speakers_before")),
        "place_list": _place_list(list((g.get("place_list") or {}).get("joins") or [","])),
        "place_list_word": re.compile(
            r"(?<!\w)"
            + _alt(
                [j for j in (g.get("place_list") or {}).get("joins") or [] if re.search(r"\w", j)]
            )
            + r"(?!\w)",
            I,
        ),
        "place_between": re.compile(
            r"(?<!\w)"
            + _alt(list((g.get("place_list") or {}).get("between") or []))
            + r"(?:\s+"
            + _alt(list(g.get("articles") or []))
            + r")?\s+$",
            I,
        ),
        "place_between_listed": _between_listed(g),
        "clause_join": re.compile(
            r",\s*" + _alt(list(lang.meaning.get("after_comma") or ["(?!)"])) + r"(?!\w)", I
        ),
    }


def _place_word_cues(g: dict[str, Any], article: str) -> dict[str, re.Pattern[str]]:
    """A speaker's or an event's words right before a place (`attribution`, `event_place`); a
    locative before a name (`locative_name`); a word of place right before a place
    (`destination`), or between a number and its own place (`own_place`: "74 muertos en "); a
    word of going right before a place (`going_to`),
    and one, maybe an article, then a capital letter (`going_to_name`: "nach Nordossetien"); a
    word of leaving right after a place (`origin_after`: "Украину покинули")."""
    articles = _alt(list(g.get("articles") or []))
    return {
        "attribution": re.compile(r"(?<!\w)" + _alt(g["attribution"]) + article + r"$", I),
        "event_place": re.compile(r"(?<!\w)" + _alt(g["event_places"]) + article + r"$", I),
        "destination_word": re.compile(r"(?<!\w)" + _alt(g["destination"]) + r"(?!\w)", I),
        "locative_name": _locative_name(g),
        "destination": re.compile(r"(?<!\w)" + _alt(g["destination"]) + article + r"$", I),
        # '1 en Oaxaca', and with the place's kind or describing words in lower case and a word
        # for "of" (`of_words`) before its name: 'dos en la provincia de Chimborazo', 'una en la
        # andina de Pichincha', 'otra en la de Chimborazo' (never 'in fight for Libya's').
        "own_place": re.compile(
            r"\s+(?:[^\W\d_]+\s+){0,2}?"
            + _alt(g["destination"])
            + article
            + r"(?:(?:(?=(?-i:"
            + LOWER_CLASS
            + r"))[\w-]+\s+){0,2}?"
            + _alt(g.get("of_words") or [])
            + article
            + ")?",
            I,
        ),
        "heading_to": re.compile(r"(?<!\w)" + _alt(g.get("heading_to") or []) + article + r"$", I),
        "count_with": re.compile(r"\s*" + _alt(g.get("count_with") or []) + r"\s+", I),
        "all_sides": _word(g.get("all_sides") or []),
        "care_for": re.compile(r"(?<!\w)" + _alt(g.get("care_for") or []) + r"\s+$", I),
        "origin_after": re.compile(r"\s*" + _alt(g.get("origin_after") or []) + r"(?!\w)", I),
        "going_to": re.compile(r"(?<!\w)" + _alt(g["going_to"]) + article + r"$", I),
        "left_name": _left_name(g),
        "locating": locating(g),
        "going_to_name": re.compile(
            r"(?<!\w)"
            + _alt(g["going_to"])
            + r"\s+(?:"
            + articles
            + r"\s*)?(?-i:(?!"
            + LOWER_CLASS
            + r")[^\W\d_])",
            I,
        ),
    }


def _agents(g: dict[str, Any]) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Each `grammar: agent` and `ranking` entry ("recogni[sz]ed\\s+by\\s+{name}") as the
    pattern of what ends right before the name and the one of what starts right after it."""
    found = []
    for entry in [*(g.get("agent") or []), *(g.get("ranking") or [])]:
        before, _, after = str(entry).partition("{name}")
        found.append((re.compile(r"(?<!\w)" + before + r"$", I), re.compile(after + r"(?!\w)", I)))
    return tuple(found)


#: How far after a verb of leaving its word of origin may be ("evacuated more than 280 of the
#: most vulnerable people from"): bounds the work per verb.
_LEFT_FROM_REACH = 100


def _left_name(g: dict[str, Any]) -> re.Pattern[str]:
    """A verb of `left_from`, then within _LEFT_FROM_REACH characters of its clause (no ; : ! ?)
    a word of origin, maybe an article, and capitalised words (group `name`); never matches
    for a language with no such verbs."""
    left = g.get("left_from") or {}
    verbs = list(left.get("verbs") or [])
    if not verbs:
        return re.compile(r"(?!)")
    capital = r"(?-i:(?!" + LOWER_CLASS + r")[^\W\d_])[\w'’-]*"
    return re.compile(
        r"(?<!\w)"
        + _alt(verbs)
        + r"(?!\w)[^;:!?]{0,"
        + str(_LEFT_FROM_REACH)
        + r"}?(?<!\w)"
        + _alt(list(left.get("from") or []))
        + r"(?:(?<=['’])\s*|\s+)(?:"
        + _alt(list(g.get("articles") or []) or ["(?!)"])
        + r"\s+)?(?P<name>"
        + capital
        + r"(?:\s+"
        + capital
        + r")*)",
        I,
    )


#: How far before a place the description it ends may start (", the main port city in ").
LOCATING_REACH = 60


def locates_one_before(
    pattern: re.Pattern[str], text: str, mention: Mention, ends: Collection[int]
) -> bool:
    """Whether `mention` ends a description (`locating`'s `pattern`) opening at the comma right
    after a place that ends at one of `ends` ("Hodeida, the main port city in Yemen"): it
    locates that place, and is never where its people went."""
    hit = pattern.search(text, max(0, mention.start - LOCATING_REACH), mention.start)
    return hit is not None and hit.start() in ends


def locating(g: dict[str, Any]) -> re.Pattern[str]:
    """Of grammar `g`: a comma, a word of `describing`, one to four words in lower case, a word
    of `locative` and maybe an article, ending where it is matched up to (a place's start);
    never matches for a language with no such words."""
    describing, locative = list(g.get("describing") or []), list(g.get("locative") or [])
    if not describing or not locative:
        return re.compile(r"(?!)")
    return re.compile(
        r",\s*"
        + _alt(describing)
        + r"(?:(?<=['’])|\s+)(?:(?-i:(?="
        + LOWER_CLASS
        + r"))[\w'’-]+\s+){1,4}"
        + _alt(locative)
        + r"\s+(?:"
        + _alt(list(g.get("articles") or []))
        + r"\s+)?$",
        I,
    )


def _locative_name(g: dict[str, Any]) -> re.Pattern[str]:
    """A word of `locative`, maybe an article and a word in lower case, then capitalised words
    up to a mark or the end ("in neighboring Central Plateau.", "En Zimbaue,"), or up to the
    next word, which the caller weighs (group `next`): a capitalised word followed by one in
    lower case is an adjective ("in Israeli strikes"), no name, unless that word is the count
    or its cue ("В Зимбауе погибли 100 человек")."""
    capital = r"(?-i:(?!" + LOWER_CLASS + r")[^\W\d_])[\w'’-]*"
    return re.compile(
        r"(?<!\w)"
        + _alt(g.get("locative") or [])
        + r"\s+(?:"
        + _alt(g.get("articles") or [])
        + r"\s+)?(?:(?-i:(?="
        + LOWER_CLASS
        + r"))[\w'’-]+\s+)?(?P<name>"
        + capital
        + r"(?:\s+"
        + capital
        + r")*)(?=\s*(?:[,.;:!?)]|$)|\s+(?P<next>[\w'’-]+))",
        I,
    )


def _between_listed(g: dict[str, Any]) -> re.Pattern[str]:
    """Text ending right before a place of a list after one of `place_list: between`: the word,
    maybe an article, then any names each followed by a join ("zwischen Georgien und ")."""
    lists = g.get("place_list") or {}
    joins = list(lists.get("joins") or [","])
    words = [j for j in joins if re.search(r"\w", j)]
    marks = [re.escape(j) for j in joins if not re.search(r"\w", j)]
    join = "|".join(marks + ([r"(?<!\w)" + _alt(words) + r"(?!\w)"] if words else []))
    item = r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}"
    article = r"(?:" + _alt(list(g.get("articles") or [])) + r"\s+)?"
    return re.compile(
        r"(?<!\w)"
        + _alt(list(lists.get("between") or []))
        + r"\s+"
        + article
        + r"(?:"
        + item
        + r"\s*(?:"
        + join
        + r")\s*"
        + article
        + r")*$",
        I,
    )


def _place_list(joins: list[str]) -> re.Pattern[str]:
    """What may stand between two places of a list: spaces and the joins, words among them
    whole ('and', not the 'and' of 'Rwanda')."""
    words = [j for j in joins if re.search(r"\w", j)]
    marks = [re.escape(j) for j in joins if not re.search(r"\w", j)]
    parts = [r"\s", *marks]
    if words:
        parts.append(r"(?<!\w)" + _alt(words) + r"(?!\w)")
    return re.compile("(?:" + "|".join(parts) + ")*", I)


def currency_word(c: Cues, word: str) -> str | None:
    """The ISO code a currency word stands for, in language `c`."""
    word = re.sub(r"\s+", " ", word.strip())
    for pattern, code in c.currency_words:
        if pattern.match(word):
            return code
    return None
