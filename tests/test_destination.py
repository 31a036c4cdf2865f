"""Where build and export may write: never over, around or into the data folder they read, and
never over a folder a build did not make. Run as a user would, through the command line."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from loaders.publish.destination import BUILD_MARKER, UnsafeOutput, check_output
from loaders.publish.output import replace_folder
from tests.conftest import FIXTURES
from tests.conftest import loaders_cli as run

OUTPUTS = FIXTURES / "hostile" / "outputs"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_build_out_the_data_folder_deleted_the_input(data_copy):
    before = _files(data_copy)
    result = run("build", data_copy, "--out", data_copy)
    assert result.returncode == 2
    assert "is the data folder" in result.stderr
    assert _files(data_copy) == before


def test_build_out_dot_replaced_the_folder_holding_data_and_git(data_copy):
    work = data_copy.parent
    (work / ".git").mkdir()
    before = _files(work)
    result = run("build", "--data", data_copy, "--out", work)
    assert result.returncode == 2
    assert "holds the data folder" in result.stderr
    assert _files(work) == before


def test_export_out_data_places_csv_replaced_the_gazetteer(data_copy):
    places = (data_copy / "places.csv").read_bytes()
    result = run("export", data_copy, "--format", "csv", "--out", data_copy / "places.csv")
    assert result.returncode == 2
    assert "is inside the data folder" in result.stderr
    assert (data_copy / "places.csv").read_bytes() == places


def test_build_out_a_folder_that_is_not_a_build_replaced_it(tmp_path):
    mine = tmp_path / "not_a_build"
    shutil.copytree(OUTPUTS / "not_a_build", mine)
    with pytest.raises(UnsafeOutput, match="did not make"):
        check_output(mine, tmp_path / "data", folder=True)
    earlier = tmp_path / "earlier_build"
    shutil.copytree(OUTPUTS / "earlier_build", earlier)
    check_output(earlier, tmp_path / "data", folder=True)  # an earlier build: replaced
    check_output(tmp_path / "new", tmp_path / "data", folder=True)  # a new folder


def test_build_out_a_folder_that_is_not_a_build_is_refused_by_the_command(data_copy, tmp_path):
    mine = tmp_path / "not_a_build"
    shutil.copytree(OUTPUTS / "not_a_build", mine)
    # A repository's own folder (git cannot track one inside the fixture, so it is made here).
    (mine / ".git").mkdir()
    (mine / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    result = run("build", data_copy, "--out", mine)
    assert result.returncode == 2 and BUILD_MARKER in result.stderr
    assert (mine / "notes.txt").exists() and (mine / ".git" / "HEAD").exists()


def test_second_build_to_one_out_deleted_the_first_builds_temporary_folder(tmp_path):
    """A build's temporary folder is locked while the build runs: another build to the same OUT
    leaves it alone (and still clears one a killed build left behind)."""
    out = tmp_path / "out"
    running = tmp_path / ".out.first.tmp"
    running.mkdir()
    (running / "figures.csv").write_text("id\n")
    killed = tmp_path / ".out.killed.tmp"
    killed.mkdir()
    held = os.open(running, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        replace_folder(out, lambda folder: (folder / "figures.csv").write_text("id\n"))
        assert (running / "figures.csv").exists()
    finally:
        os.close(held)
    assert not killed.exists()
    assert (out / "figures.csv").exists()
    assert [p.name for p in tmp_path.glob(".out.*.tmp")] == [running.name]
