"""The case-study pages: fact sheet, narrative with its footnotes, sources, citation
and the front matter read by sharing and citing tools."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.context.french import date_fr, situation, source_reference
from generator.format import vocab
from generator.format.documents import CITATION_RE, Case
from generator.render import cite as citations
from generator.render import sanitize, share
from generator.render.body import BODY_SLOT, NOTES_SLOT, page_ids
from generator.render.core import RendererCore as Renderer
from generator.render.env import md_escape, md_url


def page(r: Renderer, case: Case) -> tuple[str, str]:
    """A case study's page, by name."""
    src = case.src
    sources = case.meta.sources_by_id
    fiche = r.fragment("fiche.html.j2", src, case=case, sources=sources)
    listed = r.fragment("sources.html.j2", src, sources=case.meta.sources)
    cited = Markup(citation(r, src, case.slug, case.meta.title, case.meta.last_reviewed,
                            tuple(case.meta.contributors), situation(case.meta)))
    charter = case.meta.charter
    clauses = charter and r.fragment("charter.html.j2", src, charter=charter, source=sources[charter.source],
                                     clauses=list(vocab.CHARTER_CLAUSES.items()))
    text = r.page("case.md.j2", src, case=case, meta=case.meta, fiche=fiche, sources=listed,
                  body=Markup(BODY_SLOT), footnotes=Markup(NOTES_SLOT), citation=cited,
                  sharing=Markup(sharing(r, src, case.meta)), charter=clauses, kinds=source_kinds(case.meta),
                  vendor_only=all(s.kind == vocab.VENDOR_KIND for s in case.meta.sources))
    # The narrative's headings sit one level below the page's sections; its
    # citations become footnotes at the end of the page.
    body = sanitize.sanitize(case.record.body, src, md_escape, reserved=page_ids(text), shift=1,
                             footnotes=_footnote_definitions(case))
    return src, text.replace(BODY_SLOT, body.markdown).replace(NOTES_SLOT, body.footnotes)


def sharing(r: Renderer, src: str, meta: Any) -> str:
    """The front-matter lines of a case study for sharing and citing tools (share.py)."""
    url, site = r.config.page_url(src), r.config.site_url
    article = share.case_article(meta, url, r.config.site_name, site)
    tags = share.citation_tags(meta.title, tuple(meta.contributors), meta.last_reviewed, url, r.config.site_name)
    return share.front_matter(article, tags)


def citation(r: Renderer, src: str, key: str, title: str, reviewed: str, authors: tuple[str, ...] = (),
             described: str = "") -> str:
    """The « Citer cette page » section of a page (case study or guide)."""
    item = citations.Citable(key, title, r.config.page_url(src), reviewed, r.config.site_name, authors, described)
    return r.page("cite.md.j2", src, french=citations.french(item),
                  bibtex=citations.code_block("bibtex", citations.bibtex(item)),
                  csl=citations.code_block("json", citations.csl_json(item)))


def source_kinds(meta: Any) -> str:
    """The kinds of a case study's sources, most frequent first: « presse, étude ou rapport »."""
    counts: dict[str, int] = {}
    for source in meta.sources:
        counts[source.kind] = counts.get(source.kind, 0) + 1
    ranked = sorted(counts, key=lambda kind: (-counts[kind], list(vocab.SOURCE_KINDS).index(kind)))
    return ", ".join(vocab.SOURCE_KINDS[kind].lower() for kind in ranked)


def _footnote_definitions(case: Case) -> str:
    return "\n\n".join(f"[^{source.id}]: {footnote(source)}" for source in _cited(case))


def footnote(source: Any) -> str:
    """A source as its footnote reads: reference, note, and where to read it."""
    text = md_escape(source_reference(source)) + "."
    if source.note:
        text += " " + md_escape(source.note.rstrip(".")) + "."
    if source.url:
        consulted = f" (consultée le {md_escape(date_fr(source.consulted))})" if source.consulted else ""
        text += f" [Consulter la source]({md_url(source.url)}){consulted}."
    return text


def _cited(case: Case) -> list[Any]:
    """Sources cited in the narrative, in order: they become its footnotes."""
    cited = dict.fromkeys(CITATION_RE.findall(case.record.body))
    return [s for s in case.meta.sources if s.id in cited]
