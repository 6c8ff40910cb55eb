"""Charts readers can read: text at least 12 px as displayed, as wide as the text column.

The charts (generator/render/charts.py) are measured in the browser at 375 and 1280 px: the
font size of each text as drawn on screen (its computed size times the scale of the
picture), the chart's width against its column's, and each text inside the picture.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE, open_rendered

CHART_PAGES = ("comparaisons/audiences/", "comparaisons/adoption/", "comparaisons/ministeres-collectivites/")
SMALLEST_TEXT = 12  # CSS px

MEASURE = """() => [...document.querySelectorAll('svg.smg-chart')].map(svg => {
  const article = svg.closest('.md-typeset')  // the text column, without its padding
  const padding = parseFloat(getComputedStyle(article).paddingLeft) + parseFloat(getComputedStyle(article).paddingRight)
  const column = { width: article.clientWidth - padding }
  const box = svg.getBoundingClientRect()
  const texts = [...svg.querySelectorAll('text')].map(text => {
    const scale = text.getScreenCTM().a  // user units to CSS px: 1 unless a viewBox scales the picture
    const drawn = text.getBoundingClientRect()
    return { text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize) * scale,
             inside: drawn.left >= box.left - 1 && drawn.right <= box.right + 1 }
  })
  return { id: svg.getAttribute('aria-labelledby'), width: box.width, column: column.width, texts }
})"""



@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_text_is_readable_and_charts_fill_the_column(pages_by_width: dict, base_url: str,
                                                           width: int, path: str) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + path)
    charts = page.evaluate(MEASURE)
    assert charts, f"/{path} : aucun graphique"
    for chart in charts:
        assert chart["texts"]
        assert abs(chart["width"] - chart["column"]) <= 1, f"{chart['id']} : {chart['width']} px sur {chart['column']}"
        small = [(t["text"], round(t["size"], 1)) for t in chart["texts"] if t["size"] < SMALLEST_TEXT]
        assert not small, f"/{path} [{width} px] {chart['id']} : texte sous {SMALLEST_TEXT} px : {small[:3]}"
        cut = [t["text"] for t in chart["texts"] if not t["inside"]]
        assert not cut, f"/{path} [{width} px] {chart['id']} : texte hors du graphique : {cut[:3]}"


TIMELINE_POINTS = """() => [...document.querySelectorAll('h2')].filter(h => h.nextElementSibling).map(h => {
  let node = h.nextElementSibling, svg = null, table = null
  while (node && node.tagName !== 'H2') {
    svg = svg || node.querySelector?.('svg.smg-chart--lines') || (node.matches?.('svg.smg-chart--lines') ? node : null)
    table = table || (node.tagName === 'TABLE' ? node : node.querySelector?.('table'))
    node = node.nextElementSibling
  }
  if (!svg || !table) return null
  const rows = [...table.tBodies[0].rows]
  return { heading: h.textContent, markers: svg.querySelectorAll('g > svg').length, rows: rows.length,
           cited: rows.filter(r => r.cells[4] && r.cells[4].textContent.trim()).length,
           linked: rows.filter(r => r.cells[1].querySelector('a[href]')).length,
           described: svg.querySelector('desc').textContent }
}).filter(Boolean)"""


@pytest.mark.parametrize("width", (MOBILE, DESKTOP))
def test_timeline_draws_every_point_of_its_table_and_cites_each(pages_by_width: dict, base_url: str,
                                                                width: int) -> None:
    page = pages_by_width[width]
    open_rendered(page, base_url + "comparaisons/adoption/")
    timelines = page.evaluate(TIMELINE_POINTS)
    assert timelines, "/comparaisons/adoption/ : aucune frise"
    for line in timelines:
        assert line["markers"] == line["rows"], line
        assert line["cited"] == line["rows"] == line["linked"], line
        assert line["described"].startswith("Valeurs\u00a0: ")  # French typography, as on the page


CHARTER_CELLS = """() => [...document.querySelectorAll('.md-typeset table')].slice(1).map(table =>
  [...table.tBodies[0].rows].map(row => ({ case: !!row.cells[0].querySelector('a[href]'),
                                           text: row.cells[1].textContent.trim(),
                                           source: row.cells[2].textContent.trim() })))"""


def test_charters_are_compared_clause_by_clause_with_sources(pages_by_width: dict, base_url: str) -> None:
    page = pages_by_width[DESKTOP]
    open_rendered(page, base_url + "comparaisons/chartes/")
    clauses = page.evaluate(CHARTER_CELLS)
    assert len(clauses) == 6, "une table par clause, après la liste des chartes"
    for rows in clauses:
        assert rows and all(row["case"] and row["text"] and row["source"] for row in rows), rows
