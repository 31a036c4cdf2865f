"""Links and readable tables: only http(s) becomes a link, labels show literally, codes become
labels, numbers get separators, every row gets a link to its source."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.links import (
    left_out_markdown,
    links_markdown,
    markdown_link,
    readable_table,
    safe_url,
    source_href,
)
from loaders.facts.estimates import SourceRef
from loaders.facts.selection import Period


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/a", "https://a.org/x y", "", None],
)
def test_only_web_addresses_become_links(url):
    assert safe_url(url) == ""
    assert source_href(url or "", "", "") == ""


def test_a_figure_without_an_address_links_to_its_article_on_the_sources_page():
    assert source_href("", "my-article", "f1") == "/sources?article=my-article&figure=f1"
    assert source_href("https://a.org/x", "my-article", "f1") == "https://a.org/x"


def test_links_into_the_app_name_the_situation_when_the_deployment_serves_several():
    href = source_href("", "my-article", "f1", situation="herat")
    assert href == "/sources?situation=herat&article=my-article&figure=f1"
    refs = [SourceRef("Outlet", "", "my-article", "f1")]
    assert "(/sources?situation=herat&article=my-article&figure=f1)" in links_markdown(
        refs, situation="herat"
    )
    row = pd.DataFrame([{"source": "my-article", "id": "f1"}])
    assert readable_table(row, situation="herat")["link"].tolist() == [href]


def test_a_link_label_shows_literally_and_its_address_cannot_end_early():
    text = markdown_link("[click](javascript:x) *bold*", "https://a.org/p)(q")
    assert text.startswith("[\\[click\\]")
    assert "](https://a.org/p%29%28q)" in text
    refs = [SourceRef(f"Outlet {i}", f"https://a.org/{i}") for i in range(6)]
    assert links_markdown(refs).endswith("· and 2 more")


def test_tables_show_labels_separators_and_links():
    table = pd.DataFrame(
        {
            "as_of": [dt.date(2023, 9, 28), dt.date(2023, 9, 23)],
            "indicator": ["population", "displaced"],
            "subtype": [None, None],
            "value": [120000.0, 800.0],
            "value_max": [None, None],
            "unit": ["people", "people"],
            "qualifier": ["exact", "more_than"],
            "place": ["nagorno_karabakh", None],
            "note": [None, "peacekept"],
            "sources": ["Sputnik Arabic", "article-1"],
            "source_ids": ["table", "article-1"],
            "urls": ["https://sarabic.ae/x", ""],
            "figure_ids": ["a1", "b2"],
        }
    )
    out = readable_table(table, {"nagorno_karabakh": "Nagorno-Karabakh"}, {"article-1": "Title"})
    assert out["value"].tolist() == ["120,000", "> 800"]
    assert out["hedge"].tolist() == ["exact", "more than"]
    assert out["place"].tolist() == ["Nagorno-Karabakh", ""]
    assert out["what"].tolist()[0] == "Population: total"
    assert out["source"].tolist() == ["Sputnik Arabic", "Title"]
    assert out["link"].tolist() == ["https://sarabic.ae/x", "/sources?article=article-1&figure=b2"]
    assert "None" not in out.to_string()


def test_the_period_note_links_to_all_dates():
    period = Period(
        dt.date(2023, 9, 18),
        dt.date(2023, 10, 20),
        dt.date(2023, 9, 18),
        dt.date(2024, 2, 1),
        1,
        (dt.date(2024, 2, 1),),
    )
    text = left_out_markdown(period)
    assert "1 figure outside it left out" in text
    assert text.endswith("(/?start=2023-09-18&end=2024-02-01)")
    elsewhere = left_out_markdown(period, "/timeline", situation="herat")
    assert elsewhere.endswith("(/timeline?situation=herat&start=2023-09-18&end=2024-02-01)")


def test_sources_count_once_per_label_and_place_they_open():
    """Two refs that open the same page under the same label are one source; an estimate's
    sources past the named ones are counted, not dropped."""
    refs = [
        SourceRef("Wire", "https://a.org/1", "art-1", "f1"),
        SourceRef("Wire", "https://a.org/1", "art-2", "f2"),  # the same address: once
        SourceRef("Daily", "", "art-3", "f3"),
        SourceRef("Daily", "", "art-3", "f4"),  # another figure of it: its own link
        SourceRef("Daily", "", "art-3", "f3"),  # again: once
        SourceRef("Post", "", "", ""),
        SourceRef("Post", "", "", ""),  # no address either time: once
        SourceRef("Herald", "javascript:x", "art-5", ""),  # not a web address: its article
    ]
    text = links_markdown(refs, limit=2)
    assert text.startswith("[Wire](https://a.org/1) · [Daily](/sources?article=art-3&figure=f3)")
    assert text.endswith("· and 3 more")


def test_latest_table_rows_of_one_place_say_where_people_came_from():
    """Defect (the overview's latest table): two rows of people displaced in Poland, one of
    people from Ukraine and one naming no origin, looked the same; when any row names where
    people came from, a 'from' column says it (synthetic rows)."""
    table = pd.DataFrame(
        {
            "indicator": ["displaced", "displaced"],
            "subtype": [None, None],
            "value": [3_090_000.0, 1_067_000.0],
            "value_max": [None, None],
            "unit": ["people", "people"],
            "qualifier": ["exact", "about"],
            "place": ["pl", "pl"],
            "origin": ["ua", None],
        }
    )
    out = readable_table(table, {"pl": "Poland", "ua": "Ukraine"})
    assert out["from"].tolist() == ["Ukraine", ""]
    assert "from" not in readable_table(table.assign(origin=None), {"pl": "Poland"})
