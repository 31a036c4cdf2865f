"""A folder of situation folders (`$SITUATIONS`): which sub-folders are situations, in what
order, and which names an address may open."""

from __future__ import annotations

from loaders.model.problems import Report
from loaders.read.situations import named, situation_folders, situations_root


def _situation(folder, title: str = "") -> None:
    folder.mkdir(parents=True)
    (folder / "situation.yaml").write_text(f"title: {title}\n" if title else "", encoding="utf-8")


def test_situations_are_the_sub_folders_with_a_situation_file_listed_by_title(tmp_path):
    _situation(tmp_path / "zeta", "Aardvark floods")
    _situation(tmp_path / "alpha", "Zebra earthquake")
    _situation(tmp_path / "untitled")
    (tmp_path / "scratch").mkdir()  # no situation.yaml
    (tmp_path / "readme.txt").write_text("not a folder", encoding="utf-8")
    report = Report()
    found = situation_folders(tmp_path, report)
    assert [(s.name, s.title) for s in found] == [
        ("zeta", "Aardvark floods"),
        ("untitled", "untitled"),  # no title: its name
        ("alpha", "Zebra earthquake"),
    ]
    assert not report.problems


def test_a_folder_whose_name_an_address_could_not_carry_is_reported_and_left_out(tmp_path):
    _situation(tmp_path / "two words", "Spaces")
    _situation(tmp_path / ".hidden", "Hidden")
    report = Report()
    assert situation_folders(tmp_path, report) == ()
    assert {p.type for p in report.problems} == {"invalid-situation-name"}
    assert len(report.problems) == 2


def test_only_a_listed_name_opens_a_situation(tmp_path):
    _situation(tmp_path / "inside" / "alpha", "Alpha")
    _situation(tmp_path / "beta", "Beta")  # beside the folder, not in it
    found = situation_folders(tmp_path / "inside", Report())
    assert named(found, "alpha").title == "Alpha"
    for name in ("../beta", "alpha/..", "ALPHA", "", "alpha\x00"):
        assert named(found, name) is None


def test_without_the_variable_the_deployment_serves_one_situation(tmp_path):
    assert situations_root({}) is None
    assert situations_root({"SITUATIONS": " "}) is None
    assert situations_root({"SITUATIONS": str(tmp_path)}) == tmp_path
    report = Report()
    assert situation_folders(tmp_path / "missing", report) == ()
    assert [p.type for p in report.problems] == ["missing-folder"]
