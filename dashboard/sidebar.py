"""The sidebar every page shows: filters whose state lives in the address, and the data-problems
panel. Returns the filters for the page to apply."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.data import AppData
from dashboard.filters import QUERY_KEYS, Filters, parse_query, to_query
from dashboard.freshness import overdue_note
from dashboard.labels import INDICATOR_LABELS
from dashboard.pages import page
from dashboard.text import escape_markdown
from loaders.facts.selection import Period
from loaders.model.records import Indicator

INDICATORS = [i.value for i in Indicator]


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in QUERY_KEYS if k in st.query_params}


def _signature(params: dict) -> tuple:
    return tuple(sorted((k, ",".join(v) if isinstance(v, list) else v) for k, v in params.items()))


def _push_to_widgets(filters: Filters) -> None:
    st.session_state["sidebar_start"] = filters.start
    st.session_state["sidebar_end"] = filters.end
    st.session_state["sidebar_indicators"] = list(filters.indicators)
    st.session_state["sidebar_places"] = list(filters.places)


def render(data: AppData) -> Filters:
    """Draw the filters and the problems panel; keep the address in step with the filters."""
    ss = st.session_state
    period = data.period
    bounds = (period.start, period.end)
    places = data.places["id"].tolist()
    names = data.place_names
    params = _url_params()
    messages: list[str] = []
    url_changed = bool(params) and _signature(params) != ss.get("sidebar_url_sig")
    if "sidebar_state" not in ss or url_changed:
        parsed, messages = parse_query(params, bounds, INDICATORS, places)
        ss["sidebar_state"] = parsed
        _push_to_widgets(parsed)
    elif any(k not in ss for k in ("sidebar_start", "sidebar_end")):
        _push_to_widgets(ss["sidebar_state"])  # widgets are reset when the page changes

    with st.sidebar:
        st.header("Filters")
        start = st.date_input("From", key="sidebar_start", format="YYYY-MM-DD")
        end = st.date_input("To", key="sidebar_end", format="YYYY-MM-DD")
        indicators = st.multiselect(
            "Indicators",
            INDICATORS,
            key="sidebar_indicators",
            format_func=lambda i: INDICATOR_LABELS.get(i, i),
            placeholder="All indicators",
        )
        chosen_places = st.multiselect(
            "Places",
            places,
            key="sidebar_places",
            format_func=lambda p: names.get(p, p),
            placeholder="All places",
        )
        _period_note(period)
    if start > end:
        messages.append(f"'From' {start} is after 'To' {end}; showing the whole period.")
        start, end = bounds
    filters = Filters(start, end, tuple(indicators), tuple(chosen_places))
    ss["sidebar_state"] = filters
    wanted = to_query(filters, bounds)
    if _signature(params) != _signature(wanted):
        for key in QUERY_KEYS:
            if key in wanted:
                st.query_params[key] = wanted[key]
            elif key in st.query_params:
                del st.query_params[key]
    ss["sidebar_url_sig"] = _signature(wanted)
    for message in messages:
        st.warning(escape_markdown(message), icon=":material/link_off:")
    _problems_panel(data)
    return filters


def period_note(period: Period) -> str:
    """What the default period shows and what it leaves out, for people reading the sidebar."""
    text = f"Data from {period.first} to {period.last}."
    if period.left_out:
        days = ", ".join(str(d) for d in period.left_out_days[:3])
        more = (
            f" and {len(period.left_out_days) - 3} more days"
            if len(period.left_out_days) > 3
            else ""
        )
        rows = "figure" if period.left_out == 1 else "figures"
        text = (
            f"Data from {period.first} to {period.last}; by default {period.start.isoformat()} to"
            f" {period.end.isoformat()},"
            f" where the data are: {period.left_out} {rows} on {days}{more} left out."
        )
    return text + " The address keeps these filters."


def _show_all_dates(period: Period) -> None:
    ss = st.session_state
    ss["sidebar_start"], ss["sidebar_end"] = period.first, period.last


def _period_note(period: Period) -> None:
    st.caption(period_note(period))
    if period.left_out:
        st.button(
            f"Show all dates ({period.first} to {period.last})",
            key="sidebar_all_dates",
            on_click=_show_all_dates,
            args=(period,),
            type="tertiary",
        )


#: Problems listed in the sidebar; the Data page lists them all.
SIDEBAR_PROBLEMS = 8


def problem_lines(
    problems: pd.DataFrame, folder: str = "", limit: int = SIDEBAR_PROBLEMS
) -> list[str]:
    """The first `limit` problems as Markdown list items ("error (invalid-date) · figures/x.csv
    line 3, date: ..."), errors first, each with its code in the catalogue of problem types,
    paths within `folder` shortened to the part inside it, every text escaped; a last item
    counts the rest."""
    if problems.empty:
        return []
    rank = problems["severity"].map({"error": 0}).fillna(1)
    ordered = problems.assign(_rank=rank).sort_values("_rank", kind="stable")
    lines = []
    for severity, code, path, line, column, message in (
        ordered[["severity", "code", "path", "line", "field", "message"]]
        .head(limit)
        .itertuples(index=False)
    ):
        path = _inside(str(path), folder)
        where = f"{path} line {line}" if str(line) not in ("", "0", "nan") else str(path)
        lines.append(
            f"- **{escape_markdown(str(severity))}** ({escape_markdown(str(code))})"
            f" · {escape_markdown(where)},"
            f" {escape_markdown(str(column))}: {escape_markdown(str(message))}"
        )
    if len(problems) > limit:
        lines.append(f"- … and {len(problems) - limit:,} more, listed on the Data page.")
    return lines


def _inside(path: str, folder: str) -> str:
    prefix = folder.rstrip("/") + "/"
    return path[len(prefix) :] if folder and path.startswith(prefix) else path


def _problems_panel(data: AppData) -> None:
    """The data's problems in a few lines of text: a table here would load the table viewer on
    every page, which costs more to draw than most pages; the Data page has the table."""
    problems = data.problems
    if data.stale_since:
        st.warning(
            "A data file was changed and now has errors that would lose figures. Showing the last"
            f" good data, loaded at {escape_markdown(data.stale_since)}, until the problems below"
            " are fixed.",
            icon=":material/history:",
        )
    errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
    late = overdue_note(data.freshness, dt.datetime.now(dt.UTC)) if data.freshness else ""
    with st.sidebar:
        if late:
            st.warning(escape_markdown(late), icon=":material/schedule:")
            st.page_link(page("sources").file, label="Synced sources", icon=":material/sync:")
        if data.changed_since:
            st.caption(
                f"The folder has changed since this build ({escape_markdown(data.changed_since)});"
                " a new build is running and shows when it is done.",
            )
        if errors:
            st.error(f"{errors} data errors: the rows concerned are left out.")
        with st.expander(f"Data problems ({len(problems)})", expanded=False):
            if problems.empty:
                st.write("No problems in the data files.")
            else:
                st.markdown("\n".join(problem_lines(problems, data.folder)))
                st.page_link(
                    page("data").file, label="Every problem, as a table", icon=":material/table:"
                )
