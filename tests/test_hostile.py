"""Hostile files, links and load (issue #13): nothing executes, nothing crashes, nothing escapes
the data folder. Each test is named after the defect it guards against; its fixture, under
tests/fixtures/hostile/, is named after the same defect."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.pages import VIEWER_PAGES
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.publish import output
from loaders.publish.exports import render
from loaders.read import routes as routes_module
from loaders.read.articles import read_article
from loaders.read.folder import DataFolder
from loaders.read.gazetteer import Gazetteer
from loaders.read.routes import read_routes
from tests.conftest import FIXTURES, ROOT
from tests.conftest import loaders_cli as run

HOSTILE = FIXTURES / "hostile"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def formulas(text: str) -> list[str]:
    """Cells a spreadsheet would run (numbers such as -2 aside)."""
    out = []
    for cell in cells(text):
        try:
            float(cell)
        except ValueError:
            if cell.startswith(FORMULA_STARTS):
                out.append(cell)
    return out


@pytest.fixture
def formula_folder(data_copy):
    shutil.copy(HOSTILE / "tables" / "formula_cells.csv", data_copy / "figures")
    return data_copy


# --- Spreadsheet formulas -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
def test_formula_cells_are_neutralised_in_export(formula_folder, tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    result = run("export", formula_folder, "--format", fmt, "--out", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert formulas(text) == []
    assert '\'=HYPERLINK("http://x","click")' in cells(text)
    assert "'@SUM(1+1)" in cells(text)


def test_formula_cells_are_neutralised_in_build_out(formula_folder, tmp_path):
    result = run("build", formula_folder, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "out").glob("*.csv"):
        assert formulas(path.read_text(encoding="utf-8")) == [], path.name
    assert "'+1+2" in cells((tmp_path / "out" / "figures.csv").read_text(encoding="utf-8"))


def test_formula_cells_are_neutralised_in_the_dashboard_downloads(formula_folder):
    data = load_dataset(formula_folder)
    for fmt in ("csv", "hxl"):
        assert formulas(render(fmt, data.figures, data.facts, data.places)) == []
    assert formulas(output.csv_text(data.facts)) == []


def test_negative_coordinates_are_not_mistaken_for_formulas():
    assert output.neutralise("-12.5") == "-12.5"
    assert output.neutralise("-2+3") == "'-2+3"
    assert output.neutralise("\tx") == "'\tx"


# --- YAML front matter ----------------------------------------------------------------------


def _read(name: str, tmp_path: Path):
    report = Report()
    path = tmp_path / name
    shutil.copy(HOSTILE / "front_matter" / name, path)
    return read_article(path, report), report


def test_billion_laughs_front_matter_is_refused_at_once(tmp_path):
    start = time.perf_counter()
    article, report = _read("billion_laughs.txt", tmp_path)
    assert time.perf_counter() - start < 1
    problem, no_date = report.problems
    assert problem.type == "invalid-front-matter" and "aliases" in problem.message
    assert no_date.type == "no-date" and article is None  # its date was in the refused block


def test_front_matter_nested_500_levels_is_refused_without_recursion_error(tmp_path):
    article, report = _read("nested_500_levels.txt", tmp_path)
    problem, _ = report.problems
    assert problem.type == "invalid-front-matter"
    assert "plain text" in problem.message


def test_duplicate_front_matter_keys_are_reported(tmp_path):
    _, report = _read("duplicate_keys.txt", tmp_path)
    problem, _ = report.problems
    assert problem.type == "invalid-front-matter" and "'date' is given twice" in problem.message


def test_article_dated_9999_is_rejected(tmp_path):
    article, report = _read("dated_9999.txt", tmp_path)
    assert article is None
    assert [(p.type, p.field) for p in report.problems] == [("future-date", "date")]


def test_hostile_front_matter_never_breaks_a_page(data_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    for name in ("billion_laughs.txt", "nested_500_levels.txt"):
        shutil.copy(HOSTILE / "front_matter" / name, data_copy / "articles" / name)
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("data errors" in e.value for e in at.sidebar.error)


# --- Files that are not what they seem ------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../../x", "/tmp/owned", "a/../../b", "..", ".hidden"])
def test_add_article_id_outside_the_folder_is_refused(data_copy, tmp_path, bad_id):
    source = tmp_path / "a.txt"
    source.write_text("More than 800 people fled.", encoding="utf-8")
    registry = (data_copy / "articles.csv").read_bytes()
    result = run("add-article", source, "--date", "2023-09-28", "--id", bad_id, "--data", data_copy)
    assert result.returncode == 1 and "not a valid article id" in result.stderr
    assert (data_copy / "articles.csv").read_bytes() == registry
    assert not (tmp_path.parent / "x.txt").exists() and not Path("/tmp/owned.txt").exists()


def test_symlink_in_articles_to_a_system_file_is_not_read(data_copy):
    (data_copy / "articles" / "passwd.txt").symlink_to("/etc/passwd")
    data = load_dataset(data_copy)
    (problem,) = data.report.problems
    assert problem.type == "outside-folder" and problem.path.endswith("passwd.txt")
    assert "passwd" not in {a.id for a in data.articles}


def test_symlinked_table_outside_the_folder_is_not_read(data_copy, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    shutil.copy(data_copy / "figures" / "public_figures_2023.csv", outside)
    (data_copy / "figures" / "linked.csv").symlink_to(outside)
    problems = load_dataset(data_copy).report.problems
    assert [p.type for p in problems] == ["outside-folder"]


@pytest.mark.parametrize("name", ["articles/pipe.txt", "figures/pipe.csv", "events.csv"])
def test_fifo_named_like_a_data_file_does_not_hang_validate(data_copy, name):
    target = data_copy / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    result = run("validate", data_copy, timeout=60, process=True)  # a hang is the defect
    assert result.returncode == 1
    assert f"{target}:0: file: not a regular file" in result.stdout


def test_huge_table_is_refused_before_it_is_read(data_copy):
    huge = data_copy / "figures" / "huge.csv"
    with huge.open("wb") as fh:  # sparse: 2.2 GB on paper, nothing on disk
        fh.write(b"as_of,indicator,value,unit\n")
        fh.truncate(2_200_000_000)
    start = time.perf_counter()
    problems = load_dataset(data_copy).report.problems
    assert time.perf_counter() - start < 20
    (problem,) = problems
    assert problem.type == "too-large" and "2,200,000,000 bytes" in problem.message


def test_header_over_64_kib_is_read_or_a_problem_line(data_copy):
    table = data_copy / "figures" / "wide.csv"
    extra = ",".join(f"c{i}" for i in range(20_000))
    empty = "," * 19_999
    table.write_text(
        f"as_of,indicator,value,unit,source_url,{extra}\n"
        f"2023-09-28,displaced,5,people,https://example.org/a,{empty}\n"
        "2023-09-28,displaced,6,people\n",
        encoding="utf-8",
    )
    data = load_dataset(data_copy)
    assert [(p.path, p.line, p.type) for p in data.report.problems] == [
        (str(table), 3, "wrong-cell-count")
    ]
    assert (data.figures["source"] == "wide").sum() == 1


def test_quoted_cell_over_128_kib_is_a_problem_line(data_copy):
    table = data_copy / "figures" / "long_cell.csv"
    table.write_text(
        "as_of,indicator,value,unit,source_url,note\n"
        "2023-09-28,displaced,5,people,https://example.org/a,short\n"
        f'2023-09-28,displaced,6,people,https://example.org/b,"{"x" * 200_000}\n\n"\n',
        encoding="utf-8",
    )
    for events in (False, True):
        if events:
            (data_copy / "events.csv").write_text(
                f'date,title,source,note\n2023-09-20,"{"y" * 200_000}",https://x.org,\n',
                encoding="utf-8",
            )
        problems = load_dataset(data_copy).report.problems
        assert [p.type for p in problems] == ["invalid-csv"] * (1 + events)
        assert problems[0].line == 3


def test_figure_table_named_like_an_article_does_not_break_the_sources_page(data_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    article_id = sorted(p.stem for p in (data_copy / "articles").glob("*.txt"))[0]
    shutil.copy(
        HOSTILE / "tables" / "formula_cells.csv", data_copy / "figures" / f"{article_id}.csv"
    )
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    (panel,) = [e for e in at.sidebar.expander if e.label.startswith("Data problems")]
    assert panel.label == "Data problems (1)"
    assert "a source id names one source" in panel.markdown[0].value


# --- GeoJSON routes -------------------------------------------------------------------------


def _routes(name: str) -> tuple[list[dict], Report]:
    report = Report()
    return read_routes(HOSTILE / "routes" / name, report, Gazetteer()), report


def test_route_with_altitude_loads_as_longitude_latitude():
    (route,), report = _routes("altitude.geojson")
    assert report.problems == []
    assert route["geometry"]["coordinates"] == [[46.5, 39.6], [46.6, 39.7]]


@pytest.mark.parametrize("name", ["swapped.geojson", "non_numeric.geojson"])
def test_route_with_bad_coordinates_is_reported_not_drawn(name):
    routes, report = _routes(name)
    assert routes == []
    (problem,) = report.problems
    assert problem.type == "invalid-coordinates" and "coordinates[0][0]" in problem.field


def test_route_feature_that_is_not_an_object_is_reported(data_copy):
    shutil.copy(HOSTILE / "routes" / "feature_not_object.geojson", data_copy / "routes.geojson")
    result = run("validate", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.count("a feature must be a JSON object") == 3


def test_route_of_a_million_points_is_thinned_with_a_warning(tmp_path, monkeypatch):
    points = [[46.0 + i * 1e-6, 39.0 + i * 1e-6] for i in range(1_000_000)]
    path = tmp_path / "long.geojson"
    feature = {
        "type": "Feature",
        "properties": {"id": "long_road", "name": "Long Road", "source": "synthetic"},
        "geometry": {"type": "LineString", "coordinates": points},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    report = Report()
    (route,) = read_routes(path, report, Gazetteer())
    coordinates = route["geometry"]["coordinates"]
    assert len(coordinates) == routes_module.MAX_ROUTE_POINTS
    assert coordinates[0] == points[0] and coordinates[-1] == points[-1]
    (problem,) = report.problems
    assert problem.type == "too-many-points" and problem.severity == "warning"


# --- Markdown and terminal escapes ----------------------------------------------------------

MARKDOWN = "![x](https://host.invalid/p.png)"
LINK = "[Session expired, log in](https://host.invalid/login)"


def _unescaped(text: str) -> bool:
    """Whether Markdown would turn part of `text` into an image or HTML, or into a link the data
    chose: the pages' own links (to a source's web address, a page of the app or a section of
    the page) are allowed, a link to the hostile host or to anything but http(s) or the app is
    not."""
    import re

    if re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)<[a-z/]", text):
        return True
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)?", text)
    return any(
        "host.invalid" in t or not t.startswith(("https://", "http://", "/", "#")) for t in targets
    )


def test_markdown_in_the_address_shows_literally():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["start"] = MARKDOWN
    at.query_params["indicator"] = LINK
    at.query_params["place"] = "<img src=x>"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning if "ignored" in w.value or "not a date" in w.value]
    assert len(warnings) == 3
    assert not any(_unescaped(w) for w in warnings), warnings


def test_terminal_escapes_never_reach_the_terminal(data_copy, tmp_path):
    bad = data_copy / "articles" / "evil\x1b[2J.txt"
    bad.write_text("no date \x1b]0;owned\x07 here", encoding="utf-8")
    result = run("validate", data_copy)
    assert "\x1b" not in result.stdout + result.stderr and "evil?[2J.txt" in result.stdout
    article = tmp_path / "a.txt"
    article.write_text(" date 2023-09-28 \x1b[31mMore than 800 people fled.", encoding="utf-8")
    review = run("review", article, "--data", data_copy)
    assert review.returncode == 0, review.stderr
    assert "\x1b[31m" not in review.stdout and "?[31mMore than 800" in review.stdout


# --- Tracebacks -----------------------------------------------------------------------------


def test_viewers_never_see_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize("page", VIEWER_PAGES, ids=lambda p: p.name)
def test_a_load_that_fails_shows_the_problem_panel_not_a_traceback(monkeypatch, page):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import data as appdata

    def explode(path):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(appdata, "read_frame", explode)  # reading the store
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
        at.switch_page(page.file).run()
        assert not at.exception, [e.message for e in at.exception]
        (panel,) = [e for e in at.sidebar.expander if e.label.startswith("Data problems")]
        assert "could not be loaded \\(RecursionError\\)" in panel.markdown[0].value
    finally:
        st.cache_resource.clear()


# --- Corrections ----------------------------------------------------------------------------


def _corrections(data_copy: Path, name: str) -> list:
    figure_id = load_dataset(data_copy).figures["id"].iloc[0]
    text = (HOSTILE / "corrections" / name).read_text(encoding="utf-8")
    (data_copy / "corrections.csv").write_text(text.replace("FIGURE", figure_id), "utf-8")
    return load_dataset(data_copy).report.problems


def test_correction_values_in_other_digits_or_with_underscores_are_refused(data_copy):
    problems = _corrections(data_copy, "other_digits_and_underscores.csv")
    assert [(p.line, p.type) for p in problems] == [(2, "invalid-value"), (3, "invalid-value")]


def test_correction_as_of_9999_is_refused_and_leaves_the_period_alone(data_copy):
    bounds = load_dataset(data_copy).facts["as_of"].max()
    problems = _corrections(data_copy, "as_of_9999.csv")
    assert [p.type for p in problems] == ["invalid-value"] and "future" in problems[0].message
    assert load_dataset(data_copy).facts["as_of"].max() == bounds


def test_replace_after_reject_is_reported(data_copy):
    problems = _corrections(data_copy, "replace_after_reject.csv")
    assert [(p.line, p.type) for p in problems] == [(3, "conflicting-correction")]


def test_same_correction_twice_is_reported(data_copy):
    problems = _corrections(data_copy, "same_twice.csv")
    assert [(p.line, p.type) for p in problems] == [(3, "duplicate-row")]


# --- Writes ---------------------------------------------------------------------------------


def test_atomic_write_keeps_the_mode_or_gives_0644(tmp_path):
    new = tmp_path / "new.csv"
    output.atomic_write(new, lambda tmp: tmp.write_text("a\n"))
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    kept = tmp_path / "kept.csv"
    kept.write_text("a\n")
    kept.chmod(0o640)
    output.atomic_write(kept, lambda tmp: tmp.write_text("b\n"))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_add_article_leaves_the_registry_readable_by_others(data_copy, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("More than 800 people fled.", encoding="utf-8")
    result = run("add-article", source, "--date", "2023-09-28", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    for path in (data_copy / "articles.csv", *(data_copy / "articles").glob("*a.txt")):
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044


def test_build_out_interrupted_leaves_the_old_tables_whole_and_no_temporary(
    data_copy, tmp_path, monkeypatch
):
    from loaders.commands import cli

    out = tmp_path / "out"
    assert cli.main(["build", str(data_copy), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing(df, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as a kill would, part-way through
        return real(df, path)

    real = output.write_csv
    monkeypatch.setattr(output, "write_csv", failing)
    (data_copy / "events.csv").write_text("date,title,place,source,note\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        cli.main(["build", str(data_copy), "--out", str(out)])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]


def test_build_out_removes_the_temporary_folder_of_a_killed_run(data_copy, tmp_path):
    out = tmp_path / "out"
    stale = tmp_path / ".out.abc123.tmp"
    stale.mkdir()
    (stale / "figures.csv").write_text("x")
    assert run("build", data_copy, "--out", out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]


def test_two_add_article_at_once_lose_no_row_and_repeat_none(data_copy, tmp_path):
    sources = []
    for n in range(6):
        source = tmp_path / f"story{n}.txt"
        source.write_text(f"More than {n + 1}00 people fled.", encoding="utf-8")
        sources.append(source)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "loaders", "add-article", str(s), "--date", "2023-09-28"]
            + ["--data", str(data_copy)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for s in sources
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    with (data_copy / "articles.csv").open(encoding="utf-8") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    assert len(ids) == len(set(ids)) == 2 + 6


def test_unwritable_output_gives_a_message_not_a_traceback(data_copy, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("build", data_copy, "--out", blocker / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cannot use" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_folder_gives_a_message_not_a_traceback(data_copy, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("More than 800 people fled.", encoding="utf-8")
    data_copy.chmod(0o555)
    (data_copy / "articles").chmod(0o555)
    try:
        result = run("add-article", source, "--date", "2023-09-28", "--data", data_copy)
    finally:
        data_copy.chmod(0o755)
        (data_copy / "articles").chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr


# --- Load: the Data page --------------------------------------------------------------------


def test_data_page_renders_no_download_and_a_bounded_page_on_rerun(data_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from bench.synthetic import write_table
    from loaders.publish import exports

    write_table(DataFolder(data_copy).figures_dir / "synthetic.csv", 3_000)
    rendered = []
    real = exports.write_batches
    monkeypatch.setattr(
        exports, "write_batches", lambda *a, **k: rendered.append(a[0]) or real(*a, **k)
    )
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert rendered == []
    shown = [d.value for d in at.dataframe if "quote" in d.value.columns][0]
    assert len(shown) == 500
    at.number_input(key="data_page_figures").set_value(2).run()
    shown = [d.value for d in at.dataframe if "quote" in d.value.columns][0]
    assert len(shown) == 500 and rendered == []


HOSTILE_TEXT = (
    "![x](https://host.invalid/p.png) <img src=x> [log in](https://host.invalid) \x1b[31m"
)


def _markdown_texts(at) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        texts += [e.value for e in getattr(at, kind)]
    for kind in ("warning", "error", "info", "success"):
        texts += [e.value for e in getattr(at, kind)]
    texts += [m.label for m in at.metric]
    texts += [e.label for e in at.expander]
    for kind in ("selectbox", "multiselect", "date_input", "toggle", "number_input"):
        texts += [w.label for w in getattr(at, kind)]
    return texts


@pytest.mark.parametrize("page", VIEWER_PAGES, ids=lambda p: p.name)
def test_markdown_html_and_escapes_in_names_and_the_address_show_literally(
    data_copy, monkeypatch, page
):
    from streamlit.testing.v1 import AppTest

    places = (data_copy / "places.csv").read_text(encoding="utf-8")
    (data_copy / "places.csv").write_text(
        places.replace(",Stepanakert,", f",{HOSTILE_TEXT},", 1), encoding="utf-8"
    )
    routes = (data_copy / "routes.geojson").read_text(encoding="utf-8")
    routes = routes.replace('"Lachin Corridor"', json.dumps(HOSTILE_TEXT), 1)
    (data_copy / "routes.geojson").write_text(routes, encoding="utf-8")
    registry = (data_copy / "articles.csv").read_text(encoding="utf-8")
    (data_copy / "articles.csv").write_text(
        registry.replace(",AFP,", f',"{HOSTILE_TEXT}",', 1), encoding="utf-8"
    )
    monkeypatch.setenv("SITUATION_DATA", str(data_copy))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["start"] = MARKDOWN
    at.query_params["place"] = HOSTILE_TEXT
    at.run()
    texts = _markdown_texts(at)  # the address's warnings
    at.switch_page(page.file).run()
    assert not at.exception, [e.message for e in at.exception]
    texts += _markdown_texts(at)
    assert any("host" in t for t in texts)  # the hostile text is on the page...
    assert [t for t in texts if _unescaped(t) or "\x1b" in t] == []  # ...and inert


# --- One number and date reading everywhere -------------------------------------------------


def test_place_coordinates_in_other_digits_are_refused(data_copy):
    places = data_copy / "places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("39.8177", "٣٩.٨١٧٧", 1), encoding="utf-8")
    problems = load_dataset(data_copy).report.problems
    assert [(p.field, p.type) for p in problems if p.path == str(places)] == [
        ("lat", "invalid-number")
    ]


def test_dates_before_1900_are_refused_in_tables_and_events(data_copy):
    table = data_copy / "figures" / "old.csv"
    table.write_text(
        "as_of,indicator,value,unit,source_url\n1823-09-28,displaced,5,people,https://x.org\n",
        encoding="utf-8",
    )
    events = data_copy / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8") + "1023-09-19,Old event,,https://x.org,\n",
        encoding="utf-8",
    )
    problems = load_dataset(data_copy).report.problems
    assert sorted((Path(p.path).name, p.type) for p in problems) == [
        ("events.csv", "early-date"),
        ("old.csv", "early-date"),
    ]


def test_table_with_carriage_returns_only_loads_instead_of_crashing(data_copy):
    table = data_copy / "figures" / "old_mac.csv"
    table.write_bytes(
        b"as_of,indicator,value,unit,source_url\r2023-09-28,displaced,5,people,https://x.org\r"
    )
    data = load_dataset(data_copy)
    assert data.report.problems == []
    assert (data.figures["source"] == "old_mac").sum() == 1


@pytest.mark.parametrize(
    "topology",
    [
        {"arcs": [], "objects": {"countries": {"geometries": [42]}}},
        {
            "arcs": [],
            "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[7]]}]}},
        },
        {"arcs": [[["a", 1]]], "objects": {"countries": {"geometries": []}}},
        [1, 2],
    ],
)
def test_malformed_boundaries_are_a_problem_not_a_crash(data_copy, topology):
    path = DataFolder(data_copy).countries
    path.write_text(json.dumps(topology), encoding="utf-8")
    data = load_dataset(data_copy)
    assert [(p.path, p.type) for p in data.report.problems] == [(str(path), "invalid-topojson")]
    # no country was drawn (areas and admin-1 regions come from their own files and still load)
    assert [b for b in data.boundaries if b.kind == "country"] == []
