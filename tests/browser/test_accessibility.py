"""axe-core on every page type, light and dark palettes, desktop and mobile, search open.

axe-core is the copy shipped inside axe-playwright-python, injected from disk: no
network. Every rule axe runs by default is run (WCAG 2.0/2.1 A and AA, best
practices); the tests fail on any violation of impact "serious" or "critical". Each
result, whatever its impact, is also written to test-artifacts/axe-resultats.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .conftest import (
    ARTIFACTS,
    DESKTOP,
    MOBILE,
    PAGE_TYPES,
    PAGEFIND_SETTLED,
    PALETTES,
    BuiltSite,
    all_page_types,
    pagefind_search,
)

BLOCKING = ("serious", "critical")
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def report() -> Iterator[dict]:
    results: dict = {}
    yield results
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "axe-resultats.json"
    previous = json.loads(target.read_text("utf-8")) if target.is_file() else {}
    previous.update(results)
    target.write_text(json.dumps(previous, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Iterator[dict]:
    """One page per (palette, width), reused from page to page."""
    contexts, pages = [], {}
    for scheme in PALETTES:
        for width in (DESKTOP, MOBILE):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                          locale="fr-FR")
            contexts.append(context)
            pages[scheme, width] = context.new_page()
            pages[scheme, width].set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def run_everywhere(tabs: dict, task: Callable[[Any, str, int], list[str]]) -> list[str]:
    """task(page, scheme, width) in every configuration; all the problems found."""
    return [problem for (scheme, width), page in tabs.items() for problem in task(page, scheme, width)]


def check(axe: Any, page: Any, label: str, report: dict, scheme: str) -> list[str]:
    """Run axe on the page as it is; the blocking violations, described."""
    page.evaluate(SETTLED)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == PALETTES[scheme]
    violations = axe.run(page).response["violations"]
    report[label] = {
        "impacts": dict(Counter(v["impact"] for v in violations)),
        "violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations],
    }
    return [f"{label} : {v['id']} ({v['impact']}) : " + " | ".join(_describe(n) for n in v["nodes"][:6])
            for v in violations if v["impact"] in BLOCKING]


def _describe(node: dict) -> str:
    summary = node.get("failureSummary", "").splitlines()
    return f"{node['target'][-1]} — {summary[-1].strip() if summary else ''}"


def audit(axe: Any, tabs: dict, report: dict, base_url: str, paths: list[str]) -> list[str]:
    def task(page: Any, scheme: str, width: int) -> list[str]:
        problems = []
        for path in paths:
            page.goto(base_url + path)
            problems += check(axe, page, f"/{path} [{scheme}, {width} px]", report, scheme)
        return problems

    return run_everywhere(tabs, task)


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_type_has_no_serious_violation(axe: Any, tabs: dict, report: dict, base_url: str,
                                            kind: str) -> None:
    problems = audit(axe, tabs, report, base_url, [PAGE_TYPES[kind]])
    assert not problems, "\n".join(problems)


def test_every_comparison_has_no_serious_violation(axe: Any, tabs: dict, report: dict,
                                                   base_url: str, site: BuiltSite) -> None:
    paths = site.pages("comparaisons/")
    assert len(paths) >= 6
    problems = audit(axe, tabs, report, base_url, paths)
    assert not problems, "\n".join(problems)


def test_every_index_has_no_serious_violation(axe: Any, tabs: dict, report: dict, base_url: str,
                                              site: BuiltSite) -> None:
    paths = [p for p in all_page_types(site).values() if p.startswith("cas/par-") and p.count("/") == 2]
    assert len(paths) >= 6
    problems = audit(axe, tabs, report, base_url, paths)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["", "cas/rennes/"])
def test_open_search_has_no_serious_violation(axe: Any, tabs: dict, report: dict, base_url: str,
                                              path: str) -> None:
    def task(page: Any, scheme: str, width: int) -> list[str]:
        page.goto(base_url + path)
        # The dialog as it first shows the results: axe judges what is in view, and the
        # count line at the top of the list scrolls away once more results are loaded.
        assert pagefind_search(page, "collectivites", everything=False)
        # One group of filters open, one value chosen: their labels and counts are judged too.
        page.locator("#smg-search .pagefind-ui__filter-name", has_text="Niveau").press("Enter")  # the keyboard
        value = page.locator("#smg-search .pagefind-ui__filter-value:has([name='Niveau'])").first
        count = int(re.search(r"\((\d+)\)", value.inner_text()).group(1))
        value.locator("input").check()
        page.wait_for_function("(n) => document.querySelector('#smg-search .pagefind-ui__message')"
                               ".textContent.trim().startsWith(n + ' résultat')", arg=count)
        page.wait_for_function(PAGEFIND_SETTLED)
        return check(axe, page, f"/{path} recherche ouverte [{scheme}, {width} px]", report, scheme)

    problems = run_everywhere(tabs, task)
    assert not problems, "\n".join(problems)


def test_filtered_and_sorted_table_has_no_serious_violation(axe: Any, tabs: dict, report: dict,
                                                            base_url: str) -> None:
    def task(page: Any, scheme: str, width: int) -> list[str]:
        page.goto(base_url + "cas/")
        page.get_by_label("Niveau", exact=True).select_option("commune")
        page.locator("thead th button.smg-sort").nth(7).click()
        page.locator("thead th button.smg-sort").nth(7).focus()
        return check(axe, page, f"/cas/ filtré et trié [{scheme}, {width} px]", report, scheme)

    problems = run_everywhere(tabs, task)
    assert not problems, "\n".join(problems)
