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
from loaders.publish.output import atomic_write

#: file name -> (model, what it describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "figure-table-row": (FigureRow, "One row of a curated figure table, data/figures/*.csv"),
    "article-registry-row": (RegistryRow, "One row of data/articles.csv"),
    "article-front-matter": (FrontMatter, "The YAML front matter of an article file"),
    "place": (Place, "One row of data/places.csv (aliases as a list; '|'-separated in the CSV)"),
    "event": (Event, "One row of data/events.csv"),
    "correction": (Correction, "One row of data/corrections.csv"),
    "figure": (Figure, "One figure record, as in figures.csv and the JSON exports"),
    "fact": (Fact, "One consolidated fact, as in facts.csv"),
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
        atomic_write(path, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        written.append(path)
    return written
