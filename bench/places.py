"""`python -m bench.places [CORPUS_DIR]`: where the extractor puts figures, against the places the
hand-labelled corpus names (`make eval` scores neither places nor dates).

Each crisis of the corpus is read as a new situation would be: a gazetteer with no places.csv,
the world gazetteer behind it, its countries those its articles name. Every figure matched to a
gold line (the rule of `bench.evaluate`) is compared with the gold line's `place`, a name as the
article writes it, resolved by the same gazetteer:

- `same`: the extractor's place is the gold one;
- `inside`: it lies inside the gold place (a town of the named country), `wider`: the gold place
  lies inside it (the country of a named town; also a province where the gold name, read alone,
  is its namesake city);
- `missing`: the extractor gives none; `extra`: it gives one where the gold has none;
- `wrong`: another place, on neither side: the count to keep at zero;
- `unresolved`: the gold name resolves to no single place ('Malawi and Mozambique', a district
  the gazetteer lacks): not judged.

Prints the counts overall and per language, then every `wrong` and `extra` line (`--all`: every
figure's). Not part of `make test`; under a minute.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from bench.evaluate import DEFAULT_CORPUS, Gold, _matches, _pair, read_labelled
from loaders.extract.figures import extract_article
from loaders.model.records import Figure
from loaders.read.gazetteer import Gazetteer
from loaders.read.world import World, attach

#: The verdicts, in the order they are printed.
VERDICTS = ("same", "inside", "wider", "missing", "extra", "wrong", "unresolved", "none")


def gold_places(folder: Path) -> dict[tuple[str, str, float, str], str | None]:
    """Each gold line's place name, by (article, quote, value, indicator)."""
    out: dict[tuple[str, str, float, str], str | None] = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            key = (g["article"], g["quote"], float(g["value"]), g["indicator"])
            out.setdefault(key, g.get("place"))
    return out


def verdict(gazetteer: Gazetteer, predicted: str | None, name: str | None) -> str:
    """How the extractor's place compares with the gold name (see the module's list)."""
    if name is None:
        return "none" if predicted is None else "extra"
    found = _resolved(gazetteer, name)
    if found is None:
        return "unresolved"
    if predicted is None:
        return "missing"
    if predicted == found:
        return "same"
    if found in gazetteer.chain(predicted):
        return "inside"
    return "wider" if predicted in gazetteer.chain(found) else "wrong"


def _resolved(gazetteer: Gazetteer, name: str) -> str | None:
    """The one place a gold name stands for: the name itself, else the only place it names."""
    place = gazetteer.lookup(name)
    if place is not None:
        return place.id
    mentions = gazetteer.mentions(name)
    return mentions[0].place_id if len(mentions) == 1 else None


def score(folder: Path, every: bool = False) -> tuple[dict[str, Counter], list[str]]:
    """(verdict counts overall under 'all' and per language, the lines to look at: `wrong` and
    `extra` ones, or with `every` all of them)."""
    articles, gold, crisis = read_labelled(folder)
    places = gold_places(folder)
    counts: dict[str, Counter] = defaultdict(Counter)
    shown: list[str] = []
    world = World.open()
    for name in sorted(set(crisis.values())):
        read = [a for a in articles if crisis[a.id] == name]
        gazetteer = Gazetteer()
        attach(gazetteer, world, [a.body for a in read])
        for article in read:
            golds = [g for g in gold if g.article == article.id]
            pairs, _, _ = _pair(extract_article(article, gazetteer), golds, _matches)
            for figure, line in pairs:
                wanted = places.get((line.article, line.quote, line.value, line.indicator))
                found = verdict(gazetteer, figure.place, wanted)
                counts["all"][found] += 1
                counts[line.language][found] += 1
                if every or found in ("wrong", "extra"):
                    shown.append(_line(found, gazetteer, figure, line, wanted))
    return counts, shown


def _line(found: str, gazetteer: Gazetteer, f: Figure, g: Gold, wanted: str | None) -> str:
    place = gazetteer.places.get(f.place or "")
    said = f"{f.place} ({place.name})" if place else str(f.place)
    return f"  {found:6} {g.article} {f.indicator}/{f.subtype} {f.value:g}: {said}, gold {wanted!r}"


def report(counts: dict[str, Counter], shown: list[str]) -> str:
    """The printed table and lines."""
    head = f"{'':6}" + "".join(f"{v:>11}" for v in VERDICTS)
    rows = [
        f"{group:6}" + "".join(f"{counts[group][v]:>11}" for v in VERDICTS)
        for group in ["all", *sorted(k for k in counts if k != "all")]
    ]
    return "\n".join([head, *rows, "", f"figures ({len(shown)}):", *shown])


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.places")
    p.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    p.add_argument("--all", action="store_true", help="every figure's line, not only wrong/extra")
    args = p.parse_args()
    print(report(*score(Path(args.corpus), every=args.all)))


if __name__ == "__main__":
    main()
