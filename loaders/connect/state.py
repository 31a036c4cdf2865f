"""What each source has given so far, kept in the folder (`sync-state.json`) so a sync asks only
for what is new: per source the last successful sync, the last error, the validators of its
last answer (ETag, Last-Modified), the date of the newest item, and the addresses already taken;
for the whole folder, the address of every synced article and the fingerprint of every story, so
the same article is never added twice whichever source brings it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from loaders.model.problem_types import INVALID_STATE
from loaders.model.problems import Report
from loaders.publish.output import atomic_write
from loaders.read.folder import read_text

#: Addresses remembered per source; the oldest are forgotten first (a feed repeats only its
#: latest items, so an address this old never comes back).
MAX_SEEN = 20_000
#: Story fingerprints remembered for the whole folder.
MAX_STORIES = 5_000
MAX_STATE_BYTES = 64 << 20


class SourceState(BaseModel):
    """One source's record."""

    last_attempt: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    etag: str = ""
    last_modified: str = ""
    newest: str = Field("", description="Date of the newest item taken (ISO), for queries.")
    seen: list[str] = Field(default_factory=list, description="Addresses already taken.")
    added: int = Field(0, description="Articles and table rows the last successful sync added.")
    warnings: list[str] = Field(
        default_factory=list, description="What the last sync left out, and why (at most 20)."
    )

    def remember(self, urls: list[str]) -> None:
        known = set(self.seen)
        self.seen.extend(u for u in dict.fromkeys(urls) if u not in known)
        del self.seen[: max(0, len(self.seen) - MAX_SEEN)]


class Story(BaseModel):
    """An article synced into the folder: its id, every outlet and address it was printed
    under, and its fingerprint (`text.signature`, `text.numbers`)."""

    id: str
    outlets: list[tuple[str, str]] = Field(default_factory=list)
    signature: list[int] = Field(default_factory=list)
    numbers: list[str] = Field(default_factory=list)


class SyncState(BaseModel):
    """The whole file."""

    version: int = 1
    sources: dict[str, SourceState] = Field(default_factory=dict)
    stories: list[Story] = Field(default_factory=list)

    def source(self, name: str) -> SourceState:
        return self.sources.setdefault(name, SourceState())

    def urls(self) -> dict[str, str]:
        """Every address a synced article was printed under, to its article id."""
        return {url: s.id for s in self.stories for _, url in s.outlets if url}

    def add_story(self, story: Story) -> None:
        self.stories.append(story)
        del self.stories[: max(0, len(self.stories) - MAX_STORIES)]


def read_state(path: Path, report: Report, root: Path | None = None) -> SyncState:
    """The state file; a missing one is a folder never synced. A broken one is reported and
    read as empty (the next sync then re-checks every address against the articles' own)."""
    if not path.exists():
        return SyncState()
    text = read_text(path, report, str(path), MAX_STATE_BYTES, root)
    if text is None:
        return SyncState()
    try:
        return SyncState(**json.loads(text))
    except (ValueError, TypeError, ValidationError) as exc:
        report.add(
            str(path),
            0,
            "file",
            INVALID_STATE,
            error=type(exc).__name__,
        )
        return SyncState()


def write_state(path: Path, state: SyncState) -> None:
    """Write the state atomically (the caller holds the folder's lock)."""
    text = state.model_dump_json(indent=1)
    atomic_write(path, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))
