"""The store's answers through DuckDB (`StoreQuery`) are the answers of the tables in memory
(`FrameQuery`, the loaders' own selection): rows, pages, counts, the latest table, the map's and
the timeline's inputs, and the headline estimates, on the bundled data and on a SYNTHETIC table,
for several views."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.synthetic import write_table
from dashboard.map.geo import MOVEMENT_INDICATORS, flows
from dashboard.timeline.charts import timeline_figure
from dashboard.timeline.series import choose_from_days
from loaders.facts.consolidate import latest_by_place
from loaders.facts.estimates import QUESTIONS
from loaders.facts.kernels import day_column
from loaders.facts.selection import Filters, prepared
from loaders.publish import query as query_module
from loaders.publish.exports import render, write_batches
from loaders.publish.frames import read_frame, write_frame
from loaders.publish.output import csv_text
from loaders.publish.query import LATEST, STARTUP, FrameQuery, StoreQuery
from loaders.publish.rule_days import HELD_CELLS
from loaders.publish.store import build_store
from loaders.publish.summary import SUMMARY
from loaders.read.folder import DataFolder
from tests.conftest import DATA

TODAY = dt.date(2026, 12, 6)


def _pair(store: Path) -> tuple[FrameQuery, StoreQuery]:
    tables = {n: read_frame(store / f"{n}.parquet") for n in ("figures", "facts", "places")}
    sources = read_frame(store / "sources.parquet")
    reference = FrameQuery(tables["figures"], tables["facts"], tables["places"], sources)
    return reference, StoreQuery(store, tables["places"], sources)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    store = tmp_path_factory.mktemp("bundled") / "store"
    build_store(DataFolder(DATA), store, today=TODAY)
    return _pair(store)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """The bundled folder with a SYNTHETIC table of 1,000 rows over a year."""
    root = tmp_path_factory.mktemp("synthetic") / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns(".store"))
    write_table(root / "figures" / "synthetic.csv", 1_000)
    build_store(DataFolder(root), root / ".store", today=TODAY)
    return _pair(root / ".store")


def _views(query: FrameQuery) -> list[Filters]:
    """The default view, a few days of all dates, two indicators, three places."""
    p = query.period
    places = tuple(sorted(query.places["id"].astype(str)))[:3]
    return [
        Filters(p.start, p.end),
        Filters(p.first, p.start + dt.timedelta(days=3)),
        Filters(p.first, p.last, ("displaced", "aid")),
        Filters(p.start, p.end, (), places),
    ]


@pytest.fixture(params=["bundled", "synthetic"])
def pair(request) -> tuple[FrameQuery, StoreQuery]:
    return request.getfixturevalue(request.param)


def test_rows_pages_and_counts_are_the_tables_in_memory(pair):
    reference, store = pair
    assert store.period == reference.period
    assert store.indicator_counts() == reference.indicator_counts()
    for view in _views(reference):
        for table in ("figures", "facts"):
            pd.testing.assert_frame_equal(store.rows(table, view), reference.rows(table, view))
            assert store.count(table, view) == reference.count(table, view)
        assert store.indicator_counts(view) == reference.indicator_counts(view)
        assert store.source_counts(view) == reference.source_counts(view)
        assert store.without_place(view) == reference.without_place(view)
    view = _views(reference)[0]
    pd.testing.assert_frame_equal(
        store.rows("facts", view, 7, 5), reference.rows("facts", view, 7, 5)
    )


def test_the_latest_table_map_and_timeline_read_the_same_from_fewer_rows(pair):
    reference, store = pair
    moved = 0

    def at_whole(rows: pd.DataFrame) -> pd.DataFrame:  # as `whole_at_country` puts them
        return rows.assign(place=rows["place"].astype(object).fillna("whole"))

    for view in _views(reference):
        picked = store.latest_rows(view, moves=tuple(MOVEMENT_INDICATORS))
        assert len(picked) <= reference.count("facts", view)
        everything = reference.latest_rows(view)
        pd.testing.assert_frame_equal(latest_by_place(picked), latest_by_place(everything))
        assert store.latest_rows(view)["place"].notna().all()  # the table's: of places only
        pd.testing.assert_frame_equal(flows(picked), flows(everything))
        # The map's: with the latest of the rows that name no place (the whole situation's).
        whole = at_whole(store.latest_rows(view, placeless=True))
        wanted = at_whole(everything)
        moved += int(whole["place"].eq("whole").sum())
        pd.testing.assert_frame_equal(latest_by_place(whole), latest_by_place(wanted))
    assert moved > 0
    events = pd.DataFrame(columns=["date", "title", "place", "source", "note"])
    for view in _views(reference):
        for indicator in ("displaced", "aid", "casualties"):
            one = Filters(view.start, view.end, (indicator,), view.places)
            if not reference.count("facts", one):
                continue
            days = store.series_days(one, indicator)
            choice = choose_from_days(days, indicator, lambda w, v=one: store.series_rows(v, w))
            drawn = timeline_figure(None, events, indicator, choice=choice)
            wanted = timeline_figure(reference.rows("facts", one), events, indicator)
            assert drawn.to_json() == wanted.to_json(), (view, indicator)


def test_estimates_of_every_view_are_the_estimates_of_the_tables_in_memory(pair):
    reference, store = pair
    for view in _views(reference):
        assert store.estimates(view) == reference.estimates(view)
    view = _views(reference)[2]
    assert store.estimates(view, review_only=True) == reference.estimates(view, review_only=True)


def test_the_default_view_is_answered_from_the_build_without_reading_rows(bundled, monkeypatch):
    """A new app process draws the overview from the build's summary: the same estimates, and
    no query of the figures or facts."""
    reference, store = bundled
    fresh = StoreQuery(store.store, store.places, store.sources)
    default = Filters(reference.period.start, reference.period.end)
    monkeypatch.setattr(fresh, "_execute", lambda *a, **k: pytest.fail("read rows"))
    assert fresh.period == reference.period
    assert fresh.estimates(default) == reference.estimates(default)
    assert json.loads((store.store / SUMMARY).read_text())["rows"]["facts"] == len(
        reference.tables["facts"]
    )


def test_a_new_process_draws_the_overview_without_scanning_the_figures_or_facts(
    bundled, tmp_path, monkeypatch
):
    """The overview's latest table, the cards' review flags and the columns' categories of the
    default view come from what the build wrote (a scan of ten million facts took minutes on a
    new process), and are what the store answers in SQL."""
    reference, store = bundled
    default = Filters(reference.period.start, reference.period.end)
    asked = tmp_path / "asked"
    shutil.copytree(store.store, asked)
    for name in (LATEST, STARTUP):
        (asked / name).unlink()
    in_sql = StoreQuery(asked, store.places, store.sources)
    fresh = StoreQuery(store.store, store.places, store.sources)
    monkeypatch.setattr(fresh, "_execute", lambda *a, **k: pytest.fail("read rows"))
    found = fresh.estimates(default)
    facts = [e.fact_id for e in found if e.fact_id]
    figures = [s.figure for e in found for p in e.parts for s in p.sources if s.figure]
    assert facts and figures
    assert fresh.review_states("facts", facts) == in_sql.review_states("facts", facts)
    assert fresh.review_states("figures", figures) == in_sql.review_states("figures", figures)
    pd.testing.assert_frame_equal(fresh.latest_rows(default), in_sql.latest_rows(default))
    assert fresh._categories_of("facts") == in_sql._categories_of("facts")
    assert fresh._categories_of("figures") == in_sql._categories_of("figures")


def test_review_states_and_a_sources_figures(bundled):
    reference, store = bundled
    ids = reference.tables["figures"]["id"].head(5).tolist() + ["no-such-id"]
    assert store.review_states("figures", ids) == reference.review_states("figures", ids)
    source = str(reference.tables["figures"]["source"].iloc[0])
    pd.testing.assert_frame_equal(
        store.source_rows("figures", source), reference.source_rows("figures", source)
    )


@pytest.mark.parametrize("name", ["bundled", "contradictory"])
def test_the_review_states_of_a_views_headlines_are_known_without_a_query(
    name, request, monkeypatch
):
    """A view's estimates keep the review states of the facts they headline and the figures
    their cards' lines cite (what the overview's unreviewed flags ask: `review_states`), so
    those flags ask the store nothing more: the states are those the store's tables hold."""
    reference, store = request.getfixturevalue(name)
    fresh, asked = (StoreQuery(store.store, store.places, store.sources) for _ in range(2))
    fresh.__dict__["startup"] = {}  # not the states the build wrote for the default view
    p = reference.period
    found = fresh.estimates(Filters(p.first, p.last - dt.timedelta(days=1)))
    facts = [e.fact_id for e in found if e.fact_id]
    figures = [s.figure for e in found for x in e.parts for s in x.sources if s.figure]
    wanted = asked.review_states("facts", facts), asked.review_states("figures", figures)
    assert wanted[0] and (wanted[1] or name == "contradictory")  # its figures have no review
    monkeypatch.setattr(fresh, "_execute", lambda *a: pytest.fail("asked the store"))
    assert fresh.review_states("facts", facts) == wanted[0]
    assert fresh.review_states("figures", figures) == wanted[1]


#: Outlets of the SYNTHETIC contradictory store: (label, source id, read by the extractor).
#: Two carry one wire (one independent source); the rest are outlets of their own or tables.
_OUTLETS = (
    ("Reuters", "art-reuters", True),
    ("TODAY (Reuters)", "art-today", True),
    ("AFP", "art-afp", True),
    ("Le Monde", "art-lemonde", True),
    ("Ministry table", "tab-ministry", False),
    ("UN table", "tab-un", False),
)
#: (indicator, subtype, unit): stocks, a flow, donors added and donors' latest figures, and an
#: indicator no question reads.
_ENTRIES = (
    ("displaced", None, "people"),
    ("displaced", "daily", "people"),
    ("population", None, "people"),
    ("casualties", "killed", "people"),
    ("casualties", "injured", "people"),
    ("aid", "tonnage", "tonnes"),
    ("aid", "funding", "USD"),
    ("aid", "funding", "EUR"),
    ("weapons_surrendered", "small_arms", "items"),
)
#: Notes that make a figure whole, a subgroup's, an incident's, a remaining group's, a
#: projection, a period's; for aid, a named donor or none.
_NOTES = (
    "",
    "",
    "",
    None,
    "peacekeepers",
    "fuel depot explosion",
    "people remain",
    "expected",
    "overnight",
)
_DONORS = ("", "", "EU", "USA", "reported by AFP")
#: An outlet that only ever gives a donor's lower report of a day (never its best).
_RADIO = ("Local radio", "tab-radio", False)
#: SYNTHETIC deliveries counted in a unit of their own, each row making one rule of the donor
#: sum choose: (day, note, outlet, value). Two lines of equal totals whose first deliveries
#: sort against their names (UN: 20 + 30, Ministry: 50); one named donor's same value 3 days
#: later (the same delivery) and 4 days after that (another); one donor's two reports of a day
#: under different notes (no donor named, and a note naming the same reporter): one best; a day
#: whose lower report comes from an outlet nothing else cites; a subgroup's delivery; a
#: single-source extracted report exactly a third of its neighbours (not an outlier); one before
#: every other, far above the first after it (an outlier with no neighbour before).
_DELIVERIES = (
    (30, "", "UN table", 20.0),
    (31, "", "UN table", 30.0),
    (30, "", "Ministry table", 50.0),
    (32, "EU", "AFP", 70.0),
    (35, "EU", "Le Monde", 70.0),
    (39, "EU", "AFP", 70.0),
    (38, "", "AFP", 21.0),
    (38, "reported by AFP", "Reuters", 22.0),
    (31, "", "Reuters", 10.0),
    (33, "USA", "Ministry table", 80.0),
    (33, "USA", "Local radio", 40.0),
    (34, "peacekeepers", "UN table", 999.0),
    (29, "", "Reuters", 900.0),
)
_PLACES = pd.DataFrame(
    {
        "id": ["north", "north-town", "north-village", "south", "south-town"],
        "name": ["North", "North Town", "North Village", "South", "South Town"],
        "parent": [None, "north", "north-town", None, "south"],
    }
)


def _contradictory_tables(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SYNTHETIC facts and figures that make every headline rule choose: several sources a
    day that disagree (and tie), single-source extracted outliers, reports the same day from
    one wire through two outlets, projections, rates, background figures, corrections and
    review states, parts by place, incidents, donors named and not; projections about the
    place most facts are not about (the situation's region counts them)."""
    rng = random.Random(seed)
    start = dt.date(2024, 3, 1)
    facts, figures = [], []
    for i in range(n):
        indicator, subtype, unit = rng.choice(_ENTRIES)
        day = start + dt.timedelta(days=rng.choice([rng.randint(0, 40), 37, 38, 40, 40]))
        base = 1_000 * (1 + (day - start).days / 10)
        value = float(round(base * rng.choice([1, 1, 1, 0.95, 1.05, 0.5, 12, 0.05])))
        if rng.random() < 0.15 and facts:  # the same value again (ties)
            value = facts[-1]["value"]
        picked = rng.sample(_OUTLETS, rng.choice([1, 1, 1, 2, 3]))
        if indicator == "population":  # a question with no single-source extracted facts
            picked = rng.sample(_OUTLETS[-2:], rng.choice([1, 2]))
            day = rng.choice([day, start + dt.timedelta(days=37)])
        ids = [f"fig-{i}-{k}" for k in range(len(picked))]
        for fid, (label, source, extracted) in zip(ids, picked, strict=True):
            figures.append(
                {
                    "id": fid,
                    "source": source,
                    "method": "extracted" if extracted else "table",
                    "source_outlet": label,
                    "source_url": f"https://example.org/{source}/{i}",
                    "as_of": day,
                }
            )
        note = rng.choice(_DONORS if indicator == "aid" else _NOTES)
        facts.append(
            {
                "id": f"fact-{i}",
                "indicator": indicator,
                "subtype": subtype if subtype or rng.random() < 0.5 else "",
                "as_of": day,
                "place": rng.choice(
                    [
                        None,
                        None,
                        "north",
                        "north-town",
                        "north-village",
                        "south",
                        "south-town",
                        "elsewhere",
                    ]
                ),
                "value": value,
                "value_max": value * 1.2 if rng.random() < 0.1 else None,
                "unit": unit,
                "qualifier": rng.choice(["exact", "exact", "about", "more_than"]),
                "note": note,
                "sources": " | ".join(p[0] for p in picked),
                "source_ids": " | ".join(p[1] for p in picked),
                "figure_ids": " | ".join(ids),
                "modality": "projected" if rng.random() < 0.05 else "reported",
                "origin": None,
                "destination": None,
                "per": "day" if rng.random() < 0.03 else None,
                "background": rng.random() < 0.03,
                "disputed": rng.random() < 0.1,
                "corrected": rng.random() < 0.05,
                "n_sources": len(picked),
                "review": rng.choice([None, None, "accepted", "corrected", "rejected"]),
            }
        )
    for fact in rng.sample(facts, n // 10):  # projections where the region is not
        fact.update(indicator="casualties", subtype="killed", unit="people", modality="projected")
        fact.update(place="south-town")
    outlets = {o[0]: o for o in (*_OUTLETS, _RADIO)}
    for k, (offset, note, label, value) in enumerate(_DELIVERIES):
        _, source, extracted = outlets[label]
        day = start + dt.timedelta(days=offset)
        fid = f"fig-pallets-{k}"
        figures.append(
            {
                "id": fid,
                "source": source,
                "method": "extracted" if extracted else "table",
                "source_outlet": label,
                "source_url": f"https://example.org/{source}/pallets-{k}",
                "as_of": day,
            }
        )
        facts.append(
            {
                **facts[0],
                "id": f"fact-pallets-{k}",
                "indicator": "aid",
                "subtype": "tonnage",
                "as_of": day,
                "place": None,
                "value": value,
                "value_max": None,
                "unit": "pallets",
                "qualifier": "exact",
                "note": note,
                "sources": label,
                "source_ids": source,
                "figure_ids": fid,
                "modality": "reported",
                "per": None,
                "background": False,
                "n_sources": 1,
                "review": "accepted",
            }
        )
    return prepared(pd.DataFrame(facts)), prepared(pd.DataFrame(figures))


@pytest.fixture(scope="module")
def contradictory(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """A store of SYNTHETIC contradictory, multi-source, corrected and projected facts."""
    store = tmp_path_factory.mktemp("contradictory")
    facts, figures = _contradictory_tables(2_500, seed=3)
    for name, frame in (("facts", facts), ("figures", figures), ("places", _PLACES)):
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), store / f"{name}.parquet")
    outlets = (*_OUTLETS, _RADIO)
    sources = pd.DataFrame({"id": [o[1] for o in outlets], "title": [o[0] for o in outlets]})
    tables = {n: read_frame(store / f"{n}.parquet") for n in ("figures", "facts")}
    reference = FrameQuery(tables["figures"], tables["facts"], _PLACES, sources)
    return reference, StoreQuery(store, _PLACES, sources)


#: SYNTHETIC reports of two stock series (day, indicator, subtype, value, outlets, disputed), in
#: the order of their positions: an injured count of the first day by one outlet, and on day
#: 40 a displacement count whose headline (the highest of one source) is disputed and whose
#: rival (another outlet, another value) and only newer source than the injured count's are
#: neither its pick nor its first: the rules read them among the window's other reports only.
_WINDOW_REPORTS = (
    (0, "casualties", "injured", 50.0, ("UN table",), False),
    (0, "casualties", "injured", 52.0, ("UN table",), False),
    (20, "displaced", None, 400.0, ("UN table",), False),
    (40, "displaced", None, 1000.0, ("UN table",), True),
    (40, "displaced", None, 900.0, ("UN table",), False),
    (40, "displaced", None, 950.0, ("Ministry table",), False),
    (40, "displaced", None, 980.0, ("UN table",), False),
)


@pytest.fixture(scope="module")
def rival_among_the_window(tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """A store whose only rival of a headline and only newer source than a stale one are
    reports near a series' last day that are no day's pick (`_WINDOW_REPORTS`)."""
    store = tmp_path_factory.mktemp("window")
    start, outlets = dt.date(2024, 3, 1), {o[0]: o for o in _OUTLETS}
    facts, figures = [], []
    for k, (offset, indicator, subtype, value, labels, disputed) in enumerate(_WINDOW_REPORTS):
        day = start + dt.timedelta(days=offset)
        ids = [f"fig-w{k}-{n}" for n in range(len(labels))]
        for fid, label in zip(ids, labels, strict=True):
            _, source, _ = outlets[label]
            figures.append(
                {"id": fid, "source": source, "method": "table", "source_outlet": label}
                | {"source_url": f"https://example.org/{source}/w{k}", "as_of": day}
            )
        facts.append(
            {"id": f"fact-w{k}", "indicator": indicator, "subtype": subtype, "as_of": day}
            | {"place": None, "value": value, "value_max": None, "unit": "people"}
            | {"qualifier": "exact", "note": "", "sources": " | ".join(labels)}
            | {"source_ids": " | ".join(outlets[x][1] for x in labels), "figure_ids": ids[0]}
            | {"modality": "reported", "origin": None, "destination": None, "per": None}
            | {"background": False, "disputed": disputed, "n_sources": len(labels)}
            | {"review": "accepted"}
        )
    tables = {"facts": prepared(pd.DataFrame(facts)), "figures": prepared(pd.DataFrame(figures))}
    for name, frame in (*tables.items(), ("places", _PLACES)):
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), store / f"{name}.parquet")
    sources = pd.DataFrame({"id": [o[1] for o in _OUTLETS], "title": [o[0] for o in _OUTLETS]})
    tables = {n: read_frame(store / f"{n}.parquet") for n in ("figures", "facts")}
    reference = FrameQuery(tables["figures"], tables["facts"], _PLACES, sources)
    return reference, StoreQuery(store, _PLACES, sources)


def _windowed(pair: tuple[FrameQuery, StoreQuery], where: Path) -> tuple[FrameQuery, StoreQuery]:
    """The store of `pair` copied to `where` with the window file the build writes
    (`window_facts`): a view reads its stock series' window reports as slices of it."""
    reference, store = pair
    shutil.copytree(store.store, where)
    windowed = StoreQuery(where, store.places, store.sources)
    windowed.write_window_facts()
    assert windowed._window_file() is not None
    return reference, windowed


@pytest.fixture(scope="module")
def bundled_unheld(bundled, tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """The bundled store without the build's held cells file (`HELD_CELLS`): a view of every
    place reads set 0 of the rule cells instead, as a store of an older build does."""
    reference, store = bundled
    where = tmp_path_factory.mktemp("unheld") / "store"
    shutil.copytree(store.store, where)
    (where / HELD_CELLS).unlink()
    return reference, StoreQuery(where, store.places, store.sources)


@pytest.fixture(scope="module")
def contradictory_windowed(contradictory, tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """The contradictory store with the build's window file (its views of checked facts only
    read the window's reports from the facts: both ways on one store)."""
    return _windowed(contradictory, tmp_path_factory.mktemp("contradictory_w") / "store")


@pytest.fixture(scope="module")
def rival_windowed(rival_among_the_window, tmp_path_factory) -> tuple[FrameQuery, StoreQuery]:
    """The store of `rival_among_the_window` with the build's window file."""
    return _windowed(rival_among_the_window, tmp_path_factory.mktemp("window_w") / "store")


def _estimate_views(query: FrameQuery) -> list[tuple[Filters, bool]]:
    """Views of every kind, each with all facts or the reviewed facts only."""
    p = query.period
    return [
        (Filters(p.start, p.end), False),
        (Filters(p.start, p.end), True),
        (Filters(p.first, p.last - dt.timedelta(days=2)), False),
        (Filters(p.last - dt.timedelta(days=9), p.last, ("aid", "casualties")), True),
        (Filters(p.first, p.last, (), ("north", "north-town", "south-town", "stepanakert")), False),
        (Filters(p.first, p.last - dt.timedelta(days=5), (), ("north", "south-town")), True),
        (Filters(p.first + dt.timedelta(days=10), p.first + dt.timedelta(days=20)), False),
        (Filters(p.last - dt.timedelta(days=3), p.last - dt.timedelta(days=3)), False),
        (Filters(p.first, p.last, ("weapons_surrendered",)), False),
        (Filters(p.first, p.last - dt.timedelta(days=1), ("aid", "displaced")), False),
    ]


def _ends(query: FrameQuery) -> tuple[dt.date, dt.date]:
    """The first and last day of the query's facts."""
    return query.period.first, query.period.last


def _key(estimate: object) -> str:
    return str(getattr(estimate, "indicator", ""))


@pytest.mark.parametrize(
    "name",
    [
        "bundled",
        "bundled_unheld",
        "contradictory_windowed",
        "rival_among_the_window",
        "rival_windowed",
    ],
)
def test_estimates_from_the_rows_narrowed_in_sql_are_those_of_every_row(name, request):
    """The estimates of a view the store works out from its rule cells (`rule_days`: per series
    and day the rules' pick, with the reports near each series' last day and single-source
    extracted ones read whole) are the estimates worked out from every row in memory, for
    periods ending on varied days, a single day, some indicators, places and reviewed facts
    only; and the store reads fewer rows than the view holds."""
    reference, store = request.getfixturevalue(name)
    for view, review_only in _estimate_views(reference):
        wanted = reference.estimates(view, review_only=review_only)
        assert store.estimates(view, review_only=review_only) == wanted, (view, review_only)
    if name.startswith("rival"):  # what the reports no pick stands for decide
        injured, displaced = sorted(store.estimates(Filters(*_ends(reference))), key=_key)
        assert injured.stale and displaced.disputed and displaced.n_reports == 4
    if name.startswith("contradictory"):
        everything = Filters(reference.period.first, reference.period.last)
        found = reference.estimates(everything)
        assert any(e.unconfirmed for e in found) and any(e.scope for e in found)
        assert {e.counting for e in found} >= {"sum", "latest"}
        (pallets,) = [e for e in found if e.unit == "pallets"]
        assert [(p.label, p.value, p.note) for p in pallets.parts] == [
            ("EU (2 deliveries)", 140, "EU"),
            ("USA", 80, "USA"),
            ("reported by UN table (2 deliveries)", 50, ""),
            ("reported by Ministry table", 50, ""),
            ("reported by AFP", 22, "reported by AFP"),
            ("reported by Reuters", 10, ""),
        ]
        cells = store._cells_in(everything, False)
        where = store._where("facts", everything)
        narrowed, *_ = store._narrowed(cells, store._light(cells), [], *where)
        assert len(narrowed) < reference.count("facts", everything)


@pytest.fixture(scope="module")
def hostile(bundled, tmp_path_factory) -> StoreQuery:
    """The bundled store with cells a spreadsheet would run as formulas (and a negative number
    written as text, which it would not) in the figures and facts."""
    _, store = bundled
    where = tmp_path_factory.mktemp("hostile")
    for name in ("places", "sources"):
        shutil.copy(store.store / f"{name}.parquet", where / f"{name}.parquet")
    for name, cells in (
        ("figures", {"quote": '=HYPERLINK("x")', "note": "@SUM(A1)", "source_outlet": "-12"}),
        ("facts", {"note": "+cmd|' /C calc'!A0", "sources": "\tTab | =1+1"}),
    ):
        frame = read_frame(store.store / f"{name}.parquet")
        for row, (column, text) in enumerate(cells.items()):
            frame[column] = frame[column].astype(object)
            frame.loc[frame.index[row * 3], column] = text
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), where / f"{name}.parquet")
    return StoreQuery(where, store.places, store.sources)


@pytest.mark.parametrize("fmt", ["csv", "hxl", "json", "geojson", "facts"])
def test_an_export_streamed_from_the_store_is_the_download_made_from_every_row(hostile, fmt):
    """The Data page's downloads written a few rows at a time as DuckDB streams them (a
    million rows never held at once) are the files made from every row in view: the same
    bytes, formula cells neutralised, for all dates and for a few days and places."""
    places = hostile.places
    p = hostile.period
    for view in (Filters(p.first, p.last), Filters(p.start, p.start + dt.timedelta(days=4))):
        figures, facts = hostile.rows("figures", view), hostile.rows("facts", view)
        wanted = csv_text(facts) if fmt == "facts" else render(fmt, figures, facts, places)
        out = io.StringIO()
        table = "facts" if fmt == "facts" else "figures"
        write_batches(
            fmt, hostile.batches(table, view, size=7), out, places, facts=hostile.latest_rows(view)
        )
        assert out.getvalue() == wanted
    if fmt in ("csv", "hxl", "facts"):
        assert "'=HYPERLINK" in wanted or "'+cmd" in wanted
        assert "\n=" not in wanted and ",=" not in wanted and ",@" not in wanted


def test_rule_cells_made_a_run_of_days_at_a_time_are_those_made_at_once(contradictory, monkeypatch):
    """The build makes a store's rule cells a run of days at a time, so memory stays bounded at
    ten million facts: the cells are those one pass over every fact makes."""
    _, store = contradictory
    at_once = StoreQuery(store.store, store.places, store.sources)._made_cells()
    monkeypatch.setattr(query_module, "CHUNK_FACTS", 200)
    by_days = StoreQuery(store.store, store.places, store.sources)
    assert len(by_days._day_runs()) > 5
    assert by_days._made_cells().equals(at_once)


def test_a_store_without_this_summary_format_has_the_period_of_every_fact(pair, tmp_path):
    """A store built by an older version (its summary of another format), shown while the new
    build runs, works out the default period without holding every fact (at 30 M rows that
    took 24 GB): the same period, far dates and left-out rows as from the facts themselves."""
    reference, store = pair
    old = tmp_path / "store"
    shutil.copytree(store.store, old)
    summary = json.loads((old / SUMMARY).read_text(encoding="utf-8"))
    (old / SUMMARY).write_text(json.dumps({**summary, "format": -1}), encoding="utf-8")
    # Three facts of one day far after the others: left out of the period, counted as three.
    facts = reference.tables["facts"].copy()
    far = max(facts["as_of"]) + (max(facts["as_of"]) - min(facts["as_of"])) + dt.timedelta(days=90)
    facts.loc[facts.index[-3:], "as_of"] = far
    facts.loc[facts.index[-3:], day_column("as_of")] = pd.Timestamp(far)
    write_frame(facts, old / "facts.parquet")
    older = StoreQuery(old, store.places, store.sources)
    assert not older.summary
    wanted = FrameQuery(reference.tables["figures"], facts, store.places, store.sources).period
    assert older.period == wanted and wanted.left_out >= 3


def test_the_latest_rows_read_from_row_groups_and_from_facts_in_view_are_the_same(
    synthetic, tmp_path
):
    """The latest table's facts read from the build's picks per day (`latest_days.parquet`),
    and in a store built before it, picked from the facts in view and read by position from
    the row groups holding them, are those of every fact in view."""
    reference, store = synthetic
    copy, older = tmp_path / "store", tmp_path / "older"
    facts = pq.read_table(store.store / "facts.parquet")
    for where, files in ((copy, ("figures", "latest_days")), (older, ("figures",))):
        where.mkdir()
        for name in files:
            shutil.copy(store.store / f"{name}.parquet", where / f"{name}.parquet")
        shutil.copy(store.store / STARTUP, where / STARTUP)
        pq.write_table(facts, where / "facts.parquet", row_group_size=97)
    for where in (copy, older):
        other = StoreQuery(where, store.places, store.sources)
        assert len(other._group_starts("facts")) > 10
        for view in _views(reference)[1:]:
            pd.testing.assert_frame_equal(
                latest_by_place(other.latest_rows(view)),
                latest_by_place(reference.latest_rows(view)),
            )


def test_rule_cells_written_out_of_day_order_are_held_in_day_order(bundled, tmp_path):
    """The cells held in memory are sliced by day, and the build writes them in day order, so
    they are read as written; a rule cells file whose rows are in another order (reversed
    here) is held sorted by day, and its views' estimates are those of every row."""
    reference, store = bundled
    shutil.copytree(store.store, tmp_path / "store")
    path = tmp_path / "store" / "rule_days.parquet"
    cells = pq.read_table(path)
    pq.write_table(cells.take(pa.array(np.arange(cells.num_rows)[::-1])), path)
    copy = StoreQuery(tmp_path / "store", store.places, store.sources)
    _, days = copy._held_cells()
    assert len(days) > 10 and (np.diff(days) >= 0).all()
    p = reference.period
    for view in (Filters(p.start, p.end - dt.timedelta(days=1)), Filters(p.first, p.last)):
        assert copy._held_part(view, False) is not None
        assert copy.estimates(view) == reference.estimates(view), view


@pytest.mark.parametrize("name", ["bundled", "contradictory"])
def test_the_rule_cells_sliced_from_memory_are_those_the_store_gives(name, request):
    """A view of every place and fact reads its rule cells from the cells held in memory (one
    slice of days, its indicators): the same cells DuckDB gives for the view, and the same
    picks' rows and figures' sources, for periods ending on varied days, single days and
    indicators."""
    reference, store = request.getfixturevalue(name)
    p = reference.period
    views = [
        Filters(p.start, p.end),
        Filters(p.first, p.last - dt.timedelta(days=2)),
        Filters(p.first, p.first),
        Filters(p.first, p.last, ("aid", "displaced")),
    ]
    found = rowed = 0
    for view in views:
        wanted = {q[0] for q in QUESTIONS} & (set(view.indicators) or {q[0] for q in QUESTIONS})
        asked = Filters(view.start, view.end, tuple(sorted(wanted)))
        cells = store._cells_in(asked, False)
        held = store._light(cells, asked, False).select(["_d", "_key", "_best"]).to_pylist()
        given = store._light(cells).select(["_d", "_key", "_best"]).to_pylist()
        assert sorted(map(str, held)) == sorted(map(str, given)), view
        found += len(held)
        # The picks' whole rows and their figures' sources, for some of the cells in view.
        picks = np.array([c["_best"]["p"] for c in given[::2]], dtype=np.int64)
        rows = store._cell_rows(cells, picks, store._held_part(asked, False)).to_pylist()
        read = store._cell_rows(cells, picks).to_pylist()
        assert sorted(map(str, rows)) == sorted(map(str, read)), view
        assert len(rows) == len(picks), view
        rowed += len(rows)
    assert found > 0 and rowed > 0
