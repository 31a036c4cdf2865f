"""The headline cards' sparkline drawing: a small SVG a browser shows as a plain image, the line
through every value, scaled to the drawing, with no text in it."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from dashboard.sparkline import HEIGHT, LINE, MARGIN, SPAN, sparkline_alt, sparkline_svg

SVG = "{http://www.w3.org/2000/svg}"


def drawn(values) -> list[tuple[float, float]]:
    """The points of the line the SVG draws, parsed from the markup."""
    svg = sparkline_svg(values)
    assert svg is not None
    root = ET.fromstring(svg)
    (line,) = root.iter(SVG + "polyline")
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


def test_the_line_runs_through_every_value_scaled_to_the_drawing():
    points = drawn([100, 300, 200])
    assert [x for x, _ in points] == [0, SPAN / 2, SPAN]
    # The highest value at the top margin, the lowest at the bottom one, SVG's y pointing down.
    assert [y for _, y in points] == [HEIGHT - MARGIN, MARGIN, HEIGHT / 2]


def test_the_drawing_stretches_across_its_card_at_a_fixed_height_in_the_theme_colour():
    root = ET.fromstring(sparkline_svg([1, 2]))
    assert root.tag == SVG + "svg"
    assert (root.get("width"), root.get("height")) == ("100%", str(HEIGHT))
    (inner,) = root.findall(SVG + "svg")
    assert inner.get("preserveAspectRatio") == "none"
    (line,) = root.iter(SVG + "polyline")
    assert line.get("stroke") == LINE == "#0072B2"
    assert line.get("vector-effect") == "non-scaling-stroke"  # no thicker line on a wide card
    assert not "".join(root.itertext()).strip()  # no text: nothing from a source to escape


def test_one_value_is_no_trend_and_draws_nothing():
    assert sparkline_svg([120_000]) is None
    assert sparkline_svg([]) is None


def test_a_flat_series_runs_through_the_middle():
    assert {y for _, y in drawn([5, 5, 5])} == {HEIGHT / 2}
    assert "level" in sparkline_alt([5, 5, 5])


def test_values_that_are_not_numbers_are_left_out_of_the_line():
    assert len(drawn([1, math.nan, 3, math.inf, 2])) == 3
    assert sparkline_svg([math.nan, 4]) is None
    svg = sparkline_svg([math.nan, 1, 2, -math.inf])
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)


def test_the_label_says_how_many_values_and_which_way_they_went():
    assert sparkline_alt([100, 300, math.nan, 200]) == (
        "Sparkline of 3 reported values, rising from the first to the latest."
    )
    assert "falling" in sparkline_alt([3, 1])
