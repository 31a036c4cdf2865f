"""A store's own files as the app reads them at every start (`loaders/publish/stored.py`)."""

from __future__ import annotations

import json
from pathlib import Path

from loaders.publish.stored import FORMAT, MANIFEST, manifest_and_key, read_manifest


def _write(store: Path, **fields: object) -> None:
    store.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT, "built": "2026-12-06T21:00:00", "inputs": [], **fields}
    (store / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_new_build_is_a_new_load_key_and_the_same_build_the_same_one(tmp_path):
    """Sessions share one copy of a build's tables under its key: a rebuild that kept the key
    would leave every viewer on the old tables, and two stores sharing one would mix."""
    store = tmp_path / "a" / ".store"
    _write(store)
    manifest, key = manifest_and_key(store)
    assert manifest == read_manifest(store) and manifest["built"] == "2026-12-06T21:00:00"
    assert manifest_and_key(store) == (manifest, key)
    _write(store, built="2026-12-06T22:00:00")
    assert manifest_and_key(store)[1] not in ("", key)
    other = tmp_path / "b" / ".store"
    _write(other, built="2026-12-06T22:00:00")
    assert manifest_and_key(other)[1] != manifest_and_key(store)[1]


def test_no_store_or_one_of_another_format_has_no_manifest_and_no_key(tmp_path):
    assert manifest_and_key(tmp_path / "missing") == ({}, "")
    _write(tmp_path / "old", format=FORMAT - 1)
    assert manifest_and_key(tmp_path / "old") == ({}, "")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / MANIFEST).write_text("[1, 2]", encoding="utf-8")
    assert manifest_and_key(tmp_path / "bad") == ({}, "")
