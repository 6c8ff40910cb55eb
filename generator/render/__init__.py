"""Render stage: the site context to pages (page name -> text), through Jinja2 templates.

- `env`: the two Jinja2 environments (Markdown, HTML) and the filters; escaping of
  untrusted values.
- `renderer`: the `Renderer`, which the sections share, and the list of page groups.
- `body`: where a contributor's sanitised text goes in a page, and the ids it must not take.
- `sanitize`: a contributor's text, cleaned by the allow-list (format/markdown.py), written
  back into the page's Markdown, with its on-disk cache.
- One module per section of the site: `cases` (case-study pages), `indexes` (lists and
  facets), `comparisons`, `documents` (guides, training modules, hand-written pages),
  `data` (open data and feed), `other` (home and contributor reference pages).

Templates are in generator/templates/; page names and addresses come from layout.py.
"""

from generator.render.body import page_ids
from generator.render.env import TEMPLATES, md_escape
from generator.render.renderer import SITE_GROUPS, Renderer

__all__ = ["SITE_GROUPS", "TEMPLATES", "Renderer", "md_escape", "page_ids"]
