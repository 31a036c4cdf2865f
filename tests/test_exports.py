"""Exports: CSV and JSON round-trip to the same figures; libhxl reads every tag and value of the
HXL form; the GeoJSON is valid."""

from __future__ import annotations

import datetime as dt
import json

import hxl
import pandas as pd
import pytest
from geojson_pydantic import FeatureCollection

from loaders.facts.dataset import load_dataset
from loaders.facts.selection import Filters, apply
from loaders.model.records import Figure
from loaders.publish.exports import HXL_VALUE_COLUMNS, figures_from_csv, figures_from_json, render
from tests.conftest import DATA, loaders_cli


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def export(tmp_path, fmt, *args):
    out = tmp_path / f"out.{fmt}"
    result = loaders_cli("export", DATA, "--format", fmt, "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return out


def as_models(figures: pd.DataFrame) -> list[Figure]:
    rows = figures.to_dict(orient="records")
    clean = []
    for row in rows:
        clean.append(
            Figure(
                **{
                    k: (None if not isinstance(v, str) and pd.isna(v) else v)
                    for k, v in row.items()
                    if k in Figure.model_fields
                }
            )
        )
    return clean


def test_csv_and_json_round_trip(tmp_path, data):
    expected = as_models(data.figures)
    assert figures_from_csv(export(tmp_path, "csv")) == expected
    assert figures_from_json(export(tmp_path, "json")) == expected


def test_filters_are_the_dashboards(tmp_path, data):
    out = export(
        tmp_path, "json", "--end", "2023-09-30", "--indicator", "displaced", "--place", "armenia"
    )
    got = figures_from_json(out)
    want = apply(
        data.figures,
        Filters(dt.date(2023, 9, 1), dt.date(2023, 9, 30), ("displaced",), ("armenia",)),
    )
    assert [f.id for f in got] == want["id"].tolist()
    assert got and all(f.indicator == "displaced" and f.place == "armenia" for f in got)


def test_libhxl_reads_every_tag_and_value(tmp_path, data):
    out = export(tmp_path, "hxl")
    source = hxl.data(str(out), hxl.InputOptions(allow_local=True))
    tags = [c.get_display_tag(sort_attributes=False) for c in source.columns]
    for expected in (
        "#date",
        "#loc+name",
        "#geo+lat",
        "#geo+lon",
        "#affected+displaced",
        "#affected+killed",
        "#affected+injured",
        "#population",
        "#meta+source",
        "#meta+url",
        "#description",
        "#indicator+aid+tonnes",
    ):
        assert expected in tags, expected
    rows = list(source)
    assert len(rows) == len(data.figures)
    by_id = {r.get("#meta+id"): r for r in rows}
    for figure in data.figures.itertuples(index=False):
        row = by_id[figure.id]
        _, tag = HXL_VALUE_COLUMNS[
            (figure.indicator, figure.subtype if isinstance(figure.subtype, str) else None)
        ]
        assert float(row.get(tag)) == figure.value
        assert row.get("#date") == str(figure.as_of)
    pop = by_id[data.figures[data.figures["indicator"] == "population"].iloc[0]["id"]]
    assert pop.get("#loc+name") == "Nagorno-Karabakh" and pop.get("#geo+lat")


def test_geojson_is_valid_and_carries_latest_facts(tmp_path):
    collection = json.loads(export(tmp_path, "geojson").read_text(encoding="utf-8"))
    FeatureCollection.model_validate(collection)
    by_id = {f["properties"]["id"]: f for f in collection["features"]}
    assert "lachin_corridor" not in by_id
    armenia = by_id["armenia"]["properties"]["facts"]
    assert any(f["indicator"] == "displaced" and f["value"] == 115183 for f in armenia)


def test_geojson_headline_marks_a_toll_outside_the_declared_countries_as_none():
    """Defect: the GeoJSON download marked each fact's `headline` with the meaning of its figure
    only, so Gaza's toll placed in Israel was a headline of a situation declared in Lebanon,
    while the map and the latest table said it was another situation's; and a download
    narrowed to one place lost the countries that decide it (synthetic facts)."""
    places = pd.DataFrame(
        [
            {"id": "lb", "name": "Lebanon", "kind": "country", "lat": 33.9, "lon": 35.9,
             "parent": None, "situation": True, "geonames_id": None},
            {"id": "il", "name": "Israel", "kind": "country", "lat": 31.5, "lon": 34.9,
             "parent": None, "situation": False, "geonames_id": None},
            {"id": "tyre", "name": "Tyre", "kind": "city", "lat": 33.27, "lon": 35.2,
             "parent": "lb", "situation": False, "geonames_id": None},
        ]
    )  # fmt: skip
    day = dt.date(2024, 10, 1)
    facts = pd.DataFrame(
        [
            {"place": p, "indicator": "casualties", "subtype": "killed", "as_of": day,
             "value": v, "value_max": None, "unit": "people", "qualifier": "exact", "note": "",
             "modality": "reported", "origin": None, "destination": None, "per": None,
             "background": False, "sources": "Wire", "n_sources": 1, "disputed": False}
            for p, v in (("lb", 2_036), ("il", 41_400), ("tyre", 80))
        ]
    )  # fmt: skip
    whole = json.loads(render("geojson", pd.DataFrame(), facts, places))
    marked = {f["properties"]["id"]: f["properties"]["facts"][0]["headline"] for f in
              whole["features"]}  # fmt: skip
    assert marked == {"lb": True, "il": False, "tyre": True}
    one = json.loads(render("geojson", pd.DataFrame(), facts, places, listed=["tyre"]))
    assert [f["properties"]["id"] for f in one["features"]] == ["tyre"]
    assert one["features"][0]["properties"]["facts"][0]["headline"] is True


def test_render_matches_the_command(tmp_path, data):
    text = render("hxl", data.figures, data.facts, data.places)
    assert text == export(tmp_path, "hxl").read_text(encoding="utf-8")


def test_bad_filter_values_are_refused(tmp_path):
    result = loaders_cli(
        "export", DATA, "--format", "csv", "--start", "soon", "--out", tmp_path / "x"
    )
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "x").exists()


def test_an_export_that_fails_midway_leaves_the_old_file_and_no_temporary(
    tmp_path, monkeypatch, capsys
):
    """A disk that fills while the export is written: the command says so, the earlier export
    is still whole, and no half-written temporary file is left beside it."""
    import errno
    from pathlib import Path

    from loaders.commands import cli

    out = tmp_path / "figures.csv"
    assert cli.main(["export", str(DATA), "--format", "csv", "--out", str(out)]) == 0
    before = out.read_bytes()
    real = Path.write_text

    def disk_full(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    status = cli.main(["export", str(DATA), "--format", "json", "--out", str(out)])
    monkeypatch.undo()
    assert status == 1 and "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["figures.csv"]
