"""Keyboard: every Tab stop is something the reader can see; the skip link is fully shown.

On every built page, at 375 and 1280 px, the first TAB_STOPS stops of the Tab key are
recorded as they take the focus (layout.py, one walk per width): each must have a box of
its own (or, for Material's palette switch, a visible label that shows the focus), inside
the window sideways, and not be hidden. At 375 px the closed navigation drawer used to give 36 of the first 38
stops; at 1280 px the closed results of Material's search (offline copy) took one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, RENDERED, BuiltSite, every_page, open_rendered
from .layout import RECORD_FOCUS, TABBED_WIDTHS, tab_through

SKIP_LINK = """() => {
  const link = document.activeElement
  if (!link.matches('.md-skip')) return 'pas le lien d’évitement : ' + link.outerHTML.slice(0, 80)
  const box = link.getBoundingClientRect()
  if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight) return 'hors de la fenêtre'
  if (getComputedStyle(link).opacity !== '1') return 'transparent : ' + getComputedStyle(link).opacity
  const points = [[0.5, 0.5], [0.05, 0.1], [0.95, 0.1], [0.05, 0.9], [0.95, 0.9]]
  for (const [x, y] of points) {
    const top = document.elementFromPoint(box.left + x * box.width, box.top + y * box.height)
    if (!top || !link.contains(top)) return 'couvert par ' + (top ? top.tagName + '.' + top.className : 'rien')
  }
  return ''
}"""



@pytest.mark.parametrize("width", TABBED_WIDTHS)
def test_every_tab_stop_is_visible(page_survey: Any, site: BuiltSite, width: int) -> None:
    pages = page_survey(width)
    assert len(pages) == len(every_page(site))
    problems = []
    for path, shown in pages.items():
        stops = shown.stops
        assert len(stops) >= 5, f"/{path} : {len(stops)} arrêts seulement"
        hidden = [f"{index} : {stop['what']}" for index, stop in enumerate(stops, 1) if not stop["shown"]]
        if hidden:
            problems.append(f"/{path} [{width} px] : {len(hidden)} arrêts invisibles sur {len(stops)} : "
                            + " | ".join(hidden[:4]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
def test_offline_copy_tab_stops_are_visible(pages_by_width: dict, offline_root: Path, width: int) -> None:
    """The offline copy has Material's search in the header: its closed results take no focus."""
    page = pages_by_width[width]
    for name in ("index.html", "cas/rennes/index.html"):
        open_rendered(page, (offline_root / name).as_uri())
        stops = tab_through(page)
        assert len(stops) >= 5
        assert not [s for s in stops if s["search"]], f"{name} : les résultats de recherche fermés ont le focus"
        assert [s["what"] for s in stops if not s["shown"]] == [], name


@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
@pytest.mark.parametrize("path", ["", "cas/rennes/", "comparaisons/plateformes/", "guides/"])
def test_skip_link_is_fully_visible_when_focused(pages_by_width: dict, subpath_url: str, width: int,
                                                 path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, subpath_url + path)
    page.keyboard.press("Tab")
    page.evaluate(RENDERED)  # its fade-in is over
    assert page.evaluate(SKIP_LINK) == ""


def test_open_drawer_takes_the_focus_it_shows(pages_by_width: dict, subpath_url: str) -> None:
    """Hidden while closed, the drawer's links come back once the reader opens it."""
    page = pages_by_width[MOBILE]
    open_rendered(page, subpath_url + "cas/rennes/")
    drawer_links = page.locator(".md-sidebar--primary a.md-nav__link")
    assert drawer_links.count() >= 5
    assert not drawer_links.first.is_visible()
    page.locator("button.smg-menu-button").click()  # the menu opener (partials/header.html)
    page.evaluate(RENDERED)  # the drawer has slid in
    assert drawer_links.first.is_visible()
    page.evaluate(RECORD_FOCUS)
    drawer_links.first.focus()
    page.keyboard.press("Tab")
    stops = page.evaluate("window.smgFocus")
    assert stops and all(stop["shown"] for stop in stops), stops


ACTIVE = "() => { const a = document.activeElement; return (a.getAttribute('aria-label') || a.textContent).trim() }"


def tab_to(page: Any, name: str, most: int) -> None:
    """Press Tab until the focus is on the control named `name`, `most` times at most."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE) == name:
            return
    raise AssertionError(f"« {name} » n’est pas atteint au clavier en {most} arrêts")


@pytest.mark.parametrize("width", [MOBILE, 1024])
def test_every_section_is_reached_by_keyboard_on_a_small_screen(open_tab: Any, base_url: str, width: int) -> None:
    """Under 1220 px the tabs are hidden: the menu opener is a button the keyboard reaches,
    which opens the drawer on its links; Esc closes it and the focus comes back."""
    tab = open_tab(width=width)
    page = tab.page
    open_rendered(page, base_url + "cas/rennes/")
    tab_to(page, "Ouvrir le menu", 10)  # the skip link, the logo, then the menu
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert page.locator("button.smg-menu-button").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.evaluate(ACTIVE) == "Ouvrir le menu"
    page.keyboard.press("Space")
    tab_to(page, "Guides", 40)  # a section, in the menu
    page.keyboard.press("Enter")
    page.wait_for_url("**/guides/")
    assert tab.errors == []


def test_the_menu_button_is_not_shown_on_a_wide_screen(open_tab: Any, base_url: str) -> None:
    tab = open_tab(width=DESKTOP)
    open_rendered(tab.page, base_url + "cas/rennes/")
    assert not tab.page.locator("button.smg-menu-button").is_visible()
    assert not tab.page.locator("[data-smg-menu-label]").is_visible()


def test_section_anchors_take_no_tab_stop(open_tab: Any, base_url: str) -> None:
    """The "¶" of each heading stays a link (clickable, copyable) but the Tab key skips it."""
    tab = open_tab(width=DESKTOP)
    open_rendered(tab.page, base_url + "cas/rennes/")
    assert tab.page.locator("a.headerlink").count() >= 5
    stops = []
    for _ in range(80):
        tab.page.keyboard.press("Tab")
        stops.append(tab.page.evaluate("document.activeElement.className"))
    assert not [stop for stop in stops if "headerlink" in stop]
    assert tab.page.locator("a.headerlink").first.get_attribute("href").startswith("#")
