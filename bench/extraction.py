"""Extraction throughput on synthetic articles, and against quantulum3 on the same text."""

from __future__ import annotations

import datetime as dt
import warnings

from bench.measure import median_time
from bench.synthetic import corpus
from loaders.extract.figures import extract_article
from loaders.model.records import Article
from loaders.read.gazetteer import Gazetteer


def _articles(texts: list[str]) -> list[Article]:
    return [
        Article(
            id=f"synthetic-{n}",
            path=f"synthetic-{n}.txt",
            date=dt.date(2023, 9, 30),
            date_source="header",
            body=text,
        )
        for n, text in enumerate(texts)
    ]


def run(gazetteer: Gazetteer, megabytes: float, peer_megabytes: float, repeat: int) -> dict:
    texts = corpus(megabytes)
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    articles = _articles(texts)
    figures = sum(len(extract_article(a, gazetteer)) for a in articles[:50])  # warm up
    seconds = median_time(lambda: [extract_article(a, gazetteer) for a in articles], repeat)

    sample, size = [], 0
    for a in articles:
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
        "extract_mb_per_s": round(size_mb / seconds, 3),
        "extract_corpus_mb": round(size_mb, 2),
        "extract_figures_per_article": round(figures / min(50, len(articles)), 1),
        "extract_vs_quantulum3": round((size / ours) / (size / peer), 1),
        "peer_sample_mb": round(size / 1e6, 3),
        "quantulum3_mb_per_s": round(size / 1e6 / peer, 4),
    }
