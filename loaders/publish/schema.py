"""JSON Schemas of every data-file record, generated from the pydantic models (never by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from loaders.model.records import (
    Correction,
    Event,
    Fact,
    Figure,
    FigureRow,
    FrontMatter,
    Place,
    RegistryRow,
)
from loaders.model.sources import SourcesFile
from loaders.publish.output import atomic_write_text
from loaders.read.folder import (
    CORRECTIONS_FILE,
    EVENTS_FILE,
    FIGURES_DIR,
    PLACES_FILE,
    REGISTRY_FILE,
    SOURCES_FILE,
)

#: file name -> (model, what it describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "figure-table-row": (FigureRow, f"One row of a curated figure table, {FIGURES_DIR}/*.csv"),
    "article-registry-row": (RegistryRow, f"One row of {REGISTRY_FILE}"),
    "article-front-matter": (FrontMatter, "The YAML front matter of an article file"),
    "place": (Place, f"One row of {PLACES_FILE} (aliases as a list; '|'-separated in the CSV)"),
    "event": (Event, f"One row of {EVENTS_FILE}"),
    "correction": (Correction, f"One row of {CORRECTIONS_FILE}"),
    "figure": (Figure, "One figure record, as in figures.csv and the JSON exports"),
    "fact": (Fact, "One consolidated fact, as in facts.csv"),
    "sources": (SourcesFile, f"{SOURCES_FILE}: the sources `sync` fetches, and the digest"),
}


def schema(name: str) -> dict:
    """The JSON Schema called `name`."""
    model, description = SCHEMAS[name]
    body = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "description": description,
        **body,
    }


def write_schemas(out: Path) -> list[Path]:
    """Write every schema to `out`; returns the files written."""
    written = []
    for name in SCHEMAS:
        path = out / f"{name}.schema.json"
        text = json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(path, text)
        written.append(path)
    return written
