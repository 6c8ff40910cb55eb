"""Reflow (WCAG 1.4.10): no page scrolls sideways, wide tables scroll in their own box,
tables of figures and side-by-side comparisons read on a phone, no title cut inside a word at 320 px.

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
@pytest.mark.parametrize("path", MATRICES)  # /cas/ is a list of cards there (test_case_table)
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


# Each word of each heading on one line (as BROKEN_WORDS, for headings).
BROKEN_HEADING_WORDS = BROKEN_WORDS.replace("wrap.querySelectorAll('tr > :first-child')",
                                            "wrap.querySelectorAll('h1, h2, h3, h4')")


@pytest.mark.parametrize("path", ["cas/par-niveau/", "cas/par-niveau/intercommunalite/",
                                  "cas/etiquettes/intercommunalites/"])
def test_no_heading_breaks_a_word_at_320_px(pages_by_width: dict, base_url: str, path: str) -> None:
    page = pages_by_width[NARROWEST]
    open_rendered(page, base_url + path)
    content = page.locator(".md-content")
    assert content.locator("h1").count() == 1
    assert content.evaluate(BROKEN_HEADING_WORDS) == []


# Every cell of the tables of figures inside the window, and the tallest row.
FIGURES = """() => {
  const rows = [...document.querySelectorAll('table.smg-figures tbody tr')]
  const cells = rows.flatMap(r => [...r.cells])
  return { rows: rows.length, tallest: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
           outside: cells.filter(c => c.getBoundingClientRect().right > innerWidth).length,
           wraps: [...document.querySelectorAll('.smg-table-wrap')].filter(w => w.scrollWidth > w.clientWidth).length }
}"""


@pytest.mark.parametrize("width", (NARROWEST, MOBILE))
def test_figures_read_as_cards_on_a_phone(pages_by_width: dict, base_url: str, width: int) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + "comparaisons/audiences/")
    found = page.evaluate(FIGURES)
    assert found["rows"] >= 4 and found["outside"] == 0 and found["wraps"] == 0
    assert found["tallest"] < 320, f"une ligne de {found['tallest']} px"
    label = page.locator("table.smg-figures tbody td[data-label='Source']").first
    assert label.evaluate("c => getComputedStyle(c, '::before').content").startswith('"Source')


SIDE_BY_SIDE = ["comparaisons/twitter-grandes-villes/", "comparaisons/facebook-lille-toulouse/",
                "comparaisons/reseaux-sociaux-territoriaux/"]


@pytest.mark.parametrize("width", (NARROWEST, MOBILE, DESKTOP))
@pytest.mark.parametrize("path", SIDE_BY_SIDE)
def test_side_by_side_comparisons_stack_on_a_phone(pages_by_width: dict, base_url: str, width: int,
                                                   path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + path)
    table, stack = page.locator("table.smg-side"), page.locator(".smg-side-stack")
    names = table.locator("thead th a").all_text_contents()
    assert len(names) >= 2
    if width == DESKTOP:
        assert table.is_visible() and not stack.is_visible()
        return
    assert not table.is_visible() and stack.is_visible()
    # Every case, one after the other, each inside the window with all its criteria.
    cases = stack.locator(".smg-side-stack__case")
    assert [name.strip() for name in cases.locator("h2").all_inner_texts()] == names
    criteria = table.locator("tbody th").all_inner_texts()
    for case in cases.all():
        box = case.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert case.locator("dt").all_inner_texts() == criteria
    caption = stack.locator(".smg-side-stack__caption")
    caption_box = caption.bounding_box()
    assert caption_box["x"] >= 0 and caption_box["x"] + caption_box["width"] <= width
    assert caption.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
