"""The gazetteer: places (and the routes added from routes.py) by id, found by any of their names.

Names are compared case- and accent-insensitively, with hyphens, apostrophes and spaces folded, so
"Nagorno Karabakh", "nagorno-karabakh" and "NAGORNO-KARABAKH" are one name. Aliases come from the
data files. A name that matches nothing is recorded in `unmatched`, never guessed.

With the world gazetteer attached (`loaders.read.world.attach`), a name that no row of the data
folder has is looked up among every country, admin-1 region and GeoNames city, under the world
gazetteer's rules (never a guess), and the place found joins this gazetteer with its parents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from loaders.model.languages import all_stopwords, language
from loaders.model.problem_types import (
    AMBIGUOUS_ALIAS,
    DUPLICATE_ROW,
    INVALID_NUMBER,
    MISSING_FILE,
    OUT_OF_RANGE,
    PARENT_CYCLE,
    TOO_MANY_ROWS,
    UNKNOWN_PLACE,
    UNKNOWN_VALUE,
    hint,
)
from loaders.model.problems import Report, closest, unknown_fields
from loaders.model.records import Place, PlaceKind
from loaders.read.characters import LOWER_CLASS, clean, fold_look_alikes
from loaders.read.csvrows import csv_rows, parse_number
from loaders.read.folder import read_text

#: At most this many places are read from places.csv (a problem line for the rest).
MAX_PLACES = 5_000

if TYPE_CHECKING:
    from loaders.read.world import World, WorldPlace

PLACE_COLUMNS = (
    "id",
    "name",
    "aliases",
    "kind",
    "lat",
    "lon",
    "country",
    "parent",
    "geonames_id",
    "source",
)
_FOLD = {
    "-": " ",
    "_": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\u2013": " ",
    "\u2014": " ",
    "\u2019": "'",
    "\u02bc": "'",
    "\u02bb": "'",
    "`": "'",
    "\u0131": "i",
    "\u0259": "e",
    "\u018f": "e",
}


def _fold_char(c: str) -> str:
    if c in _FOLD:
        return _FOLD[c]
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Text folded for comparison (look-alike letters in a Latin word made Latin, see
    `characters`), one character for one character so offsets still hold."""
    return fold_look_alikes(text).translate(_TABLE)


def normalize(name: str) -> str:
    """A name as compared: composed (NFC) without invisible characters, folded, with runs of
    spaces collapsed and ends trimmed."""
    return re.sub(r"\s+", " ", fold(clean(name))).strip()


#: A word: letters joined by an apostrophe or a dot ("Malawi's", "U.S"), but a capital after an
#: apostrophe starts a word of its own ("l'Irak", "d'Haïti", "dell'Ucraina": an elided article
#: or preposition before a name, which is found on its own; "Côte d'Ivoire" and "N'Djamena" are
#: still found as runs of words).
_WORD = re.compile(r"\w+(?:(?:['’](?=" + LOWER_CLASS + r"|[\d_])|\.)\w+)*")
_MAX_WORDS = 5
#: A name in a case form is looked for in runs of at most this many words ("Южной Корее").
_MAX_INFLECTED_WORDS = 3
#: What must be left of a word when its case ending is taken off.
_MIN_STEM = 3

#: A language's case endings of place names, folded: (ending in text, the endings the name may
#: have instead), longest ending first (`fold_endings`).
Endings = tuple[tuple[str, tuple[str, ...]], ...]


def fold_endings(raw: dict[str, list[str]]) -> Endings:
    """A language file's `grammar: name_endings`, folded as names are, longest ending first."""
    pairs = [
        (normalize(str(k)), tuple(dict.fromkeys(normalize(str(b)) for b in bases or [])))
        for k, bases in (raw or {}).items()
    ]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def language_endings(code: str) -> Endings:
    """The folded case endings of place names of the language `code` (its file's
    `grammar: name_endings`; none when it declares none)."""
    return fold_endings(language(code).grammar.get("name_endings") or {})


def name_forms(word: str, endings: Endings) -> list[str]:
    """A folded word and the forms it may have as written in the gazetteer: each declared case
    ending that ends it swapped for each ending the name may have instead."""
    forms = [word]
    for ending, bases in endings:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            stem = word[: len(word) - len(ending)]
            forms.extend(stem + base for base in bases)
    return list(dict.fromkeys(forms))


def _modifies_next(text: str, end: int) -> bool:
    """Whether the name ending at `end` is joined by a hyphen to a word in lower case: it
    modifies what follows ("Russia-held territory", "Azerbaijan-controlled", "a Kyiv-based
    group") and is not where anything happened. A particle of a name ("Sarpol-e Zahab",
    "Mazar-i-Sharif", "Rostov-na-Donu") is no such word."""
    joined = _JOINED_WORD.match(text, end)
    return joined is not None and joined.group(1).islower()


_JOINED_WORD = re.compile(r"[-\u2010\u2011]([^\W\d_]{3,})(?![-\u2010\u2011\w])")


@dataclass(frozen=True)
class Mention:
    """A place named in a text: which place, and where (end exclusive)."""

    place_id: str
    start: int
    end: int
    text: str


@dataclass
class Gazetteer:
    """Places by id, and an index from every folded name to the place it names."""

    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    unmatched: dict[str, int] = field(default_factory=dict)
    #: The world gazetteer behind the folder's own places, the situation's countries (ISO
    #: alpha-2) that narrow it, and the id each world place has here (a row of places.csv that
    #: is a world place keeps its own id).
    world: World | None = None
    scope: frozenset[str] = frozenset()
    #: The ids of the countries situation.yaml declares (`countries`), kept in every places table.
    declared: frozenset[str] = frozenset()
    world_ids: dict[str, str] = field(default_factory=dict)
    #: The world places added on use (not rows of places.csv).
    adopted: set[str] = field(default_factory=set)
    #: Where the coordinates of a place that did not come with its own are from.
    coordinates_from: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _world_names: dict[str, str] | None = None

    def add(self, place: Place) -> list[tuple[str, str]]:
        """Add a place; returns (alias, other place id) for each name another place already has."""
        clashes = []
        self.places[place.id] = place
        for name in [place.name, place.id.replace("_", " "), *place.aliases]:
            key = normalize(name)
            if not key:
                continue
            owner = self.names.get(key)
            if owner and owner != place.id:
                clashes.append((name, owner))
                continue
            self.names[key] = place.id
        self._pattern = None
        return clashes

    def lookup(self, name: str) -> Place | None:
        """The place this name stands for, or None (and the name is remembered as unmatched)."""
        if name is None:
            return None
        pid = self.names.get(normalize(name))
        if pid is None and self.world is not None and name.strip():
            found = self.world.resolve(name, self.scope)
            pid = self.adopt(found) if found is not None else None
        if pid is None:
            if name.strip():
                self.unmatched[name.strip()] = self.unmatched.get(name.strip(), 0) + 1
            return None
        return self.places[pid]

    def chain(self, place_id: str | None) -> list[str]:
        """The place and every place it lies in (by `parent`), nearest first; empty for no place
        or one it lacks."""
        out: list[str] = []
        while place_id and place_id in self.places and place_id not in out:
            out.append(place_id)
            place_id = self.places[place_id].parent
        return out

    def adopt(self, place: WorldPlace) -> str:
        """The id a world place has here, adding it (and the places it lies in) on first use."""
        if place.id in self.world_ids:
            return self.world_ids[place.id]
        parent = None
        if place.parent and self.world is not None:
            above = self.world.get(place.parent)
            parent = self.adopt(above) if above is not None else None
        if place.id not in self.places:
            self.places[place.id] = place.place(parent)
            self.adopted.add(place.id)
        self.world_ids[place.id] = place.id
        self.coordinates_from[place.id] = place.source
        return place.id

    def suggest(self, name: str) -> str | None:
        """The known name closest to `name`, to suggest in an error message."""
        hit = closest(normalize(name), self.names)
        return hit

    def mentions(self, text: str, endings: Endings = ()) -> list[Mention]:
        """Every place named in `text`, longest name first where names overlap: the folder's
        places, then those of the world gazetteer that do not overlap them; with the case
        `endings` of the text's language, then names in a case form ("в Турции")."""
        found = self._exact_mentions(text)
        if endings:
            found = sorted(found + self._inflected(text, endings, found), key=lambda m: m.start)
        return [m for m in found if not _modifies_next(text, m.end)]

    def _exact_mentions(self, text: str) -> list[Mention]:
        own = self._own_mentions(text)
        if self.world is None:
            return own
        taken = [(m.start, m.end) for m in own]
        more = []
        for start, end, world_id in self._world_mentions(text):
            if any(start < e and s < end for s, e in taken):
                continue
            pid = self.world_ids.get(world_id)
            if pid is None:
                place = self.world.get(world_id)
                pid = self.adopt(place) if place is not None else None
            if pid is not None:
                more.append(Mention(pid, start, end, text[start:end]))
        return sorted(own + more, key=lambda m: m.start)

    def _inflected(self, text: str, endings: Endings, taken: list[Mention]) -> list[Mention]:
        """Places named in a case form: runs of up to _MAX_INFLECTED_WORDS words, the first
        capitalised, outside every name found as written, whose forms (`name_forms`) name
        exactly one place; a run whose forms name several places gives none (never a guess)."""
        words = _outside((m.span() for m in _WORD.finditer(text)), taken)
        found: list[Mention] = []
        i = 0
        while i < len(words):
            first = text[words[i][0] : words[i][1]]
            hit = (
                self._inflected_at(text, words, i, endings)
                if first[0].isupper() and normalize(first) not in all_stopwords()
                else None
            )
            if hit is None:
                i += 1
                continue
            n, pid = hit
            start, end = words[i][0], words[i + n - 1][1]
            found.append(Mention(pid, start, end, text[start:end]))
            i += n
        return found

    def _inflected_at(
        self, text: str, words: list[tuple[int, int]], i: int, endings: Endings
    ) -> tuple[int, str] | None:
        """(words, place id) of the longest run from word `i` naming one place in a case form."""
        for n in range(min(_MAX_INFLECTED_WORDS, len(words) - i), 0, -1):
            run = words[i : i + n]
            if any(not text[a[1] : b[0]].isspace() for a, b in zip(run, run[1:], strict=False)):
                continue  # the words of a name stand next to each other
            forms = [name_forms(normalize(text[a:b]), endings) for a, b in run]
            ids = {pid for key in map(" ".join, product(*forms)) if (pid := self._named(key))}
            if len(ids) > 1:
                return None
            if ids:
                named = ids.pop()
                if self._name_goes_on(text, words, i + n) and not self._is_country(named):
                    return None  # "Южной Корее" is not the town Южный
                return n, self._take(named)
        return None

    @staticmethod
    def _name_goes_on(text: str, words: list[tuple[int, int]], k: int) -> bool:
        """Whether word `k` is a capitalised word right after the one before it."""
        if k >= len(words) or k == 0:
            return False
        return text[words[k - 1][1] : words[k][0]].isspace() and text[words[k][0]].isupper()

    def _is_country(self, named: str) -> bool:
        kind, _, pid = named.partition(":")
        if kind == "own":
            return self.places[pid].kind == PlaceKind.country
        found = self.world.get(pid) if self.world is not None else None
        return found is not None and found.kind == "country"

    def _named(self, key: str) -> str | None:
        """The place a folded name is of, as `own:ID` or `world:ID` (None for no place)."""
        if key in self.names:
            return "own:" + self.names[key]
        if self.world is None:
            return None
        if self._world_names is None:
            self._world_names = self.world.mention_names(self.scope)
        if len(key) <= 2 or key not in self._world_names:
            return None
        world_id = self._world_names[key]
        return (
            "own:" + self.world_ids[world_id] if world_id in self.world_ids else "world:" + world_id
        )

    def _take(self, named: str) -> str:
        """The id here of a place `_named` found (a world place is adopted on first use)."""
        kind, _, pid = named.partition(":")
        if kind == "own" or self.world is None:
            return pid
        place = self.world.get(pid)
        return self.adopt(place) if place is not None else pid

    def _world_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, world id) of the world gazetteer's places named in `text`: runs of up to
        five words that start with a capital letter and are, whole, a name that
        `World.mention_names` keeps, the longest first."""
        if self._world_names is None:
            self._world_names = self.world.mention_names(self.scope) if self.world else {}
        names = self._world_names
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            start = words[i][0]
            hit = None
            if text[start].isupper():
                for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                    end = words[i + n - 1][1]
                    if end < len(text) and text[end] == ".":
                        key = normalize(text[start : end + 1])
                        if key in names:
                            hit = (n, end + 1, names[key])
                            break
                    key = normalize(text[start:end])
                    if key in names and not (n == 1 and key in all_stopwords()):
                        hit = (n, end, names[key])
                        break
            if hit is None:
                i += 1
                continue
            n, end, world_id = hit
            found.append((start, end, world_id))
            i += n
        return found

    def _own_mentions(self, text: str) -> list[Mention]:
        if not self.names:
            return []
        if self._pattern is None:
            alternatives = sorted(self.names, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![\w])(?:%s)(?![\w])" % "|".join(re.escape(a) for a in alternatives)
            )
        folded = fold(text)
        found = []
        for m in self._pattern.finditer(folded):
            key = re.sub(r"\s+", " ", m.group(0))
            found.append(Mention(self.names[key], m.start(), m.end(), text[m.start() : m.end()]))
        return found


def read_places(
    path: Path, report: Report, gazetteer: Gazetteer | None = None, root: Path | None = None
) -> Gazetteer:
    """Read places.csv into a gazetteer, reporting every bad row and every alias clash."""
    gaz = gazetteer or Gazetteer()
    label = str(path)
    if not path.exists():
        report.add(label, 0, "file", MISSING_FILE, reason=f"no gazetteer: {path.name} is required")
        return gaz
    text = read_text(path, report, label, root=root)
    if text is None:
        return gaz
    lines: dict[str, int] = {}
    rows = csv_rows(text, ("id", "name", "kind"), label, report) or []
    if len(rows) > MAX_PLACES:
        report.add(
            label,
            rows[MAX_PLACES][0],
            "row",
            TOO_MANY_ROWS,
            count=f"{len(rows):,}",
            things="places",
            limit=f"{MAX_PLACES:,}",
            why="every name is looked for in every article",
            advice="keep the places of this situation",
        )
        rows = rows[:MAX_PLACES]
    for line, row in rows:
        values = {k: v for k, v in row.items() if k in PLACE_COLUMNS}
        place = _place_from_row(values, label, line, report)
        if place is None:
            continue
        if place.id in gaz.places:
            report.add(
                label,
                line,
                "id",
                DUPLICATE_ROW,
                what=f"place id {place.id!r} is used twice",
                advice="keep one",
            )
            continue
        for alias, owner in gaz.add(place):
            report.add(
                label,
                line,
                "aliases",
                AMBIGUOUS_ALIAS,
                alias=alias,
                owner=owner,
            )
        lines[place.id] = line
    _check_parents(gaz, lines, label, report)
    return gaz


def _check_parents(gaz: Gazetteer, lines: dict[str, int], label: str, report: Report) -> None:
    """Every `parent` names a place of the file and no place lies, through its parents, in
    itself; a parent that fails either check is reported and dropped (the place stays)."""
    for pid, place in gaz.places.items():
        if place.parent and place.parent not in gaz.places:
            report.add(
                label,
                lines.get(pid, 0),
                "parent",
                UNKNOWN_PLACE,
                name=place.parent,
                known="a place id in this file",
                hint=hint(closest(place.parent, sorted(gaz.places))),
                advice="",
            )
            gaz.places[pid] = place.model_copy(update={"parent": None})
    for pid in list(gaz.places):
        seen = [pid]
        parent = gaz.places[pid].parent
        while parent and parent not in seen:
            seen.append(parent)
            parent = gaz.places[parent].parent
        if parent == pid:  # reported once, at the first place of the cycle in the file
            report.add(
                label,
                lines.get(pid, 0),
                "parent",
                PARENT_CYCLE,
                id=pid,
                chain=" -> ".join([*seen, parent]),
            )
            gaz.places[pid] = gaz.places[pid].model_copy(update={"parent": None})


def root_of(place: str | None, parents: dict[str, str | None]) -> str | None:
    """The top of the place's hierarchy (itself when it has no parent); None for no place."""
    seen: set[str] = set()
    while place and parents.get(place) and place not in seen:
        seen.add(place)
        place = parents[place]
    return place


def _coordinates(
    values: dict[str, str], label: str, line: int, report: Report
) -> tuple[dict[str, float | None], bool]:
    """(lat and lon of a row, None where empty; whether both are numbers on Earth), each wrong
    one reported."""
    numbers: dict[str, float | None] = {}
    ok = True
    for column, low, high in (("lat", -90, 90), ("lon", -180, 180)):
        raw = values.get(column, "")
        if not raw:
            numbers[column] = None
            continue
        try:
            number = parse_number(raw)
        except ValueError:
            report.add(
                label, line, column, INVALID_NUMBER, value=raw, expected="a number", advice=""
            )
            ok = False
            continue
        if not low <= number <= high:
            report.add(label, line, column, OUT_OF_RANGE, value=number, low=low, high=high)
            ok = False
        numbers[column] = number
    return numbers, ok


def _place_from_row(values: dict[str, str], label: str, line: int, report: Report) -> Place | None:
    ok = True
    if values.get("kind") and values["kind"] not in {k.value for k in PlaceKind}:
        allowed = [k.value for k in PlaceKind if k != PlaceKind.route]
        report.add(
            label, line, "kind", UNKNOWN_VALUE, **unknown_fields("kind", values["kind"], allowed)
        )
        ok = False
    numbers, numbers_ok = _coordinates(values, label, line, report)
    ok = ok and numbers_ok
    gid = values.get("geonames_id", "")
    if gid and not gid.isdigit():
        report.add(
            label,
            line,
            "geonames_id",
            INVALID_NUMBER,
            value=gid,
            expected="a GeoNames id",
            advice="",
        )
        ok = False
    if not ok:
        return None
    try:
        return Place(
            id=values.get("id", ""),
            name=values.get("name", ""),
            aliases=[a.strip() for a in values.get("aliases", "").split("|") if a.strip()],
            kind=values.get("kind", ""),
            lat=numbers.get("lat"),
            lon=numbers.get("lon"),
            country=values.get("country", ""),
            parent=values.get("parent", "") or None,
            geonames_id=int(gid) if gid else None,
            source=values.get("source", ""),
        )
    except ValidationError as exc:
        report.add_invalid(label, line, exc, values)
        return None


def _outside(spans: Iterable[tuple[int, int]], taken: list[Mention]) -> list[tuple[int, int]]:
    """The spans, in text order, that overlap no mention of `taken` (sorted by start): one pass
    over both, so a long article's many words and names cost no more than their count."""
    marks = sorted((m.start, m.end) for m in taken)
    out: list[tuple[int, int]] = []
    k = 0
    for start, end in spans:
        while k < len(marks) and marks[k][1] <= start:
            k += 1  # names ending before this word: no later word overlaps them either
        j = k
        while j < len(marks) and marks[j][0] < end and marks[j][1] <= start:
            j += 1
        if j == len(marks) or marks[j][0] >= end:
            out.append((start, end))
    return out
