"""Validate stage: records to problems.

Every file is checked completely and every problem is kept, so a contributor
sees all of them in one run. Checks run in three layers: each record against the
schema, each body for unsafe HTML and unknown citations, then the collection
(duplicate identifiers, related case studies that do not exist).
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import layout
from generator.check import addresses
from generator.format import sanitize, vocab
from generator.format.fields import MAX_ITEMS, PLACEHOLDER
from generator.format.models import (
    COMPARISON_MODELS,
    CURRICULUM_MODELS,
    GUIDE_MODELS,
    MODELS_BY_PATH,
    PRACTICE_MODELS,
    AudienceFigure,
    CaseStudy,
    Comparison,
    ComparisonsFile,
    Curriculum,
    Guide,
    PracticesFile,
)
from generator.format.reference import field_name
from generator.format.text import closest, describe, suggestion
from generator.load.load import Record, compose, load_data_file, load_paths, locate, slug_of
from generator.problems import Problem, ordinal, problem
from generator.project.siteconfig import DEFAULT_REVIEW_YEARS


@dataclass(frozen=True)
class Case:
    """A valid document (case study, guide or training module): its record and its
    checked front matter."""

    record: Record
    meta: CaseStudy

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def src(self) -> str:
        """The document's page (layout.py): what links to it are written with."""
        return page_of(self.record)


@dataclass
class Result:
    """What validation gives the next stages: valid cases and every problem found."""

    cases: list[Case]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def validate(records: list[Record], known_slugs: set[str] | None = None,
             today: dt.date | None = None, reserved: dict[str, str] | None = None,
             review_years: int = DEFAULT_REVIEW_YEARS) -> Result:
    """Check every record, then the collection; never raises on content.

    `reserved`: the addresses of the other pages of the site (addresses.reserved),
    the generated ones when not given. `review_years`: the review period (W701).
    """
    today = today or dt.date.today()
    cases: list[Case] = []
    problems: list[Problem] = []
    for record in records:
        case, found = check_record(record, today, review_years)
        problems.extend(found)
        if case is not None:
            cases.append(case)
    problems.extend(check_collection(records, known_slugs, reserved))
    problems.sort(key=_position)
    return Result(cases, problems)


def _position(item: Problem) -> tuple:
    return (item.path, item.line, item.column, item.code)


PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves


def validate_paths(paths: list[Path], root: Path | None = None, known_slugs: set[str] | None = None,
                   today: dt.date | None = None, workers: int | None = None,
                   reserved: dict[str, str] | None = None,
                   review_years: int = DEFAULT_REVIEW_YEARS) -> tuple[list[Problem], set[str]]:
    """Every problem of the files at `paths`, and the slugs of the valid published ones.

    Large collections are checked on every core: workers load and check their share
    of the files and send back only their problems and what the collection checks
    need (slugs, aliases, related).
    """
    today = today or dt.date.today()
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(paths) < PARALLEL_MIN_FILES:
        result = validate(load_paths(paths, root), known_slugs, today, reserved, review_years)
        return result.problems, {c.slug for c in result.cases if c.meta.is_public}
    size = -(-len(paths) // workers)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    problems: list[Problem] = []
    records: list[Record] = []
    public: set[str] = set()
    with ProcessPoolExecutor(len(chunks), mp_context=_context()) as pool:
        for found, light, valid in pool.map(_check_chunk, chunks, [root] * len(chunks),
                                            [today] * len(chunks), [review_years] * len(chunks)):
            problems.extend(found)
            records.extend(light)
            public |= valid
    problems.extend(check_collection(records, known_slugs, reserved))
    return sorted(problems, key=_position), public


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _check_chunk(paths: list[Path], root: Path | None, today: dt.date,
                 review_years: int) -> tuple[list[Problem], list[Record], set[str]]:
    problems: list[Problem] = []
    light: list[Record] = []
    public: set[str] = set()
    for record in load_paths(paths, root):
        case, found = check_record(record, today, review_years)
        problems.extend(found)
        light.append(_for_collection(record))
        if case is not None and case.meta.is_public:
            public.add(case.slug)
    return problems, light, public


def _for_collection(record: Record) -> Record:
    """The record reduced to what the collection checks read, cheap to send between processes."""
    data = None
    if isinstance(record.data, dict):
        data = {key: record.data[key] for key in ("aliases", "related") if key in record.data}
    return Record(record.path, record.slug, record.name, data, record.front_matter,
                  record.front_matter_line)


def check_record(record: Record, today: dt.date,
                 review_years: int = DEFAULT_REVIEW_YEARS) -> tuple[Case | None, list[Problem]]:
    """All problems of one file, and its case when the front matter is valid."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    name = record.name
    placeholders = list(itertools.islice(_placeholder_problems(record, name), MAX_REPORTED))
    try:
        meta = CaseStudy.model_validate(record.data)
    except ValidationError as error:
        meta = None
        # A placeholder left in a field, or a number too long to read (E313 from the loader),
        # is reported once, as such, not also as a bad value.
        filled = {(p.line, p.column) for p in placeholders}
        filled |= {(p.line, p.column) for p in record.problems if p.code == "E313"}
        problems.extend(p for p in _schema_problems(record, name, error, MODELS_BY_PATH)
                        if (p.line, p.column) not in filled)
    problems.extend(placeholders)
    problems.extend(itertools.islice(control_problems(record, name), MAX_REPORTED))
    problems.extend(body_problems(record, name, _source_ids(record.data)))
    problems.extend(itertools.islice(_reference_problems(record, name), MAX_REPORTED))
    if meta is not None:
        problems.extend(_review_problems(record, name, meta, today, review_years))
        problems.extend(_approx_problems(record, name, meta))
        problems.extend(_open_period_problems(record, name, meta))
        problems.extend(_vendor_problems(record, name, meta))
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


# Problems of one kind listed per file: locating each one walks the YAML tree, and a
# file with 100,000 unknown fields must not take hours to report.
MAX_REPORTED = 100


def _schema_problems(record: Record, name: str, error: ValidationError,
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


_FIELD_PARTS = {name for models in (MODELS_BY_PATH, COMPARISON_MODELS, GUIDE_MODELS, CURRICULUM_MODELS)
                for model in models.values() for name in model.model_fields}


# --- control characters ---------------------------------------------------------

# Control characters (Unicode Cc), lone surrogates, and the two non-characters XML
# refuses: none can reach a feed, a page or a terminal. The narrative keeps tab and
# new line (carriage returns are already turned into new lines when the file is read).
_FIELD_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BODY_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_problems(record: Record, name: str) -> Iterator[Problem]:
    """E312: control characters in front-matter strings (only YAML escapes such as "\\0"
    or "\\e" can put them there: the raw text was checked when read) and in the body."""
    if "\\" in record.front_matter:
        for loc, char in _matches_in_strings(record.data, _FIELD_CONTROL_RE):
            yield _at(record, name, loc, "E312", f"{place(loc) or 'champ'} : {_control_name(char)} "
                      "interdit dans un champ (il casserait le flux Atom, les pages ou les exports) ; "
                      "retirez la séquence « \\… » qui le produit.")
    for match in _BODY_CONTROL_RE.finditer(record.body):
        offset = match.start()
        line = record.body.count("\n", 0, offset) + record.body_line
        column = offset - (record.body.rfind("\n", 0, offset) + 1) + 1
        yield problem(name, line, column, "E312", f"{_control_name(match.group())} interdit dans le "
                      "récit (seuls la tabulation et le saut de ligne sont permis) ; supprimez-le (il "
                      "vient souvent d'un copier-coller).")


def _control_name(char: str) -> str:
    if char == "\n":
        return "saut de ligne (U+000A)"
    return f"caractère de contrôle U+{ord(char):04X}"


def _strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every string in parsed front matter, keys of mappings apart."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))


def _matches_in_strings(value: Any, pattern: re.Pattern) -> Iterator[tuple[tuple, str]]:
    """(location, first match) of `pattern` in every string of `value`."""
    for loc, text in _strings(value):
        found = pattern.search(text)
        if found:
            yield loc, found.group()


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
    for loc, _ in _matches_in_strings(record.data, _PLACEHOLDER_RE):
        yield _at(record, name, loc, "E601",
                  f"{place(loc) or 'champ'} : texte « {PLACEHOLDER} » du modèle à remplacer "
                  "par l'information réelle (ou retirez le champ s'il est facultatif).")


def _source_ids(data: Any) -> set[str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None
    return {s["id"] for s in _items(data, "sources") if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _reference_problems(record: Record, name: str) -> Iterator[Problem]:
    """Figures citing a source absent from `sources`, and source ids used twice.

    Works on the raw data so that it runs even when other fields are invalid.
    """
    ids = [s.get("id") for s in _items(record.data, "sources") if isinstance(s, dict)]
    if len(ids) > MAX_ITEMS:
        return  # too many sources: the schema says so (E314), listing them would not help
    declared = [i for i in ids if isinstance(i, str)]
    known = set(declared)
    for loc, cited in _figure_sources(record.data):
        if cited not in known:
            yield _at(record, name, loc, "E309",
                      f"{place(loc)} : source « {cited} » absente de « sources » (identifiants "
                      f"déclarés : {', '.join(declared) or 'aucun'}).{suggestion(cited, declared)}")
    seen: set[str] = set()
    for index, source_id in enumerate(ids):
        if not isinstance(source_id, str):
            continue
        if source_id in seen:
            yield _at(record, name, ("sources", index, "id"), "E401",
                      f"{place(('sources', index, 'id'))} : identifiant de source « {source_id} » en double.")
        seen.add(source_id)


def _items(data: Any, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _figure_sources(data: Any) -> Iterator[tuple[tuple, str]]:
    """Every field that names a source: figures, the population and the charter."""
    for p_index, platform in enumerate(_items(data, "platforms")):
        for f_index, figure in enumerate(_items(platform, "audience")):
            cited = figure.get("source") if isinstance(figure, dict) else None
            if isinstance(cited, str):
                yield ("platforms", p_index, "audience", f_index, "source"), cited
    for key in ("population", "charter"):
        block = data.get(key) if isinstance(data, dict) else None
        if isinstance(block, dict) and isinstance(block.get("source"), str):
            yield (key, "source"), block["source"]


def _at(record: Record, name: str, loc: tuple, code: str, message: str) -> Problem:
    """A problem placed at the YAML node of `loc` in the record's front matter."""
    line, column = locate(compose(record.front_matter), loc)
    return problem(name, line + record.front_matter_line, column + 1, code, message)


def overdue(last_reviewed: str, today: dt.date, years: int) -> bool:
    """Whether a review of `last_reviewed` is more than `years` years old: the one test the
    warning (W701) and the review page (/contribuer/relecture/) share."""
    return dt.date.fromisoformat(last_reviewed) < today - dt.timedelta(days=round(365.25 * years))


def _review_problems(record: Record, name: str, meta: CaseStudy, today: dt.date,
                     years: int) -> Iterator[Problem]:
    if overdue(meta.last_reviewed, today, years):
        yield _at(record, name, ("last_reviewed",), "W701",
                  f"{place(('last_reviewed',))} : relue le {meta.last_reviewed}, il y a plus de "
                  f"{years} an{'s' if years > 1 else ''} ; relisez l'étude et mettez la date à jour.")


# Words by which a text says a figure is an order of magnitude, not a count.
APPROX_WORDS = tuple(vocab.APPROX_WORDS)
_APPROX_RE = "|".join(word.replace(" ", r"\s+") for word in APPROX_WORDS)
# Any figure after an approximating word: texts without one need no pattern per figure,
# and compiling those patterns was most of `smg validate`'s time on a large base.
_ANY_APPROX_NUMBER = re.compile(rf"(?<!\w)(?:{_APPROX_RE})\s+\d", re.IGNORECASE)


def _number_pattern(value: float) -> re.Pattern:
    """The figure after an approximating word, as a text may write it: 75000, 75 000 (any
    space, \\s covers the no-break ones), 75.000; 1,5 or 1.5 — and not part of a longer number."""
    exact = isinstance(value, int) or value.is_integer()
    whole, _, decimals = (str(int(value)), "", "") if exact else repr(value).partition(".")
    groups = [whole[max(0, end - 3):end] for end in range(len(whole), 0, -3)][::-1]
    digits = r"[\s.]?".join(groups) + (f"[,.]{decimals}" if decimals else "")
    return re.compile(rf"(?<!\w)(?:{_APPROX_RE})\s+{digits}(?![\d]|[,.]\d)", re.IGNORECASE)


def _approx_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """E315: a figure the texts call approximate (« près de 75 000 ») printed as exact."""
    texts = [(f"le {place(('title',))}", meta.title), (f"le {place(('summary',))}", meta.summary)]
    shared_hint = any(_ANY_APPROX_NUMBER.search(text or "") for _, text in texts)
    for p_index, platform in enumerate(meta.platforms):
        for f_index, figure in enumerate(platform.audience):
            if figure.approx or not (shared_hint or _ANY_APPROX_NUMBER.search(figure.label or "")):
                continue
            loc = ("platforms", p_index, "audience", f_index)
            pattern = _number_pattern(figure.value)
            for where, text in [(f"le {field_name(AudienceFigure, 'label')}", figure.label), *texts]:
                found = pattern.search(text or "")
                if found:
                    yield _at(record, name, loc, "E315",
                              f"{place(loc)} : « {found.group()} » dans {where}, mais le chiffre "
                              "n'est pas marqué approximatif ; ajoutez le mot de la source "
                              "(« approx: près de », « approx: plus de »…) pour que le site l'écrive "
                              "devant lui.")
                    break


def _vendor_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """W704: every source is a vendor's or a consultant's page; the page says so too."""
    if all(source.kind == vocab.VENDOR_KIND for source in meta.sources):
        yield _at(record, name, ("sources",), "W704",
                  f"{place(('sources',))} : toutes les sources sont des pages de prestataires ou de "
                  "consultants ; ajoutez si possible une publication de l'administration, une étude "
                  "ou un article de presse (la fiche l'indiquera à ses lecteurs).")


def _open_period_problems(record: Record, name: str, meta: CaseStudy) -> Iterator[Problem]:
    """W703: a period left open (still running) that no source dated after its start
    backs: a text of the start year cannot show that the situation goes on."""
    period = meta.period
    if period is None or period.end is not None:
        return
    later = [s.date for s in meta.sources if s.date and int(s.date[:4]) > period.start]
    if later:
        return
    yield _at(record, name, ("period",), "W703",
              f"{place(('period',))} : période ouverte depuis {period.start} (fin vide : la situation "
              f"se poursuivrait), mais aucune source n'est datée après {period.start} ; fermez la "
              "période (end : la dernière année que montrent les sources) ou citez une source plus "
              "récente qui montre que la situation continue.")


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
    return layout.page_of_file(record.path.parent.name, record.slug)


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

def check_collection(records: list[Record], known_slugs: set[str] | None,
                     reserved: dict[str, str] | None = None) -> Iterator[Problem]:
    """Identifiers unique across files and aliases, none taking another page's address;
    `related` pointing at real case studies."""
    owners: dict[str, str] = {}
    for record in records:
        owners.setdefault(record.slug, record.name)
    yield from _duplicate_slugs(records)
    yield from _alias_problems(records, owners)
    taken = addresses.reserved() if reserved is None else reserved
    yield from addresses.problems(document_claims(records, layout.CASES), taken)
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
                          f"{place(('aliases', index))} : « {alias} » désigne déjà {other} ; un ancien "
                          "identifiant ne peut mener qu'à une seule étude de cas.")
            claimed.setdefault(alias, record.name)


def document_claims(records: list[Record], folder: str, group: str = "case") -> Iterator[addresses.Claim]:
    """The addresses documents of `folder` take: their own (from the file name) and a
    module's handout first, then those of their aliases. Slugs and aliases of different
    files of one group are checked against each other by the E401 checks, not here."""
    for record in records:
        pages = [layout.page_address(folder, record.slug)]
        pages += [pages[0] + "support/"] if folder == layout.MODULES else []
        for page in pages:
            yield addresses.Claim(page, record.name, f"le nom de fichier « {record.path.name} »",
                                  lambda message, r=record: problem(r.name, 1, 1, "E403", message), group)
    for record in records:
        for index, alias in _slugs(record, "aliases"):
            yield addresses.Claim(layout.page_address(folder, alias), record.name,
                                  f"{place(('aliases', index))} : l'alias « {alias} »",
                                  lambda message, r=record, i=index: _at(r, r.name, ("aliases", i), "E403", message),
                                  group)


def comparison_claims(record: Record) -> Iterator[addresses.Claim]:
    """The address each curated comparison takes (/comparaisons/<id>/), read from the raw
    data so that it is checked even when other fields are invalid."""
    for index, entry in enumerate(_items(record.data, "comparisons")):
        slug = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(slug, str):
            continue
        loc = ("comparisons", index, "id")
        yield addresses.Claim(layout.page_address(layout.COMPARISONS, slug),
                              f"la comparaison « {slug} »",
                              f"{place(loc, COMPARISON_MODELS)} : l'identifiant « {slug} »",
                              lambda message, where=loc: _at(record, record.name, where, "E403", message),
                              "comparison")


def _related_problems(record: Record, known: set[str]) -> Iterator[Problem]:
    for index, slug in _slugs(record, "related"):
        if slug in known and slug != record.slug:
            continue
        reason = ("une étude de cas ne peut pas se citer elle-même." if slug == record.slug
                  else f"aucune étude de cas « {slug} » dans casestudies/."
                  f"{suggestion(slug, sorted(known - {record.slug}))}")
        yield _at(record, record.name, ("related", index), "E402", f"{place(('related', index))} : {reason}")


# --- curated comparisons --------------------------------------------------------

BROKEN = "contient des erreurs, voir plus haut"
DRAFT = "est un brouillon (status: draft) ; seules les études publiées peuvent être citées ici"


def unavailable_cases(problems: list[Problem], slugs: set[str], public: set[str]) -> dict[str, str]:
    """Case studies that exist but cannot be cited by comparisons and training modules,
    with the reason: errors of their own (among `problems`), or still a draft."""
    broken = {slug_of(Path(p.path)) for p in problems if p.is_error}
    unavailable = {slug: DRAFT for slug in slugs - public - broken}
    return unavailable | {slug: BROKEN for slug in broken & slugs}


def _not_public(slug: str, public: set[str], unavailable: dict[str, str]) -> str:
    # A case that exists says why it cannot be used rather than suggesting another one.
    if slug in unavailable:
        return f"« {slug} » {unavailable[slug]}."
    return f"aucune étude de cas publiée « {slug} » dans casestudies/.{suggestion(slug, sorted(public))}"


def validate_comparisons(record: Record, known: set[str],
                         unavailable: dict[str, str] | None = None) -> tuple[list[Comparison], list[Problem]]:
    """Check `casestudies/comparaisons.yml` against the published case studies (`known`);
    return its entries when valid."""
    problems = list(record.problems)
    if record.data is None:
        return [], problems
    problems.extend(itertools.islice(control_problems(record, record.name), MAX_REPORTED))
    try:
        parsed = ComparisonsFile.model_validate(record.data)
    except ValidationError as error:
        problems.extend(_schema_problems(record, record.name, error, COMPARISON_MODELS))
        return [], problems
    problems.extend(_comparison_references(record, parsed, known, unavailable or {}))
    return ([] if problems else list(parsed.comparisons)), problems


def _comparison_references(record: Record, parsed: ComparisonsFile, known: set[str],
                           unavailable: dict[str, str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, comparison in enumerate(parsed.comparisons):
        if comparison.id in seen:
            yield _at(record, record.name, ("comparisons", index, "id"), "E401",
                      f"{place(('comparisons', index, 'id'), COMPARISON_MODELS)} : identifiant "
                      f"« {comparison.id} » en double.")
        seen.add(comparison.id)
        for position, slug in enumerate(comparison.cases):
            if slug not in known:
                loc = ("comparisons", index, "cases", position)
                yield _at(record, record.name, loc, "E402",
                          f"{place(loc, COMPARISON_MODELS)} : {_not_public(slug, known, unavailable)}")


# --- the practices vocabulary ----------------------------------------------------

def practices_problems(path: Path, name: str) -> list[Problem]:
    """Check the practices vocabulary file like a case study: YAML, then its model, then
    terms used twice. A broken file stops the run before anything is rendered."""
    record = load_data_file(path, name)
    problems = list(record.problems)
    if record.data is None:
        return problems
    problems.extend(itertools.islice(control_problems(record, name), MAX_REPORTED))
    try:
        parsed = PracticesFile.model_validate(record.data)
    except ValidationError as error:
        return problems + list(_schema_problems(record, name, error, PRACTICE_MODELS))
    seen: set[str] = set()
    for index, entry in enumerate(parsed.practices):
        if entry.term in seen:
            loc = ("practices", index, "term")
            problems.append(_at(record, name, loc, "E401", f"{place(loc, PRACTICE_MODELS)} : "
                                f"terme « {entry.term} » en double."))
        seen.add(entry.term)
    return problems


# --- guides and training modules ------------------------------------------------

def check_document(record: Record, model: type, models: dict) -> tuple[Case | None, list[Problem]]:
    """A hand-written document against its front-matter model, and its body's safety."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    problems.extend(body_problems(record, record.name, None))
    problems.extend(itertools.islice(control_problems(record, record.name), MAX_REPORTED))
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


def check_curricula(records: list[Record], cases: set[str], guides: set[str],
                    unavailable: dict[str, str] | None = None) -> tuple[list[Case], list[Problem]]:
    """Every training module, with each step pointing at an existing guide or a published
    case study (`cases`)."""
    modules, problems = [], []
    for record in records:
        module, found = check_document(record, Curriculum, CURRICULUM_MODELS)
        if module is not None:
            found.extend(_step_problems(record, module.meta, cases, guides, unavailable or {}))
            found.extend(_duration_problems(record, module.meta))
        problems.extend(found)
        if module is not None and not any(p.is_error for p in found):
            modules.append(module)
    return modules, problems


def _step_problems(record: Record, meta: Curriculum, cases: set[str], guides: set[str],
                   unavailable: dict[str, str]) -> Iterator[Problem]:
    for index, step in enumerate(meta.sequence):
        kind, slug, known = ("case", step.case, cases) if step.case else ("guide", step.guide, guides)
        if slug in known:
            continue
        reason = (_not_public(slug, cases, unavailable) if kind == "case"
                  else f"aucun guide (docs/guides/) « {slug} ».{suggestion(slug, sorted(guides))}")
        loc = ("sequence", index, kind)
        yield _at(record, record.name, loc, "E402", f"{place(loc, CURRICULUM_MODELS)} : {reason}")


# A duration as trainers write it: "20 min", "1 h", "1 h 30", "1h30 min", "2 heures",
# "120 minutes", and may go on with a note after a comma: "2 heures, en salle".
_DURATION_RE = re.compile(
    r"\s*(?:(?P<hours>\d{1,2})\s*(?:h|heures?)(?:\s*(?P<extra>[0-5]?\d)(?:\s*(?:min|minutes?|mn))?)?"
    r"|(?P<minutes>\d{1,4})\s*(?:min|minutes?|mn))\s*(?P<note>[,;(].*)?", re.IGNORECASE | re.DOTALL)
DURATION_FORMS = "« 20 min », « 45 minutes », « 1 h », « 1 h 30 », « 2 heures »"


def minutes(text: str) -> int | None:
    """The minutes a duration says, or None when it cannot be read."""
    found = _DURATION_RE.fullmatch(text)
    if found is None:
        return None
    if found.group("minutes"):
        return int(found.group("minutes"))
    return int(found.group("hours")) * 60 + int(found.group("extra") or 0)


def _duration_problems(record: Record, meta: Curriculum) -> Iterator[Problem]:
    """E404: the steps' durations add up to the module's; E311 for a duration not read as minutes."""
    total = minutes(meta.duration)
    unreadable = [] if total is not None else [(("duration",), meta.duration)]
    steps = [(("sequence", index, "duration"), step.duration) for index, step in enumerate(meta.sequence)
             if step.duration is not None]
    unreadable += [(loc, text) for loc, text in steps if minutes(text) is None]
    for loc, text in unreadable:
        yield _at(record, record.name, loc, "E311",
                  f"{place(loc, CURRICULUM_MODELS)} : durée « {text} » illisible ; écrivez-la en minutes "
                  f"ou en heures : {DURATION_FORMS}.")
    if unreadable or len(steps) < len(meta.sequence):
        return  # a sum of some steps says nothing about the whole module
    added = sum(minutes(text) for _, text in steps)
    if added != total:
        yield _at(record, record.name, ("duration",), "E404",
                  f"{place(('duration',), CURRICULUM_MODELS)} : le module dure {total} minutes "
                  f"(« {meta.duration} »), mais ses étapes en font {added} ; corrigez la durée du module "
                  "ou celles des étapes.")
