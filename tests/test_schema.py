"""JSON Schemas come from the models, and the bundled data validates against them."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from loaders.model.problems import Report
from loaders.model.records import RegistryRow
from loaders.publish.schema import SCHEMAS, schema
from loaders.read.articles import read_article
from tests.conftest import DATA, ROOT


def rows(path):
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield {k: (None if v == "" else v) for k, v in row.items()}


def numbers(row, *keys):
    for key in keys:
        if row.get(key) is not None:
            row[key] = float(row[key])
    return row


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    out = tmp_path_factory.mktemp("schemas")
    subprocess.run(
        [sys.executable, "-m", "loaders", "schema", "--out", str(out)],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    return {name: json.loads((out / f"{name}.schema.json").read_text()) for name in SCHEMAS}


def test_schemas_are_written_from_the_models(schemas):
    for name, body in schemas.items():
        assert body == schema(name)
        jsonschema.Draft202012Validator.check_schema(body)
    assert "displaced" in json.dumps(schemas["figure-table-row"])


def test_bundled_tables_validate(schemas):
    figure_row = jsonschema.Draft202012Validator(schemas["figure-table-row"])
    for row in rows(DATA / "figures" / "public_figures_2023.csv"):
        row = {k: v for k, v in row.items() if v is not None}
        figure_row.validate(numbers(row, "value", "value_max"))
    registry = jsonschema.Draft202012Validator(schemas["article-registry-row"])
    for row in rows(DATA / "articles.csv"):
        registry.validate({k: v for k, v in row.items() if v is not None})
    place = jsonschema.Draft202012Validator(schemas["place"])
    for row in rows(DATA / "places.csv"):
        row["aliases"] = (row["aliases"] or "").split("|") if row["aliases"] else []
        row["geonames_id"] = int(row["geonames_id"]) if row["geonames_id"] else None
        place.validate(numbers(row, "lat", "lon"))
    event = jsonschema.Draft202012Validator(schemas["event"])
    for row in rows(DATA / "events.csv"):
        event.validate({k: v for k, v in row.items() if v is not None})


def test_schema_rejects_a_bad_row(schemas):
    bad = {"as_of": "2023-09-28", "indicator": "displacd", "value": 1, "unit": "people"}
    errors = list(jsonschema.Draft202012Validator(schemas["figure-table-row"]).iter_errors(bad))
    assert errors and "displacd" in errors[0].message


#: Front-matter blocks, and whether the article reader loads them (the schema must agree).
FRONT_MATTERS = {
    "every key": (
        "date: 2023-09-28\ntitle: A title\noutlet: Wire\nurl: https://example.org/a\n"
        "language: fr\nnote: date from the dateline",
        True,
    ),
    "no date (articles.csv gives it)": ("title: A title\noutlet: Wire", True),
    "an empty date": ("date:\ntitle: A title", True),
    "a date with a time": ("date: 2023-09-28T10:15:00Z", True),
    "a key the reader does not use": ("date: 2023-09-28\nauthor: Someone", True),
    "an empty title": ("date: 2023-09-28\ntitle:", True),
    "a day-first date": ("date: 28/09/2023", False),
    "a date with words": ("date: 2023-09-28 at noon", False),
    "a list for a title": ("date: 2023-09-28\ntitle: [one, two]", False),
    "a mapping for a url": ("date: 2023-09-28\nurl: {href: x}", False),
}


@pytest.mark.parametrize("name", FRONT_MATTERS)
def test_the_front_matter_schema_accepts_what_the_reader_loads_and_nothing_else(name, tmp_path):
    block, loads = FRONT_MATTERS[name]
    path = tmp_path / "articles" / "a.txt"
    path.parent.mkdir()
    path.write_text(f"---\n{block}\n---\nKESSA - Some text.\n", encoding="utf-8")
    report = Report()
    registry = {"a": RegistryRow(id="a", date=dt.date(2023, 9, 28))}
    read = read_article(path, report, registry, today=dt.date(2024, 1, 1))
    assert (read is not None and not report.problems) == loads, report.lines()
    # As an editor sees the block: YAML with every value as text, nothing typed.
    as_yaml = yaml.load(block, Loader=yaml.BaseLoader) or {}
    valid = jsonschema.Draft202012Validator(schema("article-front-matter")).is_valid(as_yaml)
    assert valid == loads, as_yaml
