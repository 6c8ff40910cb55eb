"""The preview's page for a case study still being written (`smg serve`): its address,
a banner listing what stops it from being published, and its narrative, made as safe as
any published one. It is never part of a published site: `smg build` refuses the case
until it is valid."""

from __future__ import annotations

import functools

from markupsafe import Markup

from generator import layout
from generator.format.documents import Record
from generator.problems import Problem
from generator.render import sanitize
from generator.render.env import environment, md_escape


def preview_page(record: Record, problems: list[Problem]) -> str:
    """The page of a case study that does not validate, with `problems` (its own)."""
    data = record.data if isinstance(record.data, dict) else {}
    title = data.get("title") if isinstance(data.get("title"), str) and data["title"].strip() else record.slug
    src = layout.case(record.slug)
    body = ""
    if record.data is not None and record.body.strip():
        body = sanitize.sanitize(record.body, src, md_escape, shift=1).markdown
    return _template().render(title=title, path=record.name or record.path.name, body=Markup(body),
                           problems=sorted(problems, key=lambda p: (p.line, p.column)))


@functools.cache
def _template():
    # One environment for the server's life: each regeneration may write a preview.
    return environment(autoescape=False).get_template("preview.md.j2")
