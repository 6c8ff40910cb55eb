"""axe-core on every page of the site, light and dark palettes, search open.

Every built page (every_page: the real case studies, guides, training modules, the 404
page…) is checked at 1280 px in both palettes, once fully drawn (RENDERED); every page
type again at 375 px. Those pages are checked during the walk that reflow and keyboard
tests share (page_survey, layout.py): each page is loaded once per width, and its dark
palette is switched in place. A sample of page types was not enough: the code samples of
`contribuer/format/` and `guides/mesurer-sa-presence/` failed color-contrast while the
sampled pages passed.

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
    COLOUR_RULES,
    DESKTOP,
    MOBILE,
    PALETTES,
    WAIT_MS,
    BuiltSite,
    all_page_types,
    axe_audits,
    every_page,
    open_rendered,
)
from .layout import run_axe
from .searching import PAGEFIND_COUNT, pagefind_search

BLOCKING = ("serious", "critical")


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
            pages[scheme, width].set_default_timeout(WAIT_MS)
    yield pages
    for context in contexts:
        context.close()


def run_everywhere(tabs: dict, task: Callable[[Any, str, int], list[str]]) -> list[str]:
    """task(page, scheme, width) in every configuration; all the problems found."""
    return [problem for (scheme, width), page in tabs.items() for problem in task(page, scheme, width)]


def check(axe: Any, page: Any, label: str, report: dict, scheme: str,
          rules: list[str] | None = None) -> list[str]:
    """Run axe on the page as it is (only `rules`, if given); the blocking violations, described."""
    found = run_axe(axe, page, rules)
    assert found.scheme == PALETTES[scheme], label
    return blocking(label, found.violations, report)


def blocking(label: str, violations: list[dict], report: dict) -> list[str]:
    """Every violation recorded in the report under `label`; the blocking ones, described."""
    report[label] = {
        "impacts": dict(Counter(v["impact"] for v in violations)),
        "violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations],
    }
    return [f"{label} : {v['id']} ({v['impact']}) : " + " | ".join(_describe(n) for n in v["nodes"][:6])
            for v in violations if v["impact"] in BLOCKING]


def _describe(node: dict) -> str:
    summary = node.get("failureSummary", "").splitlines()
    return f"{node['target'][-1]} — {summary[-1].strip() if summary else ''}"


def surveyed(pages: dict, paths: list[str], report: dict, scheme: str, width: int) -> list[str]:
    """The blocking violations axe found on each page of `paths` in the walk at `width`
    (page_survey: each page loaded once, fully drawn, then checked in each palette)."""
    problems = []
    for path in paths:
        label = f"/{path} [{scheme}, {width} px]"
        found = pages[path].axe.get(scheme) if path in pages else None
        assert found is not None, f"{label} : axe n’a pas été lancé sur cette page"
        assert found.scheme == PALETTES[scheme], f"{label} : la page s’affichait en {found.scheme}"
        problems += blocking(label, found.violations, report)
    return problems


# The dark palette changes colours only: on every page, the light palette gets every rule,
# the dark one the rules that read colours (COLOUR_RULES); the page types get every rule
# in both (test_every_page_type_on_a_phone…). This keeps the run short.
@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_every_page_has_no_serious_violation(page_survey: Any, report: dict, site: BuiltSite, scheme: str) -> None:
    paths = every_page(site)
    assert {"contribuer/format/", "guides/mesurer-sa-presence/", "404.html", "formations/"} <= set(paths)
    # Every page but those many case studies share, of which a sample: still every kind of page.
    assert len(paths) >= 60 and {"cas/chronologie/", "comparaisons/chartes/", "comparaisons/adoption/",
                                 "sources/", "glossaire/"} <= set(paths)
    assert axe_audits(site, DESKTOP) == {path: {"light": None, "dark": COLOUR_RULES} for path in paths}
    problems = surveyed(page_survey(DESKTOP), paths, report, scheme, DESKTOP)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_every_page_type_on_a_phone_has_no_serious_violation(page_survey: Any, report: dict, site: BuiltSite,
                                                             scheme: str) -> None:
    paths = list(dict.fromkeys(all_page_types(site).values()))  # each comparison and each index too
    assert len(paths) >= 20
    assert all(axe_audits(site, MOBILE)[path][scheme] is None for path in paths)  # every rule
    problems = surveyed(page_survey(MOBILE), paths, report, scheme, MOBILE)
    assert not problems, "\n".join(problems)


# The colour of each kind of highlighted token (Material's --md-code-hl-*-color) over the
# background of code, as contrast ratios: all of them, not only those the pages show today.
CODE_CONTRASTS = """() => {
  const kinds = ['comment', 'constant', 'function', 'generic', 'keyword', 'name', 'number', 'operator',
                 'punctuation', 'special', 'string', 'variable']
  const code = document.querySelector('.md-typeset pre > code')
  const rgba = text => text.match(/[\\d.]+/g).map(Number)
  const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
  const background = rgba(getComputedStyle(code).backgroundColor)
  const ratios = {}
  for (const kind of kinds) {
    const token = document.createElement('span')
    token.style.color = `var(--md-code-hl-${kind}-color)`
    code.appendChild(token)
    const [r, g, b, a = 1] = rgba(getComputedStyle(token).color)
    token.remove()
    const shown = [r, g, b].map((v, i) => v * a + background[i] * (1 - a))
    const [light, dark] = [luminance(shown), luminance(background)].sort((x, y) => y - x)
    ratios[kind] = (light + 0.05) / (dark + 0.05)
  }
  return ratios
}"""


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_every_code_colour_reaches_aa(tabs: dict, base_url: str, scheme: str) -> None:
    page = tabs[scheme, DESKTOP]
    open_rendered(page, base_url + "contribuer/format/")
    ratios = page.evaluate(CODE_CONTRASTS)
    assert len(ratios) == 12
    low = {kind: round(ratio, 2) for kind, ratio in ratios.items() if ratio < 4.5}
    assert not low, f"couleurs du code sous 4,5:1 [{scheme}] : {low}"


@pytest.mark.parametrize("path", ["", "cas/rennes/"])
def test_open_search_has_no_serious_violation(axe: Any, tabs: dict, report: dict, base_url: str,
                                              path: str) -> None:
    """The dialog on its results, with « Filtrer » open and a value chosen, then with no result."""
    def task(page: Any, scheme: str, width: int) -> list[str]:
        open_rendered(page, base_url + path)
        where = f"/{path} recherche ouverte [{scheme}, {width} px]"
        # As it first shows the results: axe judges what is in view.
        assert pagefind_search(page, "collectivites", everything=False)
        problems = check(axe, page, where, report, scheme)
        # Filters open (with the keyboard), one value chosen: their labels and counts are judged too.
        page.locator("#smg-search [data-smg-search-filter]").press("Enter")
        value = page.locator("#smg-search fieldset:has(legend:text-is('Niveau')) label:not([hidden])").first
        count = int(re.search(r"\((\d+)\)", value.inner_text()).group(1))
        value.locator("input").check()
        page.wait_for_function(PAGEFIND_COUNT, arg=count)
        problems += check(axe, page, where + " filtres ouverts", report, scheme)
        page.locator("#smg-search [data-smg-search-filter]").press("Enter")  # folded again
        assert not pagefind_search(page, "zzzzqqq")
        problems += check(axe, page, where + " aucun résultat", report, scheme)
        page.keyboard.press("Escape")  # the next page starts with the dialog closed
        return problems

    problems = run_everywhere(tabs, task)
    assert not problems, "\n".join(problems)


def test_filtered_and_sorted_table_has_no_serious_violation(axe: Any, tabs: dict, report: dict,
                                                            base_url: str) -> None:
    def task(page: Any, scheme: str, width: int) -> list[str]:
        open_rendered(page, base_url + "cas/")
        page.get_by_label("Niveau", exact=True).select_option("commune")
        start = page.locator("thead th button.smg-sort").nth(3)  # « Situation décrite »: shown at every width
        start.click()
        start.focus()
        return check(axe, page, f"/cas/ filtré et trié [{scheme}, {width} px]", report, scheme)

    problems = run_everywhere(tabs, task)
    assert not problems, "\n".join(problems)
