"""The table of all case studies (/cas/): filters, sorting, live region and a caption that counts the rows
shown; within its box from 1280 px, cards on a phone; complete without JS."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import MOBILE, NARROWEST, WAIT_MS, BuiltSite, open_rendered

ROWS = "table.smg-cases tbody tr"
VISIBLE_ROWS = "table.smg-cases tbody tr:not([hidden])"
STATUS = ".smg-table-status[role='status']"


def published_rows(site: BuiltSite) -> int:
    return len(re.findall(r"<tr data-level=", (site.root / "cas/index.html").read_text("utf-8")))


@pytest.fixture(scope="module")
def table_tab(browser: Any) -> Any:
    """One page for the module; each test loads /cas/ afresh in it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


@pytest.fixture
def table(table_tab: Any, base_url: str) -> Any:
    page, errors = table_tab
    page.goto(base_url + "cas/")
    page.wait_for_selector(STATUS)
    yield page
    assert errors == []


def visible(page: Any, attribute: str) -> list[str]:
    return page.eval_on_selector_all(VISIBLE_ROWS, f"rows => rows.map(r => r.getAttribute('{attribute}'))")


def status(page: Any) -> str:
    return " ".join(page.locator(STATUS).inner_text().split())


def test_without_javascript_the_table_is_complete(open_tab: Any, base_url: str, site: BuiltSite) -> None:
    tab = open_tab(javascript=False)
    tab.page.goto(base_url + "cas/")
    total = published_rows(site)
    assert total >= 19  # the real case studies and the three fictional ones
    assert tab.page.locator(ROWS).count() == total
    assert tab.page.locator(VISIBLE_ROWS).count() == total
    assert tab.page.locator(".smg-filters, .smg-sort, " + STATUS).count() == 0


def test_controls_are_labelled(table: Any, site: BuiltSite) -> None:
    total = published_rows(site)
    for label in ("Niveau", "Plateforme", "Angle"):
        select = table.get_by_label(label, exact=True)
        assert select.evaluate("e => e.tagName") == "SELECT"
        assert select.locator("option").first.inner_text() == "Tous"
    assert table.locator(".smg-filters legend").inner_text() == "Filtrer le tableau"
    live = table.locator(STATUS)
    assert live.get_attribute("aria-live") == "polite"
    assert status(table) == f"{total} études de cas affichées sur {total}."
    names = table.eval_on_selector_all("th > button.smg-sort", "bs => bs.map(b => b.textContent.trim())")
    assert names == ["Étude de cas", "Administration", "Niveau", "Situation décrite", "Plateformes", "Angles",
                     "Pays", "Population", "Relue le"]
    assert table.locator("th[aria-sort]").count() == 0


@pytest.mark.parametrize(("label", "attribute", "value"), [
    ("Niveau", "data-level", "commune"),
    ("Plateforme", "data-platform", "facebook"),
    ("Angle", "data-angle", "participation"),
])
def test_filter(table: Any, site: BuiltSite, label: str, attribute: str, value: str) -> None:
    total = published_rows(site)
    everything = table.eval_on_selector_all(ROWS, f"rows => rows.map(r => r.getAttribute('{attribute}'))")
    expected = [v for v in everything if value in v.split()]
    assert 0 < len(expected) < total
    table.get_by_label(label, exact=True).select_option(value)
    shown = visible(table, attribute)
    assert shown == expected
    assert status(table) == f"{len(expected)} études de cas affichées sur {total}."


def test_filters_combine_and_reset(table: Any, site: BuiltSite) -> None:
    total = published_rows(site)
    table.get_by_label("Niveau", exact=True).select_option("commune")
    table.get_by_label("Plateforme", exact=True).select_option("mastodon")
    assert visible(table, "data-level") == ["commune"]  # Fictiville alone
    assert status(table) == f"1 étude de cas affichée sur {total}."
    table.get_by_label("Angle", exact=True).select_option("mutualisation")
    assert visible(table, "data-level") == []
    assert status(table).startswith("Aucune étude de cas ne correspond à ces filtres")
    table.get_by_role("button", name="Afficher toutes les études de cas").click()
    assert table.locator(VISIBLE_ROWS).count() == total
    assert status(table) == f"{total} études de cas affichées sur {total}."


def test_filter_options_show_labels(table: Any) -> None:
    options = table.get_by_label("Plateforme", exact=True).locator("option")
    labels = dict(zip(options.evaluate_all("os => os.map(o => o.value)"),
                      options.evaluate_all("os => os.map(o => o.textContent)")))
    assert labels["twitter"] == "Twitter / X" and labels["youtube"] == "YouTube"  # X listed with Twitter
    assert labels["reseau-social-territorial"] == "Réseau social territorial"


def test_population_sorts_as_numbers(table: Any) -> None:
    header = table.locator("th", has=table.get_by_role("button", name="Population"))
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = table.eval_on_selector_all(ROWS, "rows => rows.map(r => r.cells[7].getAttribute('data-value'))")
    shown = table.eval_on_selector_all(ROWS, "rows => rows.map(r => r.cells[7].textContent.trim())")
    filled = [int(v) for v in values if v]
    assert {9500, 75000, 1200000} <= set(filled) and filled == sorted(filled)  # numbers, not text
    assert values[:len(filled)] == [str(v) for v in filled]  # empty cells after the numbers
    assert [text.replace("\u202f", "") for text in shown[:len(filled)]] == [str(v) for v in filled]
    assert "Tri par « Population », ordre croissant." in status(table)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = table.eval_on_selector_all(ROWS, "rows => rows.map(r => r.cells[7].getAttribute('data-value'))")
    numbers = [int(v) for v in values if v]
    assert numbers == sorted(numbers, reverse=True) and values[:len(numbers)] == [str(v) for v in numbers]
    assert "ordre décroissant" in status(table)


def test_sort_message_has_french_spacing(table: Any) -> None:
    """The live message, as written by smg.js (not normalised as `status` does): no-break
    spaces inside « », none of the ordinary spaces that would let a line break there."""
    table.get_by_role("button", name="Population").click()
    raw = table.wait_for_function("""(selector) => {
      const text = document.querySelector(selector).textContent
      return text.includes('Tri par') && text
    }""", arg=STATUS, timeout=WAIT_MS).json_value()
    assert "Tri par \u00ab\u202fPopulation\u202f\u00bb, ordre croissant." in raw
    assert not re.search(r" [:;!?\u00bb]|\u00ab |[^\W\d_]'[^\W\d_]", raw), raw


@pytest.mark.parametrize("column", range(9))
def test_every_column_sorts_both_ways(table: Any, column: int) -> None:
    button = table.locator("thead th button.smg-sort").nth(column)
    header = table.locator("thead th").nth(column)
    kind = header.get_attribute("data-sort")
    for direction in ("ascending", "descending"):
        button.click()
        assert header.get_attribute("aria-sort") == direction
        assert table.locator("th[aria-sort]").count() == 1
        in_order = table.evaluate("""([column, kind, direction]) => {
          const collator = new Intl.Collator('fr', {numeric: true, sensitivity: 'base'})
          const cells = [...document.querySelectorAll('table.smg-cases tbody tr')].map(r => r.cells[column])
          const values = cells.map(c => (c.hasAttribute('data-value') ? c.getAttribute('data-value')
                                                                       : c.textContent).trim())
                              .filter(v => v !== '')
          const sign = direction === 'ascending' ? 1 : -1
          return values.every((v, i) => i === 0 || sign * (kind === 'number'
            ? Number(v) - Number(values[i - 1]) : collator.compare(v, values[i - 1])) >= 0)
        }""", [column, kind, direction])
        assert in_order, (column, direction)


def test_sorting_and_filtering_by_keyboard(table: Any, site: BuiltSite) -> None:
    total = published_rows(site)
    table.locator("thead th button.smg-sort").first.focus()
    table.keyboard.press("Enter")
    assert table.locator("thead th").first.get_attribute("aria-sort") == "ascending"
    table.keyboard.press(" ")
    assert table.locator("thead th").first.get_attribute("aria-sort") == "descending"
    level = table.get_by_label("Niveau", exact=True)
    level.focus()
    table.keyboard.press("ArrowDown")  # a closed <select> changes its value with the arrow keys
    chosen = level.input_value()
    assert chosen != ""
    assert table.locator(VISIBLE_ROWS).count() < total
    assert set(visible(table, "data-level")) == {chosen}
    # Tab order: the filters come before the table, the reset button after them.
    order = []
    table.locator(".smg-filters select").first.focus()
    for _ in range(4):
        order.append(table.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        table.keyboard.press("Tab")
    assert order == ["smg-cases-filtre-level", "smg-cases-filtre-platform", "smg-cases-filtre-angle",
                     "Afficher toutes les études de cas"]


CAPTION = "table.smg-cases caption"


def test_caption_follows_the_filters(table: Any, site: BuiltSite) -> None:
    total = published_rows(site)
    assert table.locator(CAPTION).inner_text() == f"{total}\u00a0études de cas"
    table.get_by_label("Niveau", exact=True).select_option("commune")
    shown = table.locator(VISIBLE_ROWS).count()
    assert 1 < shown < total
    assert table.locator(CAPTION).inner_text() == f"{shown}\u00a0études de cas sur\u00a0{total}"
    table.get_by_label("Plateforme", exact=True).select_option("mastodon")
    assert table.locator(CAPTION).inner_text() == f"1\u00a0étude de cas sur\u00a0{total}"
    table.get_by_role("button", name="Afficher toutes les études de cas").click()
    assert table.locator(CAPTION).inner_text() == f"{total}\u00a0études de cas"


# How the table sits in its box: its overflow, and each header's edges against the box's.
FIT = """() => {
  const wrap = document.querySelector('.smg-table-wrap'), box = wrap.getBoundingClientRect()
  const headers = [...document.querySelectorAll('table.smg-cases thead th')].map(th => {
    const r = th.getBoundingClientRect()
    const inside = r.left >= box.left - 1 && r.right <= box.right + 1
    return { name: th.textContent.trim(), shown: r.width > 0, inside }
  })
  return { scroll: wrap.scrollWidth, client: wrap.clientWidth, headers,
           hint: !!document.querySelector('.smg-scroll-hint') }
}"""


@pytest.mark.parametrize("width", (1280, 1920))
def test_every_column_fits_the_box_on_a_wide_screen(browser: Any, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        open_rendered(page, base_url + "cas/")
        fit = page.evaluate(FIT)
        assert fit["scroll"] <= fit["client"], f"{fit['scroll']} px de tableau pour {fit['client']} px"
        assert not fit["hint"]
        assert [h["name"] for h in fit["headers"] if h["shown"] and h["inside"]] == [
            "Étude de cas", "Administration", "Niveau", "Situation décrite", "Plateformes", "Angles", "Pays",
            "Population", "Relue le"]
    finally:
        context.close()


CARD = """(row) => [...row.cells].filter(cell => cell.getBoundingClientRect().width > 0).map(cell => {
  const label = getComputedStyle(cell, '::before').content
  return { label: label === 'none' ? '' : label.replace(/^"|"$/g, ''), text: cell.textContent.trim(),
           display: getComputedStyle(cell).display }
})"""


@pytest.mark.parametrize("width", (NARROWEST, MOBILE))
def test_rows_become_cards_that_still_sort_and_filter(browser: Any, base_url: str, site: BuiltSite,
                                                       width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        open_rendered(page, base_url + "cas/")
        fit = page.evaluate(FIT)
        assert fit["scroll"] <= fit["client"] and not fit["hint"]  # nothing to scroll sideways
        first = page.locator(ROWS).first
        assert first.evaluate("r => getComputedStyle(r).display") == "block"
        card = first.evaluate(CARD)
        assert [cell["label"] for cell in card] == [
            "", "Administration\u00a0: ", "Niveau\u00a0: ", "Situation décrite\u00a0: ", "Plateformes\u00a0: "]
        assert all(cell["display"] == "block" and cell["text"] for cell in card)
        box = page.locator(".smg-table-wrap").bounding_box()
        right = first.evaluate("r => Math.max(...[...r.cells].map(c => c.getBoundingClientRect().right))")
        assert right <= box["x"] + box["width"] + 1
        # Sorting: the header row is a line of buttons above the cards.
        page.get_by_role("button", name="Étude de cas").click()
        page.get_by_role("button", name="Étude de cas").click()
        assert page.locator("thead th").first.get_attribute("aria-sort") == "descending"
        assert page.evaluate("""() => {
          const collator = new Intl.Collator('fr', {numeric: true, sensitivity: 'base'})
          const titles = [...document.querySelectorAll('table.smg-cases tbody tr')]
            .map(r => r.cells[0].textContent.trim())
          return titles.every((t, i) => i === 0 || collator.compare(t, titles[i - 1]) <= 0)
        }""")
        # Filtering: hidden cards take no room, the caption counts the others.
        page.get_by_label("Niveau", exact=True).select_option("commune")
        assert set(visible(page, "data-level")) == {"commune"}
        hidden = page.locator("table.smg-cases tbody tr[hidden]").first
        assert hidden.evaluate("r => getComputedStyle(r).display") == "none"
        shown = page.locator(VISIBLE_ROWS).count()
        assert page.locator(CAPTION).inner_text() == f"{shown}\u00a0études de cas sur\u00a0{published_rows(site)}"
    finally:
        context.close()
