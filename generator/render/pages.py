"""Every page of the site known before rendering, with the ids (anchors) each has once
rendered: what the link check (check/links.py, E507 and E509) compares links with.

Rendering comes after checking, so the check receives this list from its caller
rather than rendering pages itself.
"""

from __future__ import annotations

from pathlib import Path

from generator import layout
from generator.check.links import Pages, parsed_html
from generator.check.record import validate
from generator.context.site import build_site
from generator.format import markdown
from generator.format.documents import Case, Document, GuideDocument, ModuleDocument
from generator.load import load
from generator.load.files import walk
from generator.project.siteconfig import SiteConfig
from generator.render import documents
from generator.render.body import page_ids
from generator.render.renderer import Renderer


def site_pages(docs_dir: Path, cases_dir: Path, config: SiteConfig, public: set[str], drafts: set[str],
               guides: list[GuideDocument], modules: list[ModuleDocument], curated: list[str],
               cases: dict[str, Case] | None = None, broken: set[str] | None = None) -> Pages:
    """Every page known before rendering, with lazily computed anchors. Case studies
    with errors (`broken`) count as pages: their own errors are what to fix."""
    hand_written = _hand_written(docs_dir)
    # One renderer of an empty site: templates compile once; the pages it renders alone
    # (guides, a case study without its related ones) have the ids of the real ones.
    renderer = Renderer(build_site([]), config)
    known = set(hand_written) | set(layout.FIXED_PAGES)
    known |= {layout.case(slug) for slug in public | (broken or set())}
    known |= {guide.src for guide in guides}
    known |= {layout.comparison(key) for key in curated}
    for module in modules:
        known |= {module.src, layout.handout(module.slug)}
        known |= {layout.answer_key(module.slug)} if module.meta.exercises else set()
    by_guide = {guide.src: guide for guide in guides}
    loaded = dict(cases or {})

    def anchors_of(src: str) -> set[str] | None:
        if src in by_guide:
            return page_ids(documents.guide_page(renderer, by_guide[src])[1])
        slug = layout.case_slug(src)
        if slug in public:
            case = loaded.get(slug) or _load_case(cases_dir / f"{slug}.md", public)
            return _case_anchors(case, renderer) if case else None
        if src in hand_written and src.endswith(".md"):
            return _hand_written_anchors(hand_written[src])
        return None

    return Pages(known, {layout.case(slug) for slug in drafts}, anchors_of)


def _ids(html: str) -> set[str]:
    return parsed_html(html).ids


def _hand_written(docs_dir: Path) -> dict[str, Path]:
    if not docs_dir.is_dir():
        return {}
    files, _refused = walk(docs_dir)
    return {rel: docs_dir / rel for rel in files}


def _load_case(path: Path, public: set[str]) -> Case | None:
    if not path.is_file():
        return None
    result = validate(load.load_paths([path]), known_slugs=public)
    return result.cases[0] if result.cases else None


def _case_anchors(case: Case, renderer: Renderer) -> set[str]:
    # Rendered alone: its related case studies are not at hand, their section is added back.
    alone = Document(case.record, case.meta.model_copy(update={"related": []}))
    ids = page_ids(renderer.case_page(alone)[1])
    return ids | ({"etudes-liees"} if case.meta.related else set())


def _hand_written_anchors(path: Path) -> set[str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # MkDocs reports an unreadable page; its anchors are not checked here
    return _ids(markdown.render(_without_front_matter(text)))


def _without_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4:]
    return text
