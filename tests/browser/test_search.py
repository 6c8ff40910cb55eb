"""Search of the published site: what Pagefind finds (generator/publish/pagefind.py) through our
dialog (theme/partials/pagefind.html, docs/javascripts/recherche.js).

What each query must find is read from the built pages themselves (the text Pagefind
indexes, the filters of the fact sheets), so the tests follow the case studies.
The dialog's own behaviour (address, filters alone, keyboard, network): test_search_dialog.py.
The offline copy has its own search: tests/browser/test_offline.py.
"""

from __future__ import annotations

import functools
import http.server
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.publish import pagefind

from .conftest import MOBILE, WAIT_MS, BuiltSite, same_origin, serving
from .searching import (
    PAGEFIND,
    PAGEFIND_COUNT,
    PAGEFIND_DONE,
    PAGEFIND_FIELD,
    PAGEFIND_TITLES,
    list_everything,
    open_pagefind,
    pagefind_results,
    pagefind_search,
)

SUBPATH = "/base-de-connaissances/"  # the path of site_url in mkdocs.yml
FILTER_GROUPS = ["Angle", "Décennie", "Niveau", "Pays", "Plateforme", "Pratique"]
INDEX_FILES = re.compile(r"/pagefind/.*\.(pf_index|pf_fragment|pf_meta|pf_filter|pagefind)$")  # not the script


# --- what the built pages say ----------------------------------------------------------

class _Indexed(HTMLParser):
    """The text Pagefind reads in a page: inside data-pagefind-body, less what is ignored."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0          # open elements inside the body (0: outside)
        self.ignored_at = None  # depth of the ignored element we are in, if any
        self.parts: list[str] = []
        self.filters: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if "data-pagefind-filter" in values:
            key = values["data-pagefind-filter"].split("[", 1)[0]
            self.filters.setdefault(key, set()).add(values.get("data-value", ""))
        if tag in self.VOID:
            return
        if self.depth == 0 and "data-pagefind-body" not in values:
            return
        self.depth += 1
        classes = (values.get("class") or "").split()
        ignored = "data-pagefind-ignore" in values or any(name in classes for name in pagefind.EXCLUDED_CLASSES)
        if self.ignored_at is None and ignored:
            self.ignored_at = self.depth

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in self.VOID:
            return
        if self.ignored_at == self.depth:
            self.ignored_at = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.ignored_at is None:
            self.parts.append(data)


@functools.cache
def indexed_pages(root: Path) -> dict[str, _Indexed]:
    """Every page of the site that Pagefind indexes (site path -> its text and filters)."""
    pages = {}
    for path in sorted(root.rglob("index.html")):
        parser = _Indexed()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.parts:
            pages[path.parent.relative_to(root).as_posix() + "/"] = parser
    return pages


def pages_with(site: BuiltSite, pattern: str) -> set[str]:
    """Pages whose indexed text matches the regular expression (case-insensitive)."""
    found = re.compile(pattern, re.IGNORECASE)
    return {path for path, page in indexed_pages(site.root).items() if found.search(" ".join(page.parts))}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# --- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def search_page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(base_url + "cas/rennes/")
    yield page
    context.close()


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """The site as published: under SUBPATH only, nothing at the host's root."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "absent" / "absent")
        return super().translate_path("/" + path[len(SUBPATH):])

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def subpath_url(site: BuiltSite) -> Iterator[str]:
    with serving(_SubpathHandler, site.root) as port:
        yield f"http://127.0.0.1:{port}{SUBPATH}"


# --- what is indexed ------------------------------------------------------------------------

def test_the_right_pages_are_indexed(site: BuiltSite) -> None:
    indexed = set(indexed_pages(site.root))
    assert "cas/rennes/" in indexed and "guides/strategie-trois-angles/" in indexed
    assert set(site.pages("formations/")[1:]) <= indexed  # the training modules (if any)
    assert set(site.pages("guides/")[1:]) <= indexed
    assert set(site.pages("comparaisons/")[1:]) <= indexed
    never = [p for p in indexed if p.startswith(("cas/par-", "donnees/", "contribuer/"))
             or p in ("", "cas/", "comparaisons/", "guides/", "cas/etiquettes/") or p.endswith("/support/")]
    assert never == []
    entry = (site.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert f'"page_count":{len(indexed)}' in entry.replace(" ", "")


def test_offline_copy_has_its_own_search_and_no_pagefind(site: BuiltSite, offline_root: Path) -> None:
    assert not (site.root / "search").exists()  # no second index in the published site…
    home = (site.root / "index.html").read_text(encoding="utf-8")
    assert "md-search" not in home and "smg-offline-search" not in home
    assert (offline_root / "search" / "index.js").is_file()  # …but in the offline copy, built by smg
    offline_home = (offline_root / "index.html").read_text(encoding="utf-8")
    assert "md-search" not in offline_home and "pagefind" not in offline_home
    assert 'type="search"' in offline_home and "smg-offline-search.js" in offline_home


def test_citation_and_permalink_are_not_indexed(site: BuiltSite) -> None:
    text = " ".join(indexed_pages(site.root)["cas/rennes/"].parts)
    assert "Récit" in text
    assert "Citer cette page" not in text and "Adresse permanente" not in text


def test_what_readers_do_not_search_is_not_indexed(site: BuiltSite) -> None:
    """The fact sheet, the sources, the footnotes and the lists of related case studies
    repeat what other pages say: left out (their filters stay, test_filters_…)."""
    page = (site.root / "cas/rennes/index.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(indexed_pages(site.root)["cas/rennes/"].parts).split())
    source = re.search(r'<ol class="smg-sources"[^>]*>\s*<li[^>]*>(.*?)</li>', page, re.DOTALL).group(1)
    cited = " ".join(re.sub(r"<[^>]+>", " ", source).split())[20:70]  # a piece of the first source
    assert 'class="footnote"' in page and 'id="etudes-liees"' in page and cited
    assert cited not in text and "Études de cas liées" not in text
    assert "Administration" not in text  # the fact sheet's first term
    related = re.search(r'class="smg-liees"[^>]*>.*?<a href="[^"]*">([^<]+)</a>', page, re.DOTALL).group(1)
    assert related.split(" : ")[0] not in text.replace("Rennes", "")
    guide = " ".join(indexed_pages(site.root)["guides/strategie-trois-angles/"].parts)
    assert "Études de cas sur ce thème" not in guide


# Fixed French queries and the page a reader means (the ranking of Pagefind on what is
# indexed: before the fact sheets, sources and related lists were left out, the first
# three gave a case study that only cited or listed the subject).
BEST_RESULT = {
    "vidéo": "guides/video-institutions/",
    "réseau social territorial": "comparaisons/reseaux-sociaux-territoriaux/",
    "budget participatif": "cas/paris-budget-participatif/",
    "Montpellier": "cas/montpellier/",
}


@pytest.mark.parametrize("query", sorted(BEST_RESULT))
def test_the_page_about_the_words_comes_first(search_page: Any, query: str) -> None:
    assert pagefind_search(search_page, query, everything=False)[0] == BEST_RESULT[query]


# --- queries ------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "pattern"), [
    ("collectivites", r"collectivités"),                       # accents left out
    ("etat", r"\b[ld][’']État\b"),                            # the elided word alone…
    # …and with its article, no accent: French stemming makes échelon and échelle one word
    # (« échel »); the pages say « l’échelle ».
    ("l'echelon", r"\bl[’']échel(?:on|le)s?\b"),
    ("l’État", r"\bl[’']État\b"),                              # typographic apostrophe
    ("reseau social territorial", r"réseaux? sociaux? territoria"),
])
def test_query_finds_every_page_with_the_words(search_page: Any, site: BuiltSite, query: str,
                                               pattern: str) -> None:
    expected = pages_with(site, pattern)
    assert expected, f"aucune page ne contient {pattern}"
    found = set(pagefind_search(search_page, query))
    assert expected <= found, f"« {query} » : absentes des résultats {sorted(expected - found)}"


def test_query_without_ligature_finds_the_words_with_one(search_page: Any, site: BuiltSite) -> None:
    """`oeuvre` finds « œuvre » (generator/publish/pagefind.py indexes the folded form too), and the
    excerpts show the page's own word, not the index copy's."""
    expected = pages_with(site, r"œuvre")
    assert expected, "aucune page ne contient « œuvre »"
    assert expected <= set(pagefind_search(search_page, "oeuvre"))
    excerpts = search_page.eval_on_selector_all(f"{PAGEFIND} .smg-search__excerpt",
                                                "items => items.map(item => item.textContent)")
    text = " ".join(excerpts)
    assert "œuvre" in text and "-oeuvre" not in text, text


def test_stemming_finds_other_forms_of_the_word(search_page: Any, site: BuiltSite) -> None:
    """`participer` finds pages that only say « participation » (French stemming)."""
    only_noun = pages_with(site, r"\bparticipation\b") - pages_with(site, r"\bparticiper\b")
    assert only_noun
    found = set(pagefind_search(search_page, "participer"))
    assert only_noun <= found, sorted(only_noun - found)


def test_accent_free_query_finds_what_the_accented_one_finds(search_page: Any) -> None:
    for accented in ("collectivités", "Région", "ministères", "États-Unis"):
        with_accents = set(pagefind_search(search_page, accented))
        assert with_accents, f"« {accented} » ne trouve rien"
        assert with_accents <= set(pagefind_search(search_page, fold(accented)))


def test_excerpts_show_the_page_text_not_the_index_copy(search_page: Any) -> None:
    pagefind_search(search_page, "etat")
    excerpts = search_page.eval_on_selector_all(f"{PAGEFIND} .smg-search__excerpt",
                                                "items => items.map(item => item.textContent)")
    text = " ".join(excerpts)
    assert re.search(r"\b[ld][’']État", text), text
    assert not re.search(r"[’']-", text), text  # the hyphen of generator/publish/pagefind.py never shows


# --- filters --------------------------------------------------------------------------------

def fact_sheets(site: BuiltSite) -> dict[str, dict[str, set[str]]]:
    """Each case study's filters, as its fact sheet writes them: path -> {group: values}."""
    return {path: page.filters for path, page in indexed_pages(site.root).items() if page.filters}


def filter_option(page: Any, group: str, value: str) -> Any:
    """The checkbox line of a filter value, in the open « Filtrer » panel."""
    fieldset = page.locator(f"{PAGEFIND} fieldset", has=page.locator("legend", has_text=group))
    return fieldset.locator("label", has=page.locator(f"input[value='{value}']"))


def option_count(option: Any) -> int:
    return int(re.search(r"\((\d+)\)\s*$", option.inner_text()).group(1))


def show_filters(page: Any) -> None:
    button = page.locator(f"{PAGEFIND} [data-smg-search-filter]")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    page.locator(f"{PAGEFIND} fieldset legend").first.wait_for()


def test_filters_come_from_the_fact_sheets_and_combine(open_tab: Any, base_url: str, site: BuiltSite) -> None:
    cases = fact_sheets(site)
    assert sorted({key for filters in cases.values() for key in filters}) == FILTER_GROUPS
    level, platform = "Commune", "Twitter / X"  # X is filtered with Twitter
    expected = {path for path, filters in cases.items()
                if level in filters.get("Niveau", ()) and platform in filters.get("Plateforme", ())}
    with_level = {path for path, filters in cases.items() if level in filters.get("Niveau", ())}
    assert expected and expected != with_level, "choisir des filtres qui se combinent vraiment"
    tab = open_tab()
    tab.page.goto(base_url)
    pagefind_search(tab.page, "fiche")  # a section of every case study
    show_filters(tab.page)
    groups = tab.page.locator(f"{PAGEFIND} fieldset legend").all_inner_texts()
    assert sorted(g.strip() for g in groups) == FILTER_GROUPS
    filter_option(tab.page, "Niveau", level).locator("input").check()
    tab.page.wait_for_function(PAGEFIND_COUNT, arg=len(with_level))
    option = filter_option(tab.page, "Plateforme", platform)
    assert option_count(option) == len(expected)  # counts follow the filters already chosen
    option.locator("input").check()
    tab.page.wait_for_function(PAGEFIND_COUNT, arg=len(expected))
    list_everything(tab.page)
    assert set(pagefind_results(tab.page)) == expected
    assert tab.errors == []


# --- the dialog: keyboard, mobile, subpath, network ------------------------------------------

def test_slash_opens_the_dialog_and_escape_closes_it(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(base_url + "cas/rennes/")
    button = page.locator("[data-smg-search-open]")
    assert button.is_visible() and button.get_attribute("aria-keyshortcuts") == "/"
    page.keyboard.press("/")
    field = page.locator(PAGEFIND_FIELD)
    field.wait_for()
    page.wait_for_function("document.activeElement.id === 'smg-search-field'")
    page.keyboard.type("montpellier")
    page.wait_for_function(PAGEFIND_DONE, arg="montpellier")
    assert field.input_value() == "montpellier"  # "/" itself was not typed into the field
    for _ in range(6):  # Tab goes through the dialog and stays in it (modal)
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.querySelector('{PAGEFIND}').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    # From the header button: Enter opens, Escape closes, the focus comes back to the button.
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'smg-search-field'")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.hasAttribute('data-smg-search-open')")
    # The close button, reached with the keyboard, closes too.
    page.keyboard.press("Enter")
    page.locator(f"{PAGEFIND} [data-smg-search-close]").focus()
    page.keyboard.press("Enter")
    assert not page.locator(PAGEFIND).evaluate("dialog => dialog.open")
    assert tab.errors == []


def test_search_works_on_mobile(open_tab: Any, base_url: str) -> None:
    tab = open_tab(width=MOBILE)
    tab.page.goto(base_url + "cas/rennes/")
    assert "cas/nantes/" in pagefind_search(tab.page, "nantes")
    box = tab.page.locator(PAGEFIND).bounding_box()
    assert box["width"] <= MOBILE and box["x"] >= 0
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= MOBILE
    assert tab.errors == []


def test_search_under_the_site_subpath(open_tab: Any, subpath_url: str) -> None:
    """As published (site_url's path): the bundle and the results live under it."""
    tab = open_tab()
    tab.page.goto(subpath_url + "guides/strategie-trois-angles/")
    assert "cas/montpellier/" in pagefind_search(tab.page, "montpellier")
    tab.page.locator(PAGEFIND_TITLES).first.click()
    tab.page.wait_for_url(f"**{SUBPATH}cas/montpellier/")
    assert "Montpellier" in tab.page.locator("h1").inner_text()
    pagefind = [url for url in tab.requests if "/pagefind/" in url]
    assert pagefind and all(SUBPATH + "pagefind/" in url for url in pagefind), pagefind
    assert tab.errors == []


def test_no_index_before_searching_and_no_other_host(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    sizes: dict[str, int] = {}
    tab.page.on("requestfinished", lambda request: sizes.__setitem__(request.url, _bytes(request)))
    tab.page.goto(base_url + "cas/rennes/")
    tab.page.wait_for_load_state("networkidle")
    before = {url: size for url, size in sizes.items() if "/pagefind/" in url}
    assert before == {}, f"la page seule charge la recherche : {before}"
    open_pagefind(tab.page)
    tab.page.wait_for_load_state("networkidle")
    # Opening the dialog starts Pagefind: no page index, excerpt nor filter file yet.
    early = [url for url in sizes if url.endswith((".pf_index", ".pf_fragment", ".pf_filter"))]
    assert early == [], f"l'index est chargé avant toute saisie : {early}"
    assert "cas/montpellier/" in pagefind_search(tab.page, "montpellier")
    assert any(INDEX_FILES.search(url) for url in sizes)
    foreign = sorted({url for url in tab.requests if not same_origin(url, base_url)})
    assert foreign == [], foreign
    assert tab.errors == []


def _bytes(request: Any) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def test_noscript_line_tells_search_needs_javascript(open_tab: Any, base_url: str) -> None:
    tab = open_tab(javascript=False)
    tab.page.goto(base_url + "cas/rennes/")
    assert "La recherche nécessite JavaScript" in tab.page.locator("header").inner_text()
    assert not tab.page.locator("[data-smg-search-open]").is_visible()


def test_search_result_opens_the_page(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url)
    pagefind_search(tab.page, "montpellier", everything=False)
    tab.page.locator(PAGEFIND_TITLES).first.click()
    tab.page.wait_for_url("**/cas/montpellier/")
    assert "Montpellier" in tab.page.locator("h1").inner_text()
