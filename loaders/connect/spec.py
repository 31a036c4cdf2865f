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

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from loaders.model.problem_types import DUPLICATE_ROW, INVALID_VALUE, INVALID_YAML
from loaders.model.problems import Report
from loaders.model.sources import (
    Digest,
    Network,
    SourcesFile,
    SourceSpec,
    format_duration,
    parse_duration,
)
from loaders.read.folder import read_text

__all__ = [
    "Digest",
    "Network",
    "SourceSpec",
    "SourcesFile",
    "format_duration",
    "parse_duration",
    "read_sources",
]

#: sources.yaml is small: a few dozen sources take a few KiB.
MAX_SOURCES_BYTES = 256 << 10


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
        report.add(label, line, "file", INVALID_YAML, reason=f"cannot read it: {_short(exc)}")
        return SourcesFile()
    if not isinstance(raw, dict):
        report.add(
            label, 1, "file", INVALID_YAML, reason="the file must be a mapping with `sources:`"
        )
        return SourcesFile()
    raw = _unquoted_nulls(raw)
    items = raw.pop("sources", None) or []
    if not isinstance(items, list):
        items = []
        report.add(
            label, lines.line(("sources",)), "sources", INVALID_VALUE, reason="must be a list"
        )
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
            report.add(
                label, lines.line(where), "source", INVALID_VALUE, reason="must be a mapping"
            )
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
                DUPLICATE_ROW,
                what=f"source {spec.name!r} is named twice",
                advice="names must be unique",
            )
            continue
        names.add(spec.name)
        spec._line = lines.line(where)
        top.sources.append(spec)
    return top


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
        report.add(label, lines.line((*where, *loc)), field, INVALID_VALUE, reason=message)


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
