"""Search finds the case studies, with or without accents (generator/searchfold.py)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import MOBILE, BuiltSite, open_search, search

# query -> a case study (or page) that must be among the results
EXPECTED = [
    ("collectivités", "cas/regions-francaises/"),   # accents
    ("collectivites", "cas/regions-francaises/"),   # the same without accents
    ("collectivites", "cas/ministeres-francais/"),
    ("Region", "cas/regions-francaises/"),          # capital, no accent
    ("régions", "cas/regions-francaises/"),         # plural
    ("villes", "cas/villes-americaines-2010-2011/"),  # plural
    ("ministères", "cas/ministeres-francais/"),
    ("ministeres", "cas/ministeres-francais/"),     # plural without accents
    ("l'État", "cas/ministeres-francais/"),          # elided word
    ("l’État", "cas/ministeres-francais/"),          # with a typographic apostrophe
    ("l'Etat", "cas/ministeres-francais/"),
    ("Montpellier", "cas/montpellier/"),             # a city
    ("Issy", "cas/issy-les-moulineaux/"),
]

# Without accents, a query finds at least every page the accented query finds.
FOLDED_PAIRS = [("collectivites", "collectivités"), ("Region", "Région"),
                ("ministeres", "ministères"), ("etat", "état"), ("Etats-Unis", "États-Unis")]


@pytest.fixture(scope="module")
def search_page(browser: Any, base_url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url)
    yield page
    context.close()


@pytest.mark.parametrize(("query", "expected"), EXPECTED)
def test_query_finds_the_case_study(search_page: Any, query: str, expected: str) -> None:
    found = search(search_page, query)
    assert expected in found, f"« {query} » : {expected} absent des résultats {found}"


def test_best_result_for_a_city_is_its_case_study(search_page: Any) -> None:
    assert search(search_page, "Montpellier")[0] == "cas/montpellier/"
    assert search(search_page, "Region")[0] == "cas/regions-francaises/"


@pytest.mark.parametrize(("plain", "accented"), FOLDED_PAIRS)
def test_accent_free_query_finds_what_the_accented_one_finds(search_page: Any, plain: str,
                                                             accented: str) -> None:
    with_accents = search(search_page, accented)
    without = search(search_page, plain)
    assert with_accents, f"« {accented} » ne trouve rien"
    assert set(with_accents) <= set(without), set(with_accents) - set(without)


def test_snippets_show_the_real_accented_text(search_page: Any) -> None:
    search(search_page, "collectivites")
    marks = search_page.eval_on_selector_all(
        ".md-search-result__item", """items => items
          .filter(item => new URL(item.querySelector('a').href).pathname.endsWith('/cas/regions-francaises/'))
          .flatMap(item => [...item.querySelectorAll('mark')].map(mark => mark.textContent.toLowerCase()))""")
    assert "collectivités" in marks, marks  # the page's own word is highlighted…
    assert "collectivites" not in marks     # …never a folded form the page does not contain


def test_search_works_on_mobile(open_tab: Any, base_url: str) -> None:
    tab = open_tab(width=MOBILE)
    tab.page.goto(base_url + "cas/rennes/")
    assert "cas/nantes/" in search(tab.page, "nantes")
    assert tab.errors == []


def test_search_result_opens_the_page(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url)
    search(tab.page, "montpellier")
    tab.page.locator(".md-search-result__item > a").first.click()
    tab.page.wait_for_url("**/cas/montpellier/**")
    assert "Montpellier" in tab.page.locator("h1").inner_text()


def test_folded_language_file_is_served(site: BuiltSite) -> None:
    script = (site.root / "assets/javascripts/lunr/min/lunr.fr.min.js").read_text(encoding="utf-8")
    assert script.startswith("/*!\n * Lunr languages, `French` language")  # Material's own file…
    assert "smgAccentFold" in script                                          # …then the folding


def test_keyboard_opens_search(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url)
    tab.page.keyboard.press("/")
    assert tab.page.evaluate("document.activeElement.classList.contains('md-search__input')")
    open_search(tab.page)
