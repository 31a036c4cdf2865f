"""Identity of the rows of a curated table: a hash of each row's contents (never its position),
the figure ids made from it, and the rows that repeat an earlier one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.model.problem_types import DUPLICATE_ROW
from loaders.read.columns import Coded, hex_ids, mix, text_hashes

if TYPE_CHECKING:
    from loaders.read.table_checks import Flags


#: What a figure means beyond its subject (records.Figure): part of a row's identity only when
#: a row sets one, so the ids of rows that leave them out stay what they were.
MEANING_COLUMNS = ("modality", "origin", "destination", "per", "background")


def identity_parts(coded: dict[str, Coded], place_ids: np.ndarray) -> list[Coded]:
    """The text columns that make a row's identity, places by their gazetteer id."""
    place_key = Coded(coded["place"].codes, np.array([p or "" for p in place_ids], dtype=object))
    subject = [coded[c] for c in ("as_of", "indicator", "subtype", "unit", "qualifier", "note")]
    meaning = Coded.combined(*(coded[c] for c in MEANING_COLUMNS)).map(_meaning_text)
    return [*subject, place_key, meaning]


def _meaning_text(values: tuple[str, ...]) -> str:
    """The meaning columns of a row as one text; '' when they say nothing beyond the default."""
    said = [v for v in values if v not in ("", "reported", "false")]
    return "|".join(values) if said else ""


def row_hashes(
    coded: dict[str, Coded],
    place_ids: np.ndarray,
    value: np.ndarray,
    vmax: np.ndarray,
    url_text: pa.ChunkedArray,
    stem: str,
) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """A hash of each row's identity (subject, claim, note and source address), which rows
    repeat an earlier hash, and each row's id (the hash with the file's name). Texts are hashed,
    not positions, so ids depend on contents only."""
    row_hash = np.zeros(len(value), dtype=np.uint64)
    *parts, meaning = identity_parts(coded, place_ids)
    for part in parts:
        mix(row_hash, part.hashes())
    for numbers in (value, vmax):
        mix(row_hash, np.where(np.isfinite(numbers), numbers, -1.0).view(np.uint64))
    mix(row_hash, text_hashes(url_text))
    said = meaning.where(bool)
    if said.any():
        row_hash[said] = mix(row_hash[said], meaning.hashes()[said])
    # Rows that repeat an earlier row's hash. Identical rows pass or fail the same checks, so
    # looking among all rows finds the same repeats as looking among the good ones.
    repeats = pd.Series(row_hash).duplicated(keep="first").to_numpy()
    # Mixing in the file's name is one-to-one, so equal hashes stay equal: done in place.
    ids = hex_ids(mix(row_hash, _stem_hash(stem)))
    return row_hash, repeats, ids


def duplicates(
    row_hash: np.ndarray,
    repeats: np.ndarray,
    coded: dict[str, Coded],
    place_ids: np.ndarray,
    value: np.ndarray,
    vmax: np.ndarray,
    url_text: pa.ChunkedArray,
    flag: Flags,
) -> None:
    """Report every good row that repeats an earlier one."""
    subject = identity_parts(coded, place_ids)
    considered = ~flag.bad
    dup = repeats & considered
    if not dup.any():
        return
    # Confirm on the contents themselves: hashes can collide.
    suspects = np.flatnonzero(considered & pd.Series(row_hash).isin(row_hash[dup]).to_numpy())
    exact = pd.DataFrame({f"c{k}": part.objects()[suspects] for k, part in enumerate(subject)})
    exact["value"] = np.where(np.isfinite(value), value, -1.0)[suspects]
    exact["value_max"] = np.where(np.isfinite(vmax), vmax, -1.0)[suspects]
    exact["url"] = url_text.take(pa.array(suspects)).to_pylist()
    dup[:] = False
    dup[suspects] = exact.duplicated(keep="first").to_numpy()
    first_line: dict[int, int] = {}
    for idx in suspects[~dup[suspects]]:
        first_line.setdefault(int(row_hash[idx]), int(flag.lines[idx]))
    flag(
        dup,
        "row",
        DUPLICATE_ROW,
        lambda i: {
            "what": f"the same figure is already on line {first_line.get(int(row_hash[i]), '?')}",
            "advice": "remove one",
        },
    )


def _stem_hash(stem: str) -> np.uint64:
    return np.uint64(int.from_bytes(stem.encode("utf-8")[:8].ljust(8, b"\0"), "little"))
