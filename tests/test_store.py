"""The store: a build's tables as Parquet, the same as loading the folder, rebuilt incrementally."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from loaders.commands import cli
from loaders.facts.dataset import load_dataset
from loaders.facts.selection import prepared
from loaders.publish.frames import read_frame
from loaders.publish.store import PARTS_DIR, PROBLEM_FIELDS, TABLES, build_store
from loaders.publish.stored import Inputs, changed_inputs, read_boundaries_json, read_manifest
from loaders.read.folder import DataFolder

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def folder_with_problems(data_copy: Path) -> DataFolder:
    """The bundled folder plus what makes problems: an article dated after 'today', one with a
    dateline the gazetteer lacks, and a table row with an unknown indicator."""
    articles = data_copy / "articles"
    (articles / "tomorrow.txt").write_text(
        " date 2026-12-07 More than 500 people fled Goris.", encoding="utf-8"
    )
    (articles / "elsewhere.txt").write_text(
        "---\ndate: 2023-09-21\n---\nNOWHERE FALLS, Azerbaijan - At least 40 people were killed.\n",
        encoding="utf-8",
    )
    table = next((data_copy / "figures").glob("*.csv"))
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = lines[1].split(",")
    bad[header.index("indicator")] = "refugeez"
    table.write_text("\n".join([*lines, ",".join(bad)]) + "\n", encoding="utf-8")
    return DataFolder(data_copy)


def _problems(rows) -> list[dict]:
    """Problems as the store keeps them: the record's fields (not the computed `type`)."""
    dumped = [p.model_dump(mode="json") if hasattr(p, "model_dump") else p for p in rows]
    return [{f: row[f] for f in PROBLEM_FIELDS} for row in dumped]


def test_store_holds_what_loading_the_folder_gives(folder_with_problems, tmp_path):
    loaded = load_dataset(folder_with_problems, TODAY)
    store = tmp_path / "store"
    cold, counts = build_store(folder_with_problems, store, today=TODAY)
    assert counts.extracted == len(folder_with_problems.article_files()) and counts.reused == 0
    warm, counts = build_store(folder_with_problems, store, today=TODAY)
    assert counts.extracted == 0 and counts.tables_read == 0
    assert counts.reused == len(folder_with_problems.article_files())
    for dataset in (cold, warm):
        pd.testing.assert_frame_equal(dataset.figures, loaded.figures)
        pd.testing.assert_frame_equal(dataset.facts, loaded.facts)
        pd.testing.assert_frame_equal(dataset.sources, loaded.sources)
        assert _problems(dataset.report.problems) == _problems(loaded.report.problems)
    codes = {p.code for p in loaded.report.problems}
    assert {"future-date", "unknown-dateline", "unknown-value"} <= codes
    pd.testing.assert_frame_equal(read_frame(store / "figures.parquet"), prepared(loaded.figures))
    pd.testing.assert_frame_equal(read_frame(store / "facts.parquet"), prepared(loaded.facts))
    assert read_boundaries_json(store / "boundaries.json") == loaded.boundaries
    stored = read_frame(store / "problems.parquet").to_dict("records")
    assert stored == _problems(loaded.report.problems)


def test_rebuild_extracts_only_the_changed_article(folder_with_problems, tmp_path, capsys):
    root = folder_with_problems.root
    store = tmp_path / "store"
    assert cli.main(["build", str(root), "--store", str(store)]) in (0, 1)
    changed = next(iter(folder_with_problems.article_files()))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nAbout 70 people were hurt.\n")
    capsys.readouterr()
    assert cli.main(["build", str(root), "--store", str(store)]) in (0, 1)
    total = len(folder_with_problems.article_files())
    assert f"1 articles extracted, {total - 1} reused" in capsys.readouterr().err
    manifest = read_manifest(store)
    entry = {f["path"]: f for f in manifest["inputs"]}[folder_with_problems.relative(changed)]
    assert entry["size"] == changed.stat().st_size and len(entry["sha256"]) == 64
    assert changed_inputs(folder_with_problems, manifest) == []


def test_a_dated_part_is_made_again_on_a_later_day(folder_with_problems, tmp_path):
    store = tmp_path / "store"
    build_store(folder_with_problems, store, today=TODAY)
    later, counts = build_store(folder_with_problems, store, today=TODAY + dt.timedelta(days=2))
    assert counts.extracted == 1  # the article dated 7 December is now in the past
    assert "tomorrow" in set(later.sources["id"])


def test_the_store_is_never_read_as_data(folder_with_problems, tmp_path):
    before = folder_with_problems.signature()
    build_store(folder_with_problems, folder_with_problems.store, today=TODAY)
    assert folder_with_problems.signature() == before
    assert folder_with_problems.store not in folder_with_problems.inputs()
    again = load_dataset(folder_with_problems, TODAY)
    assert not any(".store" in p.path for p in again.report.problems)
    inside = folder_with_problems.articles_dir / "store"
    assert cli.main(["build", str(folder_with_problems.root), "--store", str(inside)]) == 2
    assert not inside.exists()


def test_a_failed_rebuild_leaves_the_old_store_whole(folder_with_problems, tmp_path, monkeypatch):
    from loaders.publish import store as store_module

    store = tmp_path / "store"
    build_store(folder_with_problems, store, today=TODAY)
    before = {p.name: p.read_bytes() for p in store.glob("*.parquet")}
    manifest = (store / "manifest.json").read_text()

    def broken(frame, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "_write", broken)
    with pytest.raises(OSError):
        build_store(folder_with_problems, store, today=TODAY)
    assert {p.name: p.read_bytes() for p in store.glob("*.parquet")} == before
    assert (store / "manifest.json").read_text() == manifest
    assert json.loads(manifest)["format"] == 1
    assert not list(tmp_path.glob(".store.*.tmp"))


def test_two_app_processes_starting_at_once_both_built_everything(data_copy, tmp_path):
    """Builds of one store take turns: while one runs, the store's build lock is held, and a
    second build started meanwhile waits, then reuses every article the first extracted."""
    import fcntl
    import threading

    from loaders.publish.current import build_lock

    folder, store = DataFolder(data_copy), tmp_path / "store"
    paused, go = threading.Event(), threading.Event()
    counts: list = []

    def first_advance(_n: int) -> None:
        paused.set()
        go.wait(timeout=120)

    def build(advance=None) -> None:
        counts.append(build_store(folder, store, today=TODAY, advance=advance)[1])

    first = threading.Thread(target=build, args=(first_advance,))
    first.start()
    assert paused.wait(timeout=120)
    # The running build holds the lock.
    with open(build_lock(store), "a") as fh, pytest.raises(BlockingIOError):
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    second = threading.Thread(target=build)
    second.start()
    go.set()
    first.join(timeout=300)
    second.join(timeout=300)
    articles = len(folder.article_files())
    assert [c.extracted for c in counts] == [articles, 0]
    assert counts[1].reused == articles


def _store_files(store: Path) -> dict[str, object]:
    """What a store holds, file by file: each table (and each part) as its rows, the JSON files
    as values; the manifest's own record of the build (when, what it did) left out."""
    out: dict[str, object] = {}
    for path in sorted(store.rglob("*")):
        name = path.relative_to(store).as_posix()
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            out[name] = (table.schema.remove_metadata(), table.to_pylist())
        elif path.suffix == ".json" and path.name != "manifest.json":
            out[name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def test_a_rebuild_after_edits_equals_a_cold_build_table_by_table(folder_with_problems, tmp_path):
    """One article edited, one added (repeating another's claim: a fact of two sources), one
    removed: the rebuild reuses the rest and writes every table and part a cold build of the
    same folder writes."""
    folder = folder_with_problems
    store = tmp_path / "store"
    build_store(folder, store, today=TODAY)
    first, second = folder.article_files()[:2]
    first.write_text(first.read_text(encoding="utf-8") + "\nAbout 70 people were hurt.\n")
    (folder.articles_dir / "again.txt").write_text(
        "---\ndate: 2023-09-21\noutlet: Other Wire\n---\n"
        + first.read_text(encoding="utf-8").split("---\n")[-1],
        encoding="utf-8",
    )
    second.unlink()
    _, counts = build_store(folder, store, today=TODAY)
    assert (counts.extracted, counts.reused) == (2, len(folder.article_files()) - 2)
    cold = tmp_path / "cold"
    build_store(folder, cold, today=TODAY)
    rebuilt, fresh = _store_files(store), _store_files(cold)
    assert set(rebuilt) == set(fresh)
    assert {"facts.parquet", "summary.json", f"{PARTS_DIR}/article_figures.parquet"} <= set(fresh)
    assert {f"{name}.parquet" for name in TABLES} <= set(fresh)
    for name, value in fresh.items():
        assert rebuilt[name] == value, name
    assert (read_frame(cold / "facts.parquet")["n_sources"] > 1).any()


def test_a_moved_folder_reuses_every_part_and_equals_a_cold_build(folder_with_problems, tmp_path):
    """A folder moved elsewhere (its store with it) is rebuilt from its parts, none extracted
    or read again, and the store says what a cold build of the folder where it is now says:
    every problem, source and article names its file at the new place."""
    build_store(folder_with_problems, folder_with_problems.store, today=TODAY)
    moved = DataFolder(folder_with_problems.root.rename(tmp_path / "moved"))
    _, counts = build_store(moved, moved.store, today=TODAY)
    assert (counts.extracted, counts.reused) == (0, len(moved.article_files()))
    assert counts.tables_read == 0 and counts.tables_reused > 0
    cold = tmp_path / "cold"
    build_store(moved, cold, today=TODAY)
    rebuilt, fresh = _store_files(moved.store), _store_files(cold)
    assert rebuilt == fresh
    paths = {p["path"] for p in fresh["problems.json"]}
    assert any(p.endswith("elsewhere.txt") for p in paths)  # an article's and a table's
    assert any("/figures/" in p for p in paths)
    assert all(p.startswith(str(moved.root)) for p in paths)


def test_an_edit_keeping_size_and_time_is_not_missed(folder_with_problems, tmp_path, monkeypatch):
    """An edit that keeps the file's size and puts its modification time back (as `touch -r` or
    `rsync -t` can) changes its change time: the rebuild reads the file again, and the app
    sees the folder changed."""
    from loaders.publish import stored

    monkeypatch.setattr(stored, "RACY_NS", 0)  # every file counts as settled at once
    folder, store = folder_with_problems, tmp_path / "store"
    path = folder.articles_dir / "same-size.txt"
    path.write_text("---\ndate: 2023-09-21\n---\nAbout 4,000 people fled Goris.\n")
    build_store(folder, store, today=TODAY)
    before = path.stat()
    path.write_text("---\ndate: 2023-09-21\n---\nAbout 7,000 people fled Goris.\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert changed_inputs(folder, read_manifest(store)) == [folder.relative(path)]
    dataset, counts = build_store(folder, store, today=TODAY)
    assert counts.extracted == 1 and counts.hashed == 1
    values = dataset.figures.loc[dataset.figures["source"] == "same-size", "value"]
    assert list(values) == [7000]


def test_a_file_changed_as_the_build_scanned_it_is_hashed_again(data_copy):
    """A file whose stat the last build took within RACY_NS of its change is read again even
    when its stat is unchanged: an edit in the same tick of the clock, keeping the size,
    would look the same. Once settled, the stat is trusted."""
    folder = DataFolder(data_copy)
    now = Inputs.scan(folder)
    name = folder.relative(folder.places)
    known = {n: {**entry, "sha256": "from the last build"} for n, entry in now.files.items()}
    changed = max(max(e["mtime_ns"], e["ctime_ns"]) for e in known.values())
    racy = Inputs.scan(folder, known, known_scan=changed + 1)
    assert racy.hash_of(name) == now.hash_of(name) and racy.hashed == len(now.files)
    settled = Inputs.scan(folder, known, known_scan=changed + 60 * 10**9)
    assert settled.hash_of(name) == "from the last build" and settled.hashed == 0


def test_a_build_with_nothing_changed_leaves_the_store_as_it_is(folder_with_problems, capsys):
    """Nothing changed since the last build (a file touched, its content the same): the build
    says so with the same problems and exit status, writes no table, and the app no longer
    sees the folder changed; an edit, another day or other code builds again."""
    from loaders.publish.current import current_store

    folder, store = folder_with_problems, folder_with_problems.store
    first = cli.main(["build", str(folder.root)])
    said = capsys.readouterr().err
    tables = {p.name: p.stat().st_ino for p in store.glob("*.parquet")}
    touched = folder.article_files()[0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    assert changed_inputs(folder, read_manifest(store)) == [folder.relative(touched)]
    assert cli.main(["build", str(folder.root)]) == first
    again = capsys.readouterr().err
    assert "is up to date" in again and "0 articles extracted" in again
    assert again.splitlines()[:-2] == said.splitlines()[:-2]  # the problems, as the build said
    assert _heavy_imports_of_a_build(folder) == []
    assert {p.name: p.stat().st_ino for p in store.glob("*.parquet")} == tables
    assert changed_inputs(folder, read_manifest(store)) == []
    today = dt.date.today()
    assert current_store(folder, store, today)[0] is not None
    assert current_store(folder, store, today + dt.timedelta(days=1))[0] is None
    manifest = read_manifest(store)
    (store / "manifest.json").write_text(json.dumps({**manifest, "build": "other code"}))
    assert current_store(folder, store, today)[0] is None
    touched.write_text(touched.read_text(encoding="utf-8") + "\nAbout 70 people were hurt.\n")
    assert cli.main(["build", str(folder.root)]) == first
    assert "1 articles extracted" in capsys.readouterr().err


def _heavy_imports_of_a_build(folder: DataFolder) -> list[str]:
    """The heavy modules (pandas, Arrow, the extractor, the dataset) a `build` of `folder` in a
    new process imports: none when nothing changed, where they were most of its time (1.2-1.5 s
    of CPU at 10,000 articles) for a check that reads the manifest and the inputs' stat."""
    import subprocess
    import sys

    heavy = ("pandas", "pyarrow", "numpy", "loaders.extract.figures", "loaders.facts.dataset")
    check = (
        "import sys; from loaders.commands import cli; cli.main(sys.argv[1:]);"
        f" print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, "build", str(folder.root)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "is up to date" in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))
