"""The reader's frame (issue 28, item 3): no contribution link in the header, the repository
in the footer, « Éditer » accented, the citation formats folded, breadcrumbs on case pages,
no code in reader guides; axe on those pages with a phone's emulation, both palettes."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, PALETTES, WAIT_MS, open_rendered, tabs_by_width
from .layout import run_axe

CASE = "cas/rennes/"
GUIDE = "guides/mesurer-sa-presence/"
RECORDING = "contribuer/consigner-un-chiffre/"
REPO = "github.com/social-media-gouvernance/base-de-connaissances"
WIDTHS = (MOBILE, DESKTOP)


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Any:
    """A phone (touch, mobile viewport) and a desktop tab, light palette."""
    with tabs_by_width(browser, WIDTHS, 900, touch=True) as pages:
        yield pages


@pytest.mark.parametrize("width", WIDTHS)
def test_contribution_links_leave_the_header_for_the_footer(tabs: dict, base_url: str, width: int) -> None:
    page = tabs[width]
    open_rendered(page, base_url + CASE)
    assert page.locator(f".md-header a[href*='{REPO}'], .md-sidebar--primary a[href*='{REPO}']").count() == 0
    assert page.get_by_text("Contribuer sur GitHub").count() == 0
    footer = page.locator(f".md-footer a[href*='{REPO}']")
    assert footer.count() == 1 and footer.inner_text() == "Le projet sur GitHub"
    assert page.locator(".md-footer a[href$='contribuer/']").inner_text() == "Contribuer à la base"
    edit = page.locator("a.md-content__button[rel='edit']")
    assert edit.get_attribute("title") == "Éditer cette page sur GitHub"
    assert edit.get_attribute("href").endswith("/edit/main/casestudies/rennes.md")


@pytest.mark.parametrize("width", WIDTHS)
def test_citation_formats_are_one_closed_disclosure(tabs: dict, base_url: str, width: int) -> None:
    page = tabs[width]
    open_rendered(page, base_url + CASE)
    cite = page.locator("details#citer")
    assert cite.count() == 1 and not cite.evaluate("d => d.open")
    assert cite.locator("summary").inner_text() == "Citer cette page"
    assert cite.locator("details").count() == 0
    assert not cite.locator("pre").first.is_visible()
    assert page.locator("h2", has_text="Citer cette page").count() == 0
    cite.locator("summary").click()
    assert cite.evaluate("d => d.open")
    assert [pre.is_visible() for pre in cite.locator("pre").all()] == [True, True]
    assert "@misc{smg-rennes," in cite.locator("pre").first.inner_text()
    # The box of the opened citation fits the window: its code scrolls inside.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_case_page_has_breadcrumbs(tabs: dict, base_url: str, width: int) -> None:
    page = tabs[width]
    open_rendered(page, base_url + CASE)
    trail = page.locator("nav[aria-label='Fil d’Ariane']")
    assert trail.count() == 1
    items = trail.locator("ol > li")
    title = page.locator(".md-content h1").evaluate("h => h.firstChild.textContent.trim()")
    assert items.all_inner_texts() == ["Accueil", "Études de cas", title]
    assert title.startswith("Rennes")
    assert items.nth(2).get_attribute("aria-current") == "page" and items.nth(2).locator("a").count() == 0
    assert [a.get_attribute("aria-current") for a in trail.locator("a").all()] == [None, None]
    # Before the title, and its links lead to the home page and the index of case studies.
    assert trail.evaluate("n => !!(n.compareDocumentPosition(document.querySelector('.md-content h1'))"
                          " & Node.DOCUMENT_POSITION_FOLLOWING)")
    trail.get_by_role("link", name="Études de cas").click()
    page.wait_for_url(base_url + "cas/")
    trail = page.locator("nav[aria-label='Fil d’Ariane']")
    assert trail.count() == 0  # an index page is the top of its section
    page.go_back()
    page.locator("nav[aria-label='Fil d’Ariane']").get_by_role("link", name="Accueil").click()
    page.wait_for_url(base_url)


def test_reader_guide_shows_no_code_and_links_to_its_recording_page(tabs: dict, base_url: str) -> None:
    page = tabs[MOBILE]
    open_rendered(page, base_url + GUIDE)
    content = page.locator(".md-content")
    # The only code is the citation's, folded (test_citation_formats_are_one_closed_disclosure).
    assert content.evaluate("c => [...c.querySelectorAll('pre, code')].filter(e => !e.closest('#citer')).length") == 0
    assert "as_of" not in content.inner_text()
    link = content.get_by_role("link", name="Consigner un chiffre dans une étude de cas")
    link.click()
    page.wait_for_url(base_url + RECORDING)
    # Nothing lost: the two recorded examples and what each field means.
    blocks = page.locator(".md-content pre").all_inner_texts()
    assert len(blocks) == 2 and "value: 75000" in blocks[0] and "among: presentes" in blocks[1]
    text = page.locator(".md-content").inner_text()
    for kept in ("date non précisée par la source", "AAAA-MM-JJ", "près de 75", "Format des études de cas"):
        assert kept in text, kept


BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_changed_pages_pass_axe_on_a_phone(browser: Any, base_url: str, scheme: str) -> None:
    """The pages this frame changed, with a phone's emulation (touch, mobile viewport), the
    citation opened."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": MOBILE, "height": 900}, locale="fr-FR", is_mobile=True,
                                  has_touch=True, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    problems = []
    try:
        for path in (CASE, GUIDE, RECORDING, "cas/", "comparaisons/audiences/", "comparaisons/twitter-grandes-villes/"):
            open_rendered(page, base_url + path)
            if path == CASE:
                page.locator("details#citer summary").click()
            found = run_axe(axe, page, None)
            assert found.scheme == PALETTES[scheme], path
            problems += [f"/{path} [{scheme}] : {v['id']} ({v['impact']})" for v in found.violations
                         if v["impact"] in BLOCKING]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
