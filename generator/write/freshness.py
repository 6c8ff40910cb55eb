"""Every key of the build: what the generated tree, each unit of pages and the check
were made from, so that a generation renders only what changed.

The pages are rendered in units: one unit per case-study page, one per group of site
pages (indexes, comparisons, open data, guides and modules, other pages). Each unit
gets a key, a digest of every input its pages read:

- a case-study page: its own file, the files of the case studies it links to under
  « Études de cas liées » (it prints their titles), the pages of its keywords (a
  keyword's page name depends on the other keywords of the base: "Twitter" and
  "twitter" get two), the guides, modules and comparisons that cite it (« Cité dans »:
  their kinds, titles and pages), and the code that renders it (the generator's modules,
  templates, vocabularies, mkdocs.yml);
- a group of site pages: the front matter of every case study (the lists never show a
  narrative), the guides, the modules, the comparisons file, the same code, and
  today's date (the review page depends on it).

A unit whose key is the one recorded by the last generation, and whose files are on
disk as that generation left them (same size and modification time), is neither
rendered nor compared again: its files stay. Any doubt (no record, an unreadable
record, a file touched by hand) renders the unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from generator import cache
from generator.check.body import link_problems
from generator.check.project import Inputs, Outcome
from generator.context.citedby import Citer
from generator.format.documents import Document
from generator.load.files import NotRegular, read_regular, walk
from generator.problems import Problem
from generator.project import siteconfig
from generator.project.project import Progress, Project, say
from generator.render import SITE_GROUPS, Renderer
from generator.render import env as render_env
from generator.write import stamp
from generator.write.files import write_file

KEYS_VERSION = "1"
CASE_PREFIX = "case:"
SITE_PREFIX = "site:"


def code_digest(mkdocs_file: Path) -> str:
    """The generator's code, templates and vocabularies, mkdocs.yml, and Material's version
    (its icons are copied into the pages: render/icons.py)."""
    parts: list[str | bytes] = [KEYS_VERSION, metadata.version("mkdocs-material"), mkdocs_file.read_bytes()]
    package = cache.PACKAGE
    for path in cache.code_files(package):
        # Named from the package: the same project in another folder keeps its keys.
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return cache.digest(*parts)


def document_digest(document) -> str:
    """A case study, guide or module as read: its name, front matter and text."""
    record = document.record
    return cache.digest(record.name, record.front_matter, record.body)


def unit_keys(code: str, cases: list, documents: Iterable, comparisons: bytes,
              groups: Iterable[str], today: dt.date | None = None,
              tag_pages: dict[str, str] | None = None,
              cited_by: dict[str, tuple[Citer, ...]] | None = None) -> dict[str, str]:
    """Unit name -> key, for the case studies `cases` (published and drafts), the other
    `documents` (guides, modules), the comparisons file's bytes, the site `groups`, the
    page of each keyword (`tag_pages`) and who cites each case study (`cited_by`)."""
    whole = {case.slug: document_digest(case) for case in cases}
    tag_pages, cited_by = tag_pages or {}, cited_by or {}
    keys = {}
    for case in cases:
        related = [whole.get(slug, "") for slug in case.meta.related]
        tags = [tag_pages.get(tag, "") for tag in case.meta.tags]
        citers = [cache.digest(c.kind, c.title, c.src) for c in cited_by.get(case.slug, ())]
        keys[CASE_PREFIX + case.slug] = cache.digest(code, whole[case.slug], *related, "tags", *tags,
                                                     "cited", *citers)
    listing = cache.digest(code, (today or dt.date.today()).isoformat(), comparisons,
                           *(cache.digest(c.record.name, c.record.front_matter) for c in cases),
                           *(document_digest(d) for d in documents))
    for group in groups:
        keys[SITE_PREFIX + group] = cache.digest(listing, group)
    return keys


def fresh(keys: dict[str, str], recorded: dict, tree: dict[str, list[int]],
          written: dict[str, list[int]]) -> dict[str, list[str]]:
    """The units that need no rendering, with their files: same key as `recorded`
    (unit -> [key, files]) and every file of theirs in `tree` (the output folder now)
    as `written` (the output folder after the last generation) says."""
    kept = {}
    for unit, key in keys.items():
        entry = recorded.get(unit)
        if not _well_formed(entry) or entry[0] != key:
            continue
        files = entry[1]
        if files and all(rel in tree and tree[rel] == written.get(rel) for rel in files):
            kept[unit] = files
    return kept


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
            and isinstance(entry[1], list) and all(isinstance(rel, str) for rel in entry[1]))


STATE_VERSION = 1


def inputs_fingerprint(project: Project) -> str:
    """A digest of everything the generated tree is made from, today's date included
    (the review page depends on it)."""
    digest = hashlib.blake2b(digest_size=20)
    # Material's version too: its icons are copied into the pages (render/icons.py).
    versions = f"{STATE_VERSION} {metadata.version('mkdocs-material')} {dt.date.today().isoformat()}"
    digest.update(versions.encode())
    # The practices file too: a project may have its own, outside the package's code.
    sources = [project.mkdocs_file, project.practices_file, *project.case_files(), *project.module_files()]
    sources += [project.comparisons_file] if project.has_comparisons() else []
    for folder in (project.docs_dir, project.theme_source):
        # walk: links are never followed (validation refused them already, E107).
        sources += [folder / rel for rel in walk(folder)[0]] if folder.is_dir() else []
    sources += cache.code_files()
    digest.update(settings_state(project).encode() + b"\0")
    for path in sources:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_state(project: Project) -> str:
    """The settings of mkdocs.yml that pages are made from, as smg reads them, or its
    problems: `!ENV` values make them depend on the environment, not on the bytes alone.
    (Not the inherited redirects, which the generation itself writes.)"""
    settings, problems = project.settings()
    if settings is not None:
        return settings.model_dump_json(include=set(siteconfig.Settings.model_fields))
    return json.dumps([dataclasses.astuple(p) for p in problems])


# The parts of the state file, and the type each must have; any other shape is damage.
_STATE_PARTS = {"fingerprint": str, "files": dict, "units": dict, "check": dict}


def read_state(project: Project, progress: Progress | None = None) -> dict:
    """What the last generation wrote; {} when there is none, or when it is damaged
    (unreadable, not JSON, another shape: then said through `progress`)."""
    try:
        text = project.state_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        text = ""
    try:
        state = json.loads(text)
    except ValueError:
        state = None
    if isinstance(state, dict) and state.pop("seal", None) != _seal(state):
        state = None  # written by something else than smg on this machine: not trusted
    if isinstance(state, dict) and all(isinstance(state.get(part, kind()), kind)
                                       for part, kind in _STATE_PARTS.items()):
        return state
    say(progress, "État de la dernière génération endommagé, ou écrit par autre chose que smg sur ce "
                  "poste (build/smg-state.json) : ignoré, tout est vérifié et rendu à nouveau.")
    return {}


def write_state(project: Project, fingerprint: str, units: dict[str, list], check: dict,
                 tree: dict[str, list[int]] | None = None) -> None:
    files = stamp.tree_state(project.out_dir) if tree is None else tree
    state = {"fingerprint": fingerprint, "files": files, "units": units, "check": check}
    write_file(project.state_file, json.dumps(state | {"seal": _seal(state)}, sort_keys=True))


def _seal(state: dict) -> str:
    return cache.signature("state", json.dumps(state, sort_keys=True).encode("utf-8", "surrogatepass"))


# A file changed this close to the moment its state is taken may change again within the
# same tick of the file system's clock, keeping its size and times: such a state is not
# trusted (git's "racy" files).
RACY_NS = 2_000_000_000


def sources_state(project: Project) -> str | None:
    """A digest of the state of everything the check and the generation read: the
    sources, mkdocs.yml, the vocabularies, the generator's code, the installed versions
    of its libraries, and today's date. None when a file changed too recently to tell."""
    taken = time.time_ns()
    package = cache.PACKAGE
    # Not the redirects file: an output, whose state the check record keeps (check_record).
    paths = [project.mkdocs_file, project.practices_file, project.cases_dir, project.docs_dir,
             project.modules_dir, project.theme_source, package]
    entries, latest = stamp.entries_state(paths, skip=frozenset({"__pycache__"}))
    if latest > taken - RACY_NS:
        return None
    digest = hashlib.blake2b(digest_size=20)
    facts = [STATE_VERSION, dt.date.today().isoformat(), _library_versions(), settings_state(project), entries]
    digest.update(json.dumps(facts).encode())
    return digest.hexdigest()


def _library_versions() -> list[str]:
    """Python's version and those of the libraries smg requires: a check may change with them."""
    names = [re.match(r"[A-Za-z0-9._-]+", requirement).group()
             for requirement in metadata.requires("social-media-gouvernance") or []]
    return [sys.version] + [f"{name} {version or '-'}" for name, version in stamp.versions(names).items()]


def check_record(project: Project, sources: str | None, outcome: Outcome) -> dict:
    """What a next run may reuse when its sources are in the same state: the problems.
    Taken once the redirects file is written: one lost or edited since is written again."""
    return {"sources": sources, "files": outcome.files, "redirects": _redirects_state(project),
            "problems": [dataclasses.astuple(p) for p in outcome.problems]}


def _redirects_state(project: Project) -> dict:
    return stamp.tree_state(project.redirects_file)


def redirects_intact(project: Project, state: dict) -> bool:
    """The redirects file is as the last generation wrote it (not lost, not edited)."""
    record = state.get("check")
    return (project.redirects_file.is_file() and isinstance(record, dict)
            and record.get("redirects") == _redirects_state(project))


def checked_before(project: Project, state: dict, sources: str | None) -> Outcome | None:
    """The last successful generation's check, when the sources are in the same state."""
    record = state.get("check")
    if sources is None or not isinstance(record, dict) or record.get("sources") != sources:
        return None
    if not redirects_intact(project, state):
        return None
    problems = _problems_from(json.dumps(record.get("problems")).encode("utf-8"))
    if problems is None or not isinstance(record.get("files"), int):
        return None
    return Outcome(problems, files=record["files"])


def page_keys(project: Project, renderer: Renderer, inputs: Inputs) -> dict[str, str]:
    """The key of every unit of pages of this generation (`unit_keys`)."""
    try:
        comparisons = read_regular(project.comparisons_file) if project.has_comparisons() else b""
    except (OSError, NotRegular):
        comparisons = b"?"  # validated a moment ago; unreadable now: the pages are rendered anyway
    # Links to hand-written pages depend on which pages are hand-written (layout.py); the
    # commands page on the commands the CLI gave; practice labels on the project's own
    # practices file, which need not be the package's.
    code = cache.digest(code_digest(project.mkdocs_file), project.practices_file.read_bytes(),
                        *sorted(renderer.files.hand_written), repr(renderer.commands))
    return unit_keys(code, renderer.all_cases(), inputs.guides + inputs.modules, comparisons, SITE_GROUPS,
                     renderer.site.today, renderer.site.tag_pages, renderer.site.cited_by)


def cached_link_problems(project: Project, documents: list[Document], pages: set[str]) -> list[Problem]:
    """`link_problems`, each document's read from build/cache/links/ when neither its
    text, the site's set of pages, nor the code changed (checking a link renders the
    whole text: most of a second for the guides and modules alone)."""
    store = cache.Store(project.cache_dir / "links")
    context = cache.digest(code_digest(project.mkdocs_file), *sorted(pages))
    problems = []
    for document in documents:
        body = document.record.body
        if "](" not in body and "]:" not in body and "=" not in body:  # no link: nothing to render
            problems += link_problems([document], pages)
            continue
        key = cache.digest(context, document_digest(document))
        found = _problems_from(store.get(key))
        if found is None:
            found = link_problems([document], pages)
            store.put(key, json.dumps([dataclasses.astuple(p) for p in found]).encode("utf-8"))
        problems += found
    return problems


def _problems_from(payload: bytes | None) -> list[Problem] | None:
    if payload is None:
        return None
    try:
        return [Problem(*fields) for fields in json.loads(payload.decode("utf-8"))]
    except (ValueError, TypeError):
        return None


def cache_templates(project: Project, renderer: Renderer) -> None:
    # Compiling the templates costs each render worker most of a second; the compiled
    # code is kept under build/cache/ (render/env.py configures the environments: its code
    # names the folder).
    source = Path(render_env.__file__)
    for kind, environment in (("md", renderer.md), ("html", renderer.html)):
        environment.bytecode_cache = cache.template_cache(project.cache_dir / "jinja", source, kind)
