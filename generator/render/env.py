"""The two Jinja2 environments and the filters the templates use.

One environment is for Markdown pages: every printed value is escaped for HTML *and*
Markdown unless it is already-safe `Markup`. The other is for HTML, SVG and XML
fragments, with ordinary autoescaping. Values from case studies are untrusted text:
they always show literally, and are never compiled as templates. The templates
themselves live in the repository and change only through review, so they run in a
plain (not sandboxed) environment: the sandbox's attribute checks cost more than the
rest of the rendering together.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from generator import layout
from generator.context import site as ctx
from generator.context.french import amount, as_of, date_fr, number, period, situation, source_reference
from generator.format import vocab

TEMPLATES = vocab.DATA_DIR.parent / "templates"
# Python-Markdown's escapable characters (with the tables extension's "|").
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML_SPECIALS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


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


def yaml_str(value: str) -> Markup:
    """A double-quoted YAML scalar carrying HTML-escaped text: the theme prints page
    meta (title, description) into HTML without escaping it."""
    return Markup(json.dumps(str(escape(" ".join(str(value).split()))), ensure_ascii=False))


def environment(autoescape: bool) -> Environment:
    """The Markdown environment (`autoescape=False`, values escaped by `md_escape`) or
    the HTML one."""
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
    env.filters.update(number=number, amount=amount, date_fr=date_fr, as_of=as_of, period=period,
                       cite=source_reference, link=_link, href=_href, level=vocab.level_label,
                       level_key=vocab.level_key, platform=vocab.PLATFORMS.get,
                       angle=vocab.ANGLES.get, unit=vocab.UNITS.get, country=_country,
                       practice=_practice, status=vocab.STATUSES.get, yaml_str=yaml_str, decades=ctx.decades,
                       url_path=layout.address, md_url=md_url, safe_md=_safe_md, situation=situation,
                       source_kind=vocab.SOURCE_KINDS.get, platform_facet=vocab.platform_facet,
                       facet_platform=vocab.FACET_PLATFORMS.get, moderation=vocab.MODERATION_MODES.get)
    return env


@pass_context
def _link(context: Any, to_src: str) -> Markup:
    return Markup(context["files"].link(context["page"], to_src))


@pass_context
def _href(context: Any, to_src: str) -> str:
    return layout.href(context["page"], to_src)


def md_url(url: str) -> Markup:
    """A source's address as a Markdown link target."""
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
