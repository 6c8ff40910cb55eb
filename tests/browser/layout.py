"""One walk over every built page per width, shared by the reflow and keyboard tests.

Each page is loaded once per width and, fully drawn, measured twice: how far it reaches
past the window (reflow), then what the first TAB_STOPS presses of Tab focus, each
judged as it takes the focus (keyboard). The tests read the results (test_reflow,
test_focus); loading every page once instead of once per test keeps the suite short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TAB_STOPS = 12  # past the header and the tabs at 1280 px, into the page at 375 px
TABBED_WIDTHS = (375, 1280)

# How far the page reaches past the window, and the first elements that stick out
# (not those inside a table's own scroll box).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth
  const wider = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.smg-table-wrap, .md-typeset__scrollwrap'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''))
  return { scroll: document.documentElement.scrollWidth, width, inner: innerWidth, wider }
}"""

# Installed in the page: each element that takes the focus is judged at that moment. Shown
# means a box of its own, inside the window sideways, not above the page (or, if fixed, in
# the window), not hidden; Material's palette switch is a hidden radio whose focus ring is
# drawn on the label after it, so that label is judged instead.
RECORD_FOCUS = """() => {
  window.smgFocus = []
  const shown = element => {
    let box = element.getBoundingClientRect()
    const next = element.nextElementSibling
    if ((box.width < 1 || box.height < 1) && element.matches('input.md-option') && next && next.matches('label')) {
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


@dataclass
class PageLayout:
    """What one page showed at one width."""

    overflow: dict
    stops: list[dict] = field(default_factory=list)


def tab_through(page: Any, stops: int = TAB_STOPS) -> list[dict]:
    """Press Tab `stops` times in the page as it is; what took the focus, as judged then."""
    page.evaluate(RECORD_FOCUS)
    for _ in range(stops):
        page.keyboard.press("Tab")
    return page.evaluate("window.smgFocus")


def measure(page: Any, tab: bool) -> PageLayout:
    """The page, already drawn: its overflow, then (with `tab`) its first Tab stops."""
    overflow = page.evaluate(OVERFLOW)
    return PageLayout(overflow, tab_through(page) if tab else [])
