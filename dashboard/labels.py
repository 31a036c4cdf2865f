"""How things are called and coloured on screen: indicator names, hedges, the palette."""

from __future__ import annotations

import html
import math

from loaders.facts.consolidate import HEDGE_PREFIX
from loaders.model.vocabulary import VOCABULARY
from loaders.read.characters import clean

INDICATOR_LABELS = {name: info.label for name, info in VOCABULARY.indicators.items()}
#: Subtype labels for places where the indicator is already named (a group heading, a chart).
SUBTYPE_LABELS = {None: "total"} | {e.subtype: e.label for e in VOCABULARY.entries if e.subtype}
QUALIFIER_LABELS = {name: hedge.label for name, hedge in VOCABULARY.qualifiers.items()}
#: Marker shapes carry the hedge, so it never depends on colour alone.
QUALIFIER_SYMBOLS = {name: hedge.symbol for name, hedge in VOCABULARY.qualifiers.items()}
#: Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def series_label(indicator: str, subtype: str | None) -> str:
    """'Displaced people: arrivals in one day', 'Casualties: killed'."""
    return VOCABULARY.label(indicator, subtype)


def number_text(value: float) -> str:
    """1234 -> '1,234'; 57600000 -> '57.6 million'; 11.5 -> '11.5'; a value that is not a
    finite number (no figure is, past the unit limits) -> 'n/a', never 'inf million'."""
    if not math.isfinite(value):
        return "n/a"
    if value >= 1_000_000:
        text = f"{value / 1_000_000:,.2f}".rstrip("0").rstrip(".")
        return f"{text} million"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def hedged(value: float, value_max: float | None, qualifier: str, unit: str) -> str:
    """A figure as a person reads it: '> 800', 'up to 120,000', '~5,000', '50-1,000',
    'almost USD 100 million', '40 t'."""
    if value_max is not None and not (isinstance(value_max, float) and math.isnan(value_max)):
        amount = f"{number_text(value)}-{number_text(value_max)}"
        prefix = ""
    else:
        amount = number_text(value)
        prefix = HEDGE_PREFIX.get(qualifier, "")
    if unit == "tonnes":
        return f"{prefix}{amount} t"
    if unit in ("people", "items", "vehicles"):
        return f"{prefix}{amount}"
    return f"{prefix}{unit} {amount}"


def safe(text: object) -> str:
    """Data text made literal for plotly labels and hover text, which read a subset of HTML;
    invisible bidirectional and zero-width characters dropped (they reverse captions)."""
    return html.escape(clean(str(text)), quote=False)
