"""Render stage: the site context to pages (path -> text), through Jinja2 templates.

Two environments: one for Markdown pages, where every printed value is escaped
for HTML *and* Markdown unless it is already-safe `Markup`, and one for HTML,
SVG and XML fragments with ordinary autoescaping. Values from case studies are
untrusted text: they always show literally, and are never compiled as templates.
The templates themselves live in the repository and change only through review,
so they run in a plain (not sandboxed) environment: the sandbox's attribute
checks cost more than the rest of the rendering together.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html import unescape as html_unescape
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown.extensions.toc import slugify
from markupsafe import Markup, escape

from . import charts, clidoc, exports, home, layout, paging, sanitize, share, vocab
from . import cite as citations
from . import context as ctx
from .collation import collation_key
from .french import date_fr
from .schema import field_reference
from .validate import CITATION_RE, Case

TEMPLATES = vocab.DATA_DIR.parent / "templates"
# Python-Markdown's escapable characters (with the tables extension's "|").
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML_SPECIALS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@dataclass(frozen=True)
class SiteConfig:
    """What pages need to know about where the site and its sources live."""

    site_url: str
    repo_url: str
    branch: str = "main"
    site_name: str = "Social Media Gouvernance"
    review_years: int = 2

    def edit_url(self, slug: str) -> str:
        return self.source_edit_url(layout.case_file(slug))

    def source_edit_url(self, path: str) -> str:
        """The repository's edit page for a source file."""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{path}"

    def page_url(self, src: str) -> str:
        return self.site_url.rstrip("/") + "/" + layout.address(src)


def md_escape(value: Any) -> str:
    """Text shown literally inside Markdown: HTML-escaped, Markdown specials backslashed."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return _md_escape_text(value)
    return _md_escape_text(str(value))


@cache
def _md_escape_text(value: str) -> str:
    # The same titles and names appear on many pages: escape each once.
    text = " ".join(value.split()).translate(_HTML_SPECIALS)
    return _MD_SPECIALS.sub(r"\\\1", text)


def number(value: float) -> str:
    """75000 -> '75 000', 1.5 -> '1,5' (French typography, narrow no-break space)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def as_of(value: str | None) -> str:
    """When a figure was measured, as a phrase: 'en 2010', 'en juin 2011', 'au 5 juillet 2010'."""
    if not value:
        return "date non précisée par la source"
    return ("au " if len(str(value)) == 10 else "en ") + date_fr(value)


def period(meta: Any) -> str:
    """'2010', '2010–2011' or 'depuis 2010'."""
    if meta.period is None:
        return "non datée par les sources"
    if meta.period.end is None:
        return f"depuis {meta.period.start}"
    if meta.period.end == meta.period.start:
        return str(meta.period.start)
    return f"{meta.period.start}–{meta.period.end}"


def cite(source: Any) -> str:
    """A plain French reference: author, « title », publisher, date."""
    parts = [p for p in (source.author, f"« {source.title} »", source.publisher) if p]
    parts.append(date_fr(source.date, "sans date"))
    return ", ".join(parts)


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=None if autoescape else md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a run: no stat per page
    )
    env.globals["layout"] = layout
    env.filters.update(number=number, date_fr=date_fr, as_of=as_of, period=period, cite=cite, link=_link,
                       href=_href, level=vocab.level_label, level_key=vocab.level_key, platform=vocab.PLATFORMS.get,
                       angle=vocab.ANGLES.get, unit=vocab.UNITS.get, country=_country,
                       practice=_practice, status=vocab.STATUSES.get, yaml_str=_yaml_str, years=ctx.years,
                       url_path=layout.address, md_url=_md_url, safe_md=_safe_md)
    return env


@pass_context
def _link(context: Any, to_src: str) -> Markup:
    return Markup(context["files"].link(context["page"], to_src))


@pass_context
def _href(context: Any, to_src: str) -> str:
    return layout.href(context["page"], to_src)


def _md_url(url: str) -> Markup:
    # Only http(s) URLs reach here (the schema checks); percent-encode what would end
    # a Markdown link target.
    return Markup(quote(url, safe="/:?#@!$&'*+,;=%~"))


def _safe_md(text: str) -> Markup:
    # Our own schema text (backticked codes), not case-study content.
    return Markup(text.replace("|", "\\|"))


def _country(code: str) -> str:
    return vocab.countries().get(code, code)


def _practice(term: str) -> str:
    return vocab.practices()[term]["label"]


def _yaml_str(value: str) -> Markup:
    # A double-quoted YAML scalar carrying HTML-escaped text: the theme prints page
    # meta (title, description) into HTML without escaping it.
    return Markup(json.dumps(str(escape(" ".join(str(value).split()))), ensure_ascii=False))


class Renderer:
    """Turns the site context into the generated pages."""

    def __init__(self, site: ctx.Site, config: SiteConfig, files: layout.Layout | None = None) -> None:
        self.site = site
        self.config = config
        self.files = files or layout.Layout()
        self.md = _environment(autoescape=False)
        self.html = _environment(autoescape=True)

    def page(self, template: str, src: str, **values: Any) -> str:
        """Render a Markdown page template for the page at `src`."""
        def fragment(name: str, **more: Any) -> Markup:
            return self.fragment(name, src, **more)

        # A page made from many sources (an index, a comparison) is edited in its template.
        return self.md.get_template(template).render(page=src, site=self.site, config=self.config,
                                                     files=self.files, fragment=fragment,
                                                     template_src=layout.template_file(template), **values)

    def fragment(self, template: str, src: str, **values: Any) -> Markup:
        """Render an HTML fragment to embed, already safe, in a Markdown page."""
        html = self.html.get_template(template).render(page=src, site=self.site, config=self.config,
                                                       files=self.files, **values)
        # A blank line would end the raw HTML block in Markdown.
        return Markup(_BLANK_LINES_RE.sub("\n", html).strip("\n"))

    def pages(self) -> dict[str, str]:
        """Every generated page and data file, keyed by path in the generated tree."""
        return dict(itertools.chain(self.case_pages(), self.site_pages()))

    # The groups of pages besides the case studies, heaviest first.
    SITE_GROUPS = ("index_pages", "comparison_pages", "data_files", "document_pages", "other_pages")

    def site_pages(self) -> Iterator[tuple[str, str]]:
        """Every generated page but the case-study pages."""
        for group in self.SITE_GROUPS:
            yield from getattr(self, group)()

    def document_pages(self) -> Iterator[tuple[str, str]]:
        for guide in self.site.guides:
            yield self.guide_page(guide)
        for module in self.site.modules:
            yield from self.module_pages(module)

    # --- case studies ---------------------------------------------------------------

    def all_cases(self) -> list[Case]:
        """Published and draft case studies: each has its page."""
        return self.site.cases + self.site.drafts

    def case_pages(self, cases: list[Case] | None = None) -> Iterator[tuple[str, str]]:
        for case in self.all_cases() if cases is None else cases:
            yield self.case_page(case)

    def case_page(self, case: Case) -> tuple[str, str]:
        src = case.src
        sources = {s.id: s for s in case.meta.sources}
        fiche = self.fragment("fiche.html.j2", src, case=case, sources=sources)
        listed = self.fragment("sources.html.j2", src, sources=case.meta.sources)
        citation = Markup(self.citation(src, case.slug, case.meta.title, case.meta.last_reviewed,
                                        tuple(case.meta.contributors)))
        page = self.page("case.md.j2", src, case=case, meta=case.meta, fiche=fiche, sources=listed,
                         body=Markup(BODY_SLOT), footnotes=Markup(NOTES_SLOT), citation=citation,
                         sharing=Markup(self.sharing(src, case.meta)))
        # The narrative's headings sit one level below the page's sections; its
        # citations become footnotes at the end of the page.
        text = sanitize.sanitize(case.record.body, src, md_escape, reserved=page_ids(page), shift=1,
                                 footnotes=_footnote_definitions(case))
        return src, page.replace(BODY_SLOT, text.markdown).replace(NOTES_SLOT, text.footnotes)

    def sharing(self, src: str, meta: Any) -> str:
        """The front-matter lines of a case study for sharing and citing tools (share.py)."""
        url, site = self.config.page_url(src), self.config.site_url
        article = share.case_article(meta, url, self.config.site_name, site)
        tags = share.citation_tags(meta.title, tuple(meta.contributors), meta.last_reviewed, url,
                                   self.config.site_name)
        return share.front_matter(article, tags)

    def citation(self, src: str, key: str, title: str, reviewed: str, authors: tuple[str, ...] = ()) -> str:
        """The « Citer cette page » section of a page."""
        item = citations.Citable(key, title, self.config.page_url(src), reviewed, self.config.site_name, authors)
        return self.page("cite.md.j2", src, french=citations.french(item),
                         bibtex=citations.code_block("bibtex", citations.bibtex(item), "    "),
                         csl=citations.code_block("json", citations.csl_json(item), "    "))

    # --- guides and training modules ---------------------------------------------------

    def guide_page(self, guide: Case) -> tuple[str, str]:
        """A hand-written guide, followed by its related case studies and its citation."""
        src = guide.src
        related, total = ctx.related_to_guide(self.site, guide)
        facets = [(vocab.practices()[t]["label"], layout.facet_value(layout.PRACTICE_FACET, t))
                  for t in guide.meta.practices if any(t in c.meta.practices for c in self.site.cases)]
        facets += [(vocab.ANGLES[a], layout.facet_value(layout.ANGLE_FACET, a)) for a in guide.meta.angles
                   if any(a in c.meta.angles for c in self.site.cases)]
        block = self.page("guide_related.md.j2", src, related=related, total=total, facets=facets)
        citation = self.citation(src, f"guide-{guide.slug}", guide.meta.title, guide.meta.last_reviewed)
        text = sanitize.sanitize(guide.record.body, src, md_escape, reserved=page_ids(block + citation))
        notes = f"\n{text.footnotes}\n" if text.footnotes else ""
        tags = share.citation_tags(guide.meta.title, (), guide.meta.last_reviewed, self.config.page_url(src),
                                   self.config.site_name)
        edit = f"edit_url: {_yaml_str(self.config.source_edit_url(layout.guide_file(guide.slug)))}\n"
        front = _guide_front_matter(guide.meta, edit + share.front_matter(None, tags))
        return src, front + text.markdown + "\n\n" + block + citation + notes

    def module_pages(self, module: Case) -> Iterator[tuple[str, str]]:
        """A training module's course page, its printable handout and, when it has
        exercises, the trainer's answer key (linked from the course page only)."""
        steps = [(step, self._step_target(step)) for step in module.meta.sequence]
        pages = [(module.src, "module.md.j2"), (layout.handout(module.slug), "handout.md.j2")]
        if module.meta.exercises:
            pages.append((layout.answer_key(module.slug), "answer_key.md.j2"))
        for src, template in pages:
            page = self.page(template, src, meta=module.meta, slug=module.slug, steps=steps,
                             body=Markup(BODY_SLOT), answers=layout.answer_key(module.slug))
            text = sanitize.sanitize(module.record.body, src, md_escape, reserved=page_ids(page))
            yield src, page.replace(BODY_SLOT, text.whole())

    def _step_target(self, step: Any) -> dict[str, Any]:
        if step.case:
            case = self.site.by_slug[step.case]
            src = case.src
            return {"title": case.meta.title, "src": src, "case": case, "description": case.meta.summary,
                    "url": self.config.page_url(src)}
        guide = next(g for g in self.site.guides if g.slug == step.guide)
        src = guide.src
        return {"title": guide.meta.title, "src": src, "case": None, "description": guide.meta.description,
                "url": self.config.page_url(src)}

    def hand_written(self, src: str, text: str, generated: set[str]) -> str:
        """A hand-written page with its `<!-- smg:… -->` markers filled in and its links
        to the `generated` pages pointed at their files."""
        if MODULES_MARKER in text:
            modules = [(m.slug, m.meta) for m in self.site.modules]
            text = text.replace(MODULES_MARKER, self.page("module_list.md.j2", src, modules=modules).strip())
        return self.files.hand_written_text(src, text, generated)

    # --- indexes --------------------------------------------------------------------

    def index_pages(self) -> Iterator[tuple[str, str]]:
        pages = paging.paginate(layout.CASES_INDEX, self.site.cases, CASES_PER_PAGE, _title)
        for current in pages:
            # A column no case study fills (all "—") is left out, on every page alike.
            table = self.fragment("case_table.html.j2", current.src, cases=current.items,
                                  populated=any(case.meta.population for case in self.site.cases))
            yield current.src, self.page("cases_index.md.j2", current.src, table=table, current=current,
                                         pages=pages, pager=self._pager(current, pages, "la liste des études de cas"))
        # Every value page of every facet sits at the same depth (cas/<facet>/<value>.md):
        # a case study's entry reads the same on all of them, so it is written once.
        entries: dict[str, Markup] = {}
        for facet in self.site.facets:
            index = layout.facet_index(facet.key)
            yield index, self.page("facet_index.md.j2", index, facet=facet)
            for value in facet.values:
                value_src = layout.facet_value(facet.key, value.key)
                lines = [entries.get(c.slug) or entries.setdefault(c.slug, self._facet_entry(c))
                         for c in value.cases]
                yield value_src, self.page("facet_value.md.j2", value_src, facet=facet, value=value,
                                           entries=Markup("\n".join(lines)))
        yield layout.TAGS, self.page("tags.md.j2", layout.TAGS)

    def _facet_entry(self, case: Case) -> Markup:
        link = self.files.link(layout.facet_value("facette", "valeur"), case.src)
        return Markup(f"- [{md_escape(case.meta.title)}]({link}) — {md_escape(case.meta.administration)}, "
                      f"{md_escape(period(case.meta))}")

    # --- comparisons ------------------------------------------------------------------

    def comparison_pages(self) -> Iterator[tuple[str, str]]:
        yield layout.COMPARISONS_INDEX, self.page("comparisons/index.md.j2", layout.COMPARISONS_INDEX)
        yield from self._matrix("plateformes", "Plateformes", self._platform_columns())
        yield from self._matrix("angles-pratiques", "Angles et pratiques", self._angle_columns())
        yield from self._audiences()
        yield self._adoption()
        yield self._state_vs_local()
        for curated in self.site.curated:
            src = layout.comparison(curated.key)
            yield src, self.page("comparisons/curated.md.j2", src, curated=curated,
                                 figures={c.slug: _figures(c) for c in curated.cases})

    def _platform_columns(self) -> list[tuple[str, str, Any]]:
        used = {p.platform for c in self.site.cases for p in c.meta.platforms}
        return [(key, label, lambda m, k=key: k in {p.platform for p in m.platforms})
                for key, label in vocab.PLATFORMS.items() if key in used]

    def _angle_columns(self) -> list[tuple[str, str, Any]]:
        columns = [(key, label, lambda m, k=key: k in m.angles) for key, label in vocab.ANGLES.items()]
        used = {t for c in self.site.cases for t in c.meta.practices}
        columns += [(key, entry["label"], lambda m, k=key: k in m.practices)
                    for key, entry in vocab.practices().items() if key in used]
        return columns

    def _matrix(self, key: str, what: str, columns: list) -> Iterator[tuple[str, str]]:
        rows = [(case, [bool(test(case.meta)) for _, _, test in columns]) for case in self.site.cases]
        totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
        counts = [(label, total) for (_, label, _), total in zip(columns, totals)]
        pages = paging.paginate(layout.comparison(key), rows, MATRIX_ROWS_PER_PAGE, lambda row: _title(row[0]))
        for current in pages:
            caption = f"{what} de chaque étude de cas" + (f", page {current.number}" if len(pages) > 1 else "")
            table = self.fragment("matrix.html.j2", current.src, columns=columns, rows=current.items,
                                  totals=totals, caption=caption, paged=len(pages) > 1)
            yield current.src, self.page("comparisons/matrix.md.j2", current.src, key=key, what=what, table=table,
                                         counts=counts, current=current,
                                         pager=self._pager(current, pages, f"le tableau {what.lower()}"))

    def _pager(self, current: paging.Page, pages: list[paging.Page], what: str) -> Markup:
        return self.fragment("pager.html.j2", current.src, current=current, pages=pages, label=f"Pages de {what}")

    def _audiences(self) -> Iterator[tuple[str, str]]:
        src = layout.AUDIENCES
        groups = []
        for index, (platform, unit, rows) in enumerate(ctx.comparable_figures(self.site)):
            title = f"{vocab.PLATFORMS[platform]} : {vocab.UNITS[unit]} par étude de cas"
            # A chart stays readable with a few dozen bars; the table below it lists the figures.
            ranked = sorted(rows, key=lambda row: -row.figure.value)
            shown = ranked[:CHART_MAX_BARS]
            bars = [charts.Bar(row.case.meta.administration, row.figure.value,
                               f"{'environ ' if row.figure.approx else ''}{number(row.figure.value)} "
                               f"({date_fr(row.figure.as_of, 'non daté')})")
                    for row in shown]
            chart_title = title if len(shown) == len(rows) else f"{title} ({len(shown)} plus grandes valeurs)"
            full = None
            if len(rows) > AUDIENCE_ROWS:
                # Too many for one page: the largest here, every figure on the group's own pages.
                full = yield from self._audience_group(layout.audience_group(platform, unit), title, rows)
                rows = ranked[:AUDIENCE_ROWS]
            groups.append((title, charts.bar_chart(f"audience-{index}", chart_title, bars), rows, full))
        yield src, self.page("comparisons/audiences.md.j2", src, groups=groups)

    def _audience_group(self, src: str, title: str, rows: list) -> Iterator[tuple[str, str]]:
        rows = sorted(rows, key=lambda row: (collation_key(row.case.meta.administration), row.case.slug))
        pages = paging.paginate(src, rows, CASES_PER_PAGE, lambda row: row.case.meta.administration)
        for current in pages:
            yield current.src, self.page("comparisons/audience_group.md.j2", current.src, title=title,
                                         rows=current.items, total=len(rows), current=current,
                                         pager=self._pager(current, pages, f"« {title} »"))
        return src

    def _adoption(self) -> tuple[str, str]:
        src = layout.ADOPTION
        series = []
        for index, (case, periods, table) in enumerate(ctx.adoption_series(self.site)):
            bars = [charts.Bar(f"{vocab.PLATFORMS[p]} {year}", values.get(year, 0),
                               f"{number(values[year])} %" if year in values else "non mesuré",
                               periods.index(year))
                    for p, values in table.items() for year in periods]
            title = f"{case.meta.administration} : part des administrations présentes, {periods[0]}–{periods[-1]}"
            chart = charts.bar_chart(f"adoption-{index}", title, bars, legend=periods, scale=100)
            series.append((case, periods, table, title, chart))
        return src, self.page("comparisons/adoption.md.j2", src, series=series)

    def _state_vs_local(self) -> tuple[str, str]:
        src = layout.STATE_VS_LOCAL
        groups = ctx.state_vs_local(self.site)
        charts_by_group = {}
        for key, group in groups.items():
            total = len(group["cases"]) or 1
            bars = [charts.Bar(vocab.PLATFORMS[p], 100 * n / total, f"{n} sur {len(group['cases'])}")
                    for p, n in group["platforms"].items()]
            charts_by_group[key] = charts.bar_chart(f"groupe-{key}", _GROUP_TITLES[key], bars, scale=100)
        return src, self.page("comparisons/state_vs_local.md.j2", src, groups=groups,
                              charts=charts_by_group, titles=_GROUP_TITLES)

    # --- data and other pages ---------------------------------------------------------

    def data_files(self) -> Iterator[tuple[str, str]]:
        yield from exports.data_files(self.site.cases, self.site.figures,
                                      case_url=lambda slug: self.config.page_url(layout.case(slug)),
                                      file_url=self.config.page_url)
        feed = self.html.get_template("feed.xml.j2").render(
            site=self.site, config=self.config, entries=self.site.updates,
            updated=max((c.meta.last_reviewed for c in self.site.cases), default="2010-01-01"))
        yield layout.FEED, feed
        yield layout.DATA_INDEX, self.page("data.md.j2", layout.DATA_INDEX, count=len(self.site.cases),
                                            figures=len(self.site.figures), **exports.page_values())

    def other_pages(self) -> Iterator[tuple[str, str]]:
        yield layout.HOME, self.page("home.md.j2", layout.HOME, **home.values(self.site))
        yield layout.FIELDS, self.page("fields.md.j2", layout.FIELDS,
                                                sections=field_reference(), practices=vocab.practices())
        yield layout.COMMANDS, self.page("commands.md.j2", layout.COMMANDS,
                                                   commands=clidoc.command_reference())
        overdue = ctx.overdue(self.site, self.config.review_years)
        yield layout.REVIEW, self.page("review.md.j2", layout.REVIEW,
                                                   overdue=overdue, years=self.config.review_years)


MODULES_MARKER = "<!-- smg:formations -->"
CHART_MAX_BARS = 30
# Rows per page of the long lists, so that no page nears 1 MB at 10,000 case studies
# (a row of the case table weighs about 500 bytes, a matrix row up to about 1.2 KB).
CASES_PER_PAGE = 1000
MATRIX_ROWS_PER_PAGE = 500
AUDIENCE_ROWS = 100  # figures of one platform listed on the audiences page itself

_GROUP_TITLES = {"etat": "État : ministères, gouvernements, agences",
                 "collectivites": "Collectivités locales : communes, intercommunalités, départements, régions"}


def _title(case: Case) -> str:
    return case.meta.title


# Where a contributor text goes in a rendered page, once sanitised. Templates never
# write NUL; a front-matter value carrying a slot would only receive the same clean text
# (and the clean text cannot carry one: the sanitiser drops NUL).
BODY_SLOT = "\x00smg-texte\x00"
NOTES_SLOT = "\x00smg-notes\x00"
_PAGE_ID_RE = re.compile(r"\{ *#([\w:.-]+) *\}|\bid=\"([^\"]+)\"")
_PLAIN_HEADING_RE = re.compile(r"^#{1,6} +((?:(?!\{ *#).)+?) *$", re.MULTILINE)


def page_ids(text: str) -> set[str]:
    """Ids a rendered page uses for its own sections: set ones, and those MkDocs will
    make from headings without one (a contributor's heading must not take them)."""
    ids = {a or b for a, b in _PAGE_ID_RE.findall(text)}
    ids |= {slugify(md_unescape(m.group(1)), "-") for m in _PLAIN_HEADING_RE.finditer(text)}
    return ids


def md_unescape(text: str) -> str:
    """The text a reader sees of `md_escape`d Markdown (backslashes and entities gone)."""
    return html_unescape(re.sub(r"\\(.)", r"\1", text))


def _footnote_definitions(case: Case) -> str:
    return "\n\n".join(f"[^{source.id}]: {md_escape(cite(source))}." for source in _cited(case))


def _guide_front_matter(meta: Any, sharing: str = "") -> str:
    # The theme prints title and description into HTML as they are: only escaped
    # values go into the page's front matter.
    hide = "".join(f"\n  - {_yaml_str(item)}" for item in meta.hide)
    return (f"---\ntitle: {_yaml_str(meta.title)}\ndescription: {_yaml_str(meta.description)}\n"
            + (f"hide:{hide}\n" if hide else "") + sharing
            + "pagefind: true\n---\n")  # indexed (generator/pagefind.py)


_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")


def _figures(case: Case) -> list[tuple[str, Any, Any]]:
    sources = {s.id: s for s in case.meta.sources}
    return [(use.platform, figure, sources.get(figure.source))
            for use in case.meta.platforms for figure in use.audience]


def _cited(case: Case) -> list[Any]:
    """Sources cited in the narrative, in order: they become its footnotes."""
    cited = dict.fromkeys(CITATION_RE.findall(case.record.body))
    return [s for s in case.meta.sources if s.id in cited]
