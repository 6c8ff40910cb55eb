"""Keyboard: every Tab stop is something the reader can see; the skip link is fully shown.

On every built page, at 375 and 1280 px, the first TAB_STOPS stops of the Tab key are
recorded as they take the focus: each must have a box of its own (or, for Material's
palette switch, a visible label that shows the focus), inside the window sideways, and
not be hidden. At 375 px the closed navigation drawer used to give 36 of the first 38
stops; at 1280 px the closed results of Material's search (offline copy) took one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, RENDERED, BuiltSite, every_page, open_rendered

TAB_STOPS = 25

# Installed in the page: each element that takes the focus is judged at that moment.
RECORD_FOCUS = """() => {
  window.smgFocus = []
  const shown = element => {
    let box = element.getBoundingClientRect()
    const next = element.nextElementSibling
    if ((box.width < 1 || box.height < 1) && element.matches('input.md-option') && next && next.matches('label')) {
      // Material's palette switch: a hidden radio whose focus ring is drawn on the label after it.
      element = next
      box = next.getBoundingClientRect()
    }
    const fixed = getComputedStyle(element).position === 'fixed'
    return box.width >= 1 && box.height >= 1 && box.right > 0 && box.left < innerWidth &&
      box.bottom + (fixed ? 0 : scrollY) > 0 && (!fixed || box.top < innerHeight) &&
      element.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })
  }
  const describe = element => {
    const name = (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 30)
    const box = element.getBoundingClientRect()
    return `${element.tagName.toLowerCase()}.${String(element.className).split(' ')[0]} « ${name} » ` +
      `(${Math.round(box.x)}, ${Math.round(box.y)}, ${Math.round(box.width)}×${Math.round(box.height)})`
  }
  document.addEventListener('focusin', event => {
    window.smgFocus.push({ shown: shown(event.target), what: describe(event.target),
                           search: !!event.target.closest('.md-search__output') })
  }, true)
}"""

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


@pytest.fixture(scope="module")
def pages_by_width(browser: Any) -> Iterator[dict]:
    contexts, pages = [], {}
    for width in (MOBILE, DESKTOP):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR")
        contexts.append(context)
        pages[width] = context.new_page()
        pages[width].set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def tab_through(page: Any, url: str, stops: int = TAB_STOPS) -> list[dict]:
    """Open `url`, press Tab `stops` times; what took the focus, as judged then."""
    open_rendered(page, url)
    page.evaluate(RECORD_FOCUS)
    for _ in range(stops):
        page.keyboard.press("Tab")
    return page.evaluate("window.smgFocus")


@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
def test_every_tab_stop_is_visible(pages_by_width: dict, published_url: str, site: BuiltSite,
                                   width: int) -> None:
    page = pages_by_width[width]
    problems = []
    for path in every_page(site):
        stops = tab_through(page, published_url + path)
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
    for name in ("index.html", "cas/rennes.html"):
        stops = tab_through(page, (offline_root / name).as_uri())
        assert len(stops) >= 5
        assert not [s for s in stops if s["search"]], f"{name} : les résultats de recherche fermés ont le focus"
        assert [s["what"] for s in stops if not s["shown"]] == [], name


@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
@pytest.mark.parametrize("path", ["", "cas/rennes/", "comparaisons/plateformes/", "guides/"])
def test_skip_link_is_fully_visible_when_focused(pages_by_width: dict, published_url: str, width: int,
                                                 path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, published_url + path)
    page.keyboard.press("Tab")
    page.evaluate(RENDERED)  # its fade-in is over
    assert page.evaluate(SKIP_LINK) == ""
