"""A situation folder fed only by `sync` from servers on 127.0.0.1 (tests/sourceserver.py, all
synthetic): feeds of three outlets carrying one wire story, a ReliefWeb API v2 (paged, rate
limited once, appname required), an HXL dataset; a second sync adds nothing, a third only the
new item; the digest goes to a webhook and an SMTP server (aiosmtpd) only when something
changed."""

from __future__ import annotations

import socket

import pytest

from loaders.commands.cli import main
from loaders.connect.state import read_state
from loaders.facts.dataset import load_dataset
from loaders.model.problems import Report
from loaders.read.articles import read_article
from loaders.read.folder import DataFolder
from tests.sourceserver import SourceServer

PLACES = (
    "veloria,Veloria,VL01,region,45.1,20.2,VL,,,synthetic test place\n"
    "port_amir,Port Amir,,city,45.3,20.5,VL,veloria,,synthetic test place\n"
    "sadra,Sadra,,town,45.0,20.0,VL,veloria,,synthetic test place\n"
)


def sources_yaml(base: str, smtp_port: int) -> str:
    return f"""# synthetic test sources
network:
  allow_addresses: [127.0.0.0/8]
  rate_limit_seconds: 0
  backoff_seconds: 0.01
  timeout_seconds: 5
digest:
  webhook_url: {base}/hook
  webhook_secret_env: TEST_WEBHOOK_SECRET
  email_to: [team@example.org]
  smtp_host: 127.0.0.1
  smtp_port: {smtp_port}
sources:
  - name: planet
    kind: feed
    url: {base}/planet/feed.xml
    schedule: 1h
  - name: courier
    kind: feed
    url: {base}/courier/feed.xml
  - name: star
    kind: feed
    url: {base}/star/atom.xml
  - name: reliefweb-veloria
    kind: reliefweb
    url: {base}/v2/reports
    query: {{country: Veloria, since: 2026-11-01}}
    credential_env: TEST_RELIEFWEB_APPNAME
  - name: hdx-veloria
    kind: hxl
    url: {base}/hdx/veloria-displacement.csv
    outlet: Veloria emergency office
"""


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def run(tmp_path_factory, capsys_module=None):
    """Three syncs of a new folder, and what each printed and sent."""
    from aiosmtpd.controller import Controller

    server = SourceServer().start()
    mailbox = Mailbox()
    for attempt in range(3):  # a free port can be taken by another process before we bind it
        smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        try:
            smtp.start()
            break
        except (OSError, RuntimeError):
            if attempt == 2:
                raise
    folder = tmp_path_factory.mktemp("sync") / "veloria"
    mp = pytest.MonkeyPatch()
    mp.setenv("TEST_RELIEFWEB_APPNAME", server.appname)
    mp.setenv("TEST_WEBHOOK_SECRET", "synthetic-secret")
    try:
        assert main(["init", str(folder)]) == 0
        for outline in (folder / "boundaries").glob("*json"):  # the map's outlines: not tested
            outline.unlink()  # here, and reading them is most of each digest's load
        with (folder / "places.csv").open("a", encoding="utf-8") as fh:
            fh.write(PLACES)
        (folder / "sources.yaml").write_text(sources_yaml(server.base, smtp.port), "utf-8")
        data = DataFolder(folder)
        steps = {}
        for step in ("first", "second", "third"):
            if step == "third":
                server.extra_items.append(
                    (
                        "/planet/later.html",
                        "Fifteen thousand now displaced",
                        "Wed, 02 Dec 2026 07:00:00 GMT",
                    )
                )
            before = (len(server.log.requests), len(server.log.hooks), len(mailbox.messages))
            code = main(["sync", str(folder), "--now"])
            steps[step] = {
                "code": code,
                "articles": sorted(p.name for p in data.article_files()),
                "requests": server.log.requests[before[0] :],
                "hooks": server.log.hooks[before[1] :],
                "mails": mailbox.messages[before[2] :],
            }
        yield data, steps, server
    finally:
        mp.undo()
        smtp.stop()
        server.stop()


@pytest.fixture(scope="module")
def loaded(run):
    """The synced folder as the loaders read it."""
    return load_dataset(run[0])


def test_the_first_sync_fills_the_folder_from_every_kind(run, loaded):
    data, steps, _ = run
    assert steps["first"]["code"] == 0
    dataset = loaded
    assert not dataset.report.errors, dataset.report.lines()
    # one wire story (three outlets), the Red Crescent story, three ReliefWeb reports
    assert len(steps["first"]["articles"]) == 5
    by_kind = dataset.sources.groupby("kind")["id"].count().to_dict()
    assert by_kind == {"article": 6, "table": 1}  # and the third sync's new item
    assert set(dataset.figures["method"]) == {"extracted", "curated"}
    table = dataset.figures[dataset.figures["source"] == "hdx-veloria"]
    assert sorted(table["value"]) == [31, 35, 9500, 12000]
    assert set(table["source_url"]) == {run[2].base + "/hdx/veloria-displacement.csv"}


def test_a_wire_story_from_three_outlets_is_one_article_listing_them_all(run, loaded):
    data, steps, server = run
    wire = [n for n in steps["first"]["articles"] if "flee-floods" in n]
    assert len(wire) == 1
    article = read_article(data.articles_dir / wire[0], Report())
    assert article.outlet == "The Daily Planet (AFP)"
    assert "Veloria Courier, Morning Star Online" in article.note
    text = (data.articles_dir / wire[0]).read_text(encoding="utf-8")
    for outlet in ("planet", "courier", "star"):
        assert f"{server.base}/{outlet}/floods-wire.html" in text
    assert article.body.startswith("PORT AMIR (AFP) - More than 12,400 people")
    assert "Subscribe" not in article.body and "Most read" not in article.body
    facts = loaded.facts
    twelve = facts[facts["value"] == 12400]
    assert list(twelve["n_sources"]) == [1]  # three outlets, one source


def test_reliefweb_is_asked_with_its_appname_page_by_page_after_a_rate_limit(run, loaded):
    _, steps, server = run
    posts = [(p, b) for m, p, _, b in steps["first"]["requests"] if p.startswith("/v2/reports")]
    assert all(f"appname={server.appname}" in p for p, _ in posts)
    assert len(posts) == 3  # 429 once, then two pages of two and one report
    appeal = loaded.figures.query("indicator == 'aid' and subtype == 'appeal'")
    assert list(appeal["value"]) == [2_500_000] and list(appeal["unit"]) == ["USD"]


def test_robots_txt_keeps_a_page_out_and_says_so(run):
    data, steps, _ = run
    paths = [p for _, p, _, _ in steps["first"]["requests"]]
    assert "/private/secret.html" not in paths and "/robots.txt" in paths
    state = read_state(data.sync_state, Report())
    assert not any("/private/" in u for u in state.sources["planet"].seen)


def test_a_second_sync_adds_nothing_and_asks_with_validators(run):
    data, steps, _ = run
    assert steps["second"]["articles"] == steps["first"]["articles"]
    asked = {p: h for _, p, h, _ in steps["second"]["requests"] if p.endswith((".xml", ".csv"))}
    # a source whose last sync left something out asks afresh, so it is tried again (a page
    # robots.txt kept out, a row naming a place not yet in the gazetteer)
    assert "If-None-Match" not in asked.pop("/planet/feed.xml")
    assert "If-None-Match" not in asked.pop("/hdx/veloria-displacement.csv")
    assert set(asked) == {"/courier/feed.xml", "/star/atom.xml"}
    assert all(h.get("If-None-Match") for h in asked.values())
    pages = [p for _, p, _, _ in steps["second"]["requests"] if p.endswith(".html")]
    assert pages == []


def test_a_third_sync_adds_only_the_new_item(run):
    data, steps, _ = run
    added = set(steps["third"]["articles"]) - set(steps["second"]["articles"])
    assert len(added) == 1 and "fifteen-thousand" in added.pop()
    pages = [p for _, p, _, _ in steps["third"]["requests"] if p.endswith(".html")]
    assert pages == ["/planet/later.html"]


def test_the_digest_goes_out_only_when_something_changed(run):
    import hashlib
    import hmac

    _, steps, _ = run
    ((_, _, headers, body),) = [r for r in steps["first"]["requests"] if r[1] == "/hook"]
    mac = hmac.new(b"synthetic-secret", body, hashlib.sha256).hexdigest()
    assert headers["X-Signature-256"] == f"sha256={mac}"
    first = steps["first"]["hooks"]
    assert len(first) == 1 and first[0]["new_figure_count"] > 0
    # the displaced headline is Veloria's (a part above the whole stands, scoped: see estimates)
    assert "Displaced people: fled so far (in Veloria)" in {m["label"] for m in first[0]["moved"]}
    assert len(steps["first"]["mails"]) == 1
    assert b"new figures to review" in steps["first"]["mails"][0]
    assert steps["second"]["hooks"] == [] and steps["second"]["mails"] == []
    third = steps["third"]["hooks"]
    assert len(third) == 1 and any(f["value"] == 15000 for f in third[0]["new_figures"])


def test_state_records_each_sources_success_and_what_it_left_out(run):
    data, _, _ = run
    state = read_state(data.sync_state, Report())
    assert set(state.sources) == {"planet", "courier", "star", "reliefweb-veloria", "hdx-veloria"}
    assert all(s.last_success and not s.last_error for s in state.sources.values())
    (left_out,) = state.sources["planet"].warnings
    assert "/private/secret.html" in left_out and "robots.txt" in left_out


def test_a_failing_source_is_a_problem_line_and_keeps_the_folder(tmp_path):
    folder = tmp_path / "f"
    assert main(["init", str(folder)]) == 0
    (folder / "sources.yaml").write_text(
        "network: {allow_addresses: [127.0.0.0/8], retries: 0}\n"
        "sources:\n  - {name: gone, kind: feed, url: 'http://127.0.0.1:9/feed.xml'}\n"
        "  - {name: rw, kind: reliefweb}\n",
        "utf-8",
    )
    registry = (folder / "articles.csv").read_bytes()
    assert main(["sync", str(folder)]) == 1
    state = read_state(DataFolder(folder).sync_state, Report())
    assert "127.0.0.1:9" in state.sources["gone"].last_error
    assert "RELIEFWEB_APPNAME" in state.sources["rw"].last_error
    assert (folder / "articles.csv").read_bytes() == registry


def test_add_article_url_keeps_a_hostile_pages_text_only(run, tmp_path):
    data, _, server = run
    folder = tmp_path / "one"
    assert main(["init", str(folder)]) == 0
    (folder / "sources.yaml").write_text("network: {allow_addresses: [127.0.0.0/8]}\n", "utf-8")
    assert main(["add-article", "--url", server.base + "/hostile.html", "--data", str(folder)]) == 0
    (path,) = DataFolder(folder).article_files()
    article = read_article(path, Report())
    assert article.url == server.base + "/hostile.html" and article.date.isoformat() == "2026-11-30"
    assert "<script>" not in article.body and "<img" not in article.body
    assert "\u202e" not in article.body and "250 people were evacuated" in article.body
    assert main(["add-article", "--url", server.base + "/hostile.html", "--data", str(folder)]) == 1


def test_the_projects_own_hxl_export_reads_back_the_same_figures(tmp_path):
    """HXL in is the inverse of HXL out: the bundled data exported with `export --format hxl`,
    served, synced into a new folder, gives the same figures (as curated rows)."""
    from loaders.publish.exports import render
    from tests.conftest import DATA

    original = load_dataset(DATA)
    exported = render("hxl", original.figures, original.facts, original.places)  # as `export`
    server = SourceServer().start()
    server.files["/export.csv"] = (exported.encode("utf-8"), "text/csv")
    try:
        folder = tmp_path / "copy"
        assert main(["init", str(folder)]) == 0
        for outline in (folder / "boundaries").glob("*json"):
            outline.unlink()
        for name in ("places.csv", "routes.geojson"):
            (folder / name).write_bytes((DATA / name).read_bytes())
        (folder / "sources.yaml").write_text(
            "network: {allow_addresses: [127.0.0.0/8], rate_limit_seconds: 0}\n"
            f"sources:\n  - {{name: mirror, kind: hxl, url: '{server.base}/export.csv'}}\n",
            "utf-8",
        )
        assert main(["sync", str(folder), "--no-digest"]) == 0
    finally:
        server.stop()
    fields = ["indicator", "subtype", "value", "value_max", "unit", "qualifier", "as_of", "place"]

    def rows(figures):
        table = figures[fields + ["note"]].astype(object).where(figures.notna(), None)
        return sorted(map(repr, table.itertuples(index=False)))

    mirrored = load_dataset(folder)
    assert not mirrored.report.errors, mirrored.report.lines()[:5]
    assert len(mirrored.figures) == len(original.figures) > 100
    assert rows(mirrored.figures) == rows(original.figures)
    assert set(mirrored.figures["method"]) == {"curated"}


def test_hostile_sources_give_problem_lines_and_no_partial_file(run, tmp_path, capsys):
    """Huge, compressed-bomb, binary and truncated pages, malformed JSON and a CSV without HXL:
    each a problem line at its source's line; only the one good page becomes an article, and
    the broken items are tried again at the next sync."""
    _, _, server = run
    folder = tmp_path / "hostile"
    assert main(["init", str(folder)]) == 0
    (folder / "sources.yaml").write_text(
        "network: {allow_addresses: [127.0.0.0/8], rate_limit_seconds: 0, retries: 0,"
        " max_bytes: 200000, timeout_seconds: 3}\n"
        "sources:\n"
        f"  - {{name: hostile-feed, kind: feed, url: '{server.base}/hostile/feed.xml'}}\n"
        f"  - {{name: bad-json, kind: reliefweb, url: '{server.base}/malformed.json',"
        " credential_env: TEST_RELIEFWEB_APPNAME}\n"
        f"  - {{name: no-hxl, kind: hxl, url: '{server.base}/not-a-feed.xml'}}\n"
        f"  - {{name: no-feed, kind: feed, url: '{server.base}/not-a-feed.xml'}}\n"
        f"  - {{name: one-page, kind: page, url: '{server.base}/planet/red-crescent-food.html'}}\n",
        "utf-8",
    )
    capsys.readouterr()
    assert main(["sync", str(folder), "--no-digest"]) == 1
    err = capsys.readouterr().err
    for route in ("/huge-chunked", "/gzip-bomb", "/image.png", "/truncated"):
        assert f"sources.yaml:3: item: warning: hostile-feed: {server.base}{route}" in err, route
    assert "sources.yaml:4: bad-json: " in err and "did not answer valid JSON" in err
    assert server.appname not in err and "appname=***" in err
    assert "sources.yaml:5: no-hxl: " in err and "is not an HXL table" in err
    assert "sources.yaml:6: no-feed: " in err and "is not an RSS or Atom feed" in err
    data = DataFolder(folder)
    hostile, page = data.article_files()  # by date: the hostile page, then the single page
    assert "hostile" in hostile.name and "red-crescent" in page.name
    assert not list(data.figures_dir.iterdir())
    assert not [p for p in folder.rglob("*.tmp")]
    state = read_state(data.sync_state, Report())
    assert state.sources["hostile-feed"].seen == [server.base + "/hostile.html"]


def test_the_synced_folder_shows_on_the_dashboard(run, monkeypatch):
    """Articles, figures and freshness of the folder fed only by sync, in the running app."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    data, _, _ = run
    monkeypatch.setenv("SITUATION_DATA", str(data.root))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    cards = {m.label: m.value for m in at.metric}
    assert {"Displaced people: fled so far", "Casualties: killed"} <= set(cards), cards
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    listing = next(d.value for d in at.dataframe if "figures in view" in d.value.columns)
    assert "Thousands flee floods in Veloria" in set(listing["title"])
    assert "hdx-veloria" in set(listing["id"])
    fresh = next(d.value for d in at.dataframe if "next due" in d.value.columns)
    assert set(fresh["status"]) == {"fresh"} and len(fresh) == 5
    assert not [w for w in at.sidebar.warning if "attention" in w.value]


def test_two_syncs_at_once_add_each_article_once(run, tmp_path):
    """Both fetch at the same time; writing holds the folder's lock, so the second finds the
    first's articles and adds none twice."""
    import threading

    _, _, server = run
    folder = tmp_path / "twice"
    assert main(["init", str(folder)]) == 0
    (folder / "sources.yaml").write_text(
        "network: {allow_addresses: [127.0.0.0/8], rate_limit_seconds: 0}\n"
        f"sources:\n  - {{name: planet, kind: feed, url: '{server.base}/planet/feed.xml'}}\n"
        f"  - {{name: courier, kind: feed, url: '{server.base}/courier/feed.xml'}}\n",
        "utf-8",
    )
    codes: list[int] = []
    threads = [
        threading.Thread(target=lambda: codes.append(main(["sync", str(folder), "--now"])))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert codes == [0, 0]
    data = DataFolder(folder)
    names = [p.name for p in data.article_files()]
    assert len(names) == len({n.split("-", 3)[3] for n in names})  # no story twice
    from loaders.read.articles import read_registry

    registry = read_registry(data.registry, Report())
    assert len(registry) == len(names) and len({r.url for r in registry.values()}) == len(names)


def test_sync_every_runs_passes_until_interrupted(tmp_path):
    from loaders.connect.run import run_sync

    folder = tmp_path / "loop"
    assert main(["init", str(folder)]) == 0
    said: list[str] = []
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    code = run_sync(
        DataFolder(folder), None, False, "15m", True, lambda t, err=False: said.append(t), nap
    )
    assert code == 0 and naps == [900.0, 900.0]
    assert sum("no sources" in line for line in said) == 2
    assert (
        run_sync(DataFolder(folder), None, False, "soon", True, lambda t, err=False: said.append(t))
        == 2
    )
