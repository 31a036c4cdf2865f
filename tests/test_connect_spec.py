"""sources.yaml: every problem one line (path:line: field: message) at the line of the key; good
sources kept beside bad ones; hostile YAML (aliases, tags) refused; durations."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.connect.spec import format_duration, parse_duration, read_sources
from loaders.connect.sync import check_sources
from loaders.model.problems import Report
from loaders.read.folder import DataFolder

BAD = """network:
  timeout_seconds: 0
  allow_addresses: [not-a-network]
sources:
  - name: good
    kind: feed
    url: https://news.example.org/feed.xml
  - name: Bad Name
    kind: feed
    url: https://x.example.org/
  - name: no-scheme
    kind: feed
    url: file:///etc/passwd
  - name: too-often
    kind: feed
    url: https://x.example.org/
    schedule: 1m
  - name: good
    kind: hxl
    url: https://data.example.org/x.csv
  - name: typo
    kind: feed
    ulr: https://x.example.org/
  - name: no-url
    kind: hxl
  - name: rw
    kind: reliefweb
    query: {country: Sudan, since: yesterday, colour: red}
"""


def lines(tmp_path, text: str) -> tuple[list[str], list[str]]:
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    report = Report()
    found = check_sources(DataFolder(tmp_path), report)
    prefix = str(tmp_path / "sources.yaml")
    return [p.removeprefix(prefix) for p in report.lines()], [s.name for s in found.sources]


def test_every_problem_is_a_line_at_its_key_and_good_sources_stay(tmp_path):
    problems, kept = lines(tmp_path, BAD)
    assert kept == ["good"]
    expected = [
        ":2: network.timeout_seconds: Input should be greater than 0",
        ":3: network.allow_addresses: 'not-a-network' is not a network such as 127.0.0.0/8",
        ":8: name: String should match pattern",
        ":13: url: 'file:///etc/passwd' is not an http(s) address",
        ":17: schedule: 1m is too often; at least every 5m",
        ":18: name: source 'good' is named twice; names must be unique",
        ":23: ulr: unknown key 'ulr'",
        ":24: url: a hxl source needs a url",
        ":26: query.since: 'yesterday' is not a date; write YYYY-MM-DD",
        ":26: query.colour: unknown query key for reliefweb (allowed: ",
    ]
    for want in expected:
        assert any(p.startswith(want) for p in problems), (want, problems)
    assert len(problems) == len(expected)


@pytest.mark.parametrize(
    "text",
    [
        "sources: &a [*a]\n",
        "sources:\n  - !!python/object:os.system {name: x}\n",
        "sources: [unclosed\n",
        "- just a list\n",
        "sources: 3\n",
    ],
)
def test_hostile_or_broken_yaml_is_one_problem_not_a_crash(tmp_path, text):
    problems, kept = lines(tmp_path, text)
    assert kept == [] and len(problems) == 1


def test_no_sources_file_is_no_sources():
    report = Report()
    assert (
        read_sources(DataFolder(__import__("pathlib").Path("/nonexistent")).sources, report).sources
        == []
    )
    assert not report.problems


@pytest.mark.parametrize(("text", "hours"), [("30m", 0.5), ("6h", 6), ("1d", 24), ("2w", 336)])
def test_durations(text, hours):
    span = parse_duration(text)
    assert span == dt.timedelta(hours=hours)
    assert format_duration(span) == text


@pytest.mark.parametrize("text", ["", "6", "h", "-1h", "1.5h", "1 fortnight"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_the_json_schema_of_sources_yaml_accepts_a_real_file_and_refuses_a_typo():
    import jsonschema
    import yaml

    from loaders.publish.schema import schema
    from tests.test_connect_sync import sources_yaml

    raw = yaml.safe_load(sources_yaml("http://127.0.0.1:8000", 2525))
    raw["sources"][3]["query"]["since"] = str(raw["sources"][3]["query"]["since"])
    checker = jsonschema.Draft202012Validator(schema("sources"))
    checker.validate(raw)
    raw["sources"][0]["schedule"] = "often"
    raw["sources"][1]["ulr"] = "https://x.example.org/"
    assert len(list(checker.iter_errors(raw))) == 2
