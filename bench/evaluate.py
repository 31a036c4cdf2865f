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

Prints precision, recall and F1 overall, per language and per indicator; subtype and hedge
accuracy; then every miss and every false positive. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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
    articles: list[Article] = []
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
    return articles, gold


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


def evaluate(folder: Path) -> dict:
    """Every score the report prints, and the misses and false positives."""
    articles, gold = read_corpus(folder)
    gazetteer = Gazetteer()
    by_article: dict[str, list[Gold]] = defaultdict(list)
    for g in gold:
        by_article[g.article].append(g)
    total, per_lang, per_ind = Scores(), defaultdict(Scores), defaultdict(Scores)
    misses, false_pos, hedge_ok, hedge_n, sub_ok, sub_n = [], [], 0, 0, 0, 0
    for article in articles:
        figures = extract_article(article, gazetteer)
        golds = by_article.get(article.id, [])
        pairs, extra, missed = _pair(figures, golds, _matches)
        located, _, _ = _pair(figures, golds, _located)
        sub_n += len(located)
        sub_ok += sum(f.subtype == g.subtype for f, g in located)
        hedge_n += len(pairs)
        hedge_ok += sum(f.qualifier == g.qualifier for f, g in pairs)
        lang = article.language
        for scores in (total, per_lang[lang]):
            scores.tp += len(pairs)
            scores.fp += len(extra)
            scores.fn += len(missed)
        for _, g in pairs:
            per_ind[g.indicator].tp += 1
        for f in extra:
            per_ind[str(f.indicator)].fp += 1
            false_pos.append((article, f))
        for g in missed:
            per_ind[g.indicator].fn += 1
            misses.append(g)
    return {
        "total": total,
        "languages": dict(per_lang),
        "indicators": dict(per_ind),
        "subtype_accuracy": sub_ok / sub_n if sub_n else 1.0,
        "hedge_accuracy": hedge_ok / hedge_n if hedge_n else 1.0,
        "misses": misses,
        "false_positives": false_pos,
    }


def _row(name: str, s: Scores) -> str:
    return (
        f"{name:28} {s.precision():6.2f} {s.recall():6.2f} {s.f1():6.2f}"
        f" {s.tp:5d} {s.fp:5d} {s.fn:5d}"
    )


def _excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def report(results: dict, details: bool = True) -> str:
    """The printed report."""
    head = f"{'':28} {'prec':>6} {'recall':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    lines = [head, _row("all", results["total"]), "", "per language:"]
    lines += [_row(k, v) for k, v in sorted(results["languages"].items())]
    lines += ["", "per indicator:"]
    lines += [_row(k, v) for k, v in sorted(results["indicators"].items())]
    lines += [
        "",
        f"subtype accuracy {results['subtype_accuracy']:.3f}",
        f"hedge accuracy   {results['hedge_accuracy']:.3f}",
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


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.evaluate")
    p.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    p.add_argument("--summary", action="store_true", help="scores only, no misses or extras")
    args = p.parse_args()
    print(report(evaluate(Path(args.corpus)), details=not args.summary))


if __name__ == "__main__":
    main()
