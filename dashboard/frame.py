"""The frame every page is drawn in (Streamlit's `st.navigation` "picture frame"): `app.py`
calls `run`, which lists the pages (`dashboard/pages.py`), opens the situation the address names,
loads its data once, draws its title and the sidebar, and hands the page a `View`. Pages read
`view(name)` instead of each loading the data and drawing the sidebar again.

One deployment may serve several situations: `$SITUATIONS` names a folder of situation folders
(`loaders.read.situations`). Then the address names the open one (`?situation=NAME`, checked
against the folder's names: no name from an address ever becomes a path), `/` without it is the
landing page listing them, and filters and widgets belong to the situation (they are reset when
another opens). Without `$SITUATIONS` the one situation is `DataFolder.choose`'s, as before.

The view lives in the session's state for one run only: the frame sets it before the page runs
and clears it at the start of the next run, so a page never sees another run's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
import streamlit.delta_generator

from dashboard import auth, sidebar
from dashboard.data import AppData, load, ready_new_views, run_begins
from dashboard.filters import Filters, shown
from dashboard.pages import PAGES, PageSpec, page
from dashboard.text import escape_markdown as md
from loaders.model.problems import Report
from loaders.read.situations import SituationFolder, named, situation_folders, situations_root

#: Session state the frame keeps (every other key belongs to the open situation).
VIEW_KEY = "frame_view"
SITUATION_KEY = "frame_situation"
MESSAGE_KEY = "frame_message"
#: The address's key naming the open situation.
SITUATION_PARAM = "situation"


@dataclass(frozen=True)
class View:
    """What a page draws from: the situation's data, the filters of the sidebar (the whole
    default period for a page without filters), and the open situation's name in addresses
    ('' when the deployment serves one situation)."""

    data: AppData
    filters: Filters
    situation: str = ""


@dataclass(frozen=True)
class Catalogue:
    """The situations of a deployment that serves several, with the problems of listing them."""

    root: Path
    situations: tuple[SituationFolder, ...]
    problems: Report = field(default_factory=Report)


def catalogue() -> Catalogue | None:
    """The situations `$SITUATIONS` lists, read now (a new folder shows on the next run); None
    when the deployment serves one situation."""
    root = situations_root()
    if root is None:
        return None
    report = Report()
    return Catalogue(root, situation_folders(root, report), report)


def framed(spec: PageSpec, root: Path | None = None, situation: str = "") -> View:
    """Load the data of the folder `root` (default: the one `DataFolder.choose` means), write
    the situation's title, draw the sidebar when the page has filters: once per run."""
    data = load(root)
    title = data.situation.title
    if title:  # the situation's name on every page and in the browser tab
        st.set_page_config(page_title=f"{title} · {spec.title}")
        st.markdown(f"**{md(title)}**")
    whole = Filters(data.period.start, data.period.end)
    return View(data, sidebar.render(data) if spec.filters else whole, situation)


def view(name: str) -> View:
    """The view the frame set up for page `name` in this run. A page run on its own (AppTest
    on one page file, no frame) sets it up here, the same way."""
    current = st.session_state.get(VIEW_KEY)
    return current if isinstance(current, View) else framed(page(name))


def message() -> str:
    """What the frame has to tell the landing page's reader (an unknown situation), once."""
    return str(st.session_state.pop(MESSAGE_KEY, ""))


def _open(situations: tuple[SituationFolder, ...]) -> SituationFolder | None:
    """The situation the address names, else the one this session has open (a page change can
    drop the address's query); None for none, with a message for a name that is not one of them.
    Opening another situation resets the session's filters and widgets."""
    ss = st.session_state
    asked = st.query_params.get_all(SITUATION_PARAM)
    wanted = asked[-1] if asked else str(ss.get(SITUATION_KEY, ""))
    found = named(situations, wanted)
    if found is None:
        if asked:
            ss[MESSAGE_KEY] = f"There is no situation called “{shown(wanted)}” here."
            del st.query_params[SITUATION_PARAM]
        ss.pop(SITUATION_KEY, None)
        return None
    if ss.get(SITUATION_KEY, found.name) != found.name:
        _forget_situation()
    ss[SITUATION_KEY] = found.name
    st.query_params[SITUATION_PARAM] = found.name  # also after a page change that dropped it
    return found


def _forget_situation() -> None:
    """Drop the open situation's state: its filters and widgets (the address may already name
    the next one's)."""
    ss = st.session_state
    for key in [k for k in ss if not str(k).startswith("frame_")]:
        del ss[key]
    ss.pop(SITUATION_KEY, None)


def _listed(several: bool, open_: bool) -> list[PageSpec]:
    """The pages of this run: a situation's pages (Review when it is configured), and the
    landing page when the deployment serves several situations."""
    return [
        spec
        for spec in PAGES
        if spec.audience == "viewers"
        or (spec.audience == "maintainers" and open_ and auth.review_enabled())
        or (spec.audience == "several situations" and several)
    ]


def _no_repl_check() -> None:
    """Spare the process Streamlit's check, at its first element, of whether it runs in a
    Python prompt (to warn that an app needs `streamlit run`): it walks the call stack and
    resolves the file of every module imported (1,400 with pandas and the loaders: 0.1-0.25 s
    of a restart's first page, twice what a bare page pays). The app always runs under
    `streamlit run` or AppTest, where the warning is never shown, so the check is marked as
    done; a Streamlit without that flag is left as it is."""
    module = streamlit.delta_generator
    if hasattr(module, "_use_warning_has_been_displayed"):
        module._use_warning_has_been_displayed = True


def run(here: Path) -> None:
    """One run of the app: the pages, the situation, the data and sidebar, then the page."""
    run_begins()
    _no_repl_check()
    st.set_page_config(page_title="Situation dashboard", layout="wide")
    st.session_state.pop(VIEW_KEY, None)
    several = catalogue()
    situation = _open(several.situations) if several else None
    open_ = several is None or situation is not None
    specs = _listed(several is not None, open_)
    pages = {
        spec.name: st.Page(
            here / spec.file,
            title=spec.title,
            # With no situation open, the landing page is at `/` and a situation's pages are
            # hidden (still addressable, so a link to one finds the landing page, not an error).
            default=spec.default if open_ else spec.audience == "several situations",
            visibility="visible" if open_ or spec.audience != "viewers" else "hidden",
        )
        for spec in specs
    }
    navigation = st.navigation(list(pages.values()))
    spec = next(s for s in specs if pages[s.name] is navigation)
    if spec.audience == "several situations":
        if situation is not None:  # leaving the situation for the list of them
            _forget_situation()
            st.query_params.clear()
            st.rerun()
    elif not open_:
        st.switch_page(pages["situations"])
    else:
        root = situation.folder.root if situation else None
        name = situation.name if situation else ""
        st.session_state[VIEW_KEY] = framed(spec, root, name)
    navigation.run()
    shown_view = st.session_state.get(VIEW_KEY)
    if isinstance(shown_view, View):  # the page is drawn: ready the next view meanwhile
        ready_new_views(shown_view.data)
