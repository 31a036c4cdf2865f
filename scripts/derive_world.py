"""Derive the world gazetteer shipped in loaders/model/world/ from Natural Earth files.

    python scripts/derive_world.py ADMIN0.dbf ADMIN1.geojson [--out loaders/model/world]

- ADMIN0.dbf: the attribute table of Natural Earth's 1:10m "Admin 0 - Countries" shapefile
  (ne_10m_admin_0_countries.dbf, or any of its point-of-view variants; version 5.1 read here);
- ADMIN1.geojson: Natural Earth's 1:10m "Admin 1 - States, Provinces" as GeoJSON
  (ne_10m_admin_1_states_provinces.geojson; version 5.1 read here).

Writes `countries.json` (attributes only: the map keeps one source of country shapes, the
world-atlas TopoJSON in each data folder's boundaries/) and `admin1.json.gz` (names, label point
and an outline simplified to about a kilometre, coordinates rounded to 0.001 degree). Both are
public domain, as Natural Earth is. Extra names a maintainer wants known are in `aliases.yaml`
beside them and are merged here. Run it again after changing either input or the aliases; the
project never downloads anything at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import struct
import sys
from pathlib import Path

import numpy as np
import yaml

LANGUAGES = ("en", "fr", "de", "es", "ru")
#: Simplification tolerance (degrees): about a kilometre, finer than any map here draws a region.
TOLERANCE = 0.01
DIGITS = 3
#: Rings smaller than this (square degrees, about 10 km across) are dropped from outlines.
MIN_RING_AREA = 0.01


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBASE III table, every value as stripped text."""
    raw = path.read_bytes()
    count, header_length, record_length = struct.unpack("<IHH", raw[4:12])
    fields = []
    at = 32
    while raw[at] != 0x0D:
        name = raw[at : at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[at + 16]))
        at += 32
    rows = []
    for n in range(count):
        start = header_length + n * record_length
        record = raw[start : start + record_length]
        if record[:1] == b"*":  # deleted
            continue
        offset, row = 1, {}
        for name, width in fields:
            value = record[offset : offset + width].split(b"\0")[0]
            row[name] = value.decode("utf-8", "replace").strip()
            offset += width
        rows.append(row)
    return rows


def _iso2(row: dict[str, str]) -> str:
    for key in ("ISO_A2", "ISO_A2_EH", "WB_A2"):
        code = row.get(key, "")
        if len(code) == 2 and code.isalpha():
            return code.upper()
    return ""


def _names(*values: str) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in (value or "").split("|"):
            part = part.strip()
            if part and part != "-99" and part not in out:
                out.append(part)
    return out


def countries(rows: list[dict[str, str]], aliases: dict[str, list[str]]) -> list[dict]:
    """One record per country with an ISO 3166-1 alpha-2 code (the largest unit of a code kept)."""
    out: dict[str, dict] = {}
    for row in rows:
        iso = _iso2(row)
        if not iso:
            continue
        names = {lang: row.get(f"NAME_{lang.upper()}", "") for lang in LANGUAGES}
        record = {
            "iso": iso,
            "numeric": row.get("ISO_N3_EH") if row.get("ISO_N3", "-99") == "-99" else row["ISO_N3"],
            "name": names["en"] or row["NAME"],
            "names": names,
            "aliases": _names(
                row.get("NAME"),
                row.get("NAME_LONG"),
                row.get("ADMIN"),
                row.get("FORMAL_EN"),
                row.get("NAME_SORT"),
                row.get("NAME_ALT"),
                row.get("BRK_NAME"),
                row.get("NAME_CIAWF"),
                *aliases.get(iso, []),
            ),
            "lat": round(float(row["LABEL_Y"]), DIGITS),
            "lon": round(float(row["LABEL_X"]), DIGITS),
            "population": int(float(row.get("POP_EST") or 0)),
        }
        kept = out.get(iso)
        if kept is None or record["population"] > kept["population"]:
            out[iso] = record
    return [out[k] for k in sorted(out)]


def _simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: the points of the line that keep it within `tolerance` of itself."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        segment = b - a
        length = float(np.hypot(*segment))
        inner = points[first + 1 : last]
        if length == 0:
            distances = np.hypot(*(inner - a).T)
        else:
            rel = inner - a
            distances = np.abs(segment[0] * rel[:, 1] - segment[1] * rel[:, 0]) / length
        k = int(np.argmax(distances))
        if distances[k] > tolerance:
            index = first + 1 + k
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return points[keep]


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def outline(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a (Multi)Polygon, simplified and rounded; the largest always kept."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    rings = [np.asarray(polygon[0], dtype=float)[:, :2] for polygon in polygons if polygon]
    rings.sort(key=_area, reverse=True)
    out = []
    for n, ring in enumerate(rings):
        if n and _area(ring) < MIN_RING_AREA:
            continue
        simple = np.round(_simplify(ring, TOLERANCE), DIGITS)
        if len(simple) < 4:
            if n:
                continue
            simple = np.round(ring[[0, len(ring) // 3, 2 * len(ring) // 3, 0]], DIGITS)
        out.append(simple.tolist())
    return out


def regions(features: list[dict], aliases: dict[str, list[str]]) -> list[dict]:
    """One record per admin-1 unit that has an ISO 3166-2 code."""
    out = []
    for feature in features:
        p = feature["properties"]
        code = (p.get("iso_3166_2") or "").strip()
        country = (p.get("iso_a2") or "").strip().upper()
        if not code or "~" in code or not country.isalpha() or not code.startswith(country + "-"):
            continue
        names = {lang: p.get(f"name_{lang}") or "" for lang in LANGUAGES}
        names["en"] = names["en"] or p.get("name") or ""
        out.append(
            {
                "iso": code,
                "country": country,
                "name": p.get("name") or names["en"],
                "names": names,
                "aliases": _names(
                    p.get("name"),
                    p.get("name_alt"),
                    p.get("woe_name"),
                    p.get("gn_name"),
                    *aliases.get(code, []),
                ),
                "type": p.get("type_en") or "",
                "geonames_admin1": p.get("gn_a1_code") or "",
                "lat": round(float(p["latitude"]), DIGITS),
                "lon": round(float(p["longitude"]), DIGITS),
                "outline": outline(feature["geometry"]),
            }
        )
    out.sort(key=lambda r: r["iso"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("admin0", type=Path, help="ne_10m_admin_0_countries.dbf")
    parser.add_argument("admin1", type=Path, help="ne_10m_admin_1_states_provinces.geojson")
    parser.add_argument("--out", type=Path, default=Path("loaders/model/world"))
    args = parser.parse_args(argv)
    aliases_file = args.out / "aliases.yaml"
    text = aliases_file.read_text(encoding="utf-8") if aliases_file.exists() else ""
    extra = yaml.safe_load(text) or {}
    extra = {str(k): [str(a) for a in v] for k, v in (extra or {}).items()}
    args.out.mkdir(parents=True, exist_ok=True)
    country_records = countries(read_dbf(args.admin0), extra)
    (args.out / "countries.json").write_text(
        json.dumps(country_records, ensure_ascii=False, separators=(",", ":"), indent=0) + "\n",
        encoding="utf-8",
    )
    features = json.loads(args.admin1.read_text(encoding="utf-8"))["features"]
    region_records = regions(features, extra)
    text = json.dumps(region_records, ensure_ascii=False, separators=(",", ":"))
    with gzip.GzipFile(args.out / "admin1.json.gz", "wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))
    print(f"{len(country_records)} countries, {len(region_records)} regions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
