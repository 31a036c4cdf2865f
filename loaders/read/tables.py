"""Curated figure tables (figures/*.csv): read, validated a whole column at a time, normalised.

The checks derive their allowed values from `loaders.model.records`, the single definition of a
figure, so a million-row table validates in about the time it takes to read, and the result is
exactly what the `Figure` model would accept. Every bad row is reported with its
line and left out; every good row is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from loaders.model.problems import Report, closest, unknown_message
from loaders.model.records import Figure, Indicator, Method, Qualifier
from loaders.model.vocabulary import VOCABULARY
from loaders.read.columns import Coded, found, hex_ids, holds, mix, text_hashes, text_lengths
from loaders.read.gazetteer import Gazetteer

#: Tables with more rows are refused; split them by year or region.
MAX_TABLE_ROWS = 5_000_000
REQUIRED_COLUMNS = ("as_of", "indicator", "value", "unit")
OPTIONAL_COLUMNS = (
    "subtype",
    "value_max",
    "qualifier",
    "place",
    "note",
    "source_outlet",
    "source_url",
    "published",
)
FIGURE_COLUMNS: tuple[str, ...] = tuple(Figure.model_fields)
#: Columns that make two rows the same figure (a repeated row is reported, not counted twice).
IDENTITY = ("as_of", "indicator", "subtype", "value", "value_max", "unit", "qualifier", "place")


def empty_figures() -> pd.DataFrame:
    """A figures table with no rows and every column of the Figure model."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FIGURE_COLUMNS})


#: Columns read as codes into their distinct values (few distinct texts in a curated table).
CODED_COLUMNS = (
    "as_of",
    "indicator",
    "subtype",
    "unit",
    "qualifier",
    "place",
    "note",
    "source_outlet",
    "published",
)
#: Columns with mostly distinct texts, kept as Arrow strings.
PLAIN_COLUMNS = ("value", "value_max", "source_url")
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Arrow's reader parses blocks of this size in parallel; larger blocks mean fewer chunks to walk.
_BLOCK_BYTES = 4 << 20
_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tables")
_EPOCH = dt.date(1970, 1, 1)
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


@dataclass
class _Columns:
    """The cells of a table: coded and plain text columns (stripped), and each row's line."""

    coded: dict[str, Coded]
    plain: dict[str, pa.ChunkedArray]
    lines: np.ndarray
    header: list[str]
    #: Plain columns known to hold a space somewhere (None: not looked at, so any may).
    spaced: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.lines)


def _header(path: Path) -> list[str] | None:
    """The header's cells, or None when the file's start is not plain UTF-8 CSV."""
    try:
        with path.open("rb") as fh:
            start = fh.read(65536)
        first = start.split(b"\n", 1)[0].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    cells = next(csv.reader([first]), [])
    return cells if any(c.strip() for c in cells) else None


def _read_fast(path: Path) -> _Columns | None:
    """Arrow's multi-threaded reader; None when the file needs the careful reader instead (bad
    encoding, a row with the wrong number of cells, a cell spanning lines, odd headers)."""
    header = _header(path)
    if header is None or '"' in ",".join(header):
        return None
    names = [c.strip() for c in header]
    if len(set(names)) != len(names):
        return None
    types = {
        raw: _DICTIONARY if name in CODED_COLUMNS else pa.string()
        for raw, name in zip(header, names, strict=True)
    }
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=_BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowException, OSError, ValueError):
        return None
    coded, plain, spaced = {}, {}, set()
    for raw, name in zip(header, names, strict=True):
        column = table.column(raw)
        if name in CODED_COLUMNS:
            merged = column.unify_dictionaries() if column.num_chunks > 1 else column
            for chunk in merged.chunks[:1]:
                if any("\n" in v or "\r" in v for v in chunk.dictionary.to_pylist()):
                    return None
            coded[name] = Coded.from_arrow(merged)
        else:
            present = found(column, b"\n", b"\r", b" ")
            if b"\n" in present or b"\r" in present:
                return None
            if b" " in present:
                spaced.add(name)
            if name in PLAIN_COLUMNS:
                plain[name] = pc.utf8_trim_whitespace(column) if _untrimmed(column) else column
    pa.default_memory_pool().release_unused()  # the parser's buffers, freed but still held
    lines = np.arange(2, table.num_rows + 2, dtype=np.int32)
    return _Columns(coded, plain, lines, names, frozenset(spaced))


def _untrimmed(column: pa.ChunkedArray) -> bool:
    """Whether any string may start or end with a space (checked on its first and last bytes)."""
    for chunk in column.chunks:
        n = len(chunk)
        if n == 0 or chunk.buffers()[2] is None:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
            chunk.offset : chunk.offset + n + 1
        ]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        filled = offsets[1:] > offsets[:-1]
        edges = np.concatenate([data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]])
        if ((edges <= 0x20) | (edges >= 0x80)).any():
            return True
    return False


def _read_careful(path: Path, label: str, report: Report) -> _Columns | None:
    """Python's csv module, row by row: precise lines for encoding and cell-count problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.add(label, 0, "file", "unreadable", f"cannot read the file: {exc.strerror}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(
            label,
            line,
            "encoding",
            "not-utf8",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; re-save the table as UTF-8",
        )
        return None
    if not text.strip():
        report.add(label, 1, "file", "empty-table", "the table is empty: it needs a header row")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [c.strip() for c in next(reader, [])]
    rows, lines, end = [], [], reader.line_num
    for cells in reader:
        line, end = end + 1, reader.line_num
        if len(cells) != len(header) and any(c.strip() for c in cells):
            report.add(
                label,
                line,
                "row",
                "wrong-cell-count",
                f"{len(cells)} cells where the header has {len(header)};"
                " check for an unquoted comma",
            )
            continue
        rows.append(cells if cells else [""] * len(header))
        lines.append(line)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    coded, plain = {}, {}
    for name in dict.fromkeys(header):
        cells = frame[name] if frame[name].ndim == 1 else frame[name].iloc[:, 0]
        stripped = cells.astype(object).map(str.strip)
        if name in CODED_COLUMNS:
            codes, values = pd.factorize(stripped)
            coded[name] = Coded(codes, np.asarray(values, dtype=object))
        elif name in PLAIN_COLUMNS:
            plain[name] = pa.chunked_array([pa.array(stripped.tolist(), pa.string())])
    return _Columns(coded, plain, np.array(lines, dtype=int), header)


def read_table(
    path: Path, gazetteer: Gazetteer, report: Report, today: dt.date | None = None
) -> pd.DataFrame:
    """The good rows of one curated table as figures; every problem goes to `report`."""
    label = str(path)
    today = today or dt.date.today()
    cols = _read_fast(path) or _read_careful(path, label, report)
    if cols is None:
        return empty_figures()
    n = len(cols)
    if n > MAX_TABLE_ROWS:
        report.add(
            label,
            0,
            "file",
            "too-large",
            f"{n:,} rows is over the limit of {MAX_TABLE_ROWS:,}; split the table",
        )
        return empty_figures()
    missing = [c for c in REQUIRED_COLUMNS if c not in cols.header]
    for column in missing:
        hint = closest(column, [c for c in cols.header if c not in REQUIRED_COLUMNS])
        extra = f"; is {hint!r} meant to be it?" if hint else ""
        report.add(
            label,
            1,
            column,
            "missing-column",
            f"required column {column!r} is missing{extra}"
            f" (required: {', '.join(REQUIRED_COLUMNS)})",
        )
    if missing:
        return empty_figures()
    coded = {c: cols.coded.get(c) or Coded.constant(n) for c in CODED_COLUMNS}
    empty_text = pa.chunked_array([pa.repeat("", n).cast(pa.string())])
    plain = {c: cols.plain.get(c, empty_text) for c in PLAIN_COLUMNS}
    if n == 0:
        return empty_figures()
    spaced = cols.spaced is None or "source_url" in cols.spaced
    return _validate(path, coded, plain, cols.lines, gazetteer, report, today, spaced)


class _Flags:
    """Reports rows that fail a check and remembers them as bad; blank rows are never reported."""

    def __init__(self, label: str, lines: np.ndarray, blank: np.ndarray, report: Report) -> None:
        self.label, self.lines, self.report = label, lines, report
        self.blank = blank if blank.any() else None
        self.bad = blank.copy()

    def __call__(self, mask: np.ndarray, field: str, type_: str, msg) -> None:
        if self.blank is not None:
            mask = mask & ~self.blank
        if mask.any():
            for idx in np.flatnonzero(mask):
                text = msg(idx) if callable(msg) else msg
                self.report.add(self.label, int(self.lines[idx]), field, type_, text)
            self.bad |= mask


def _validate(
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
    flag = _Flags(str(path), lines, blank, report)
    coded["qualifier"] = coded["qualifier"].map(lambda v: v or Qualifier.exact.value)
    place_ids = _place_ids(coded["place"], gazetteer)
    value, vmax = _numbers(plain["value"]), _numbers(plain["value_max"])
    # A row's identity needs no check's verdict, so it is hashed on a second core meanwhile (numpy
    # releases the GIL); hashing the addresses is the largest single cost of the build.
    row_hash = _BACKGROUND.submit(_row_hashes, coded, place_ids, value, vmax, url_text, path.stem)

    _check_kinds(coded["indicator"], coded["subtype"], coded["unit"], coded["qualifier"], flag)
    _check_numbers(plain["value"], plain["value_max"], value, vmax, flag)
    as_of = _dates(coded["as_of"], "as_of", today, flag, required=True)
    published = _dates(coded["published"], "published", today, flag, required=False)
    _check_places(coded["place"], place_ids, gazetteer, flag)
    _check_sources(url_text, url_empty, coded["source_outlet"], flag, url_spaced)
    hashes, repeats, ids = row_hash.result()
    _duplicates(hashes, repeats, coded, place_ids, value, vmax, url_text, flag)
    return _frame(path.stem, coded, place_ids, value, vmax, as_of, published, url_text, ids, flag)


def _check_kinds(indicator: Coded, subtype: Coded, unit: Coded, qualifier: Coded, flag) -> None:
    """Indicator, subtype, unit and hedge: each from its list, and fitting one another."""
    indicators = [i.value for i in Indicator]
    known = indicator.where(lambda v: v in indicators)
    flag(
        ~known,
        "indicator",
        "unknown-value",
        lambda i: unknown_message("indicator", indicator.text(i), indicators),
    )
    qualifiers = [q.value for q in Qualifier]
    flag(
        ~qualifier.where(lambda v: v in qualifiers),
        "qualifier",
        "unknown-value",
        lambda i: unknown_message("qualifier", qualifier.text(i), qualifiers),
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
        "unknown-value",
        lambda i: unknown_message(
            f"subtype for {indicator.text(i)}:",
            subtype.text(i) or "(empty)",
            [s or "(empty)" for s in VOCABULARY.subtypes(indicator.text(i))],
        ),
    )
    all_units = VOCABULARY.all_units()
    flag(
        ~holds([indicator, subtype, unit], unit_fits),
        "unit",
        "unit-mismatch",
        lambda i: _unit_message(
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
        "invalid-number",
        lambda i: (
            f"{value_text[i].as_py()!r} is not a number; write digits only (11500000, not "
            "'11.5 million' or '11,500,000')"
        ),
    )
    with np.errstate(invalid="ignore"):
        flag(value < 0, "value", "negative-value", lambda i: f"{value[i]:g} is negative")
        flag(
            (text_lengths(vmax_text) > 0) & ~np.isfinite(vmax),
            "value_max",
            "invalid-number",
            lambda i: f"{vmax_text[i].as_py()!r} is not a number",
        )
        flag(
            vmax < value,
            "value_max",
            "range-order",
            lambda i: f"value_max {vmax[i]:g} is below value {value[i]:g}; swap them",
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


def _check_places(place: Coded, ids: np.ndarray, gazetteer: Gazetteer, flag) -> None:
    """Every named place is in the gazetteer."""
    flag(
        place.where(bool) & place.rows(np.array([p is None for p in ids], dtype=bool)),
        "place",
        "unknown-place",
        lambda i: _place_message(place.text(i), gazetteer),
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
        "not-a-url",
        lambda i: (
            f"{url_text[i].as_py()[:80]!r} is not a web address;"
            " write the full http:// or https:// address of the source"
        ),
    )
    flag(
        outlet.where(lambda v: v == "") & url_empty,
        "source_url",
        "unsourced",
        "no source: fill source_outlet or source_url (every figure needs one)",
    )


def _identity_parts(coded: dict[str, Coded], place_ids: np.ndarray) -> list[Coded]:
    """The text columns that make a row's identity, places by their gazetteer id."""
    place_key = Coded(coded["place"].codes, np.array([p or "" for p in place_ids], dtype=object))
    subject = [coded[c] for c in ("as_of", "indicator", "subtype", "unit", "qualifier", "note")]
    return [*subject, place_key]


def _row_hashes(
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
    for part in _identity_parts(coded, place_ids):
        mix(row_hash, part.hashes())
    for numbers in (value, vmax):
        mix(row_hash, np.where(np.isfinite(numbers), numbers, -1.0).view(np.uint64))
    mix(row_hash, text_hashes(url_text))
    # Rows that repeat an earlier row's hash. Identical rows pass or fail the same checks, so
    # looking among all rows finds the same repeats as looking among the good ones.
    repeats = pd.Series(row_hash).duplicated(keep="first").to_numpy()
    # Mixing in the file's name is one-to-one, so equal hashes stay equal: done in place.
    ids = hex_ids(mix(row_hash, _stem_hash(stem)))
    return row_hash, repeats, ids


def _duplicates(
    row_hash: np.ndarray,
    repeats: np.ndarray,
    coded: dict[str, Coded],
    place_ids: np.ndarray,
    value: np.ndarray,
    vmax: np.ndarray,
    url_text: pa.ChunkedArray,
    flag: _Flags,
) -> None:
    """Report every good row that repeats an earlier one."""
    subject = _identity_parts(coded, place_ids)
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
        "duplicate-row",
        lambda i: (
            "the same figure is already on line "
            f"{first_line.get(int(row_hash[i]), '?')}; remove one"
        ),
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
    flag: _Flags,
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
        valid = pc.match_substring_regex(text, _NUMBER)
        numbers = pc.cast(pc.if_else(valid, text, pa.scalar(None, pa.string())), pa.float64())
    return numbers.to_numpy(zero_copy_only=False).astype(float, copy=False)


def _stem_hash(stem: str) -> np.uint64:
    return np.uint64(int.from_bytes(stem.encode("utf-8")[:8].ljust(8, b"\0"), "little"))


def _dates(column: Coded, field: str, today: dt.date, flag, required: bool) -> pa.Array:
    """Each row's date (null when empty or invalid), every bad one reported."""
    parsed: list[dt.date | None] = []
    for text in column.values:
        try:
            parsed.append(dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None)
        except ValueError:
            parsed.append(None)
    empty = column.where(lambda v: v == "")
    shaped = column.where(lambda v: _DATE.fullmatch(v) is not None)
    valid = column.rows(np.array([p is not None for p in parsed], dtype=bool))
    if required:
        flag(empty, field, "missing-value", f"{field} is empty; write the date as YYYY-MM-DD")
    flag(
        ~empty & ~shaped,
        field,
        "invalid-date",
        lambda i: f"{column.text(i)!r} is not a date; write it as YYYY-MM-DD",
    )
    flag(
        shaped & ~valid,
        field,
        "impossible-date",
        lambda i: f"{column.text(i)!r} does not exist (check the day and month)",
    )
    flag(
        column.rows(np.array([p is not None and p > today for p in parsed], dtype=bool)),
        field,
        "future-date",
        lambda i: f"{column.text(i)} is in the future (today is {today.isoformat()})",
    )
    days = np.array([(p - _EPOCH).days if p else 0 for p in parsed], dtype=np.int32)
    if all(p is not None for p in parsed):
        return pa.array(column.rows(days), pa.date32())
    return pa.array(column.rows(days), pa.date32(), mask=~valid)


def _unit_message(unit: str, expected: str, indicator: str, all_units: list[str]) -> str:
    if expected == "currency":
        hint = closest(unit.upper(), sorted(VOCABULARY.currencies))
        want = "an ISO 4217 currency code such as USD, EUR, CHF"
        return f"unit {unit!r} does not fit {indicator} funding: use {want}" + (
            f"; did you mean {hint!r}?" if hint else ""
        )
    if unit not in all_units:
        return f"unknown unit {unit!r}; {indicator} is counted in {expected!r}"
    return f"unit {unit!r} does not fit {indicator}: use {expected!r}"


def _place_message(name: str, gazetteer: Gazetteer) -> str:
    hint = gazetteer.suggest(name)
    text = f"{name!r} is not in the gazetteer (places.csv)"
    if hint:
        text += f"; did you mean {gazetteer.places[gazetteer.names[hint]].name!r}?"
    return text + " Add it with its GeoNames id, or fix the spelling."


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Figures tables from articles and curated files as one, every text and date column holding
    Python objects and None for a missing value, as pydantic models and the exports expect."""
    frames = [f.drop(columns=["line"], errors="ignore") for f in frames if not f.empty]
    if not frames:
        return empty_figures()
    columns = {}
    for name in FIGURE_COLUMNS:
        parts = [_objects(f[name]) for f in frames]
        columns[name] = np.concatenate(parts) if len(parts) > 1 else parts[0]
    out = pd.DataFrame({k: pd.Series(v, dtype=object, copy=False) for k, v in columns.items()})
    out["value"] = out["value"].astype(float)
    out["derived"] = out["derived"].astype(bool)
    out["corrected"] = out["corrected"].astype(bool)
    return out


def _objects(column: pd.Series) -> np.ndarray:
    """A column's values as Python objects, None where missing."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.asarray(column.cat.categories, dtype=object)
        return np.append(categories, None)[column.cat.codes.to_numpy()]
    if isinstance(column.dtype, pd.ArrowDtype | pd.StringDtype):
        arrow = pa.chunked_array(pa.array(column.array))
        if pa.types.is_date32(arrow.type):  # numpy turns days into datetime.date objects
            days = arrow.to_numpy().astype("datetime64[D]")
            values = days.astype(object)
            values[np.isnat(days)] = None
            return values
        values = arrow.to_numpy(zero_copy_only=False).astype(object, copy=False)
        if pa.types.is_null(arrow.type):
            return np.full(len(values), None, dtype=object)
        return values
    return column.to_numpy(dtype=object, na_value=None)


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """Extracted figures as a table with the same columns as curated ones."""
    if not figures:
        return empty_figures()
    return pd.DataFrame([f.model_dump() for f in figures], columns=list(FIGURE_COLUMNS))
