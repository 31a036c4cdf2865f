"""The languages the extractor reads: one YAML file per language in `languages/<code>.yaml`.

Each file holds everything language-specific (number formats, scale and number words, hedges,
cue words per vocabulary entry, head nouns, clause words, abbreviations, stopwords); the
extractor's code is the same for all. Adding a language is adding a file with the same sections
as `en.yaml`.

The folder read is `languages/` beside this module, or the one the environment variable
`SITUATION_LANGUAGES` names (a copy with a language added, tried without touching the code). Each
file is read once per process.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from loaders.model import yaml_text

FOLDER = Path(__file__).resolve().parent / "languages"
#: The environment variable naming another folder of language files to read instead.
LANGUAGES_ENV = "SITUATION_LANGUAGES"
#: The sections every language file has, and their keys where they are fixed.
SECTIONS = (
    "code",
    "name",
    "numbers",
    "hedges",
    "hedges_after",
    "hedge_particles",
    "currencies",
    "cues",
    "heads",
    "context",
    "not_figures",
    "grammar",
    "dates",
    "sentences",
    "stopwords",
    "meaning",
)
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    """One language file, read."""

    code: str
    name: str
    numbers: dict[str, Any]
    hedges: dict[str, list[str]]
    hedges_after: dict[str, list[str]]
    hedge_particles: list[str]
    currencies: dict[str, str]
    cues: dict[str, list[str]]
    heads: dict[str, list[str]]
    context: dict[str, list[str]]
    not_figures: dict[str, list[str]]
    grammar: dict[str, Any]
    dates: dict[str, Any]
    sentences: dict[str, Any]
    stopwords: list[str]
    #: What a figure means beyond what it counts: modality, rate, background, where people
    #: moved, and the scope words of a note (read by extract/meaning.py and facts/estimates.py).
    meaning: dict[str, Any]

    def cue_keys(self) -> list[tuple[str, str | None]]:
        """(indicator, subtype) of every cue entry; `displaced/` is ('displaced', None)."""
        return [_split_key(k) for k in self.cues]


def _split_key(key: str) -> tuple[str, str | None]:
    indicator, _, subtype = key.partition("/")
    return indicator, subtype or None


def folder() -> Path:
    """The folder of language files: the one `SITUATION_LANGUAGES` names, else the bundled one."""
    named = os.environ.get(LANGUAGES_ENV, "").strip()
    return Path(named) if named else FOLDER


@cache
def codes() -> list[str]:
    """Codes of every language with a file, sorted."""
    return sorted(p.stem for p in folder().glob("*.yaml"))


@cache
def language(code: str) -> Language:
    """The language `code` (read once); unknown codes fall back to English."""
    path = folder() / f"{code}.yaml"
    if not path.is_file():
        path = folder() / f"{DEFAULT}.yaml"
    raw = yaml_text.parse(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: not a mapping of sections")
    missing = [s for s in SECTIONS if s not in raw]
    if missing:
        raise ValueError(f"{path.name}: missing sections {', '.join(missing)}")
    return Language(**{s: raw[s] if raw[s] is not None else {} for s in SECTIONS})


@cache
def _stopword_sets() -> dict[str, frozenset[str]]:
    return {c: frozenset(w.lower() for w in language(c).stopwords) for c in codes()}


@cache
def all_stopwords() -> frozenset[str]:
    """Every language file's stopwords, in lower case: a one-word place name that is one ('Und',
    'Wie', 'Sur' opening a sentence) is never read as a place in article text."""
    return frozenset().union(*_stopword_sets().values())


_TOKEN = re.compile(r"\w+")


@cache
def _stopword_owners() -> dict[str, tuple[str, ...]]:
    """Each stopword and the languages it belongs to."""
    owners: dict[str, list[str]] = {}
    for code, words in _stopword_sets().items():
        for word in words:
            owners.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in owners.items()}


def detect(text: str, sample: int = 800) -> str:
    """The language whose stopwords are most frequent in (the start of) `text`; English on a
    tie. Short words of five languages in distinct scripts and spellings are enough to tell them
    apart on a news article."""
    owners = _stopword_owners()
    scores = dict.fromkeys(codes(), 0)
    for token in _TOKEN.findall(text[:sample].lower()):
        for code in owners.get(token, ()):
            scores[code] += 1
    best = max(scores, key=lambda code: (scores[code], code == DEFAULT))
    return best if scores[best] > scores.get(DEFAULT, 0) else DEFAULT
