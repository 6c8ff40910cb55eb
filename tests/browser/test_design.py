"""The home page's search, its no-JavaScript fallback, the 404 page, and the layout
details of design review (matrices at desk width, the Formations tab, headings), in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, BuiltSite, open_rendered
from .searching import PAGEFIND, PAGEFIND_FIELD

BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_home_search_button_opens_the_search(open_tab: Any, base_url: str, width: int) -> None:
    tab = open_tab(width=width)
    tab.page.goto(base_url)
    button = tab.page.locator("[data-smg-home-search]")
    assert button.is_visible()
    button.click()
    tab.page.locator(PAGEFIND_FIELD).wait_for()
    assert tab.page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    tab.page.keyboard.press("Escape")
    assert not tab.page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    assert tab.errors == []


def test_in_the_offline_copy_the_home_button_opens_its_search(open_tab: Any, offline_root: Path) -> None:
    """From file://, the home page's search button opens the offline copy's own search
    (publish/offlinesearch.py), its field focused."""
    tab = open_tab()
    tab.page.goto((offline_root / "index.html").as_uri())
    tab.page.locator("[data-smg-home-search]").click()
    field = tab.page.get_by_label("Mots à chercher")
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
    tab.page.locator(PAGEFIND_FIELD).wait_for()
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
    cite = tab.page.locator("details.smg-cite")  # one « Citer cette page » for every format
    assert cite.count() == 1
    assert not cite.evaluate("details => details.open")
    assert cite.locator("summary").inner_text().strip() == "Citer cette page"
    cite.evaluate("details => { details.open = true }")
    tab.page.emulate_media(media="print")  # Material opens every details block before printing
    assert not cite.is_visible()
    assert cite.get_by_text("BibTeX").count() >= 1  # in the DOM, not printed
    tab.page.emulate_media(media="screen")
    assert cite.is_visible()


@pytest.mark.parametrize("path", ["comparaisons/plateformes/", "comparaisons/angles-pratiques/"])
def test_matrix_fits_at_desk_width(pages_by_width: dict, base_url: str, path: str) -> None:
    page = pages_by_width[DESKTOP]
    open_rendered(page, base_url + path)
    wrap = page.locator(".smg-table-wrap").first
    # A column per platform; the three angles, then the practices named in one column.
    assert wrap.locator("thead th").count() >= (20 if "plateformes" in path else 5)
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "le tableau croisé doit tenir sans défiler"
    assert page.locator(".smg-scroll-hint").count() == 0
    # Column headers are written bottom to top, in columns narrower than a line of text.
    header = wrap.locator("thead th .smg-matrix__label").first
    assert header.evaluate("l => getComputedStyle(l).writingMode") == "vertical-rl"
    assert all(width < 60 for width in wrap.locator("tbody tr").first.locator("td:not(.smg-matrix__listed)")
               .evaluate_all("cells => cells.map(c => c.getBoundingClientRect().width)"))


def test_module_pages_mark_the_formations_tab(pages_by_width: dict, base_url: str, site: BuiltSite) -> None:
    page = pages_by_width[DESKTOP]
    modules = site.pages("formations/")[1:]
    assert len(modules) >= 2
    for path in modules:
        open_rendered(page, base_url + path)
        active = page.locator(".md-tabs__item--active")
        assert active.count() == 1 and active.inner_text().strip() == "Formations", path


# Whether the hidden ¶ of the heading sits on the line of its last word (not alone below).
PILCROW_WITH_LAST_WORD = """(heading) => {
  const link = heading.querySelector('.headerlink')
  const text = document.createRange()
  text.setStart(heading, 0)
  text.setEndBefore(link)
  const bottom = Math.max(...[...text.getClientRects()].filter(r => r.width > 0).map(r => r.bottom))
  return link.getBoundingClientRect().top < bottom - 1
}"""

# The heading narrowed until its text just fits on its lines: there is no room left for the ¶.
SQUEEZE = """(heading) => {
  const text = document.createRange()
  text.setStart(heading, 0)
  text.setEndBefore(heading.querySelector('.headerlink'))
  const right = Math.max(...[...text.getClientRects()].map(r => r.right))
  heading.style.width = (right - heading.getBoundingClientRect().left + 1) + 'px'
}"""


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
@pytest.mark.parametrize("path", ["cas/useo-sites-villes-137/", "cas/rennes/", "guides/twitter-collectivite/"])
def test_headings_have_no_empty_line(pages_by_width: dict, base_url: str, width: int, path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + path)
    headings = page.locator(".md-content :is(h1, h2):has(.headerlink)")
    assert headings.count() >= 3
    alone = [h.inner_text() for h in headings.all() if not h.evaluate(PILCROW_WITH_LAST_WORD)]
    assert alone == []


# Where the last word ends the line exactly: after a letter, and after « ? », where a
# line may otherwise end. Each heading is on one line at desk width.
@pytest.mark.parametrize(("path", "heading"), [("cas/rennes/", "h2:has-text('Études de cas liées')"),
                                               ("guides/twitter-collectivite/", "h2:has-text('?')")])
def test_a_full_line_takes_the_last_word_with_its_pilcrow(pages_by_width: dict, base_url: str,
                                                          path: str, heading: str) -> None:
    page = pages_by_width[DESKTOP]
    open_rendered(page, base_url + path)
    title = page.locator(f".md-content {heading}").first
    lines = title.evaluate("h => Math.round(h.getBoundingClientRect().height)")
    assert lines < 1.5 * float(title.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)"))
    title.evaluate(SQUEEZE)
    assert title.evaluate(PILCROW_WITH_LAST_WORD), title.inner_text()
    assert title.evaluate("h => Math.round(h.getBoundingClientRect().height)") > lines  # the word went down
