"""Sentences keep their offsets; abbreviations and decimals do not end them; lines always do."""

from __future__ import annotations

from loaders.extract.sentences import split_sentences


def test_offsets_point_into_the_body():
    body = "First one. Second one!\nThird line"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third line"]
    assert all(body[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1]


def test_abbreviations_and_decimals_do_not_split():
    body = "Mr. Smith said $11.5 million arrived on Sept. 28 in the U.S. capital. Then more."
    assert [s.text for s in split_sentences(body)] == [
        "Mr. Smith said $11.5 million arrived on Sept. 28 in the U.S. capital.",
        "Then more.",
    ]


def test_quotes_close_the_sentence():
    body = "The situation was “horrible”. Food was scarce."
    assert [s.text for s in split_sentences(body)] == [
        "The situation was “horrible”.",
        "Food was scarce.",
    ]


def test_a_capital_with_a_diacritic_or_of_another_script_starts_a_sentence():
    body = "Die Lage ist ernst. Über 500 Menschen flohen. Écoles fermées. Около 20 погибли."
    assert [s.text for s in split_sentences(body, "de")] == [
        "Die Lage ist ernst.",
        "Über 500 Menschen flohen.",
        "Écoles fermées.",
        "Около 20 погибли.",
    ]


def test_a_lower_case_word_after_a_dot_does_not_start_a_sentence():
    body = "Погибли 5 чел. по данным МЧС. Ещё 3 ранены."
    assert [s.text for s in split_sentences(body, "ru")] == [
        "Погибли 5 чел. по данным МЧС.",
        "Ещё 3 ранены.",
    ]


def test_abbreviations_come_from_the_language_file():
    german = "Es kamen ca. 300 Menschen, u.a. Kinder. Dann mehr."
    assert [s.text for s in split_sentences(german, "de")] == [
        "Es kamen ca. 300 Menschen, u.a. Kinder.",
        "Dann mehr.",
    ]
    spanish = "Llegó el Sr. Pérez a la Av. Bolívar. Luego más."
    assert [s.text for s in split_sentences(spanish, "es")] == [
        "Llegó el Sr. Pérez a la Av. Bolívar.",
        "Luego más.",
    ]


def test_a_sentence_wrapped_over_two_lines_is_one_sentence():
    body = "Nearly 900 people were\nevacuated from their homes.\nHeadline\nNext line."
    assert [s.text for s in split_sentences(body)] == [
        "Nearly 900 people were\nevacuated from their homes.",
        "Headline",
        "Next line.",
    ]


def test_a_day_with_its_ordinal_dot_before_its_month_ends_no_sentence():
    """'am Sonntag, 14. August, ... 754 am Samstag, 13. August' was cut after each day's dot,
    so the date was lost and 14 read as a count; a dot after a number before any other word
    still ends one."""
    text = (
        "667 Flüchtlinge kamen am Sonntag, 14. August, nach Uganda, 754 am Samstag, 13. August."
        " Es kamen 114. August war heiß. Am 3. Mai kamen 20. Neue Zahlen folgen."
    )
    assert [s.text for s in split_sentences(text, "de")] == [
        "667 Flüchtlinge kamen am Sonntag, 14. August, nach Uganda, 754 am Samstag, 13. August.",
        "Es kamen 114.",
        "August war heiß.",
        "Am 3. Mai kamen 20.",
        "Neue Zahlen folgen.",
    ]
