"""Where a contributor's text goes in a rendered page, and the ids it must not take.

A page is rendered from its template with a slot where the sanitised text of the
case study, guide or module goes; the sanitiser is told which ids the page already
uses, so that a contributor's heading never takes the id of one of its sections.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape

from markdown.extensions.toc import slugify

# Templates never write NUL; a front-matter value carrying a slot would only receive the
# same clean text (and the clean text cannot carry one: the sanitiser drops NUL).
BODY_SLOT = "\x00smg-texte\x00"
NOTES_SLOT = "\x00smg-notes\x00"
_PAGE_ID_RE = re.compile(r"\{ *#([\w:.-]+)(?: +[\w-]+=\"[^\"]*\")* *\}|\bid=\"([^\"]+)\"")
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
