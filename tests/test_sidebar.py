"""The sidebar's problems panel: a few escaped lines, errors first, the rest counted."""

from __future__ import annotations

import pandas as pd

from dashboard.sidebar import problem_lines


def _problems(
    rows: list[tuple[str, str, int, str, str]], code: str = "invalid-value"
) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["severity", "path", "line", "field", "message"])
    return frame.assign(code=code)


def test_errors_come_first_and_paths_are_shown_inside_the_folder():
    problems = _problems(
        [
            ("warning", "/d/routes.geojson", 0, "geometry", "many points"),
            ("error", "/d/figures/a.csv", 3, "date", "not a date"),
        ]
    )
    first, second = problem_lines(problems, "/d")
    assert first.startswith(
        "- **error** (invalid\\-value) · figures\\/a\\.csv line 3, date: not a date"
    )
    assert second.startswith("- **warning** (invalid\\-value) · routes\\.geojson,")  # no line 0


def test_a_long_list_is_cut_and_counts_what_it_left_out():
    problems = _problems([("error", "/d/x.csv", n, "value", "bad") for n in range(1, 31)])
    lines = problem_lines(problems, "/d", limit=8)
    assert len(lines) == 9
    assert lines[-1] == "- … and 22 more, listed on the Data page."


def test_markdown_and_links_in_a_message_show_as_typed():
    hostile = "[click](https://evil.example) **now** <script>"
    (line,) = problem_lines(_problems([("error", "/d/x.csv", 2, "note", hostile)]), "/d")
    assert "](" not in line and "**now**" not in line and "<script>" not in line
    assert "\\[click\\]" in line
