"""ReliefWeb reports through its API v2 (https://apidoc.reliefweb.int): a pre-approved `appname`
from the environment (RELIEFWEB_APPNAME unless the source names another variable), a query by
country, disaster, organisation, format, text and date, read page by page from the oldest new
report on, each report's HTML body reduced to text."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

from loaders.connect.base import ArticleItem, Batch, Connector
from loaders.connect.net import FetchError
from loaders.connect.text import html_to_text

API = "https://api.reliefweb.int/v2/reports"
PAGE_SIZE = 50
FIELDS = (
    "title",
    "body-html",
    "url",
    "url_alias",
    "origin",
    "date.original",
    "date.created",
    "source.name",
    "source.shortname",
    "language.code",
)
#: Query keys and the API field each filters on.
FILTERS = {
    "country": "country.name",
    "iso3": "country.iso3",
    "disaster": "disaster.name",
    "glide": "disaster.glide",
    "organisation": "source.shortname",
    "format": "format.name",
}


class ReliefWeb(Connector):
    """Reports of the ReliefWeb API v2 (`url` defaults to the public API)."""

    kind = "reliefweb"
    needs_url = False
    query_keys = frozenset({*FILTERS, "text", "since"})
    credential_default = "RELIEFWEB_APPNAME"

    @classmethod
    def check(cls, spec) -> list[tuple[str, str]]:
        out = super().check(spec)
        since = spec.query.get("since")
        if since is not None:
            try:
                dt.date.fromisoformat(str(since))
            except ValueError:
                out.append(("query.since", f"{since!r} is not a date; write YYYY-MM-DD"))
        return out

    def request(self, offset: int) -> dict[str, object]:
        """The API's POST body for one page."""
        conditions: list[dict[str, object]] = []
        for key, field in FILTERS.items():
            value = self.spec.query.get(key)
            if value:
                conditions.append({"field": field, "value": value})
        since = self.context.state.newest or str(self.spec.query.get("since", "") or "")
        if since:
            start = since if "T" in since else f"{since}T00:00:00+00:00"
            conditions.append({"field": "date.created", "value": {"from": start}})
        body: dict = {
            "offset": offset,
            "limit": min(PAGE_SIZE, self.spec.max_items),
            "fields": {"include": list(FIELDS)},
            "sort": ["date.created:asc", "id:asc"],
        }
        if conditions:
            body["filter"] = {"operator": "AND", "conditions": conditions}
        if self.spec.query.get("text"):
            body["query"] = {"value": str(self.spec.query["text"])}
        return body

    def collect(self) -> Batch:
        appname = self.credential()
        try:
            return self._collect(appname)
        except FetchError as exc:  # the appname is a credential: never in a message or the state
            raise FetchError(exc.kind, str(exc).replace(appname, "***"), exc.status) from exc

    def _collect(self, appname: str) -> Batch:
        endpoint = self.spec.url or API
        address = f"{endpoint}?{urllib.parse.urlencode({'appname': appname})}"
        batch = Batch()
        offset, taken = 0, 0
        while taken < self.spec.max_items:
            try:
                answer = self.context.fetcher.get(
                    address,
                    method="POST",
                    body=json.dumps(self.request(offset)).encode(),
                    headers={"Content-Type": "application/json", "Accept": "application/json"},
                )
            except FetchError as exc:
                if exc.status == 403:
                    raise FetchError(
                        "credential",
                        f"{endpoint} refused the appname (HTTP 403): since November 2025 only"
                        " pre-approved appnames are accepted; request one at"
                        " https://apidoc.reliefweb.int/parameters#appname",
                        403,
                    ) from exc
                raise
            page = _mapping(answer.json())
            rows = page.get("data")
            if not isinstance(rows, list):
                raise FetchError("malformed", f"{endpoint} answered without a list of reports")
            for row in rows:
                taken += 1
                self._take(row, batch)
            offset += len(rows)
            total = page.get("totalCount")
            if not rows or not isinstance(total, int) or offset >= total:
                break
        return batch

    def _take(self, row: object, batch: Batch) -> None:
        report = _mapping(row)
        fields = _mapping(report.get("fields"))
        if not fields:
            batch.problems.append(("report", "a report without fields; skipped"))
            return
        url = str(fields.get("url_alias") or fields.get("url") or "")
        dates = _mapping(fields.get("date"))
        created = str(dates.get("created", ""))
        if created and created > (batch.newest or ""):
            batch.newest = created
        if not url.startswith(("http://", "https://")):
            batch.problems.append(
                ("report", f"report {report.get('id')!r} has no address; skipped")
            )
            return
        if self.context.taken(url):
            return
        text = html_to_text(str(fields.get("body-html") or ""))
        if not text:
            batch.problems.append(("report", f"{url} has no text (a file-only report); skipped"))
            batch.seen.append(url)
            return
        sources = [_mapping(x) for x in _items(fields.get("source"))]
        outlet = ", ".join(str(x.get("shortname") or x.get("name") or "") for x in sources if x)
        languages = [_mapping(x) for x in _items(fields.get("language"))]
        code = next((str(x.get("code", "")) for x in languages if x), "")
        origin = str(fields.get("origin") or "")
        batch.articles.append(
            ArticleItem(
                url=url,
                title=html_to_text(str(fields.get("title") or ""))[:300],
                outlet=(outlet or self.spec.outlet)[:200],
                text=text,
                published=_date(str(dates.get("original") or created)),
                language=self.spec.language or code.lower()[:2],
                note=f"from ReliefWeb; first published at {origin}" if origin else "from ReliefWeb",
            )
        )
        batch.seen.append(url)


def _mapping(value: object) -> dict:
    """`value` when the API gave an object there, else an empty one (a malformed answer)."""
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list:
    return value if isinstance(value, list) else []


def _date(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
