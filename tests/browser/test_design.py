"""The home page's search, its no-JavaScript fallback, and the 404 page, in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, PAGEFIND

BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_home_search_button_opens_the_search(open_tab: Any, base_url: str, width: int) -> None:
    tab = open_tab(width=width)
    tab.page.goto(base_url)
    button = tab.page.locator("[data-smg-home-search]")
    assert button.is_visible()
    button.click()
    tab.page.locator(f"{PAGEFIND} .pagefind-ui__search-input").wait_for()
    assert tab.page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    tab.page.keyboard.press("Escape")
    assert not tab.page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    assert tab.errors == []


def test_in_the_offline_copy_the_home_button_opens_materials_search(open_tab: Any, offline_root: Path) -> None:
    tab = open_tab()
    tab.page.goto((offline_root / "index.html").as_uri())
    tab.page.locator("[data-smg-home-search]").click()
    field = tab.page.locator(".md-search__input")
    field.wait_for(state="visible")
    assert field.evaluate("field => field === document.activeElement")
    assert tab.errors == []


def test_without_javascript_the_home_page_says_why_there_is_no_search(open_tab: Any, base_url: str) -> None:
    tab = open_tab(javascript=False)
    tab.page.goto(base_url)
    assert not tab.page.locator("[data-smg-home-search]").is_visible()
    notice = tab.page.locator(".smg-hero noscript, .smg-hero p", has_text="La recherche nécessite JavaScript")
    assert notice.first.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_404_page_is_usable(open_tab: Any, subpath_url: str, width: int, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = open_tab(width=width, scheme=scheme)
    response = tab.page.goto(subpath_url + "cas/cette-fiche-n-existe-pas/")
    assert response is not None and response.status == 404
    assert tab.page.locator("h1").inner_text() == "Page introuvable"
    assert tab.page.evaluate("document.documentElement.lang") == "fr"
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tab.page.locator("[data-smg-home-search]").click()
    tab.page.locator(f"{PAGEFIND} .pagefind-ui__search-input").wait_for()
    tab.page.keyboard.press("Escape")
    home = tab.page.get_by_role("link", name="Revenir à l’accueil")
    home.click()
    tab.page.wait_for_url(subpath_url + "**")
    assert tab.page.locator(".smg-hero h1").is_visible()
    tab.page.go_back()
    violations = Axe().run(tab.page).response["violations"]
    blocking = [(v["id"], [node["target"] for node in v["nodes"]], v["nodes"][0]["failureSummary"])
                for v in violations if v["impact"] in BLOCKING]
    assert blocking == []
    assert tab.errors == []


def test_citation_formats_stay_folded_on_screen_and_out_of_print(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    formats = tab.page.locator(".smg-cite details")
    assert formats.count() == 2
    assert all(not formats.nth(i).evaluate("details => details.open") for i in range(2))
    tab.page.evaluate("document.querySelectorAll('.smg-cite details').forEach(d => { d.open = true })")
    tab.page.emulate_media(media="print")  # Material opens every details block before printing
    assert all(not formats.nth(i).is_visible() for i in range(2))
    assert tab.page.locator(".smg-cite").get_by_text("Référence BibTeX").count() == 1  # in the DOM, not printed
    tab.page.emulate_media(media="screen")
    assert formats.first.is_visible()
