"""One data folder: its layout spelled in one module, one rule for which folder is meant, one
encoding policy, and `init` making a folder the map works with."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from loaders.commands.cli import main as cli_main
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read.folder import BUNDLED, DataFolder, NoDataFolder, init, read_text
from loaders.read.gazetteer import PLACE_COLUMNS
from tests.conftest import DATA, FIXTURES, ROOT
from tests.conftest import loaders_cli as run

LAYOUT_FILES = ("places.csv", "articles.csv", "events.csv", "corrections.csv", "routes.geojson")
LAYOUT_DIRS = ("figures", "boundaries", "articles")
_FILE = re.compile(r"(?:^|/)(%s)$" % "|".join(re.escape(n) for n in LAYOUT_FILES))
_DIR = re.compile(r"^(%s)/" % "|".join(LAYOUT_DIRS))


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            ids.add(id(first.value))
    return ids


def _layout_spellings(path: Path) -> list[str]:
    """Places where a module spells a data file's or folder's name as a path."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if isinstance(right, ast.Constant) and right.value in (*LAYOUT_FILES, *LAYOUT_DIRS):
                found.append(f"{where}:{node.lineno}: / {right.value!r}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            text = node.value.strip()
            if _FILE.search(text) or _DIR.match(text):
                found.append(f"{where}:{node.lineno}: {text!r}")
    return found


def test_only_folder_py_spells_the_data_files_names():
    offenders = []
    for package in ("loaders", "dashboard", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "folder.py" and path.parent.name == "read":
                continue
            offenders.extend(_layout_spellings(path))
    assert offenders == []


def test_the_layout_check_would_catch_a_spelled_name(tmp_path):
    module = tmp_path / "spelled.py"
    module.write_text('from pathlib import Path\nP = Path("x") / "places.csv"\n', encoding="utf-8")
    assert "spelled.py:2: / 'places.csv'" in _layout_spellings(module)


def test_folder_rule_explicit_then_environment_then_dot_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoDataFolder, match="init"):
        DataFolder.choose(None, environ={})
    assert DataFolder.choose(None, environ={"SITUATION_DATA": "/x"}).root == Path("/x")
    (tmp_path / "data").mkdir()
    assert DataFolder.choose(None, environ={}).root == Path("data")
    assert DataFolder.choose("/y", environ={"SITUATION_DATA": "/x"}).root == Path("/y")


def test_commands_without_a_folder_never_use_the_bundled_data(tmp_path):
    """Run from an empty folder with no SITUATION_DATA: every command refuses, nothing is read
    from or written to the checkout's data/."""
    before = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    env = {k: v for k, v in __import__("os").environ.items() if k != "SITUATION_DATA"}
    env["PYTHONPATH"] = str(ROOT)
    article = tmp_path / "a.txt"
    article.write_text(" date 2023-09-28 More than 800 people fled.", encoding="utf-8")
    for args in (
        ("validate",),
        ("build", "--out", tmp_path / "out"),
        ("extract", article),
        ("review", article),
        ("add-article", article, "--date", "2023-09-28"),
        ("places", "add", "Sisian"),
    ):
        result = run(*args, cwd=tmp_path, env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert "no data folder" in result.stderr
    after = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    assert after == before


def test_places_add_writes_into_the_folder_given_by_the_environment(tmp_path):
    folder = tmp_path / "situation"
    assert run("init", folder).returncode == 0
    env = {**__import__("os").environ, "SITUATION_DATA": str(folder)}
    bundled = (BUNDLED / "places.csv").read_bytes()
    result = run("places", "add", "Sisian", env=env)
    assert result.returncode == 0, result.stderr
    assert "sisian" in (folder / "places.csv").read_text(encoding="utf-8")
    assert (BUNDLED / "places.csv").read_bytes() == bundled


def test_every_command_takes_data_the_same_way(data_copy, tmp_path):
    # An article without a date: a problem line naming it shows the copy was read, not ./data.
    (data_copy / "articles" / "extra.txt").write_text(
        "More than 500 people fled.", encoding="utf-8"
    )
    by_option = run("validate", "--data", data_copy)
    by_position = run("validate", data_copy)
    assert by_option.stdout == by_position.stdout
    assert "extra.txt" in by_option.stdout and by_option.returncode == 1
    both = run("validate", DATA, "--data", data_copy)
    assert both.returncode == 2 and "two data folders" in both.stderr
    assert (
        run("build", "--data", data_copy, "--out", tmp_path / "o").returncode == 1
    )  # the copy's undated article
    assert (tmp_path / "o" / "figures.csv").exists()


def test_init_makes_a_folder_the_map_works_with(tmp_path):
    folder = tmp_path / "new"
    result = run("init", folder)
    assert result.returncode == 0, result.stderr
    data = DataFolder(folder)
    assert data.countries.read_bytes() == DataFolder(BUNDLED).countries.read_bytes()
    assert data.articles_dir.is_dir() and data.figures_dir.is_dir()
    loaded = load_dataset(data)
    assert loaded.boundaries, "the map needs the country outlines"
    assert [p.type for p in loaded.report.problems] == []
    assert run("init", folder).returncode == 1  # never over an existing folder
    assert run("validate", folder).returncode == 0


@pytest.mark.parametrize("name", ["places.csv", "events.csv", "corrections.csv", "articles.csv"])
def test_every_file_reports_bad_encoding_with_a_line(data_copy, name):
    path = data_copy / name
    text = path.read_bytes() if path.exists() else b"figure_id,action,field,value,reason\n"
    path.write_bytes(text + b"caf\xe9,x\n")
    problems = [p for p in load_dataset(data_copy).report.problems if p.path == str(path)]
    assert [(p.type, p.line) for p in problems] == [("not-utf8", text.count(b"\n") + 1)]


def test_read_text_reports_not_utf8_the_same_way_for_any_file(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b'{"a":\n "\xff"}')
    report = Report()
    assert read_text(path, report) is None
    (problem,) = report.problems
    assert (problem.type, problem.line, problem.field) == ("not-utf8", 2, "encoding")


def test_a_given_folder_is_used_even_where_the_bundled_data_is_at_hand(tmp_path):
    """From the checkout (where ./data exists), a folder given by --data or SITUATION_DATA is
    the only one read: a new, empty situation shows none of the bundled places or figures."""
    import os

    folder = tmp_path / "new"
    assert run("init", folder).returncode == 0
    article = tmp_path / "story.txt"
    article.write_text(" date 2023-09-28 More than 800 people fled Stepanakert.", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    env = {**os.environ, "SITUATION_DATA": str(folder)}
    for how in (["--data", folder], []):
        extract = run("extract", article, "--json", *how, env=env)
        assert [row["place"] for row in json.loads(extract.stdout)] == [None], how
        validate = run("validate", *how, env=env)
        assert "0 figures, 0 facts, 0 places" in validate.stderr, how
        build = run("build", *how, "--out", tmp_path / "out", env=env)
        assert build.returncode == 0
        assert (tmp_path / "out" / "places.csv").read_text().count("\n") == 1  # header only
    after = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    assert after == before


def test_init_title_is_the_situations_name(tmp_path):
    folder = tmp_path / "sudan"
    result = run("init", folder, "--title", "Sudan: war and displacement, 'since 2023'")
    assert result.returncode == 0, result.stderr
    loaded = load_dataset(folder)
    assert loaded.situation.title == "Sudan: war and displacement, 'since 2023'"
    assert not list((folder / "boundaries").glob("*.geojson"))  # not the bundled region's outline


def test_a_bad_situation_file_is_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "s"
    assert run("init", folder, "--title", "Kept").returncode == 0
    (folder / "situation.yaml").write_text("title: Kept\ntitel: typo\n", encoding="utf-8")
    loaded = load_dataset(folder)
    assert [(p.field, p.type) for p in loaded.report.problems] == [("titel", "invalid-value")]
    assert load_dataset(folder).figures.empty  # the rest loads


def test_the_bundled_data_has_its_title():
    assert "Karabakh" in load_dataset(DATA).situation.title


def test_a_write_command_never_writes_the_checkouts_data_unless_named(tmp_path):
    """From the checkout's root, ./data is found by default for reading, never for writing."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "SITUATION_DATA"}
    before = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    source = tmp_path / "a.txt"
    source.write_text("More than 500 people fled.", encoding="utf-8")
    for args in (
        ("add-article", source, "--date", "2023-09-30"),
        ("places", "add", "Sisian"),
    ):
        result = run(*args, cwd=ROOT, env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert "checkout's own data folder" in result.stderr and "--data" in result.stderr
    assert run("validate", cwd=ROOT, env=env).returncode == 0  # reading it is fine
    after = {p: p.stat().st_mtime_ns for p in BUNDLED.rglob("*") if p.is_file()}
    assert after == before


def test_editor_swap_file_in_articles_forced_a_full_reload(data_copy):
    """A swap file, a backup, an Emacs lock and a half-written temporary file beside the articles
    are not data: the folder's signature (what triggers a reload) and its articles are the same
    with them as without, and loading reports nothing about them."""
    folder = DataFolder(data_copy)
    before, articles = folder.signature(), folder.article_files()
    for path in (FIXTURES / "hostile" / "editor_files").iterdir():
        shutil.copy(path, folder.articles_dir / path.name)
    assert folder.signature() == before
    assert folder.article_files() == articles
    assert not [p for p in load_dataset(data_copy).report.problems if "test.txt" in p.path]


def test_editor_files_beside_the_tables_and_outlines_were_inputs(data_copy):
    """Beside the figure tables and the map's outlines too, an editor's lock ('.#x.geojson',
    '~$x.csv'), swap file, backup or half-written file is not data: the folder's inputs (what
    the store's manifest lists) and its signature are the same with them as without, and
    loading reports nothing about them."""
    folder = DataFolder(data_copy)
    inputs, signature = folder.inputs(), folder.signature()
    made = []
    for directory, name in (
        (folder.figures_dir, "table.csv"),
        (folder.boundaries_dir, "x.geojson"),
    ):
        for junk in (f".#{name}", f"~${name}", f".{name}.swp", f"{name}~", f".{name}.1a2b.tmp"):
            (directory / junk).write_bytes(b"\x00 not data {")
            made.append(junk)
    assert folder.inputs() == inputs
    assert folder.signature() == signature
    # The store's change check reads the same inputs from the folders' listings, with their stat.
    stats = folder.input_stats()
    assert [name for name, _ in stats] == [folder.relative(p) for p in inputs]
    assert [info.st_size for _, info in stats] == [p.stat().st_size for p in inputs]
    problems = load_dataset(data_copy).report.problems
    assert not [p for p in problems if any(junk in p.path for junk in made)]


def test_situation_countries_init_declares_them_by_code_or_name(tmp_path, capsys):
    """Defect: a situation's countries could not be declared; `init --countries` writes their
    ISO codes into situation.yaml, and the load keeps them in the places table."""
    folder = tmp_path / "herat"
    assert cli_main(["init", str(folder), "--countries", "Afghanistan, ir"]) == 0
    assert "countries:\n- AF\n- IR\n" in (folder / "situation.yaml").read_text(encoding="utf-8")
    loaded = load_dataset(folder)
    assert loaded.situation.countries == ["AF", "IR"]
    assert set(loaded.places.loc[loaded.places["situation"], "id"]) == {"af", "ir"}
    assert cli_main(["init", str(tmp_path / "atlantis"), "--countries", "Atlantis"]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert not (tmp_path / "atlantis").exists()


def test_situation_countries_an_unknown_name_is_a_problem_line(tmp_path):
    folder = tmp_path / "s"
    init(folder, {"places": PLACE_COLUMNS}, title="S")
    (folder / "situation.yaml").write_text("title: S\ncountries: [AF, Narnia]\n", encoding="utf-8")
    loaded = load_dataset(folder)
    assert [(p.field, p.type) for p in loaded.report.problems] == [("countries", "invalid-value")]
    assert "Narnia" in loaded.report.problems[0].message
    assert set(loaded.places.loc[loaded.places["situation"], "id"]) == {"af"}
