"""Checks of a curated table, a whole column at a time: every bad row reported with its line and
left out, every good row kept, and the result exactly what the `Figure` model would accept.

Allowed values come from the vocabulary table, so each check runs once per distinct value and a
million-row table validates in about the time it takes to read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.model.problem_types import (
    EARLY_DATE,
    FUTURE_DATE,
    IMPOSSIBLE_DATE,
    INVALID_DATE,
    INVALID_NUMBER,
    MISSING_VALUE,
    NEGATIVE_VALUE,
    NOT_A_URL,
    RANGE_ORDER,
    UNIT_MISMATCH,
    UNKNOWN_PLACE,
    UNKNOWN_VALUE,
    UNSOURCED,
    ProblemType,
    hint,
)
from loaders.model.problems import Report, closest, unknown_fields
from loaders.model.records import Indicator, Method, Modality, Per, Qualifier
from loaders.model.vocabulary import VOCABULARY
from loaders.read.columns import Coded, holds, text_lengths
from loaders.read.csvrows import DATE, EARLIEST, NUMBER_PATTERN
from loaders.read.gazetteer import Gazetteer
from loaders.read.table_ids import duplicates, row_hashes

_EPOCH = dt.date(1970, 1, 1)


class Flags:
    """Reports rows that fail a check and remembers them as bad; blank rows are never reported."""

    def __init__(self, label: str, lines: np.ndarray, blank: np.ndarray, report: Report) -> None:
        self.label, self.lines, self.report = label, lines, report
        self.blank = blank if blank.any() else None
        self.bad = blank.copy()

    def __call__(
        self,
        mask: np.ndarray,
        field: str,
        kind: ProblemType,
        fields: Callable[[int], dict[str, object]] | None = None,
    ) -> None:
        """Report a `kind` problem at `field` for every row in `mask`, its template filled with
        `fields(row)` (nothing when the template has no fields)."""
        if self.blank is not None:
            mask = mask & ~self.blank
        if mask.any():
            for idx in np.flatnonzero(mask):
                values = fields(int(idx)) if fields else {}
                self.report.add(self.label, int(self.lines[idx]), field, kind, **values)
            self.bad |= mask


def validate(
    path: Path,
    coded: dict[str, Coded],
    plain: dict[str, pa.ChunkedArray],
    lines: np.ndarray,
    gazetteer: Gazetteer,
    report: Report,
    today: dt.date,
    url_spaced: bool = True,
) -> pd.DataFrame:
    url_text = plain["source_url"]
    url_empty = text_lengths(url_text) == 0
    blank = (
        url_empty & (text_lengths(plain["value"]) == 0) & (text_lengths(plain["value_max"]) == 0)
    )
    if blank.any():
        for column in coded.values():
            blank &= column.where(lambda v: v == "")
    flag = Flags(str(path), lines, blank, report)
    coded["qualifier"] = coded["qualifier"].map(lambda v: v or Qualifier.exact.value)
    coded["modality"] = coded["modality"].map(lambda v: v.lower() or Modality.reported.value)
    coded["per"] = coded["per"].map(str.lower)
    coded["background"] = coded["background"].map(lambda v: v.lower() or "false")
    place_ids = _place_ids(coded["place"], gazetteer)
    moved = {end: _place_ids(coded[end], gazetteer) for end in ("origin", "destination")}
    value, vmax = _numbers(plain["value"]), _numbers(plain["value_max"])
    # A row's identity needs no check's verdict, so it is hashed on a second core meanwhile (numpy
    # releases the GIL); hashing the addresses is the largest single cost of the build.
    # The executor is this call's own: no thread outlives the read or is shared between sessions.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="table-ids") as pool:
        row_hash = pool.submit(row_hashes, coded, place_ids, value, vmax, url_text, path.stem)
        _check_kinds(coded["indicator"], coded["subtype"], coded["unit"], coded["qualifier"], flag)
        _check_numbers(plain["value"], plain["value_max"], value, vmax, flag)
        as_of = _dates(coded["as_of"], "as_of", today, flag, required=True)
        published = _dates(coded["published"], "published", today, flag, required=False)
        _check_places(coded["place"], place_ids, gazetteer, flag)
        for end, ids in moved.items():
            _check_places(coded[end], ids, gazetteer, flag, end)
        _check_meaning(coded, flag)
        _check_sources(url_text, url_empty, coded["source_outlet"], flag, url_spaced)
        hashes, repeats, ids = row_hash.result()
    duplicates(hashes, repeats, coded, place_ids, value, vmax, url_text, flag)
    frame = _frame(path.stem, coded, place_ids, value, vmax, as_of, published, url_text, ids, flag)
    return _with_meaning(frame, coded, moved, ~flag.bad)


def _check_kinds(indicator: Coded, subtype: Coded, unit: Coded, qualifier: Coded, flag) -> None:
    """Indicator, subtype, unit and hedge: each from its list, and fitting one another."""
    indicators = [i.value for i in Indicator]
    known = indicator.where(lambda v: v in indicators)
    flag(
        ~known,
        "indicator",
        UNKNOWN_VALUE,
        lambda i: unknown_fields("indicator", indicator.text(i), indicators),
    )
    qualifiers = [q.value for q in Qualifier]
    flag(
        ~qualifier.where(lambda v: v in qualifiers),
        "qualifier",
        UNKNOWN_VALUE,
        lambda i: unknown_fields("qualifier", qualifier.text(i), qualifiers),
    )

    def subtype_fits(ind: str, sub: str) -> bool:
        return ind not in indicators or VOCABULARY.entry(ind, sub) is not None

    def unit_fits(ind: str, sub: str, unit_: str) -> bool:
        if ind not in indicators or not subtype_fits(ind, sub):
            return True
        return VOCABULARY.unit_fits(ind, sub, unit_)

    flag(
        ~holds([indicator, subtype], subtype_fits),
        "subtype",
        UNKNOWN_VALUE,
        lambda i: unknown_fields(
            f"subtype for {indicator.text(i)}:",
            subtype.text(i) or "(empty)",
            [s or "(empty)" for s in VOCABULARY.subtypes(indicator.text(i))],
        ),
    )
    all_units = VOCABULARY.all_units()
    flag(
        ~holds([indicator, subtype, unit], unit_fits),
        "unit",
        UNIT_MISMATCH,
        lambda i: _unit_fields(
            unit.text(i),
            VOCABULARY.expected_unit(indicator.text(i), subtype.text(i) or None),
            indicator.text(i),
            all_units,
        ),
    )


def _check_numbers(
    value_text: pa.ChunkedArray,
    vmax_text: pa.ChunkedArray,
    value: np.ndarray,
    vmax: np.ndarray,
    flag,
) -> None:
    """The value is a number, not negative; the upper bound, when given, a number above it."""
    flag(
        ~np.isfinite(value),
        "value",
        INVALID_NUMBER,
        lambda i: {
            "value": value_text[i].as_py(),
            "expected": "a number",
            "advice": "; write digits only (11500000, not '11.5 million' or '11,500,000')",
        },
    )
    with np.errstate(invalid="ignore"):
        flag(value < 0, "value", NEGATIVE_VALUE, lambda i: {"value": value[i]})
        flag(
            (text_lengths(vmax_text) > 0) & ~np.isfinite(vmax),
            "value_max",
            INVALID_NUMBER,
            lambda i: {"value": vmax_text[i].as_py(), "expected": "a number", "advice": ""},
        )
        flag(
            vmax < value,
            "value_max",
            RANGE_ORDER,
            lambda i: {"high": vmax[i], "low": value[i]},
        )


def _place_ids(place: Coded, gazetteer: Gazetteer) -> np.ndarray:
    """The gazetteer id of each distinct place name (None when empty or unknown)."""
    return np.array(
        [
            (found.id if (found := gazetteer.lookup(v)) else None) if v else None
            for v in place.values
        ],
        dtype=object,
    )


def _check_places(
    place: Coded, ids: np.ndarray, gazetteer: Gazetteer, flag, field: str = "place"
) -> None:
    """Every named place is in the gazetteer."""
    flag(
        place.where(bool) & place.rows(np.array([p is None for p in ids], dtype=bool)),
        field,
        UNKNOWN_PLACE,
        lambda i: _place_fields(place.text(i), gazetteer),
    )


#: The values each meaning column allows (empty: the default).
MEANING_VALUES = {
    "modality": [m.value for m in Modality],
    "per": ["", *(p.value for p in Per)],
    "background": ["true", "false"],
}


def _check_meaning(coded: dict[str, Coded], flag) -> None:
    """Modality, rate period and background: each from its list."""
    for column, allowed in MEANING_VALUES.items():
        values = coded[column]
        flag(
            ~values.where(lambda v, allowed=allowed: v in allowed),
            column,
            UNKNOWN_VALUE,
            lambda i, values=values, column=column, allowed=allowed: unknown_fields(
                column, values.text(i), [a or "(empty)" for a in allowed]
            ),
        )


def _with_meaning(
    frame: pd.DataFrame, coded: dict[str, Coded], moved: dict[str, np.ndarray], good: np.ndarray
) -> pd.DataFrame:
    """The good rows' meaning columns (SPEC section 1), after `note`: modality, where people came
    from and went (gazetteer ids), the period of a rate, and whether it is background."""
    keep = None if good.all() else good
    out = {
        "modality": coded["modality"].categorical(keep),
        "origin": _ids_column(coded["origin"], moved["origin"], good),
        "destination": _ids_column(coded["destination"], moved["destination"], good),
        "per": coded["per"].categorical(keep, empty_is_missing=True),
        "background": coded["background"].objects(keep) == "true",
    }
    at = frame.columns.get_loc("note") + 1
    for k, (name, column) in enumerate(out.items()):
        frame.insert(at + k, name, column)
    return frame


def _ids_column(names: Coded, ids: np.ndarray, good: np.ndarray) -> pd.Categorical:
    """Gazetteer ids of a column of place names, for the good rows."""
    codes, uniques = pd.factorize(ids)
    return pd.Categorical.from_codes(
        codes[names.codes[good]], categories=pd.Index(uniques, dtype=object)
    )


def _check_sources(
    url_text: pa.ChunkedArray, url_empty: np.ndarray, outlet: Coded, flag, spaced: bool
) -> None:
    """Every figure names its source; an address is a full web address."""
    url_ok = pc.or_(
        pc.starts_with(url_text, "http://"), pc.starts_with(url_text, "https://")
    ).to_numpy(zero_copy_only=False)
    if url_ok.any() and spaced:
        url_ok &= ~pc.match_substring(url_text, " ").to_numpy(zero_copy_only=False)
    flag(
        ~url_empty & ~url_ok,
        "source_url",
        NOT_A_URL,
        lambda i: {"value": url_text[i].as_py()[:80]},
    )
    flag(
        outlet.where(lambda v: v == "") & url_empty,
        "source_url",
        UNSOURCED,
    )


def _frame(
    source_id: str,
    coded: dict[str, Coded],
    place_ids: np.ndarray,
    value: np.ndarray,
    vmax: np.ndarray,
    as_of: pa.Array,
    published: pa.Array,
    url_text: pa.ChunkedArray,
    ids: pa.Array,
    flag: Flags,
) -> pd.DataFrame:
    """The good rows as a figures table. Texts repeated down the rows are categoricals, so the
    table costs little more memory than its numbers."""
    good = ~flag.bad
    keep = None if good.all() else good
    kept = int(good.sum())
    mask = pa.array(good)
    place_codes, place_names = pd.factorize(place_ids)

    def constant(value: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(kept, dtype=np.int8), categories=[value])

    def absent() -> pd.arrays.ArrowExtensionArray:
        return pd.arrays.ArrowExtensionArray(pa.nulls(kept))

    out = pd.DataFrame(
        {
            "id": (ids if keep is None else ids.filter(mask)).to_pandas(),
            "source": constant(source_id),
            "indicator": coded["indicator"].categorical(keep),
            "subtype": coded["subtype"].categorical(keep, empty_is_missing=True),
            "value": value[good],
            "value_max": vmax[good],
            "unit": coded["unit"].categorical(keep),
            "qualifier": coded["qualifier"].categorical(keep),
            "as_of": pd.arrays.ArrowExtensionArray(as_of.filter(mask)),
            "place": pd.Categorical.from_codes(
                place_codes[coded["place"].codes[good]],
                categories=pd.Index(place_names, dtype=object),
            ),
            "quote": constant(""),
            "start": absent(),
            "end": absent(),
            "derived": np.zeros(kept, dtype=bool),
            "method": constant(Method.curated.value),
            "note": coded["note"].categorical(keep),
            "source_outlet": coded["source_outlet"].categorical(keep),
            "source_url": (url_text if keep is None else url_text.filter(mask)).to_pandas(),
            "published": pd.arrays.ArrowExtensionArray(published.filter(mask)),
            "corrected": np.zeros(kept, dtype=bool),
            "correction": constant(""),
        }
    )
    out["line"] = flag.lines[good]
    return out


def _numbers(text: pa.ChunkedArray) -> np.ndarray:
    """The texts as floats; NaN where a text is empty or not a number in plain digits."""
    lengths = text_lengths(text)
    if not lengths.any():
        return np.full(len(lengths), np.nan)
    if not lengths.all():
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    try:
        numbers = pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        valid = pc.match_substring_regex(text, NUMBER_PATTERN)
        numbers = pc.cast(pc.if_else(valid, text, pa.scalar(None, pa.string())), pa.float64())
    return numbers.to_numpy(zero_copy_only=False).astype(float, copy=False)


def _dates(column: Coded, field: str, today: dt.date, flag, required: bool) -> pa.Array:
    """Each row's date (null when empty or invalid), every bad one reported."""
    parsed: list[dt.date | None] = []
    for text in column.values:
        try:
            parsed.append(dt.date.fromisoformat(text) if DATE.fullmatch(text) else None)
        except ValueError:
            parsed.append(None)
    empty = column.where(lambda v: v == "")
    shaped = column.where(lambda v: DATE.fullmatch(v) is not None)
    valid = column.rows(np.array([p is not None for p in parsed], dtype=bool))
    if required:
        flag(
            empty,
            field,
            MISSING_VALUE,
            lambda i: {"column": field, "expected": "the date as YYYY-MM-DD"},
        )
    flag(
        ~empty & ~shaped,
        field,
        INVALID_DATE,
        lambda i: {"value": column.text(i), "what": "a date", "advice": "; write it as YYYY-MM-DD"},
    )
    flag(
        shaped & ~valid,
        field,
        IMPOSSIBLE_DATE,
        lambda i: {"value": column.text(i)},
    )
    flag(
        column.rows(np.array([p is not None and p > today for p in parsed], dtype=bool)),
        field,
        FUTURE_DATE,
        lambda i: {"date": column.text(i), "today": today.isoformat()},
    )
    flag(
        column.rows(np.array([p is not None and p < EARLIEST for p in parsed], dtype=bool)),
        field,
        EARLY_DATE,
        lambda i: {"date": column.text(i), "year": EARLIEST.year},
    )
    days = np.array([(p - _EPOCH).days if p else 0 for p in parsed], dtype=np.int32)
    if all(p is not None for p in parsed):
        return pa.array(column.rows(days), pa.date32())
    return pa.array(column.rows(days), pa.date32(), mask=~valid)


def _unit_fields(unit: str, expected: str, indicator: str, all_units: list[str]) -> dict:
    """The fields of a `UNIT_MISMATCH` problem: the unit to use, and a likely intended one."""
    if expected == "currency":
        return {
            "unit": unit,
            "indicator": f"{indicator} funding",
            "expected": "an ISO 4217 currency code such as USD, EUR, CHF",
            "hint": hint(closest(unit.upper(), sorted(VOCABULARY.currencies))),
        }
    unknown = "" if unit in all_units else f" ({unit!r} is no unit of any indicator)"
    return {"unit": unit, "indicator": indicator, "expected": repr(expected), "hint": unknown}


def _place_fields(name: str, gazetteer: Gazetteer) -> dict:
    """The fields of an `UNKNOWN_PLACE` problem in a table, a likely intended place named."""
    near = gazetteer.suggest(name)
    return {
        "name": name,
        "known": "in the gazetteer (places.csv)",
        "hint": hint(gazetteer.places[gazetteer.names[near]].name if near else None),
        "advice": " Add it with its GeoNames id, or fix the spelling.",
    }
