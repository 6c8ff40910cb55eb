"""One walk over every built page per width, shared by the accessibility, reflow and
keyboard tests.

Each page is loaded once per width and, fully drawn, checked in this order: axe-core in
the light palette (accessibility), how far the page reaches past the window (reflow),
axe-core in the dark palette, switched in place (the system's preference and the
header's switch), then back to light, and last what the first TAB_STOPS presses of Tab
focus, each judged as it takes the focus (keyboard). axe comes before the Tab walk
because a focused link changes colour. The tests read the results (test_accessibility, test_reflow,
test_focus); loading every page once instead of once per test and palette keeps the
suite short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conftest import PALETTES, RENDERED

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


# The palette switch of the header, as the reader uses it: Material's inputs, one per
# palette, named by the media query they stand for (mkdocs.yml, theme.palette).
CHOOSE_PALETTE = """(scheme) => document.querySelector(
  `input.md-option[data-md-color-media="(prefers-color-scheme: ${scheme})"]`).click()"""
PALETTE_SHOWN = """(scheme) => document.body.getAttribute('data-md-color-scheme') === scheme &&
  !document.body.hasAttribute('data-md-color-switching')"""


@dataclass
class AxeRun:
    """axe-core's violations on one page in one palette, and the palette the page showed."""

    scheme: str
    violations: list[dict]


@dataclass
class PageLayout:
    """What one page showed at one width."""

    overflow: dict
    stops: list[dict] = field(default_factory=list)
    axe: dict[str, AxeRun] = field(default_factory=dict)  # by palette: "light", "dark"


def tab_through(page: Any, stops: int = TAB_STOPS) -> list[dict]:
    """Press Tab `stops` times in the page as it is; what took the focus, as judged then."""
    page.evaluate(RECORD_FOCUS)
    for _ in range(stops):
        page.keyboard.press("Tab")
    return page.evaluate("window.smgFocus")


def run_axe(axe: Any, page: Any, rules: list[str] | None) -> AxeRun:
    """axe-core (the script `axe` carries) on the page as it is (only `rules`, if given,
    else every default rule)."""
    page.evaluate(RENDERED)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": rules}
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)  # once per loaded page: its two palettes share it
    return AxeRun(scheme, page.evaluate("(options) => axe.run(document, options)", options)["violations"])


def switch_palette(page: Any, scheme: str) -> None:
    """Switch the drawn page to `scheme` ("light" or "dark") in place: the system's
    preference changes and the reader picks that palette in the header (Material reads
    the system's preference only when the page loads)."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(CHOOSE_PALETTE, scheme)
    page.wait_for_function(PALETTE_SHOWN, arg=PALETTES[scheme])
    page.evaluate(RENDERED)


def measure(page: Any, tab: bool, axe: Any = None, audits: dict[str, list[str] | None] | None = None) -> PageLayout:
    """The page, already drawn in the light palette: axe in light, its overflow, axe in
    dark (then back to light), then (with `tab`) its first Tab stops. `audits` maps each
    palette axe runs in to its rules (None: every rule)."""
    audits = audits or {}
    found = PageLayout(overflow={})
    if "light" in audits:
        found.axe["light"] = run_axe(axe, page, audits["light"])
    found.overflow = page.evaluate(OVERFLOW)
    if "dark" in audits:
        switch_palette(page, "dark")
        found.axe["dark"] = run_axe(axe, page, audits["dark"])
        switch_palette(page, "light")
    if tab:
        found.stops = tab_through(page)
    return found
