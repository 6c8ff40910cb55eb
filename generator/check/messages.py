"""Pydantic's validation errors said in French, each at its file, line and column:
which field, in a person's words, and what was expected there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from generator.format.documents import Record
from generator.format.models import MODELS_BY_PATH
from generator.format.reference import field_name
from generator.format.text import closest, describe, suggestion
from generator.load.yamlsafe import compose, locate
from generator.problems import Problem, ordinal, problem

_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "float_type": "un nombre",
    "bool_type": "true ou false",
    "list_type": "une liste (lignes commençant par « - »)",
    "model_type": "un bloc de champs",
    "model_attributes_type": "un bloc de champs",
    "dict_type": "un bloc de champs",
}


# Problems of one kind listed per file: locating each one walks the YAML tree, and a
# file with 100,000 unknown fields must not take hours to report.
MAX_REPORTED = 100


def schema_problems(record: Record, name: str, error: ValidationError,
                    models: dict[tuple[str, ...], type]) -> Iterator[Problem]:
    root = compose(record.front_matter)
    seen: set[tuple[int, int, str]] = set()
    if error.error_count() > MAX_REPORTED:
        yield problem(name, record.front_matter_line, 1, "E314",
                      f"{error.error_count()} problèmes dans l'en-tête : les {MAX_REPORTED} premiers "
                      "sont listés ; corrigez-les, puis relancez la vérification.")
    details = error.errors()[:MAX_REPORTED]
    misspelt = _misspelt_required(details)
    for detail in details:
        loc = tuple(detail["loc"])
        if detail["type"] == "missing" and loc in misspelt.values():
            continue  # reported once, at the misspelt key (E301), with the suggestion
        code, message, at_key = _translate(detail, loc, models, misspelt.get(loc))
        line, column = locate(root, loc, want_key=at_key)
        key = (line, column, code)
        if key in seen:
            continue
        seen.add(key)
        yield problem(name, line + record.front_matter_line, column + 1, code, message)


def _misspelt_required(details: list[dict]) -> dict[tuple, tuple]:
    """Unknown keys that are near misses of a missing required key of the same block:
    loc of the unknown key -> loc of the missing one."""
    missing = {tuple(d["loc"]) for d in details if d["type"] == "missing"}
    found = {}
    for detail in details:
        loc = tuple(detail["loc"])
        if detail["type"] != "extra_forbidden":
            continue
        absent = [str(m[-1]) for m in missing if m[:-1] == loc[:-1] and m not in found.values()]
        near = closest(str(loc[-1]), absent)
        if near is not None:
            found[loc] = loc[:-1] + (near,)
    return found


def _translate(detail: dict, loc: tuple, models: dict,
               meant: tuple | None = None) -> tuple[str, str, bool]:
    kind = detail["type"]
    where = place(loc, models)
    if kind.startswith(("E", "W")) and kind[1:].isdigit():
        return kind, f"{where} : {detail['ctx']['message']}" if where else detail["ctx"]["message"], False
    if kind == "missing":
        return _missing(loc, models)
    if kind == "extra_forbidden":
        return _unknown(loc, models, meant)
    if kind in _TYPE_NAMES:
        return "E303", _wrong_type(where, detail.get("input"), _TYPE_NAMES[kind]), False
    if kind == "too_short":
        return "E311", _too_short(where, detail), False
    if kind == "too_long":
        return "E314", _too_many(where, detail), False
    if kind == "string_too_long":
        return "E314", _too_long_text(where, detail), False
    if kind == "string_too_short":
        return "E311", f"{where} : valeur vide ; écrivez un texte ou retirez le champ s'il est facultatif.", False
    if kind in ("greater_than_equal", "greater_than"):
        return "E311", f"{where} : attendu un nombre d'au moins {detail['ctx'].get('ge', 1)}.", False
    return "E311", f"{where} : valeur invalide ({describe(detail.get('input'))}).", False


def place(loc: tuple, models: dict | None = None) -> str:
    """Where a value is, as a person reads it: each field's French label beside its key,
    entries counted from one.

    ('platforms', 0, 'url') -> 'plateformes (platforms), 1re entrée, adresse (url)'.
    Parts of pydantic's location that are not fields (validator names) are left out.
    """
    models = MODELS_BY_PATH if models is None else models
    parts: list[str] = []
    path: tuple[str, ...] = ()
    for part in loc:
        if isinstance(part, int):
            parts.append(f"{ordinal(part + 1)} entrée")
            continue
        model = models.get(path)
        if model is not None and part in model.model_fields:
            parts.append(field_name(model, part))
            path += (part,)
    return ", ".join(parts)


def _model_at(loc: tuple, models: dict) -> type:
    return models.get(tuple(p for p in loc if isinstance(p, str)), models[()])


def _missing(loc: tuple, models: dict) -> tuple[str, str, bool]:
    field = loc[-1]
    parent = place(loc[:-1], models) or "l'en-tête"
    if field in ("as_of", "source") and "audience" in loc:
        what = "sa date (as_of)" if field == "as_of" else "sa source (source)"
        return "E308", (f"{parent} : chiffre sans {what} ; tout chiffre doit être daté et sourcé "
                        "(as_of: null seulement si la source ne date pas le chiffre)."), False
    named = field_name(_model_at(loc[:-1], models), field)
    return "E302", f"champ obligatoire « {named} » manquant dans {parent}.", False


def _unknown(loc: tuple, models: dict, meant: tuple | None) -> tuple[str, str, bool]:
    field = str(loc[-1])
    model = _model_at(loc[:-1], models)
    allowed = list(model.model_fields)
    parent = place(loc[:-1], models) or "l'en-tête"
    if meant is not None:
        return "E301", (f"champ inconnu « {field} » dans {parent}, et le champ obligatoire "
                        f"« {field_name(model, meant[-1])} » manque. Vouliez-vous dire « {meant[-1]} » ?"), True
    return "E301", (f"champ inconnu « {field} » dans {parent} ; champs possibles : "
                    f"{', '.join(allowed)}.{suggestion(field, allowed)}"), True


def _wrong_type(where: str, found: Any, expected: str) -> str:
    hint = ""
    if isinstance(found, str) and re.fullmatch(r"[\d\s\u202f\u00a0.,]+", found.strip() or "x"):
        hint = " Écrivez le nombre sans espace ni séparateur (par exemple 75000)."
    return f"{where} : type incorrect, trouvé {describe(found)}, attendu {expected}.{hint}"


def _too_many(where: str, detail: dict) -> str:
    found, limit = detail["ctx"].get("actual_length"), detail["ctx"]["max_length"]
    count = f"{found} éléments" if found is not None else "trop d'éléments"
    return (f"{where} : {count} ; une liste en compte au plus {limit} ici. Gardez les plus "
            "utiles au lecteur.")


def _too_long_text(where: str, detail: dict) -> str:
    found = detail.get("input")
    size = f"{len(found)} caractères" if isinstance(found, str) else "texte trop long"
    return (f"{where} : {size} ; ce champ en permet au plus {detail['ctx']['max_length']}. "
            "Raccourcissez-le (le récit, sous l'en-tête, peut être plus long).")


def _too_short(where: str, detail: dict) -> str:
    least = detail["ctx"].get("min_length", 1)
    return f"{where} : liste vide ; attendu au moins {least} élément{'s' if least > 1 else ''}."


def at(record: Record, name: str, loc: tuple, code: str, message: str) -> Problem:
    """A problem placed at the YAML node of `loc` in the record's front matter."""
    line, column = locate(compose(record.front_matter), loc)
    return problem(name, line + record.front_matter_line, column + 1, code, message)
