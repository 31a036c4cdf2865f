"""HXL datasets, as HDX publishes them (read with libhxl): each column whose hashtag is a
vocabulary entry's (`hxl` in loaders/model/vocabulary.yaml, exactly the columns the project's
own HXL export writes) gives figures; dates from `#date`, places from admin p-codes and names
(`#adm3`...`#adm1`, `#loc`, `#country`) matched to the gazetteer, hedges, units, notes and
sources from the `#meta` columns the export writes. Every row keeps its dataset's address. The
dataset becomes one figure table, `figures/<source name>.csv`, replaced whole when it changes."""

from __future__ import annotations

import io
import re
import urllib.parse

from loaders.connect.base import Batch, Connector, TableItem
from loaders.connect.net import FetchError
from loaders.model.vocabulary import VOCABULARY
from loaders.read.gazetteer import Gazetteer

#: Attributes that say nothing about what a number counts ('#affected+displaced+num').
HARMLESS = frozenset({"num", "total", "all", "value_num"})
#: Columns naming a place, most precise first: (tag, attribute) -> gazetteer lookup.
PLACE_TAGS = (
    ("#adm4", "code"),
    ("#adm4", "name"),
    ("#adm3", "code"),
    ("#adm3", "name"),
    ("#adm2", "code"),
    ("#adm2", "name"),
    ("#adm1", "code"),
    ("#adm1", "name"),
    ("#loc", "code"),
    ("#loc", "name"),
    ("#country", "code"),
    ("#country", "name"),
)
TABLE_COLUMNS = (
    "as_of",
    "indicator",
    "subtype",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "place",
    "note",
    "source_outlet",
    "source_url",
    "published",
    "dataset_url",
)
#: Rows listed by name in one problem line at most.
SHOWN = 5


def entry_for(tag: str, attributes: set[str]) -> tuple[str, str | None] | None:
    """The vocabulary entry a column's hashtag names: the entry with the same tag and the same
    attributes (ignoring HARMLESS ones); None when no entry has them."""
    wanted = set(attributes) - HARMLESS
    for entry in VOCABULARY.entries:
        head, *attrs = entry.hxl.split("+")
        if head == tag and set(attrs) == wanted:
            return entry.key
    return None


def _number(text: str) -> float | None:
    text = re.sub(r"[\s,\u00a0\u202f']", "", text or "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


class HxlDataset(Connector):
    """An HXL-tagged CSV (`url`), such as an HDX resource's download address."""

    kind = "hxl"

    def collect(self) -> Batch:
        import hxl

        answer = self.context.fetcher.get(
            self.spec.url, headers={"Accept": "text/csv", **self.validators()}
        )
        if answer.status == 304:
            return Batch(unchanged=True)
        try:
            source = hxl.input.make_input(
                io.BytesIO(answer.body),
                hxl.InputOptions(allow_local=False, scan_ckan_resources=False),
            )
            dataset = hxl.data(source)
            columns = [(c.tag or "", set(c.attributes or ())) for c in dataset.columns]
            rows = [list(r.values) for r in dataset]
        except Exception as exc:  # noqa: BLE001 - libhxl raises many kinds on malformed input
            raise FetchError(
                "malformed", f"{self.spec.url} is not an HXL table ({type(exc).__name__}: {exc})"
            ) from exc
        batch = Batch(
            etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified")
        )
        figures = self.figures(columns, rows, batch)
        if not any(entry_for(tag, attrs) for tag, attrs in columns):
            raise FetchError(
                "malformed",
                f"{self.spec.url} has no column with a hashtag of the vocabulary"
                " (such as #affected+displaced or #affected+killed)",
            )
        batch.tables.append(TableItem(self.spec.name, self.spec.url, figures))
        return batch

    def figures(
        self, columns: list[tuple[str, set[str]]], rows: list[list], batch: Batch
    ) -> list[dict[str, str]]:
        """One table row per (row, value column) with a number in it."""
        find = _Finder(columns)
        values: list[tuple[int, tuple[str, str | None]]] = []
        for i, (tag, attrs) in enumerate(columns):
            key = entry_for(tag, attrs)
            if key is not None:
                values.append((i, key))
        unknown: dict[str, int] = {}
        undated = repeated = 0
        kept: set[tuple] = set()
        out = []
        for values_row in rows:
            cells = [str(v if v is not None else "").strip() for v in values_row]
            place = _place(find, cells, self.context.gazetteer, unknown)
            if place is None:
                continue
            as_of = find.get(cells, "#date")[:10]
            for i, (indicator, subtype) in values:
                value = _number(cells[i] if i < len(cells) else "")
                if value is None:
                    continue
                if not as_of:
                    undated += 1
                    continue
                figure = self._figure(find, cells, as_of, indicator, subtype, value, place)
                same = tuple(figure.values())
                if same in kept:
                    repeated += 1
                    continue
                kept.add(same)
                out.append(figure)
        batch.problems += _left_out(unknown, undated, repeated)
        return out

    def _figure(
        self,
        find: _Finder,
        cells: list[str],
        as_of: str,
        indicator: str,
        subtype: str | None,
        value: float,
        place: str,
    ) -> dict[str, str]:
        """The table row of one value of a row, with the row's unit, hedge, note and source."""
        unit = find.get(cells, "#meta", "unit") or find.get(cells, "#currency")
        if not unit:
            unit = VOCABULARY.expected_unit(indicator, subtype)
        origin = find.get(cells, "#meta", "source")
        return {
            "as_of": as_of,
            "indicator": indicator,
            "subtype": subtype or "",
            "value": f"{value:.15g}",
            "value_max": find.get(cells, "#meta", "value_max"),
            "unit": unit,
            "qualifier": find.get(cells, "#meta", "qualifier") or "exact",
            "place": place,
            "note": find.get(cells, "#meta", "note"),
            "source_outlet": origin or self.spec.outlet,
            "source_url": find.get(cells, "#meta", "url")
            or _cite(self.spec.url, "" if origin == self.spec.outlet else origin),
            "published": "",
            "dataset_url": self.spec.url,
        }


def _left_out(unknown: dict[str, int], undated: int, repeated: int) -> list[tuple[str, str]]:
    """The problems of a dataset's rows left out: places not in the gazetteer, values without a
    date, rows repeating an earlier one."""
    problems = []
    if unknown:
        names = ", ".join(f"{n!r}" for n in list(unknown)[:SHOWN])
        more = f" and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
        problems.append(
            (
                "place",
                f"{sum(unknown.values())} row(s) name places not in the gazetteer"
                f" ({names}{more}); left out: add them with `places add`,"
                " with their p-codes as aliases",
            )
        )
    if undated:
        problems.append(("date", f"{undated} values have no #date; left out"))
    if repeated:
        problems.append(("row", f"{repeated} rows repeat an earlier row; left out"))
    return problems


def _cite(dataset: str, origin: str) -> str:
    """The dataset's address, with the row's own source (when it names one other than the
    dataset's publisher, and no address) as its fragment, so rows of different sources stay
    different figures."""
    if not origin:
        return dataset
    return f"{dataset.split('#')[0]}#{urllib.parse.urlencode({'source': origin})}"


class _Finder:
    """The first column with a tag (and attribute), by position."""

    def __init__(self, columns: list[tuple[str, set[str]]]) -> None:
        self.columns = columns

    def index(self, tag: str, attribute: str | None = None) -> int | None:
        for i, (t, attrs) in enumerate(self.columns):
            if t == tag and (attribute is None or attribute in attrs):
                return i
        return None

    def get(self, cells: list[str], tag: str, attribute: str | None = None) -> str:
        i = self.index(tag, attribute)
        return cells[i] if i is not None and i < len(cells) else ""


def _place(find: _Finder, cells: list[str], gazetteer: Gazetteer, unknown: dict) -> str | None:
    """The gazetteer id of the most precise place the row names; '' when it names none (a
    figure about the whole situation); None when it names one the gazetteer lacks."""
    named = ""
    for tag, attribute in PLACE_TAGS:
        text = find.get(cells, tag, attribute)
        if not text:
            continue
        place = gazetteer.lookup(text)
        if place is not None:
            return place.id
        if not named or attribute == "name":
            named = text
    if named:
        unknown[named] = unknown.get(named, 0) + 1
        return None
    return ""
