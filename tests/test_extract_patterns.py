"""The extractor on the general patterns of humanitarian reporting, in every language it reads.

All sentences are made up for these tests (places are invented); each case names the mechanism it
checks. None is taken from the development corpus.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.extract.figures import extract_article
from loaders.model.records import Article


def read(body: str, language: str = "en") -> list[tuple]:
    article = Article(
        id="pattern",
        path="pattern.txt",
        date=dt.date(2024, 5, 20),
        date_source="header",
        language=language,
        body=body,
    )
    return [
        (f.indicator, f.subtype, f.value, f.qualifier, body[f.start : f.end])
        for f in extract_article(article)
    ]


K, INJ, MIS = "casualties", "injured", "missing"

ENGLISH = [
    # enumerations: the cue is given once, every item inherits it
    (
        "The storm caused 412 deaths in the north, 288 in Ardel province and 57 in Kessa.",
        [
            (K, "killed", 412, "exact", "412"),
            (K, "killed", 288, "exact", "288"),
            (K, "killed", 57, "exact", "57"),
        ],
    ),
    (
        "Displaced people by town: Port Amir (at least 12,000), Sadra (1,500).",
        [
            ("displaced", None, 12000, "at_least", "at least 12,000"),
            ("displaced", None, 1500, "exact", "1,500"),
        ],
    ),
    (
        "Evacuees were housed: 3,100 in Nor Dzor, 2,450 in Aghvan.",
        [
            ("displaced", "accommodated", 3100, "exact", "3,100"),
            ("displaced", "accommodated", 2450, "exact", "2,450"),
        ],
    ),
    ("The toll (1,087) is expected to rise.", [(K, "killed", 1087, "exact", "1,087")]),
    (
        "More than 1,300 houses were destroyed and 4,000 damaged.",
        [
            ("buildings", "destroyed", 1300, "more_than", "More than 1,300"),
            ("buildings", "damaged", 4000, "exact", "4,000"),
        ],
    ),
    # partitives and inclusions
    (
        "Officials said 61,300 of the 95,000 residents have fled.",
        [
            ("displaced", None, 61300, "exact", "61,300"),
            ("population", None, 95000, "exact", "95,000"),
        ],
    ),
    (
        "About 95,000 people have fled, including 21,000 children and 1,800 pregnant women.",
        [
            ("displaced", None, 95000, "about", "About 95,000"),
            ("displaced", "children", 21000, "exact", "21,000"),
        ],
    ),
    (
        "The attack killed 560 people, including 95 women and 50 children, and injured 1,835.",
        [
            (K, "killed", 560, "exact", "560"),
            (K, "killed", 95, "exact", "95"),
            (K, "killed", 50, "exact", "50"),
            (K, INJ, 1835, "exact", "1,835"),
        ],
    ),
    # a cue belongs to its own clause
    (
        "Two people died, and 740 residents were evacuated.",
        [(K, "killed", 2, "exact", "Two"), ("displaced", None, 740, "exact", "740")],
    ),
    (
        "Officials said 6,100 are missing and 14,000 displaced.",
        [(K, MIS, 6100, "exact", "6,100"), ("displaced", None, 14000, "exact", "14,000")],
    ),
    # population phrasing, any group noun
    ("Norland is a country of 31 million.", [("population", None, 31e6, "exact", "31 million")]),
    (
        "The valley, whose population is estimated at 2.4 million, was cut off.",
        [("population", None, 2.4e6, "exact", "2.4 million")],
    ),
    ("The camp is home to 80,000 Rohingya.", [("population", None, 80000, "exact", "80,000")]),
    # counts that are not displacement
    (
        "The agency delivered rations enough for 42,000 people.",
        [("assistance", "reached", 42000, "exact", "42,000")],
    ),
    (
        "The charity provided assistance to 310,000 people in the north.",
        [("assistance", "reached", 310000, "exact", "310,000")],
    ),
    ("The UN sent 15,000 tents to the displaced.", []),
    ("The drought killed 480,000 goats and cattle.", []),
    ("The quake caused $320 million in damage.", []),
    ("A magnitude 6.9 quake struck between May 3 and 9.", []),
    (
        "Hospitals admitted 230 people, and 45 were brought to hospital with wounds.",
        [(K, INJ, 230, "exact", "230"), (K, INJ, 45, "exact", "45")],
    ),
    ("Rescuers recovered 88 bodies from the river.", [(K, "killed", 88, "exact", "88")]),
    # hedges
    (
        "The toll exceeds 1,000 and surpasses 900 in the capital.",
        [
            (K, "killed", 1000, "more_than", "exceeds 1,000"),
            (K, "killed", 900, "more_than", "surpasses 900"),
        ],
    ),
    (
        "An estimate of 40,000 people fled, and just over 2,000 returned.",
        [
            ("displaced", None, 40000, "about", "An estimate of 40,000"),
            ("displaced", "returned", 2000, "more_than", "just over 2,000"),
        ],
    ),
    # number formats
    (
        "The IOM has aided more than 3,50,000 individuals.",
        [("assistance", "reached", 350000, "more_than", "more than 3,50,000")],
    ),
    (
        "Some 20,000 mt of food aid were delivered.",
        [("aid", "tonnage", 20000, "about", "Some 20,000")],
    ),
    (
        "At least over 11.000 people had fled.",
        [("displaced", None, 11000, "more_than", "over 11.000")],
    ),
    # a count refers back to what the sentence before counted
    (
        "By Monday 11,000 people had fled. Two days later the number had risen to 27,000.",
        [
            ("displaced", None, 11000, "exact", "11,000"),
            ("displaced", None, 27000, "exact", "27,000"),
        ],
    ),
    (
        "Some 98,600 people have fled so far, and the number of vehicles is 21,100.",
        [("displaced", None, 98600, "about", "Some 98,600")],
    ),
    (
        "Neighbouring states host most of them, with Norland accounting for some 1.3 million,"
        " followed by Sudria, with 768,000, and Ostmark 288,000.",
        [
            ("displaced", None, 1.3e6, "about", "some 1.3 million"),
            ("displaced", None, 768000, "exact", "768,000"),
            ("displaced", None, 288000, "exact", "288,000"),
        ],
    ),
    (
        "The agency gave assistance to more than 7,000 refugees who crossed the border.",
        [("displaced", None, 7000, "more_than", "more than 7,000")],
    ),
    (
        "The remains of 125 people, who died in the blast, were returned.",
        [(K, "killed", 125, "exact", "125")],
    ),
    (
        "At least 21 of the deceased and 69 of the injured were civilians.",
        [(K, "killed", 21, "at_least", "At least 21"), (K, INJ, 69, "exact", "69")],
    ),
    # a share of a count is derived from it
    (
        "Over 8,000 people, half of them children, have fled.",
        [
            ("displaced", None, 8000, "more_than", "Over 8,000"),
            ("displaced", "children", 4000, "more_than", "half"),
        ],
    ),
    # the whole vocabulary
    (
        "The floods left 61,867 people homeless.",
        [("displaced", "homeless", 61867, "exact", "61,867")],
    ),
    (
        "About 3.4 million people are in need of humanitarian assistance.",
        [("in_need", None, 3.4e6, "about", "About 3.4 million")],
    ),
    (
        "The plan targets 1.2 million people.",
        [("assistance", "targeted", 1.2e6, "exact", "1.2 million")],
    ),
    ("The floods affected 500,000 people.", [("affected", None, 500000, "exact", "500,000")]),
    (
        "The UN appealed for $150 million to help the victims.",
        [("aid", "appeal", 150e6, "exact", "$150 million")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[c[0][:60] for c in ENGLISH])
def test_english_patterns(text, expected):
    assert read(text) == expected


OTHER_LANGUAGES = [
    (
        "fr",
        "Le bilan fait état de 35 morts et plus de 900 blessés.",
        [(K, "killed", 35, "exact", "35"), (K, INJ, 900, "more_than", "plus de 900")],
    ),
    (
        "fr",
        "Jusqu’à 70 000 personnes sont sans abri, selon la préfecture.",
        [("displaced", "homeless", 70000, "up_to", "Jusqu’à 70 000")],
    ),
    (
        "fr",
        "Plus d’un million d’enfants ont été déplacés.",
        [("displaced", "children", 1e6, "more_than", "Plus d’un million")],
    ),
    (
        "de",
        "Mehr als 45.000 Menschen sind aus der Stadt geflohen.",
        [("displaced", None, 45000, "more_than", "Mehr als 45.000")],
    ),
    (
        "de",
        "Die Zahl der Toten stieg auf mindestens 90, dazu kommen 618 Verletzte.",
        [(K, "killed", 90, "at_least", "mindestens 90"), (K, INJ, 618, "exact", "618")],
    ),
    (
        "de",
        "Täglich kommen rund zehntausend Flüchtlinge an.",
        [("displaced", "daily", 10000, "about", "rund zehntausend")],
    ),
    (
        "de",
        "Etwa 12.500 Häuser wurden zerstört.",
        [("buildings", "destroyed", 12500, "about", "Etwa 12.500")],
    ),
    (
        "es",
        "Al menos treinta personas murieron y unas 1.600 resultaron heridas.",
        [(K, "killed", 30, "at_least", "Al menos treinta"), (K, INJ, 1600, "about", "unas 1.600")],
    ),
    (
        "es",
        "Más de 16.000 personas han sido evacuadas.",
        [("displaced", None, 16000, "more_than", "Más de 16.000")],
    ),
    (
        "es",
        "La ONU pide recaudar unos 60 millones de euros.",
        [("aid", "appeal", 60e6, "about", "unos 60 millones de euros")],
    ),
    (
        "ru",
        "Страну покинули более 12 тысяч беженцев.",
        [("displaced", None, 12000, "more_than", "более 12 тысяч")],
    ),
    (
        "ru",
        "Погибли больше двух тысяч человек, еще 38,5 тысячи пострадали.",
        [
            (K, "killed", 2000, "more_than", "больше двух тысяч"),
            (K, INJ, 38500, "exact", "38,5 тысячи"),
        ],
    ),
    (
        "ru",
        "В стране официально зарегистрировались 81 тысячи 139 беженцев.",
        [("displaced", "registered", 81139, "exact", "81 тысячи 139")],
    ),
    (
        "fr",
        "Ce mardi, 6 650 personnes ont fui la région. Le lendemain, ce chiffre est passé à 13 350.",
        [
            ("displaced", None, 6650, "exact", "6 650"),
            ("displaced", None, 13350, "exact", "13 350"),
        ],
    ),
    (
        "ru",
        "В Польшу выехали 3,09 млн человек, в Румынию — 846 тысяч.",
        [
            ("displaced", None, 3.09e6, "exact", "3,09 млн"),
            ("displaced", None, 846000, "exact", "846 тысяч"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"), OTHER_LANGUAGES, ids=[c[1][:50] for c in OTHER_LANGUAGES]
)
def test_other_language_patterns(language, text, expected):
    assert read(text, language) == expected


PRECISION_TRAP = {
    "en": (
        "A magnitude 6.1 earthquake struck at 04:35 local time on 12 March 2021, about 85 km"
        " north-east of the capital, at a depth of 10 km. It was the strongest since 1998, when a"
        " 5.8 quake hit the same valley.\nThe mayor, 54, said the town's 12 schools would reopen"
        " on Monday. Bread now costs 45 cents, up 20% from last week, and fuel sells at $1.25 a"
        " litre.\nThe local team won 3-1 on Saturday in front of 8,500 fans. The article has been"
        " viewed 12,345 times.\nResidents can call the hotline on 0800 123 456 between 8 and 20"
        " hours. Report No. 17 was published on page 4, 2 weeks after resolution 2334.\nThe dam,"
        " built in 1975, is 120 metres high and holds 2.5 billion cubic metres of water."
    ),
    "de": (
        "Das Beben der Stärke 5,9 ereignete sich am 15. März um 14.30 Uhr in 12 Kilometern Tiefe."
        " Der 63-jährige Bürgermeister sagte, die Reparatur koste 2,5 Millionen Euro pro Brücke."
        " Unter der Rufnummer 0800 6565651 gibt es Auskunft; die Seite wurde 4.500 Mal gelesen."
    ),
    "fr": (
        "Le séisme de magnitude 6,8 a frappé le 8 septembre 2023 à 23 h 11, à 71 kilomètres de la"
        " ville. Le maire, âgé de 61 ans, estime les dégâts à 3 milliards d'euros, soit 20 % du"
        " budget."
    ),
    "es": (
        "El sismo de magnitud 7,8 se registró el 16 de abril a las 18:58, a 27 kilómetros de"
        " profundidad. El alcalde, de 58 años, dijo que la reconstrucción costará 3.000 millones"
        " de dólares."
    ),
    "ru": (
        "Землетрясение магнитудой 6,3 произошло 7 октября 2023 года в 40 километрах от города."
        " Ущерб оценивается в 2 млрд рублей, сообщил 52-летний глава района."
    ),
}


@pytest.mark.parametrize("language", sorted(PRECISION_TRAP))
def test_precision_trap_article_gives_no_figure(language):
    assert read(PRECISION_TRAP[language], language) == []


def test_quotes_and_offsets_stay_exact_in_the_original_text():
    body = "Au moins 135 morts\u00a0; près de 5\u202f000 blessés."
    found = read(body, "fr")
    assert [(text, value) for _, _, value, _, text in found] == [
        ("Au moins 135", 135),
        ("près de 5\u202f000", 5000),
    ]


# The same six facts written in each language: every language reads the same figures.
SAME_NEWS = {
    "en": [
        "The earthquake killed at least 2,100 people and injured more than 5,000.",
        "Some 300,000 people need humanitarian assistance, the UN said.",
        "About 12,000 homes were damaged and 3,400 destroyed.",
        "More than 40,000 people were forced from their homes.",
        "WFP distributed food to 85,000 people.",
        "Nearly 1.2 million people live in the province.",
    ],
    "fr": [
        "Le séisme a fait au moins 2 100 morts et plus de 5 000 blessés.",
        "Quelque 300 000 personnes ont besoin d'une aide humanitaire, selon l'ONU.",
        "Environ 12 000 maisons ont été endommagées et 3 400 entièrement détruites.",
        "Plus de 40 000 personnes ont dû quitter leur domicile.",
        "Le PAM a distribué des vivres à 85 000 personnes.",
        "Près de 1,2 million d'habitants vivent dans la province.",
    ],
    "de": [
        "Bei dem Erdbeben kamen mindestens 2.100 Menschen ums Leben, mehr als 5.000 wurden"
        " verletzt.",
        "Rund 300.000 Menschen sind nach Angaben der UN auf humanitäre Hilfe angewiesen.",
        "Etwa 12.000 Häuser wurden beschädigt und 3.400 vollständig zerstört.",
        "Über 40.000 Menschen mussten aus ihren Häusern fliehen.",
        "Das Welternährungsprogramm versorgte 85.000 Menschen mit Lebensmitteln.",
        "In der Provinz leben fast 1,2 Millionen Menschen.",
    ],
    "es": [
        "El terremoto dejó al menos 2.100 muertos y más de 5.000 heridos.",
        "Unas 300.000 personas necesitan ayuda humanitaria, según la ONU.",
        "Alrededor de 12.000 viviendas resultaron dañadas y 3.400 quedaron destruidas.",
        "Más de 40.000 personas tuvieron que abandonar sus hogares.",
        "El PMA entregó alimentos a 85.000 personas.",
        "Casi 1,2 millones de habitantes viven en la provincia.",
    ],
    "ru": [
        "В результате землетрясения погибли по меньшей мере 2100 человек, более 5 тысяч получили"
        " ранения.",
        "Около 300 тысяч человек нуждаются в гуманитарной помощи.",
        "Повреждены около 12 тысяч домов, еще 3400 полностью разрушены.",
        "Более 40 тысяч человек были вынуждены покинуть свои дома.",
        "ВПП доставила продовольствие 85 тысячам человек.",
        "В провинции проживают почти 1,2 млн человек.",
    ],
}
SAME_FIGURES = [
    (K, "killed", 2100, "at_least"),
    (K, INJ, 5000, "more_than"),
    ("in_need", None, 300000, "about"),
    ("buildings", "damaged", 12000, "about"),
    ("buildings", "destroyed", 3400, "exact"),
    ("displaced", None, 40000, "more_than"),
    ("assistance", "reached", 85000, "exact"),
    ("population", None, 1.2e6, "almost"),
]


@pytest.mark.parametrize("language", sorted(SAME_NEWS))
def test_the_same_news_gives_the_same_figures_in_every_language(language):
    found = [f[:4] for f in read("\n".join(SAME_NEWS[language]), language)]
    assert found == SAME_FIGURES


@pytest.mark.parametrize(
    "text",
    [
        "The company hired 500 workers last year.",
        "The stadium holds 40,000 spectators.",
        "About 3,000 people attended the concert on Friday.",
        "Some 5,000 runners took part in the marathon.",
        "Police arrested 45 people after the match.",
        "The museum received 2 million visitors in 2023.",
        "Over 10,000 people left comments on the post.",
        "The ferry left port with 250 people on board.",
        "Some 3,000 fans came to the final.",
        "The party won 120 seats and 4.5 million votes.",
    ],
)
def test_counts_of_people_outside_a_crisis_are_not_figures(text):
    assert read(text) == []
