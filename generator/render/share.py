"""What a page tells sharing and citing tools: schema.org JSON-LD and `citation_*` tags.

The theme (`generator/theme/main.html`, block `extrahead`) prints, on every page,
the OpenGraph and Twitter-card tags and the link to the Atom feed. What only a
generated page knows reaches it through the page's front matter, written here:

- `jsonld`: the schema.org description of a case study (an `Article`), already
  serialised and safe inside `<script>`;
- `head_meta`: `citation_*` tags (Zotero, Google Scholar), names and values
  already escaped for an HTML attribute.

Both are printed as they are, so every value of them is escaped here: front matter
is untrusted text. Drafts get neither (they are cited nowhere).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

from generator.render.cite import DEFAULT_AUTHOR

SCHEMA_ORG = "https://schema.org"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SITE_IMAGE = "assets/partage.png"  # docs/assets/partage.png, drawn by generator/cli/siteimage.py
# What would end a <script> element or a JavaScript string early, as JSON escapes:
# "</script>", "<!--", "]]>" and the line separators JavaScript reads as newlines.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON that can sit inside a <script> element: no character of it can close the
    element nor open a comment, whatever the strings hold."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def case_article(meta: Any, url: str, site_name: str, site_url: str) -> dict[str, Any]:
    """A case study as a schema.org Article: what it is about, when it was last checked,
    what it cites."""
    article: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Article",
        "headline": _plain(meta.title),
        "description": _plain(meta.summary),
        "url": url,
        "inLanguage": "fr-FR",
        "dateModified": str(meta.last_reviewed),
        "about": {"@type": "GovernmentOrganization", "name": _plain(meta.administration),
                  "address": {"@type": "PostalAddress", "addressCountry": meta.country}},
        # Contributors may be people or teams: named, not typed.
        "author": [{"name": _plain(name)} for name in meta.contributors] or [_agent(DEFAULT_AUTHOR, "Organization")],
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
        "image": site_url.rstrip("/") + "/" + SITE_IMAGE,
        "license": LICENSE,
        "citation": [_source(source) for source in meta.sources],
    }
    if meta.tags:
        article["keywords"] = [_plain(tag) for tag in meta.tags]
    return article


def _agent(name: str, kind: str = "Person") -> dict[str, str]:
    return {"@type": kind, "name": _plain(name)}


def _source(source: Any) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": _plain(source.title)}
    if source.author:
        work["author"] = _agent(source.author)
    if source.publisher:
        work["publisher"] = _agent(source.publisher, "Organization")
    if source.date:
        work["datePublished"] = str(source.date)
    if source.url:
        work["url"] = str(source.url)
    return work


def citation_tags(title: str, authors: tuple[str, ...], reviewed: str, url: str,
                  site_name: str) -> list[tuple[str, str]]:
    """The `citation_*` tags Zotero and Google Scholar read, as (name, value) pairs."""
    tags = [("citation_title", _plain(title))]
    tags += [("citation_author", _plain(name)) for name in authors or (DEFAULT_AUTHOR,)]
    date = str(reviewed).replace("-", "/")  # Google Scholar's form: 2026/11/22
    tags += [("citation_publication_date", date), ("citation_date", date),
             ("citation_public_url", url), ("citation_publisher", site_name),
             ("citation_language", "fr")]
    return tags


def front_matter(article: dict[str, Any] | None, tags: list[tuple[str, str]]) -> str:
    """The front-matter lines that carry them to the theme (YAML double-quoted strings)."""
    lines = [f"jsonld: {_yaml(script_json(article))}"] if article else []
    if tags:
        lines.append("head_meta:")
        lines += [f"  - name: {_yaml(str(escape(name)))}\n    content: {_yaml(str(escape(value)))}"
                  for name, value in tags]
    return "\n".join(lines) + "\n" if lines else ""


def _plain(text: str) -> str:
    return " ".join(str(text).split())


def _yaml(text: str) -> str:
    # JSON strings are YAML double-quoted scalars.
    return json.dumps(text, ensure_ascii=False)
