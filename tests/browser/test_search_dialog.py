"""The search dialog itself (docs/javascripts/recherche.js): a search is a link, back and forward
restore it, filters alone list cases, keyboard-only use, what it fetches, its French text.

Expected results are read from the built pages (test_search.py's helpers), never written here.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .conftest import DESKTOP, MOBILE, BuiltSite
from .searching import (
    PAGEFIND,
    PAGEFIND_COUNT,
    PAGEFIND_DONE,
    PAGEFIND_FIELD,
    PAGEFIND_RESULTS,
    PAGEFIND_TITLES,
    list_everything,
    open_pagefind,
    pagefind_results,
    pagefind_search,
)
from .test_search import fact_sheets, filter_option, fold, indexed_pages, option_count, show_filters

NNBSP, NBSP = "\u202f", "\u00a0"
LEVEL, PLATFORM = "Commune", "Twitter / X"
IS_OPEN = "dialog => dialog.open"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _cases_with(site: BuiltSite, group: str, value: str) -> set[str]:
    return {path for path, filters in fact_sheets(site).items() if value in filters.get(group, ())}


# --- a search is a link ---------------------------------------------------------------------

def test_a_shared_link_restores_the_query_and_the_filter(open_tab: Any, base_url: str) -> None:
    typed = open_tab()
    typed.page.goto(base_url + "cas/rennes/")
    pagefind_search(typed.page, "participation", everything=False)
    show_filters(typed.page)
    filter_option(typed.page, "Niveau", LEVEL).locator("input").check()
    count = option_count(filter_option(typed.page, "Niveau", LEVEL))
    typed.page.wait_for_function(PAGEFIND_COUNT, arg=count)
    list_everything(typed.page)
    link = typed.page.url
    assert _query(link) == {"q": ["participation"], "niveau": [LEVEL]}

    shared = open_tab()
    shared.page.goto(link)
    shared.page.wait_for_function(PAGEFIND_DONE, arg="participation")
    assert shared.page.locator(PAGEFIND).evaluate(IS_OPEN)
    assert shared.page.locator(PAGEFIND_FIELD).input_value() == "participation"
    assert shared.page.locator(f"{PAGEFIND} [data-smg-search-filter]").get_attribute("aria-expanded") == "true"
    shared.page.wait_for_function(PAGEFIND_COUNT, arg=count)
    assert filter_option(shared.page, "Niveau", LEVEL).locator("input").is_checked()
    list_everything(shared.page)
    assert pagefind_results(shared.page) == pagefind_results(typed.page)
    assert typed.errors == shared.errors == []


def test_back_and_forward_restore_each_search_and_closing_clears_the_address(open_tab: Any,
                                                                              base_url: str) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(base_url + "cas/rennes/")
    first = pagefind_search(page, "participation", everything=False)
    second = pagefind_search(page, "facebook", everything=False)
    assert first != second and _query(page.url) == {"q": ["facebook"]}
    page.go_back()
    page.wait_for_function(PAGEFIND_DONE, arg="participation")
    assert page.locator(PAGEFIND_FIELD).input_value() == "participation"
    assert pagefind_results(page) == first and _query(page.url) == {"q": ["participation"]}
    page.go_forward()
    page.wait_for_function(PAGEFIND_DONE, arg="facebook")
    assert pagefind_results(page) == second and page.locator(PAGEFIND_FIELD).input_value() == "facebook"
    page.go_back()
    page.wait_for_function(PAGEFIND_DONE, arg="participation")
    page.go_back()  # the page as it was before any search: the dialog closes
    page.wait_for_function(f"() => !document.querySelector('{PAGEFIND}').open")
    assert _query(page.url) == {}
    page.go_forward()  # and opens again on the search
    page.wait_for_function(PAGEFIND_DONE, arg="participation")
    assert page.locator(PAGEFIND).evaluate(IS_OPEN)
    page.keyboard.press("Escape")
    assert not page.locator(PAGEFIND).evaluate(IS_OPEN)
    page.wait_for_function("() => location.search === ''")  # the dialog's close event comes after
    assert _query(page.url) == {} and urlsplit(page.url).path.endswith("/cas/rennes/")
    assert tab.errors == []


def test_copy_the_link_or_select_it(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.page.goto(base_url + "cas/rennes/?q=montpellier")
    tab.page.wait_for_function(PAGEFIND_DONE, arg="montpellier")
    tab.page.get_by_role("button", name="Copier le lien").click()
    copied = tab.page.locator(f"{PAGEFIND} [data-smg-search-copied]")
    tab.page.wait_for_function("(node) => node.textContent === 'Lien copié'", arg=copied.element_handle())
    assert copied.get_attribute("role") == "status"
    assert tab.page.evaluate("navigator.clipboard.readText()") == tab.page.url
    # Where the clipboard refuses, the link is shown selected in a read-only field.
    tab.page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refusé')) }")
    tab.page.get_by_role("button", name="Copier le lien").click()
    field = tab.page.get_by_label("Lien de cette recherche")
    field.wait_for(state="visible")
    assert field.input_value() == tab.page.url and field.get_attribute("readonly") is not None
    assert field.evaluate("f => document.activeElement === f && f.selectionEnd - f.selectionStart === f.value.length")
    assert "Ctrl+C" in copied.inner_text()
    assert tab.errors == []


# --- filters ------------------------------------------------------------------------------

def test_filters_alone_list_every_case_of_a_level_in_french_order(open_tab: Any, base_url: str,
                                                                  site: BuiltSite) -> None:
    with_level = _cases_with(site, "Niveau", LEVEL)
    both = with_level & _cases_with(site, "Plateforme", PLATFORM)
    assert both and both != with_level
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    open_pagefind(tab.page)
    status = tab.page.locator(f"{PAGEFIND} [data-smg-search-status]")
    tab.page.wait_for_function("(node) => node.textContent.startsWith('Tapez')", arg=status.element_handle())
    assert tab.page.locator(f"{PAGEFIND_RESULTS} > li").count() == 0  # no query, no filter: nothing listed
    show_filters(tab.page)
    _assert_french_order(tab.page)
    filter_option(tab.page, "Niveau", LEVEL).locator("input").check()
    tab.page.wait_for_function(PAGEFIND_COUNT, arg=len(with_level))
    assert status.inner_text() == f"{len(with_level)} résultats avec ces filtres"
    list_everything(tab.page)
    assert set(pagefind_results(tab.page)) == with_level
    assert option_count(filter_option(tab.page, "Plateforme", PLATFORM)) == len(both)  # counts follow
    assert _query(tab.page.url) == {"niveau": [LEVEL]}
    assert tab.errors == []


def _assert_french_order(page: Any) -> None:
    """Each group's values as Intl.Collator('fr') sorts them (É as E), with typographic apostrophes."""
    for group in page.locator(f"{PAGEFIND} fieldset").all():
        labels = [re.sub(r"\s*\(\d+\)\s*$", "", text).strip() for text in group.locator("label").all_inner_texts()]
        assert labels == sorted(labels, key=lambda text: (fold(text).casefold(), text)), labels
        assert not any("'" in label for label in labels), labels
    countries = [re.sub(r"\s*\(\d+\)\s*$", "", text).strip() for text in
                 page.locator(f"{PAGEFIND} fieldset", has=page.locator("legend", has_text="Pays"))
                 .locator("label").all_inner_texts()]
    if {"Espagne", "États-Unis", "France"} <= set(countries):
        assert countries.index("Espagne") < countries.index("États-Unis") < countries.index("France")


# --- keyboard, phone, network -----------------------------------------------------------

def test_keyboard_only_from_the_slash_key_to_a_result(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(base_url + "cas/rennes/")
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement.id === 'smg-search-field'")
    page.keyboard.type("participation")
    page.wait_for_function(PAGEFIND_DONE, arg="participation")
    focused = "() => document.activeElement"
    page.keyboard.press("Tab")
    assert page.evaluate(f"({focused})().textContent.trim()") == "Filtrer"
    page.keyboard.press("Enter")
    page.locator(f"{PAGEFIND} fieldset legend").first.wait_for()
    for _ in range(5):  # to the first filter value
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'checkbox'"):
            break
    box = page.evaluate_handle("document.activeElement")
    count = int(re.search(r"\((\d+)\)", box.evaluate("b => b.parentNode.textContent")).group(1))
    page.keyboard.press(" ")
    page.wait_for_function(PAGEFIND_COUNT, arg=count)
    assert box.evaluate("b => b.checked")
    for _ in range(400):  # past the other values, to the first result
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('{PAGEFIND_TITLES}')"):
            break
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert tab.errors == []


def test_on_a_phone_the_first_result_shows_without_scrolling(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": MOBILE, "height": 667}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(base_url + "cas/rennes/")
        pagefind_search(page, "participation", everything=False)
        assert page.locator(f"{PAGEFIND} [data-smg-search-filter]").get_attribute("aria-expanded") == "false"
        box = page.locator(PAGEFIND_TITLES).first.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 667, box
    finally:
        context.close()


def test_a_page_view_fetches_no_search_and_filters_load_only_when_asked(open_tab: Any, base_url: str,
                                                                        site: BuiltSite) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    tab.page.wait_for_load_state("networkidle")
    assert [url for url in tab.requests if "/pagefind/" in url or "recherche.js" in url] == []
    pagefind_search(tab.page, "participation", everything=False)
    tab.page.wait_for_load_state("networkidle")
    assert any(url.endswith(".pf_index") for url in tab.requests)
    assert not any(url.endswith(".pf_filter") for url in tab.requests)
    show_filters(tab.page)
    assert any(url.endswith(".pf_filter") for url in tab.requests)
    # Arriving with a filter in the address loads the filters without « Filtrer ».
    linked = open_tab()
    linked.page.goto(base_url + "cas/rennes/?niveau=" + LEVEL)
    linked.page.wait_for_function(PAGEFIND_COUNT, arg=len(_cases_with(site, "Niveau", LEVEL)))
    linked.page.locator(f"{PAGEFIND} fieldset legend").first.wait_for()
    assert any(url.endswith(".pf_filter") for url in linked.requests)
    assert tab.errors == linked.errors == []


# --- what the reader reads --------------------------------------------------------------------

def test_the_live_region_tells_the_count_in_french(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    pagefind_search(tab.page, "participation")
    status = tab.page.locator(f"{PAGEFIND} [data-smg-search-status]")
    assert status.get_attribute("role") == "status"
    listed = tab.page.locator(f"{PAGEFIND_RESULTS} > li").count()
    assert listed > 1 and status.inner_text() == f"{listed} résultats pour «{NNBSP}participation{NNBSP}»"
    pagefind_search(tab.page, "zzzzqqq")
    assert status.inner_text() == (f"Aucun résultat pour «{NNBSP}zzzzqqq{NNBSP}»{NBSP}: "
                                   "essayez sans filtre ou avec d’autres mots.")
    assert tab.page.locator(f"{PAGEFIND_RESULTS} > li").count() == 0
    assert tab.errors == []


def test_one_title_per_result(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    pagefind_search(tab.page, "participation")
    for item in tab.page.locator(f"{PAGEFIND_RESULTS} > li").all():
        assert item.locator("a").count() >= 1
        title = item.locator(".smg-search__result-title a")
        assert title.count() == 1
        sections = item.locator(".smg-search__sections a").all_inner_texts()
        assert title.inner_text() not in sections and len(sections) <= 3
        assert all("#" in href for href in item.locator(".smg-search__sections a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"))
    assert tab.errors == []


def test_excerpts_keep_french_spacing(open_tab: Any, base_url: str, site: BuiltSite) -> None:
    """A page says « mot : » with a no-break space: so does the excerpt, never a plain space."""
    words: dict[str, set[str]] = {}
    for path, page in indexed_pages(site.root).items():
        for word in re.findall(r"\b([^\W\d_]{7,})\u00a0:", " ".join(page.parts)):
            words.setdefault(word, set()).add(path)
    rare = sorted((word for word, paths in words.items() if len(paths) == 1), key=lambda w: (-len(w), w))
    assert rare, "aucune page n'a de « mot : »"
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    seen = []
    for word in rare[:8]:
        pagefind_search(tab.page, word, everything=False)
        text = " ".join(tab.page.locator(f"{PAGEFIND} .smg-search__excerpt").all_inner_texts())
        assert not re.search(r" [:;!?»]|« ", text), text
        seen += re.findall(rf"{word}[\s\u00a0\u202f]:", text)
        if seen:
            break
    assert seen and all(found.endswith(NBSP + ":") for found in seen), seen
    assert tab.errors == []


# Contrast of two computed CSS colours (rgb or rgba, the second opaque), as WCAG computes it.
CONTRAST = """([front, back]) => {
  const rgba = text => text.match(/[\\d.]+/g).map(Number)
  const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
  const [r, g, b, a = 1] = rgba(front)
  const under = rgba(back)
  const shown = [r, g, b].map((v, i) => v * a + under[i] * (1 - a))
  const [light, dark] = [luminance(shown), luminance(under)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}"""


def test_placeholder_and_header_focus_ring_contrast(open_tab: Any, base_url: str) -> None:
    for scheme in ("light", "dark"):
        tab = open_tab(width=DESKTOP, scheme=scheme)
        page = tab.page
        page.goto(base_url + "cas/rennes/")
        page.keyboard.press("Tab")  # the keyboard, so that :focus-visible applies
        page.locator("[data-smg-search-open]").focus()
        button = page.locator("[data-smg-search-open]")
        assert button.evaluate("b => b.matches(':focus-visible') && getComputedStyle(b).outlineStyle === 'solid'")
        ring = [button.evaluate("b => getComputedStyle(b).outlineColor"),
                page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")]
        assert page.evaluate(CONTRAST, ring) >= 3, (scheme, ring)
        open_pagefind(page)
        placeholder = [page.locator(PAGEFIND_FIELD).evaluate("f => getComputedStyle(f, '::placeholder').color"),
                       page.locator(PAGEFIND).evaluate("d => getComputedStyle(d).backgroundColor")]
        assert page.evaluate(CONTRAST, placeholder) >= 4.5, (scheme, placeholder)


def test_an_index_that_cannot_load_is_told_in_french(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.route("**/pagefind/pagefind.js", lambda route: route.abort())
    tab.page.goto(base_url + "cas/rennes/")
    open_pagefind(tab.page)
    tab.page.locator(PAGEFIND_FIELD).fill("participation")
    status = tab.page.locator(f"{PAGEFIND} [data-smg-search-status]")
    tab.page.wait_for_function("(node) => node.textContent.includes('n’a pas pu être chargée')",
                               arg=status.element_handle())
    assert status.inner_text().endswith("rechargez la page pour réessayer.")
    assert not tab.page.locator(f"{PAGEFIND_RESULTS}").get_attribute("aria-busy")
