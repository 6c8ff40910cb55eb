"""The guides and training modules (with their handouts and answer keys), and the
hand-written pages of docs/ as they are copied."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.context import site as ctx
from generator.format import vocab
from generator.format.documents import GuideDocument, ModuleDocument
from generator.render import sanitize, share
from generator.render.body import BODY_SLOT, page_ids
from generator.render.cases import citation
from generator.render.core import RendererCore as Renderer
from generator.render.env import md_escape, yaml_str

MODULES_MARKER = "<!-- smg:formations -->"


def pages(r: Renderer) -> Iterator[tuple[str, str]]:
    """Every guide and every module's pages."""
    for guide in r.site.guides:
        yield guide_page(r, guide)
    for module in r.site.modules:
        yield from module_pages(r, module)


def guide_page(r: Renderer, guide: GuideDocument) -> tuple[str, str]:
    """A hand-written guide, followed by its related case studies and its citation."""
    src = guide.src
    related, total = ctx.related_to_guide(r.site, guide)
    facets = [(vocab.practices()[t]["label"], layout.facet_value(layout.PRACTICE_FACET, t))
              for t in guide.meta.practices if any(t in c.meta.practices for c in r.site.cases)]
    facets += [(vocab.ANGLES[a], layout.facet_value(layout.ANGLE_FACET, a)) for a in guide.meta.angles
               if any(a in c.meta.angles for c in r.site.cases)]
    block = r.page("guide_related.md.j2", src, related=related, total=total, facets=facets)
    cited = citation(r, src, f"guide-{guide.slug}", guide.meta.title, guide.meta.last_reviewed)
    text = sanitize.sanitize(guide.record.body, src, md_escape, reserved=page_ids(block + cited))
    notes = f"\n{text.footnotes}\n" if text.footnotes else ""
    tags = share.citation_tags(guide.meta.title, (), guide.meta.last_reviewed, r.config.page_url(src),
                               r.config.site_name)
    edit = f"edit_url: {yaml_str(r.config.source_edit_url(layout.guide_file(guide.slug)))}\n"
    front = _guide_front_matter(guide.meta, edit + share.front_matter(None, tags))
    return src, front + text.markdown + "\n\n" + block + cited + notes


def module_pages(r: Renderer, module: ModuleDocument) -> Iterator[tuple[str, str]]:
    """A training module's course page, its printable handout and, when it has
    exercises, the trainer's answer key (linked from the course page only)."""
    steps = [(step, _step_target(r, step)) for step in module.meta.sequence]
    made = [(module.src, "module.md.j2"), (layout.handout(module.slug), "handout.md.j2")]
    if module.meta.exercises:
        made.append((layout.answer_key(module.slug), "answer_key.md.j2"))
    for src, template in made:
        page = r.page(template, src, meta=module.meta, slug=module.slug, steps=steps,
                      body=Markup(BODY_SLOT), answers=layout.answer_key(module.slug))
        text = sanitize.sanitize(module.record.body, src, md_escape, reserved=page_ids(page))
        yield src, page.replace(BODY_SLOT, text.whole())


def _step_target(r: Renderer, step: Any) -> dict[str, Any]:
    if step.case:
        case = r.site.by_slug[step.case]
        return {"title": case.meta.title, "src": case.src, "case": case, "description": case.meta.summary,
                "url": r.config.page_url(case.src)}
    guide = next(g for g in r.site.guides if g.slug == step.guide)
    return {"title": guide.meta.title, "src": guide.src, "case": None, "description": guide.meta.description,
            "url": r.config.page_url(guide.src)}


def hand_written(r: Renderer, src: str, text: str, generated: set[str]) -> str:
    """A hand-written page with its `<!-- smg:… -->` markers filled in and its links
    to the `generated` pages pointed at their files."""
    if MODULES_MARKER in text:
        modules = [(m.slug, m.meta) for m in r.site.modules]
        text = text.replace(MODULES_MARKER, r.page("module_list.md.j2", src, modules=modules).strip())
    return r.files.hand_written_text(src, text, generated)


def _guide_front_matter(meta: Any, sharing: str = "") -> str:
    # The theme prints title and description into HTML as they are: only escaped
    # values go into the page's front matter.
    hide = "".join(f"\n  - {yaml_str(item)}" for item in meta.hide)
    return (f"---\ntitle: {yaml_str(meta.title)}\ndescription: {yaml_str(meta.description)}\n"
            + (f"hide:{hide}\n" if hide else "") + sharing
            + "pagefind: true\n---\n")  # indexed (generator/publish/pagefind.py)
