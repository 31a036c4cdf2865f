"""The vocabulary table is the one place an indicator or subtype is declared: every pair goes
through every record, check, export and label, and a broken entry is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from dashboard.labels import series_label
from loaders.facts.combine import figures_frame
from loaders.facts.consolidate import consolidate
from loaders.facts.places_table import places_frame
from loaders.model.amounts import hedged
from loaders.model.languages import FOLDER as LANGUAGE_FOLDER
from loaders.model.records import Figure, Method
from loaders.model.vocabulary import VOCABULARY, VOCABULARY_FILE, Vocabulary
from loaders.publish.exports import FORMATS, render
from loaders.publish.schema import schema
from loaders.read.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [e.key for e in VOCABULARY.entries]


def _unit(indicator: str, subtype: str | None) -> str:
    want = VOCABULARY.expected_unit(indicator, subtype)
    return "USD" if want == "currency" else want


def _figure(i: int, indicator: str, subtype: str | None) -> Figure:
    return Figure(
        id=f"f{i}",
        source="vocabulary_test",
        indicator=indicator,
        subtype=subtype,
        value=1000 + i,
        unit=_unit(indicator, subtype),
        as_of=dt.date(2023, 9, 20),
        method=Method.curated,
        source_outlet="Test outlet",
        source_url="https://example.org/t",
    )


@pytest.fixture(scope="module")
def every_pair() -> list[Figure]:
    return [_figure(i, ind, sub) for i, (ind, sub) in enumerate(PAIRS)]


def test_spec_vocabulary_is_declared():
    for pair in [
        ("displaced", "homeless"),
        ("displaced", "returned"),
        ("affected", None),
        ("in_need", None),
        ("assistance", "reached"),
        ("assistance", "targeted"),
        ("aid", "appeal"),
        ("buildings", "damaged"),
        ("buildings", "destroyed"),
        ("population", "pregnant_women"),
        ("population", "women"),
    ]:
        assert VOCABULARY.entry(*pair) is not None, pair


def test_every_pair_is_a_valid_figure_and_nothing_else_is(every_pair):
    assert len(every_pair) == len(PAIRS)
    with pytest.raises(ValidationError, match="not defined"):
        _figure(0, "casualties", "children")
    with pytest.raises(ValidationError, match="does not fit"):
        Figure(**{**every_pair[0].model_dump(), "unit": "tonnes"})


def test_every_pair_has_a_readable_label_and_a_place_on_screen():
    for indicator, subtype in PAIRS:
        label = series_label(indicator, subtype)
        assert label and "None" not in label and "_" not in label, (indicator, subtype)
        assert VOCABULARY.order(indicator, subtype) < len(VOCABULARY.entries)
        assert hedged(1200, None, "more_than", _unit(indicator, subtype)).startswith("> ")


def test_every_pair_goes_through_every_export(every_pair):
    figures = figures_frame(every_pair)
    facts = consolidate(figures)
    places = places_frame(Gazetteer())
    for fmt in FORMATS:
        assert render(fmt, figures, facts, places)
    rows = list(csv.reader(io.StringIO(render("hxl", figures, facts, places))))
    header, tags, body = rows[0], rows[1], rows[2:]
    for figure, row in zip(every_pair, body, strict=True):
        entry = VOCABULARY.entry(figure.indicator, figure.subtype)
        column = header.index(entry.column)
        assert tags[column] == entry.hxl
        assert float(row[column]) == figure.value
    exported = json.loads(render("json", figures, facts, places))
    assert {(f["indicator"], f["subtype"]) for f in exported} == set(PAIRS)


def test_schema_lists_every_indicator():
    figure_schema = json.dumps(schema("figure"))
    for indicator in VOCABULARY.indicators:
        assert f'"{indicator}"' in figure_schema


def _vocabulary_without(field: str) -> dict:
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    del raw["entries"][0][field]
    return raw


@pytest.mark.parametrize("field", ["label", "hxl", "unit", "kind", "column"])
def test_an_entry_without_a_field_is_refused(field):
    with pytest.raises(ValidationError, match=field):
        Vocabulary(**_vocabulary_without(field))


def test_an_invalid_hxl_tag_or_a_shared_column_is_refused():
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    raw["entries"][0]["hxl"] = "affected displaced"
    with pytest.raises(ValidationError, match="hxl"):
        Vocabulary(**raw)
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    raw["entries"][1]["column"] = raw["entries"][0]["column"]
    with pytest.raises(ValidationError, match="column"):
        Vocabulary(**raw)


def test_the_questions_that_describe_the_place_are_read_from_the_file():
    """Which questions headline a situation only when nothing else stands (a population) is
    the vocabulary's to say: a maintainer marking another one changes it with no code."""
    assert VOCABULARY.context_indicators() == {"population"}
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    raw["indicators"]["in_need"]["context"] = True
    assert Vocabulary(**raw).context_indicators() == {"population", "in_need"}
    raw["indicators"]["in_need"]["context"] = "sometimes"
    with pytest.raises(ValidationError, match="context"):
        Vocabulary(**raw)


def test_readme_vocabulary_table_is_the_vocabulary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert VOCABULARY.markdown_table() in readme, (
        "README's vocabulary table is out of date: paste VOCABULARY.markdown_table()"
    )


def _raw() -> dict:
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["overview"].append({"entry": "displaced/nowhere", "by": "region"}),
            "no entry",
        ),
        (lambda r: r["overview"].append(dict(r["overview"][1])), "twice"),
        (
            lambda r: next(e for e in r["overview"] if e["entry"] == "population/").update(
                by="destination"
            ),
            "movement",
        ),
        (
            lambda r: [e for e in r["overview"] if e["by"] == "donor"][-1].pop("counting"),
            "counting",
        ),
        (lambda r: r["people_cues"].append("aid/tonnage"), "does not count people"),
        (lambda r: r["entries"][0].update(unit="litres"), "litres"),
        (lambda r: r["currency_symbols"].update({"₹": "XYZ"}), "currency_symbols"),
    ],
    ids=["unknown", "twice", "movement", "counting", "not-people", "unit", "symbol"],
)
def test_an_inconsistent_overview_people_list_unit_or_symbol_is_refused(change, message):
    raw = _raw()
    change(raw)
    with pytest.raises(ValidationError, match=message):
        Vocabulary(**raw)


def test_every_declared_currency_is_read_as_money(gazetteer):
    from tests.conftest import extract

    for code in sorted(VOCABULARY.currencies):
        found = extract(f"Donors pledged {code} 40 million in aid to the displaced.", gazetteer)
        assert [(f.indicator, f.unit, f.value) for f in found] == [("aid", code, 40_000_000)], code


# --- A new indicator, added by its declarations alone --------------------------------------------

#: A plausible indicator the bundled vocabulary lacks, declared as a newcomer would.
NEW_INDICATOR = {"label": "People detained", "question": "How many people were detained?"}
NEW_ENTRY = {
    "indicator": "detained",
    "subtype": None,
    "label": "total",
    "unit": "people",
    "kind": "stock",
    "hxl": "#affected+detained",
    "column": "detained",
}
#: Synthetic test figures (not data): a curated row, a row with the wrong unit, an article.
NEW_TABLE = (
    "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,source_outlet,source_url,published\n"
    "2023-09-25,detained,,140,,people,exact,Stepanakert,,Test outlet,https://example.org/a,\n"
    "2023-09-26,detained,,3,,tonnes,exact,Stepanakert,,Test outlet,https://example.org/b,\n"
)
NEW_ARTICLE = (
    "---\ndate: 2023-09-28\ntitle: Test article\noutlet: Test wire\nurl: https://example.org/c\n---\n"
    "Security forces detained 210 people in Stepanakert on Wednesday, witnesses said.\n"
)


def _new_indicator_files(root: Path) -> tuple[Path, Path]:
    """A copy of the vocabulary and of the language files, with `detained` declared in the one
    and its English cue words in the other: nothing else."""
    raw = _raw()
    raw["indicators"]["detained"] = NEW_INDICATOR
    raw["entries"].append(NEW_ENTRY)
    raw["overview"].insert(5, {"entry": "detained/", "by": "region"})
    raw["people_cues"].append("detained/")
    vocabulary = root / "vocabulary.yaml"
    vocabulary.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    languages = root / "languages"
    languages.mkdir()
    for path in LANGUAGE_FOLDER.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "en":
            text = text.replace(
                "\ncues:\n", '\ncues:\n  detained/: ["detain(?:ed|s)?", arrested]\n'
            )
        (languages / path.name).write_text(text, encoding="utf-8")
    return vocabulary, languages


def check_new_indicator(folder: str) -> None:
    """Run in a process reading the copied vocabulary and languages: a new situation folder
    (`init`) with a curated table and an article; the new indicator is validated, extracted,
    headlined, charted, mapped and exported."""
    from dashboard.headlines import headline
    from dashboard.map.geo import map_figure
    from dashboard.timeline.charts import chart_indicators, timeline_figure
    from loaders.commands.cli import main
    from loaders.facts.dataset import load_dataset
    from loaders.facts.estimates import estimates
    from loaders.model.vocabulary import VOCABULARY

    assert VOCABULARY.entry("detained", None) is not None
    assert main(["init", folder]) == 0
    shutil.copy(ROOT / "data" / "places.csv", Path(folder) / "places.csv")
    (Path(folder) / "figures" / "detentions.csv").write_text(NEW_TABLE, encoding="utf-8")
    article = Path(folder) / "articles" / "2023-09-28-test-detentions.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    data = load_dataset(Path(folder))
    lines = data.report.lines()
    assert [line for line in lines if "detained" in line and "tonnes" in line], lines
    figures = data.figures[data.figures["indicator"] == "detained"]
    assert sorted(zip(figures["method"], figures["value"], strict=True)) == [
        ("curated", 140),
        ("extracted", 210),
    ]
    assert "Security forces detained 210 people" in " ".join(figures["quote"].fillna(""))
    names = dict(zip(data.places["id"], data.places["name"], strict=True))
    found = [
        e for e in estimates(data.facts, data.figures, data.places) if e.indicator == "detained"
    ]
    assert [(e.key, e.value) for e in found] == [("detained|", 210)], found
    card = headline(found[0], names)
    assert (card.label, card.question, card.value_text) == (
        "People detained",
        "How many people were detained?",
        "210",
    )
    assert "detained" in chart_indicators(data.facts)
    chart = timeline_figure(data.facts, data.events, "detained", names)
    drawn = sorted(v for t in chart.data if t.type == "scatter" and t.y is not None for v in t.y)
    assert {140, 210} <= set(drawn), drawn
    assert "People detained" in chart.layout.title.text
    hover = " ".join(
        str(h)
        for t in map_figure(data.places, data.facts, data.routes, data.boundaries).data
        for h in (t.hovertext if isinstance(t.hovertext, (list, tuple)) else [t.hovertext])
    )
    assert "detained" in hover.lower() and "210" in hover, hover[:2000]
    exported = list(
        csv.DictReader(io.StringIO(render("csv", data.figures, data.facts, data.places)))
    )
    assert {r["value"] for r in exported if r["indicator"] == "detained"} >= {"140", "210"}
    hxl = list(csv.reader(io.StringIO(render("hxl", data.figures, data.facts, data.places))))
    assert hxl[1][hxl[0].index("detained")] == "#affected+detained"


def test_a_new_indicator_needs_only_the_vocabulary_and_its_cue_words(tmp_path):
    vocabulary, languages = _new_indicator_files(tmp_path)
    folder = tmp_path / "situation"
    env = {
        **os.environ,
        "SITUATION_VOCABULARY": str(vocabulary),
        "SITUATION_LANGUAGES": str(languages),
    }
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from tests.test_vocabulary import check_new_indicator as c; c({str(folder)!r})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
