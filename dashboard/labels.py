"""How things are called and coloured on screen: indicator names, hedges, the palette."""

from __future__ import annotations

import html

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


def safe(text: object) -> str:
    """Data text made literal for plotly labels and hover text, which read a subset of HTML;
    invisible bidirectional and zero-width characters dropped (they reverse captions)."""
    return html.escape(clean(str(text)), quote=False)
