"""Screenshots of each page type, desktop and mobile, light and dark, for a person to look at.

Written to test-artifacts/screenshots/ (ignored by git; the pull-request workflow keeps
it as an artifact). The site is served under its real subpath (site_url), with 404.html
answering missing addresses as GitHub Pages does, so that the 404 page shows with its
styles and absolute links.
"""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import ARTIFACTS, DESKTOP, MOBILE, BuiltSite, serving

SCREENSHOTS = ARTIFACTS / "screenshots"
# One page of each type (paths under the site root).
PAGES = {
    "accueil": "",
    "etude-de-cas": "cas/rennes/",
    "guide": "guides/strategie-trois-angles/",
    "module": "formations/decouvrir-les-trois-angles/",
    "index-par-niveau": "cas/par-niveau/",
    "facette-commune": "cas/par-niveau/commune/",
    "etiquettes": "cas/etiquettes/",
    "comparaison-plateformes": "comparaisons/plateformes/",
    "comparaison-cote-a-cote": "comparaisons/twitter-grandes-villes/",
    "donnees": "donnees/",
    "page-introuvable": "cette-page-n-existe-pas/",
}


def _handler(prefix: str, root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Subpath(http.server.SimpleHTTPRequestHandler):
        """The site under `prefix`, 404.html (status 404) for anything missing."""

        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            return super().translate_path("/" + path[len(prefix):] if path.startswith(prefix) else path)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            page = root / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Subpath


@pytest.fixture(scope="module")
def subpath_url(site: BuiltSite) -> Iterator[str]:
    prefix = urlsplit(site.project.config().site_url).path.rstrip("/") + "/"
    with serving(_handler(prefix, site.root), site.root) as port:
        yield f"http://127.0.0.1:{port}{prefix}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_screenshots(open_tab: Any, subpath_url: str, width: int, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = open_tab(width=width, scheme=scheme)
    for name, path in PAGES.items():
        response = tab.page.goto(subpath_url + path)
        assert response is not None and response.status == (404 if name == "page-introuvable" else 200), path
        # Material's stylesheet loaded (absolute links of 404.html included): the header sticks.
        assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", path
        target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
        tab.page.screenshot(path=str(target), full_page=True)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.stat().st_size > 10_000
    assert tab.errors == []
