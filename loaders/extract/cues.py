"""The words that tell what a number counts: hedges, currencies, units, and the cues for each
indicator and subtype. General English of humanitarian reporting; nothing about one crisis.
"""

from __future__ import annotations

import re

from loaders.model.records import Qualifier

I = re.I  # noqa: E741


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


#: A hedge right before the number (the text to its left ends with it).
HEDGE_BEFORE: list[tuple[Qualifier, re.Pattern[str]]] = [
    (
        Qualifier.more_than,
        re.compile(
            r"(?<![\w])(?:more\s+than|over|in\s+excess\s+of|upwards\s+of|above|exceeding|"
            r"greater\s+than|surpass(?:ed|ing)?|topp(?:ed|ing)|passed)\s*$",
            I,
        ),
    ),
    (
        Qualifier.at_least,
        re.compile(
            r"(?<![\w])(?:at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|"
            r"a\s+minimum\s+of|minimum\s+of)\s*$",
            I,
        ),
    ),
    (
        Qualifier.almost,
        re.compile(
            r"(?<![\w])(?:almost|nearly|close\s+to|just\s+(?:under|below|short\s+of)|"
            r"approaching|nigh\s+on)\s*$",
            I,
        ),
    ),
    (
        Qualifier.up_to,
        re.compile(
            r"(?<![\w])(?:up\s+to|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of|at\s+most|"
            r"no\s+more\s+than|fewer\s+than|less\s+than|under)\s*$",
            I,
        ),
    ),
    (
        Qualifier.about,
        re.compile(
            r"(?<![\w])(?:about|around|some|roughly|approximately|approx\.?|an\s+estimated|"
            r"estimated|circa|ca\.|an\s+approximate|almost\s+exactly|~)\s*$",
            I,
        ),
    ),
]
#: "handed over 800 rifles": "over" is a verb particle there, not a hedge.
OVER_AS_PARTICLE = re.compile(
    r"(?<![\w])(?:hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|t(?:ook|ake|aken|aking)|pass(?:es|ed|ing)?|"
    r"g(?:ave|ive|iven|iving)|bring|brought|carried)\s+over\s*$",
    I,
)
HEDGE_AFTER: list[tuple[Qualifier, re.Pattern[str]]] = [
    (Qualifier.more_than, re.compile(r"^(?:\s*\+|-plus\b|\s+or\s+more\b|\s+plus\b)", I)),
    (Qualifier.about, re.compile(r"^\s+or\s+so\b", I)),
]

CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "֏": "AMD",
    "₼": "AZN",
    "¥": "JPY",
}
CURRENCY_CODES = "USD|EUR|GBP|CHF|AMD|AZN|RUB|JPY|CAD|AUD|SEK|NOK|DKK|TRY|GEL|UAH|CNY|PLN|CZK"
CURRENCY_BEFORE = re.compile(
    r"(?:(?P<usd>US\s?\$|USD\s?\$?)|(?P<sym>[$€£₽֏₼¥])|(?P<code>\b(?:" + CURRENCY_CODES + r")))\s?$"
)
CURRENCY_WORDS = {
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "british pounds": "GBP",
    "swiss francs": "CHF",
    "francs": "CHF",
    "drams": "AMD",
    "dram": "AMD",
    "armenian drams": "AMD",
    "roubles": "RUB",
    "rubles": "RUB",
    "manats": "AZN",
    "manat": "AZN",
    "yen": "JPY",
}
CURRENCY_AFTER = re.compile(
    r"^\s*(?P<word>(?:us|u\.s\.|armenian|swiss|british)\s+(?:dollars|drams|francs|pounds)|"
    r"pounds\s+sterling|dollars|euros?|francs|drams?|roubles|rubles|manats?|yen)\b"
    r"|^\s*(?P<code>" + CURRENCY_CODES + r")\b",
    I,
)

TONNES_AFTER = re.compile(r"^\s*(?:metric\s+)?(?P<unit>tonnes|tons|tonne|ton)\b", I)
KILOS_AFTER = re.compile(r"^\s*(?P<unit>kilograms|kilogrammes|kilos|kg)\b", I)

#: Not figures: durations, ages, distances, percentages, times, measures.
NOT_A_FIGURE_AFTER = re.compile(
    r"^(?:[-\s]*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|nights?|decades?|"
    r"centuries|century|year-old|years-old|km|kms|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|"
    r"percent|per\s*cent|pct|times|fold|degrees?|hectares?|acres?|square|sq|mm|cm|litres?|"
    r"liters?|am|pm|o'clock|GMT|UTC|st|nd|rd|th|votes?|seats?|per\s+(?:cent|hour|day))\b"
    r"|[-\s]*[ap]\.m\.?|\s*%)",
    I,
)
NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:\baged?\s*$|\bage\s+of\s*$|\b(?:No|Nos|number|resolution|article|route|road|"
    r"page|chapter|section|paragraph|flight|unit|room|building|block|item)\.?\s*#?\s*$|#\s*$)",
    I,
)

# A head noun phrase: up to three modifiers, then the noun.
_MOD = r"(?:[\w'’-]+\s+){0,3}?"
WEAPON_HEADS: list[tuple[str, re.Pattern[str]]] = [
    (
        "armoured_vehicles",
        re.compile(
            r"^\s*" + _MOD + r"(?:armou?red\s+(?:vehicles?|personnel\s+carriers?|cars?|"
            r"equipment|hardware|machines)|tanks?|APCs?|BMPs?|BTRs?|infantry\s+fighting\s+"
            r"vehicles?|(?:units|pieces)\s+of\s+armou?red\s+(?:vehicles|equipment|hardware))\b",
            I,
        ),
    ),
    (
        "other",
        re.compile(
            r"^\s*" + _MOD + r"(?:artillery(?:\s+(?:pieces|systems|guns|mounts))?|howitzers?|"
            r"mortars?|MANPADS|air[-\s]defen[cs]e\s+(?:systems?|units?)|drones?|UAVs?|"
            r"(?:multiple\s+)?(?:launch\s+)?rocket\s+(?:systems?|launchers?)|"
            r"(?:units|pieces)\s+of\s+(?:military\s+)?(?:equipment|hardware)|"
            r"(?:military|special)\s+(?:equipment|vehicles?)|radar\s+stations?)\b",
            I,
        ),
    ),
    (
        "small_arms",
        re.compile(
            r"^\s*" + _MOD + r"(?:small\s+arms|firearms?|rifles?|machine[-\s]guns?|pistols?|"
            r"carbines?|sniper\s+rifles?|anti[-\s]tank\s+(?:weapons?|guns?|grenade\s+launchers?|"
            r"systems?|missile\s+systems?)|grenade\s+launchers?|(?:units|pieces)\s+of\s+"
            r"(?:small\s+arms|weapons?|firearms))\b",
            I,
        ),
    ),
    (
        "munitions",
        re.compile(
            r"^\s*" + _MOD + r"(?:munitions?|ammunition|ammo|rounds|shells?|cartridges?|bullets?|"
            r"(?:land\s*)?mines?|grenades?|missiles?|rockets?|explosives?|"
            r"(?:units|pieces)\s+of\s+(?:ammunition|munitions))\b",
            I,
        ),
    ),
    ("small_arms", re.compile(r"^\s*" + _MOD + r"(?:weapons?|guns?|arms)\b", I)),
]
SURRENDER = re.compile(
    r"\b(?:surrender(?:ed|ing|s)?|hand(?:ed|ing|s)?\s+(?:over|in)|hand-?over|turn(?:ed|ing|s)?\s+"
    r"(?:over|in)|la(?:y|id|ying)\s+down|disarm(?:ed|ament|ing)?|demilitari[sz]\w*|"
    r"gave\s+up|give\s+up|given\s+up|decommission\w*|collected|withdrawal\s+of\s+weapons)\b",
    I,
)

PEOPLE_HEAD = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,3}?(?P<noun>people|persons?|individuals|residents|civilians|"
    r"refugees|displaced|evacuees|IDPs|migrants|inhabitants|citizens|(?:ethnic[-\s])?Armenians|"
    r"Azerbaijanis|Azeris|children|minors|kids|women|men|elderly|pensioners|soldiers|"
    r"servicemen|service\s+members|troops|fighters|peacekeepers|militants|combatants|police(?:men)?|"
    r"victims|bodies|dead|wounded|injured|newcomers|arrivals|Karabakh\s+Armenians|"
    r"forcibly\s+displaced\s+persons|volunteers|rescuers|workers|journalists|"
    r"doctors|members)\b",
    I,
)
NOT_PEOPLE_HEAD = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,2}?(?:families|households|homes|houses|villages|settlements|patients|"
    r"buildings|schools|hospitals|camps|centres|centers|beds)\b",
    I,
)
GROUP_NOTES = re.compile(
    r"\b(?:servicemen|service\s+members|soldiers|troops|peacekeepers|civilians|fighters|"
    r"militants|combatants|policemen|police|rescuers|journalists|children|women|elderly)\b",
    I,
)
CHILDREN = re.compile(r"\b(?:children|minors|kids)\b", I)

CASUALTY_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "killed",
        re.compile(
            r"\b(?:killed|kill(?:s|ing)?|dead|died|die|deaths?|death\s+toll|lost\s+their\s+lives|"
            r"fatalities|perished|slain|bodies|lives\s+lost|toll)\b",
            I,
        ),
    ),
    (
        "injured",
        re.compile(
            r"\b(?:injured|injur(?:ing|ies|y)|wounded|wounding|hurt|hospitali[sz]ed)\b",
            I,
        ),
    ),
    ("missing", re.compile(r"\b(?:missing|unaccounted)\b", I)),
]
DISPLACED = re.compile(
    r"\b(?:refugees?|displaced|displacement|fled|flee(?:ing|s)?|arrived|arrivals?|arriving|"
    r"crossed|crossing|entered|evacuated|evacuations?|evacuees|exodus|forced\s+to\s+leave|"
    r"relocated|have\s+come|came|reached|left|leaving|moved|newcomers|influx)\b",
    I,
)
DISPLACED_SUBTYPES: list[tuple[str, re.Pattern[str]]] = [
    ("registered", re.compile(r"\b(?:regist(?:ered|ration|ering)|recorded)\b", I)),
    (
        "accommodated",
        re.compile(
            r"\b(?:accommodated|housed|sheltered|placed\s+in|in\s+(?:temporary\s+)?shelters?|"
            r"(?:given|provided\s+with|received)\s+(?:housing|shelter|accommodation))\b",
            I,
        ),
    ),
    (
        "daily",
        re.compile(
            r"(?:\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?:24|twenty-four)\s+hours\b|"
            r"\bin\s+(?:a|one)\s+(?:single\s+)?day\b|\bper\s+day\b|\bdaily\b|\bovernight\b|"
            r"\bsince\s+(?:this|yesterday)\s+morning\b|\b(?:on|that)\s+\w+day\s+alone\b|"
            r"\bin\s+a\s+day\b|\bon\s+the\s+day\b)",
            I,
        ),
    ),
]
POPULATION = re.compile(
    r"\b(?:population|populated|live[sd]?|living|inhabitants|inhabited|home\s+to|resid(?:e|ing|ed)|"
    r"residents|remain(?:s|ed|ing)?|stay(?:ed|ing)?)\b",
    I,
)
AID = re.compile(
    r"\b(?:aid|assistance|humanitarian|fund(?:s|ed|ing)?|grants?|donat\w*|pledg\w*|allocat\w*|"
    r"contribut\w*|relief|support|appeal|package|provid\w*|supplies|deliver\w*|cargo|food|"
    r"flour|medicines?|medical|convoy|shipment|goods|help|response\s+plan)\b",
    I,
)
PRICE = re.compile(r"\b(?:per|price[sd]?|costs?|costing|salary|salaries|worth\s+of\s+damage)\b", I)
VEHICLE_HEAD = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,2}?(?:trucks?|lorries|lorry|vehicles?|ambulances?|buses|trailers?)\b",
    I,
)

DERIVED = re.compile(
    r",\s*(?P<share>(?P<frac>half|a\s+third|one[-\s]third|two[-\s]thirds|a\s+quarter|one[-\s]quarter|"
    r"three[-\s]quarters|a\s+fifth|one[-\s]fifth)|(?P<pct>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent|percent))"
    r"\s+of\s+(?:whom|them|those)\s+(?:are|were|being|is)\s+(?P<group>children|minors|women|elderly)\b",
    I,
)
FRACTIONS = {
    "half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
}

RANGE_BETWEEN = re.compile(r"\bbetween\s*$", I)
RANGE_JOIN_AND = re.compile(r"^\s*and\s*$", I)
RANGE_JOIN_DASH = re.compile(r"^\s*(?:[-–—]|to)\s*$", I)
RANGE_FROM = re.compile(r"\b(?:from|rose|increased|grew|climbed|jumped|fell|dropped)\s*$", I)
#: Where a number's own clause gives way to a time reference about something else.
TEMPORAL_BREAK = re.compile(r"\s(?:before|prior\s+to|until|ahead\s+of)\s", I)
CLAUSE_BREAK = re.compile(r"[;:()\[\]]|,|\s(?:and|or|but|while|whereas|as\s+well\s+as)\s", I)
LEFT_BREAK = re.compile(r"[;:()\[\]]|\s(?:but|while|whereas)\s", I)
