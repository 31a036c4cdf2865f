"""The command line, run as a user would: `python -m loaders ...`, in a process of its own for
the entry point's exit codes (0 and 1), through `main` for the rest (tests/conftest.py)."""

from __future__ import annotations

import json
import shutil

import pandas as pd

from tests.conftest import DATA, FIXTURES
from tests.conftest import loaders_cli as run


def test_validate_bundled_data_exits_0():
    result = run("validate", DATA, process=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_extract_json_gives_the_nine_seed_figures():
    result = run("extract", *sorted((DATA / "articles").glob("*.txt")), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 9
    assert {r["as_of"] for r in rows} == {"2023-09-23"}
    for r in rows:
        for field in ("id", "source", "indicator", "subtype", "value", "value_max", "unit"):
            assert field in r
        assert r["method"] == "extracted"
    body = (DATA / "articles" / f"{rows[2]['source']}.txt").read_text(encoding="utf-8")
    assert body[len(" date 2023-09-23 ") :][rows[2]["start"] : rows[2]["end"]] == "up to 120,000"


def test_extract_reads_files_outside_data(tmp_path):
    path = tmp_path / "outside.txt"
    shutil.copy(FIXTURES / "articles" / "front_matter.txt", path)
    result = run("extract", path, "--json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert (row["indicator"], row["value"], row["qualifier"], row["as_of"]) == (
        "displaced",
        84700,
        "more_than",
        "2023-09-29",
    )


def test_extract_with_a_folder_reads_names_inside_its_declared_countries(tmp_path):
    """Defect: `extract FILE --data DIR` left out the countries DIR's situation.yaml declares,
    so a town the build placed in Kyrgyzstan was no place at all (synthetic article)."""
    folder = tmp_path / "kg"
    assert run("init", folder, "--title", "T", "--countries", "KG").returncode == 0
    path = tmp_path / "a.txt"
    path.write_text(
        "---\ndate: 2022-09-20\n---\nOfficials said 14 people were killed in Batken.\n",
        encoding="utf-8",
    )
    result = run("extract", path, "--data", folder, "--json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["place"] == "gn1528735"  # the town of Batken, Kyrgyzstan (GeoNames)


def test_extract_unreadable_file_exits_1_with_a_message(tmp_path):
    result = run("extract", FIXTURES / "articles" / "not_utf8.txt", "--json", process=True)
    assert result.returncode == 1
    assert "not valid UTF-8" in result.stderr
    missing = run("extract", tmp_path / "nope.txt")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_validate_reports_every_problem_and_build_keeps_every_good_row(data_copy, tmp_path):
    for name in ("no_date.txt", "not_utf8.txt", "empty.txt"):
        shutil.copy(FIXTURES / "articles" / name, data_copy / "articles" / name)
    for name in ("unknown_indicator.csv", "future_date.csv"):
        shutil.copy(FIXTURES / "figures" / name, data_copy / "figures" / name)
    with (data_copy / "articles.csv").open("a", encoding="utf-8") as fh:
        fh.write("gone,2023-09-30,A row without a file,Wire,,en,\n")

    result = run("validate", data_copy)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    prefixes = [line.split(": ")[0] + ": " + line.split(": ")[1] for line in lines]
    assert prefixes == [
        f"{data_copy}/articles.csv:4: id",
        f"{data_copy}/articles/empty.txt:1: body",
        f"{data_copy}/articles/no_date.txt:1: date",
        f"{data_copy}/articles/not_utf8.txt:1: encoding",
        f"{data_copy}/figures/future_date.csv:4: as_of",
        f"{data_copy}/figures/unknown_indicator.csv:4: indicator",
    ]

    out = tmp_path / "out"
    build = run("build", data_copy, "--out", out)
    assert build.returncode == 1
    figures = pd.read_csv(out / "figures.csv")
    curated = sum(len(pd.read_csv(t)) for t in (DATA / "figures").glob("*.csv"))
    # all seed figures, every bundled curated row, and the two good rows of each bad fixture
    assert len(figures) == 9 + curated + 2 + 2
    for name in ("facts.csv", "places.csv", "sources.csv", "events.csv", "problems.csv"):
        assert (out / name).exists()
    assert len(pd.read_csv(out / "problems.csv")) == len(lines)


def test_build_writes_the_tables_of_the_spec(tmp_path):
    out = tmp_path / "out"
    result = run("build", DATA, "--out", out, "--store", tmp_path / "store")
    assert result.returncode == 0, result.stderr
    figures = pd.read_csv(out / "figures.csv", keep_default_na=False)
    spec_fields = (
        "id source indicator subtype value value_max unit qualifier as_of place quote start end"
        " derived method note"
    ).split()
    assert list(figures.columns[: len(spec_fields)]) == spec_fields
    assert figures["id"].is_unique
    assert (figures["method"] == "extracted").sum() == 9
    facts = pd.read_csv(out / "facts.csv", keep_default_na=False)
    both = facts[(facts["subtype"] == "armoured_vehicles") & (facts["as_of"] == "2023-09-23")]
    assert both["n_sources"].tolist() == [2]  # the two seeds report the same six vehicles
    assert set(pd.read_csv(out / "sources.csv")["kind"]) == {"article", "table"}
    assert len(pd.read_csv(out / "events.csv")) == len(pd.read_csv(DATA / "events.csv"))


def test_estimates_json_is_the_overview_in_screen_order_with_flags():
    done = run("estimates", DATA, "--json", "--start", "2023-09-18", "--end", "2023-10-20")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    keys = {"question", "indicator", "subtype", "value", "value_max", "qualifier", "unit"}
    keys |= {"as_of", "place", "place_name", "scope", "parts", "sources", "flags"}
    assert all(keys <= set(e) for e in found)
    fled = found[0]  # the overview's first card
    assert (fled["indicator"], fled["value"], fled["scope"]) == ("displaced", 100632, "in Armenia")
    assert "part" in fled["flags"] and fled["parts"][0]["place_name"] == "Armenia"
    assert all({"title", "outlet", "url"} <= set(s) for s in fled["sources"])
    incidents = [e for e in found if e["scope"] and not e["by"]]
    assert incidents and found[-len(incidents) :] == incidents  # single incidents come last
    text = run("estimates", DATA, "--place", "nowhere")
    assert text.returncode == 2 and "unknown place id(s) nowhere" in text.stderr
