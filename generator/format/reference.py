"""The field reference for contributors and the JSON Schema export, both read from
the models (models.py)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.format import vocab
from generator.format.models import REFERENCE_SECTIONS, CaseStudy
from generator.format.text import french_number

SCHEMA_FILE = vocab.DATA_DIR / "casestudy.schema.json"
# The committed file's address: where the site of mkdocs.yml publishes it (a test checks
# it against site_url); a published copy takes its own site's address (generator/render/exports.py).
SCHEMA_ID = "https://social-media-gouvernance.github.io/base-de-connaissances/donnees/casestudy.schema.json"


def field_name(model: type[BaseModel], name: str) -> str:
    """A field as messages show it: its French label beside its key, 'résumé (summary)'.

    The label is the field's `title`; a field whose label is its key shows the key once.
    """
    info = model.model_fields.get(name)
    label = info.title if info is not None else None
    return f"{label} ({name})" if label and label != name else name


def field_reference() -> list[tuple[str, list[dict[str, Any]]]]:
    """Every field of the format with its rule, for the generated contributor reference."""
    sections = []
    for title, model in REFERENCE_SECTIONS:
        properties = model.model_json_schema()["properties"]
        rows = [{"name": name, "label": info.title or name, "required": info.is_required(),
                 "description": info.description or "",
                 "kind": _kind_of(properties[name])}
                for name, info in model.model_fields.items()]
        sections.append((title, rows))
    return sections


def _kind_of(prop: dict[str, Any]) -> str:
    options = prop.get("anyOf", [prop])
    kinds = [_simple_kind(option) for option in options if option.get("type") != "null"]
    return " ou ".join(dict.fromkeys(k for k in kinds if k)) or "valeur"


def _simple_kind(prop: dict[str, Any]) -> str:
    kind = _bare_kind(prop)
    if "maxItems" in prop:
        return f"{kind}, {prop['maxItems']} éléments au plus"
    if "maxLength" in prop and kind == "texte":
        return f"texte, {prop['maxLength']} caractères au plus"
    if "maximum" in prop and kind:
        return f"{kind} de {french_number(prop.get('minimum', 0))} à {french_number(prop['maximum'])}"
    return kind


def _bare_kind(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "bloc de champs"
    kind = prop.get("type")
    if kind == "array":
        item = _simple_kind(prop.get("items", {}))
        return f"liste ({item})" if item else "liste"
    if "enum" in prop and len(prop["enum"]) <= 20:
        return "une valeur parmi : " + ", ".join(f"`{v}`" for v in prop["enum"])
    names = {"string": "texte", "integer": "nombre entier", "number": "nombre"}
    if prop.get("format") == "date":
        return "date AAAA-MM-JJ"
    if isinstance(kind, list):
        return "date (AAAA-MM-JJ, AAAA-MM ou AAAA)"
    if "enum" in prop:
        return "code de la liste officielle (voir la description)"
    return names.get(kind, "")


def json_schema(schema_id: str = SCHEMA_ID) -> dict[str, Any]:
    """The JSON Schema of the front matter, as committed in the repository (or, with
    another `schema_id`, as a site publishes it)."""
    schema = CaseStudy.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id} | schema


def json_schema_text(schema_id: str = SCHEMA_ID) -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(schema_id), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
