"""JSON Schemas of the data files, generated from the model, so editors validate YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .model import REGISTRIES, Event, Source


DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "tag:sourced-chronology,2024:schema/"  # a permanent name, not an address


def schemas() -> dict[str, dict]:
    """File name of each schema -> the schema."""
    found = {
        "event.schema.json": Event.model_json_schema(by_alias=True),
        "source.schema.json": Source.model_json_schema(by_alias=True),
    }
    for file_name, cls in REGISTRIES.items():
        name = file_name.removesuffix(".yml")
        found[f"{name}.schema.json"] = TypeAdapter(list[cls]).json_schema(by_alias=True)
    return {name: {"$schema": DIALECT, "$id": f"{SCHEMA_ID}{name}"} | schema for name, schema in found.items()}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
