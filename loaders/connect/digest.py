"""The digest after a sync: new figures waiting for review and headlines that moved, sent to the
situation's webhook and/or by e-mail (sources.yaml `digest:`). Nothing is sent when nothing
changed. Headlines are the project's own (`loaders.facts.estimates.estimates`), worked out on
the folder before and after the sync."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.parse
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage

import pandas as pd

from loaders.connect.net import Fetcher, FetchError
from loaders.connect.spec import Digest
from loaders.facts.dataset import Dataset, load_dataset
from loaders.facts.estimates import estimates
from loaders.model.amounts import number_text
from loaders.model.vocabulary import VOCABULARY
from loaders.read.folder import DataFolder

#: Figures listed one by one in a digest at most (the count says how many there are).
LISTED = 25


@dataclass(frozen=True)
class Snapshot:
    """What a digest compares: the folder's figure ids and its headlines."""

    figures: frozenset[str]
    headlines: dict[str, tuple]


@dataclass
class DigestText:
    """One digest: what is new and what moved, as lines and as JSON."""

    situation: str
    new_articles: list[str] = field(default_factory=list)
    new_figures: list[dict] = field(default_factory=list)
    new_figure_count: int = 0
    moved: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new_figure_count or self.moved)

    def subject(self) -> str:
        figures = "figure" if self.new_figure_count == 1 else "figures"
        headlines = "headline" if len(self.moved) == 1 else "headlines"
        return (
            f"[{self.situation}] {self.new_figure_count} new {figures} to review,"
            f" {len(self.moved)} {headlines} moved"
        )

    def text(self) -> str:
        lines = [self.subject(), ""]
        if self.moved:
            lines.append("Headlines that moved:")
            for m in self.moved:
                was = m["before"]
                before = "none" if was is None else number_text(was, short=False)
                after = number_text(m["after"], short=False)
                lines.append(
                    f"- {m['label']}: {before} -> {after} {m['unit']} (as of {m['as_of']})"
                )
            lines.append("")
        if self.new_figures:
            lines.append(f"New figures waiting for review ({self.new_figure_count}):")
            for f in self.new_figures:
                lines.append(
                    f"- {f['label']}: {number_text(f['value'], short=False)} {f['unit']}"
                    f" as of {f['as_of']}"
                    f" ({f['source']}) [{f['id']}]"
                )
            if self.new_figure_count > len(self.new_figures):
                lines.append(f"- ... and {self.new_figure_count - len(self.new_figures)} more")
        if self.new_articles:
            lines += ["", f"New articles: {', '.join(self.new_articles)}"]
        return "\n".join(lines) + "\n"

    def payload(self) -> dict:
        return {"text": self.text(), **asdict(self)}


def snapshot(data: DataFolder) -> tuple[Snapshot, Dataset]:
    """The folder's figure ids and headline estimates, as the dashboard would show them, and
    the folder's tables they were worked out from."""
    dataset = load_dataset(data)
    titles = dict(zip(dataset.sources["id"], dataset.sources["title"], strict=True))
    found = estimates(dataset.facts, dataset.figures, dataset.places, titles)
    headlines = {
        e.key: (float(e.value), e.as_of.isoformat(), e.unit, e.indicator, e.subtype, e.scope)
        for e in found
    }
    return Snapshot(frozenset(dataset.figures["id"].astype(str)), headlines), dataset


def build(
    situation: str, before: Snapshot, after: Snapshot, dataset: Dataset, articles: list[str]
) -> DigestText:
    """The digest of what changed from `before` to `after` (`dataset` is the folder after)."""
    out = DigestText(situation, new_articles=list(articles))
    figures = dataset.figures
    new = figures[~figures["id"].astype(str).isin(before.figures)]
    if "corrected" in new:
        new = new[~new["corrected"].fillna(False).astype(bool)]
    out.new_figure_count = len(new)
    for row in new.head(LISTED).itertuples(index=False):
        subtype = None if pd.isna(row.subtype) or row.subtype == "" else row.subtype
        out.new_figures.append(
            {
                "id": str(row.id),
                "label": VOCABULARY.label(str(row.indicator), subtype),
                "value": float(row.value),
                "unit": str(row.unit),
                "as_of": str(row.as_of)[:10],
                "place": "" if pd.isna(row.place) else str(row.place),
                "source": str(row.source_outlet or row.source),
            }
        )
    for key, now in after.headlines.items():
        was = before.headlines.get(key)
        if was is not None and was[:2] == now[:2]:
            continue
        label = VOCABULARY.label(now[3], now[4]) + (f" ({now[5]})" if now[5] else "")
        out.moved.append(
            {
                "key": key,
                "label": label,
                "before": None if was is None else was[0],
                "after": now[0],
                "unit": now[2],
                "as_of": now[1],
            }
        )
    return out


def send(
    digest: DigestText, config: Digest, fetcher: Fetcher, environ: Mapping[str, str]
) -> list[str]:
    """Send to every configured channel; returns what went wrong (one line each), nothing when
    all went out. Never sends an empty digest."""
    if digest.empty:
        return []
    problems = []
    url = config.webhook_url or (
        environ.get(config.webhook_url_env, "") if config.webhook_url_env else ""
    )
    if config.webhook_url_env and not url:
        problems.append(f"webhook: set the environment variable {config.webhook_url_env}")
    if url:
        body = json.dumps(digest.payload(), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        secret = environ.get(config.webhook_secret_env, "") if config.webhook_secret_env else ""
        if secret:
            mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Signature-256"] = f"sha256={mac}"
        try:
            fetcher.get(url, method="POST", body=body, headers=headers)
        except FetchError as exc:  # the address may hold a token: name its host only
            host = urllib.parse.urlsplit(url).hostname or "the webhook"
            problems.append(
                f"webhook at {host}: {exc.kind}" + (f" (HTTP {exc.status})" if exc.status else "")
            )
    if config.email_to:
        try:
            _mail(digest, config, environ, fetcher.policy.timeout_seconds)
        except (OSError, smtplib.SMTPException) as exc:
            problems.append(f"e-mail via {config.smtp_host}:{config.smtp_port}: {exc}")
    return problems


def _mail(digest: DigestText, config: Digest, environ: Mapping[str, str], timeout: float) -> None:
    message = EmailMessage()
    message["Subject"] = digest.subject()
    message["From"] = config.email_from
    message["To"] = ", ".join(config.email_to)
    message["Date"] = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    message.set_content(digest.text())
    with smtplib.SMTP(config.smtp_host or "localhost", config.smtp_port, timeout=timeout) as smtp:
        if config.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        user = environ.get(config.smtp_user_env, "") if config.smtp_user_env else ""
        if user:
            smtp.login(user, environ.get(config.smtp_password_env, ""))
        smtp.send_message(message)
