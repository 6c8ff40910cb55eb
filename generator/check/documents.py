"""Checks of the other documents: the curated comparisons, the practices vocabulary,
the guides and the training modules (their steps and durations)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from generator.check import body
from generator.check.content import control_problems
from generator.check.messages import MAX_REPORTED, at, place, schema_problems
from generator.check.record import check_all
from generator.format.documents import Document, GuideDocument, ModuleDocument, Record
from generator.format.models import (
    COMPARISON_MODELS,
    CURRICULUM_MODELS,
    GUIDE_MODELS,
    PRACTICE_MODELS,
    Comparison,
    ComparisonsFile,
    Curriculum,
    Guide,
    PracticesFile,
)
from generator.format.text import suggestion
from generator.load.load import load_data_file, slug_of
from generator.problems import Problem

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
        problems.extend(schema_problems(record, record.name, error, COMPARISON_MODELS))
        return [], problems
    problems.extend(_comparison_references(record, parsed, known, unavailable or {}))
    return ([] if problems else list(parsed.comparisons)), problems


def _comparison_references(record: Record, parsed: ComparisonsFile, known: set[str],
                           unavailable: dict[str, str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, comparison in enumerate(parsed.comparisons):
        if comparison.id in seen:
            yield at(record, record.name, ("comparisons", index, "id"), "E401",
                     f"{place(('comparisons', index, 'id'), COMPARISON_MODELS)} : identifiant "
                     f"« {comparison.id} » en double.")
        seen.add(comparison.id)
        for position, slug in enumerate(comparison.cases):
            if slug not in known:
                loc = ("comparisons", index, "cases", position)
                yield at(record, record.name, loc, "E402",
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
        return problems + list(schema_problems(record, name, error, PRACTICE_MODELS))
    seen: set[str] = set()
    for index, entry in enumerate(parsed.practices):
        if entry.term in seen:
            loc = ("practices", index, "term")
            problems.append(at(record, name, loc, "E401", f"{place(loc, PRACTICE_MODELS)} : "
                               f"terme « {entry.term} » en double."))
        seen.add(entry.term)
    return problems


# --- guides and training modules ------------------------------------------------

def check_document(record: Record, model: type, models: dict) -> tuple[Document | None, list[Problem]]:
    """A hand-written document against its front-matter model, and its body's safety."""
    problems = list(record.problems)
    if record.data is None:
        return None, problems
    problems.extend(body.body_problems(record, record.name, None))
    problems.extend(itertools.islice(control_problems(record, record.name), MAX_REPORTED))
    try:
        meta = model.model_validate(record.data)
    except ValidationError as error:
        problems.extend(schema_problems(record, record.name, error, models))
        return None, problems
    return (None if any(p.is_error for p in problems) else Document(record, meta)), problems


def check_guides(records: list[Record]) -> tuple[list[GuideDocument], list[Problem]]:
    """Every guide of docs/guides/ against the guide model."""
    return check_all(records, lambda record: check_document(record, Guide, GUIDE_MODELS))


def check_curricula(records: list[Record], cases: set[str], guides: set[str],
                    unavailable: dict[str, str] | None = None) -> tuple[list[ModuleDocument], list[Problem]]:
    """Every training module, with each step pointing at an existing guide or a published
    case study (`cases`)."""

    def check_module(record: Record) -> tuple[ModuleDocument | None, list[Problem]]:
        module, found = check_document(record, Curriculum, CURRICULUM_MODELS)
        if module is None:
            return None, found
        found.extend(_step_problems(record, module.meta, cases, guides, unavailable or {}))
        found.extend(_duration_problems(record, module.meta))
        return (None if any(p.is_error for p in found) else module), found

    return check_all(records, check_module)


def _step_problems(record: Record, meta: Curriculum, cases: set[str], guides: set[str],
                   unavailable: dict[str, str]) -> Iterator[Problem]:
    for index, step in enumerate(meta.sequence):
        kind, slug, known = ("case", step.case, cases) if step.case else ("guide", step.guide, guides)
        if slug in known:
            continue
        reason = (_not_public(slug, cases, unavailable) if kind == "case"
                  else f"aucun guide (docs/guides/) « {slug} ».{suggestion(slug, sorted(guides))}")
        loc = ("sequence", index, kind)
        yield at(record, record.name, loc, "E402", f"{place(loc, CURRICULUM_MODELS)} : {reason}")


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
        yield at(record, record.name, loc, "E311",
                 f"{place(loc, CURRICULUM_MODELS)} : durée « {text} » illisible ; écrivez-la en minutes "
                 f"ou en heures : {DURATION_FORMS}.")
    if unreadable or len(steps) < len(meta.sequence):
        return  # a sum of some steps says nothing about the whole module
    added = sum(minutes(text) for _, text in steps)
    if added != total:
        yield at(record, record.name, ("duration",), "E404",
                 f"{place(('duration',), CURRICULUM_MODELS)} : le module dure {total} minutes "
                 f"(« {meta.duration} »), mais ses étapes en font {added} ; corrigez la durée du module "
                 "ou celles des étapes.")
