"""Who may write: viewers are anonymous and read-only; maintainers sign in with OpenID Connect
(Streamlit's `st.login`, the provider in `.streamlit/secrets.toml` `[auth]`) and must be on the
situation's allow-list (`review` in situation.yaml: e-mails, or groups in a claim).

A local single-maintainer mode (`[review] local_maintainer = "NAME"` in secrets.toml, with no
provider) makes whoever opens the app a maintainer; it works only while the server listens on
127.0.0.1, and every page of it says so. Every write asks `maintainer()` again on the server,
right before writing: a widget drawn for someone else, or a replayed message, writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from loaders.model.problems import Report
from loaders.model.situation import Situation
from loaders.read.folder import DataFolder, NoDataFolder
from loaders.read.situation import read_situation

#: Addresses a local single-maintainer server may listen on.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Keys of `[auth]` a provider needs (the rest Streamlit checks itself).
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url", "redirect_uri")


@dataclass(frozen=True)
class Maintainer:
    """A person allowed to write: how the review log names them, and whether it is local mode."""

    who: str
    local: bool = False


def _secret_section(name: str) -> dict:
    try:
        section = st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: nothing configured
        return {}
    return dict(section) if section else {}


def provider_configured() -> bool:
    """Whether `[auth]` in secrets.toml names an OpenID Connect provider."""
    auth = _secret_section("auth")
    return all(auth.get(k) for k in PROVIDER_KEYS)


def local_maintainer() -> str:
    """The local single maintainer's name: set, no provider configured, and the server bound to
    the loopback address; else ''."""
    name = str(_secret_section("review").get("local_maintainer") or "").strip()
    if not name or provider_configured():
        return ""
    if str(st.get_option("server.address") or "") not in LOOPBACK:
        return ""
    return name


def local_refused() -> bool:
    """A local maintainer is set but the server listens beyond this machine: refused."""
    name = str(_secret_section("review").get("local_maintainer") or "").strip()
    return bool(name) and not provider_configured() and not local_maintainer()


def review_enabled() -> bool:
    """The Review page is on: a provider is configured, or local mode is valid."""
    return provider_configured() or bool(local_maintainer())


def settings(folder: DataFolder | None = None) -> Situation:
    """The settings of the situation in `folder` (default: the one `DataFolder.choose` means),
    read now (never cached: the allow-list is checked per write)."""
    try:
        return read_situation(folder or DataFolder.choose(), Report())
    except NoDataFolder:
        return Situation()


def signed_in(folder: DataFolder | None = None) -> tuple[str, list[str]]:
    """The signed-in person's e-mail and groups ('' and [] for a viewer); the groups are read
    from the claim the situation in `folder` names."""
    user = st.user
    if not provider_configured() or not user.get("is_logged_in"):
        return "", []
    if user.get("email_verified") is False:
        return "", []
    claim = settings(folder).review.group_claim
    groups = user.get(claim) or []
    return str(user.get("email") or ""), [str(g) for g in groups] if isinstance(groups, list) else [
        str(groups)
    ]


def maintainer(folder: DataFolder | None = None) -> Maintainer | None:
    """The maintainer of this session, checked now against the allow-list of the situation in
    `folder` (the one the page writes to); None for everyone else."""
    local = local_maintainer()
    if local:
        return Maintainer(local, local=True)
    email, groups = signed_in(folder)
    if email and settings(folder).review.allows(email, groups):
        return Maintainer(email)
    return None
