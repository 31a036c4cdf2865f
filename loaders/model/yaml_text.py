"""YAML text as Python values, for the files this project ships (the vocabulary, the language
files): read by libyaml's safe loader where PyYAML was built with it, ten times faster than the
pure-Python one (every process of the loaders, the app and the tests reads them at start); the
same values either way."""

from __future__ import annotations

import yaml

#: PyYAML's safe loader, in C when available.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> object:
    """The values of a YAML document, by the safe loader (no tags, no objects)."""
    return yaml.load(text, Loader=SAFE_LOADER)
