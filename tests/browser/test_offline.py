"""The offline copy (generator/publish/offline.py): a zip that opens from file://, navigation and search work."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator.publish import offline, offlinesearch

from .conftest import BuiltSite, offline_search


def test_archive_holds_the_offline_site(site: BuiltSite) -> None:
    assert site.archive == site.root / "telecharger" / offline.ARCHIVE_NAME
    with zipfile.ZipFile(site.archive) as bundle:
        names = set(bundle.namelist())
        prefix = offline.ROOT_IN_ARCHIVE + "/"
        assert {prefix + "index.html", prefix + "cas/rennes/index.html", prefix + offlinesearch.INDEX,
                prefix + offlinesearch.SCRIPT, prefix + offlinesearch.STYLE,
                prefix + "javascripts/vendor/iframe-worker-shim.js"} <= names
        assert all(name.startswith(prefix) for name in names)
        assert not any(name.endswith(".map") or "/telecharger/" in name for name in names)
        home = bundle.read(prefix + "index.html").decode("utf-8")
    assert "unpkg.com" not in home and "javascripts/vendor/iframe-worker-shim.js" in home
    assert offline.ARCHIVE_NAME not in home  # the copy does not link to itself


def test_every_relative_link_of_the_offline_copy_opens_a_file(offline_root: Path) -> None:
    """Raw-HTML links (fact sheets, tables) too: generator/publish/offline.py rewrites them."""
    broken, checked = [], 0
    for page in sorted(offline_root.rglob("*.html")):
        if page.name == "404.html":  # served by a web server only, with absolute links
            continue
        for url in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            path = re.split(r"[?#]", url)[0]
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):
                continue
            checked += 1
            if path.endswith("/") or not (page.parent / path).is_file():
                broken.append(f"{page.relative_to(offline_root)} -> {url}")
    assert checked > 1000
    assert broken == []


def test_offline_copy_navigates_and_searches_from_file_urls(open_tab: Any, offline_root: Path) -> None:
    tab = open_tab()
    page = tab.page
    page.goto((offline_root / "index.html").as_uri())
    page.locator(".md-tabs__link", has_text="Études de cas").click()
    page.wait_for_url("**/cas/index.html")
    page.locator("table.smg-cases a", has_text="Rennes").click()
    page.wait_for_url("**/cas/rennes/index.html")
    assert "Rennes" in page.locator("h1").inner_text()
    page.locator(".smg-fiche a", has_text="Commune").click()  # a raw-HTML link of the fact sheet
    page.wait_for_url("**/cas/par-niveau/commune/index.html")
    page.locator(".md-content a", has_text="Rennes").first.click()  # not the sidebar's comparisons
    page.wait_for_url("**/cas/rennes/index.html")
    assert page.locator(".smg-fiche").is_visible()
    found = offline_search(page, "collectivites")
    assert "cas/regions-francaises/index.html" in found, found
    page.locator("#smg-search [data-smg-search-results] a").first.press("Enter")  # the keyboard
    page.wait_for_url("**/" + found[0])
    assert page.url.startswith("file://") and page.url.split("?")[0].endswith(".html")
    assert tab.errors == [], tab.errors
    assert tab.requests and all(url.startswith(("file://", "data:", "blob:", "about:"))
                                for url in tab.requests), [u for u in tab.requests if "file://" not in u]


def test_offline_table_filters_from_file_urls(open_tab: Any, offline_root: Path) -> None:
    tab = open_tab(width=375)
    tab.page.goto((offline_root / "cas" / "index.html").as_uri())
    rows = tab.page.locator("table.smg-cases tbody tr")
    regions = rows.evaluate_all("rows => rows.filter(r => r.dataset.level === 'region').length")
    assert 0 < regions < rows.count()
    tab.page.get_by_label("Niveau", exact=True).select_option("region")
    assert tab.page.locator("table.smg-cases tbody tr:not([hidden])").count() == regions
    assert tab.errors == []


@pytest.mark.parametrize(("query", "accented"), [
    ("collectivites", re.compile(r"collectivités", re.IGNORECASE)),
    ("etat", re.compile(r"\b[ld][’']État\b")),  # an elided article, an accent, a capital
    ("oeuvre", re.compile(r"œuvre", re.IGNORECASE)),
])
def test_offline_search_folds_accents_from_file_urls(open_tab: Any, offline_root: Path, query: str,
                                                     accented: re.Pattern) -> None:
    """Typed without accents, a word finds the pages that write it with them; the field is
    labelled, the results are announced (a live region), and nothing leaves file://."""
    tab = open_tab()
    page = tab.page
    page.goto((offline_root / "index.html").as_uri())
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "smg-search-field"
    assert page.locator("#smg-search [data-smg-search-results]").evaluate(
        "list => list.closest('[aria-live]') !== null")
    found = offline_search(page, query)
    assert found, f"nothing found for {query}"
    texts = [(offline_root / path).read_text(encoding="utf-8") for path in found[:10]]
    assert any(accented.search(text) for text in texts), found[:10]
    assert tab.errors == [], tab.errors
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in tab.requests)


def test_offline_search_matches_either_apostrophe_and_shows_french_typography(open_tab: Any,
                                                                              offline_root: Path) -> None:
    """A reader types ' or ’: the same pages are found; the message and the results show
    the typographic forms (no-break spaces inside « » and before ":", ’)."""
    tab = open_tab()
    page = tab.page
    page.goto((offline_root / "index.html").as_uri())
    straight = offline_search(page, "l'État")
    typographic = offline_search(page, "l\u2019État")
    assert straight and straight == typographic
    message = page.locator("#smg-search [data-smg-search-status]").text_content()
    assert message.endswith(" pour \u00ab\u202fl\u2019État\u202f\u00bb."), message
    shown = page.eval_on_selector_all("#smg-search [data-smg-search-results] li",
                                      "items => items.map(item => item.textContent)")
    assert any("\u2019" in text for text in shown) and any("\u00a0:" in text for text in shown), shown[:5]
    assert [text for text in shown if re.search(r" [:;!?\u00bb]|\u00ab |[^\W\d_]'[^\W\d_]", text)] == []
    assert tab.errors == [], tab.errors
