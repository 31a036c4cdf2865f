"""Exports of a filtered view: CSV, HXL-tagged CSV, JSON and GeoJSON.

The dashboard's download buttons and `python -m loaders export` both call these, so a download is
exactly what the command writes for the same filters.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from loaders.facts.consolidate import latest_by_place
from loaders.facts.estimates import headline_mask
from loaders.model.records import Figure
from loaders.model.vocabulary import VOCABULARY
from loaders.publish.output import csv_text, neutralise, records

FORMATS = ("csv", "hxl", "json", "geojson")

#: HXL value column (name, hashtag) of each (indicator, subtype), from the vocabulary table.
HXL_VALUE_COLUMNS: dict[tuple[str, str | None], tuple[str, str]] = {
    e.key: (e.column, e.hxl) for e in VOCABULARY.entries
}
HXL_LEAD = [
    ("id", "#meta+id"),
    ("date", "#date"),
    ("place", "#loc+name"),
    ("place_id", "#loc+code"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("indicator", "#indicator+name"),
    ("subtype", "#indicator+type"),
]
HXL_TAIL = [
    ("value_max", "#meta+value_max"),
    ("unit", "#meta+unit"),
    ("currency", "#currency"),
    ("qualifier", "#meta+qualifier"),
    ("derived", "#meta+derived"),
    ("method", "#meta+method"),
    ("corrected", "#meta+corrected"),
    ("review", "#meta+review"),
    ("note", "#meta+note"),
    ("modality", "#meta+modality"),
    ("origin", "#loc+origin+code"),
    ("destination", "#loc+dest+code"),
    ("per", "#meta+per"),
    ("background", "#meta+background"),
    ("source", "#meta+source"),
    ("url", "#meta+url"),
    ("quote", "#description"),
]


def _blank(value: Any) -> Any:
    """A cell's value, or '' where it is missing (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def _number(value: float | None) -> str:
    value = _blank(value)
    if value == "":
        return ""
    return f"{float(value):.15g}"


def hxl_rows(figures: pd.DataFrame, places: pd.DataFrame) -> list[list[str]]:
    """The HXL table: header row, hashtag row, then one row per figure with its value in the
    column of its indicator and subtype."""
    value_columns = list(dict.fromkeys(HXL_VALUE_COLUMNS.values()))
    columns = HXL_LEAD + value_columns + HXL_TAIL
    index = {name: i for i, (name, _) in enumerate(columns)}
    table = places.set_index("id") if len(places) else pd.DataFrame()
    rows = [[c for c, _ in columns], [t for _, t in columns]]
    for f in figures.itertuples(index=False):
        subtype = _blank(f.subtype) or None
        row = [""] * len(columns)
        place = _blank(f.place)
        where = table.loc[place] if place and place in table.index else None
        row[index["id"]] = f.id
        row[index["date"]] = str(f.as_of)
        row[index["place"]] = "" if where is None else where["name"]
        row[index["place_id"]] = place
        row[index["lat"]] = "" if where is None else _number(where["lat"])
        row[index["lon"]] = "" if where is None else _number(where["lon"])
        row[index["indicator"]] = f.indicator
        row[index["subtype"]] = subtype or ""
        name, _ = HXL_VALUE_COLUMNS[(f.indicator, subtype)]
        row[index[name]] = _number(f.value)
        row[index["value_max"]] = _number(f.value_max)
        row[index["unit"]] = f.unit
        row[index["currency"]] = f.unit if VOCABULARY.unit_kind(f.unit) == "currency" else ""
        row[index["qualifier"]] = f.qualifier
        row[index["derived"]] = "true" if bool(f.derived) else "false"
        row[index["method"]] = f.method
        row[index["corrected"]] = "true" if bool(getattr(f, "corrected", False)) else "false"
        row[index["note"]] = _blank(f.note)
        row[index["modality"]] = _blank(getattr(f, "modality", "")) or "reported"
        row[index["origin"]] = _blank(getattr(f, "origin", ""))
        row[index["destination"]] = _blank(getattr(f, "destination", ""))
        row[index["per"]] = _blank(getattr(f, "per", ""))
        row[index["background"]] = "true" if bool(getattr(f, "background", False)) else "false"
        row[index["source"]] = _blank(f.source_outlet) or f.source
        row[index["url"]] = _blank(f.source_url)
        row[index["quote"]] = _blank(f.quote)
        rows.append([neutralise(str(v)) for v in row])
    return rows


def to_hxl(figures: pd.DataFrame, places: pd.DataFrame) -> str:
    """HXL-tagged CSV text; a cell a spreadsheet would run as a formula starts with an
    apostrophe."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(hxl_rows(figures, places))
    return buffer.getvalue()


def to_csv(figures: pd.DataFrame) -> str:
    """The figures as CSV text, with the columns of figures.csv; a cell a spreadsheet would run
    as a formula starts with an apostrophe."""
    return csv_text(figures)


def to_json(figures: pd.DataFrame) -> str:
    """The figures as a JSON array of figure records."""
    return json.dumps(records(figures), ensure_ascii=False, indent=1) + "\n"


def to_geojson(
    places: pd.DataFrame, facts: pd.DataFrame, listed: Collection[str] | None = None
) -> dict:
    """Places with coordinates as GeoJSON points (those of `listed` when given), each with its
    latest facts (`headline` says whether a fact is a reported count of this situation that
    may headline, as on the map and the overview: decided with every place of `places`, so a
    toll placed outside the situation's declared countries is none); routes are not included
    (see routes.geojson)."""
    features = []
    latest = latest_by_place(facts)
    # Whether each fact may headline: the overview's and the map's decision, for the reader.
    latest = latest.assign(counts=headline_mask(latest, places)) if len(latest) else latest
    wanted = None if listed is None else set(listed)
    for place in places.itertuples(index=False):
        if place.kind == "route" or _blank(place.lat) == "":
            continue
        if wanted is not None and place.id not in wanted:
            continue
        mine = latest[latest["place"] == place.id] if len(latest) else latest
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(place.lon), float(place.lat)]},
                "properties": {
                    "id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "geonames_id": None
                    if _blank(place.geonames_id) == ""
                    else int(place.geonames_id),
                    "facts": [
                        {
                            "indicator": r.indicator,
                            "subtype": _blank(r.subtype) or None,
                            "as_of": str(r.as_of),
                            "value": float(r.value),
                            "value_max": None if _blank(r.value_max) == "" else float(r.value_max),
                            "unit": r.unit,
                            "qualifier": r.qualifier,
                            "note": _blank(r.note),
                            "modality": r.modality,
                            "origin": _blank(r.origin) or None,
                            "destination": _blank(r.destination) or None,
                            "per": _blank(r.per) or None,
                            "background": bool(r.background),
                            "headline": bool(r.counts),
                            "sources": r.sources,
                            "n_sources": int(r.n_sources),
                            "disputed": bool(r.disputed),
                        }
                        for r in mine.itertuples(index=False)
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def render(
    fmt: str,
    figures: pd.DataFrame,
    facts: pd.DataFrame,
    places: pd.DataFrame,
    listed: Collection[str] | None = None,
) -> str:
    """The export in format `fmt` (one of FORMATS) as text; GeoJSON lists the places of
    `listed` when given (the view's places), every place otherwise."""
    if fmt == "csv":
        return to_csv(figures)
    if fmt == "hxl":
        return to_hxl(figures, places)
    if fmt == "json":
        return to_json(figures)
    if fmt == "geojson":
        found = to_geojson(places, facts, listed)
        return json.dumps(found, ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_batches(
    fmt: str,
    batches: Iterable[pd.DataFrame],
    out: TextIO,
    places: pd.DataFrame,
    facts: pd.DataFrame | None = None,
    listed: Collection[str] | None = None,
) -> None:
    """The export in format `fmt` written to `out` a batch of rows at a time (`batches`: the
    figures in view, in order, as the store gives them), so an export of a million rows never
    holds them all: the text is what `render` makes of all the rows at once (each row's cells
    are written alone, the formula guard included). "facts" writes the facts' CSV; GeoJSON reads
    `facts` (the latest of each place: `StoreQuery.latest_rows`) and no batches."""
    if fmt == "geojson":
        latest = facts if facts is not None else pd.DataFrame()
        out.write(render(fmt, pd.DataFrame(), latest, places, listed))
        return
    if fmt not in (*FORMATS, "facts"):
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    first = True
    for batch in batches:
        if fmt in ("csv", "facts"):
            text = csv_text(batch)
            out.write(text if first else text.split("\n", 1)[1])
        elif fmt == "hxl":
            rows = hxl_rows(batch, places)
            csv.writer(out, lineterminator="\n").writerows(rows if first else rows[2:])
        elif len(batch):
            text = json.dumps(records(batch), ensure_ascii=False, indent=1)
            out.write(("[\n" if first else ",\n") + text[2:-2])
        else:
            continue
        first = False
    if fmt == "json":
        out.write("[]\n" if first else "\n]\n")


def figures_from_json(path: Path) -> list[Figure]:
    """Figures read back from a JSON export."""
    return [Figure(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def figures_from_csv(path: Path) -> list[Figure]:
    """Figures read back from a CSV export (or from build's figures.csv)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            clean = {
                k: (v if v != "" else None) for k, v in row.items() if k in Figure.model_fields
            }
            for key in (
                "quote",
                "note",
                "source_outlet",
                "source_url",
                "correction",
                "reviewed_by",
                "reviewed_at",
            ):
                clean[key] = clean.get(key) or ""
            clean["modality"] = clean.get("modality") or "reported"
            for key in ("derived", "corrected", "background"):
                clean[key] = str(clean.get(key)).lower() == "true"
            out.append(Figure(**clean))
    return out
