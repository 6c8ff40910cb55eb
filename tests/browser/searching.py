"""Helpers of the browser tests for the published site's search dialog
(theme/partials/pagefind.html, docs/javascripts/recherche.js): open it, search, read the results.

Every wait is for an event of the page (the live region's count, the list no longer busy)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

PAGEFIND = "#smg-search"  # the search dialog of the published site (theme/partials/pagefind.html)
PAGEFIND_FIELD = "#smg-search-field"
PAGEFIND_RESULTS = "#smg-search [data-smg-search-results]"
PAGEFIND_TITLES = f"{PAGEFIND_RESULTS} > li > .smg-search__result-title a"
# The search for `query` has settled: its count in the live region, its results listed.
PAGEFIND_DONE = """(query) => {
  const list = document.querySelector('#smg-search [data-smg-search-results]')
  const status = document.querySelector('#smg-search [data-smg-search-status]')
  return !list.hasAttribute('aria-busy') && status.textContent.includes('\u00ab\u202f' + query + '\u202f\u00bb')
}"""
# A search has settled with `n` results (query or filters alone).
PAGEFIND_COUNT = """(n) => {
  const list = document.querySelector('#smg-search [data-smg-search-results]')
  const status = document.querySelector('#smg-search [data-smg-search-status]').textContent
  return !list.hasAttribute('aria-busy') && (n === 0 ? status.startsWith('Aucun résultat') :
    new RegExp('^' + n + ' résultats? ').test(status))
}"""
PAGEFIND_LISTED = "(n) => document.querySelectorAll('#smg-search [data-smg-search-results] > li').length >= n"
PAGEFIND_FIRST = 10  # results listed before the « Afficher plus de résultats » button


def open_pagefind(page: Any) -> None:
    """Open the search dialog of the published site with its header button; wait for its script."""
    if not page.locator(PAGEFIND).evaluate("dialog => dialog.open"):
        page.locator("[data-smg-search-open]").click()
    page.locator(f"{PAGEFIND} [data-smg-search-filter]").wait_for()


def pagefind_search(page: Any, query: str, everything: bool = True) -> list[str]:
    """Type `query` into the search; the result pages as paths under the site root, best first.

    The dialog lists PAGEFIND_FIRST results and a « more » button: with `everything`, press it
    until every result is listed.
    """
    open_pagefind(page)
    page.locator(PAGEFIND_FIELD).fill(query)
    page.wait_for_function(PAGEFIND_DONE, arg=query)
    if everything:
        list_everything(page)
    return pagefind_results(page)


def list_everything(page: Any) -> None:
    """Press « Afficher plus de résultats » until every result the count announces is listed."""
    total = pagefind_total(page)
    more = page.locator(f"{PAGEFIND} [data-smg-search-more]")
    while page.locator(f"{PAGEFIND_RESULTS} > li").count() < total:
        listed = page.locator(f"{PAGEFIND_RESULTS} > li").count()
        more.click()
        page.wait_for_function(PAGEFIND_LISTED, arg=listed + 1)
    assert more.is_hidden()


def pagefind_total(page: Any) -> int:
    """The number of results that the live region announces (0 for « Aucun résultat »)."""
    found = re.match(r"\s*(\d+) résultat", page.locator(f"{PAGEFIND} [data-smg-search-status]").inner_text())
    return int(found.group(1)) if found else 0


def pagefind_results(page: Any) -> list[str]:
    """The pages listed in the results (not their sections), best first."""
    hrefs = page.eval_on_selector_all(PAGEFIND_TITLES, "links => links.map(a => a.href)")
    root = page.evaluate("new URL(document.querySelector('#smg-search').dataset.smgBase + '/', location.href).pathname")
    paths = [urlsplit(href).path for href in hrefs]
    return list(dict.fromkeys(path[len(root):] if path.startswith(root) else path for path in paths))
