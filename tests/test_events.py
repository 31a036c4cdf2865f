"""Adding a key event from the browser: checked by the loaders' own reader, written under the
folder's lock; a bad row is refused with the reader's message and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.commands.decisions import ReviewError
from loaders.commands.events import add_event
from loaders.facts.dataset import load_dataset
from loaders.read.folder import DataFolder

ARTICLE = "2023-09-23-afp-kornidzor-separatists-negotiate-withdrawal"


def test_an_event_reaches_the_timeline_table(data_copy):
    data = load_dataset(data_copy)
    before = len(data.events)
    add_event(
        DataFolder(data_copy),
        data.gazetteer,
        {a.id for a in data.articles},
        dt.date(2023, 9, 24),
        "First buses leave",
        ARTICLE,
        place="Stepanakert",
    )
    events = load_dataset(data_copy).events
    assert len(events) == before + 1
    row = events[events["title"] == "First buses leave"].iloc[0]
    assert (row["place"], row["source"]) == ("stepanakert", ARTICLE)


@pytest.mark.parametrize(
    ("place", "source", "message"),
    [
        ("Atlantis", ARTICLE, "not in the gazetteer"),
        ("", "no-such-article", "neither an article id nor a URL"),
    ],
)
def test_a_bad_event_is_refused_and_nothing_written(data_copy, place, source, message):
    data = load_dataset(data_copy)
    text = (data_copy / "events.csv").read_text()
    with pytest.raises(ReviewError, match=message):
        add_event(
            DataFolder(data_copy),
            data.gazetteer,
            {a.id for a in data.articles},
            dt.date(2023, 9, 24),
            "Something",
            source,
            place=place,
        )
    assert (data_copy / "events.csv").read_text() == text
