"""The field reference of CONTRIBUTING.md, generated from the schema.

CONTRIBUTING.md is read on GitHub, outside the site, so it carries its own copy of
the field reference (the site's `contribuer/champs` page, plus an example column).
The copy lives between two markers and is rewritten from `generator/format/models.py`, never
by hand; a test fails when it is out of date:

    smg champs            # rewrite the block of ./CONTRIBUTING.md
    smg champs --check    # exit 1 if the block is out of date
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.errors import SmgError, Stopped, UsageError
from generator.format import vocab
from generator.format.models import REFERENCE_SECTIONS
from generator.format.reference import field_reference

START_MARKER = "<!-- champs:début -->"
END_MARKER = "<!-- champs:fin -->"
DEFAULT_PATH = Path("CONTRIBUTING.md")
COMMAND = "smg champs"

_HEADER = ("| Champ | Libellé | Obligatoire | Type | Ce qu'il faut écrire | Exemple |\n"
           "|---|---|---|---|---|---|")

# Characters that cannot start a plain YAML scalar, and words YAML reads as non-text.
_YAML_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_YAML_WORDS = {"null", "~", "true", "false", "yes", "no", "on", "off"}


class MarkersError(SmgError):
    """The file lacks the two markers, or has them more than once or out of order."""


def field_reference_markdown() -> str:
    """Every field of the format as Markdown tables, one per section, then the practices."""
    models = dict(REFERENCE_SECTIONS)
    parts = [
        (f"<!-- Produit par « {COMMAND} » à partir de generator/format/models.py : "
         "ne pas modifier à la main. -->"),
        ("Cette référence est produite automatiquement à partir du schéma qu'applique "
         "`smg validate` (`generator/format/models.py`) ; elle est identique à la page « Référence "
         "des champs » du site, avec un exemple de valeur pour chaque champ. En cas de doute, "
         "c'est elle qui fait foi."),
    ]
    for title, rows in field_reference():
        lines = [f"### {_cell(title)}", "", _HEADER]
        model = models.get(title)
        for row in rows:
            required = "oui" if row["required"] else "non"
            lines.append(f"| {_code(row['name'])} | {_cell(row['label'])} | {required} | {_cell(row['kind'])} | "
                         f"{_cell(row['description'])} | {_examples_cell(row, model)} |")
        parts.append("\n".join(lines))
    practice_lines = [
        "### Vocabulaire des pratiques",
        "",
        ("Les termes autorisés dans `practices`. Pour en proposer un nouveau, ajoutez-le au "
         "fichier `generator/data/practices.yml` dans votre demande de fusion (pull request)."),
        "",
        "| Terme | Libellé | Définition |",
        "|---|---|---|",
    ]
    for term, entry in vocab.practices().items():
        practice_lines.append(f"| {_code(term)} | {_cell(entry['label'])} | "
                              f"{_cell(entry['definition'])} |")
    parts.append("\n".join(practice_lines))
    return "\n\n".join(parts) + "\n"


def read_block(text: str) -> str:
    """The text between the two markers, without the blank lines around it."""
    start, end = _marker_span(text)
    return text[start:end].strip("\n")


def replace_block(text: str, block: str) -> str:
    """`text` with the content between the markers replaced by `block`."""
    start, end = _marker_span(text)
    return f"{text[:start]}\n\n{block.strip(chr(10))}\n\n{text[end:]}"


def update_contributing(path: Path | str = DEFAULT_PATH) -> bool:
    """Rewrite the generated block of `path`; True if the file changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    updated = replace_block(text, field_reference_markdown())
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8", newline="\n")
    return True


def _marker_span(text: str) -> tuple[int, int]:
    # Offsets of the block: just after the start marker, just before the end marker.
    starts, ends = text.count(START_MARKER), text.count(END_MARKER)
    if starts != 1 or ends != 1:
        raise MarkersError(f"expected {START_MARKER} and {END_MARKER} exactly once each "
                           f"(found {starts} and {ends})")
    start = text.index(START_MARKER) + len(START_MARKER)
    end = text.index(END_MARKER)
    if end < start:
        raise MarkersError(f"{END_MARKER} comes before {START_MARKER}")
    return start, end


def _examples_cell(row: dict[str, Any], model: type[BaseModel] | None) -> str:
    # `field_reference()` may one day carry the examples itself; until then they are
    # read from the pydantic field (`Field(examples=[...])`). No example: empty cell.
    examples = row.get("examples")
    if examples is None and model is not None and row["name"] in model.model_fields:
        examples = model.model_fields[row["name"]].examples
    return ", ".join(_code(yaml_value(example)) for example in examples or [])


def yaml_value(value: Any, *, flow: bool = False) -> str:
    """A value as a contributor would write it in the front matter (YAML flow style)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(item, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(key, flow=True)}: {yaml_value(item, flow=True)}"
                               for key, item in value.items()) + "}"
    text = str(value)
    return text if _plain_ok(text, flow) else _double_quoted(text)


def _plain_ok(text: str, flow: bool) -> bool:
    # Conservative: anything YAML could read differently is quoted.
    if not text or text != text.strip() or text[0] in _YAML_INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.lower() in _YAML_WORDS:
        return False
    return not (any(ch in text for ch in "\n\t\\\"")
                or (flow and any(ch in text for ch in ",[]{}")))


def _double_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _cell(text: str) -> str:
    """Our own schema text in a table cell: one line, pipes and HTML escaped."""
    text = " ".join(str(text).split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")


def _code(text: str) -> str:
    """`text` as an inline code span that survives any backticks and pipes inside."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}".replace("|", "\\|")


def refresh(path: Path, check: bool) -> str:
    """`smg champs [--check] [CHEMIN]`: rewrite the block of `path` (or only compare it),
    and say what was done. Raises UsageError (unreadable file, markers) or Stopped (out of
    date, with --check)."""
    try:
        text = path.read_text(encoding="utf-8")
        current = read_block(text) == field_reference_markdown().strip("\n")
    except OSError as error:
        raise UsageError(f"{path} : lecture impossible ({error.strerror or error}).") from None
    except MarkersError:
        raise UsageError(f"{path} : marqueurs {START_MARKER} et {END_MARKER} absents ou en double.") from None
    if check:
        if not current:
            raise Stopped(f"{path} : la référence des champs n'est pas à jour ; lancez « {COMMAND} ».")
        return f"{path} : la référence des champs est à jour."
    if update_contributing(path):
        return f"{path} : référence des champs mise à jour."
    return f"{path} : la référence des champs était déjà à jour."
