"""Privacy: every request of every page type goes to the site's own origin; no analytics."""

from __future__ import annotations

import json
import re
from typing import Any

from .conftest import ARTIFACTS, MOBILE, BuiltSite, all_page_types, same_origin
from .searching import pagefind_search

ANALYTICS = re.compile(r"google-analytics|googletagmanager|gtag\(|matomo|piwik|plausible|"
                       r"fathom|umami|segment\.io|hotjar|clarity\.ms|xiti|at-internet", re.IGNORECASE)
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
LOADING_TAG = re.compile(r"<(?:script|link|img|iframe|source|video|audio|embed|object|track)\b[^>]*>",
                         re.IGNORECASE)
NOT_LOADED = re.compile(r"<link\b[^>]*\brel=[\"']?(?:canonical|alternate|license)\b", re.IGNORECASE)


def test_every_request_goes_to_the_site(open_tab: Any, base_url: str, site: BuiltSite) -> None:
    """Every page type on a desktop, a few on a phone; search used on two of them."""
    recorded: dict[str, list[str]] = {}
    everything = all_page_types(site)
    some = {name: everything[name] for name in ("accueil", "etude-de-cas", "index-des-cas")}
    failed: list[str] = []
    for width, pages in ((1280, everything), (MOBILE, some)):
        tab = open_tab(width=width)
        tab.page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
                    if response.status >= 400 else None)
        for name, path in pages.items():
            start = len(tab.requests)
            tab.page.goto(base_url + path)
            if name in ("accueil", "etude-de-cas"):  # Pagefind's script, worker, wasm and index
                assert pagefind_search(tab.page, "collectivites")
            # Requests are recorded when they start: give the scripts run at `load` (Material's
            # bundle, smg.js) time to start theirs.
            tab.page.evaluate(SETTLED)
            tab.page.wait_for_timeout(150)
            recorded[f"/{path} [{width} px]"] = tab.requests[start:]
        tab.page.wait_for_load_state("networkidle")
        assert tab.errors == [], tab.errors
        foreign = sorted({url for url in tab.requests if not same_origin(url, base_url)})
        assert foreign == [], f"requêtes vers d'autres origines : {foreign}"
    requested = {url for urls in recorded.values() for url in urls}
    # Material fetches sitemap.xml beside every <link rel=alternate>: beside the feed, none.
    assert failed == [], f"requêtes en échec : {failed}"
    assert not [url for url in requested if url.endswith("sitemap.xml")], "sitemap.xml demandé"
    assert any(url.endswith("javascripts/recherche.js") for url in requested)
    assert any(url.endswith("pagefind/pagefind.js") for url in requested)
    assert any(url.endswith(".pf_fragment") for url in requested)
    assert any(url.endswith("javascripts/smg.js") for url in requested)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "requetes.json").write_text(json.dumps(recorded, indent=1, ensure_ascii=False), "utf-8")


def test_no_analytics_nor_third_party_code_in_the_site(site: BuiltSite) -> None:
    for page in site.root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not ANALYTICS.search(html), f"{page}: {ANALYTICS.search(html).group(0)}"
        for tag in LOADING_TAG.findall(html):
            url = re.search(r"\b(?:src|href|data|poster)=[\"']((?:https?:)?//[^\"']+)", tag)
            if url and not NOT_LOADED.match(tag):
                raise AssertionError(f"{page}: {tag} charge {url.group(1)}")
    assert "iframe-worker" not in (site.root / "index.html").read_text("utf-8")  # only offline


def test_footer_links_to_the_offline_copy_and_the_statement(open_tab: Any, base_url: str) -> None:
    tab = open_tab()
    tab.page.goto(base_url + "cas/rennes/")
    footer = tab.page.locator(".md-copyright")
    archive = footer.get_by_role("link", name="Copie hors ligne du site (archive zip)")
    response = tab.page.request.get(archive.evaluate("a => a.href"))
    assert response.status == 200 and response.body()[:2] == b"PK"
    footer.get_by_role("link", name="Accessibilité : non conforme").click()
    tab.page.wait_for_url("**/accessibilite/")
    # The typographic apostrophe of generator/publish/typography.py.
    assert tab.page.locator("h1").inner_text().rstrip("¶") == "Déclaration d’accessibilité"
