"""The landing page's builders, when one deployment serves several situations: each
situation's headline (the overview's first estimate that may stand for it, or none) and its
freshness (the newest figure's date, the last build). Pure: data and estimates in, texts out."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import AppData
from dashboard.headlines import headline
from loaders.facts.estimates import Estimate
from loaders.model.vocabulary import VOCABULARY


@dataclass(frozen=True)
class Summary:
    """One situation on the landing page: its headline's label, value and sources (safe
    Markdown links; '' for none), and the texts saying how fresh its data are."""

    label: str
    value: str
    as_of: str
    sources_md: str
    newest: str  # the newest figure's date, '' for no figure
    built: str  # when the store shown was built (UTC), '' when none was
    figures: int
    errors: int


def standing(found: list[Estimate]) -> Estimate | None:
    """The first of the overview's estimates that may stand for the whole situation on its
    own: about the whole situation (no scope: no incident, not one part), not stale, with its
    sources, and about what befell people: a question the vocabulary marks `context` (a
    population: 'an Andean nation of 16 million' is no earthquake's headline) only when nothing
    else stands; None when no estimate is that trustworthy (a wrong or stale headline is worse
    than none)."""
    able = [e for e in found if not e.scope and not e.stale and e.sources]
    context = VOCABULARY.context_indicators()
    return next((e for e in able if e.indicator not in context), None) or next(iter(able), None)


def summary_of(data: AppData, found: list[Estimate], situation: str = "") -> Summary:
    """The landing page's texts for one situation's data and overview estimates; the
    headline's source links open them in `situation` (its name in the address)."""
    best = standing(found)
    card = headline(best, data.place_names, situation) if best else None
    figures = data.size("figures")  # asked of the store: the rows are never read here
    errors = int((data.problems["severity"] == "error").sum()) if len(data.problems) else 0
    return Summary(
        label=card.label if card else "",
        value=card.value_text if card else "",
        as_of=str(best.as_of) if best else "",
        sources_md=card.sources_md if card else "",
        newest=str(data.period.last) if figures else "",
        built=data.built.replace("T", " ")[:16] + " UTC" if data.built else "",
        figures=figures,
        errors=errors,
    )
