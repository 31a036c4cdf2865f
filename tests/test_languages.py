"""The language files: the same sections in each, cue keys that name vocabulary entries, word
lists that are words (YAML reads a bare `no` or `on` as a boolean), fragments that compile, and
the detector that picks the language of an article that does not say."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from loaders.extract.figures import article_language
from loaders.model.languages import FOLDER, LANGUAGES_ENV, SECTIONS, codes, detect, language
from loaders.model.records import Article
from loaders.model.vocabulary import VOCABULARY
from tests.conftest import ROOT

CODES = codes()


def _raw(code: str) -> dict:
    return yaml.safe_load((FOLDER / f"{code}.yaml").read_text(encoding="utf-8"))


def test_the_five_languages_have_files():
    assert set(CODES) >= {"en", "fr", "de", "es", "ru"}


@pytest.mark.parametrize("code", CODES)
def test_every_file_has_the_sections_and_keys_of_english(code):
    english, other = _raw("en"), _raw(code)
    assert sorted(other) == sorted(SECTIONS)
    for section in ("numbers", "heads", "context", "not_figures", "grammar", "dates"):
        assert sorted(other[section]) == sorted(english[section]), section
    assert sorted(other["cues"]) == sorted(english["cues"])
    assert other["code"] == code


@pytest.mark.parametrize("code", CODES)
def test_every_cue_key_names_a_vocabulary_entry(code):
    for indicator, subtype in language(code).cue_keys():
        assert VOCABULARY.entry(indicator, subtype) is not None, (code, indicator, subtype)


#: Entries counting people that loaders/extract/figures.py reads by rules of their own (a
#: population word beside the number; a registration, one day or children among the displaced).
READ_BY_RULES = {("displaced", "registered"), ("displaced", "daily"), ("displaced", "children")}


@pytest.mark.parametrize("code", CODES)
def test_every_cue_of_a_count_of_people_is_read(code):
    """A people entry given cue words but left out of the vocabulary's `people_cues` would be
    silently ignored by the extractor: the newcomer's likeliest slip when adding an indicator."""
    read = set(VOCABULARY.people_entries()) | READ_BY_RULES
    for key in language(code).cue_keys():
        entry = VOCABULARY.entry(*key)
        if entry is not None and entry.unit == "people" and entry.indicator != "population":
            assert key in read, (
                f"{code}: add {key[0]}/{key[1] or ''} to people_cues in vocabulary.yaml"
            )


def _lists(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            assert isinstance(key, str), f"{path}: key {key!r} is not text (quote it)"
            yield from _lists(value, f"{path}/{key}")
    elif isinstance(node, list):
        yield path, node


@pytest.mark.parametrize("code", CODES)
def test_word_lists_hold_text_that_compiles(code):
    for path, words in _lists(_raw(code)):
        for word in words:
            assert isinstance(word, str), f"{code}{path}: {word!r} is not text (quote it)"
            if path.startswith(("/sentences/ends", "/sentences/closers", "/sentences/openers")):
                assert len(word) == 1, f"{code}{path}: {word!r} is not one character"
            elif not path.startswith("/stopwords"):
                re.compile(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The storm forced thousands of people from their homes, officials said.", "en"),
        ("Les autorités ont annoncé que des milliers de personnes ont fui la ville.", "fr"),
        ("Die Behörden teilten mit, dass Tausende Menschen aus der Stadt geflohen sind.", "de"),
        ("Las autoridades dijeron que miles de personas huyeron de la ciudad.", "es"),
        ("Власти сообщили, что тысячи людей покинули город.", "ru"),
    ],
)
def test_detector_tells_the_language(text, expected):
    assert detect(text) == expected


def _article(body: str, language: str) -> Article:
    return Article(
        id="a",
        path="a.txt",
        date=dt.date(2024, 1, 1),
        date_source="header",
        language=language,
        body=body,
    )


def test_the_article_language_wins_over_detection():
    body = "Die Behörden teilten mit, dass Tausende Menschen geflohen sind."
    assert article_language(_article(body, "fr")) == "fr"
    assert article_language(_article(body, "en")) == "en"
    # A registry row or front matter that says nothing (or names no language we read): the text.
    assert article_language(_article(body, "")) == "de"
    assert article_language(_article(body, "xx")) == "de"


def test_a_language_without_a_file_reads_as_english():
    assert language("xx").code == "en"


def _toy_folder(root: Path) -> Path:
    """A folder holding the five language files and a toy language 'xx' made from one file:
    its own cue, head noun, hedge, scale word, sentence end mark, abbreviation, month, day
    ordinal, order of a date in digits, scope word and stopwords."""
    folder = root / "languages"
    folder.mkdir()
    for code in CODES:
        shutil.copy(FOLDER / f"{code}.yaml", folder / f"{code}.yaml")
    toy = _raw("en")
    toy["code"], toy["name"] = "xx", "Toy"
    toy["cues"]["casualties/killed"] = ["zorped"]
    toy["heads"]["people"] = ["blorks"]
    toy["hedges"]["about"] = ["roughlish"]
    toy["numbers"]["scales"]["grillion"] = 1000
    toy["sentences"]["abbreviations"] = ["blv"]
    toy["sentences"]["ends"] = ["।"]  # a danda: no dot ends a sentence here
    toy["dates"]["months"] = [f"mon{n}" for n in range(1, 13)]
    toy["dates"]["ordinals"] = ["zth"]
    toy["dates"]["numeric_order"] = "mdy"
    toy["meaning"]["scope"]["incident"] = ["quarrybang"]
    toy["stopwords"] = ["zib", "zab", "zob"]
    (folder / "xx.yaml").write_text(yaml.safe_dump(toy, allow_unicode=True), encoding="utf-8")
    return folder


def check_toy_language() -> None:
    """Run in a process reading the toy folder: the toy language is detected, its sentences
    split at its own mark, and a figure read with its words."""
    from loaders.extract.dates import resolve
    from loaders.extract.figures import extract_article
    from loaders.extract.sentences import split_sentences
    from loaders.facts.estimates import scope_of

    assert "xx" in codes()
    body = (
        "Zib zab: the blv. storm zorped roughlish 40 grillion blorks on 3zth mon9। "
        "Zib zob zab. Ok 12 more।"
    )
    article = _article(body, "")
    assert article_language(article) == "xx"
    assert [s.text for s in split_sentences(body, "xx")] == [
        "Zib zab: the blv. storm zorped roughlish 40 grillion blorks on 3zth mon9।",
        "Zib zob zab. Ok 12 more।",
    ]
    found = extract_article(article)
    assert [(f.indicator, f.subtype, f.value, f.qualifier, f.as_of) for f in found] == [
        ("casualties", "killed", 40_000, "about", dt.date(2023, 9, 3))
    ]
    assert found[0].quote == body.split("। ")[0] + "।"
    assert scope_of("the quarrybang at the pit") == "incident"
    assert resolve("9/28/2023", dt.date(2023, 9, 30), "xx") == dt.date(2023, 9, 28)


def test_a_new_language_is_added_by_its_file_alone(tmp_path):
    folder = _toy_folder(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", "from tests.test_languages import check_toy_language as c; c()"],
        cwd=ROOT,
        env={**os.environ, LANGUAGES_ENV: str(folder)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
