"""A new situation built from articles alone, as a new user would (`init`, then the development
corpus's articles about one crisis written into it by `situation-from-corpus`), and its headlines
checked by someone who knows the crisis: no projection, no part taken for the whole, no toll of
another event, no count of one weekend, no old figure shown as current."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from loaders.facts.dataset import load_dataset
from loaders.facts.estimates import STALE_DAYS, estimates, flags_of
from tests.conftest import ROOT, loaders_cli

#: `../shared` beside the project (CI); from a nested git worktree, the nearest one above it.
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "tools").is_dir()),
    ROOT.parent / "shared",
)
TOOL = SHARED / "tools" / "situation-from-corpus"
#: Crises whose articles hold the traps the headline rules exist for.
CRISES = (
    "haiti-cholera-2010",  # 'since the earthquake killed up to 300,000': another event's toll
    "mexico-earthquakes-2017",  # the 1985 quake's 20,000 dead beside this year's toll
    "south-sudan-refugees-uganda-2016",  # '1,239 during the course of the weekend'
    "mosul-offensive-2017",  # '250,000 or more people who could yet be displaced'
)

pytestmark = pytest.mark.skipif(not TOOL.is_file(), reason=f"no {TOOL} (../shared)")


@pytest.fixture(scope="module")
def situations(tmp_path_factory) -> dict:
    """Each crisis as a situation folder made with `init` (once, then copied: every new folder
    starts the same) and the corpus tool, loaded."""
    root = tmp_path_factory.mktemp("situations")
    made = loaders_cli("init", root / "new")
    assert made.returncode == 0, made.stderr
    out = {}
    for crisis in CRISES:
        folder = shutil.copytree(root / "new", root / crisis)
        wrote = subprocess.run(
            [sys.executable, str(TOOL), crisis, str(folder)], capture_output=True, text=True
        )
        assert wrote.returncode == 0, wrote.stdout + wrote.stderr
        data = load_dataset(folder)
        titles = dict(zip(data.sources["id"], data.sources["title"], strict=True))
        out[crisis] = (data, estimates(data.facts, data.figures, data.places, titles))
    return out


def headline(found, key):
    return next((e for e in found if e.key == key and not e.scope), None)


def test_no_headline_is_a_projection_a_rate_or_another_event(situations):
    for crisis, (data, found) in situations.items():
        figures = data.figures.set_index("id")
        for e in found:
            for ref in e.sources:
                f = figures.loc[ref.figure]
                assert f["modality"] == "reported", (crisis, e.key, f["quote"])
                assert f["per"] is None and not f["background"], (crisis, e.key, f["quote"])


def test_an_old_figure_is_never_shown_as_current(situations):
    for _, found in situations.values():
        for e in found:
            assert (e.age_days > STALE_DAYS) == ("stale" in flags_of(e))


def test_the_toll_of_another_event_is_not_this_situations_toll(situations):
    _, haiti = situations["haiti-cholera-2010"]
    assert headline(haiti, "casualties|killed").value == 200  # cholera, not the quake's 300,000
    _, mexico = situations["mexico-earthquakes-2017"]
    assert headline(mexico, "casualties|killed").value == 445  # not 1985's 20,000


def test_a_weekend_of_arrivals_is_not_the_number_who_fled(situations):
    _, found = situations["south-sudan-refugees-uganda-2016"]
    fled = headline(found, "displaced|")
    assert fled is None or fled.value != 1_239


def test_people_who_could_yet_be_displaced_are_not_people_displaced(situations):
    _, found = situations["mosul-offensive-2017"]
    fled = headline(found, "displaced|")
    assert fled is None or fled.value < 250_000
