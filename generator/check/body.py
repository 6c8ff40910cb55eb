"""Checks of a document's Markdown body: what the allow-list will remove, citations of
unknown sources, placeholders, and links to no page of the site."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.content import PLACEHOLDER_RE, may_hold_placeholder
from generator.format import markdown
from generator.format.documents import CITATION_RE, Document, Record, page_of
from generator.format.fields import PLACEHOLDER
from generator.format.text import suggestion
from generator.problems import Problem, problem

# What, in a body, can make Markdown produce more than plain paragraphs, lists, emphasis
# and headings: raw HTML, entities, links and images, attribute lists, admonitions,
# fenced code (a class). A body without any of these is not rendered to be checked.
_MAY_MAKE_HTML_RE = re.compile(r"[<&{]|\]\s*[(:\[]|!!!|\?\?\?|```|~~~")


def body_problems(record: Record, name: str, source_ids: set[str] | None, page: str | None = None,
                  placeholders: bool = True) -> Iterator[Problem]:
    """What the sanitiser will remove from the Markdown narrative, unknown citations
    and placeholders, each at its line and column in the file. `page`: the page the body
    goes into, when it is not a document's own (a hand-written page of docs/)."""
    body = record.body
    found: list[tuple[int, str, str]] = []
    if _MAY_MAKE_HTML_RE.search(body):
        found += _removed(body, markdown.removals(body, page or page_of(record)))
    if "[^" in body and source_ids is not None:
        found += _unknown_citations(body, source_ids)
    if placeholders and may_hold_placeholder(body):
        found += [(m.start(), "E601", f"texte « {PLACEHOLDER} » du modèle à remplacer dans le récit.")
                  for m in PLACEHOLDER_RE.finditer(body)]
    yield from _placed(record, name, found)


def _placed(record: Record, name: str, found: list[tuple[int, str, str]]) -> Iterator[Problem]:
    body = record.body
    for offset, code, message in sorted(found):
        line = body.count("\n", 0, offset) + record.body_line
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        yield problem(name, line, column, code, message)


def _removed(body: str, removals: list[markdown.Removal]) -> list[tuple[int, str, str]]:
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


def link_problems(documents: list[Document], pages: set[str]) -> list[Problem]:
    """Relative links of bodies to no page or file of the site (`pages`: every path of the
    generated tree, and the former paths that redirect). MkDocs no longer sees these
    links: bodies reach it as clean HTML."""
    problems = []
    for document in documents:
        body = document.record.body
        if "](" not in body and "]:" not in body and "=" not in body:
            continue
        removals = [r for r in markdown.removals(body, page_of(document.record), pages) if r.code == "E507"]
        problems += _placed(document.record, document.record.name, _removed(body, removals))
    return problems


def _unknown_citations(body: str, source_ids: set[str]) -> list[tuple[int, str, str]]:
    ids = sorted(source_ids)
    return [(m.start(), "E502", f"citation [^{m.group(1)}] : aucune source n'a l'identifiant "
             f"« {m.group(1)} » (déclarés : {', '.join(ids) or 'aucun'}).{suggestion(m.group(1), ids)}")
            for m in CITATION_RE.finditer(body) if m.group(1) not in source_ids]
