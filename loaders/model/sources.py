"""The record of a situation's `sources.yaml` (read by `loaders.connect.spec`): where its articles
and figures are fetched from, how often, how politely, and where the digest goes. The one
definition of the file: the reader, `sync` and the JSON Schema (`python -m loaders schema`)
derive from it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, WithJsonSchema, field_validator

from loaders.model.languages import codes as language_codes

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
    webhook_secret_env: str = Field(
        "",
        pattern=r"^([A-Z_][A-Z0-9_]*)?$",
        description="A variable holding a secret: the body is signed (X-Signature-256).",
    )
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
    schedule: Annotated[
        dt.timedelta,
        WithJsonSchema({"type": "string", "pattern": r"^\s*\d{1,6}\s*(s|m|h|d|w)\s*$"}),
    ] = Field(dt.timedelta(days=1), description="How often: 30m, 6h, 1d, 1w (at least 5m).")
    language: str = ""
    credential_env: str = Field("", pattern=r"^([A-Z_][A-Z0-9_]*)?$")
    outlet: str = Field("", max_length=200, description="Who publishes it, when items omit it.")
    pages: bool = Field(True, description="Feeds: fetch each item's page for its main text.")
    max_items: int = Field(200, gt=0, le=5000, description="Items taken in one sync at most.")

    _url = field_validator("url")(_http_url)
    #: The line of sources.yaml that declares it (set by the reader), for problem lines.
    _line: int = PrivateAttr(1)

    @property
    def line(self) -> int:
        return self._line

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
    """A situation's sources.yaml: the network rules, the digest and the sources `sync`
    fetches."""

    model_config = ConfigDict(extra="forbid")

    network: Network = Field(default_factory=Network)
    digest: Digest | None = None
    sources: list[SourceSpec] = Field(default_factory=list)
