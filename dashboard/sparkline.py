"""A headline card's sparkline as a small SVG drawing: the trend of the values its estimate's
series reported, drawn by the browser as a plain image (`st.image`) instead of a chart library.
A Vega-Lite chart per card cost a new viewer 1.2-1.5 s of the overview's first draw on a
2-core machine (README, restart figures); an image costs nothing to load.

Pure: numbers in, markup out. The markup holds only numbers and fixed words, never text from a
source, so nothing in it needs escaping."""

from __future__ import annotations

import math
from collections.abc import Sequence

#: The line's colour: the theme's primary colour (`.streamlit/config.toml`).
LINE = "#0072B2"
#: Height of the drawing in pixels; its width follows the card's.
HEIGHT = 40
#: Room above and below the line, in pixels, so a round stroke at the extremes is not cut.
MARGIN = 3
#: Width of the inner drawing's coordinate space; stretched to the card's width.
SPAN = 100


def finite(values: Sequence[float]) -> list[float]:
    """The values a line can be drawn through: not a number and infinities dropped."""
    return [float(v) for v in values if math.isfinite(v)]


def points(values: Sequence[float]) -> list[tuple[float, float]]:
    """The line's points: evenly spaced from 0 to SPAN across, the lowest value at the bottom
    margin and the highest at the top one (a flat series runs through the middle)."""
    low, high = min(values), max(values)
    step = SPAN / (len(values) - 1)
    inner = HEIGHT - 2 * MARGIN
    return [
        (
            i * step,
            HEIGHT / 2 if high == low else MARGIN + (high - v) / (high - low) * inner,
        )
        for i, v in enumerate(values)
    ]


def sparkline_svg(values: Sequence[float]) -> str | None:
    """The SVG of a sparkline through `values` (non-finite ones left out), or None when fewer
    than two remain: one value is no trend. The outer drawing has a fixed height and no fixed
    width, so the image stretches across its card; the inner one scales the line to it without
    thickening the stroke."""
    kept = finite(values)
    if len(kept) < 2:
        return None
    line = " ".join(f"{x:.2f},{y:.2f}" for x, y in points(kept))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{HEIGHT}">'
        f'<svg width="100%" height="100%" viewBox="-1 0 {SPAN + 2} {HEIGHT}"'
        ' preserveAspectRatio="none">'
        f'<polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2"'
        ' stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        "</svg></svg>"
    )


def sparkline_alt(values: Sequence[float]) -> str:
    """What the sparkline shows, for a screen reader: how many values and which way they went
    from the first to the last."""
    kept = finite(values)
    first, last = kept[0], kept[-1]
    way = "rising" if last > first else "falling" if last < first else "level"
    return f"Sparkline of {len(kept)} reported values, {way} from the first to the latest."
