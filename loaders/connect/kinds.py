"""The kinds of source `sources.yaml` may name, each a `Connector` subclass. Adding a kind is
writing its module and listing its class here."""

from __future__ import annotations

from loaders.connect.base import Connector
from loaders.connect.feeds import Feed
from loaders.connect.hxltables import HxlDataset
from loaders.connect.pages import Page
from loaders.connect.reliefweb import ReliefWeb

KINDS: dict[str, type[Connector]] = {c.kind: c for c in (ReliefWeb, Feed, Page, HxlDataset)}
