"""Check a whole project: its settings, every case study, the comparisons, the guides and
the training modules, and the addresses and links between them.

The result is the problems found and the valid documents the pages are made from
(`Inputs`). Anchors of pages come from the caller (`pages`): rendering comes after
checking, so the check does not render anything itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import layout
from generator.check import addresses, links
from generator.check.collection import check_collection, comparison_claims, document_claims, former_identifier, renamed
from generator.check.documents import (
    DRAFT,
    check_curricula,
    check_guides,
    practices_problems,
    unavailable_cases,
    validate_comparisons,
)
from generator.check.pages import docs_problems
from generator.check.record import Result, check_all, check_record, position, validate
from generator.check.tree import tree_problems
from generator.format import vocab
from generator.format.documents import Case, GuideDocument, ModuleDocument, Record
from generator.format.models import Comparison
from generator.load import load
from generator.problems import Problem, plural
from generator.project.project import Progress, Project, file_state, relative, say

PROGRESS_STEP = 1000  # files read between two progress lines on long runs


@dataclass
class Outcome:
    """What a generation did: the problems found, how many files were checked, and the
    files written if any."""

    problems: list[Problem] = field(default_factory=list)
    report: Any = None  # write/files.py's WriteReport, once the pages are written
    files: int = 0

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class Inputs:
    """Everything valid that the pages are made from."""

    cases: list[Case] = field(default_factory=list)
    curated: list[Comparison] = field(default_factory=list)
    guides: list[GuideDocument] = field(default_factory=list)
    modules: list[ModuleDocument] = field(default_factory=list)


def settings_problems(project: Project | None) -> list[Problem]:
    """Start a run: read the practices vocabulary, and report what is wrong with the
    project's own settings files (mkdocs.yml, generator/data/practices.yml)."""
    path = project.practices_file if project else vocab.PRACTICES_FILE
    vocab.use_practices(path)
    inside = project is not None and path.is_relative_to(project.root)
    found = practices_problems(path, relative(project, path) if inside else "generator/data/practices.yml")
    return (project.settings()[1] if project else []) + found


def check(project: Project, progress: Progress | None = None, memo: CheckMemo | None = None,
          site_pages: links.SitePages | None = None,
          leave_out: frozenset[Path] = frozenset()) -> tuple[Outcome, Inputs]:
    """Load and validate the vocabulary, the case studies, the comparisons, the guides and
    the modules.

    With `memo` (kept by `smg serve` between regenerations), a case-study file that did
    not change since the last check is neither read nor checked again. `site_pages`
    (render/pages.py) lists the pages and their anchors, for the links of guides and
    modules (E507, E509); without it they are checked once rendered only (E507).
    `leave_out`: case-study files read as if absent (the preview's cases in progress)."""
    files = [path for path in project.case_files() if path not in leave_out]
    documents = project.document_files()
    say(progress, f"Lecture et vérification de {checked_files(len(files), len(documents))}…")
    settings = settings_problems(project)
    if memo is None:
        records = []
        for start in range(0, len(files), PROGRESS_STEP):
            records.extend(load.load_paths(files[start:start + PROGRESS_STEP], root=project.root))
            if len(files) > PROGRESS_STEP:
                say(progress, f"  {len(records)} / {len(files)} fichiers lus")
        result = validate(records, reserved=addresses.reserved(project.docs_dir),
                          review_years=project.review_years())
    else:
        records, result = memo.validate(project, files)
    outcome = Outcome(settings + list(result.problems), files=len(files) + len(documents))
    inputs = Inputs(cases=result.cases)
    public = {c.slug for c in result.cases if c.meta.is_public}
    unavailable = unavailable_cases(result.problems, {r.slug for r in records}, public)
    outcome.problems.extend(check_documents(project, inputs, public, unavailable, site_pages, renamed(records)))
    return outcome, inputs


class CheckMemo:
    """Each case-study file's record, case and problems, with the file's state (size,
    modification time, inode) and the date and review period they were checked with.

    Only the per-file checks are kept: the checks across files (identifiers, aliases,
    addresses, `related`) run again on every call, as `validate` runs them."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple] = {}

    def validate(self, project: Project, files: list[Path]) -> tuple[list[Record], Result]:
        # A case is checked again when its file, the date, the review period or the
        # practices vocabulary (read afresh by each run) changed.
        today, years, terms = dt.date.today(), project.review_years(), tuple(vocab.practices())
        entries = [self._entry(path, project.root, today, years, terms) for path in files]
        self.entries = dict(zip(files, entries))
        records = [record for _, record, _, _ in entries]
        cases, problems = check_all(entries, lambda entry: (entry[2], entry[3]))
        problems.extend(check_collection(records, None, addresses.reserved(project.docs_dir)))
        problems.sort(key=position)
        return records, Result(cases, problems)

    def _entry(self, path: Path, root: Path, today: dt.date, years: int, terms: tuple) -> tuple:
        """(state, record, case, problems) of one file: the memo's while nothing changed."""
        state = (file_state(path), today, years, terms)
        entry = self.entries.get(path)
        if entry is None or entry[0] != state or state[0] is None:
            record = load.load_paths([path], root=root)[0]
            entry = (state, record, *check_record(record, today, years))
        return entry


def checked_files(cases: int, documents: int) -> str:
    """'16 études de cas', or '21 fichiers, dont 16 études de cas': the same total as
    the summary line's 'fichiers vérifiés'."""
    studies = plural(cases, "étude de cas", "études de cas")
    if not documents:
        return studies
    return f"{plural(cases + documents, 'fichier', 'fichiers')}, dont {studies}"


def check_documents(project: Project, inputs: Inputs, public: set[str],
                    unavailable: dict[str, str] | None = None,
                    site_pages: links.SitePages | None = None,
                    former: dict[str, str] | None = None) -> list[Problem]:
    """Check the comparisons file, the guides and the training modules against the
    published case studies (`public`), and add the valid ones to `inputs`.

    `unavailable` gives the reason why an existing case study is not published (errors,
    draft), so that a reference to it says so rather than suggesting another one;
    `former` (collection.renamed), the current identifier of a renamed case study, so
    that a reference to its former one names the identifier to write.
    """
    former = former or {}
    cited = {old: former_identifier(old, new) for old, new in former.items()} | (unavailable or {})
    problems: list[Problem] = []
    problems.extend(tree_problems(project))
    record = None
    if project.has_comparisons():
        record = load.load_data_file(project.comparisons_file, relative(project, project.comparisons_file))
        inputs.curated, found = validate_comparisons(record, public, cited)
        problems.extend(found)
    guide_records = load.load_paths(project.guide_files(), root=project.root)
    inputs.guides, found = check_guides(guide_records)
    problems.extend(found)
    guides = {g.slug for g in inputs.guides}
    module_records = load.load_paths(project.module_files(), root=project.root)
    inputs.modules, found = check_curricula(module_records, public, guides, cited)
    problems.extend(found)
    if site_pages is not None:
        documents = {layout.guide(r.slug) for r in guide_records} | {layout.module(r.slug) for r in module_records}
        problems.extend(_link_problems(project, inputs, public, unavailable or {}, record, site_pages, documents,
                                       former))
    claims = itertools.chain(comparison_claims(record) if record else (),
                             document_claims(guide_records, layout.GUIDES, group=""),
                             document_claims(module_records, layout.MODULES, group=""))
    problems.extend(addresses.problems(claims, addresses.reserved(project.docs_dir)))
    problems.extend(addresses.hand_written_problems(project.docs_dir))
    problems.extend(docs_problems(project.docs_dir))
    return problems


def _link_problems(project: Project, inputs: Inputs, public: set[str], unavailable: dict[str, str],
                   comparisons: Record | None, site_pages: links.SitePages, documents: set[str],
                   former: dict[str, str]) -> list[Problem]:
    """Links of the guides and modules, and entries of the navigation, to pages and sections
    that do not exist (links.py). `documents`: the pages of every guide and module file;
    `former`: former identifiers of case studies -> current ones."""
    settings, _ = project.settings()
    if settings is None:
        return []  # an unusable mkdocs.yml is reported by check() (settings_problems)
    config = project.config()
    data = comparisons.data if comparisons else None
    entries = data.get("comparisons") if isinstance(data, dict) else None
    curated = [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)] \
        if isinstance(entries, list) else []
    drafts = {slug for slug, reason in unavailable.items() if reason == DRAFT}
    pages = site_pages(project.docs_dir, project.cases_dir, config, public, drafts, inputs.guides,
                       inputs.modules, curated, cases={c.slug: c for c in inputs.cases},
                       broken=set(unavailable) - drafts)
    moved = {layout.case(old): layout.case(new) for old, new in former.items()}
    return (links.problems(inputs.guides + inputs.modules, pages, moved)
            + links.nav_problems(settings.nav_entries, pages, documents))
