"""Reflow (WCAG 1.4.10): no page scrolls sideways, wide tables scroll in their own box.

Every built page at 320, 375 and 1280 px (measured once per width, see layout.py): the
document is never wider than the window.
Tables too wide for the screen scroll inside their box, say so in a line above them,
keep their first column in view, and never break a word of that column.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, NARROWEST, BuiltSite, every_page, open_rendered

WIDTHS = (NARROWEST, MOBILE, DESKTOP)
MATRICES = ("comparaisons/angles-pratiques/", "comparaisons/plateformes/")

# Each word of each first-column cell on one line: a word cut in two has two boxes.
# Words are split at spaces and hyphens, where a line may end.
BROKEN_WORDS = """(wrap) => {
  const broken = []
  for (const cell of wrap.querySelectorAll('tr > :first-child')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.smg-sr')) continue
      for (const match of node.textContent.matchAll(/[^\\s\\-\\u2010\\u2011]+/g)) {
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)))
        if (lines.size > 1) broken.push(match[0])
      }
    }
  }
  return broken
}"""



@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(page_survey: Any, site: BuiltSite, width: int) -> None:
    pages = page_survey(width)
    assert set(MATRICES) <= set(pages) and len(pages) == len(every_page(site))
    problems = []
    for path, shown in pages.items():
        found = shown.overflow
        assert found["inner"] == width
        if found["scroll"] > found["width"]:
            problems.append(f"/{path} : {found['scroll']} px de large pour {found['width']} px ({found['wider']})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", (NARROWEST, MOBILE))
@pytest.mark.parametrize("path", [*MATRICES, "cas/"])
def test_wide_tables_scroll_in_their_box(pages_by_width: dict, base_url: str, width: int, path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + path)
    wrap = page.locator(".smg-table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "ce tableau devrait dépasser l'écran"
    # A line above the table says it scrolls; the box takes the keyboard focus to scroll it.
    hint = wrap.evaluate("w => w.previousElementSibling && w.previousElementSibling.matches('.smg-scroll-hint')"
                         " ? w.previousElementSibling.textContent : ''")
    assert "faites-le défiler" in hint
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
    # Scrolled to the far right, the first column has not moved.
    first = wrap.locator("tbody tr > :first-child").first
    before = first.bounding_box()
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth }")
    after = first.bounding_box()
    assert wrap.evaluate("w => w.scrollLeft") > 100
    assert abs(after["x"] - before["x"]) < 1, "la première colonne doit rester visible"
    assert after["x"] >= wrap.bounding_box()["x"] - 1


@pytest.mark.parametrize("width", (NARROWEST, MOBILE, DESKTOP))
@pytest.mark.parametrize("path", [*MATRICES, "cas/"])
def test_first_column_never_breaks_a_word(pages_by_width: dict, base_url: str, width: int, path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + path)
    wrap = page.locator(".smg-table-wrap").first
    assert wrap.locator("tbody tr").count() >= 10
    assert wrap.evaluate(BROKEN_WORDS) == []
