"""Whole-column helpers: hashes that depend on text only, ids, combined codes, and the table
reader's two paths giving the same lines for awkward but valid files."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from loaders.model.problems import Report
from loaders.read.columns import Coded, found, hex_ids, holds, mix, text_hashes, text_lengths
from loaders.read.tables import read_table

HEADER = (
    "as_of,indicator,subtype,value,value_max,unit,qualifier,place,note,"
    "source_outlet,source_url,published\n"
)
GOOD = "2023-09-28,displaced,,{n},,people,exact,Armenia,,Outlet,https://example.org/{n},\n"
NEGATIVE = "2023-09-28,casualties,killed,-5,,people,exact,Armenia,,Outlet,https://example.org/x,\n"


def test_text_hashes_depend_on_the_text_not_on_chunks_or_position():
    words = ["", "a", "Goris", "https://example.org/1", "https://example.org/2", "Goris"]
    whole = text_hashes(pa.chunked_array([pa.array(words)]))
    split = text_hashes(pa.chunked_array([pa.array(words[:2]), pa.array(words[2:])]))
    sliced = text_hashes(pa.chunked_array([pa.array(["x", *words]).slice(1)]))
    assert whole.tolist() == split.tolist() == sliced.tolist()
    assert whole[2] == whole[5]
    assert len(set(whole.tolist())) == 5


def test_text_hashes_of_many_urls_do_not_collide():
    urls = pa.chunked_array([pa.array([f"https://example.org/report/{n}" for n in range(200_000)])])
    assert len(np.unique(text_hashes(urls))) == 200_000


def test_ids_are_twelve_hex_digits_of_the_hash():
    hashes = np.array([0, 0xABCDEF123456, 0xFFFF_0000_0000_0001], dtype=np.uint64)
    assert hex_ids(hashes).to_pylist() == ["000000000000", "abcdef123456", "000000000001"]


def test_mix_is_order_sensitive():
    a, b = np.array([1], dtype=np.uint64), np.array([2], dtype=np.uint64)
    first = mix(mix(np.zeros(1, dtype=np.uint64), a), b)
    second = mix(mix(np.zeros(1, dtype=np.uint64), b), a)
    assert first[0] != second[0]


def test_combined_codes_name_each_distinct_combination():
    left = Coded(np.array([0, 1, 0, 1], dtype=np.int32), np.array(["a", "b"], dtype=object))
    right = Coded(np.array([0, 0, 0, 1], dtype=np.int32), np.array(["x", "y"], dtype=object))
    both = Coded.combined(left, right)
    assert [both.text(i) for i in range(4)] == [("a", "x"), ("b", "x"), ("a", "x"), ("b", "y")]
    assert both.where(lambda t: t == ("b", "y")).tolist() == [False, False, False, True]


def test_lengths_and_found_read_the_buffers():
    column = pa.chunked_array([pa.array(["ab", "", "c d"])])
    assert text_lengths(column).tolist() == [2, 0, 3]
    assert found(column, b" ", b"\n") == {b" "}


@pytest.mark.parametrize(
    ("name", "body", "line"),
    [
        ("multi_line_note", GOOD.format(n=1).replace(",,Outlet", ',"two\nlines",Outlet'), 5),
        ("blank_line_between_rows", GOOD.format(n=1) + "\n", 5),
        ("windows_line_endings", GOOD.format(n=1), 4),
        ("spaces_around_cells", GOOD.format(n=1).replace(",Armenia,", ",  Armenia ,"), 4),
    ],
)
def test_awkward_valid_files_keep_every_row_and_exact_lines(tmp_path, gazetteer, name, body, line):
    text = HEADER + GOOD.format(n=0) + body + NEGATIVE
    if name == "windows_line_endings":
        text = text.replace("\n", "\r\n")
    path = tmp_path / f"{name}.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    report = Report()
    table = read_table(path, gazetteer, report)
    assert [(p.line, p.type) for p in report.problems] == [(line, "negative-value")]
    assert sorted(table["value"]) == [0, 1]
    assert set(table["place"]) == {"armenia"}


def test_address_with_a_space_is_reported_on_the_fast_path(tmp_path, gazetteer):
    spaced = GOOD.format(n=1).replace("https://example.org/1", "https://example.org/a b")
    path = tmp_path / "url_with_a_space.csv"
    path.write_text(HEADER + GOOD.format(n=0) + spaced, encoding="utf-8")
    report = Report()
    table = read_table(path, gazetteer, report)
    assert [(p.line, p.field, p.type) for p in report.problems] == [(3, "source_url", "not-a-url")]
    assert table["value"].tolist() == [0]


def test_holds_decides_per_combination_and_spreads_to_rows():
    left = Coded(np.array([0, 1, 0, 1], dtype=np.int32), np.array(["a", "b"], dtype=object))
    right = Coded(np.array([0, 0, 1, 1], dtype=np.int32), np.array(["x", "y"], dtype=object))
    calls = []

    def test(a, b):
        calls.append((a, b))
        return (a, b) != ("b", "y")

    assert holds([left, right], test).tolist() == [True, True, True, False]
    assert len(calls) == 4  # once per combination, not per row
    assert holds([left, right], lambda a, b: True).tolist() == [True] * 4
