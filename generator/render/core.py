"""The renderer's core: what the sections of render/ share, without knowing them (the
sections import it; render/renderer.py lists the sections)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.context import paging
from generator.context import site as ctx
from generator.project.siteconfig import SiteConfig
from generator.render.env import environment

_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")


class RendererCore:
    """The site context, the settings, the page layout and the two environments: what every
    section renders with (`page`, `fragment`, `pager`)."""

    def __init__(self, site: ctx.Site, config: SiteConfig, files: layout.Layout | None = None,
                 commands: tuple = ()) -> None:
        self.site = site
        self.config = config
        self.files = files or layout.Layout()
        # The CLI's commands for their reference page (render/other.py CommandDoc), given by
        # the caller: rendering never imports the command line.
        self.commands = tuple(commands)
        self.md = environment(autoescape=False)
        self.html = environment(autoescape=True)

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

    def pager(self, current: paging.Page, pages: list[paging.Page], what: str) -> Markup:
        """The links between the pages of a long list (`what`: which list, for its label)."""
        return self.fragment("pager.html.j2", current.src, current=current, pages=pages, label=f"Pages de {what}")
