"""Where to write labels next to markers so that none overlaps another label or a marker.

Greedy, in screen pixels: labels are placed in the order given (most important first). Each
tries offsets around its marker, nearest first in eight directions, then further out (drawn with a
thin leader line), and takes the first whose box is inside the plot and clear of every marker and
of the labels already placed, at every screen size the chart may be drawn at: text keeps its size
in pixels while the map's scale changes with the screen, so a position is checked at each size. A
label with no clear position is left out (its point stays hoverable, and the map page lists
its headline under the map). A point of radius 0 (a
country's name, written with no marker) is no obstacle.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

#: Width of a character and height of a line of text, in pixels, for a font of 11 px (an average
#: over letters of plotly's sans-serif, with room to spare).
CHAR_PX = 6.3
LINE_PX = 14.0
GAP_PX = 3.0
#: Directions tried, as (dx, dy) on screen (y down): above, below, right, left, then diagonals.
DIRECTIONS = ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1))
#: Extra distance (px) beyond touching the marker: 0 first, then with a leader line.
REACH = (0.0, 22.0, 44.0, 70.0)

Box = tuple[float, float, float, float]
Offset = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """A marker on screen (x right, y down, pixels), its radius and its label's lines."""

    x: float
    y: float
    radius: float
    lines: tuple[str, ...]

    @property
    def size(self) -> tuple[float, float]:
        width = max((len(html.unescape(line)) for line in self.lines), default=0) * CHAR_PX
        return width + 4, len(self.lines) * LINE_PX + 2


def offsets(point: Marker) -> list[Offset]:
    """Candidate centres of the label relative to its marker, nearest first."""
    w, h = point.size
    out = []
    for reach in REACH:
        for dx, dy in DIRECTIONS:
            out.append(
                (
                    dx * (point.radius + GAP_PX + w / 2 + reach),
                    dy * (point.radius + GAP_PX + h / 2 + reach),
                )
            )
    return out


def label_box(point: Marker, offset: Offset) -> Box:
    """The box (x0, y0, x1, y1) of a label centred at the marker plus `offset`."""
    w, h = point.size
    cx, cy = point.x + offset[0], point.y + offset[1]
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def overlaps(a: Box, b: Box) -> bool:
    """True when two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _marker(p: Marker) -> Box:
    return p.x - p.radius, p.y - p.radius, p.x + p.radius, p.y + p.radius


def place_labels(
    layouts: list[tuple[list[Marker], float, float]],
) -> list[Offset | None]:
    """An offset per point (None: no clear position, leave the label out). `layouts` holds the
    same points drawn at each screen size, with that plot's width and height; earlier points
    choose first."""
    first = layouts[0][0]
    placed: list[list[Box]] = [[] for _ in layouts]
    out: list[Offset | None] = []
    for i, point in enumerate(first):
        choice = None
        if point.lines:
            for offset in offsets(point):
                boxes = [label_box(points[i], offset) for points, _, _ in layouts]
                if all(
                    _clear(box, i, points, width, height, done)
                    for box, (points, width, height), done in zip(
                        boxes, layouts, placed, strict=True
                    )
                ):
                    choice = offset
                    for done, box in zip(placed, boxes, strict=True):
                        done.append(box)
                    break
        out.append(choice)
    return out


def _clear(
    box: Box, own: int, points: list[Marker], width: float, height: float, done: list[Box]
) -> bool:
    inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
    return (
        inside
        and not any(
            overlaps(box, _marker(p)) for j, p in enumerate(points) if j != own and p.radius > 0
        )
        and not any(overlaps(box, b) for b in done)
    )
