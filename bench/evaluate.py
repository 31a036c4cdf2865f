"""`python -m bench.evaluate [CORPUS_DIR]`: the extractor scored against a hand-labelled corpus.

The corpus folder holds `articles/*.json` (id, published, language, title, text...) and
`gold.jsonl` (one line per figure mention: article, indicator, subtype, value, value_max, unit,
qualifier, quote, derived). Default: `../shared/corpus/dev` relative to the project root.

Matching rule. A predicted figure matches a gold line when all of these hold:
  * same article;
  * same indicator, subtype and unit;
  * same value and value_max (to within 0.5, or one part in 10,000 for large amounts);
  * the predicted number's offsets [start, end) lie inside the span of the gold quote in the
    article text (the quote is located by exact substring search; every quote occurs once).
Each gold line is matched at most once and each prediction at most once (greedy, in text order).
The qualifier is not part of the match: hedge accuracy is the share of matched figures whose
qualifier equals the gold one. Subtype accuracy is the share of "located" predictions (same
indicator, value, unit and span as a gold line, subtype ignored) whose subtype is the gold one.
Dates and places are not scored: articles are given their published date (a fixed day when it
is unknown).

Two scores. *Whole corpus*: every article read by the extractor as shipped. *Leave one crisis
out* (LOCO): for every crisis of the corpus, whatever the extractor learns or tunes from labelled
text is fitted on the other crises only (`fit`), and the articles of the left-out crisis are read
with that fit; the counts of all crises are pooled. That is the number that predicts a crisis
nobody has labelled. The extractor is rule-based: its rules live in the code and the language
files and nothing is learned or tuned from the corpus at run time, so its fit is empty and the
LOCO score equals the whole-corpus one; the report says so. A learned part (a classifier over
candidate numbers, a threshold) must be refitted in `fit` without the held-out crisis.

Prints precision, recall and F1 overall, per language and per indicator for both; subtype and
hedge accuracy; then every miss and every false positive. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.extract.figures import extract_article
from loaders.model.records import Article, Figure
from loaders.read.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
#: `../shared/corpus/dev` next to the project; from a git worktree nested deeper, the nearest
#: ancestor that has one.
DEFAULT_CORPUS = next(
    (p / "shared" / "corpus" / "dev" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared" / "corpus" / "dev",
)
#: The corpus's own layout (its README), not the data folder's: JSON articles in this folder.
CORPUS_ARTICLES = "articles"
#: Dates are not scored; an article without one gets this day.
UNKNOWN_DAY = dt.date(2000, 1, 1)


@dataclass
class Gold:
    """One labelled figure mention, with the span of its quote in the article text."""

    article: str
    language: str
    indicator: str
    subtype: str | None
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    quote: str
    start: int
    end: int


@dataclass
class Scores:
    """True positives, false positives and misses of one group."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def read_corpus(folder: Path) -> tuple[list[Article], list[Gold]]:
    """Articles as `Article` records (in memory) and the gold lines with their quote spans."""
    articles, gold, _ = read_labelled(folder)
    return articles, gold


def read_labelled(folder: Path) -> tuple[list[Article], list[Gold], dict[str, str]]:
    """Articles, gold lines, and the crisis of each article (by article id)."""
    articles: list[Article] = []
    crisis: dict[str, str] = {}
    texts: dict[str, tuple[str, str]] = {}
    for path in sorted((folder / CORPUS_ARTICLES).glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        published = raw.get("published")
        articles.append(
            Article(
                id=raw["id"],
                path=str(path),
                date=dt.date.fromisoformat(published) if published else UNKNOWN_DAY,
                date_source="header",
                title=raw.get("title") or "",
                outlet=raw.get("outlet") or "",
                url=raw.get("url") or "",
                language=raw.get("language") or "en",
                body=raw["text"],
            )
        )
        texts[raw["id"]] = (raw["text"], raw.get("language") or "en")
        crisis[raw["id"]] = raw.get("crisis") or raw["id"]
    gold: list[Gold] = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        text, language = texts[g["article"]]
        start = text.find(g["quote"])
        if start < 0:
            raise SystemExit(f"quote not found in {g['article']}: {g['quote']!r}")
        gold.append(
            Gold(
                article=g["article"],
                language=language,
                indicator=g["indicator"],
                subtype=g["subtype"],
                value=float(g["value"]),
                value_max=None if g["value_max"] is None else float(g["value_max"]),
                unit=g["unit"],
                qualifier=g["qualifier"],
                quote=g["quote"],
                start=start,
                end=start + len(g["quote"]),
            )
        )
    return articles, gold, crisis


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=0.5)


def _located(f: Figure, g: Gold) -> bool:
    """Same number in the same place, whatever the subtype."""
    return (
        f.indicator == g.indicator
        and f.unit == g.unit
        and _same(f.value, g.value)
        and _same(f.value_max, g.value_max)
        and f.start is not None
        and g.start <= f.start
        and f.end <= g.end
    )


def _matches(f: Figure, g: Gold) -> bool:
    return _located(f, g) and f.subtype == g.subtype


def _pair(
    figures: list[Figure], gold: list[Gold], match
) -> tuple[list[tuple[Figure, Gold]], list[Figure], list[Gold]]:
    """Greedy one-to-one pairing in text order: (pairs, unpaired figures, unpaired gold)."""
    free = list(gold)
    pairs, extra = [], []
    for f in sorted(figures, key=lambda f: (f.start or 0, f.end or 0)):
        hit = next((g for g in free if match(f, g)), None)
        if hit is None:
            extra.append(f)
        else:
            free.remove(hit)
            pairs.append((f, hit))
    return pairs, extra, free


#: What the extractor learns from labelled articles (nothing yet: see `fit`).
Fit = Any


def fit(articles: list[Article], gold: list[Gold]) -> Fit:
    """Everything the extractor learns or tunes from labelled text, fitted on `articles` only.

    The extractor has no learned component and no threshold set from the corpus: its rules are
    code and language files, the same for every crisis. A learned part added later is fitted
    here, and `extract` passes it on."""
    del articles, gold
    return None


def extract(article: Article, gazetteer: Gazetteer, fitted: Fit) -> list[Figure]:
    """The extractor with what `fit` learned (nothing learned: the shipped extractor)."""
    del fitted
    return extract_article(article, gazetteer)


@dataclass
class _Tally:
    """Every count one scoring run collects."""

    total: Scores
    languages: dict[str, Scores]
    indicators: dict[str, Scores]
    misses: list[Gold]
    false_positives: list[tuple[Article, Figure]]
    hedge: list[int]
    subtype: list[int]
    #: Figures read from each article with no gold line (a precision trap gives none).
    traps: dict[str, int]

    @classmethod
    def empty(cls) -> _Tally:
        return cls(Scores(), defaultdict(Scores), defaultdict(Scores), [], [], [0, 0], [0, 0], {})

    def add(self, article: Article, figures: list[Figure], golds: list[Gold]) -> None:
        if not golds:
            self.traps[article.id] = len(figures)
        pairs, extra, missed = _pair(figures, golds, _matches)
        located, _, _ = _pair(figures, golds, _located)
        self.subtype[1] += len(located)
        self.subtype[0] += sum(f.subtype == g.subtype for f, g in located)
        self.hedge[1] += len(pairs)
        self.hedge[0] += sum(f.qualifier == g.qualifier for f, g in pairs)
        for scores in (self.total, self.languages[article.language]):
            scores.tp += len(pairs)
            scores.fp += len(extra)
            scores.fn += len(missed)
        for _, g in pairs:
            self.indicators[g.indicator].tp += 1
        for f in extra:
            self.indicators[str(f.indicator)].fp += 1
            self.false_positives.append((article, f))
        for g in missed:
            self.indicators[g.indicator].fn += 1
            self.misses.append(g)

    def results(self) -> dict:
        return {
            "total": self.total,
            "languages": dict(self.languages),
            "indicators": dict(self.indicators),
            "subtype_accuracy": self.subtype[0] / self.subtype[1] if self.subtype[1] else 1.0,
            "hedge_accuracy": self.hedge[0] / self.hedge[1] if self.hedge[1] else 1.0,
            "misses": self.misses,
            "false_positives": self.false_positives,
            "traps": dict(sorted(self.traps.items())),
        }


def evaluate(folder: Path, fitter: Callable[[list[Article], list[Gold]], Fit] = fit) -> dict:
    """Every score the report prints, and the misses and false positives, on the whole corpus
    (fitted on all of it)."""
    articles, gold, _ = read_labelled(folder)
    return _score(articles, gold, fitter(articles, gold))


def _score(articles: list[Article], gold: list[Gold], fitted: Fit) -> dict:
    gazetteer = Gazetteer()
    by_article: dict[str, list[Gold]] = defaultdict(list)
    for g in gold:
        by_article[g.article].append(g)
    tally = _Tally.empty()
    for article in articles:
        tally.add(article, extract(article, gazetteer, fitted), by_article.get(article.id, []))
    return tally.results()


def leave_one_crisis_out(
    folder: Path, fitter: Callable[[list[Article], list[Gold]], Fit] = fit
) -> dict:
    """Scores pooled over every crisis, each read with a fit on the other crises only."""
    articles, gold, crisis = read_labelled(folder)
    gazetteer = Gazetteer()
    tally = _Tally.empty()
    for held_out in sorted(set(crisis.values())):
        train = [a for a in articles if crisis[a.id] != held_out]
        train_ids = {a.id for a in train}
        fitted = fitter(train, [g for g in gold if g.article in train_ids])
        for article in articles:
            if crisis[article.id] == held_out:
                golds = [g for g in gold if g.article == article.id]
                tally.add(article, extract(article, gazetteer, fitted), golds)
    results = tally.results()
    results["crises"] = len(set(crisis.values()))
    return results


def _row(name: str, s: Scores) -> str:
    return (
        f"{name:28} {s.precision():6.2f} {s.recall():6.2f} {s.f1():6.2f}"
        f" {s.tp:5d} {s.fp:5d} {s.fn:5d}"
    )


def _excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _table(results: dict) -> list[str]:
    head = f"{'':28} {'prec':>6} {'recall':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    lines = [head, _row("all", results["total"]), "", "per language:"]
    lines += [_row(k, v) for k, v in sorted(results["languages"].items())]
    lines += ["", "per indicator:"]
    lines += [_row(k, v) for k, v in sorted(results["indicators"].items())]
    lines += [
        "",
        f"subtype accuracy {results['subtype_accuracy']:.3f}",
        f"hedge accuracy   {results['hedge_accuracy']:.3f}",
        "articles with no figure (precision traps), figures read: "
        + (", ".join(f"{k} {v}" for k, v in results["traps"].items()) or "none"),
    ]
    return lines


def report(results: dict, details: bool = True, loco: dict | None = None) -> str:
    """The printed report: the whole-corpus table, the leave-one-crisis-out table when given,
    then (with `details`) every miss and false positive of the whole-corpus run."""
    lines = ["WHOLE CORPUS", *_table(results)]
    if loco is not None:
        lines += [
            "",
            f"LEAVE ONE CRISIS OUT ({loco['crises']} crises; each read with a fit on the others."
            " Nothing is learned or tuned from the corpus, so this equals the whole corpus)"
            if _same_scores(results, loco)
            else f"LEAVE ONE CRISIS OUT ({loco['crises']} crises; each read with a fit on the"
            " others)",
            *_table(loco),
        ]
    if details:
        lines += ["", f"misses ({len(results['misses'])}):"]
        for g in results["misses"]:
            sub = f"/{g.subtype}" if g.subtype else ""
            vmax = f"-{g.value_max:g}" if g.value_max is not None else ""
            lines.append(
                f"  {g.article} {g.indicator}{sub} {g.value:g}{vmax} {g.unit} {g.qualifier}:"
                f" {g.quote[:110]!r}"
            )
        lines += ["", f"false positives ({len(results['false_positives'])}):"]
        for article, f in results["false_positives"]:
            sub = f"/{f.subtype}" if f.subtype else ""
            vmax = f"-{f.value_max:g}" if f.value_max is not None else ""
            lines.append(
                f"  {article.id} {f.indicator}{sub} {f.value:g}{vmax} {f.unit} {f.qualifier}:"
                f" {_excerpt(article.body, f.start or 0, f.end or 0)!r}"
            )
    return "\n".join(lines)


def _same_scores(a: dict, b: dict) -> bool:
    def key(r: dict) -> tuple:
        t = r["total"]
        return (t.tp, t.fp, t.fn)

    return key(a) == key(b)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.evaluate")
    p.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    p.add_argument("--summary", action="store_true", help="scores only, no misses or extras")
    p.add_argument("--no-loco", action="store_true", help="the whole-corpus score only")
    args = p.parse_args()
    folder = Path(args.corpus)
    loco = None if args.no_loco else leave_one_crisis_out(folder)
    print(report(evaluate(folder), details=not args.summary, loco=loco))


if __name__ == "__main__":
    main()
