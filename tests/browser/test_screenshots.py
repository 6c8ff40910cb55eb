"""Screenshots of the home page and a case study, desktop and mobile, light and dark.

Written to test-artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ARTIFACTS, DESKTOP, MOBILE

PAGES = {"accueil": "", "rennes": "cas/rennes/", "index-des-cas": "cas/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_screenshots(open_tab: Any, base_url: str, width: int, scheme: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab = open_tab(width=width, scheme=scheme)
    for name, path in PAGES.items():
        tab.page.goto(base_url + path)
        target = ARTIFACTS / f"{name}-{width}-{scheme}.png"
        tab.page.screenshot(path=str(target), full_page=True)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.stat().st_size > 10_000
    assert tab.errors == []
