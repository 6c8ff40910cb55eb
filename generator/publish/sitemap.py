"""The built site's sitemap without the pages that ask not to be indexed (drafts).

MkDocs lists every page in `sitemap.xml` (and its gzip copy). A page whose head says
`<meta name="robots" content="noindex">` (the theme writes it for draft case studies)
must not be offered to search engines there: this step, run on the built site before
it is published, takes such pages out of both files.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITEMAP = "sitemap.xml"
NOINDEX = re.compile(rb"<meta\s+name=\"robots\"\s+content=\"[^\"]*noindex", re.IGNORECASE)
_ENTRY = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>\n?", re.DOTALL)


def noindex(page: Path) -> bool:
    """True when the built page asks search engines not to index it."""
    head = page.read_bytes().split(b"</head>", 1)[0]
    return NOINDEX.search(head) is not None


def drop_unlisted(site: Path, site_url: str) -> list[str]:
    """Remove noindex pages from the sitemap files of `site`; returns their addresses."""
    sitemap = site / SITEMAP
    if not sitemap.is_file():
        return []
    dropped: list[str] = []

    def keep_or_drop(entry: re.Match) -> str:
        page = _page_file(site, site_url, entry.group(1))
        if page is not None and noindex(page):
            dropped.append(entry.group(1))
            return ""
        return entry.group(0)

    text = _ENTRY.sub(keep_or_drop, sitemap.read_text(encoding="utf-8"))
    if dropped:
        sitemap.write_text(text, encoding="utf-8")
        # mtime 0: the same site gives the same bytes.
        (site / (SITEMAP + ".gz")).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return dropped


def _page_file(site: Path, site_url: str, loc: str) -> Path | None:
    base = urlsplit(site_url).path
    path = unquote(urlsplit(loc.strip()).path)
    if not path.startswith(base):
        return None
    relative = path[len(base):].lstrip("/")
    page = site / relative / "index.html" if relative.endswith("/") or not relative else site / relative
    return page if page.is_file() and page.resolve().is_relative_to(site.resolve()) else None
