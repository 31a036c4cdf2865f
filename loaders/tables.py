"""Curated figure tables (figures/*.csv): read, validated a whole column at a time, normalised.

The checks derive their allowed values from `loaders.models`, the single definition of a figure, so
a million-row table validates in about the time it takes to read, and the result is exactly what
the `Figure` model would accept. Every bad row is reported with its line and left out; every good
row is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.gazetteer import Gazetteer
from loaders.models import (
    BASE_UNITS,
    CURRENCIES,
    SUBTYPES,
    Figure,
    Indicator,
    Method,
    Qualifier,
    expected_unit,
)
from loaders.problems import Report, closest, unknown_message

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


def _read_raw(path: Path, label: str, report: Report) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The table as strings, and each row's line number in the file."""
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
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        df = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, engine="pyarrow")
    except Exception:  # pyarrow's parse errors have no common base: read row by row instead
        return _read_slow(text, label, report)
    newline_count = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    simple = newline_count == len(df) + 1
    lines = np.arange(2, len(df) + 2) if simple else _record_lines(text)
    if len(lines) != len(df):
        return _read_slow(text, label, report)
    return df, lines


def _record_lines(text: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    starts, end = [], reader.line_num
    for cells in reader:
        if cells:
            starts.append(end + 1)
        end = reader.line_num
    return np.array(starts, dtype=int)


def _read_slow(text: str, label: str, report: Report) -> tuple[pd.DataFrame, np.ndarray]:
    """Row by row, for a table whose rows do not all have as many cells as the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, lines, end = [], [], reader.line_num
    for cells in reader:
        line, end = end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            report.add(
                label,
                line,
                "row",
                "wrong-cell-count",
                f"{len(cells)} cells where the header has {len(header)};"
                " check for an unquoted comma",
            )
            continue
        rows.append(cells)
        lines.append(line)
    return pd.DataFrame(rows, columns=header, dtype=str), np.array(lines, dtype=int)


def _problems(
    report: Report, label: str, lines: np.ndarray, mask: pd.Series, field: str, type_: str, msg
) -> None:
    """Report every row where `mask` is true; `msg` is a string or a function of the row index."""
    for idx in np.flatnonzero(mask.to_numpy()):
        text = msg(idx) if callable(msg) else msg
        report.add(label, int(lines[idx]), field, type_, text)


def read_table(
    path: Path, gazetteer: Gazetteer, report: Report, today: dt.date | None = None
) -> pd.DataFrame:
    """The good rows of one curated table as figures; every problem goes to `report`."""
    label = str(path)
    today = today or dt.date.today()
    loaded = _read_raw(path, label, report)
    if loaded is None:
        return empty_figures()
    df, lines = loaded
    df.columns = [c.strip() for c in df.columns]
    if len(df) > MAX_TABLE_ROWS:
        report.add(
            label,
            0,
            "file",
            "too-large",
            f"{len(df):,} rows is over the limit of {MAX_TABLE_ROWS:,}; split the table",
        )
        return empty_figures()
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    for column in missing:
        hint = closest(column, [c for c in df.columns if c not in REQUIRED_COLUMNS])
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
    for column in OPTIONAL_COLUMNS:
        if column not in df.columns:
            df[column] = ""
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        df[column] = df[column].str.strip()

    bad = pd.Series(False, index=df.index)

    def flag(mask: pd.Series, field: str, type_: str, msg) -> None:
        nonlocal bad
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            _problems(report, label, lines, mask, field, type_, msg)
            bad |= mask

    indicators = [i.value for i in Indicator]
    flag(
        ~df["indicator"].isin(indicators),
        "indicator",
        "unknown-value",
        lambda i: unknown_message("indicator", df["indicator"].iat[i], indicators),
    )

    df.loc[df["qualifier"] == "", "qualifier"] = Qualifier.exact.value
    qualifiers = [q.value for q in Qualifier]
    flag(
        ~df["qualifier"].isin(qualifiers),
        "qualifier",
        "unknown-value",
        lambda i: unknown_message("qualifier", df["qualifier"].iat[i], qualifiers),
    )

    pairs = {f"{ind.value}|{sub or ''}" for ind, subs in SUBTYPES.items() for sub in subs}
    known = df["indicator"].isin(indicators)
    pair = df["indicator"] + "|" + df["subtype"]
    flag(
        known & ~pair.isin(pairs),
        "subtype",
        "unknown-value",
        lambda i: unknown_message(
            f"subtype for {df['indicator'].iat[i]}:",
            df["subtype"].iat[i] or "(empty)",
            [s or "(empty)" for s in SUBTYPES[Indicator(df["indicator"].iat[i])]],
        ),
    )

    want = pd.Series(
        [expected_unit(Indicator(p.split("|")[0]), p.split("|")[1] or None) for p in pairs],
        index=list(pairs),
    )
    expected = pair.map(want)
    unit_ok = (expected == df["unit"]) | ((expected == "currency") & df["unit"].isin(CURRENCIES))
    all_units = sorted([*BASE_UNITS, *CURRENCIES])
    flag(
        known & pair.isin(pairs) & ~unit_ok,
        "unit",
        "unit-mismatch",
        lambda i: _unit_message(
            df["unit"].iat[i], expected.iat[i], df["indicator"].iat[i], all_units
        ),
    )

    value = pd.to_numeric(df["value"], errors="coerce")
    flag(
        value.isna() | ~np.isfinite(value.fillna(0)),
        "value",
        "invalid-number",
        lambda i: (
            f"{df['value'].iat[i]!r} is not a number; write digits only (11500000, not "
            "'11.5 million' or '11,500,000')"
        ),
    )
    flag(value < 0, "value", "negative-value", lambda i: f"{value.iat[i]:g} is negative")
    vmax = pd.to_numeric(df["value_max"], errors="coerce")
    flag(
        (df["value_max"] != "") & vmax.isna(),
        "value_max",
        "invalid-number",
        lambda i: f"{df['value_max'].iat[i]!r} is not a number",
    )
    flag(
        vmax.notna() & value.notna() & (vmax < value),
        "value_max",
        "range-order",
        lambda i: f"value_max {vmax.iat[i]:g} is below value {value.iat[i]:g}; swap them",
    )

    as_of = _dates(df["as_of"], "as_of", today, flag, required=True)
    published = _dates(df["published"], "published", today, flag, required=False)

    places = df["place"]
    ids_by_name = {}
    for name in places.unique():
        if name:
            found = gazetteer.lookup(name)
            if found is not None:
                ids_by_name[name] = found.id
    place_ids = places.map(ids_by_name).astype(object)
    place_ids = place_ids.where(place_ids.notna(), None)
    flag(
        (places != "") & place_ids.isna(),
        "place",
        "unknown-place",
        lambda i: _place_message(places.iat[i], gazetteer),
    )
    flag(
        (df["source_url"] != "")
        & ~(
            df["source_url"].str.startswith(("http://", "https://"))
            & ~df["source_url"].str.contains(" ")
        ),
        "source_url",
        "not-a-url",
        lambda i: (
            f"{df['source_url'].iat[i][:80]!r} is not a web address;"
            " write the full http:// or https:// address of the source"
        ),
    )
    flag(
        (df["source_outlet"] == "") & (df["source_url"] == ""),
        "source_url",
        "unsourced",
        "no source: fill source_outlet or source_url (every figure needs one)",
    )

    identity = pd.DataFrame(
        {
            "as_of": df["as_of"],
            "indicator": df["indicator"],
            "subtype": df["subtype"],
            "value": value,
            "value_max": vmax,
            "unit": df["unit"],
            "qualifier": df["qualifier"],
            "place": place_ids,
            "note": df["note"],
            "url": df["source_url"],
        }
    )
    row_hash = pd.util.hash_pandas_object(identity, index=False).to_numpy()
    dup = pd.Series(row_hash).duplicated(keep="first")
    if dup.any():
        dup &= identity.duplicated(keep="first").to_numpy()  # confirm: hashes can collide
        first_line: dict[int, int] = {}
        for idx in np.flatnonzero(~dup.to_numpy()):
            first_line.setdefault(int(row_hash[idx]), int(lines[idx]))
        flag(
            dup,
            "row",
            "duplicate-row",
            lambda i: (
                "the same figure is already on line "
                f"{first_line.get(int(row_hash[i]), '?')}; remove one"
            ),
        )

    good = ~bad.to_numpy()
    source_id = path.stem

    def keep(column: pd.Series) -> pd.Series:
        return (column if good.all() else column[good]).reset_index(drop=True)

    out = pd.DataFrame(
        {
            "id": _hex_ids(row_hash[good] ^ _stem_hash(source_id)),
            "source": source_id,
            "indicator": keep(df["indicator"]),
            "subtype": keep(df["subtype"]),
            "value": keep(value).astype(float),
            "value_max": keep(vmax).astype(float),
            "unit": keep(df["unit"]),
            "qualifier": keep(df["qualifier"]),
            "as_of": keep(as_of),
            "place": keep(place_ids),
            "quote": "",
            "start": None,
            "end": None,
            "derived": False,
            "method": Method.curated.value,
            "note": keep(df["note"]),
            "source_outlet": keep(df["source_outlet"]),
            "source_url": keep(df["source_url"]),
            "published": keep(published),
            "corrected": False,
            "correction": "",
        }
    )
    out["subtype"] = out["subtype"].replace("", None)
    for column in ("value_max", "place", "subtype", "published"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    out["line"] = lines[good]
    return out


def _hex_ids(hashes: np.ndarray) -> list[str]:
    """12 hex digits of each 64-bit hash, formatted in one pass over the buffer."""
    text = (hashes.astype(np.uint64) & np.uint64(0xFFFFFFFFFFFF)).astype(">u8").tobytes().hex()
    return [text[i + 4 : i + 16] for i in range(0, len(text), 16)]


def _stem_hash(stem: str) -> np.uint64:
    return np.uint64(int.from_bytes(stem.encode("utf-8")[:8].ljust(8, b"\0"), "little"))


def _dates(column: pd.Series, field: str, today: dt.date, flag, required: bool) -> pd.Series:
    parsed = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
    empty = column == ""
    shaped = column.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if required:
        flag(empty, field, "missing-value", f"{field} is empty; write the date as YYYY-MM-DD")
    flag(
        ~empty & ~shaped,
        field,
        "invalid-date",
        lambda i: f"{column.iat[i]!r} is not a date; write it as YYYY-MM-DD",
    )
    flag(
        ~empty & shaped & parsed.isna(),
        field,
        "impossible-date",
        lambda i: f"{column.iat[i]!r} does not exist (check the day and month)",
    )
    flag(
        parsed.notna() & (parsed > pd.Timestamp(today)),
        field,
        "future-date",
        lambda i: f"{column.iat[i]} is in the future (today is {today.isoformat()})",
    )
    return parsed.dt.date.astype(object).where(parsed.notna(), None)


def _unit_message(unit: str, expected: str, indicator: str, all_units: list[str]) -> str:
    if expected == "currency":
        hint = closest(unit.upper(), sorted(CURRENCIES))
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


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """Extracted figures as a table with the same columns as curated ones."""
    if not figures:
        return empty_figures()
    return pd.DataFrame([f.model_dump() for f in figures], columns=list(FIGURE_COLUMNS))
