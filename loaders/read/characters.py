"""Characters that lie: one form for every text read, invisible controls taken out, look-alike
letters folded when names are compared.

- Unicode allows one letter two ways ('é' as one code point, or 'e' and a combining accent, as
  macOS saves file names); every text is read in the composed form (NFC), so both are one name.
- Bidirectional controls (U+202E turns "3 killed" into a line that reads as "300 killed") and
  zero-width characters (which make two "Goris" that look alike and compare apart) carry no
  meaning in a news article or a register; they are removed when text is read, and shown as '?'
  on a terminal.
- A Latin name written with one Cyrillic or Greek look-alike letter ('Gоris' with a Cyrillic о)
  folds to the Latin name, so it matches, and two places that fold to one are reported.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

#: Bidirectional embeddings, overrides and isolates, marks (LRM, RLM, ALM), zero-width spaces
#: and joiners, the word joiner and invisible operators, the byte-order mark: none is seen, all
#: change how a text reads or compares.
INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u061c", "\u180e", "\ufeff", "\u00ad"]
)
_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
_INVISIBLE_RE2 = "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(INVISIBLE)) + "]"


def _ranges(codes: list[int]) -> str:
    """Code points as the body of a regex character class, runs written as ranges."""
    out: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code != prev + 1:
            out.append(re.escape(chr(start)) + (f"-{re.escape(chr(prev))}" if prev > start else ""))
            start = code
        prev = code
    return "".join(out)


#: A lower-case letter of any script (Latin, accented, Greek, Cyrillic, Armenian, Georgian...),
#: as a regex character class: what no sentence, name or place starts with, in every language.
LOWER_CLASS = "[" + _ranges([c for c in range(0x10000) if chr(c).islower()]) + "]"


#: Cyrillic and Greek letters drawn like a Latin one, folded only inside a word that also has
#: Latin letters (a whole Russian or Greek word keeps its own letters).
_LOOK_ALIKE = str.maketrans(
    "аеорсухіјѕԁһԛԝӏАВЕКМНОРСТХІЈЅУοαικνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqwlABEKMHOPCTXIJSYoaikvptuxABEZHIKMNOPTYX",
)
_LOOK_ALIKE_CLASS = "[" + "".join(sorted(chr(c) for c in _LOOK_ALIKE)) + "]"
#: A word holding both a Latin letter and a look-alike: two look-aheads from the word's start, so
#: the regex engine reads each word once and Python sees only the mixed ones.
_MIXED_WORD = re.compile(
    rf"(?<![^\W\d_])(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*{_LOOK_ALIKE_CLASS})[^\W\d_]+"
)


def clean(text: str) -> str:
    """`text` as every reader keeps it: composed (NFC), invisible controls removed."""
    if text.isascii():
        return text
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def clean_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """`clean` for a whole Arrow string column at once (untouched when it is all ASCII).
    Arrow is imported here: every command and the app read this module, and a build with
    nothing to do reads no table."""
    import pyarrow.compute as pc

    if pc.all(pc.string_is_ascii(column)).as_py() is not False:
        return column
    composed = pc.utf8_normalize(column, "NFC")
    return pc.replace_substring_regex(composed, _INVISIBLE_RE2, "")


def has_invisible(text: str) -> bool:
    """Whether `text` holds a character `clean` removes."""
    return bool(_INVISIBLE.search(text))


def fold_look_alikes(text: str) -> str:
    """Every word that mixes Latin letters with Cyrillic or Greek look-alikes written in Latin
    letters only, one character for one (offsets still hold)."""
    if text.isascii():
        return text
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_LOOK_ALIKE), text)


def visible(text: str) -> str:
    """`text` with each invisible control shown as '?', one character for one: for a terminal,
    where a right-to-left override would reorder what follows it."""
    return _INVISIBLE.sub("?", text)
