"""Review decisions written to the data folder: accept, reject and correct reach the loaded tables
with who and when; a bad correction is refused with the loaders' message and nothing written;
two maintainers deciding about one figure at once lose nothing."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from loaders.commands.decisions import ReviewConflict, ReviewError, decide, figure_version
from loaders.facts.dataset import load_dataset
from loaders.read.folder import DataFolder

SMALL_ARMS = "85f0e68fb6c4"  # "more than 800 firearms" in the AFP seed
POPULATION = "409b0e0ef07b"  # "up to 120,000" in the AFP seed
WHEN = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)


def figure(folder: Path, figure_id: str) -> dict:
    data = load_dataset(folder)
    return data.figures.set_index("id").loc[figure_id].to_dict() | {"id": figure_id}


def act(folder: Path, figure_id: str, action: str, who: str = "a@example.org", **kw):
    data = DataFolder(folder)
    gazetteer = load_dataset(folder).gazetteer
    return decide(
        data,
        figure(folder, figure_id),
        action,
        who,
        figure_version(data, figure_id),
        gazetteer,
        now=WHEN,
        **kw,
    )


def test_each_decision_reaches_the_tables_with_who_and_when(data_copy):
    before = load_dataset(data_copy).figures.set_index("id")
    assert before.loc[POPULATION, "review"] == "unreviewed"
    act(data_copy, POPULATION, "correct", field="place", value="Stepanakert", reason="sentence")
    act(data_copy, SMALL_ARMS, "reject", who="b@example.org", reason="duplicate")
    extracted = before[(before["method"] == "extracted")].index
    other = next(i for i in extracted if i not in (POPULATION, SMALL_ARMS))
    act(data_copy, other, "accept")
    data = load_dataset(data_copy)
    assert data.report.problems == []
    rows = data.figures.set_index("id")
    assert rows.loc[POPULATION, ["review", "place", "reviewed_by"]].tolist() == [
        "corrected",
        "stepanakert",
        "a@example.org",
    ]
    assert rows.loc[other, ["review", "reviewed_at"]].tolist() == [
        "accepted",
        "2026-12-06 10:00 UTC",
    ]
    gone = data.rejected.set_index("id").loc[SMALL_ARMS]
    assert (gone["review"], gone["reviewed_by"], gone["reason"]) == (
        "rejected",
        "b@example.org",
        "duplicate",
    )
    assert [d.action for d in data.decisions] == ["correct", "reject", "accept"]
    assert data.decisions[0].old == "nagorno_karabakh" and data.decisions[0].new == "Stepanakert"
    fact = data.facts[data.facts["figure_ids"].str.contains(POPULATION)].iloc[0]
    assert fact["review"] == "corrected"
    # corrections.csv keeps its own format: the command line reads it as before
    text = (data_copy / "corrections.csv").read_text()
    assert f"{POPULATION},replace,place,Stepanakert,sentence" in text
    assert f"{SMALL_ARMS},reject,,,duplicate" in text


def test_a_second_correction_of_a_field_replaces_the_first(data_copy):
    act(data_copy, POPULATION, "correct", field="value", value="100000", reason="first")
    act(data_copy, POPULATION, "correct", field="value", value="110000", reason="second")
    data = load_dataset(data_copy)
    assert data.report.problems == []
    assert data.figures.set_index("id").loc[POPULATION, "value"] == 110000
    assert (data_copy / "corrections.csv").read_text().count(POPULATION) == 1
    assert [d.new for d in data.decisions] == ["100000", "110000"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("place", "Atlantis", "not in the gazetteer"),
        ("value", "lots", "number"),
        ("as_of", "2999-01-01", "future"),
        ("subtype", "martians", "subtype"),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_written(data_copy, field, value, message):
    with pytest.raises(ReviewError, match=message):
        act(data_copy, POPULATION, "correct", field=field, value=value, reason="try")
    assert not (data_copy / "review.csv").exists()
    assert load_dataset(data_copy).figures.set_index("id").loc[POPULATION, "review"] == "unreviewed"


def test_reject_and_correct_need_a_reason(data_copy):
    with pytest.raises(ReviewError, match="needs a reason"):
        act(data_copy, SMALL_ARMS, "reject", reason="  ")
    assert not (data_copy / "corrections.csv").exists()
    assert not (data_copy / "review.csv").exists()


def test_the_second_of_two_maintainers_is_told_what_the_first_did(data_copy):
    data = DataFolder(data_copy)
    gazetteer = load_dataset(data_copy).gazetteer
    row = figure(data_copy, SMALL_ARMS)
    seen = figure_version(data, SMALL_ARMS)  # both open the page
    decide(data, row, "reject", "a@example.org", seen, gazetteer, reason="duplicate", now=WHEN)
    with pytest.raises(ReviewConflict, match=r"rejected \(duplicate\) by a@example.org") as info:
        decide(data, row, "accept", "b@example.org", seen, gazetteer, now=WHEN)
    assert "Nothing of yours was written" in str(info.value)
    assert [d.who for d in load_dataset(data_copy).decisions] == ["a@example.org"]


def test_two_maintainers_at_once_lose_nothing(data_copy):
    """Two maintainers decide about one figure at the same moment (each with its own open of the
    folder's lock, as two server sessions have): one is written whole, the other is refused and
    told what the first did; both files stay valid."""
    data = DataFolder(data_copy)
    gazetteer = load_dataset(data_copy).gazetteer
    row = figure(data_copy, SMALL_ARMS)
    seen = figure_version(data, SMALL_ARMS)
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def race(who: str) -> None:
        start.wait()
        try:
            decide(data, row, "correct", who, seen, gazetteer, field="value", value="9", reason=who)
            results[who] = "written"
        except ReviewConflict as exc:
            results[who] = str(exc)

    threads = [threading.Thread(target=race, args=(w,)) for w in ("a@x.org", "b@x.org")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    written = [w for w, r in results.items() if r == "written"]
    assert len(results) == 2 and len(written) == 1, results
    loser = next(w for w in results if w not in written)
    assert f"by {written[0]}" in results[loser]
    loaded = load_dataset(data_copy)
    assert loaded.report.problems == []
    assert [d.who for d in loaded.decisions] == written
