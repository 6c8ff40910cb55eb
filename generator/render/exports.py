"""Open data: the files of `/donnees/`, their columns and their published schema.

Everything here is derived from the pydantic models of `generator/format/models.py`: the CSV
columns, the JSON Schema of the JSON export and the column list of the `/donnees/`
page. Adding a field to the case-study model adds its column; nothing lists fields by hand.

How a case study becomes one CSV row (the rule the `/donnees/` page states):
1. a field holding one value (text, number, date, yes/no) is one column named after it;
2. a list of values (`angles`, `tags`…) is one column, its items joined by " | ";
3. a block of fields (`period`, `coverage`) gives one column per field inside it, named
   `<block>_<field>` (`period_start`), with the same rules;
4. a list of blocks (`platforms`, `sources`) gives one column per field of an item,
   `<list>_<field>` (`sources_title`), the items' values joined by " | " in the list's
   order, an empty value keeping its place, so that the n-th value of every column of
   the list describes the same item (a cell stays empty when no item has a value);
5. a list of blocks inside a list of blocks (the audience figures of each platform) has
   its own file, `figures.csv`, one row per figure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel, TypeAdapter

from generator import layout
from generator.format import fields, models, reference, vocab

# One version for the whole data set (JSON, CSV columns, export schema). Minor: something
# was added (a field, a column); a reader that ignores what it does not know goes on
# working. Major: something was removed, renamed, or changed type, meaning or cell format.
# A test (tests/render/test_exports.py) records the structure of each version and fails when
# the structure changes and this number does not.
VERSION = "2.0"

FOLDER = layout.DATA
# The files' names are decided with every other address, in layout.py.
CASES_JSON, CASES_CSV, FIGURES_CSV = layout.CASES_JSON, layout.CASES_CSV, layout.FIGURES_CSV
EXPORT_SCHEMA, CONTRIBUTOR_SCHEMA, DATAPACKAGE = layout.EXPORT_SCHEMA, layout.CONTRIBUTOR_SCHEMA, layout.DATAPACKAGE

# French public open data guidance (data.gouv.fr, « Focus : construire un schéma
# TableSchema », guides.data.gouv.fr/guides-open-data/guide-qualite/maitriser-les-schemas-
# de-donnees/creer-un-schema-de-donnees/focus-construire-un-schema-tableschema) prefers the
# comma as field separator, UTF-8, and notes that many French data sets use ";". We
# choose ";" on purpose: the training modules ask trainees to open these files in Excel
# set to French, which splits a double-clicked file on the locale's list separator, ";",
# and shows a comma-separated file as one column. LibreOffice Calc asks for the separator
# when it opens a CSV file, and programs take it as a parameter. The BOM makes Excel read
# the file as UTF-8 (without it, accents are garbled); lines end with CRLF (RFC 4180).
SEPARATOR = ";"
BOM = "\ufeff"
# Items of a list inside one cell: never the field separator, so that no one takes the
# items of a list for columns.
LIST_SEPARATOR = " | "
# What makes a spreadsheet read a cell as a formula (OWASP, CSV injection), full-width
# forms included: such a cell is prefixed with an apostrophe, shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# --- columns, from the models ---------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One CSV column: its name, where its value sits in a record, what it means."""

    name: str
    path: tuple[str, ...]
    label: str
    description: str
    table: tuple[tuple[str, Any], ...] = (("type", "string"),)  # its Table Schema type and format

    @property
    def field(self) -> dict[str, Any]:
        """The column as a Table Schema field (datapackage.json)."""
        field = {"name": self.name, "title": self.label, "description": self.description} | dict(self.table)
        if "constraints" in field:
            field["constraints"] = dict(field["constraints"])
        return field

    @property
    def code(self) -> Markup:
        """The column name as Markdown code (names are plain identifiers, see _column)."""
        return _code(self.name)

    def value(self, record: Any) -> Any:
        """The value at `path` in a model instance; a list when the path crosses a list."""
        if len(self.path) == 1:
            return getattr(record, self.path[0])
        return _follow(record, self.path)


def _follow(item: Any, path: tuple[str, ...]) -> Any:
    for index, name in enumerate(path):
        if item is None:
            return None
        if isinstance(item, list):
            return [_follow(element, path[index:]) for element in item]
        item = getattr(item, name)
    return item


def _kind(annotation: Any) -> tuple[str, Any]:
    """('value'|'values'|'block'|'blocks', model or None) for a field's annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(options[0]) if len(options) == 1 else ("value", None)  # true or a word: one cell
    if origin is list:
        item_kind, model = _kind(typing.get_args(annotation)[0])
        return ("blocks", model) if item_kind == "block" else ("values", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "block", annotation
    return "value", None


def model_columns(model: type[BaseModel], prefix: tuple[str, ...] = (), labels: tuple[str, ...] = (),
                  in_list: bool = False) -> tuple[list[Column], list[tuple[str, ...]]]:
    """The columns of a model by the rule above, and the paths left to another file (rule 5)."""
    columns: list[Column] = []
    elsewhere: list[tuple[str, ...]] = []
    properties = model.model_json_schema(mode="serialization")["properties"]
    for name, info in model.model_fields.items():
        path, label = prefix + (name,), labels + (info.title or name,)
        kind, inner = _kind(info.annotation)
        if in_list and kind in ("values", "blocks"):
            elsewhere.append(path)  # a list in a list: no cell can hold it
        elif kind in ("value", "values"):
            joined = kind == "values" or in_list  # items joined in one cell: text
            table = (("type", "string"),) if joined else _table_type(properties[name])
            columns.append(_column(path, label, info.description or "", table))
        else:
            more, left = model_columns(inner, path, label, in_list or kind == "blocks")
            columns += more
            elsewhere += left
    return columns, elsewhere


def _column(path: tuple[str, ...], labels: tuple[str, ...], description: str,
            table: tuple[tuple[str, Any], ...]) -> Column:
    name = "_".join(path)
    assert name.replace("_", "").isalnum() and name.isascii(), name  # printed as code on /donnees/
    return Column(name, path, " › ".join(labels), description, table)


def _table_type(prop: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A value's JSON Schema as a Table Schema type, for a cell written by `cell`."""
    options = [option for option in prop.get("anyOf", [prop]) if option.get("type") != "null"]
    if len(options) > 1:
        return (("type", "string"),)  # `approx`: true, false or the source's word
    (prop,) = options
    kind = prop.get("type")
    if kind == "integer":
        return (("type", "integer"),)
    if kind == "number":
        return (("type", "number"), ("decimalChar", ","))
    if kind == "boolean":
        return (("type", "boolean"), ("trueValues", ("true",)), ("falseValues", ("false",)))
    if prop.get("format") == "date":
        return (("type", "date"),)
    if prop.get("format") == "uri":
        return (("type", "string"), ("format", "uri"))
    if isinstance(kind, list) and "pattern" in prop:  # a partial date: 2010, 2010-07 or 2010-07-05
        return (("type", "string"), ("constraints", (("pattern", prop["pattern"]),)))
    if "enum" in prop:
        return (("type", "string"), ("constraints", (("enum", tuple(prop["enum"])),)))
    return (("type", "string"),)


# Columns that are not fields of the model: where the record lives on the site.
ADDRESS_COLUMNS = (
    Column("slug", ("slug",), "identifiant", "Identifiant de l'étude de cas : le nom de son fichier "
           "et la fin de son adresse."),
    Column("url", ("url",), "adresse", "Adresse permanente de la fiche sur le site.",
           (("type", "string"), ("format", "uri"))),
)
FIGURE_CONTEXT = (
    Column("case", ("case",), "étude de cas", "Identifiant (`slug`) de l'étude de cas du chiffre."),
    Column("platform", ("platform",), "plateforme", "Plateforme que mesure le chiffre."),
)
FIGURE_SOURCE = (
    Column("source_title", ("publication", "title"), "titre de la source",
           "Titre de la publication qui donne le chiffre."),
    Column("source_url", ("publication", "url"), "adresse de la source",
           "Adresse de la publication, si elle en a une.", (("type", "string"), ("format", "uri"))),
)


# Derived once, not for every row: the models are fixed for the process, and the only
# vocabulary that can change while `smg serve` runs (practices.yml) sits in a list
# column, which carries no list of allowed values.
@cache
def case_columns() -> tuple[Column, ...]:
    """Every column of `etudes-de-cas.csv`, in order."""
    return ADDRESS_COLUMNS + tuple(model_columns(models.CaseStudy)[0])


@cache
def figure_columns() -> tuple[Column, ...]:
    """Every column of `figures.csv`, in order."""
    return FIGURE_CONTEXT + tuple(model_columns(models.AudienceFigure)[0]) + FIGURE_SOURCE


# --- cells ----------------------------------------------------------------------------

def cell(value: Any) -> str:
    """One CSV cell: lists joined with " | ", numbers with a decimal comma, formulas defused."""
    if type(value) is str:  # most cells: skip the other tests
        return "'" + value if _formula(value) else value
    if value is None:
        return ""
    if isinstance(value, list):
        items = [_text(v) for v in value]
        text = LIST_SEPARATOR.join(items) if any(items) else ""  # no " | " for a list of blanks
    else:
        text = _text(value)
    return "'" + text if _formula(text) else text


def _formula(text: str) -> bool:
    """A spreadsheet would compute it: a formula sign first, or after spaces or invisible
    characters (no-break space, zero-width space…), which spreadsheets skip."""
    if text.startswith(FORMULA_STARTS):
        return True
    start = 0
    while start < len(text) and (text[start].isspace() or unicodedata.category(text[start]) in ("Cf", "Zs")):
        start += 1
    return 0 < start < len(text) and text.startswith(FORMULA_STARTS, start)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # The decimal comma of a spreadsheet set to French (see SEPARATOR); never an exponent.
        return format(Decimal(repr(value)).normalize(), "f").replace(".", ",") if value else "0"
    return str(value)


def addressed(slug: str, url: str, meta: Any) -> types.SimpleNamespace:
    """A case study's front matter with its address, as the case columns read it."""
    return types.SimpleNamespace(**dict(meta), slug=slug, url=url)


def csv_row(slug: str, url: str, meta: Any) -> dict[str, str]:
    """One row of `etudes-de-cas.csv`, column name -> cell."""
    record = addressed(slug, url, meta)
    return {column.name: cell(column.value(record)) for column in case_columns()}


def figure_row(case: str, platform: str, figure: Any, source: Any) -> dict[str, str]:
    """One row of `figures.csv`, column name -> cell. `source` is the Source the figure
    cites (the figure's own `source` field is that source's id)."""
    record = types.SimpleNamespace(**dict(figure), case=case, platform=platform, publication=source)
    return {column.name: cell(column.value(record)) for column in figure_columns()}


def _csv(columns: tuple[Column, ...], rows: Iterator[dict[str, str]]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in columns], delimiter=SEPARATOR,
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_csv(cases: list, case_url: Callable[[str], str]) -> str:
    """All case studies, one row each (UTF-8 with BOM, ";"-separated)."""
    return _csv(case_columns(), (csv_row(c.slug, case_url(c.slug), c.meta) for c in cases))


def export_figures(figures: list) -> str:
    """Every audience figure of the public case studies, one row each."""
    return _csv(figure_columns(), (figure_row(f.case.slug, f.platform, f.figure, f.source) for f in figures))


# --- JSON and its schema --------------------------------------------------------------

def export_json(cases: list, case_url: Callable[[str], str], schema_url: str) -> str:
    """The JSON file: {"$schema", "version", "cases": [one object per case study]}.

    pydantic writes each front matter to JSON itself (in Rust, several times faster
    than building dictionaries first); slug and URL are put in front of it.
    """
    items = [f'{{"slug":{json.dumps(case.slug)},"url":{json.dumps(case_url(case.slug))},'
             + case.meta.model_dump_json()[1:] for case in cases]
    head = f'{{"$schema":{json.dumps(schema_url)},"version":{json.dumps(VERSION)},"cases":[\n'
    return head + ",\n".join(items) + "]}\n"


def export_schema(schema_id: str) -> dict[str, Any]:
    """The JSON Schema of `etudes-de-cas.json`: the front matter of each case study as
    published, plus its slug and URL."""
    record = models.CaseStudy.model_json_schema(mode="serialization")
    definitions = record.pop("$defs", {})
    record["title"] = "Étude de cas publiée"
    record["properties"] = {"slug": _described(fields.Slug, ADDRESS_COLUMNS[0]),
                            "url": _described(fields.Url, ADDRESS_COLUMNS[1])} | record["properties"]
    record["required"] = ["slug", "url", *record["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": "Études de cas de la base Social Media Gouvernance (données ouvertes)",
        "description": f"Version {VERSION} du fichier etudes-de-cas.json. Une version mineure "
                       "ajoute des champs ; une version majeure en retire, en renomme ou en change le type.",
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "version", "cases"],
        "properties": {
            "$schema": {"type": "string", "format": "uri", "const": schema_id,
                        "description": "Adresse de ce schéma."},
            "version": {"type": "string", "const": VERSION, "description": "Version du format des données."},
            "cases": {"type": "array", "items": {"$ref": "#/$defs/PublishedCaseStudy"},
                      "description": "Les études de cas publiées."},
        },
        "$defs": definitions | {"PublishedCaseStudy": record},
    }


def _described(kind: Any, column: Column) -> dict[str, Any]:
    return TypeAdapter(kind).json_schema() | {"title": column.label, "description": column.description}


def schema_text(value: dict[str, Any]) -> str:
    """A published schema file's exact text."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def datapackage() -> dict[str, Any]:
    """`datapackage.json`: the CSV files described as a Frictionless Tabular Data Package
    (dialect, and a Table Schema per file), the format data.gouv.fr's schemas use."""
    return {
        "profile": "tabular-data-package",
        "name": "social-media-gouvernance-etudes-de-cas",
        "title": "Études de cas de la base Social Media Gouvernance",
        "version": VERSION,
        "resources": [
            _resource("etudes-de-cas", CASES_CSV, case_columns(), {"primaryKey": ["slug"]}),
            _resource("figures", FIGURES_CSV, figure_columns(), {"foreignKeys": [
                {"fields": ["case"], "reference": {"resource": "etudes-de-cas", "fields": ["slug"]}}]}),
        ],
    }


def _resource(name: str, path: str, columns: tuple[Column, ...], keys: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name, "path": path.rpartition("/")[2], "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"delimiter": SEPARATOR, "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                    "header": True},
        "schema": {"fields": [column.field for column in columns], "missingValues": [""]} | keys,
    }


def structure_fingerprint() -> str:
    """What VERSION promises: the export schema's structure and the CSV columns, without
    the wording (titles, descriptions, examples) or the vocabularies' values, which may
    grow without a new version."""
    shape = {"schema": _structure(export_schema("")), "csv": _structure(datapackage()["resources"]),
             "cells": [SEPARATOR, LIST_SEPARATOR, BOM]}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


_WORDING = {"title", "description", "examples", "enum", "$id", "const"}


def _structure(value: Any, names: bool = False) -> Any:
    # `names`: the keys of this mapping are field or model names (a field may be called
    # "title" or "description"), to keep even when they look like wording.
    if isinstance(value, dict):
        return {k: _structure(v, k in ("properties", "$defs")) for k, v in value.items()
                if names or k not in _WORDING}
    if isinstance(value, list):
        return [_structure(v) for v in value]
    return value


# --- the files ------------------------------------------------------------------------

def data_files(cases: list, figures: list, case_url: Callable[[str], str],
               file_url: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """Every open-data file, path in the generated tree -> text (written by the same
    atomic writer as the pages)."""
    yield CASES_JSON, export_json(cases, case_url, file_url(EXPORT_SCHEMA))
    yield CASES_CSV, export_csv(cases, case_url)
    yield FIGURES_CSV, export_figures(figures)
    yield DATAPACKAGE, schema_text(datapackage())
    yield EXPORT_SCHEMA, schema_text(export_schema(file_url(EXPORT_SCHEMA)))
    yield CONTRIBUTOR_SCHEMA, reference.json_schema_text(file_url(CONTRIBUTOR_SCHEMA))


def page_values() -> dict[str, Any]:
    """What the `/donnees/` page prints about the files, all derived from the code."""
    return {"version": VERSION, "case_columns": case_columns(), "figure_columns": figure_columns(),
            "separator": _code(SEPARATOR), "list_separator": _code(LIST_SEPARATOR.strip()),
            "units": [(_code(key), label) for key, label in vocab.UNITS.items()]}


def _code(text: str) -> Markup:
    # Markdown code of our own constants: printed as they are, no backslash (a code
    # span shows backslashes literally).
    assert "`" not in text and "\n" not in text, text
    return Markup(f"`{text}`")
