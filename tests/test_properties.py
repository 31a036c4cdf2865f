"""Property tests on generated text: the number parser, the extractor and the article reader never
raise; offsets stay inside the body and the quote; values are finite and not negative; the same
text always gives the same figures. `make test` runs 300 examples each; `pytest -m slow`, 10,000."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.extract.figures import extract_article
from loaders.extract.numbers import find_numbers
from loaders.model.problems import Report
from loaders.read.articles import read_article
from tests.conftest import article

pytestmark = pytest.mark.slow

WORDS = (
    "more than over about almost nearly up to at least between and some an estimated six two dozen"
    " half a million thousand 1,000 4,300 11.5 5m $ € CHF EUR people refugees killed injured"
    " missing tonnes tons of aid humanitarian armoured vehicles small arms rounds ammunition"
    " handed over surrendered arrived in Armenia Stepanakert Khankendi on Friday 27 September"
    " yesterday live population , . ; : - – ( ) \\n\\n of whom are children % years days"
).split()

wire_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.integers(min_value=0, max_value=10**9).map(str),
        st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda f: f"{f:,.2f}"),
    ),
    max_size=60,
).map(" ".join)
any_text = st.text(max_size=400)
texts = st.one_of(wire_text, any_text)


@given(texts)
def test_numbers_never_raise_and_stay_in_bounds(text):
    spans = find_numbers(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert math.isfinite(span.value) and span.value >= 0
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


@given(texts, st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_extractor_invariants(gazetteer, text, date):
    art = article(text, date.isoformat())
    figures = extract_article(art, gazetteer)
    for f in figures:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] in f.quote
        assert f.quote in text
        assert math.isfinite(f.value) and f.value >= 0
        assert f.value_max is None or (math.isfinite(f.value_max) and f.value_max >= f.value)
        assert f.as_of <= date
    again = extract_article(art, gazetteer)
    assert [f.model_dump() for f in again] == [f.model_dump() for f in figures]


@given(st.binary(max_size=2000))
def test_article_reader_never_raises(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("art") / "generated.txt"
    path.write_bytes(raw)
    report = Report()
    result = read_article(path, report)
    if result is None:
        assert report.errors, "an unusable article is always reported"
    else:
        assert raw.decode("utf-8").endswith(result.body)
