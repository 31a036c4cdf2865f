"""Who reaches the Review page, under AppTest with the real app: without a sign-in provider the
page is off and not listed; the local single-maintainer mode works only on 127.0.0.1 and says
so; with a provider, a visitor who is not signed in gets a sign-in button and no widget that
writes. The allow-list itself is tested through a real provider in test_review_page."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from loaders.model.situation import ReviewSettings
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAGE = str(ROOT / "dashboard" / "app_pages" / "review.py")
PROVIDER = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def address():
    """The server address option, restored after the test."""
    before = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", before)


def page(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for name, section in (secrets or {}).items():
        at.secrets[name] = section
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def buttons(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def test_without_a_provider_review_is_off_and_not_listed(address):
    address("127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    with pytest.raises(Exception):  # noqa: B017, PT011 - no such page to switch to
        at.switch_page("app_pages/review.py").run()
    at = page()
    assert "Review is off" in at.info[0].value
    assert not buttons(at)


def test_local_mode_only_on_loopback_and_labelled(address):
    local = {"review": {"local_maintainer": "Ana Example"}}
    address("0.0.0.0")
    at = page(local)
    assert "Review is off" in at.info[0].value and not buttons(at)
    address("127.0.0.1")
    at = page(local)
    assert "Local single-maintainer mode, as Ana Example" in at.warning[0].value
    assert "127.0.0.1 only" in at.warning[0].value


def test_a_visitor_who_is_not_signed_in_gets_no_write_widget(address):
    address("127.0.0.1")
    at = page({"auth": PROVIDER, "review": {"local_maintainer": "Ana Example"}})
    assert buttons(at) == {"Sign in"}  # a provider turns local mode off
    assert not at.text_input and not at.text_area and not at.selectbox


@pytest.mark.parametrize(
    ("email", "groups", "allowed"),
    [
        ("Ana@Example.org", [], True),  # e-mails compared without case
        ("ben@example.org", [], False),
        ("ben@example.org", ["situation-maintainers"], True),
        ("", ["other"], False),
    ],
)
def test_the_allow_list(email, groups, allowed):
    settings = ReviewSettings(
        maintainers=["ana@example.org"], maintainer_groups=["situation-maintainers"]
    )
    assert settings.allows(email, groups) is allowed
