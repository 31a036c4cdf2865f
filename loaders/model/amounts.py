"""How an amount is written for people: its number, its hedge and its unit. One function for
every place that shows one (cards, hover texts, the Data page, the map, the disagreements a fact
names, the command line), so a figure reads the same everywhere.

The hedge's prefix and how a unit is written (a count bare, a measure with its symbol after the
number, money with its ISO code before it) come from the vocabulary.
"""

from __future__ import annotations

import math

import pandas as pd

from loaders.model.vocabulary import VOCABULARY

#: How each hedge is written before a number ('> ', '~', 'up to ').
HEDGE_PREFIX = {name: hedge.prefix for name, hedge in VOCABULARY.qualifiers.items()}


def number_text(value: float, short: bool = True) -> str:
    """1234 -> '1,234'; 11.5 -> '11.5'; 57600000 -> '57.6 million' when `short` (a card, a
    label), '57,600,000' otherwise (claims set side by side, where 1,234,567 and 1,230,000 must
    not both read '1.23 million'). A value that is not a finite number -> 'n/a', never
    'inf million'."""
    if not math.isfinite(value):
        return "n/a"
    if short and value >= 1_000_000:
        text = f"{value / 1_000_000:,.2f}".rstrip("0").rstrip(".")
        return f"{text} million"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _missing(value: object) -> bool:
    """No upper end: None, NaN or pandas' NA."""
    return value is None or bool(pd.isna(value))


def hedged(
    value: float, value_max: float | None, qualifier: str, unit: str = "", short: bool = True
) -> str:
    """A figure as a person reads it: '> 800', 'up to 120,000', '~5,000', '50-1,000' (a range
    carries no hedge), 'almost USD 100 million', '40 t', '120' buildings; with no `unit`, the
    number and its hedge alone."""
    if value_max is None or _missing(value_max):
        amount = number_text(value, short)
        prefix = HEDGE_PREFIX.get(qualifier, "")
    else:
        amount = f"{number_text(value, short)}-{number_text(float(value_max), short)}"
        prefix = ""
    kind = VOCABULARY.unit_kind(unit) if unit else "count"
    if kind == "count":
        return f"{prefix}{amount}"
    if kind == "currency":
        return f"{prefix}{unit} {amount}"
    return f"{prefix}{amount} {VOCABULARY.unit_symbol(unit)}"
