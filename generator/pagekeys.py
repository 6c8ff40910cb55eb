"""What each generated page is made from, so that a generation renders only what changed.

The pages are rendered in units: one unit per case-study page, one per group of site
pages (indexes, comparisons, open data, guides and modules, other pages). Each unit
gets a key, a digest of every input its pages read:

- a case-study page: its own file, the files of the case studies it links to under
  « Études de cas liées » (it prints their titles), the pages of its keywords (a
  keyword's page name depends on the other keywords of the base: "Twitter" and
  "twitter" get two), and the code that renders it (the generator's modules,
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

import datetime as dt
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from . import cache

KEYS_VERSION = "1"
CASE_PREFIX = "case:"
SITE_PREFIX = "site:"


def code_digest(mkdocs_file: Path) -> str:
    """The generator's code, templates and vocabularies, mkdocs.yml, and Material's
    version (its search language file is copied into the tree)."""
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
              tag_pages: dict[str, str] | None = None) -> dict[str, str]:
    """Unit name -> key, for the case studies `cases` (published and drafts), the other
    `documents` (guides, modules), the comparisons file's bytes, the site `groups` and
    the page of each keyword (`tag_pages`)."""
    whole = {case.slug: document_digest(case) for case in cases}
    tag_pages = tag_pages or {}
    keys = {}
    for case in cases:
        related = [whole.get(slug, "") for slug in case.meta.related]
        tags = [tag_pages.get(tag, "") for tag in case.meta.tags]
        keys[CASE_PREFIX + case.slug] = cache.digest(code, whole[case.slug], *related, "tags", *tags)
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
