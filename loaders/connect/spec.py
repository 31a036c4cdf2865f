"""The situation's `sources.yaml`: where its articles and figures come from, how often, and how
politely they are fetched; read into pydantic models, with every problem reported as
`sources.yaml:LINE: field: message` like any other data file.

```yaml
network:                       # optional; these are the defaults
  timeout_seconds: 20          # one request, headers to last byte
  max_bytes: 5000000           # a response larger than this is refused
  rate_limit_seconds: 1        # at least this long between two requests to one host
  retries: 3                   # on 429, 5xx and dropped connections, with backoff
  allow_addresses: []          # private or loopback networks that may be reached (CIDR)
digest:                        # optional: after each sync that changed something
  webhook_url_env: SITUATION_WEBHOOK
  email_to: [team@example.org]
  smtp_host: localhost
sources:
  - name: reliefweb-sudan
    kind: reliefweb
    query: {country: Sudan, since: 2026-01-01}
    schedule: 6h
    credential_env: RELIEFWEB_APPNAME
```
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from loaders.model.languages import codes as language_codes
from loaders.model.problems import Report
from loaders.read.folder import read_text

#: sources.yaml is small: a few dozen sources take a few KiB.
MAX_SOURCES_BYTES = 256 << 10
_DURATION = re.compile(r"^\s*(\d{1,6})\s*(s|m|h|d|w)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: Shortest schedule: a source asked more often than this is impolite.
MIN_SCHEDULE = dt.timedelta(minutes=5)


def parse_duration(text: str) -> dt.timedelta:
    """'30m', '6h', '1d', '1w' (or '45s') as a timedelta; ValueError otherwise."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration; write a number and a unit: 30m, 6h, 1d, 1w")
    return dt.timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def format_duration(span: dt.timedelta) -> str:
    """A timedelta in the largest unit that divides it: '6h', '1d', '90m'."""
    seconds = int(span.total_seconds())
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def _http_url(value: str) -> str:
    value = (value or "").strip()
    if value and not re.match(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$", value, re.IGNORECASE):
        raise ValueError(f"{value!r} is not an http(s) address; only http:// and https:// are read")
    return value


class Network(BaseModel):
    """How politely, and where, the situation's sources are fetched."""

    model_config = ConfigDict(extra="forbid")

    timeout_seconds: float = Field(20, gt=0, le=300)
    max_bytes: int = Field(5_000_000, gt=0, le=200_000_000)
    rate_limit_seconds: float = Field(1.0, ge=0, le=3600)
    retries: int = Field(3, ge=0, le=10)
    backoff_seconds: float = Field(2.0, ge=0, le=600)
    max_wait_seconds: float = Field(120, ge=0, le=3600, description="Longest Retry-After obeyed.")
    allow_addresses: list[str] = Field(
        default_factory=list,
        description="Networks (CIDR) that may be reached although private, loopback or local.",
    )
    contact: str = Field("", max_length=200, description="Added to the user agent (an e-mail).")

    @field_validator("allow_addresses")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a network such as 127.0.0.0/8") from exc
        return value


class Digest(BaseModel):
    """Where the digest after each sync goes: a webhook, e-mail, or both."""

    model_config = ConfigDict(extra="forbid")

    webhook_url: str = ""
    webhook_url_env: str = Field("", pattern=r"^([A-Z_][A-Z0-9_]*)?$")
    email_to: list[str] = Field(default_factory=list)
    email_from: str = "situation-dashboard@localhost"
    smtp_host: str = ""
    smtp_port: int = Field(25, gt=0, lt=65536)
    smtp_starttls: bool = False
    smtp_user_env: str = Field("", pattern=r"^([A-Z_][A-Z0-9_]*)?$")
    smtp_password_env: str = Field("", pattern=r"^([A-Z_][A-Z0-9_]*)?$")

    _url = field_validator("webhook_url")(_http_url)

    @field_validator("email_to")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for item in value:
            if not re.fullmatch(r"[^@\s,;<>]+@[^@\s,;<>]+", item):
                raise ValueError(f"{item!r} is not an e-mail address")
        return value


class SourceSpec(BaseModel):
    """One source: what kind it is, where it is, how often to ask, in which language it
    writes, and which environment variable holds its credential (never the credential)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    kind: str = Field(min_length=1)
    url: str = ""
    query: dict[str, str | list[str]] = Field(default_factory=dict)
    schedule: dt.timedelta = dt.timedelta(days=1)
    language: str = ""
    credential_env: str = Field("", pattern=r"^([A-Z_][A-Z0-9_]*)?$")
    outlet: str = Field("", max_length=200, description="Who publishes it, when items omit it.")
    pages: bool = Field(True, description="Feeds: fetch each item's page for its main text.")
    max_items: int = Field(200, gt=0, le=5000, description="Items taken in one sync at most.")

    _url = field_validator("url")(_http_url)

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, value: object) -> dt.timedelta:
        span = value if isinstance(value, dt.timedelta) else parse_duration(str(value))
        if span < MIN_SCHEDULE:
            raise ValueError(f"{format_duration(span)} is too often; at least every 5m")
        return span

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value and value not in language_codes():
            allowed = ", ".join(language_codes())
            raise ValueError(f"{value!r} is not a language the extractor reads ({allowed})")
        return value


class SourcesFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    network: Network = Field(default_factory=Network)
    digest: Digest | None = None
    sources: list[SourceSpec] = Field(default_factory=list)


class _Lines:
    """Line numbers (1-based) of the file's nodes, by path of keys and indices."""

    def __init__(self) -> None:
        self.at: dict[tuple, int] = {}

    def walk(self, node: yaml.Node, path: tuple = ()) -> Any:
        self.at[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key, value in node.value:
                name = str(key.value)
                self.at[(*path, name)] = key.start_mark.line + 1
                out[name] = self.walk(value, (*path, name))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return node.value

    def line(self, path: tuple) -> int:
        while path and path not in self.at:
            path = path[:-1]
        return self.at.get(path, 1)


def _plain(text: str) -> tuple[Any, _Lines]:
    """The file as plain dicts, lists and strings (YAML's own typing is left to the models),
    with its lines; anchors, aliases and tags are refused so a small file stays small."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("anchors and aliases (&, *) are not allowed")
        if getattr(event, "tag", None) not in (None, "!") and not isinstance(
            event, yaml.DocumentStartEvent
        ):
            raise yaml.YAMLError(f"tags ({event.tag}) are not allowed")
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = _Lines()
    return ({} if node is None else lines.walk(node)), lines


def _unquoted_nulls(value: Any) -> Any:
    """Empty scalars (`key:`) as missing, so a model's default applies."""
    if isinstance(value, dict):
        return {k: _unquoted_nulls(v) for k, v in value.items() if v not in ("", "~", "null")}
    if isinstance(value, list):
        return [_unquoted_nulls(v) for v in value]
    return value


def read_sources(path: Path, report: Report, root: Path | None = None) -> SourcesFile:
    """The sources file, every problem reported (`path:line: field: message`); a source with a
    problem is left out, the others are kept. A missing file is no sources, not a problem."""
    label = str(path)
    if not path.exists():
        return SourcesFile()
    text = read_text(path, report, label, MAX_SOURCES_BYTES, root)
    if text is None:
        return SourcesFile()
    try:
        raw, lines = _plain(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        report.add(label, line, "file", "invalid-yaml", f"cannot read it: {_short(exc)}")
        return SourcesFile()
    if not isinstance(raw, dict):
        report.add(label, 1, "file", "invalid-yaml", "the file must be a mapping with `sources:`")
        return SourcesFile()
    raw = _unquoted_nulls(raw)
    items = raw.pop("sources", None) or []
    if not isinstance(items, list):
        items = []
        report.add(label, lines.line(("sources",)), "sources", "invalid-value", "must be a list")
        items = []
    try:
        top = SourcesFile(**raw)
    except ValidationError as exc:
        _report(report, label, lines, (), exc)
        top = SourcesFile(**{k: v for k, v in raw.items() if k not in _bad_keys(exc)})
    names: set[str] = set()
    for i, item in enumerate(items):
        where = ("sources", i)
        if not isinstance(item, dict):
            report.add(label, lines.line(where), "source", "invalid-value", "must be a mapping")
            continue
        try:
            spec = SourceSpec(**item)
        except ValidationError as exc:
            _report(report, label, lines, where, exc)
            continue
        if spec.name in names:
            report.add(
                label,
                lines.line((*where, "name")),
                "name",
                "duplicate-row",
                f"source {spec.name!r} is named twice; names must be unique",
            )
            continue
        names.add(spec.name)
        top.sources.append(spec)
    return top


def source_line(path: Path, name: str) -> int:
    """The line where source `name` is declared (1 when it cannot be found)."""
    try:
        raw, lines = _plain(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1
    for i, item in enumerate(raw.get("sources") or [] if isinstance(raw, dict) else []):
        if isinstance(item, dict) and item.get("name") == name:
            return lines.line(("sources", i))
    return 1


def _bad_keys(exc: ValidationError) -> set[str]:
    return {str(e["loc"][0]) for e in exc.errors() if e["loc"]}


def _report(report: Report, label: str, lines: _Lines, where: tuple, exc: ValidationError) -> None:
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "source"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        elif err["type"] == "missing":
            message = "required"
        report.add(label, lines.line((*where, *loc)), field, "invalid-value", message)


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
