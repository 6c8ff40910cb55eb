"""The redirect pages of renamed documents, in French.

mkdocs-redirects writes each former address (an alias, build/mkdocs-redirects.yml) as a
fixed English page ("Redirecting...") and has no template option. After MkDocs, smg
rewrites those pages: same target, same instant redirect that keeps the #fragment, but
in French, with the new address as a link for a reader whose browser does not follow it.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

import yaml

# What identifies a page written by mkdocs-redirects, and the target it points to.
PLUGIN_SIGNATURE = "You're being redirected to a"
TARGET_RE = re.compile(r'<link rel="canonical" href="([^"]*)">')

PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page déplacée - {site_name}</title>
<link rel="canonical" href="{url}">
<script>var anchor=window.location.hash.substr(1);location.replace({url_js}+(anchor?"#"+anchor:""))</script>
<meta http-equiv="refresh" content="0; url={url}">
</head>
<body>
<main>
<h1>Cette page a changé d'adresse</h1>
<p>Vous allez être redirigé vers sa nouvelle adresse : <a href="{url}">{url}</a>.</p>
<p>Si rien ne se passe, suivez ce lien, et mettez à jour vos favoris.</p>
</main>
</body>
</html>
"""


def former_pages(redirects_file: Path) -> list[str]:
    """The former page paths ('cas/ancien.md') listed in the generated redirects file."""
    try:
        settings = yaml.safe_load(redirects_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    plugin = ((settings.get("plugins") or {}).get("redirects") or {})
    return list(plugin.get("redirect_maps") or {})


def html_candidates(src: str) -> tuple[str, str]:
    """Where MkDocs writes the page `src`: with directory URLs, and without (offline copy)."""
    stem = src[: -len(".md")]
    return f"{stem}/index.html", f"{stem}.html"


def french_page(english: str, site_name: str) -> str | None:
    """The French page for one written by mkdocs-redirects; None for any other page."""
    found = TARGET_RE.search(english)
    if PLUGIN_SIGNATURE not in english or found is None:
        return None
    url = unescape(found.group(1))
    return PAGE.format(url=escape(url), url_js=_js_string(url), site_name=escape(site_name))


def _js_string(text: str) -> str:
    # A JavaScript string literal that cannot close the <script> element.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c") + '"'


def rewrite(site_dir: Path, redirects_file: Path, site_name: str) -> int:
    """Rewrite every redirect page of `site_dir` in French; how many were rewritten."""
    count = 0
    for src in former_pages(redirects_file):
        for rel in html_candidates(src):
            path = site_dir / rel
            if not path.is_file():
                continue
            page = french_page(path.read_text(encoding="utf-8"), site_name)
            if page is not None:
                path.write_text(page, encoding="utf-8")
                count += 1
    return count
