"""The redirect pages of renamed documents, written by smg in French.

`smg generate` records each former address (an alias) and the page it leads to in
`build/redirects.json` (generator/write/redirects.py). Once the engine has built the
site, `write_pages` writes one small French page per former address, where the engine
would have written the page itself: `cas/ancien/index.html` for the site (directory
URLs), `cas/ancien.html` for a copy without them. The page sends the reader on at
once, keeping the #fragment, names the new address as a link for a browser that does
not follow it, and is neither indexed (noindex) nor listed in the sitemap (written
after the engine, which made the sitemap). No engine plugin is involved, so every
engine (MkDocs, ProperDocs, Zensical) gets the same pages.
"""

from __future__ import annotations

import json
import posixpath
from html import escape
from pathlib import Path

from generator.write.files import write_file

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


def read_map(redirects_file: Path) -> dict[str, str]:
    """Former page paths ('cas/ancien.md') -> current ones, as `smg generate` recorded them."""
    try:
        data = json.loads(redirects_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {old: new for old, new in data.items() if isinstance(old, str) and isinstance(new, str)}


def html_path(src: str, directory_urls: bool = True) -> str:
    """The file an engine writes for the page `src`, as MkDocs names it."""
    stem = src[: -len(".md")]
    if posixpath.basename(stem) in ("index", "README"):
        return posixpath.join(posixpath.dirname(stem), "index.html")
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def target_url(old: str, new: str, directory_urls: bool = True) -> str:
    """The link from the page `old` to the page `new`, relative, as the site writes links."""
    new_file = html_path(new, directory_urls)
    if directory_urls:
        new_file = posixpath.dirname(new_file) or "."
    relative = posixpath.relpath(new_file, posixpath.dirname(html_path(old, directory_urls)) or ".")
    return relative + "/" if directory_urls else relative


def page(url: str, site_name: str) -> str:
    """The French redirect page to `url`."""
    return PAGE.format(url=escape(url), url_js=_js_string(url), site_name=escape(site_name))


def _js_string(text: str) -> str:
    # A JavaScript string literal that cannot close the <script> element.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c") + '"'


def write_pages(site_dir: Path, redirects_file: Path, site_name: str, directory_urls: bool = True) -> int:
    """Write the redirect page of every former address into `site_dir`; how many."""
    mapping = read_map(redirects_file)
    for old, new in mapping.items():
        write_file(site_dir / html_path(old, directory_urls), page(target_url(old, new, directory_urls), site_name))
    return len(mapping)
