"""Headline estimates: for each question a reader asks, the best current figure for the whole
situation, as an analyst would pick it. Pure: facts and figures in, estimates out.

The rules, each tested on a small table in tests/test_estimates.py:

- Only reported counts headline (`headline_mask`, the one decision the overview, the map, the
  timeline and the `estimates` command share): a projection (modality `projected`, or a note
  saying 'expected'), a rate ('1,200 a day', `per`) and a figure about another event or period
  (`background`) never do; projections are drawn as such on the timeline.
- Only stocks headline (the vocabulary says which entries are stocks); a flow such as arrivals in
  one day is never shown as a total. Aid is the exception by nature: deliveries (tonnage,
  vehicles) add up, each distinct delivery counted once per donor; pledges and appeals (funding,
  appeal) keep the latest figure of each donor; the estimate says which (`counting`).
- Only figures about the whole situation headline: no place, or the situation's region (the top
  of the gazetteer's hierarchy most figures roll up to, places rolling up through `parent`), and
  no subgroup or part named in the note ('peacekeepers', 'children', 'in hospital', 'camp'). A
  figure about one place is a part of a breakdown (by destination for displacement, by region
  otherwise), never the whole; when only parts are known, the largest part is shown as what it
  is (`scope` names the place). A note naming a single incident ('fuel depot explosion') gives
  that incident its own estimate.
- A range spans only comparable reports: the same question, all reported counts of the same
  scope and place level, within WINDOW_DAYS of the headline's day; an earlier report of a
  stock lower than the headline by more than AGREE_SHARE is an older state of a rising count
  (a toll's first hours), not a disagreement, and is left out of the range.
- Each estimate knows its age against the newest figure of the situation (`age_days`) and is
  `stale` past STALE_DAYS when another source than its own reported since (its own report's
  undated figures, dated by the article, are nothing newer); a change is only stated between
  two reports of different sources.
- A stock headlines its latest well-supported value; when an earlier well-sourced value was
  higher, the estimate says so (`earlier_high`) rather than hiding it.
- A figure read by the extractor from a single source and far from its neighbours in the series
  (more than 3 times, or less than a third of, the well-sourced values before and after it) is
  listed as unconfirmed, never headlined.
- Displacement is broken down by destination (the top place each figure rolls up to, where
  people are); the whole is people displaced with no place, or within the situation's region.
- When nothing qualifies there is no estimate: a wrong headline is worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from loaders.facts.kernels import days
from loaders.model.languages import codes, language
from loaders.model.records import is_agency_note, is_part_note, part_total
from loaders.model.vocabulary import VOCABULARY
from loaders.read.characters import clean, fold_look_alikes
from loaders.read.gazetteer import normalize, root_of

#: Reports this many days either side of a headline count towards its range and agreement.
WINDOW_DAYS = 3
#: Values within this share of the headline agree with it.
AGREE_SHARE = 0.1
#: A single-source extracted figure this many times above (or below) its neighbours is unconfirmed.
OUTLIER_RATIO = 3.0
#: An estimate this many days older than the newest figure of the situation is flagged stale.
STALE_DAYS = 30
#: How an aid estimate was counted, as the card says it.
COUNTING = {
    "sum": "each delivery added, once per donor",
    "latest": "the latest figure of each donor, added",
    "countries": "each of the situation's countries' own figure, added",
    "left_and_inside": "the people who left a country and those displaced inside it, added",
    "parts": "the groups one report lists, added (no total given)",
    "period": "a count of one period, not the total so far",
}
#: Countings that add separate figures of people (not aid): a sum has no range of reports, and
#: is as well sourced as its weakest figure.
ADDED_FIGURES = frozenset({"countries", "left_and_inside"})
#: Sources listed on one line of a breakdown (the rest are counted in the estimate's reports).
MAX_PART_SOURCES = 10
#: Flags an estimate may carry (`flags_of`), in the order the command prints them.
FLAGS = ("stale", "single-source", "unconfirmed", "disputed", "part", "earlier-higher")
SEP = " | "
#: The facts' columns the rules read.
FACT_FIELDS = (
    "id",
    "indicator",
    "subtype",
    "as_of",
    "place",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "note",
    "sources",
    "source_ids",
    "figure_ids",
    "modality",
    "origin",
    "destination",
    "per",
    "background",
    "disputed",
)
#: How many facts of the view a row stands for (1 when absent): a store narrowed in SQL to the
#: rows the rules can pick (`StoreQuery.estimates`) keeps one row for the rest of its series
#: and day, and a donor estimate counts its reports by it.
STANDS_FOR = "_stands_for"
#: Defaults of the facts' meaning columns, for tables made before they existed.
MEANING_DEFAULTS = {
    "modality": "reported",
    "origin": None,
    "destination": None,
    "per": None,
    "background": False,
    "disputed": False,
}

#: The overview's questions, in the order of its cards (the vocabulary's `overview`): the entry
#: and how it is answered: "region" (the situation's region only), "destination" (any top place,
#: broken down by it), "donor" (summed once per donor and unit).
QUESTIONS: tuple[tuple[str, str | None, str], ...] = tuple(
    (*q.key, q.by) for q in VOCABULARY.overview
)
#: Aid counted by adding each delivery (the rest keep each donor's latest figure).
ADDITIVE = frozenset(q.key for q in VOCABULARY.overview if q.counting == "sum")
#: Indicators whose figures also name where people or money went, not only what they are about.
_GOING = frozenset(q.key[0] for q in VOCABULARY.overview if q.by != "region")
#: Indicators whose places say where the situation is (`region_of`).
REGION_INDICATORS = frozenset(q[0] for q in QUESTIONS) - _GOING


def _scope_pattern(*kinds: str) -> re.Pattern[str]:
    """The scope words of `kinds` of every language file (`meaning: scope:`), matched at the
    start of a word, case-insensitively: a note may be in any language the extractor reads."""
    scopes = [language(code).meaning["scope"] for code in codes()]
    words = [w for scope in scopes for kind in kinds for w in scope.get(kind, [])]
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")", re.I)


_PROJECTION_RE = _scope_pattern("projection")
_INCIDENT_RE = _scope_pattern("incident")
_REMAINING_RE = _scope_pattern("remaining")
#: A toll's subgroups include civilians; the extractor notes them only on a toll.
_SUBGROUP_RE = _scope_pattern("subgroup", "toll_subgroup", "one_place")
#: A word of a toll's subgroup, whole ('Zivilisten', 'мирных жителей').
_TOLL_SUBGROUP_RE = re.compile(_scope_pattern("toll_subgroup").pattern + r"\w*", re.I)
#: The scope of a toll of civilians standing for a toll no figure of the whole gives.
AMONG_CIVILIANS = "among civilians only"
_PERIOD_RE = _scope_pattern("period")
#: A parenthesis saying what a figure is not ('(not the blast toll)') names nothing it is.
_NEGATED = re.compile(r"\(\s*" + _scope_pattern("negation").pattern + r"\b[^)]*\)", re.IGNORECASE)

#: News agencies whose copy many outlets carry: two outlets running one wire are one source.
WIRES = (
    "AFP",
    "Reuters",
    "Associated Press",
    "AP",
    "EFE",
    "IANS",
    "PTI",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "Sputnik",
    "Xinhua",
    "ANSA",
    "dpa",
    "Anadolu",
    "Armenpress",
    "APA",
    "Trend",
    "Kyodo",
    "Yonhap",
    "Europa Press",
    "UNB",
)
_WIRE_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in WIRES) + r")(?![\w])")


#: What part of the situation a figure is about, as its note says (`scope_kind`).
ScopeKind = Literal["whole", "subgroup", "incident", "remaining", "period", "projection"]
#: What the parts of an estimate break its value down by ("" when it has none).
Breakdown = Literal["", "destination", "region", "donor"]


def scope_kind(note: str) -> ScopeKind:
    """'whole', 'subgroup', 'incident', 'remaining', 'period' or 'projection': what part of the
    situation a figure's note makes it about. A projection is not a count; a count of one period
    ('during the weekend', 'overnight') is not the total so far; a named group (peacekeepers,
    people in hospital) is checked before an incident, so a group's toll in an incident is
    neither the incident's toll nor the whole one; people who remain after others left are a
    count of their own, not the population; a note naming none of these leaves the figure
    whole."""
    text = _NEGATED.sub(" ", note or "")
    if not text.strip():
        return "whole"
    if is_part_note(text):  # written by the extractor, in no article's language
        return "subgroup"
    if _PROJECTION_RE.search(text):
        return "projection"
    if _PERIOD_RE.search(text):
        return "period"
    if _SUBGROUP_RE.search(text):
        return "subgroup"
    if _INCIDENT_RE.search(text):
        return "incident"
    if _REMAINING_RE.search(text):
        return "remaining"
    return "whole"


@lru_cache(maxsize=1 << 16)
def independence_key(label: str) -> str:
    """Who a source label stands for: the wire it carries when it names one ('TODAY (Reuters)'
    -> 'reuters'), else the outlet itself, folded as names are (invisible characters, look-alike
    letters, case, accents, hyphens), so one outlet spelt three ways is one source. Memoised (a
    pure function of the label): a situation's facts name a few hundred outlets tens of
    thousands of times, and a build's summary asked for each (0.05 s of its 0.06 s for the
    sources of 8,400 facts)."""
    label = fold_look_alikes(clean(label or ""))
    match = _WIRE_RE.search(label)
    return normalize(match.group(1) if match else label)


@dataclass(frozen=True)
class SourceRef:
    """Where one figure behind an estimate came from: a link to open, or the article and figure
    to show on the Sources page."""

    label: str
    url: str = ""
    article: str = ""
    figure: str = ""


@dataclass(frozen=True)
class DatedValue:
    """One dated value of a series."""

    as_of: dt.date
    value: float


@dataclass(frozen=True)
class Part:
    """One line of a breakdown (a destination, a donor) or an unconfirmed figure."""

    label: str
    place: str | None
    value: float
    value_max: float | None
    qualifier: str
    unit: str
    as_of: dt.date
    sources: tuple[SourceRef, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Estimate:
    """The answer to one question, with everything a reader needs to judge it."""

    key: str
    indicator: str
    subtype: str | None
    unit: str
    value: float
    value_max: float | None
    qualifier: str
    as_of: dt.date
    place: str | None
    scope: str = ""  # "" for the whole situation, else the incident as its note names it
    #: A group's figure (civilians' toll, AMONG_CIVILIANS; one agency's reach) standing for
    #: the whole no figure gives (`_stand_in`): scoped, yet no single incident's card.
    group: bool = False
    note: str = ""
    low: float | None = None  # range of the reports for the same scope within WINDOW_DAYS
    high: float | None = None
    n_reports: int = 1
    n_agree: int = 1  # independent sources whose value is within AGREE_SHARE of this one
    previous: DatedValue | None = None
    change: float | None = None
    earlier_high: DatedValue | None = None  # a higher earlier well-sourced value, said out loud
    series: tuple[DatedValue, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    parts: tuple[Part, ...] = ()  # by destination or by donor
    unconfirmed: tuple[Part, ...] = ()
    #: Parts reported higher than the whole, on its day or before: not lines of its breakdown.
    above_whole: tuple[Part, ...] = ()
    #: The whole situation's latest figure when a part's newer figure is higher (the estimate
    #: is then that part's, scoped to it): the whole is behind its part.
    whole_behind: Part | None = None
    fact_id: str = ""
    by: Breakdown = ""  # what `parts` break the value down by
    counting: str = ""  # for aid: how the parts were added (a value of COUNTING)
    age_days: int = 0  # days between this estimate and the newest figure of the situation
    stale: bool = False  # older than STALE_DAYS against the newest figure of the situation
    disputed: bool = False  # a source gives another value for the same subject and day


def _split(text: object) -> list[str]:
    return [t for t in str(text or "").split(SEP) if t] if isinstance(text, str) else []


def source_keys(sources: object) -> frozenset[str]:
    """Who the sources of a fact (its `sources` cell) stand for: one key per independent
    source (`independence_key`)."""
    return frozenset(independence_key(x) for x in _split(sources))


def all_extracted(source_ids: object, articles: frozenset[str]) -> bool:
    """Whether every source of a fact (its `source_ids` cell) is an article the extractor read."""
    ids = _split(source_ids)
    return bool(ids) and all(x in articles for x in ids)


def _text(value: object) -> str:
    """A cell as text: '' when missing (None, NaN, NA)."""
    if type(value) is str:  # most cells: no need to ask pandas whether text is missing
        return value
    return "" if value is None or pd.isna(value) else str(value)


def _none(value: float | None) -> float | None:
    """A cell's number, or None where it is missing (None or NaN)."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else float(value)


@dataclass(frozen=True)
class WindowReports:
    """Reports near the last day of stock series that the rules read for a range, agreement,
    a dispute and staleness only (never a day's pick, an outlier or an outlier's neighbour),
    kept out of the rules' table as arrays: a store reads tens of thousands of them per view,
    and the rules' table then holds the series' picks and the facts the outlier rule reads
    only. Per report: its series (`series` maps (indicator, subtype or "", place or None, note
    or "") to the codes in `code`), day number, value, upper bound (NaN when it has none) and
    independent sources (`keys`, one set per distinct `sources` cell: `keyed` is each
    report's)."""

    series: dict[tuple[str, str, str | None, str], int]
    code: np.ndarray
    dayn: np.ndarray
    value: np.ndarray
    value_max: np.ndarray  # NaN where the report has no upper bound
    keyed: np.ndarray  # per report: its line in `keys`
    keys: tuple[frozenset[str], ...]

    @staticmethod
    def of(
        series: list[tuple[str, str, str | None, str]],
        code: np.ndarray,
        dayn: np.ndarray,
        value: np.ndarray,
        value_max: np.ndarray,
        sources: np.ndarray,
    ) -> WindowReports:
        """The reports of the series `series` (each report's `code` is its line there) with
        their `sources` cells."""
        distinct: dict[tuple[str, str, str | None, str], int] = {}
        at = np.zeros(len(series), dtype=np.int64)
        for k, key in enumerate(series):
            at[k] = distinct.setdefault(key, len(distinct))
        keyed, cells = pd.factorize(pd.Series(sources, dtype=object).fillna(""))
        return WindowReports(
            series=distinct,
            code=at[np.asarray(code, dtype=np.int64)],
            dayn=np.asarray(dayn, dtype=np.int64),
            value=np.asarray(value, dtype=float),
            value_max=np.asarray(value_max, dtype=float),
            keyed=np.asarray(keyed, dtype=np.int64),
            keys=tuple(source_keys(c) for c in cells),
        )

    def near(
        self, columns: dict[str, np.ndarray], rows: np.ndarray, day: int, value: float
    ) -> WindowReports:
        """The reports of the series of the rules' table's rows at `rows` (one question's; its
        `columns`, `_Sources.columns`) comparable with a headline of `value` on day number
        `day` (`_comparable`)."""
        keys = (columns[c][rows] for c in ("indicator", "sub", "place", "note"))
        wanted = {self.series[k] for k in zip(*keys, strict=True) if k in self.series}
        mine = np.isin(self.code, list(wanted)) & (np.abs(self.dayn - day) <= WINDOW_DAYS)
        upper = np.where(np.isnan(self.value_max), self.value, self.value_max)
        superseded = (self.dayn < day) & (upper < value - AGREE_SHARE * max(value, 1.0))
        return self.only(mine & ~superseded)

    def only(self, kept: np.ndarray) -> WindowReports:
        """The reports at `kept` (a mask)."""
        return replace(
            self,
            code=self.code[kept],
            dayn=self.dayn[kept],
            value=self.value[kept],
            value_max=self.value_max[kept],
            keyed=self.keyed[kept],
        )

    def key_sets(self, kept: np.ndarray) -> list[frozenset[str]]:
        """The distinct sets of independent sources of the reports at `kept` (a mask)."""
        return [self.keys[k] for k in np.unique(self.keyed[kept])]

    def key_sets_after(self, day: int) -> list[frozenset[str]]:
        """`key_sets` of the reports after day number `day` (the last day each set reports on
        is found once: every stale estimate asks, and a store's window holds tens of
        thousands of reports)."""
        return [self.keys[k] for k in np.flatnonzero(self._last_days > day)]

    @cached_property
    def _last_days(self) -> np.ndarray:
        """Per set of `keys`: the last day number of its reports (the lowest number without)."""
        last = np.full(len(self.keys), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(last, self.keyed, self.dayn)
        return last


@dataclass(frozen=True)
class _Sources:
    """Where an estimate looks up its sources: the figure table's source columns by figure id, the
    articles' titles, the places' parents."""

    figures: dict[str, np.ndarray]  # source, method, source_outlet, source_url: per figure row
    positions: dict[str, int]  # each figure id's row (its first)
    titles: dict[str, str]
    parents: dict[str, str | None]
    articles: frozenset[str]  # sources whose figures were read by the extractor
    countries: frozenset[str] = frozenset()  # the countries situation.yaml declares (ids)
    window: WindowReports | None = None  # reports read for range and agreement only
    #: Each figure's reference once made (an estimate's parts and lines cite the same figures
    #: again and again: a view makes a thousand references of a few hundred figures).
    made: dict[str, SourceRef] = field(default_factory=dict, compare=False, repr=False)
    #: The rules' table's columns a series' estimate reads (`_STOCK_FIELDS`), as arrays by
    #: position (the table's index): a series' rows are read at their positions, not copied
    #: out of its frame column by column.
    columns: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)


def _refs(figure_ids: Iterable[str], ctx: _Sources) -> tuple[SourceRef, ...]:
    """The references of the figures `figure_ids` the figure table holds, in that order."""
    refs = []
    for fid in figure_ids:
        ref = ctx.made.get(fid)
        if ref is None:
            ref = _ref(fid, ctx)
            if ref is None:
                continue
            ctx.made[fid] = ref
        refs.append(ref)
    return tuple(refs)


def _ref(fid: str, ctx: _Sources) -> SourceRef | None:
    """The reference of figure `fid` (None when the figure table has no such figure)."""
    pos = ctx.positions.get(fid, -1)
    if pos < 0:
        return None
    row = {column: _text(values[pos]) for column, values in ctx.figures.items()}
    source = row.get("source", "")
    article = source if row.get("method") == "extracted" else ""
    label = row.get("source_outlet", "") or ctx.titles.get(source, "") or source
    url = row.get("source_url", "")
    return SourceRef(
        label=label,
        url=url if re.match(r"^https?://", url) else "",
        article=article,
        figure=fid,
    )


def _per_distinct(values: pd.Series, fn: Callable[[str], object]) -> np.ndarray:
    """`fn` of each value, computed once per distinct value (a few hundred, however many rows)."""
    codes, uniques = pd.factorize(values.astype(object).fillna(""))
    results = np.empty(len(uniques), dtype=object)
    for i, u in enumerate(uniques):
        results[i] = fn(str(u))
    return results[codes] if len(codes) else np.empty(0, dtype=object)


def _objects(values: np.ndarray, t: pd.DataFrame) -> pd.Series:
    """`values` as a column of Python objects of `t` (None where missing)."""
    return pd.Series(values, index=t.index, dtype=object)


def _table(facts: pd.DataFrame, ctx: _Sources) -> pd.DataFrame:
    """The facts with what the rules need: day number, subtype text, top place, scope,
    independent sources and whether every figure behind a fact was read by the extractor."""
    needed = [c for c in FACT_FIELDS if c in facts.columns]
    fact_days = days(facts)
    t = facts[needed].reset_index(drop=True)
    for column, default in MEANING_DEFAULTS.items():
        if column not in t.columns:
            t[column] = default
    t["dayn"] = fact_days.astype(np.int64)
    t["sub"] = t["subtype"].astype(object).where(t["subtype"].notna(), "")
    t["note"] = t["note"].astype(object).where(t["note"].notna(), "")
    t["place"] = t["place"].astype(object).where(t["place"].notna(), None)
    # Kept as Python objects: a text column of pandas' own string type costs an Arrow take at
    # every copy of rows, and the rules copy a few thousand times.
    t["value_max"] = pd.to_numeric(t["value_max"], errors="coerce").astype(float)
    t["root"] = _objects(_per_distinct(t["place"], lambda p: root_of(p or None, ctx.parents)), t)
    t["scope_kind"] = _objects(_per_distinct(t["note"], scope_kind), t)
    t["counts"] = _reported(t)
    t["keys"] = _per_distinct(t["sources"], source_keys)
    t["n_indep"] = _per_distinct(t["sources"], lambda v: len(source_keys(v))).astype(np.int64)
    t["extracted"] = _per_distinct(
        t["source_ids"], lambda s: all_extracted(s, ctx.articles)
    ).astype(bool)
    stands_for = facts[STANDS_FOR].to_numpy() if STANDS_FOR in facts.columns else 1
    t[STANDS_FOR] = np.asarray(stands_for, dtype=np.int64)
    # What a figure means is read once, into `counts`: every later copy of rows is narrower.
    gone = ("subtype", "as_of", "source_ids", "modality", "destination", "per")
    # Copied once into one block per kind of column (its columns were added one at a time, a
    # block each): every later copy of rows then takes a few blocks, not one per column.
    return t.drop(columns=[c for c in (*gone, "background") if c in t.columns]).copy()


def _reported(t: pd.DataFrame) -> np.ndarray:
    """Which rows are reported counts of this situation: not a projection (by modality or by a
    note saying so), not a rate, not about another event or period."""
    modality = t["modality"].astype(object).fillna("reported").to_numpy()
    per = t["per"].astype(object).to_numpy()
    background = t["background"].astype(object).fillna(False).to_numpy().astype(bool)
    scope = t["scope_kind"].to_numpy(dtype=object)
    return ((modality == "reported") & pd.isna(per) & ~background & (scope != "projection")).astype(
        bool
    )


def headline_mask(facts: pd.DataFrame, places: pd.DataFrame | None = None) -> np.ndarray:
    """Per fact: whether it may headline anywhere (the overview's cards, the map's labels, the
    exports' estimates): a reported count of this situation, and with `places` given, placed
    where it may be about this situation (`in_situation`). The one decision every view uses;
    the rest (projections, rates, background) are shown as what they are, never as a count."""
    if facts.empty:
        return np.zeros(0, dtype=bool)
    if places is not None:
        return headline_mask(facts) & in_situation(facts, places)
    t = facts[[c for c in ("note", *MEANING_DEFAULTS) if c in facts.columns]].copy()
    t["note"] = t.get("note", pd.Series("", index=t.index)).astype(object).fillna("")
    for column, default in MEANING_DEFAULTS.items():
        if column not in t.columns:
            t[column] = default
    t["scope_kind"] = _per_distinct(t["note"], scope_kind)
    return _reported(t)


def _mark_unconfirmed(series: pd.DataFrame) -> pd.Series:
    """True for single-source extracted facts far from the well-sourced values around them
    (the nearest well-sourced value on or before its day, and on or after it)."""
    out = _far_from_strong(
        series["dayn"].to_numpy(),
        series["value"].to_numpy(dtype=float),
        (series["n_indep"].to_numpy() <= 1) & series["extracted"].to_numpy(dtype=bool),
    )
    return pd.Series(out, index=series.index)


def _far_from_strong(day: np.ndarray, value: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """`_mark_unconfirmed` on arrays (each fact's day, value, whether it is weak)."""
    out = np.zeros(len(day), dtype=bool)
    if not weak.any() or weak.all():
        return out
    order = np.argsort(day[~weak], kind="stable")
    s_days, s_values = day[~weak][order], value[~weak][order]
    for i in np.flatnonzero(weak):
        before = np.searchsorted(s_days, day[i], side="right") - 1
        after = np.searchsorted(s_days, day[i], side="left")
        around = [s_values[j] for j in (before, after) if 0 <= j < len(s_values)]
        around = [v for v in around if v > 0]
        v = float(value[i])
        far = v > OUTLIER_RATIO * max(around) or v * OUTLIER_RATIO < min(around)
        out[i] = bool(around) and far
    return out


def _best_per_day(rows: pd.DataFrame) -> pd.DataFrame:
    """Of the claims of each day, the one most independent sources make (then the highest)."""
    day = rows["dayn"].to_numpy()
    return rows.iloc[_best_of_days(day, rows["n_indep"].to_numpy(), rows["value"].to_numpy())]


def _best_of_days(day: np.ndarray, n_indep: np.ndarray, value: np.ndarray) -> np.ndarray:
    """`_best_per_day` on arrays: the positions of each day's pick, in the days' order."""
    order = np.lexsort((value.astype(float), n_indep, day))
    return order[np.r_[day[order][1:] != day[order][:-1], True]]


#: The columns of the rules' table a line of a card is made of (`_part`).
_PART_FIELDS = ("place", "value", "value_max", "qualifier", "unit", "dayn", "figure_ids", "note")


def _records(rows: pd.DataFrame) -> list[dict]:
    """The rows as records of the columns `_part` reads (and `donor` when they have one)."""
    wanted = [c for c in (*_PART_FIELDS, "donor") if c in rows.columns]
    columns = [rows[c].to_numpy(dtype=object) for c in wanted]
    return [dict(zip(wanted, values, strict=True)) for values in zip(*columns, strict=True)]


def _part(row: dict, label: str, ctx: _Sources) -> Part:
    return Part(
        label=label,
        place=row["place"],
        value=float(row["value"]),
        value_max=_none(row["value_max"]),
        qualifier=str(row["qualifier"]),
        unit=str(row["unit"]),
        as_of=_date(row["dayn"]),
        sources=_refs(_split(row["figure_ids"]), ctx),
        note=str(row["note"]),
    )


@dataclass(frozen=True)
class _Reports:
    """The columns of one series' rows the stock rules read, as arrays (a few dozen rows
    each: arrays, not copies of the rules' table)."""

    day: np.ndarray
    value: np.ndarray
    value_max: np.ndarray  # NaN where a report has no upper bound
    n_indep: np.ndarray
    keys: np.ndarray  # the independent sources of each report (frozensets)
    qualifier: np.ndarray

    @staticmethod
    def at(columns: dict[str, np.ndarray], rows: np.ndarray) -> _Reports:
        """The reports at positions `rows` of the rules' table (`_Sources.columns`)."""
        return _Reports(
            day=columns["dayn"][rows],
            value=columns["value"][rows],
            value_max=columns["value_max"][rows],
            n_indep=columns["n_indep"][rows],
            keys=columns["keys"][rows],
            qualifier=columns["qualifier"][rows],
        )


def _stock_estimate(
    rows: pd.DataFrame, key: str, ctx: _Sources, scope: str = "", light: bool = False
) -> Estimate | None:
    """The latest well-supported value of one series, with its range, agreement, change and
    the series itself; None when every figure is unconfirmed."""
    column = ctx.columns
    at = rows.index.to_numpy()  # positions in the rules' table
    if (np.diff(column["dayn"][at]) < 0).any():
        order = np.argsort(column["dayn"][at], kind="stable")
        rows, at = rows.iloc[order], at[order]
    r = _Reports.at(column, at)
    weak = (r.n_indep <= 1) & column["extracted"][at]
    unconfirmed = _far_from_strong(r.day, r.value, weak)
    good = np.flatnonzero(~unconfirmed)
    if not len(good):
        return None
    daily = good[_best_of_days(r.day[good], r.n_indep[good], r.value[good])]
    head = {name: values[at[daily[-1]]] for name, values in column.items()}
    value = float(head["value"])
    latest = Estimate(
        key=key,
        indicator=str(head["indicator"]),
        subtype=head["sub"] or None,
        unit=str(head["unit"]),
        value=value,
        value_max=_none(head["value_max"]),
        qualifier=str(head["qualifier"]),
        as_of=_date(head["dayn"]),
        place=head["place"],
        sources=_refs(_split(head["figure_ids"]), ctx),
        unconfirmed=tuple(_part(x, "unconfirmed", ctx) for x in _records(rows[unconfirmed]))
        if unconfirmed.any()
        else (),
    )
    if light:  # a line of a breakdown: its latest value, date and sources only
        return latest
    window = np.flatnonzero(_comparable(r, int(head["dayn"]), value) & ~unconfirmed)
    near = ctx.window
    side = None if near is None else near.near(column, at, int(head["dayn"]), value)
    previous, change = _change(r, daily, head["qualifier"])
    low, high, n_reports, n_agree = _agreement(r, window, value, side)
    return replace(
        latest,
        scope=scope,
        note=str(head["note"]),
        low=low,
        high=high,
        n_reports=n_reports,
        n_agree=n_agree,
        previous=previous,
        change=change,
        earlier_high=_earlier_high(r, daily, str(head["qualifier"])),
        series=tuple(
            DatedValue(_date(d), float(v))
            for d, v in zip(r.day[daily].tolist(), r.value[daily].tolist(), strict=True)
        ),
        fact_id=str(head["id"]),
        disputed=bool(head.get("disputed", False)) and _rival_source(r, window, daily[-1], side),
    )


def _rival_source(
    r: _Reports, window: np.ndarray, head: int, side: WindowReports | None = None
) -> bool:
    """Whether another source than the headline's (`head`, a row of `r`) gives another value
    on its day among the reports at `window` (and `side`: more of the window's, as arrays):
    one source giving two ('80 violent deaths, of which 38 confirmed') disputes nothing."""
    day, value = r.day[head], r.value[head]
    same_day = window[(r.day[window] == day) & (r.value[window] != value)]
    own = set(r.keys[head])
    found = list(r.keys[same_day])
    if side is not None:
        found += side.key_sets((side.dayn == day) & (side.value != value))
    return any(not set(k) <= own for k in found)


def _comparable(r: _Reports, day: int, value: float) -> np.ndarray:
    """The reports a stock's range and agreement are drawn from: those within WINDOW_DAYS of the
    headline's day, less the earlier ones lower than it by more than AGREE_SHARE. A count so far
    only grows: a lower earlier report (a toll's first hours) is an older state of the same
    count, not another claim about it; a report of the same day or a higher earlier one is."""
    near = np.abs(r.day - day) <= WINDOW_DAYS
    upper = np.where(np.isnan(r.value_max), r.value, r.value_max)
    superseded = (r.day < day) & (upper < value - AGREE_SHARE * max(value, 1.0))
    return near & ~superseded


def _agreement(
    r: _Reports, window: np.ndarray, value: float, side: WindowReports | None = None
) -> tuple[float, float, int, int]:
    """(low, high, reports, agreeing): the range of the reports near the latest day (`window`,
    rows of `r`, and `side` when more are held as arrays), how many there are and how many
    sources agree with `value` (within AGREE_SHARE)."""
    values, tops = [r.value[window]], [r.value_max[window]]
    close = np.abs(values[0] - value) <= AGREE_SHARE * max(value, 1.0)
    found = list(pd.unique(r.keys[window][close])) if close.any() else []
    if side is not None and len(side.value):
        found += side.key_sets(np.abs(side.value - value) <= AGREE_SHARE * max(value, 1.0))
        values.append(side.value)
        tops.append(side.value_max)
    every, upper = np.concatenate(values), np.concatenate(tops)
    bare = np.isnan(upper) | (upper == 0)  # as `_none(m) or v` reads a cell
    agree: set[str] = set().union(*found)
    return (
        float(every.min()),
        float(np.where(bare, every, upper).max()),
        len(every),
        max(len(agree), 1),
    )


def _change(
    r: _Reports, daily: np.ndarray, qualifier: str
) -> tuple[DatedValue | None, float | None]:
    """(the day before's value, the change since: `daily`, the rows of `r` picked each day;
    `qualifier`, the latest's hedge): none when there is no day before, and no change when
    either is a range, one source said the same again, the latest is a lower bound the
    day before's value meets within AGREE_SHARE ('more than 250' after 251 agrees with it: no
    '-1'), the day before's is an upper one the latest meets ('almost 6,000' then 5,926), or
    either is rounded ('about') and the other within AGREE_SHARE of it."""
    if len(daily) < 2:
        return None, None
    prev, head = daily[-2], daily[-1]
    value = float(r.value[head])
    previous = DatedValue(_date(r.day[prev]), float(r.value[prev]))
    change = None
    met = str(qualifier) in _LOWER_BOUNDS and (value <= previous.value <= value * (1 + AGREE_SHARE))
    # 'almost 6,000' the day before then 5,926: the same count, hedged, not 74 fewer.
    met = met or (
        r.qualifier[prev] in _UPPER_BOUNDS
        and previous.value * (1 - AGREE_SHARE) <= value <= previous.value
    )
    # '~100,000' three days after 100,490: the same count, rounded, not 490 fewer.
    met = met or (
        "about" in (str(qualifier), r.qualifier[prev])
        and abs(value - previous.value) <= AGREE_SHARE * max(value, previous.value)
    )
    if np.isnan(r.value_max[prev]) and np.isnan(r.value_max[head]) and not met:
        change = value - previous.value
    if change == 0 and r.keys[prev] & r.keys[head]:
        # One source saying the same again is not a second report: no "unchanged".
        return None, None
    return previous, change


#: Hedges that make a value a lower bound ("more than 250"): an earlier value a little above it
#: (within AGREE_SHARE: 251) agrees with it rather than being higher.
_LOWER_BOUNDS = frozenset({"more_than", "at_least"})
#: Hedges of a value the count is at or below ("almost 6,000", "up to 6,000").
_UPPER_BOUNDS = frozenset({"almost", "up_to"})


def _earlier_high(r: _Reports, daily: np.ndarray, qualifier: str = "exact") -> DatedValue | None:
    """The highest earlier value above the latest one (a toll revised down), if any; above a
    lower bound ("more than 250") or a rounded count ("some 100,000") only by more than
    AGREE_SHARE (`daily`: the rows of `r` picked each day). A range reaches its upper end:
    '300,000' before '250,000-300,000' is not higher."""
    upper = float(r.value_max[daily[-1]])
    value = max(float(r.value[daily[-1]]), upper if upper == upper else 0.0)
    hedged = qualifier in _LOWER_BOUNDS or qualifier == "about"  # '~100,000' after 100,490
    floor = value * (1 + AGREE_SHARE) if hedged else value
    before = daily[:-1]
    # An earlier 'almost 6,000', 'up to 6,000' or '~6,000' is above 5,926 only when its value less
    # AGREE_SHARE still is: the count it hedges may be the same.
    below = np.isin(r.qualifier[before], [*_UPPER_BOUNDS, "about"])
    earlier = before[np.where(below, r.value[before] * (1 - AGREE_SHARE), r.value[before]) > floor]
    if not len(earlier):
        return None
    values = r.value[earlier]
    top = earlier[np.flatnonzero(values == values.max())[-1]]  # the last of the highest
    return DatedValue(_date(r.day[top]), float(r.value[top]))


def _about(t: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Per row: a code for the top place it is about (-1 for displacement, aid, no place); the
    situation's region is the one most rows give (displacement and aid also name where people
    and money go)."""
    about = ~t["indicator"].isin(list(_GOING)).to_numpy() & t["root"].notna().to_numpy()
    return pd.factorize(t["root"].where(about))


def reading() -> dict[tuple[str, str], str]:
    """How the rules read the rows of each question (indicator, subtype or ""): "stock" (each
    day's best report, the reports near the last day, the outlier rule's neighbours), "sum"
    (each donor's best report of each day), "latest" (each donor's latest report). A question
    whose entry is not a stock reads none."""
    out = {}
    for indicator, subtype, by_what in QUESTIONS:
        if by_what == "donor":
            mode = "sum" if (indicator, subtype) in ADDITIVE else "latest"
        elif VOCABULARY.kind(indicator, subtype) == "stock":
            mode = "stock"
        else:
            continue
        out[(indicator, subtype or "")] = mode
    return out


def region_of(counted: Iterable[tuple[str, int, int]], places: pd.DataFrame) -> str | None:
    """The situation's region as `estimates_in` works it out from all the rows of a view, from
    (place, facts in view, first position among all facts) of the facts of REGION_INDICATORS
    that name a place: the top place most of them roll up to, ties going to the one seen
    first."""
    parents = _parents(places)
    found: dict[str, list[int]] = {}
    for place, n, first in counted:
        root = root_of(place or None, parents)
        if root is None:
            continue
        total = found.setdefault(root, [0, first])
        total[0] += n
        total[1] = min(total[1], first)
    best = max(found.items(), key=lambda kv: (kv[1][0], -kv[1][1]), default=None)
    return best[0] if best and best[1][0] > 0 else None


def _most_common(codes: np.ndarray, names: pd.Index) -> str | None:
    """The name most codes give (ties: the one seen first)."""
    codes = codes[codes >= 0]
    if not len(codes):
        return None
    counts = np.bincount(codes, minlength=len(names))
    return str(names[int(np.argmax(counts))])


def _breakdown(
    rows: pd.DataFrame, key: str, ctx: _Sources, names: dict, by_root: bool
) -> dict[str, tuple[Estimate, bool, pd.DataFrame]]:
    """Per part (the top place each row rolls up to when `by_root`, else the place itself): its
    latest value (a light estimate), whether it comes from figures about the part itself, and
    the rows it was read from. A part's total comes from
    figures about it; figures about a place within it (a town of a host country) stand for it
    only when nothing is said about the whole part."""
    out: dict[str, tuple[Estimate, bool, pd.DataFrame]] = {}
    column = rows["root"] if by_root else rows["place"]
    # Each part's rows by position, in the order parts first appear (one copy of rows each).
    codes, parts = pd.factorize(column.fillna(""), sort=False)
    places = rows["place"].fillna("").to_numpy(dtype=object)
    for k, part in enumerate(parts):
        group = np.flatnonzero(codes == k)
        itself = group[places[group] == part]
        used = rows.iloc[itself if len(itself) else group]
        found = _stock_estimate(used, key, ctx, light=True)
        if found is not None:
            out[str(part)] = (found, len(itself) > 0, used)
    return out


def _parts_of(per_part: dict, names: dict) -> tuple[Part, ...]:
    """The breakdown's lines, largest first: 'Armenia', or 'Armenia: Goris' for a place within."""

    def label(part: str, e: Estimate) -> str:
        name = names.get(part, part) if part else "place not stated"
        inner = names.get(e.place, e.place) if e.place and e.place != part else ""
        return f"{name}: {inner}" if inner else name

    return tuple(
        _as_part(e, label(part, e), noted=False)
        for part, (e, *_) in sorted(per_part.items(), key=lambda kv: -kv[1][0].value)
    )


def _situation_places(
    countries: frozenset[str], region: str | None
) -> tuple[frozenset[str], frozenset[str]]:
    """(the top places inside the situation, the places a figure about the whole may name):
    the declared countries, and the only one of them when there is one (a figure about one of
    several is a part); with none declared, the region most figures roll up to, for both."""
    if countries:
        return countries, countries if len(countries) == 1 else frozenset()
    found = frozenset({region}) if region else frozenset()
    return found, found


def _whole_and_parts(
    rows: pd.DataFrame, key: str, ctx: _Sources, names: dict, region: str | None, by: Breakdown
) -> Estimate | None:
    """The estimate of the whole situation (figures with no place, or, but for displacement,
    about the situation's region itself) with the breakdown of every other place (`by`:
    "destination", each top place people went to; "region", each place within the region). A
    part is never the whole: when only parts are known, the largest part about itself is the
    estimate, scoped to it ('in Armenia'). A whole is never smaller than a part of it
    (`_above_whole`)."""
    place = rows["place"]
    inside, whole_places = _situation_places(ctx.countries, region)
    # People displaced within the region are one destination among others, not the whole.
    is_whole = (place.isna() | (place.isin(whole_places) & (by == "region"))).to_numpy()
    is_part = ~is_whole
    if by == "region" and ctx.countries:
        is_whole = is_whole & ~_spanning_more(rows, whole_places)
    if by == "region":  # places outside the situation's region are another situation
        is_part &= rows["root"].isin(inside).to_numpy()
    per_part = _breakdown(rows[is_part], key, ctx, names, by_root=by == "destination")
    main = _stock_estimate(rows[is_whole], key, ctx) if is_whole.any() else None
    if main is not None and by == "destination":
        main = _with_those_inside(main, rows[is_whole], per_part, ctx.countries)
    unconfirmed = tuple(u for e, *_ in per_part.values() for u in e.unconfirmed)
    # People displaced in each declared country add up as a toll does (by destination, each
    # country's own figure is the people who are there).
    summed = _countries_sum(per_part, ctx.countries, key, abroad=by == "destination")
    if summed is not None and (
        main is None or (_upper(main) < summed.value and main.as_of <= summed.as_of)
    ):
        main = summed  # the whole is its countries' sum: a figure below it counted one side
    above: dict = {}
    behind, newer = None, None
    if main is not None:
        unconfirmed = main.unconfirmed + unconfirmed
        above, newer = _above_whole(main, per_part)
        if newer is not None:  # the whole is behind a part: the part's newer figure stands
            behind, main, above = _as_part(main, "whole situation"), None, {}
    if main is None:
        main = _part_standing(per_part, newer, key, ctx, names)
        if main is None:
            return None
    listed = {part: found for part, found in per_part.items() if part not in above}
    parts = _parts_of(listed, names)
    return replace(
        main,
        parts=parts,
        unconfirmed=unconfirmed,
        by=by if parts else "",
        above_whole=_parts_of(above, names),
        whole_behind=behind,
    )


def _spanning_more(rows: pd.DataFrame, whole_places: frozenset[str]) -> np.ndarray:
    """Per row: a count naming no place whose source gives, the same day, a count of the
    declared country itself that does not agree with it (more than AGREE_SHARE apart). The
    source tells them apart, so the one naming none is not the country's: 'the death toll ...
    rose to at least 195 across the region' beside 'In Germany, at least 163' (Belgium's 31 in
    it) is no whole of a situation declared in Germany; 'погибли 2053 человека' after 'больше
    двух тысяч' in Afghanistan is the same count, said exactly."""
    own = rows["place"].isin(whole_places).to_numpy()
    placeless = rows["place"].isna().to_numpy()
    out = np.zeros(len(rows), dtype=bool)
    if not own.any() or not placeless.any():
        return out
    days, values = rows["dayn"].to_numpy(), rows["value"].to_numpy(dtype=float)
    sources = [frozenset(_split(s)) for s in rows["sources"]]
    for i in np.flatnonzero(placeless):
        out[i] = any(
            days[j] == days[i]
            and abs(values[i] - values[j]) > AGREE_SHARE * values[j]
            and sources[j] & sources[i]
            for j in np.flatnonzero(own)
        )
    return out


def _part_standing(
    per_part: dict, newer: str | None, key: str, ctx: _Sources, names: dict
) -> Estimate | None:
    """With no figure of the whole: the largest part about itself, scoped to it ('in
    Armenia'); else, or when a part's figure is newer than the whole's (`newer`), the largest
    figure of a place within a part, scoped to that place alone ('~336,846 in Al Ḩudaydah',
    the city, not its governorate)."""
    itself = [(part, e, used) for part, (e, whole, used) in per_part.items() if whole and part]
    within = newer is not None or not itself
    if within:
        itself = [
            (part, e, used)
            for part, (e, _, used) in per_part.items()
            if part and (newer is None or part == newer)
        ]
    if not itself:
        return None
    part, _, used = max(itself, key=lambda peu: (peu[1].value, peu[1].as_of))
    main = _stock_estimate(used, key, ctx)  # in full: the card shows it
    if main is not None and within and main.place:
        main = _stock_estimate(used[used["place"] == main.place], key, ctx)
    if main is None:
        return None
    scoped = main.place if within and main.place else part
    return replace(main, scope=f"in {names.get(scoped, scoped)}")


def _with_those_inside(
    main: Estimate, whole: pd.DataFrame, per_part: dict, countries: frozenset[str]
) -> Estimate:
    """The whole, with the people displaced inside the declared country they left added when
    its figure counts only those who left it ('près de 80 000' who crossed 'depuis le Mali vers
    les pays voisins', and '81 000' internally displaced in Mali): the two are apart, so the
    situation's displaced are both (161,000), within WINDOW_DAYS of each other; else as is."""
    if "origin" not in whole.columns:
        return main
    day = (main.as_of - dt.date(1970, 1, 1)).days
    head = whole[(whole["dayn"] == day) & (whole["value"] == main.value)]
    origins = set(head["origin"].dropna())
    left = next(iter(origins)) if len(origins) == 1 and head["origin"].notna().all() else None
    found = per_part.get(left) if left in countries else None
    if found is None or not found[1]:  # no figure about the country itself
        return main
    inside: Estimate = found[0]
    if inside.unit != main.unit or abs((inside.as_of - main.as_of).days) > WINDOW_DAYS:
        return main
    has_max = main.value_max is not None or inside.value_max is not None
    return replace(
        main,
        value=main.value + inside.value,
        value_max=_upper(main) + _upper(inside) if has_max else None,
        qualifier=_combined_hedge((main.qualifier, inside.qualifier)),
        as_of=max(main.as_of, inside.as_of),
        sources=main.sources + tuple(s for s in inside.sources if s not in main.sources),
        counting="left_and_inside",
        low=None,
        high=None,
        n_reports=2,
        n_agree=min(main.n_agree, inside.n_agree),
    )


def _countries_sum(
    per_part: dict, countries: frozenset[str], key: str, abroad: bool = False
) -> Estimate | None:
    """The whole of a situation in several countries as the sum of each country's own latest
    figure ('39 on the Tajik side, 59 on the Kyrgyz side': 98), when at least two declared
    countries have one and they are within WINDOW_DAYS of one another; else None. The
    countries are apart, so their counts add up; a country known only through its towns is not
    summed. When a declared country has no figure of its own (Madagascar in a cyclone that
    also hit Malawi and Mozambique), the sum of those known is a lower bound: 'at least' (a
    sum more than its parts stays so), and no sum when a part is no lower bound ('about').
    With `abroad` (people displaced, by where they are), when every declared country has its
    own figure, each other country's own figure adds up too: people who fled abroad ('Bis zu
    300.000 Menschen sind in Kirgistan auf der Flucht, 100.000 flohen ins benachbarte
    Usbekistan': up to 400,000 in a situation declaring Kyrgyzstan only)."""
    found = [per_part.get(c) for c in sorted(countries)]
    each: list[Estimate] = [f[0] for f in found if f is not None and f[1]]
    declared = len(each)
    if abroad and countries and declared == len(countries):
        each += [f[0] for p, f in sorted(per_part.items()) if p not in countries and f[1]]
    if len(each) < 2:
        return None
    days_apart = (max(e.as_of for e in each) - min(e.as_of for e in each)).days
    if days_apart > WINDOW_DAYS or len({e.unit for e in each}) > 1:
        return None
    hedge = _combined_hedge(e.qualifier for e in each)
    if declared < len(countries):  # a declared country's count unknown: the sum is a floor
        if hedge not in _FLOORS:
            return None
        hedge = "more_than" if hedge == "more_than" else "at_least"
    # A floor has no top: a range's low ends add up ('between 50 and 100' and 20: at least 70).
    has_max = declared == len(countries) and any(e.value_max is not None for e in each)
    first = each[0]
    return Estimate(
        key=key,
        indicator=first.indicator,
        subtype=first.subtype,
        unit=first.unit,
        value=sum(e.value for e in each),
        value_max=sum(_upper(e) for e in each) if has_max else None,
        qualifier=hedge,
        as_of=max(e.as_of for e in each),
        place=None,
        sources=tuple(s for e in each for s in e.sources),
        counting="countries",
        n_reports=len(each),
        n_agree=min(e.n_agree for e in each),
    )


#: The hedges a sum can keep as a lower bound when a declared country's count is unknown.
_FLOORS = frozenset({"exact", "at_least", "more_than"})


def _upper(e: Estimate | Part) -> float:
    """The upper end of a value: the top of its range, else the value itself."""
    return e.value if e.value_max is None else e.value_max


def _above_whole(main: Estimate, per_part: dict) -> tuple[dict, str | None]:
    """(the parts whose value is above the whole's, the part whose newer figure the whole is
    behind, if any). A part is inside its whole, so a part reported higher than the whole means
    the two are not the same count or not of the same day. When the part's figure is newer, or
    of the same day and above the whole by more than AGREE_SHARE, the whole is behind it or is
    no whole count (a country's first-hours toll, then the province's toll a day later): the
    largest such part stands instead, scoped to it, or to the place within it its figures are
    about (the displaced of Hodeidah, newer than a count of ten days' flight). Otherwise (an
    earlier part, or one of the same day within AGREE_SHARE: 'about 10,000' beside 9,240) the
    reports disagree a little: the part is no line of the whole's breakdown and is shown apart.
    A lower bound ('more than 22,000') holds a part up to AGREE_SHARE above it (22,690): that
    part is a line of its breakdown, not another count."""
    top = _upper(main)
    if main.value_max is None and main.qualifier in _LOWER_BOUNDS:
        top = main.value * (1 + AGREE_SHARE)
    above = {part: v for part, v in per_part.items() if part and v[0].value > top}
    newer = [
        (v[0].value, v[0].as_of, part)
        for part, v in above.items()
        if (
            v[0].as_of > main.as_of
            or (v[0].as_of == main.as_of and v[0].value > top + AGREE_SHARE * max(top, 1.0))
        )
    ]
    return above, max(newer)[2] if newer else None


def _as_part(e: Estimate, label: str, noted: bool = True) -> Part:
    """An estimate's value, hedge, day, place and sources as a line of a card, with its note
    unless not `noted` (a breakdown's line is named by its place alone)."""
    return Part(
        label=label,
        place=e.place,
        value=e.value,
        value_max=e.value_max,
        qualifier=e.qualifier,
        unit=e.unit,
        as_of=e.as_of,
        sources=e.sources,
        note=e.note if noted else "",
    )


def _combined_hedge(qualifiers: Iterable[str]) -> str:
    """The hedge of a sum: its parts' hedge when they share one, else the loosest that holds
    ('at_least' for lower bounds, 'up_to' for upper bounds, 'about' when they mix)."""
    kinds = set(qualifiers) - {"exact"}
    if len(kinds) <= 1:
        return next(iter(kinds), "exact")
    if kinds <= {"more_than", "at_least"}:
        return "at_least"
    if kinds <= {"up_to", "almost"}:
        return "up_to"
    return "about"


def reporter(sources: object, titles: dict[str, str]) -> str:
    """Who gave an aid figure whose note names no donor: 'reported by' its first source (by
    title when `titles` has one), or 'not stated'."""
    labels = _split(sources)
    return f"reported by {titles.get(labels[0], labels[0])}" if labels else "not stated"


def _donors(rows: pd.DataFrame, ctx: _Sources) -> list[str]:
    """Who gave: the note when it names the donor, else who reported it."""
    reporters = _per_distinct(rows["sources"], lambda s: reporter(s, ctx.titles))
    return [str(note) if note else r for note, r in zip(rows["note"], reporters, strict=True)]


def _same_report(parts: list[Part]) -> list[Part]:
    """Parts whose donor is not named and that give the same value within WINDOW_DAYS are one
    delivery or pledge reported by several outlets: kept once, with all their sources."""
    kept: list[Part] = []
    for part in sorted(parts, key=lambda p: p.as_of):
        twin = next(
            (
                k
                for k in kept
                if part.note == k.note
                and k.value == part.value
                and abs((k.as_of - part.as_of).days) <= WINDOW_DAYS
            ),
            None,
        )
        if twin is None:
            kept.append(part)
        else:
            merged = replace(twin, sources=twin.sources + part.sources)
            kept[kept.index(twin)] = merged
    return kept


def _latest_per_donor(rows: pd.DataFrame, ctx: _Sources) -> pd.DataFrame:
    """Each donor's latest figure (of a day, the one most independent sources give, then the
    highest), in the donors' alphabetical order, with the donor in column `donor`."""
    donors = np.asarray(_donors(rows, ctx), dtype=object)
    codes = pd.factorize(donors)[0]
    order = np.lexsort(
        (
            rows["value"].to_numpy(dtype=float),
            rows["n_indep"].to_numpy(),
            rows["dayn"].to_numpy(),
            codes,
        )
    )
    picked = order[np.r_[codes[order][1:] != codes[order][:-1], True]]
    picked = picked[np.argsort(donors[picked], kind="stable")]
    return rows.iloc[picked].assign(donor=pd.Series(donors[picked], dtype=object).to_numpy())


def _by_donor(rows: pd.DataFrame, key: str, ctx: _Sources, additive: bool) -> list[Estimate]:
    """One estimate per unit (currency). Deliveries (`additive`) add up: every distinct delivery
    of each donor counts once (the same value reported by several outlets within WINDOW_DAYS is
    one delivery). Pledges and appeals do not: each donor's latest figure counts once. Then the
    donors are summed."""
    out = []
    for unit, group in rows.groupby("unit", sort=True):
        if not group["dayn"].is_monotonic_increasing:
            group = group.sort_values("dayn", kind="stable")
        group = group[~_mark_unconfirmed(group).to_numpy()]
        if group.empty:
            continue
        if additive:
            latest = _best_per_day_and_donor(group, ctx)
            merged = _deliveries(latest, ctx)
        else:
            latest = _latest_per_donor(group, ctx)
            merged = _same_report([_part(r, r["donor"], ctx) for r in _records(latest)])
        out.append(
            _donor_estimate(
                DonorSum(
                    indicator=str(group["indicator"].iloc[0]),
                    subtype=group["sub"].iloc[0] or None,
                    unit=str(unit),
                    n_reports=int(group[STANDS_FOR].sum()),
                    n_agree=len(frozenset().union(*latest["keys"])),
                ),
                key,
                merged,
                additive,
            )
        )
    return out


@dataclass(frozen=True)
class DonorLine:
    """One donor's distinct deliveries of one unit, as `_deliveries` adds them up: worked out
    where the rows are (`StoreQuery` does it in SQL), then made a part here."""

    name: str
    values: tuple[float, ...]  # each delivery's value, in the order `_deliveries` sorts them
    uppers: tuple[float, ...]  # each delivery's upper bound (its value when not a range)
    ranged: bool  # whether any delivery is a range
    qualifiers: tuple[str, ...]
    unit: str
    as_of: dt.date  # of its last delivery (the first of the newest day in that order)
    note: str  # of that delivery
    figure_ids: tuple[str, ...]  # of its first MAX_PART_SOURCES reports, in that order


@dataclass(frozen=True)
class DonorSum:
    """An additive aid question's counts of one unit, and its donors' lines (in the order
    `_deliveries` makes them) when worked out where the rows are."""

    indicator: str
    subtype: str | None
    unit: str
    n_reports: int  # the reports counted (unconfirmed ones left out)
    n_agree: int  # independent sources of each donor's best report of each day
    lines: tuple[DonorLine, ...] = ()


def _donor_estimate(found: DonorSum, key: str, merged: list[Part], additive: bool) -> Estimate:
    """The estimate of one unit: the donors' parts, largest first, summed."""
    parts = tuple(sorted(merged, key=lambda p: -p.value))
    total = sum(p.value for p in parts)
    has_max = any(p.value_max is not None for p in parts)
    series: list[DatedValue] = []
    running: dict[str, float] = {}
    for part in sorted(parts, key=lambda p: p.as_of):
        running[part.label] = part.value
        point = DatedValue(part.as_of, sum(running.values()))
        series = [p for p in series if p.as_of != point.as_of] + [point]
    return Estimate(
        key=f"{key}|{found.unit}",
        indicator=found.indicator,
        subtype=found.subtype,
        unit=found.unit,
        value=total,
        value_max=sum(p.value_max or p.value for p in parts) if has_max else None,
        qualifier=_combined_hedge(p.qualifier for p in parts),
        as_of=max(p.as_of for p in parts),
        place=None,
        n_reports=found.n_reports,
        n_agree=found.n_agree,
        previous=series[-2] if len(series) > 1 else None,
        change=total - series[-2].value if len(series) > 1 else None,
        series=tuple(series),
        sources=tuple(s for p in parts for s in p.sources),
        parts=parts,
        by="donor",
        counting="sum" if additive else "latest",
    )


def _summed(found: list[DonorSum], key: str, ctx: _Sources) -> list[Estimate]:
    """The estimates of an additive question whose donors' lines were worked out where the
    rows are, one per unit in the units' order."""
    return [
        _donor_estimate(one, key, [_line_part(line, ctx) for line in one.lines], True)
        for one in sorted(found, key=lambda one: one.unit)
    ]


def _line_part(line: DonorLine, ctx: _Sources) -> Part:
    """A donor's line of deliveries as a part: its values added, its first sources."""
    count = len(line.values)
    return Part(
        label=line.name + (f" ({count} deliveries)" if count > 1 else ""),
        place=None,
        value=float(np.nansum(np.asarray(line.values, dtype=float))),
        value_max=float(np.nansum(np.asarray(line.uppers, dtype=float))) if line.ranged else None,
        qualifier=_combined_hedge(line.qualifiers),
        unit=line.unit,
        as_of=line.as_of,
        sources=_refs(line.figure_ids[:MAX_PART_SOURCES], ctx),
        note=line.note,
    )


def _best_per_day_and_donor(rows: pd.DataFrame, ctx: _Sources) -> pd.DataFrame:
    """Of each donor's figures of one day, the one most independent sources give (then the
    highest), with the donor in column `donor`."""
    donors = np.asarray(_donors(rows, ctx), dtype=object)
    codes = pd.factorize(pd.Series(donors) + "|" + rows["dayn"].astype(str).to_numpy())[0]
    order = np.lexsort((rows["value"].to_numpy(dtype=float), rows["n_indep"].to_numpy(), codes))
    picked = order[np.r_[codes[order][1:] != codes[order][:-1], True]]
    picked = np.sort(picked)
    return rows.iloc[picked].assign(donor=pd.Series(donors[picked], dtype=object).to_numpy())


def _deliveries(rows: pd.DataFrame, ctx: _Sources) -> list[Part]:
    """Each donor's distinct deliveries added up, as one line per donor. The same value again
    within WINDOW_DAYS of the last, from the same named donor (or, donor not named, from any
    outlet), is the same delivery reported again: counted once, under the first report's line,
    with every source. Worked out on arrays, so thousands of reported deliveries cost little; a
    line lists the sources of its first MAX_PART_SOURCES reports."""
    t = rows.assign(who=rows["note"].astype(str)).sort_values(
        ["who", "value", "dayn"], kind="stable"
    )
    who, value = t["who"].to_numpy(dtype=object), t["value"].to_numpy(dtype=float)
    day = t["dayn"].to_numpy()
    again = (who[1:] == who[:-1]) & (value[1:] == value[:-1]) & (np.diff(day) <= WINDOW_DAYS)
    new = np.r_[True, ~again]
    line = t["donor"].to_numpy(dtype=object)[new][np.cumsum(new) - 1]
    t = t.assign(line=line)
    first = t[new]
    vmax = pd.to_numeric(first["value_max"], errors="coerce")
    first = first.assign(upper=vmax.fillna(first["value"]), ranged=vmax.notna())
    cited = t.groupby("line", sort=False).head(MAX_PART_SOURCES)
    ids_of = cited.groupby("line", sort=False)["figure_ids"].agg(list).to_dict()
    out = []
    for name, mine in first.groupby("line", sort=False):
        ids = [i for text in ids_of.get(name, []) for i in _split(text)]
        last = mine.iloc[int(np.argmax(mine["dayn"].to_numpy()))]
        found = DonorLine(
            name=str(name),
            values=tuple(mine["value"].to_numpy(dtype=float)),
            uppers=tuple(mine["upper"].to_numpy(dtype=float)),
            ranged=bool(mine["ranged"].any()),
            qualifiers=tuple(str(q) for q in pd.unique(mine["qualifier"])),
            unit=str(last["unit"]),
            as_of=_date(last["dayn"]),
            note=str(last["note"]),
            figure_ids=tuple(ids[:MAX_PART_SOURCES]),
        )
        out.append(_line_part(found, ctx))
    return out


@dataclass(frozen=True)
class Basis:
    """What the rules read, worked out once per data load: the facts of every question with
    their derived columns, the rows of each question, and where each figure came from. A period
    or a choice of places then only picks rows, so a new filter costs little at a million
    facts."""

    size: int  # rows of the facts table this was made from
    table: pd.DataFrame  # `_table` of the facts of the questions' indicators
    fact_rows: np.ndarray  # per row of `table`: its position in the facts table
    groups: dict[tuple[str, str], np.ndarray]  # (indicator, subtype or "") -> rows of `table`
    root_codes: np.ndarray  # per row of `table`: the top place it is about (`_about`)
    roots: pd.Index
    scopes: np.ndarray  # per row of `table`: its `scope_kind`
    places: np.ndarray  # per row of `table`: its place (None when not stated)
    counts: np.ndarray  # per row of `table`: a reported count of this situation (`_reported`)
    ctx: _Sources
    names: dict[str, str]


def _parents(places: pd.DataFrame) -> dict[str, str | None]:
    """Each place's parent (None at the top)."""
    parent_column = places["parent"] if "parent" in places else pd.Series(None, index=places.index)
    return {
        str(pid): (str(p) if isinstance(p, str) and p else None)
        for pid, p in zip(places["id"], parent_column, strict=True)
    }


def _context(
    figures: pd.DataFrame,
    places: pd.DataFrame,
    titles: dict[str, str],
    articles: frozenset[str] | None = None,
) -> _Sources:
    columns = [c for c in ("id", "source", "method", "source_outlet", "source_url") if c in figures]
    table = figures[columns]
    parents = _parents(places)
    if articles is None:
        extracted = (table["method"] == "extracted").to_numpy() if "method" in table else []
        found = pd.unique(table["source"].to_numpy()[extracted]) if len(extracted) else []
        articles = frozenset(str(v) for v in found)
    return _Sources(
        figures={c: table[c].to_numpy(dtype=object) for c in columns if c != "id"},
        positions=_first_rows(table["id"]) if "id" in table else {},
        titles=titles,
        parents=parents,
        articles=articles,
        countries=declared_countries(places),
    )


def _first_rows(ids: pd.Series) -> dict[str, int]:
    """Each id's first row."""
    values = ids.to_numpy(dtype=object)
    return dict(zip(values[::-1].tolist(), range(len(values) - 1, -1, -1), strict=True))


def in_situation(facts: pd.DataFrame, places: pd.DataFrame) -> np.ndarray:
    """Per fact: whether it may be about this situation. With countries declared, a fact of a
    question answered for the situation's own places (REGION_INDICATORS: casualties, damage,
    needs; not displacement or aid, which also name where people and money went) placed
    outside them is another situation's: 'Israel: more than 41,400 killed' in an article on
    Lebanon. Without, every fact may be."""
    countries = declared_countries(places)
    out = np.ones(len(facts), dtype=bool)
    if not countries or facts.empty:
        return out
    parents = _parents(places)
    root = _per_distinct(facts["place"], lambda p: root_of(p or None, parents))
    placed = facts["place"].notna().to_numpy()
    ours = facts["indicator"].astype(object).isin(list(REGION_INDICATORS)).to_numpy()
    outside = np.array([r not in countries for r in root], dtype=bool)
    return out & ~(placed & ours & outside)


def whole_at_country(facts: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The facts with the situation's only declared country as the place of those about the
    whole situation that name none (REGION_INDICATORS: casualties, damage, needs), as the
    estimates count them: on a map, Lebanon shows the whole toll, not an older one placed in
    it. Unchanged without exactly one declared country."""
    countries = declared_countries(places)
    if len(countries) != 1 or facts.empty:
        return facts
    whole = (facts["place"].isna() & facts["indicator"].isin(list(REGION_INDICATORS))).to_numpy()
    if not whole.any():
        return facts
    place = facts["place"].astype(object).to_numpy(copy=True)
    place[whole] = next(iter(countries))
    return facts.assign(place=place)


def place_labels(places: pd.DataFrame) -> dict[str, str]:
    """Each place's name as a breakdown line or a scope says it; a name two places share (the
    Batken region and the town of Batken) with the place's kind, so the lines tell them apart."""
    if "name" not in places:
        return {}
    names = places["name"].astype(str)
    shared = names.duplicated(keep=False).to_numpy()
    kinds = places["kind"].astype(str) if "kind" in places else pd.Series("", index=places.index)
    return {
        str(pid): f"{name} ({kind})" if twin and kind else str(name)
        for pid, name, kind, twin in zip(places["id"], names, kinds, shared, strict=True)
    }


def declared_countries(places: pd.DataFrame) -> frozenset[str]:
    """The ids of the countries situation.yaml declares: the places table's `situation` rows
    (none in a table made before the column existed)."""
    if "situation" not in places or places.empty:
        return frozenset()
    marked = places["situation"].astype(object).fillna(False).to_numpy().astype(bool)
    return frozenset(str(p) for p in places["id"].to_numpy()[marked])


def basis(
    facts: pd.DataFrame,
    figures: pd.DataFrame,
    places: pd.DataFrame,
    titles: dict[str, str] | None = None,
    articles: frozenset[str] | None = None,
    window: WindowReports | None = None,
) -> Basis:
    """The `Basis` of a facts table (filtered or not) and the figures and places behind it
    (`articles`: the sources whose figures the extractor read, when `figures` holds only some
    of the figures; else read from `figures`; `window`: the view's reports near its stock
    series' last days that `facts` leaves out, read for range and agreement only)."""
    ctx = replace(_context(figures, places, titles or {}, articles), window=window)
    names = place_labels(places)
    if facts.empty:
        facts = pd.DataFrame(columns=list(FACT_FIELDS))
    fact_rows = np.flatnonzero(facts["indicator"].isin({q[0] for q in QUESTIONS}).to_numpy())
    t = _table(facts.iloc[fact_rows], ctx)
    by_question = t.groupby([t["indicator"].astype(object).fillna(""), t["sub"]], sort=False)
    groups = {(str(i), str(s)): np.asarray(v) for (i, s), v in by_question.indices.items()}
    codes, roots = _about(t)
    scopes, where = t["scope_kind"].to_numpy(dtype=object), t["place"].to_numpy(dtype=object)
    counts = t.pop("counts").to_numpy(dtype=bool)
    ctx = replace(ctx, columns={c: t[c].to_numpy() for c in _STOCK_FIELDS})
    return Basis(len(facts), t, fact_rows, groups, codes, roots, scopes, where, counts, ctx, names)


#: The rules' table's columns a series' estimate reads by position (`_Sources.columns`).
_STOCK_FIELDS = (
    "id",
    "indicator",
    "sub",
    "place",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "note",
    "figure_ids",
    "disputed",
    "dayn",
    "n_indep",
    "keys",
    "extracted",
)


def _date(day: int) -> dt.date:
    """A day number (days since 1970-01-01) as a date, as estimates report it."""
    return dt.date.fromordinal(_EPOCH_ORDINAL + int(day))


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def estimates(
    facts: pd.DataFrame,
    figures: pd.DataFrame,
    places: pd.DataFrame,
    titles: dict[str, str] | None = None,
    kind: Callable[[str, str | None], str] | None = None,
) -> list[Estimate]:
    """The headline estimates of these (already filtered) facts, in the order of QUESTIONS,
    incidents after the whole; a question nothing answers has no estimate."""
    return estimates_in(basis(facts, figures, places, titles), kind=kind)


def estimates_in(
    found: Basis,
    rows: np.ndarray | None = None,
    kind: Callable[[str, str | None], str] | None = None,
    region: str | None = None,
    summed: dict[tuple[str, str], list[DonorSum]] | None = None,
) -> list[Estimate]:
    """`estimates` of the facts at positions `rows` of the table `found` was made from (all of
    them when None). `region`: the situation's region when worked out from more rows than the
    basis holds (`region_of` over the whole view); else the one its rows give. `summed`: the
    additive aid questions' donor lines, by (indicator, subtype or ""), when worked out where
    the rows are (the basis then holds only the rows that date the view)."""
    if kind is None:
        kind = VOCABULARY.kind
    keep = None
    if rows is not None:
        in_view = np.zeros(found.size, dtype=bool)
        in_view[rows] = True
        keep = in_view[found.fact_rows]
    codes = found.root_codes if keep is None else found.root_codes[keep]
    region = region or _most_common(codes, found.roots)
    out: list[Estimate] = []
    incidents: list[Estimate] = []
    for indicator, subtype, by_what in QUESTIONS:
        at = found.groups.get((indicator, subtype or ""))
        if at is not None and keep is not None:
            at = at[keep[at]]
        if at is not None:
            at = at[found.counts[at]]
        if at is None or not len(at):
            continue
        key = f"{indicator}|{subtype or ''}"
        scopes = found.scopes[at]
        if by_what == "donor":
            counted = at[scopes != "subgroup"]
            additive = (indicator, subtype) in ADDITIVE
            if additive and summed is not None:
                out.extend(_summed(summed.get((indicator, subtype or ""), []), key, found.ctx))
                continue
            out.extend(_by_donor(_rows(found, counted), key, found.ctx, additive))
            continue
        if kind(indicator, subtype) != "stock":
            continue
        by: Breakdown = "destination" if by_what == "destination" else "region"
        whole = _rows(found, at[scopes == "whole"])
        found_one = _whole_and_parts(whole, key, found.ctx, found.names, region, by)
        if found_one is None or found_one.scope:
            standing = at[np.isin(scopes, ["subgroup", "period"])]
            found_one = _stand_in(found, standing, key, region, by, found_one)
        if found_one is not None:
            out.append(found_one)
        own = at[np.isin(scopes, ["incident", "remaining"])]
        incidents.extend(_incident_estimates(_rows(found, own), key, found.ctx))
    newest = _newest_day(found, keep)
    return [_aged(e, newest, found, keep) for e in out + incidents]


#: `_standing_in` of the parts of a total no figure gives ('part of 255').
_PARTS = "part of"


@lru_cache(maxsize=1 << 12)
def _standing_in(note: str) -> str:
    """The scope under which a subgroup's figure may stand for a whole no figure gives:
    AMONG_CIVILIANS for a toll of civilians and nothing else (`toll_subgroup` words:
    'civilians', 'Zivilisten'), the note itself for one aid agency's own count ('by IOM
    alone'), _PARTS for one of the groups a report lists with no total ('9 blessés graves et
    246 blessés plus légèrement touchés': 'part of 255'), the note itself for a count of one
    period ('From 1 December 2019 to 1 January', 'during the weekend'); "" for any other
    subgroup (one place, a group of civilians, an incident)."""
    if is_agency_note(note) or _of_one_period_only(note):
        return note.strip()
    if part_total(note) is not None:
        return _PARTS
    rest = _TOLL_SUBGROUP_RE.sub(" ", note).strip()
    return AMONG_CIVILIANS if rest != note.strip() and scope_kind(rest) == "whole" else ""


def _of_one_period_only(note: str) -> bool:
    """Whether `note` makes its figure a count of one period and of nothing narrower ('From 1
    December 2019 to 1 January', not 'civilians, first day of the offensive')."""
    if scope_kind(note) != "period":
        return False
    rest = _PERIOD_RE.sub(" ", note)
    return scope_kind(rest) == "whole" and not _TOLL_SUBGROUP_RE.search(rest)


def _stand_in(
    found: Basis,
    at: np.ndarray,
    key: str,
    region: str | None,
    by: Breakdown,
    other: Estimate | None,
) -> Estimate | None:
    """`other` (None, or one place's figure standing for the whole), or, when higher, the
    highest figure of a subgroup that may stand in for the whole (of the subgroups' rows `at`,
    `_standing_in`): the UN's count of the civilians killed in a war, one agency's count of the
    people it reached, scoped to them, are better answers than none ('331 killed, among
    civilians only'); so is a count of one period, scoped to it ('300,000 displaced from 1
    December to 1 January', `counting` 'period'); so is the total of the groups one report
    lists (`counting`: 'parts', 255 injured, 9 seriously and 246 lightly), scoped as a figure
    of its place is."""
    scopes = _per_distinct(found.table["note"].iloc[at], _standing_in)
    hits = []
    for scope in pd.unique(scopes[scopes != ""]):
        rows, ctx = _rows(found, at[scopes == scope]), found.ctx
        if scope == _PARTS:  # each part stands for the total its note names, once a report
            totals = _per_distinct(rows["note"], part_total).astype(float)
            rows = rows.assign(value=totals, value_max=np.nan).drop_duplicates(
                ["note", "dayn", "place", "sources"]
            )
            rows, ctx = _made_anew(rows, ctx)
        hit = _whole_and_parts(rows, key, ctx, found.names, region, by)
        if hit is not None and scope == _PARTS:
            hits.append(replace(hit, counting="parts", note=""))
        elif hit is not None and not hit.scope:
            period = "period" if scope_kind(str(scope)) == "period" else hit.counting
            hits.append(replace(hit, scope=str(scope), group=True, counting=period))
    best = max(hits, key=lambda e: (e.value, e.as_of), default=None)
    if best is None or (other is not None and _upper(other) >= best.value):
        return other
    return best


def _made_anew(rows: pd.DataFrame, ctx: _Sources) -> tuple[pd.DataFrame, _Sources]:
    """Rows holding values no row of the rules' table holds (a part's total), numbered from
    0, and `ctx` reading a series' rows from them (`_Sources.columns`), not from the table."""
    rows = rows.reset_index(drop=True)
    return rows, replace(ctx, columns={c: rows[c].to_numpy() for c in _STOCK_FIELDS})


def _newest_day(found: Basis, keep: np.ndarray | None) -> dt.date | None:
    """The day of the newest reported figure of the situation in view."""
    usable = found.counts if keep is None else found.counts & keep
    if not usable.any():
        return None
    day = int(found.table["dayn"].to_numpy()[usable].max())
    side = found.ctx.window
    if side is not None and len(side.dayn):
        day = max(day, int(side.dayn.max()))
    return (np.datetime64(day, "D")).astype(dt.date)


def _aged(e: Estimate, newest: dt.date | None, found: Basis, keep: np.ndarray | None) -> Estimate:
    """The estimate with its age against the newest figure of the situation, stale past
    STALE_DAYS when another source than its own reported since: the newer figures of its own
    report (a count as of 28 February in an article of 6 April, whose other figures name no
    day) say nothing newer is known."""
    if newest is None:
        return e
    age = max(0, (newest - e.as_of).days)
    return replace(e, age_days=age, stale=age > STALE_DAYS and _newer_elsewhere(e, found, keep))


def _newer_elsewhere(e: Estimate, found: Basis, keep: np.ndarray | None) -> bool:
    """Whether a reported figure more than STALE_DAYS newer than `e` has a source other than
    `e`'s own (the first such figure decides). A source is named in the facts by its outlet,
    else its id, and on an estimate by its outlet, else its article's title: an article with no
    outlet is its own by its id too."""
    usable = found.counts if keep is None else found.counts & keep
    cutoff = (e.as_of - dt.date(1970, 1, 1)).days + STALE_DAYS
    later = np.flatnonzero(usable & (found.table["dayn"].to_numpy() > cutoff))
    own = {independence_key(s.label) for s in e.sources}
    own |= {independence_key(s.article) for s in e.sources if s.article}
    # Rows share their sources' key sets (one per distinct cell): a few distinct ones to check.
    distinct = list(pd.unique(found.table["keys"].to_numpy()[later])) if len(later) else []
    side = found.ctx.window
    if side is not None:
        distinct += side.key_sets_after(cutoff)
    return not own or any(not set(k) <= own for k in distinct)


def flags_of(e: Estimate) -> list[str]:
    """What a reader should know before trusting an estimate, from FLAGS: `stale` (older than
    STALE_DAYS against the newest figure), `single-source` (one independent source), `unconfirmed`
    (a single-source figure far from the others was left out), `disputed` (another source gives
    another value that day), `part` (about one place or incident, not the whole situation),
    `earlier-higher` (an earlier report was higher)."""
    found = {
        "stale": e.stale,
        "single-source": e.n_agree <= 1 and e.by != "donor",
        "unconfirmed": bool(e.unconfirmed),
        "disputed": e.disputed,
        "part": bool(e.scope),
        "earlier-higher": e.earlier_high is not None,
    }
    return [flag for flag in FLAGS if found[flag]]


def _rows(found: Basis, at: np.ndarray) -> pd.DataFrame:
    """The rows of the basis at positions `at`."""
    return found.table.iloc[at]


def _incident_estimates(rows: pd.DataFrame, key: str, ctx: _Sources) -> list[Estimate]:
    """One estimate per incident (or remaining group) its note names."""
    out = []
    for note, group in rows.groupby("note", sort=False):
        hit = _stock_estimate(group, f"incident|{note}|{key}", ctx, scope=str(note))
        if hit is not None:
            out.append(hit)
    return out
