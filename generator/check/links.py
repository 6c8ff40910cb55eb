"""Links of guides and training modules, checked by `smg validate` (E507, E509).

A guide or a module links to case studies, other guides, hand-written pages and
their sections. The build checks that each linked page exists once every page is
rendered; this module checks, before any rendering, what can be known from the
sources alone, with the file, line and column of the link:

- the page exists: a published case study, a guide, a module (its course page,
  handout or answer key), a curated comparison, a hand-written page of docs/, or one
  of the pages every site has (indexes, comparisons, data: those the renderer writes
  for a base without any case study). A draft is not a page a guide may link to.
  Pages that only the data decide (one value of an index, page 2 of a list) are left
  to the build;
- the anchor (`page.md#section`) is one of the page's ids, for case studies, guides
  and hand-written pages: the ids are those of the page as the renderer writes it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator import layout
from generator.check.documents import DRAFT
from generator.format import markdown
from generator.format.documents import Document, page_of
from generator.format.text import closest, suggestion
from generator.problems import Problem, problem
from generator.project.siteconfig import NAME, NavEntry

# Targets whose existence the sources decide: a page directly in one of these folders
# (or at the root), a module's pages. Deeper pages (cas/par-niveau/commune.md,
# cas/pages/2.md) depend on the data: the build checks them.
_DECIDED = re.compile(r"(?:(?:cas|guides|comparaisons|contribuer|donnees)/)?[^/]+|formations/[^/]+(?:/[^/]+)?")
_SHOWN_ANCHORS = 8
_FOOTNOTE = re.compile(r"#fn(?:ref\d*)?:")  # "#fn:x", "#fnref:x", "#fnref2:x"


@dataclass
class Pages:
    """The pages of the site known from the sources, and how to find their anchors."""

    known: set[str]
    drafts: set[str]
    anchors_of: Callable[[str], set[str] | None]  # None: anchors not checked for that page
    _anchors: dict[str, set[str] | None] = field(default_factory=dict)

    def anchors(self, src: str) -> set[str] | None:
        if src not in self._anchors:
            self._anchors[src] = self.anchors_of(src)
        return self._anchors[src]


# How the caller lists the pages (render/pages.py site_pages): docs folder, case-studies
# folder, site settings, public and draft case studies, guides, modules, curated
# comparisons, valid case studies by identifier, broken case studies.
SitePages = Callable[..., Pages]


def problems(documents: list[Document], pages: Pages, moved: dict[str, str] | None = None) -> list[Problem]:
    """E507 and E509 for every relative link of the documents' bodies. `moved`: former
    pages of renamed case studies (their aliases) -> their current page, which a link to
    a former one is told to name."""
    found: list[Problem] = []
    for document in documents:
        found.extend(_document_problems(document, pages, moved or {}))
    return found


def _document_problems(document: Document, pages: Pages, moved: dict[str, str]) -> Iterator[Problem]:
    record, own = document.record, page_of(document.record)
    after = 0
    for href in _hrefs(record.body):
        if _FOOTNOTE.match(href):
            continue  # a footnote call or its way back: Python-Markdown makes both ends
        target, anchor = _target(href, own)
        if target is None:
            continue
        offset = _locate(record.body, href, after)
        after = offset
        message = _page_problem(href, target, pages, moved) if target != own else None
        code = "E507"
        if message is None and anchor:
            message, code = _anchor_problem(href, target, anchor, pages), "E509"
        if message:
            line = record.body.count("\n", 0, offset) + record.body_line
            column = offset - (record.body.rfind("\n", 0, offset) + 1) + 1
            yield problem(record.name, line, column, code, message)


def linked_pages(document: Document) -> list[str]:
    """The pages of the site a document's body links to, each once, in order (its own
    page apart): the targets the checks above read, for « Cité dans » (context/)."""
    own = page_of(document.record)
    targets = (_target(href, own)[0] for href in _hrefs(document.record.body) if not _FOOTNOTE.match(href))
    return [target for target in dict.fromkeys(targets) if target is not None and target != own]


def _page_problem(href: str, target: str, pages: Pages, moved: dict[str, str]) -> str | None:
    if target in pages.known or not _DECIDED.fullmatch(target):
        return None
    if target in pages.drafts:
        return f"lien « {href} » vers une étude de cas qui {DRAFT.replace('ici', 'par un guide ou un module')}."
    folder, _, name = target.rpartition("/")
    path = urlsplit(href).path
    if target in moved and path.endswith(name):
        current = moved[target].rpartition("/")[2]
        return (f"lien « {href} » vers l'ancienne adresse d'une étude de cas renommée ({target}) ; "
                f"écrivez « {path[: len(path) - len(name)]}{current} », son adresse actuelle.")
    # An index is never the page a mistyped name meant: only pages of the folder's own are offered.
    near = closest(name, sorted(p.rpartition("/")[2] for p in pages.known
                                if p.rpartition("/")[0] == folder and not p.endswith("/index.md")))
    better = f" Vouliez-vous dire « {path[: len(path) - len(name)]}{near} » ?" if near and path.endswith(name) else ""
    return f"lien « {href} » vers une page qui n'existe pas ({target}).{better}"


def _anchor_problem(href: str, target: str, anchor: str, pages: Pages) -> str | None:
    ids = pages.anchors(target)
    if ids is None or anchor in ids:
        return None
    listed = sorted(i for i in ids if ":" not in i and not i.startswith("__"))  # footnotes apart
    shown = ", ".join(listed[:_SHOWN_ANCHORS]) + (" …" if len(listed) > _SHOWN_ANCHORS else "")
    return (f"lien « {href} » : la page {target} n'a pas de section « {anchor} » (ancres : {shown or 'aucune'})."
            f"{suggestion(anchor, listed)}")


def _target(href: str, own: str) -> tuple[str | None, str]:
    """The source path and anchor a relative link leads to; (None, "") when the link
    leaves the site, names no .md page, or starts at the site's root."""
    if not markdown.is_relative(href) or href.startswith("/"):
        return None, ""
    parts = urlsplit(href)
    anchor = unquote(parts.fragment)
    if not parts.path:
        return own, anchor
    if not parts.path.endswith(".md"):
        return None, ""
    target = posixpath.normpath(posixpath.join(own.rpartition("/")[0], unquote(parts.path)))
    return (None, "") if target.startswith("..") else (target, anchor)


def _locate(body: str, href: str, after: int) -> int:
    # The link as written, first after the previous one; else anywhere; else the start.
    for needle in (f"]({href}", href):
        for start in (after, 0):
            offset = body.find(needle, start)
            if offset != -1:
                return offset + (2 if needle.startswith("]") else 0)
    return 0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name == "href" and tag == "a" and value:
                self.hrefs.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def parsed_html(html: str) -> _Collector:
    """The links and ids of an HTML text."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _hrefs(body: str) -> list[str]:
    """The links of a body as the site renders them (none from code blocks)."""
    if "](" not in body and "]:" not in body and "href" not in body:
        return []
    return parsed_html(markdown.render(body)).hrefs


# --- the navigation of mkdocs.yml ---------------------------------------------------------

def nav_problems(entries: Iterable[NavEntry], pages: Pages, documents: set[str] = frozenset()) -> list[Problem]:
    """Entries of mkdocs.yml's `nav` (siteconfig.nav_entries) that lead to no page of the
    site (E507 at their line): MkDocs would stop the build on them, with a warning in
    English. `documents`: the pages of every guide and module file, valid or not (one with
    errors is reported for them)."""
    known = pages.known | documents
    existing = known | {layout.written(src) for src in known}
    return [problem(NAME, entry.line, entry.column, "E507",
                    f"la navigation (nav) mène à « {entry.page} », qui n'est ni une page écrite à la main "
                    f"de docs/ ni une page générée.{suggestion(entry.page, sorted(existing))}")
            for entry in entries if entry.page not in existing]
