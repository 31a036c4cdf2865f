"""The overview's headline estimates as records: the JSON array and the table of
`python -m loaders estimates` (SPEC section 3), in the order the overview shows them (the whole
situation's questions first, then single incidents). Pure: estimates in, records out."""

from __future__ import annotations

from loaders.facts.estimates import Estimate, Part, SourceRef, flags_of
from loaders.model.vocabulary import VOCABULARY


def _source(ref: SourceRef, titles: dict[str, str]) -> dict:
    """A source as {title, outlet, url}: the article's title when it is an article."""
    return {
        "title": titles.get(ref.article, "") if ref.article else "",
        "outlet": ref.label,
        "url": ref.url,
    }


def _sources(refs: tuple[SourceRef, ...], titles: dict[str, str]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for ref in refs:
        record = _source(ref, titles)
        seen.setdefault(tuple(record.values()), record)
    return list(seen.values())


def _part(p: Part, names: dict[str, str], titles: dict[str, str]) -> dict:
    return {
        "label": p.label,
        "value": p.value,
        "value_max": p.value_max,
        "qualifier": p.qualifier,
        "unit": p.unit,
        "as_of": p.as_of.isoformat(),
        "place": p.place,
        "place_name": names.get(p.place, "") if p.place else "",
        "sources": _sources(p.sources, titles),
    }


def estimate_record(e: Estimate, names: dict[str, str], titles: dict[str, str]) -> dict:
    """One estimate as the command prints it in JSON."""
    entry = VOCABULARY.indicators.get(e.indicator)
    return {
        "question": entry.question if entry else "",
        "indicator": e.indicator,
        "subtype": e.subtype,
        "value": e.value,
        "value_max": e.value_max,
        "qualifier": e.qualifier,
        "unit": e.unit,
        "as_of": e.as_of.isoformat(),
        "age_days": e.age_days,
        "place": e.place,
        "place_name": names.get(e.place, "") if e.place else "",
        "scope": e.scope,
        "by": e.by,
        "counting": e.counting,
        "low": e.low,
        "high": e.high,
        "n_reports": e.n_reports,
        "n_agree": e.n_agree,
        "parts": [_part(p, names, titles) for p in e.parts],
        "above_whole": [_part(p, names, titles) for p in e.above_whole],
        "whole_behind": _part(e.whole_behind, names, titles) if e.whole_behind else None,
        "sources": _sources(e.sources, titles),
        "flags": flags_of(e),
    }


def in_screen_order(found: list[Estimate]) -> list[Estimate]:
    """The overview's order: cards about the whole situation (or a part standing for it), then
    single incidents, then a description of the place known only for a part of it (a question
    the vocabulary marks `context`: the population of Niamey in floods across Niger), never
    ahead of what befell people."""
    context = VOCABULARY.context_indicators()
    aside = [e for e in found if e.scope and e.indicator in context]
    rest = [e for e in found if not (e.scope and e.indicator in context)]
    return (
        [e for e in rest if not e.scope or e.by or e.group]
        + [e for e in rest if e.scope and not (e.by or e.group)]
        + aside
    )


def estimate_records(
    found: list[Estimate], names: dict[str, str], titles: dict[str, str]
) -> list[dict]:
    """Every estimate as a record, in screen order."""
    return [estimate_record(e, names, titles) for e in in_screen_order(found)]
