"""The gazetteer: every alias finds its place, accents and case aside; nothing is guessed."""

from __future__ import annotations

import pytest

from loaders.model.problems import Report
from loaders.read.gazetteer import fold, read_places, root_of
from tests.conftest import DATA, FIXTURES


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Stepanakert", "stepanakert"),
        ("Khankendi", "stepanakert"),
        ("XANKƏNDI", "stepanakert"),
        ("Berdzor", "lachin"),
        ("Laçın", "lachin"),
        ("lacin", "lachin"),
        ("Shushi", "shusha"),
        ("Nagorno Karabakh", "nagorno_karabakh"),
        ("nagorno-karabakh", "nagorno_karabakh"),
        ("Karabakh", "nagorno_karabakh"),
        ("Lachin corridor", "lachin_corridor"),
        ("Kornidzor", "kornidzor"),
    ],
)
def test_lookup_by_any_alias(gazetteer, name, place_id):
    assert gazetteer.lookup(name).id == place_id


def test_unknown_names_are_listed_not_guessed(gazetteer):
    assert gazetteer.lookup("Stepanakertt") is None
    assert "Stepanakertt" in gazetteer.unmatched
    assert gazetteer.places[gazetteer.names[gazetteer.suggest("Stepanakertt")]].id == "stepanakert"


def test_mentions_prefer_the_longest_name(gazetteer):
    text = "Trucks crossed the Lachin Corridor towards Lachin and Armenia’s border."
    found = [(m.place_id, m.text) for m in gazetteer.mentions(text)]
    assert found == [
        ("lachin_corridor", "Lachin Corridor"),
        ("lachin", "Lachin"),
        ("armenia", "Armenia"),
    ]


def test_mentions_do_not_match_inside_words(gazetteer):
    assert gazetteer.mentions("ethnic Armenians and Azerbaijani forces") == []


def test_fold_keeps_offsets():
    text = "Xankəndi – Şuşa"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("fixture", "line", "field", "type_", "loaded"),
    [
        ("latitude_out_of_range", 3, "lat", "out-of-range", ["goris"]),
        ("longitude_out_of_range", 3, "lon", "out-of-range", ["goris"]),
        ("one_alias_naming_two_places", 3, "aliases", "ambiguous-alias", ["shusha", "lachin"]),
        ("unknown_kind", 2, "kind", "unknown-value", ["kapan"]),
    ],
)
def test_gazetteer_defects(fixture, line, field, type_, loaded):
    report = Report()
    gaz = read_places(FIXTURES / "places" / f"{fixture}.csv", report)
    assert [(p.line, p.field, p.type) for p in report.problems] == [(line, field, type_)]
    assert list(gaz.places) == loaded  # the good rows still load
    if fixture == "one_alias_naming_two_places":
        assert gaz.lookup("Shushi").id == "shusha"  # the first owner keeps the name


def _places(tmp_path, rows: list[str]):
    path = tmp_path / "places.csv"
    path.write_text("id,name,kind,parent\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = Report()
    return read_places(path, report), report


def test_parent_must_name_a_place_of_the_file(tmp_path):
    gaz, report = _places(tmp_path, ["town_a,Town A,town,regoin_b", "region_b,Region B,region,"])
    (problem,) = report.problems
    assert (problem.line, problem.field, problem.type) == (2, "parent", "unknown-place")
    assert "did you mean 'region_b'" in problem.message
    assert gaz.places["town_a"].parent is None  # the place stays, without the wrong parent


def test_a_parent_cycle_is_an_error(tmp_path):
    rows = ["a,A,town,b", "b,B,region,c", "c,C,country,a", "d,D,town,a"]
    gaz, report = _places(tmp_path, rows)
    (problem,) = report.problems
    assert (problem.line, problem.type) == (2, "parent-cycle")
    assert "a -> b -> c -> a" in problem.message
    parents = {pid: p.parent for pid, p in gaz.places.items()}
    assert root_of("d", parents) == "a"  # the cycle is cut where it was reported


def test_bundled_places_roll_up_to_their_region_or_country():
    report = Report()
    gaz = read_places(DATA / "places.csv", report)
    assert report.problems == []
    parents = {pid: p.parent for pid, p in gaz.places.items()}
    assert root_of("stepanakert", parents) == "nagorno_karabakh"
    assert root_of("goris", parents) == "armenia"
    assert root_of("nagorno_karabakh", parents) == "nagorno_karabakh"
    assert root_of(None, parents) is None


#: Test text written for the defect (not from an article): countries and cities in the
#: accusative, genitive and prepositional cases, and an adjective that alone names a town.
RUSSIAN_CASE_FORMS = (
    "Из Украины выехали люди: в Польшу, в Румынию, в Турции их тоже принимают. "
    "Беженцы из Узбекистана живут в Харькове, в Южной Корее и в Южной Америке."
)


def test_russian_place_names_in_case_forms_are_places():
    from loaders.read.gazetteer import Gazetteer, language_endings
    from loaders.read.world import World, attach

    gaz = Gazetteer()
    attach(gaz, World.open(), [RUSSIAN_CASE_FORMS])
    assert {"UA", "PL", "RO", "TR", "UZ"} <= gaz.scope  # the countries come from case forms too
    found = [(m.text, m.place_id) for m in gaz.mentions(RUSSIAN_CASE_FORMS, language_endings("ru"))]
    assert found == [
        ("Украины", "ua"),
        ("Польшу", "pl"),
        ("Румынию", "ro"),
        ("Турции", "tr"),
        ("Узбекистана", "uz"),
        ("Харькове", "gn706483"),  # Kharkiv
        ("Южной Корее", "kr"),  # two words in case forms
    ]  # "Южной" of "Южной Америке" (no place) is not the town Южный
    assert gaz.mentions(RUSSIAN_CASE_FORMS) == []  # without the language's endings: as written only


def test_a_case_form_of_several_places_names_none(gazetteer):
    """Folded forms that answer to two places are no place (never a guess)."""
    from loaders.model.records import Place
    from loaders.read.gazetteer import Gazetteer, fold_endings

    gaz = Gazetteer()
    gaz.add(Place(id="kara", name="Кара", kind="town"))
    gaz.add(Place(id="kar", name="Кар", kind="town"))
    endings = fold_endings({"у": ["а", ""]})  # "Кару": Кара or Кар
    assert gaz.mentions("Помощь доставили в Кару.", endings) == []
    assert [
        m.place_id for m in gaz.mentions("Помощь доставили в Кару.", fold_endings({"у": ["а"]}))
    ] == ["kara"]


def test_a_stopword_opening_a_sentence_is_no_place():
    """Defect: 'Wie das Bundesinnenministerium mitteilte' named Wiesbaden (a case form of
    'Wie'), and 'Und', 'Para', 'Sur' are GeoNames places: a word every article uses is none."""
    from loaders.read.gazetteer import Gazetteer, language_endings
    from loaders.read.world import World, attach

    gaz = Gazetteer()
    attach(gaz, World.open(), ["Deutschland, Afghanistan, Ecuador"])
    text = "Wie das Ministerium mitteilte, kamen 7000 an. Und dann Berlin."
    assert [m.text for m in gaz.mentions(text, language_endings("de"))] == ["Berlin"]


#: Test text written for the defect: names after an elided article or preposition, beside
#: names that hold an apostrophe of their own.
ELIDED = "L'Irak, l'Égypte et d'Haïti; Côte d'Ivoire. Rock'n'roll."


def test_a_name_after_an_elided_article_is_a_place():
    """Defect (syria-refugees-2014, in French): 'l'Irak' was one word starting in lower case,
    so Iraq's 215,369 refugees had no place."""
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    gaz = Gazetteer()
    attach(gaz, World.open(), [ELIDED])
    found = [(m.text, m.place_id) for m in gaz.mentions(ELIDED)]
    assert found == [
        ("Irak", "iq"),
        ("Égypte", "eg"),
        ("Haïti", "ht"),
        ("Côte d'Ivoire", "ci"),
    ]


#: Test text written for the defect: names joined by a hyphen to a word in lower case (a
#: modifier), beside names whose own particles are joined so.
JOINED = (
    "An explosion in Azerbaijan-controlled territory; a Kyiv-based group; Russia‑held towns."
    " Sarpol-e Zahab in Iran; the Armenia-Azerbaijan border."
)


def test_karabakh_a_name_modifying_the_next_word_is_no_place():
    """Defect (Karabakh built from articles): 'an explosion at a fuel storage depot in
    Azerbaijan-controlled Nagorno-Karabakh ... climbed to 68' put the toll in Azerbaijan, and
    'Russia-held territory' puts what happened there in Russia. A name joined by a hyphen to
    a word in lower case modifies it; a name's own particle ('Sarpol-e Zahab') does not."""
    from loaders.read.gazetteer import Gazetteer
    from loaders.read.world import World, attach

    gaz = Gazetteer()
    attach(gaz, World.open(), [JOINED])
    named = [m.text for m in gaz.mentions(JOINED)]
    assert named == ["Sarpol-e Zahab", "Iran", "Armenia", "Azerbaijan"]
