"""`make test`'s sharing of tests between workers: a file with shared set-up stays whole (its
server or browser is started once), every other test is handed out on its own."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.scheduling import shares_setup


def test_a_file_with_a_module_scoped_server_or_browser_stays_on_one_worker():
    for name in ("test_browser.py", "test_cluster.py", "test_review_page.py"):
        assert shares_setup((ROOT / "tests" / name).read_text(encoding="utf-8")), name


def test_a_fixture_imported_from_another_test_file_keeps_the_file_whole():
    assert shares_setup("from tests.test_browser import browser\n")
    assert not shares_setup("from tests.conftest import DATA, ROOT\n")


def test_tests_with_their_own_set_up_are_handed_out_one_by_one():
    plain = "import pytest\n\n@pytest.fixture\ndef folder(tmp_path):\n    return tmp_path\n"
    assert not shares_setup(plain)
    assert not shares_setup(plain.replace("fixture", 'fixture(scope="function")'))
    assert shares_setup(plain.replace("fixture", 'fixture(scope="module")'))
