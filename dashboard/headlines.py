"""The overview's headline strip: each estimate as a card's texts (value with hedge, as of, the
range of reports, agreement, change, sparkline, sources as links) and its breakdown rows. Pure:
estimates in, strings out; the page only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from dashboard.links import links_markdown
from dashboard.text import escape_markdown as md
from loaders.facts.estimates import (
    ADDED_FIGURES,
    COUNTING,
    STALE_DAYS,
    WINDOW_DAYS,
    Estimate,
    Part,
)
from loaders.model.amounts import hedged, number_text
from loaders.model.vocabulary import VOCABULARY

#: What the overview says of its list of stale estimates.
NOT_CURRENT = (
    f"The last known figure of questions no source has answered in the {STALE_DAYS} days before"
    " another source's newest figure: no headline, as today's may be far from it."
)


@dataclass(frozen=True)
class Headline:
    """One card of the strip; `*_md` fields are safe Markdown, the rest plain text."""

    key: str
    label: str
    question: str
    value_text: str
    delta: str | None
    lines: tuple[str, ...]  # plain text, one caption each
    sources_md: str
    sparkline: tuple[float, ...]
    parts_title: str
    parts: tuple[tuple[str, str, str, str], ...]  # label, value, as of, sources (Markdown)
    unconfirmed_md: tuple[str, ...]
    above_whole_md: tuple[str, ...]  # parts reported higher than the whole: no breakdown lines
    incident: str  # the incident's name, for cards about one incident
    stale: bool = False  # the last known figure, not a current one: listed apart, never headlined

    @property
    def delta_arrow(self) -> Literal["auto", "off"]:
        """No arrow for a figure that did not change: an up arrow beside 'unchanged since'
        reads as a rise."""
        return "off" if self.delta is not None and self.delta.startswith("unchanged") else "auto"


def _label(e: Estimate) -> str:
    if e.scope and not e.by and not e.group:  # the incident is the card's title
        return VOCABULARY.subtype_label(e.indicator, e.subtype).capitalize()
    label = VOCABULARY.label(e.indicator, e.subtype)
    if e.counting == "period":  # never 'fled so far': a line names the period
        base = label if e.subtype else VOCABULARY.indicator_label(e.indicator)
        return f"{base} in one period"
    if e.by == "donor" and VOCABULARY.unit_kind(e.unit) == "currency":
        label += f" ({md(e.unit)})"
    return label


def _value(e: Estimate) -> str:
    """The card's number, short enough for a narrow card: for money the label names the
    currency and millions are written 'm' ('almost 111.5m')."""
    text = hedged(e.value, e.value_max, e.qualifier, e.unit)
    if e.by == "donor" and VOCABULARY.unit_kind(e.unit) == "currency":
        text = text.replace(f"{e.unit} ", "").replace(" million", "m")
    return text


def _number(value: float, unit: str) -> str:
    return hedged(value, None, "exact", unit)


def headline(e: Estimate, place_names: dict[str, str], situation: str = "") -> Headline:
    """The card texts of one estimate; its links open the Sources page of `situation` ('' when
    the deployment serves one)."""
    lines = _context_lines(e, place_names) + _support_lines(e)
    delta = None
    if e.previous is not None:
        if e.change is not None:
            sign = "+" if e.change >= 0 else "-"
            delta = f"{sign}{number_text(abs(e.change))} since {e.previous.as_of}"
            if e.change == 0:
                delta = f"unchanged since {e.previous.as_of}"
        elif e.previous != e.earlier_high:
            lines.append(f"previously {_number(e.previous.value, e.unit)} on {e.previous.as_of}")
    unconfirmed = tuple(
        f"{md(hedged(u.value, u.value_max, u.qualifier, u.unit))} on {u.as_of}, from one source"
        " read by the extractor, far from the other figures: "
        + links_markdown(u.sources, situation=situation)
        for u in e.unconfirmed
    )
    above_whole = tuple(
        f"{md(p.label)}: {md(hedged(p.value, p.value_max, p.qualifier, p.unit))} on {p.as_of},"
        f" more than the whole situation's {md(_value(e))}: "
        + links_markdown(p.sources, limit=2, situation=situation)
        for p in e.above_whole
    )
    return Headline(
        key=e.key,
        label=_label(e),
        question=VOCABULARY.indicators[e.indicator].question
        if e.indicator in VOCABULARY.indicators
        else "",
        value_text=_value(e),
        delta=delta,
        lines=tuple(lines),
        sources_md=links_markdown(e.sources, situation=situation),
        sparkline=tuple(p.value for p in e.series),
        parts_title={
            "destination": "By destination",
            "region": "By place",
            "donor": "By donor",
        }.get(e.by, ""),
        parts=tuple(_part_row(p, situation) for p in e.parts)
        if len(e.parts) > 1 or e.by == "donor"
        else (),
        unconfirmed_md=unconfirmed,
        above_whole_md=above_whole,
        incident=e.scope if not (e.by or e.group) else "",
        stale=e.stale,
    )


def _context_lines(e: Estimate, place_names: dict[str, str]) -> list[str]:
    """What the value is about: its date and place, its scope, its age, how it is counted."""
    where = place_names.get(e.place, e.place) if e.place else ""
    lines = [f"as of {e.as_of}" + (f" · {where}" if where else "")]
    behind = e.whole_behind
    if e.scope and e.by and behind is not None:
        lines.append(
            f"counted {e.scope} only: the whole situation's latest figure,"
            f" {hedged(behind.value, behind.value_max, behind.qualifier, behind.unit)} on"
            f" {behind.as_of}, is lower" + (" and older" if behind.as_of < e.as_of else "")
        )
    elif e.scope and e.by:
        lines.append(f"counted {e.scope} only: no figure for the whole situation")
    elif e.group and e.counting != "period":  # 'among civilians only', 'by IOM alone'
        lines.append(f"counted {e.scope}: no figure for the whole situation")
    if e.stale:
        lines.append(f"stale: {e.age_days} days older than the newest figure of the situation")
    if e.counting == "period":  # the card's title says 'in one period' only: which one here
        lines.append(f"counted {e.scope} only: {COUNTING[e.counting]}")
    elif e.counting and not (e.by == "donor" and len(e.parts) == 1):  # nothing was added
        lines.append(COUNTING[e.counting])
    if e.note and not e.scope and e.by != "donor":
        lines.append(e.note)
    return lines


def _one_donor(e: Estimate) -> str:
    """A donor's figure alone, named ('from one donor: Switzerland'), not a 'sum of 1 donor'."""
    return f"from one donor: {e.parts[0].label}" if e.parts else "from one donor"


def _support_lines(e: Estimate) -> list[str]:
    """How well the value is supported: its donors, the figures a sum adds (as well sourced as
    the weakest), or the other reports near it and the sources that agree; an earlier higher
    report."""
    lines = []
    if e.by == "donor":
        donors = len(e.parts)
        lines.append(f"sum of {donors} donors" if donors > 1 else _one_donor(e))
    elif e.counting in ADDED_FIGURES:
        sources = f"{e.n_agree} independent {'source' if e.n_agree == 1 else 'sources'}"
        lines.append(f"sum of {e.n_reports} figures, each from at least {sources}")
    elif e.n_reports > 1 and e.low is not None and e.high is not None:
        lines.append(
            f"{e.n_reports} reports within {WINDOW_DAYS} days: "
            f"{_number(e.low, e.unit)} to {_number(e.high, e.unit)}"
        )
    else:
        lines.append(f"no other report within {WINDOW_DAYS} days")
    if e.by != "donor" and e.counting not in ADDED_FIGURES:
        agree = f"{e.n_agree} independent {'source' if e.n_agree == 1 else 'sources'}"
        lines.append(agree + (" agree" if e.n_agree > 1 else ""))
    if e.earlier_high is not None:
        lines.append(
            f"an earlier report was higher: {_number(e.earlier_high.value, e.unit)}"
            f" on {e.earlier_high.as_of}"
        )
    return lines


def _part_row(p: Part, situation: str) -> tuple[str, str, str, str]:
    return (
        md(p.label),
        md(hedged(p.value, p.value_max, p.qualifier, p.unit)),
        str(p.as_of),
        links_markdown(p.sources, limit=2, situation=situation),
    )


def headlines(
    found: list[Estimate], place_names: dict[str, str], situation: str = ""
) -> list[Headline]:
    """The strip, in the order of the estimates."""
    return [headline(e, place_names, situation) for e in found]


def review_states(data: Any, found: list[Estimate]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The review state of the facts and figures behind `found` (ids and states, as tables),
    asked of `data.query` for these ids only."""
    fact_ids = [e.fact_id for e in found if e.fact_id]
    figure_ids = [s.figure for e in found for p in e.parts for s in p.sources if s.figure]

    def frame(table: str, ids: list[str]) -> pd.DataFrame:
        states = data.query.review_states(table, ids)
        return pd.DataFrame({"id": list(states), "review": list(states.values())})

    return frame("facts", fact_ids), frame("figures", figure_ids)


@dataclass(frozen=True)
class Card:
    """A headline card as the overview draws it: its Markdown made (and escaped) once per view
    and shared by every session, so a page run only lays cards out."""

    headline: Headline
    help: str  # the question
    caption: str  # the card's lines, one per line
    unchecked: bool  # rests on figures no maintainer has reviewed
    parts: str  # the breakdown as a Markdown list ('' when there is none)


def last_known(card: Card) -> str:
    """A stale card as one Markdown line of the overview's 'not current' list: what, how much,
    its date and place, how far behind, sources. A figure older than the rest of the situation
    is no headline (a stale headline is worse than none), but the reader still learns it."""
    head = card.headline
    behind = [line.removeprefix("stale: ") for line in head.lines if line.startswith("stale: ")]
    return (
        f"- **{md(head.label)}**: {md(head.value_text)}, "
        + "; ".join(md(line) for line in (head.lines[0], *behind))
        + f" · Sources: {head.sources_md}"
    )


def card(headline: Headline, unchecked: bool) -> Card:
    """The drawn texts of one card."""
    parts = [f"- **{c[0]}**: {c[1]} ({c[2]}) · {c[3]}" for c in headline.parts]
    return Card(
        headline=headline,
        help=md(headline.question),
        caption="  \n".join(md(line) for line in headline.lines),
        unchecked=unchecked,
        parts="\n".join(parts),
    )


def unreviewed_basis(
    found: list[Estimate], facts: pd.DataFrame, figures: pd.DataFrame
) -> list[bool]:
    """Per estimate: whether it rests on figures nobody has reviewed (its fact is unreviewed, or,
    for a sum of parts, one of the parts' figures is), so its card can say so."""
    if "review" not in facts or "review" not in figures:
        return [False] * len(found)
    fact_state = dict(zip(facts["id"], facts["review"], strict=True))
    figure_state = dict(zip(figures["id"], figures["review"], strict=True))
    out = []
    for e in found:
        if e.fact_id:
            out.append(fact_state.get(e.fact_id) == "unreviewed")
            continue
        ids = [s.figure for p in e.parts for s in p.sources if s.figure]
        out.append(any(figure_state.get(i) == "unreviewed" for i in ids))
    return out
