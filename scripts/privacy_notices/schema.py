"""JSON Schemas generated from the model, for editors' YAML extensions and check-jsonschema.

The files under ``schema/`` are committed; a test regenerates them and compares.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import CompanyFile, GroupFile

SCHEMAS = {"company.schema.json": CompanyFile, "group.schema.json": GroupFile}


def render_schema(model: type[CompanyFile] | type[GroupFile]) -> str:
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written
