"""The dashboard's pages, declared once: the frame (`app.py`), the tests and the benchmarks all
read this list. A page is a file in `dashboard/app_pages/` named after it; adding a page is adding
its file and a line here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Who sees a page listed: every viewer of a situation; maintainers only, when review is
#: configured; or the landing page, when one deployment serves several situations.
Audience = Literal["viewers", "maintainers", "several situations"]


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (its file's stem and its address), title, who sees it listed, and
    whether the frame draws the sidebar's filters for it."""

    name: str
    title: str
    audience: Audience = "viewers"
    filters: bool = True

    @property
    def file(self) -> str:
        """The page's file, relative to `dashboard/` (as `st.Page`, `st.switch_page` and
        AppTest's `switch_page` take it)."""
        return f"app_pages/{self.name}.py"

    @property
    def default(self) -> bool:
        """The page at `/` of a situation."""
        return self is PAGES[0]

    @property
    def address(self) -> str:
        """The page's path in the browser's address."""
        return "/" if self.default else f"/{self.name}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "Overview"),
    PageSpec("timeline", "Timeline"),
    PageSpec("map", "Map"),
    PageSpec("sources", "Sources"),
    PageSpec("data", "Data"),
    PageSpec("review", "Review", audience="maintainers", filters=False),
    PageSpec("situations", "All situations", audience="several situations", filters=False),
)

#: The pages every viewer of a situation sees, in the menu's order.
VIEWER_PAGES: tuple[PageSpec, ...] = tuple(p for p in PAGES if p.audience == "viewers")


def page(name: str) -> PageSpec:
    """The page called `name` (KeyError for none)."""
    for spec in PAGES:
        if spec.name == name:
            return spec
    raise KeyError(name)
