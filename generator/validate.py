"""Validate stage: records to problems.

Every file is checked completely and every problem is kept, so a contributor
sees all of them in one run. Checks run in three layers: each record against the
schema, each body for unsafe HTML and unknown citations, then the collection
(duplicate identifiers, related case studies that do not exist).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import sanitize
from .load import Record, compose, load_paths, locate
from .problems import Problem, problem
from .schema import (
    COMPARISON_MODELS,
    CURRICULUM_MODELS,
    GUIDE_MODELS,
    MODELS_BY_PATH,
    PLACEHOLDER,
    CaseStudy,
    ComparisonsFile,
    Curriculum,
    Guide,
    describe,
    suggestion,
)

REVIEW_WARNING_YEARS = 3


@dataclass(frozen=True)
class Case:
    """A valid document (case study, guide or training module): its record and its
    checked front matter."""

    record: Record
    meta: CaseStudy

    @property
    def slug(self) -> str:
        return self.record.slug


@dataclass
class Result:
    """What validation gives the next stages: valid cases and every problem found."""

    cases: list[Case]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def validate(records: list[Record], known_slugs: set[str] | None = None,
             today: dt.date | None = None) -> Result:
    """Check every record, then the collection; never raises on content."""
    today = today or dt.date.today()
    cases: list[Case] = []
    problems: list[Problem] = []
    for record in records:
        case, found = check_record(record, today)
        problems.extend(found)
        if case is not None:
            cases.append(case)
    problems.extend(check_collection(records, known_slugs))
    problems.sort(key=_position)
    return Result(cases, problems)


def _position(item: Problem) -> tuple:
    return (item.path, item.line, item.column, item.code)


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


def validate_paths(paths: list[Path], root: Path | None = None, known_slugs: set[str] | None = None,
                   today: dt.date | None = None, workers: int | None = None) -> tuple[list[Problem], set[str]]:
    """Every problem of the files at `paths`, and the slugs of the valid published ones.

    Large collections are checked on every core: workers load and check their share
    of the files and send back only their problems and what the collection checks
    need (slugs, aliases, related).
    """
    today = today or dt.date.today()
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES:
        result = validate(load_paths(paths, root), known_slugs, today)
        return result.problems, {c.slug for c in result.cases if c.meta.status != "draft"}
    size = -(-len(paths) // workers)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    problems: list[Problem] = []
    records: list[Record] = []
    public: set[str] = set()
    with ProcessPoolExecutor(len(chunks), mp_context=_context()) as pool:
        for found, light, valid in pool.map(_check_chunk, chunks, [root] * len(chunks),
                                            [today] * len(chunks)):
            problems.extend(found)
            records.extend(light)
            public |= valid
    problems.extend(check_collection(records, known_slugs))
    return sorted(problems, key=_position), public


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _check_chunk(paths: list[Path], root: Path | None,
                 today: dt.date) -> tuple[list[Problem], list[Record], set[str]]:
    problems: list[Problem] = []
    light: list[Record] = []
    public: set[str] = set()
    for record in load_paths(paths, root):
        case, found = check_record(record, today)
        problems.extend(found)
        light.append(_for_collection(record))
        if case is not None and case.meta.status != "draft":
            public.add(case.slug)
    return problems, light, public


def _for_collection(record: Record) -> Record:
    """The record reduced to what the collection checks read, cheap to send between processes."""
    data = None
    if isinstance(record.data, dict):
        data = {key: record.data[key] for key in ("aliases", "related") if key in record.data}
    return Record(record.path, record.slug, record.name, data, record.front_matter,
                  record.front_matter_line)


def check_record(record: Record, today: dt.date) -> tuple[Case | None, list[Problem]]:
    """All problems of one file, and its case when the front matter is valid."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    name = record.name
    placeholders = list(_placeholder_problems(record, name))
    try:
        meta = CaseStudy.model_validate(record.data)
    except ValidationError as error:
        meta = None
        # A placeholder left in a field is reported once, as such, not also as a bad value.
        filled = {(p.line, p.column) for p in placeholders}
        problems.extend(p for p in _schema_problems(record, name, error, MODELS_BY_PATH)
                        if (p.line, p.column) not in filled)
    problems.extend(placeholders)
    problems.extend(body_problems(record, name, _source_ids(record.data)))
    problems.extend(_reference_problems(record, name))
    if meta is not None:
        problems.extend(_review_problems(record, name, meta, today))
    fatal = any(p.is_error for p in problems)
    return (None if fatal else Case(record, meta)), problems


# --- schema ------------------------------------------------------------------

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


def _schema_problems(record: Record, name: str, error: ValidationError,
                     models: dict[tuple[str, ...], type]) -> Iterator[Problem]:
    root = compose(record.front_matter)
    seen: set[tuple[int, int, str]] = set()
    for detail in error.errors():
        loc = tuple(detail["loc"])
        code, message, at_key = _translate(detail, loc, models)
        line, column = locate(root, loc, want_key=at_key)
        key = (line, column, code)
        if key in seen:
            continue
        seen.add(key)
        yield problem(name, line + record.front_matter_line, column + 1, code, message)


def _translate(detail: dict, loc: tuple, models: dict) -> tuple[str, str, bool]:
    kind = detail["type"]
    where = dotted(loc)
    if kind.startswith(("E", "W")) and kind[1:].isdigit():
        return kind, f"{where} : {detail['ctx']['message']}" if where else detail["ctx"]["message"], False
    if kind == "missing":
        return _missing(loc)
    if kind == "extra_forbidden":
        return _unknown(loc, models)
    if kind in _TYPE_NAMES:
        return "E303", _wrong_type(where, detail.get("input"), _TYPE_NAMES[kind]), False
    if kind == "too_short":
        return "E311", _too_short(where, detail), False
    if kind == "too_long" or kind == "string_too_long":
        limit = detail["ctx"].get("max_length")
        return "E311", f"{where} : trop long ({limit} caractères ou éléments au plus).", False
    if kind == "string_too_short":
        return "E311", f"{where} : valeur vide ; écrivez un texte ou retirez le champ s'il est facultatif.", False
    if kind in ("greater_than_equal", "greater_than"):
        return "E311", f"{where} : attendu un nombre d'au moins {detail['ctx'].get('ge', 1)}.", False
    return "E311", f"{where} : valeur invalide ({describe(detail.get('input'))}).", False


def dotted(loc: tuple) -> str:
    """('platforms', 0, 'url') -> 'platforms[0].url', as contributors read it."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _FIELD_PARTS:
            text += f".{part}" if text else part
    return text


def _model_at(loc: tuple, models: dict) -> type:
    return models.get(tuple(p for p in loc if isinstance(p, str)), models[()])


def _missing(loc: tuple) -> tuple[str, str, bool]:
    field = loc[-1]
    parent = dotted(loc[:-1]) or "l'en-tête"
    if field in ("as_of", "source") and "audience" in loc:
        what = "sa date (as_of)" if field == "as_of" else "sa source (source)"
        return "E308", (f"{parent} : chiffre sans {what} ; tout chiffre doit être daté et sourcé "
                        "(as_of: null seulement si la source ne date pas le chiffre)."), False
    return "E302", f"champ obligatoire « {field} » manquant dans {parent}.", False


def _unknown(loc: tuple, models: dict) -> tuple[str, str, bool]:
    field = str(loc[-1])
    allowed = list(_model_at(loc[:-1], models).model_fields)
    parent = dotted(loc[:-1]) or "l'en-tête"
    return "E301", (f"champ inconnu « {field} » dans {parent} ; champs possibles : "
                    f"{', '.join(allowed)}.{suggestion(field, allowed)}"), True


def _wrong_type(where: str, found: Any, expected: str) -> str:
    hint = ""
    if isinstance(found, str) and re.fullmatch(r"[\d\s\u202f\u00a0.,]+", found.strip() or "x"):
        hint = " Écrivez le nombre sans espace ni séparateur (par exemple 75000)."
    return f"{where} : type incorrect, trouvé {describe(found)}, attendu {expected}.{hint}"


def _too_short(where: str, detail: dict) -> str:
    least = detail["ctx"].get("min_length", 1)
    return f"{where} : liste vide ; attendu au moins {least} élément{'s' if least > 1 else ''}."


_FIELD_PARTS = {name for models in (MODELS_BY_PATH, COMPARISON_MODELS, GUIDE_MODELS, CURRICULUM_MODELS)
                for model in models.values() for name in model.model_fields}


# --- placeholders, references, review ------------------------------------------

# "À COMPLÉTER" however typed: any case, accents or not (composed or combining), spaces,
# hyphens or underscores between the words. A regex keeps the check linear on long lines.
_PLACEHOLDER_RE = re.compile(r"[aà]\u0300?[\s_-]+compl[eé]\u0301?t[eé]\u0301?r", re.IGNORECASE)


def _may_hold_placeholder(text: str) -> bool:
    # A plain substring test first: the case-insensitive pattern scans slowly.
    return "compl" in text.lower()


def _has_placeholder(text: str) -> bool:
    return _may_hold_placeholder(text) and _PLACEHOLDER_RE.search(text) is not None


def _placeholder_problems(record: Record, name: str) -> Iterator[Problem]:
    if not _has_placeholder(record.front_matter):
        return
    for loc in _strings_with_placeholder(record.data, ()):
        yield _at(record, name, loc, "E601",
                      f"{dotted(loc) or 'champ'} : texte « {PLACEHOLDER} » du modèle à remplacer "
                      "par l'information réelle (ou retirez le champ s'il est facultatif).")


def _strings_with_placeholder(value: Any, loc: tuple) -> Iterator[tuple]:
    if isinstance(value, str):
        if _has_placeholder(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_with_placeholder(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_with_placeholder(item, loc + (index,))


def _source_ids(data: Any) -> set[str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None
    return {s["id"] for s in _items(data, "sources") if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _reference_problems(record: Record, name: str) -> Iterator[Problem]:
    """Figures citing a source absent from `sources`, and source ids used twice.

    Works on the raw data so that it runs even when other fields are invalid.
    """
    ids = [s.get("id") for s in _items(record.data, "sources") if isinstance(s, dict)]
    declared = [i for i in ids if isinstance(i, str)]
    for loc, cited in _figure_sources(record.data):
        if cited not in declared:
            yield _at(record, name, loc, "E309",
                      f"{dotted(loc)} : source « {cited} » absente de « sources » (identifiants "
                      f"déclarés : {', '.join(declared) or 'aucun'}).{suggestion(cited, declared)}")
    for index, source_id in enumerate(ids):
        if isinstance(source_id, str) and source_id in ids[:index]:
            yield _at(record, name, ("sources", index, "id"), "E401",
                      f"sources[{index}].id : identifiant de source « {source_id} » en double.")


def _items(data: Any, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _figure_sources(data: Any) -> Iterator[tuple[tuple, str]]:
    for p_index, platform in enumerate(_items(data, "platforms")):
        for f_index, figure in enumerate(_items(platform, "audience")):
            cited = figure.get("source") if isinstance(figure, dict) else None
            if isinstance(cited, str):
                yield ("platforms", p_index, "audience", f_index, "source"), cited


def _at(record: Record, name: str, loc: tuple, code: str, message: str) -> Problem:
    """A problem placed at the YAML node of `loc` in the record's front matter."""
    line, column = locate(compose(record.front_matter), loc)
    return problem(name, line + record.front_matter_line, column + 1, code, message)


def _review_problems(record: Record, name: str, meta: CaseStudy, today: dt.date) -> Iterator[Problem]:
    reviewed = dt.date.fromisoformat(meta.last_reviewed)
    if (today - reviewed).days > 365 * REVIEW_WARNING_YEARS:
        yield _at(record, name, ("last_reviewed",), "W701",
                  f"last_reviewed : dernière relecture le {meta.last_reviewed}, il y a plus de "
                  f"{REVIEW_WARNING_YEARS} ans ; relisez l'étude et mettez la date à jour.")


# --- body ---------------------------------------------------------------------

# A citation of a source in the narrative: [^source-id] (not a footnote definition).
CITATION_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# What, in a body, can make Markdown produce more than plain paragraphs, lists, emphasis
# and headings: raw HTML, entities, links and images, attribute lists, admonitions,
# fenced code (a class). A body without any of these is not rendered to be checked.
_MAY_MAKE_HTML_RE = re.compile(r"[<&{]|\]\s*[(:\[]|!!!|\?\?\?|```|~~~")


def body_problems(record: Record, name: str, source_ids: set[str] | None) -> Iterator[Problem]:
    """What the sanitiser will remove from the Markdown narrative, unknown citations
    and placeholders, each at its line and column in the file."""
    body = record.body
    found: list[tuple[int, str, str]] = []
    if _MAY_MAKE_HTML_RE.search(body):
        found += _removed(body, sanitize.removals(body, page_of(record)))
    if "[^" in body and source_ids is not None:
        found += _unknown_citations(body, source_ids)
    if _may_hold_placeholder(body):
        found += [(m.start(), "E601", f"texte « {PLACEHOLDER} » du modèle à remplacer dans le récit.")
                  for m in _PLACEHOLDER_RE.finditer(body)]
    yield from _placed(record, name, found)


def _placed(record: Record, name: str, found: list[tuple[int, str, str]]) -> Iterator[Problem]:
    body = record.body
    for offset, code, message in sorted(found):
        line = body.count("\n", 0, offset) + record.body_line
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        yield problem(name, line, column, code, message)


def page_of(record: Record) -> str:
    """The generated page a document's body goes into (relative links start there)."""
    folder = record.path.parent.name
    if folder == "guides":
        return f"guides/{record.slug}.md"
    if folder == "curricula":
        return f"formations/{record.slug}.md"
    return f"cas/{record.slug}.md"


def _removed(body: str, removals: list[sanitize.Removal]) -> list[tuple[int, str, str]]:
    """Each removal placed at the first place of the body, after the previous one, that
    holds one of its words (at the start of the body when none is found)."""
    lowered = body.lower()
    found, after, seen = [], 0, set()
    for removal in removals:
        offset = _find(lowered, removal.needles, after)
        if (offset, removal.code, removal.message) in seen:
            continue
        seen.add((offset, removal.code, removal.message))
        found.append((offset, removal.code, removal.message))
        after = offset
    return found


def _find(lowered: str, needles: tuple[str, ...], after: int) -> int:
    for start in (after, 0):
        for needle in needles:
            offset = lowered.find(needle.lower(), start)
            if offset != -1:
                return offset
    return 0


def link_problems(documents: list[Case], pages: set[str]) -> list[Problem]:
    """Relative links of bodies to no page or file of the site (`pages`: every path of the
    generated tree, and the former paths that redirect). MkDocs no longer sees these
    links: bodies reach it as clean HTML."""
    problems = []
    for document in documents:
        body = document.record.body
        if "](" not in body and "]:" not in body and "=" not in body:
            continue
        removals = [r for r in sanitize.removals(body, page_of(document.record), pages) if r.code == "E507"]
        problems += _placed(document.record, document.record.name, _removed(body, removals))
    return problems


def _unknown_citations(body: str, source_ids: set[str]) -> list[tuple[int, str, str]]:
    ids = sorted(source_ids)
    return [(m.start(), "E502", f"citation [^{m.group(1)}] : aucune source n'a l'identifiant "
             f"« {m.group(1)} » (déclarés : {', '.join(ids) or 'aucun'}).{suggestion(m.group(1), ids)}")
            for m in CITATION_RE.finditer(body) if m.group(1) not in source_ids]


# --- collection ---------------------------------------------------------------

def check_collection(records: list[Record], known_slugs: set[str] | None) -> Iterator[Problem]:
    """Identifiers unique across files and aliases; `related` pointing at real case studies."""
    owners: dict[str, str] = {}
    for record in records:
        owners.setdefault(record.slug, record.name)
    yield from _duplicate_slugs(records)
    yield from _alias_problems(records, owners)
    known = set(owners) | (known_slugs or set())
    for record in records:
        yield from _related_problems(record, known)


def _duplicate_slugs(records: list[Record]) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for record in records:
        if record.slug in first and first[record.slug] != record.name:
            yield problem(record.name, 1, 1, "E401", f"identifiant « {record.slug} » déjà utilisé "
                          f"par {first[record.slug]} ; renommez l'un des deux fichiers.")
        first.setdefault(record.slug, record.name)


def _slugs(record: Record, key: str) -> Iterator[tuple[int, str]]:
    for index, value in enumerate(_items(record.data, key)):
        if isinstance(value, str):
            yield index, value


def _alias_problems(records: list[Record], owners: dict[str, str]) -> Iterator[Problem]:
    claimed: dict[str, str] = {}
    for record in records:
        for index, alias in _slugs(record, "aliases"):
            other = owners.get(alias) if alias != record.slug else None
            if other is None and alias in claimed and claimed[alias] != record.name:
                other = f"un alias de {claimed[alias]}"
            if other is not None:
                yield _at(record, record.name, ("aliases", index), "E401",
                          f"aliases[{index}] : « {alias} » désigne déjà {other} ; un ancien "
                          "identifiant ne peut mener qu'à une seule étude de cas.")
            claimed.setdefault(alias, record.name)


def _related_problems(record: Record, known: set[str]) -> Iterator[Problem]:
    for index, slug in _slugs(record, "related"):
        if slug in known and slug != record.slug:
            continue
        reason = ("une étude de cas ne peut pas se citer elle-même." if slug == record.slug
                  else f"aucune étude de cas « {slug} » dans casestudies/."
                  f"{suggestion(slug, sorted(known - {record.slug}))}")
        yield _at(record, record.name, ("related", index), "E402", f"related[{index}] : {reason}")


# --- curated comparisons --------------------------------------------------------

def validate_comparisons(record: Record, known: set[str]) -> tuple[list[dict], list[Problem]]:
    """Check `casestudies/comparaisons.yml`; return its entries when valid."""
    problems = list(record.problems)
    if record.data is None:
        return [], problems
    try:
        parsed = ComparisonsFile.model_validate(record.data)
    except ValidationError as error:
        problems.extend(_schema_problems(record, record.name, error, COMPARISON_MODELS))
        return [], problems
    problems.extend(_comparison_references(record, parsed, known))
    entries = [c.model_dump() for c in parsed.comparisons]
    return ([] if problems else entries), problems


def _comparison_references(record: Record, parsed: ComparisonsFile, known: set[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, comparison in enumerate(parsed.comparisons):
        if comparison.id in seen:
            yield _at(record, record.name, ("comparisons", index, "id"), "E401",
                      f"comparisons[{index}].id : identifiant « {comparison.id} » en double.")
        seen.add(comparison.id)
        for position, slug in enumerate(comparison.cases):
            if slug not in known:
                loc = ("comparisons", index, "cases", position)
                yield _at(record, record.name, loc, "E402",
                          f"{dotted(loc)} : aucune étude de cas publiée « {slug} » dans casestudies/."
                          f"{suggestion(slug, sorted(known))}")


# --- guides and training modules ------------------------------------------------

def check_document(record: Record, model: type, models: dict) -> tuple[Case | None, list[Problem]]:
    """A hand-written document against its front-matter model, and its body's safety."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    problems.extend(body_problems(record, record.name, None))
    try:
        meta = model.model_validate(record.data)
    except ValidationError as error:
        problems.extend(_schema_problems(record, record.name, error, models))
        return None, problems
    return (None if any(p.is_error for p in problems) else Case(record, meta)), problems


def check_guides(records: list[Record]) -> tuple[list[Case], list[Problem]]:
    """Every guide of docs/guides/ against the guide model."""
    guides, problems = [], []
    for record in records:
        guide, found = check_document(record, Guide, GUIDE_MODELS)
        problems.extend(found)
        if guide is not None:
            guides.append(guide)
    return guides, problems


def check_curricula(records: list[Record], cases: set[str], guides: set[str]) -> tuple[list[Case], list[Problem]]:
    """Every training module, with each step pointing at an existing guide or case study."""
    modules, problems = [], []
    for record in records:
        module, found = check_document(record, Curriculum, CURRICULUM_MODELS)
        if module is not None:
            found.extend(_step_problems(record, module.meta, cases, guides))
        problems.extend(found)
        if module is not None and not any(p.is_error for p in found):
            modules.append(module)
    return modules, problems


def _step_problems(record: Record, meta: Curriculum, cases: set[str], guides: set[str]) -> Iterator[Problem]:
    for index, step in enumerate(meta.sequence):
        kind, slug, known = ("case", step.case, cases) if step.case else ("guide", step.guide, guides)
        if slug not in known:
            what = "aucune étude de cas publiée" if kind == "case" else "aucun guide (docs/guides/)"
            yield _at(record, record.name, ("sequence", index, kind), "E402",
                      f"sequence[{index}].{kind} : {what} « {slug} ».{suggestion(slug, sorted(known))}")
