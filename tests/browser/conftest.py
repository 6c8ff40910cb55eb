"""Browser tests: the built site, served on 127.0.0.1, driven through Debian's Chromium.

The site is built once per session in a throw-away copy of the project (the real
case studies, plus three fictional ones from fixtures/ that give the table
populations to sort), with its offline archive, then served by a threaded
http.server on a free port. Playwright drives the Chromium installed by the
system (`executable_path`); it never downloads a browser.

Skips: when no Chromium (or no Playwright) is found the tests skip, unless the
environment variable CI is set (to anything but "", "0" or "false"): in CI they
must run, so they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.project.project import Project
from generator.publish import offline
from generator.publish.publish import run_mkdocs
from generator.write.generate import generate

from ..sitekit import ROOT, make_project

BROWSER_FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP, MOBILE = 1280, 375
NARROWEST = 320  # the narrowest width WCAG's reflow criterion asks for
# How long any wait for a page event may take (milliseconds): generous, since a loaded
# two-core machine runs the suite; a page that works answers long before.
WAIT_MS = 120_000
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material scheme

# One page of each kind (paths under the site root). Comparisons and facet pages are
# added from the built site, so that every one of them is covered.
PAGE_TYPES = {
    "accueil": "",
    "etude-de-cas": "cas/rennes/",
    "index-des-cas": "cas/",
    "index-par-niveau": "cas/par-niveau/",
    "niveau-commune": "cas/par-niveau/commune/",
    "etiquettes": "cas/etiquettes/",
    "donnees": "donnees/",
    "guide": "guides/strategie-trois-angles/",
    "module": "formations/decouvrir-les-trois-angles/",
    "accessibilite": "accessibilite/",
}


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_chromium() -> str | None:
    """Debian's Chromium (or SMG_CHROMIUM, if set): never a browser downloaded by a tool."""
    for candidate in (os.environ.get("SMG_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if not candidate:
            continue
        path = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    problem = None
    if path is None:
        problem = "Chromium introuvable (Debian : apt-get install chromium)"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright ou axe-playwright-python manquant (pip install -e '.[test]')"
    if problem is not None:
        if ci_is_set():
            pytest.fail(f"{problem} : les tests du navigateur sont obligatoires en CI.", pytrace=False)
        pytest.skip(problem)
    return path


# --- the site ---------------------------------------------------------------------------

@dataclass
class BuiltSite:
    project: Project
    archive: Path

    @property
    def root(self) -> Path:
        return self.project.site_dir

    def pages(self, folder: str) -> list[str]:
        """Paths of the pages directly under `folder` (e.g. 'comparaisons/'), index first."""
        base = self.root / folder
        found = sorted(p.parent.relative_to(self.root).as_posix() + "/"
                       for p in base.glob("*/index.html"))
        return [folder, *found]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> BuiltSite:
    project = make_project(tmp_path_factory.mktemp("navigateur"), curricula=True)  # every page of the real site
    for case in sorted((BROWSER_FIXTURES / "casestudies").glob("*.md")):
        shutil.copy(case, project.cases_dir / case.name)
    outcome = generate(project)
    assert not outcome.failed, outcome.problems
    # As the deploy workflow builds it (smg build --offline): the footer links to the zip.
    assert run_mkdocs(project, offline_copy=True), "la construction du site ou de sa copie hors ligne a échoué"
    archive = offline.archive_path(project)
    assert archive.is_file()
    return BuiltSite(project, archive)


# Pages made from one template with different case studies: the walk opens a sample of
# them (each kind of page stays covered), so that its cost does not grow with the base.
SAMPLE_SIZE = 8


def every_page(site: BuiltSite) -> list[str]:
    """Every kind of page a reader can open (paths under the site root, the home page as
    ""), the 404 page included: every page but the case studies, keyword pages and index
    values, of which a sample (`sampled`); not the redirect pages of former addresses,
    which send the browser elsewhere, nor the offline copy's folder."""
    return sampled(all_pages(site), site)


def template_of(path: str) -> str | None:
    """The pool a page belongs to when many pages share its template: a case study, a
    keyword or a value of an index (cas/par-niveau/commune/)."""
    parts = path.rstrip("/").split("/")
    if parts[0] != "cas" or len(parts) < 2 or path.count("/") != len(parts):
        return None
    if len(parts) == 2 and 'class="smg-fiche"' in (SITE_ROOT[0] / path / "index.html").read_text("utf-8"):
        return "case"
    if len(parts) == 3 and (parts[1] == "etiquettes" or parts[1].startswith("par-")):
        return "list"
    return None


SITE_ROOT: list[Path] = []  # the site `template_of` reads pages from


def sampled(paths: list[str], site: BuiltSite) -> list[str]:
    """`paths` with each pool of `template_of` cut to the page types' own pages, the three
    longest, two with a charter, and an even spread of the others (SAMPLE_SIZE a pool)."""
    kept, pools = [], {}
    SITE_ROOT[:] = [site.root]
    for path in paths:
        pool = template_of(path)
        (pools.setdefault(pool, []) if pool else kept).append(path)
    wanted = set(PAGE_TYPES.values())
    for pool in pools.values():
        text = {path: (site.root / path / "index.html").read_text("utf-8") for path in pool}
        special = {path for path in pool if path in wanted}
        special |= set(sorted(pool, key=lambda p: -len(text[p]))[:3])
        special |= set([path for path in pool if 'class="smg-charter"' in text[path]][:2])
        rest = [path for path in pool if path not in special]
        room = max(0, SAMPLE_SIZE - len(special))
        step = max(1, len(rest) // max(1, room))
        kept += sorted(special | set(rest[::step][:room]))
    return sorted(kept)


def all_pages(site: BuiltSite) -> list[str]:
    """Every page of the built site a reader can open (see `every_page`)."""
    paths = []
    for html in sorted(site.root.rglob("*.html")):
        relative = html.relative_to(site.root)
        if relative.parts[0] in ("pagefind", "telecharger", "assets"):
            continue
        if 'http-equiv="refresh"' in html.read_text("utf-8")[:2000]:
            continue
        path = relative.as_posix()
        paths.append(path.removesuffix("index.html") if html.name == "index.html" else path)
    return paths


# Resolves once the page is drawn as the reader sees it: loaded, its fonts and images in,
# Material's tables wrapped (after its own setup) and smg.js done with them (a frame
# later), every finite transition over (the skip link fades in, for instance).
RENDERED = """async () => {
  if (document.readyState !== 'complete') await new Promise(done => addEventListener('load', done, { once: true }))
  await document.fonts.ready
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
  const pending = () => [...document.querySelectorAll('.md-typeset table:not([class])')]
    .some(table => !table.closest('.md-typeset__scrollwrap')) || [...document.images].some(img => !img.complete)
  for (let i = 0; i < 50 && pending(); i++) await frames()
  await frames()
  const finite = document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
  // Bounded: an animation the browser pauses (a throttled frame on a loaded machine) would
  // hold page.evaluate, which has no timeout of its own, for ever.
  const settled = Promise.all(finite.map(a => a.finished.catch(() => null)))
  await Promise.race([settled, new Promise(done => setTimeout(done, 10000))])
}"""


def open_rendered(page: Any, url: str) -> None:
    """Load `url` in `page` and wait until it is fully drawn (RENDERED)."""
    page.goto(url)
    page.evaluate(RENDERED)


# axe-core's rules that read colours: the dark palette changes colours only (Material's
# colour variables), so at 1280 px every page gets every rule in light and these in dark.
# The page types get every rule in both palettes at 375 px.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_audits(site: BuiltSite, width: int) -> dict[str, dict[str, list[str] | None]]:
    """path -> {palette: axe rules (None: every rule)}: what axe checks in the walk at `width`."""
    if width == DESKTOP:
        return {path: {"light": None, "dark": COLOUR_RULES} for path in every_page(site)}
    if width == MOBILE:
        return {path: {"light": None, "dark": None} for path in all_page_types(site).values()}
    return {}


@pytest.fixture(scope="session")
def page_survey(browser: Any, subpath_url: str, site: BuiltSite) -> Iterator[Callable[[int], dict]]:
    """survey(width) -> {path: layout.PageLayout} for every page, walked once per width:
    each page is loaded once and checked there by axe, reflow and keyboard (layout.py)."""
    from axe_playwright_python.sync_playwright import Axe

    from . import layout

    axe = Axe()
    done: dict[int, dict] = {}
    contexts = []

    def survey(width: int) -> dict:
        if width not in done:
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme="light",
                                          locale="fr-FR")
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            audits = axe_audits(site, width)
            found = {}
            for path in every_page(site):
                open_rendered(page, subpath_url + path)
                found[path] = layout.measure(page, width in layout.TABBED_WIDTHS, axe, audits.get(path))
            done[width] = found
        return done[width]

    yield survey
    for context in contexts:
        context.close()


def all_page_types(site: BuiltSite) -> dict[str, str]:
    """PAGE_TYPES plus every comparison and every facet index of the built site."""
    pages = dict(PAGE_TYPES)
    for path in site.pages("comparaisons/"):
        pages["comparaison-" + (path.rstrip("/").split("/")[-1])] = path
    for path in site.pages("cas/")[1:]:
        name = path.rstrip("/").split("/")[-1]
        if name.startswith("par-"):
            pages.setdefault("index-" + name, path)
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serving(handler: type[http.server.SimpleHTTPRequestHandler], folder: Path) -> Iterator[int]:
    """`folder` served on 127.0.0.1 by `handler` in a thread; yields the port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site: BuiltSite) -> Iterator[str]:
    with serving(_QuietHandler, site.root) as port:
        yield f"http://127.0.0.1:{port}/"


def _handler(prefix: str, root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Subpath(http.server.SimpleHTTPRequestHandler):
        """The site under `prefix`, 404.html (status 404) for anything missing."""

        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            return super().translate_path("/" + path[len(prefix):] if path.startswith(prefix) else path)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            page = root / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Subpath


@pytest.fixture(scope="session")
def subpath_url(site: BuiltSite) -> Iterator[str]:
    """The site as GitHub Pages serves it: under the path of site_url, 404.html for the rest."""
    prefix = urlsplit(site.project.config().site_url).path.rstrip("/") + "/"
    with serving(_handler(prefix, site.root), site.root) as port:
        yield f"http://127.0.0.1:{port}{prefix}"


@pytest.fixture(scope="session")
def offline_root(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline archive, unpacked as a reader would: the folder holding index.html."""
    target = tmp_path_factory.mktemp("hors-ligne")
    with zipfile.ZipFile(site.archive) as bundle:
        bundle.extractall(target)
    return target / offline.ROOT_IN_ARCHIVE


# --- the browser ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Tab:
    """A page in its own browser context, with every request and script error it saw."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Callable[..., Tab]]:
    """open_tab(width=1280, scheme="light", javascript=True) -> a fresh Tab."""
    contexts = []

    def open_(width: int = DESKTOP, scheme: str = "light", javascript: bool = True) -> Tab:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      locale="fr-FR", java_script_enabled=javascript,
                                      service_workers="block")
        contexts.append(context)
        tab = Tab(context.new_page())
        context.on("request", lambda request: tab.requests.append(request.url))
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.set_default_timeout(WAIT_MS)
        return tab

    yield open_
    for context in contexts:
        context.close()


# --- helpers shared by the tests -------------------------------------------------------------

OFFLINE_DONE = """(query) => {
  const status = document.querySelector('#smg-search [data-smg-search-status]')
  return status !== null && status.textContent.includes('\u00ab\u202f' + query + '\u202f\u00bb')
}"""


def offline_search(page: Any, query: str) -> list[str]:
    """Type `query` into the offline copy's search (theme/partials/offline-search.html), as a
    reader would: the header button, then the labelled field; the result pages, best first."""
    if not page.locator("#smg-search").evaluate("dialog => dialog.open"):
        page.locator("[data-smg-search-open]").click()
    page.get_by_label("Mots à chercher").fill(query)
    page.wait_for_function(OFFLINE_DONE, arg=query)
    hrefs = page.eval_on_selector_all("#smg-search [data-smg-search-results] a", "links => links.map(a => a.href)")
    return [_site_path(href) for href in hrefs]


def _site_path(href: str) -> str:
    path = urlsplit(href).path
    marker = f"/{offline.ROOT_IN_ARCHIVE}/"
    if marker in path:  # file:// URL of the offline copy
        path = path.split(marker, 1)[1]
    return path.lstrip("/")


def same_origin(url: str, base: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


@contextlib.contextmanager
def tabs_by_width(browser: Any, widths: tuple[int, ...], height: int, touch: bool = False) -> Iterator[dict]:
    """One tab per width, reused from page to page; with `touch`, the MOBILE one is a
    phone (touch screen, mobile viewport)."""
    contexts, pages = [], {}
    try:
        for width in widths:
            phone = touch and width == MOBILE
            context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                          is_mobile=phone, has_touch=phone)
            contexts.append(context)
            pages[width] = context.new_page()
            pages[width].set_default_timeout(WAIT_MS)
        yield pages
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="module")
def pages_by_width(browser: Any) -> Iterator[dict]:
    """One tab per width (NARROWEST, MOBILE, DESKTOP), reused from page to page."""
    with tabs_by_width(browser, (NARROWEST, MOBILE, DESKTOP), 800) as pages:
        yield pages
