"""Review (/review), for maintainers: the extracted figures nobody has checked, by article,
newest first, each with its sentence and what the extractor read, to accept, reject or correct;
new articles and key events added in the browser. Anyone else sees how to sign in and nothing
that writes; every write asks who is signed in again, on the server, before it writes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import auth, frame
from dashboard.links import readable_table
from dashboard.review_queue import (
    QUEUE_PAGE,
    QueueFilters,
    field_text,
    left,
    queue,
    reading,
    sentence_markdown,
)
from dashboard.text import escape_markdown as md
from dashboard.text import paragraph_markdown, paragraphs
from loaders.commands.decisions import ReviewError, decide, describe, figure_versions
from loaders.commands.events import add_event
from loaders.commands.maintain import MaintainError, add_article, slug
from loaders.extract.figures import extract_article
from loaders.model.languages import codes
from loaders.model.problems import Report
from loaders.model.records import CORRECTABLE_FIELDS, REVIEW_STATES, RegistryRow
from loaders.model.vocabulary import VOCABULARY
from loaders.read.articles import read_article
from loaders.read.folder import DataFolder, UnsafePath
from loaders.read.gazetteer import Gazetteer, read_places

ss = st.session_state
#: The correctable fields, the most often corrected first.
FORM_FIELDS: tuple[str, ...] = (
    "value",
    "place",
    "as_of",
    "subtype",
    "indicator",
    "qualifier",
    "value_max",
)
FORM_FIELDS += tuple(f for f in CORRECTABLE_FIELDS if f not in FORM_FIELDS)
data = frame.view("review").data
folder = DataFolder(Path(data.folder))
st.title("Review")

if not auth.review_enabled():
    st.info(
        "Review is off: no sign-in provider is configured for this dashboard. The README says"
        " how to configure one (Keycloak, Google, Microsoft Entra) or a local single-maintainer"
        " mode."
    )
    st.stop()

who = auth.maintainer(folder)
if who is None:
    email, _ = auth.signed_in(folder)
    if email:
        st.warning(
            f"Signed in as {md(email)}, who is not one of this situation's maintainers"
            " (`review.maintainers` in situation.yaml). You can read every page; reviewing is"
            " for maintainers."
        )
        st.button("Sign out", key="review_sign_out", on_click=st.logout)
    else:
        st.write(
            "Maintainers sign in to review the figures read from articles, and to add articles"
            " and key events. Everyone else can read every page without signing in."
        )
        st.button("Sign in", key="review_sign_in", on_click=st.login, type="primary")
    st.stop()

if who.local:
    st.warning(
        f"Local single-maintainer mode, as {md(who.who)}: this server listens on 127.0.0.1"
        " only and anyone who can open it on this machine reviews as that name.",
        icon=":material/lan:",
    )
else:
    st.caption(f"Signed in as {md(who.who)}, a maintainer of this situation.")
    st.button("Sign out", key="review_sign_out", on_click=st.logout)


def gazetteer() -> Gazetteer:
    return read_places(folder.places, Report(), root=folder.root)


def say(kind: str, text: str) -> None:
    ss["review_message"] = (kind, text)


def figure_row(figure_id: str) -> dict | None:
    for table in (data.figures, data.rejected):
        if len(table) and "id" in table:
            hit = table[table["id"] == figure_id]
            if len(hit):
                return hit.iloc[0].to_dict()
    return None


def on_decide(figure_id: str, action: str, seen: tuple[int, int]) -> None:
    """A button's callback: the maintainer is checked again here, on the server; the figure and
    the version the maintainer saw come from the server's own state, never from the browser."""
    me = auth.maintainer(folder)
    row = figure_row(figure_id)
    if me is None or row is None:
        say("error", "Only a signed-in maintainer can review figures; nothing was written.")
        return
    field = ss.get(f"review_field_{figure_id}", "") if action == "correct" else ""
    value = ss.get(f"review_value_{figure_id}_{field}", "") if action == "correct" else ""
    if isinstance(value, dt.date):
        value = value.isoformat()
    reason = ss.get(f"review_reason_{action}_{figure_id}", "")
    try:
        done = decide(folder, row, action, me.who, seen, gazetteer(), field, str(value), reason)
    except ReviewError as exc:
        say("warning" if "changed while" in str(exc) else "error", str(exc))
        return
    say("success", f"Figure {figure_id}: {describe(done)}.")


message = ss.pop("review_message", None)
if message:
    getattr(st, message[0])(md(message[1]))

view = st.segmented_control(
    "Show",
    ["Figures", "Add an article", "Add a key event"],
    default="Figures",
    key="review_view",
    bind="query-params",
    label_visibility="collapsed",
)
titles = dict(zip(data.sources["id"], data.sources["title"], strict=True))


def value_widget(row: pd.Series, field: str, key: str) -> None:
    """The new value's input: fixed lists for coded fields, places from the gazetteer, a date
    picker for the date, text (checked when saved) for the rest."""
    current = field_text(row, field)
    if field in ("indicator", "qualifier", "subtype"):
        options = {
            "indicator": list(VOCABULARY.indicators),
            "qualifier": list(VOCABULARY.qualifiers),
            "subtype": [s or "" for s in VOCABULARY.subtypes(str(row["indicator"]))],
        }[field]
        st.selectbox(
            "New value",
            options,
            index=options.index(current) if current in options else 0,
            key=key,
            format_func=lambda s: s or "none",
        )
    elif field == "place":
        names = sorted(data.places.loc[data.places["kind"] != "route", "name"].astype(str))
        label = data.place_names.get(current, "")
        st.selectbox(
            "New value (from the gazetteer)",
            ["", *names],
            index=(names.index(label) + 1) if label in names else 0,
            key=key,
            format_func=lambda n: n or "no place",
        )
    elif field == "as_of":
        st.date_input(
            "New value", value=pd.Timestamp(current).date(), key=key, max_value=dt.date.today()
        )
    else:
        st.text_input("New value", value=current, key=key)


def correct_form(row: pd.Series, seen: tuple[int, int]) -> None:
    """A field, then a form with its new value and a reason: nothing reruns while typing, and
    the loaders check the value when it is saved."""
    fid = row["id"]
    field = st.selectbox("Field", FORM_FIELDS, key=f"review_field_{fid}")
    with st.form(f"review_correct_form_{fid}", border=False):
        value_widget(row, field, f"review_value_{fid}_{field}")
        st.text_input(
            "Reason", key=f"review_reason_correct_{fid}", placeholder="what the source says"
        )
        st.form_submit_button(
            "Save correction", on_click=on_decide, args=(fid, "correct", seen), type="primary"
        )


def figure_card(row: pd.Series, number: int, versions: dict[str, tuple[int, int]]) -> None:
    fid = str(row["id"])
    seen = versions.get(fid, (0, 0))
    with st.container(border=True, key=f"review_card_{fid}"):
        body = data.bodies.get(str(row["source"]), "")
        st.markdown(sentence_markdown(str(row.get("quote") or ""), body, row["start"], row["end"]))
        st.caption(" · ".join(f"**{md(k)}**: {md(v)}" for k, v in reading(row, data.place_names)))
        state = str(row["review"])
        if state != "unreviewed":
            by = f" by {md(str(row['reviewed_by']))}" if row.get("reviewed_by") else ""
            at = f" at {md(str(row['reviewed_at']))}" if row.get("reviewed_at") else ""
            why = f": {md(str(row['reason']))}" if state == "rejected" and row.get("reason") else ""
            st.caption(f":blue-badge[{md(state)}]{by}{at}{why}")
        if state == "rejected":
            return
        # One row that wraps, not columns: a phone stacked columns one under another.
        buttons = st.container(horizontal=True, vertical_alignment="center", gap="xsmall")
        if state == "unreviewed":
            buttons.button(
                "Accept",
                key=f"review_accept_{fid}",
                on_click=on_decide,
                args=(fid, "accept", seen),
                icon=":material/check:",
            )
        with (
            buttons.popover("Reject", icon=":material/close:"),
            st.form(f"review_reject_form_{fid}", border=False),
        ):
            st.text_input("Reason", key=f"review_reason_reject_{fid}", placeholder="why")
            st.form_submit_button(
                "Reject this figure", on_click=on_decide, args=(fid, "reject", seen), type="primary"
            )
        with buttons.popover("Correct", icon=":material/edit:"):
            correct_form(row, seen)
        buttons.caption(f"#{number} · id {md(fid)}")


def figures_view() -> None:
    remaining, extracted = left(data.figures)
    articles = sorted(
        data.sources.loc[data.sources["kind"] == "article", "id"].astype(str),
        key=lambda i: str(data.sources.set_index("id").loc[i, "date"]),
        reverse=True,
    )
    cols = st.columns([2, 2, 2])
    article = cols[0].selectbox(
        "Article",
        ["", *articles],
        key="review_article",
        bind="query-params",
        format_func=lambda i: titles.get(i, i) or i if i else "all articles",
    )
    indicators = cols[1].multiselect(
        "Indicator",
        list(VOCABULARY.indicators),
        key="review_indicator",
        bind="query-params",
        format_func=lambda i: VOCABULARY.indicators[i].label,
    )
    states = cols[2].multiselect(
        "State",
        list(REVIEW_STATES),
        default=["unreviewed"],
        key="review_state",
        bind="query-params",
    )
    wanted = QueueFilters(article or "", tuple(indicators), tuple(states))
    rows = queue(data.figures, data.rejected, data.sources, wanted)
    st.markdown(
        f"**{remaining:,} of {extracted:,} extracted figures left to review**"
        f" · {len(rows):,} match these filters"
    )
    if rows.empty:
        st.success("Nothing to review with these filters.", icon=":material/done_all:")
        return
    pages = max(1, -(-len(rows) // QUEUE_PAGE))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                f"Page (of {pages}, {QUEUE_PAGE} figures each)",
                1,
                pages,
                1,
                key="review_page",
                width=220,
            )
        )
    shown = rows.iloc[(page - 1) * QUEUE_PAGE : page * QUEUE_PAGE]
    versions = figure_versions(folder)
    for source, group in shown.groupby("source", sort=False):
        meta = group.iloc[0]
        st.subheader(md(meta["article_title"] or str(source)), anchor=False)
        st.caption(f"{md(str(meta['article_date']))} · {md(str(source))}")
        for number, (_, row) in enumerate(group.iterrows(), start=1):
            figure_card(row, number, versions)


def article_preview(text: str, date: dt.date, title: str, language: str) -> list:
    """What the extractor reads in `text` as an article of `date`: the loaders' own reader and
    extractor, on a temporary copy."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "preview.txt"
        path.write_text(text, encoding="utf-8")
        report = Report()
        registry = {"preview": RegistryRow(id="preview", date=date, title=title, language=language)}
        article = read_article(path, report, registry)
    for problem in report.problems:
        st.warning(md(f"{problem.field}: {problem.message}"))
    if article is None:
        return []
    figures = extract_article(article, gazetteer())
    spans = [(f.start, f.end) for f in figures if f.start is not None and f.end is not None]
    with st.container(border=True, height=300, key="review_preview_text"):
        for paragraph in paragraphs(article.body, spans):
            st.markdown(paragraph_markdown(paragraph))
    return figures


def on_save_article() -> None:
    me = auth.maintainer(folder)
    if me is None:
        say("error", "Only a signed-in maintainer can add articles; nothing was written.")
        return
    text = ss.get("review_new_text", "")
    upload = ss.get("review_new_file")
    if upload is not None:
        text = upload.getvalue().decode("utf-8", errors="strict")
    title = ss.get("review_new_title", "").strip()
    date = ss.get("review_new_date")
    if not text.strip() or date is None:
        say("error", "An article needs its text and its date; nothing was written.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{slug(title or text[:60])}.txt"
        path.write_text(text, encoding="utf-8")
        try:
            saved = add_article(
                folder,
                path,
                date,
                outlet=ss.get("review_new_outlet", "").strip(),
                url=ss.get("review_new_url", "").strip(),
                title=title,
                language=ss.get("review_new_language", ""),
                note=f"added in the browser by {me.who}",
            )
        except (MaintainError, UnsafePath) as exc:
            say("error", str(exc))
            return
    article_id = folder.article_id(saved)
    for key in ("review_new_text", "review_new_title", "review_new_url", "review_new_outlet"):
        ss[key] = ""
    ss["review_view"] = "Figures"
    ss["review_article"] = article_id
    say("success", f"Saved as articles/{article_id}.txt; its figures are below, to review.")


def article_view() -> None:
    st.caption(
        "Paste the article's text or upload a .txt file (UTF-8). See what the extractor reads,"
        " then save: the text goes to articles/ and its row to articles.csv, as add-article does."
    )
    upload = st.file_uploader("Upload a .txt", type=["txt"], key="review_new_file")
    text = st.text_area("or paste the text", key="review_new_text", height=200)
    if upload is not None:
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error("That file is not UTF-8 text; save it as UTF-8 and upload it again.")
            return
    cols = st.columns(2)
    date = cols[0].date_input(
        "Date published", value=None, key="review_new_date", max_value=dt.date.today()
    )
    language = cols[1].selectbox(
        "Language",
        ["", *codes()],
        key="review_new_language",
        format_func=lambda c: c or "detect from the text",
    )
    title = st.text_input("Title", key="review_new_title")
    cols = st.columns(2)
    cols[0].text_input("Outlet", key="review_new_outlet")
    cols[1].text_input("URL", key="review_new_url", placeholder="https://")
    if not text.strip() or date is None:
        st.caption("The extractor's reading shows here once there is text and a date.")
        return
    figures = article_preview(text, date, title, language)
    st.markdown(f"**The extractor reads {len(figures)} figures in this text**")
    if figures:
        table = readable_table(
            pd.DataFrame([f.model_dump() for f in figures]), data.place_names
        ).drop(columns=["link", "source"], errors="ignore")
        st.dataframe(table, hide_index=True, key="review_preview_table")
    st.button("Save article", key="review_save_article", on_click=on_save_article, type="primary")


def on_save_event() -> None:
    me = auth.maintainer(folder)
    if me is None:
        say("error", "Only a signed-in maintainer can add key events; nothing was written.")
        return
    source = ss.get("review_event_url", "").strip() or ss.get("review_event_article", "")
    try:
        row = add_event(
            folder,
            gazetteer(),
            set(data.bodies),
            ss.get("review_event_date") or dt.date.today(),
            ss.get("review_event_title", ""),
            source,
            ss.get("review_event_place", ""),
            ss.get("review_event_note", ""),
        )
    except ReviewError as exc:
        say("error", f"Not saved: {exc}")
        return
    ss["review_event_title"] = ""
    say("success", f"Key event of {row['date']} added: {row['title']}.")


def event_view() -> None:
    st.caption("A key event shows on the timeline and the overview, with its source.")
    cols = st.columns(2)
    cols[0].date_input("Date", key="review_event_date", max_value=dt.date.today())
    names = sorted(data.places.loc[data.places["kind"] != "route", "name"].astype(str))
    cols[1].selectbox(
        "Place", ["", *names], key="review_event_place", format_func=lambda n: n or "no place"
    )
    st.text_input("What happened", key="review_event_title")
    articles = data.sources.loc[data.sources["kind"] == "article", "id"].astype(str).tolist()
    st.selectbox(
        "Source article",
        ["", *articles],
        key="review_event_article",
        format_func=lambda i: titles.get(i, i) or i if i else "an address instead (below)",
    )
    st.text_input("or the source's address", key="review_event_url", placeholder="https://")
    st.text_input("Note", key="review_event_note")
    st.button("Add key event", key="review_save_event", on_click=on_save_event, type="primary")


{"Figures": figures_view, "Add an article": article_view, "Add a key event": event_view}.get(
    view or "Figures", figures_view
)()
