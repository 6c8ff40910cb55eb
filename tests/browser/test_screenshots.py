"""Screenshots of each page type, desktop and mobile, light and dark, for a person to look at.

Written to test-artifacts/screenshots/ (ignored by git; the pull-request workflow keeps
it as an artifact). The site is served as GitHub Pages serves it (`subpath_url`), so that
the 404 page shows with its styles and absolute links.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ARTIFACTS, DESKTOP, MOBILE

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
    "index-des-cas": "cas/",
    "comparaison-plateformes": "comparaisons/plateformes/",
    "comparaison-angles-pratiques": "comparaisons/angles-pratiques/",
    "comparaison-cote-a-cote": "comparaisons/twitter-grandes-villes/",
    "donnees": "donnees/",
    "page-introuvable": "cette-page-n-existe-pas/",
}


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
        tab.page.screenshot(path=str(target), full_page=True, animations="disabled")  # tabs fade in
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.stat().st_size > 10_000
    assert tab.errors == []
