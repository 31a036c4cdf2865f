"""Extraction throughput on real article text (the hand-labelled development corpus, whose bodies
are news as published), and against quantulum3 on the same text.

When the corpus is not next to the project (a fresh clone without `../shared`), the synthetic
articles of `bench/synthetic.py` stand in, and the result says so (`extract_text`).
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from bench.evaluate import DEFAULT_CORPUS, read_corpus
from bench.measure import median_time
from bench.synthetic import corpus
from loaders.extract import dates, numbers
from loaders.extract.figures import extract_article
from loaders.model.records import Article
from loaders.read.gazetteer import Gazetteer


def _synthetic(megabytes: float) -> list[Article]:
    return [
        Article(
            id=f"synthetic-{n}",
            path=f"synthetic-{n}.txt",
            date=dt.date(2023, 9, 30),
            date_source="header",
            body=text,
        )
        for n, text in enumerate(corpus(megabytes))
    ]


def articles(megabytes: float, folder: Path = DEFAULT_CORPUS) -> tuple[list[Article], str]:
    """Real articles (the development corpus, at most `megabytes` of text, all of it when it is
    smaller) and where they come from; synthetic ones when the corpus is absent."""
    if not (folder / "gold.jsonl").is_file():
        return _synthetic(megabytes), "synthetic"
    found, size = [], 0
    for article in read_corpus(folder)[0]:
        if size >= megabytes * 1e6:
            break
        found.append(article)
        size += len(article.body.encode("utf-8"))
    return found, f"dev corpus ({len(found)} real articles)"


def _read_afresh(texts: list[Article], gazetteer: Gazetteer) -> None:
    """Every article extracted as if its words were new: the answers memoised per date and
    number phrase are dropped first (compiled patterns stay), since unseen text repeats few."""
    dates.resolve.cache_clear()
    numbers.words_to_number.cache_clear()
    for a in texts:
        extract_article(a, gazetteer)


def run(gazetteer: Gazetteer, megabytes: float, peer_megabytes: float, repeat: int) -> dict:
    texts, origin = articles(megabytes)
    size_mb = sum(len(a.body.encode("utf-8")) for a in texts) / 1e6
    figures = sum(len(extract_article(a, gazetteer)) for a in texts)  # warm up
    seconds = median_time(lambda: _read_afresh(texts, gazetteer), repeat)

    sample, size = [], 0
    for a in texts:
        if size >= peer_megabytes * 1e6:
            break
        sample.append(a)
        size += len(a.body.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse(sample[0].body)
        peer = median_time(lambda: [parser.parse(a.body) for a in sample], repeat)
    ours = median_time(lambda: [extract_article(a, gazetteer) for a in sample], repeat)
    return {
        "extract_text": origin,
        "extract_mb_per_s": round(size_mb / seconds, 3),
        "extract_corpus_mb": round(size_mb, 3),
        "extract_figures_per_article": round(figures / len(texts), 1),
        "extract_vs_quantulum3": round((size / ours) / (size / peer), 1),
        "peer_sample_mb": round(size / 1e6, 3),
        "quantulum3_mb_per_s": round(size / 1e6 / peer, 4),
    }
