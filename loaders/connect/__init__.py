"""Connectors: articles and figure tables fetched from where they are published (`sync`)."""
