"""The page list is declared once (dashboard/pages.py): every declared page has its file, every
page file is declared, and the overview is the default page at `/`."""

from __future__ import annotations

from dashboard.pages import PAGES, VIEWER_PAGES, page
from tests.conftest import ROOT


def test_every_page_file_is_declared_and_every_declared_page_has_its_file():
    files = {p.name for p in (ROOT / "dashboard" / "app_pages").glob("*.py")}
    assert {spec.file.removeprefix("app_pages/") for spec in PAGES} == files
    assert all((ROOT / "dashboard" / spec.file).is_file() for spec in PAGES)


def test_the_overview_is_at_the_root_and_every_other_page_at_its_name():
    assert page("overview").address == "/"
    assert [p.address for p in VIEWER_PAGES[1:]] == [f"/{p.name}" for p in VIEWER_PAGES[1:]]
    assert "review" not in {p.name for p in VIEWER_PAGES}  # maintainers only
