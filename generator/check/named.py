"""`smg validate FILES`: what each named file is, and each checked by its own rules.

A case study (`.md`), the comparisons file, a guide, a training module, any other file of
docs/ and the settings files are each checked as the whole-project run checks them; the
comparisons, guides, modules and pages need the published case studies, so those are
checked too, silently, and only the named files' problems are kept. Any other file is an
error of its own (E109): checking it as a case study would report mistakes it does not have.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.check import addresses, links
from generator.check.documents import unavailable_cases
from generator.check.project import Inputs, check_documents, settings_problems
from generator.check.record import validate_paths
from generator.load import load
from generator.problems import Problem, problem
from generator.project.project import Project
from generator.project.siteconfig import DEFAULT_REVIEW_YEARS

CASE, DOCUMENT, SETTINGS = "case", "document", "settings"

UNKNOWN = ("smg validate ne sait pas vérifier ce type de fichier. Il vérifie les études de cas "
           "(fichiers .md de casestudies/), casestudies/comparaisons.yml, les guides (docs/guides/), "
           "les modules (curricula/), les autres fichiers de docs/ et les réglages (mkdocs.yml), "
           "depuis le dossier du projet.")


@dataclass(frozen=True)
class Run:
    """How `smg validate` was called: the files found, whether they are the whole
    project (no argument), the slugs next to them (for `related`), the folder it runs in."""

    files: list[Path]
    whole: bool
    known_slugs: set[str]
    root: Path


def kind_of(path: Path, project: Project | None) -> str | None:
    """CASE, DOCUMENT (comparisons, guide, module, file of docs/), SETTINGS, or None."""
    if project is None:
        return CASE if path.name.endswith(".md") else None
    where = Path(os.path.abspath(path))  # a link stays a link: loading refuses it (E107)
    if where in (project.mkdocs_file, project.root / "generator" / "data" / "practices.yml"):
        return SETTINGS
    markdown = where.name.endswith(".md")
    if where == project.comparisons_file or where.is_relative_to(project.docs_dir) \
            or (markdown and where.parent == project.modules_dir):
        return DOCUMENT
    # A draft kept outside the project is a case study; README.md and the like are not.
    inside = where.is_relative_to(project.root) and not where.is_relative_to(project.cases_dir)
    return CASE if markdown and not inside else None


def check_files(run: Run, project: Project | None, site_pages: links.SitePages) -> list[Problem]:
    """Every problem of the named files (of the whole project without a name), the
    settings' first."""
    kinds = {path: kind_of(path, project) for path in run.files}
    cases = [path for path, kind in kinds.items() if kind == CASE]
    documents = [path for path, kind in kinds.items() if kind == DOCUMENT]
    years = project.review_years() if project else DEFAULT_REVIEW_YEARS
    reserved = addresses.reserved(project.docs_dir if project else None)  # hand-written pages' addresses
    found = settings_problems(project)
    checked = validate_paths(cases, root=run.root, known_slugs=run.known_slugs, reserved=reserved,
                             review_years=years)
    found += checked.problems
    if project is not None and (run.whole or documents):
        if not run.whole:  # the documents cite published case studies: all of them are read
            checked = validate_paths(project.case_files(), root=run.root, reserved=reserved, review_years=years)
        slugs = {load.slug_of(path) for path in (cases if run.whole else project.case_files())}
        unavailable = unavailable_cases(checked.problems, slugs, checked.public)
        more = check_documents(project, Inputs(), checked.public, unavailable, site_pages, checked.renamed)
        shown = {Path(os.path.abspath(path)).relative_to(project.root).as_posix() for path in documents}
        found += more if run.whole else [p for p in more if p.path in shown]
    return found + [problem(path.as_posix(), 1, 1, "E109", UNKNOWN) for path, kind in kinds.items() if kind is None]
