"""The Review page end to end, in headless Chromium against a real OpenID Connect provider on
127.0.0.1 (tests/oidc_provider.py): a maintainer signs in, adds an article, reviews its figures
and sees the overview's headlines change, with no terminal; a viewer who opens the Review
address, signs in without being a maintainer, or replays a maintainer's widget messages, changes
nothing. The article is synthetic test text, labelled as such. Screenshots go to
tests/artifacts/ (review_desktop.png, review_phone.png)."""

from __future__ import annotations

import re
import secrets
import shutil
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from bench.browser import free_port, serve
from tests.conftest import DATA, ROOT, loaders_cli
from tests.oidc_provider import Provider
from tests.test_browser import ARTIFACTS, browser  # noqa: F401 - the module-scoped Chromium

pytestmark = pytest.mark.browser

MAINTAINER = "maintainer@example.org"
VIEWER = "viewer@example.org"
#: Synthetic test text (not a real report): one displacement figure, one toll.
ARTICLE = (
    "SYNTHETIC TEST ARTICLE. More than 50,000 people have fled Nagorno-Karabakh to Armenia so"
    " far, the government said on Monday. At least 20 people were killed in Stepanakert,"
    " officials said."
)
IDLE = (
    "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
    " return a && a.getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]'); }"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A new situation (init, the bundled gazetteer, maintainers and `headline: reviewed` in
    situation.yaml), a provider, and the dashboard configured to sign in with it."""
    tmp = tmp_path_factory.mktemp("review")
    folder = tmp / "situation"
    assert loaders_cli("init", folder).returncode == 0
    shutil.copyfile(DATA / "places.csv", folder / "places.csv")
    (folder / "situation.yaml").write_text(
        f"title: Test situation\nreview:\n  maintainers: [{MAINTAINER}]\n  headline: reviewed\n"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    provider = Provider(
        "dashboard",
        secrets.token_urlsafe(16),
        base + "/oauth2callback",
        {
            MAINTAINER: ["staff"],
            VIEWER: [],
        },
    )
    provider.start()
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{provider.redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{provider.client_id}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
    )
    proc, _ = serve(
        ROOT / "dashboard" / "app.py",
        {"SITUATION_DATA": str(folder)},
        port=port,
        options=("--secrets.files", str(secrets_file)),
    )
    yield base, folder, provider
    proc.terminate()
    proc.wait(timeout=20)
    provider.stop()


def idle(page) -> None:
    """Wait for the app's word that no run is going on. Elements a run drew may show a moment
    after it (longer on a loaded machine): a test reads the page after waiting for what it reads
    (`see`), never after a span of time."""
    page.wait_for_function(IDLE, timeout=60_000)


def _shows_card(page, number: str) -> bool:
    """Whether a headline card shows `number`, waiting for it while the page may still rerun."""
    try:
        page.wait_for_function(
            "n => [...document.querySelectorAll('[data-testid=stMetric]')]"
            ".some(m => m.innerText.includes(n))",
            arg=number,
            timeout=20_000,
        )
    except PlaywrightError:
        return False
    return True


def open_page(context, url: str, wanted: str):
    """A new tab at `url`, once it shows `wanted` (what the page draws last, or what the test
    reads) and the app is idle."""
    page = context.new_page()
    page.goto(url)
    see(page, wanted)
    return page


def sign_in(context, base: str, email: str):
    """Through the provider's own form, as a person does; back on the Review page."""
    page = open_page(context, base + "/review", "Sign in")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#email", timeout=30_000)
    page.fill("#email", email)
    page.click("#submit")
    page.wait_for_url(re.compile(re.escape(base) + r"/?$"), timeout=30_000)
    page.goto(base + "/review")
    see(page, "Signed in as")
    return page


def text(page) -> str:
    """What the page shows, without the invisible joiners that keep addresses from linking."""
    return page.inner_text("body").replace("\u2060", "")


def see(page, wanted: str) -> None:
    """Wait until the page shows `wanted` (after a click, the rerun takes a moment to start)."""
    try:
        page.wait_for_function(
            "t => document.body.innerText.replaceAll('\u2060', '').includes(t)",
            arg=wanted,
            timeout=60_000,
        )
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review_failed.png"), full_page=True)
        raise
    idle(page)


def _finished_run(payload: bytes) -> bool:
    """Whether a message from the server says a script run finished whole."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.ParseFromString(payload)
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    )


def _replay(page, stream, frames: list[bytes], finished: list[bytes]) -> None:
    """Send `frames` to the server on the page's connection and wait for the server's own word
    that the run they asked for finished (a run they start ends any earlier one before it
    finishes whole), then for the page to be idle."""
    count = len(finished)
    for frame in frames:
        stream.send(frame)
    deadline = time.monotonic() + 120
    while len(finished) == count:
        assert time.monotonic() < deadline, "the server never finished a run for the replay"
        page.wait_for_timeout(50)  # hands control to Playwright, which delivers the messages
    idle(page)


def card(page, text: str):
    return page.locator('[class*="st-key-review_card_"]').filter(has_text=text)


def test_from_a_new_article_to_reviewed_headlines_in_the_browser(site, browser):  # noqa: F811
    base, folder, _ = site
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    overview = open_page(context, base + "/", "No key events")
    assert "No figure in this view answers a headline question" in overview.content()

    page = sign_in(context, base, MAINTAINER)
    assert f"Signed in as {MAINTAINER}" in text(page)
    page.get_by_text("Add an article", exact=True).click()
    page.get_by_label("or paste the text").wait_for(timeout=60_000)
    idle(page)
    page.get_by_label("or paste the text").fill(ARTICLE)
    page.get_by_label("Title").fill("Synthetic test: thousands flee")
    page.locator('[data-testid="stDateInput"] [role="spinbutton"]').first.click()
    page.keyboard.type("20261130")
    page.keyboard.press("Escape")  # close the calendar
    page.get_by_label("Outlet").click()  # the text area and the date are committed on blur
    idle(page)
    see(page, "The extractor reads 2 figures in this text")
    page.get_by_role("button", name="Save article").click()
    see(page, "Saved as articles/2026-11-30-")
    body = text(page)
    assert "Saved as articles/2026-11-30-" in body
    assert "2 of 2 extracted figures left to review" in body
    saved = list((folder / "articles").glob("*.txt"))
    assert len(saved) == 1 and "50,000" in saved[0].read_text()
    assert "added in the browser by " + MAINTAINER in (folder / "articles.csv").read_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review_desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 1400})
    idle(page)
    page.screenshot(path=str(ARTIFACTS / "review_phone.png"), full_page=True)
    width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= 391
    page.set_viewport_size({"width": 1400, "height": 1400})
    idle(page)

    card(page, "Displaced people").get_by_role("button", name="Accept").click()
    see(page, "1 of 2 extracted figures left")
    assert f"accepted by {MAINTAINER}" in text(page)
    card(page, "Casualties").get_by_role("button", name="Correct").click()
    page.get_by_label("New value").fill("25")
    page.get_by_label("Reason").last.fill("the officials' later count")
    page.get_by_role("button", name="Save correction").click()
    see(page, "corrected value 20 → 25")
    body = text(page)
    assert "corrected value 20 → 25" in body
    assert "0 of 2 extracted figures left to review" in body

    overview = open_page(context, base + "/", "No key events")
    if not _shows_card(overview, "50,000"):
        # Seen in loaded full runs (16:40 UTC, 2026-12-06: the overview's last section drawn and
        # no card): the first overview after the review's writes can show the build before
        # them; cause not found yet (see the ci helper's report). A reload must show the new one.
        overview.reload()
        see(overview, "No key events")
    metrics = overview.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any("50,000" in m for m in metrics), metrics
    sources = open_page(context, base + "/sources", "value 20 → 25")
    history = text(sources)
    assert "value 20 → 25" in history and MAINTAINER in history
    context.close()


def test_a_viewer_reaches_no_write_and_a_replay_writes_nothing(site, browser):  # noqa: F811
    base, folder, _ = site
    registers = ("review.csv", "corrections.csv", "articles.csv", "events.csv")

    def files() -> dict[str, str]:
        return {n: (folder / n).read_text() if (folder / n).exists() else "" for n in registers}

    # a maintainer's correction, with the messages the browser sent for it
    maintainer = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = sign_in(maintainer, base, MAINTAINER)
    sent: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda p: sent.append(p)))
    page.goto(base + "/review?review_state=accepted")
    page.wait_for_selector('[class*="st-key-review_card_"]', timeout=60_000)
    idle(page)
    card(page, "Displaced people").get_by_role("button", name="Correct").click()
    page.get_by_label("New value").fill("50001")
    page.get_by_label("Reason").last.fill("replay test")
    before = len(sent)
    page.get_by_role("button", name="Save correction").click()
    see(page, "corrected value 50000 → 50001")
    replay = [p for p in sent[before:] if isinstance(p, bytes)]
    assert replay
    maintainer.close()
    written = files()

    # an anonymous viewer: the Review address shows how to sign in, no write widget
    viewer = browser.new_context(viewport={"width": 1400, "height": 1400})
    streams = []
    finished: list[bytes] = []  # the server's "script finished" messages to the viewer

    def relay(ws) -> None:
        server = ws.connect_to_server()

        def to_page(message) -> None:
            ws.send(message)
            if isinstance(message, bytes) and _finished_run(message):
                finished.append(message)

        server.on_message(to_page)
        streams.append(server)

    viewer.route_web_socket(re.compile(r".*/_stcore/stream"), relay)
    page = open_page(viewer, base + "/review?review_state=accepted", "Sign in")
    assert page.get_by_role("button", name="Sign in").count() == 1
    for name in ("Accept", "Reject", "Correct", "Save correction", "Save article"):
        assert page.get_by_role("button", name=name).count() == 0
    # the maintainer's messages, sent on the viewer's own connection
    _replay(page, streams[-1], replay, finished)
    assert files() == written
    assert "corrected value" not in text(page)

    # signed in, but not a maintainer
    page = sign_in(viewer, base, VIEWER)
    assert "not one of this situation's maintainers" in text(page)
    assert page.get_by_role("button", name="Accept").count() == 0
    assert page.get_by_role("button", name="Correct").count() == 0
    _replay(page, streams[-1], replay, finished)
    assert files() == written
    viewer.close()


def test_ukraine_refugees_a_figures_buttons_share_one_row_on_a_phone(tmp_path, browser):  # noqa: F811
    """Defect (ukraine-refugees-2022, reviewed in local single-maintainer mode at 390 px):
    Accept, Reject and Correct were stacked one under another, a figure's card twice a
    screen tall with 23 figures to go through. They share one row, its number and id after."""
    folder = tmp_path / "situation"
    assert loaders_cli("init", folder).returncode == 0
    (folder / "articles" / "2026-11-30-synthetic.txt").write_text(
        "---\ndate: 2026-11-30\ntitle: Synthetic test\n---\n" + ARTICLE + "\n", encoding="utf-8"
    )
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text('[review]\nlocal_maintainer = "Test maintainer"\n')
    proc, base = serve(
        ROOT / "dashboard" / "app.py",
        {"SITUATION_DATA": str(folder)},
        options=("--secrets.files", str(secrets_file)),
    )
    try:
        context = browser.new_context(viewport={"width": 390, "height": 900})
        page = open_page(context, base + "/review", "left to review")
        first = page.locator('[class*="st-key-review_card_"]').first
        boxes = [
            first.get_by_role("button", name=name).first.bounding_box()
            for name in ("Accept", "Reject", "Correct")
        ]
        assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 4, boxes
        assert all(b["x"] + b["width"] <= 390 for b in boxes), boxes
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
